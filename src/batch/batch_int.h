/* batch_int.h — the parts of vet batch, for the pipeline and white-box tests.
 *
 * The pipeline (pipeline.c) moves rows from the input reader (input.c)
 * through the worker pool to the ordered writer; the identical-query cache
 * (cache.c), the output formats (format.c) and the sidecar checkpoint
 * (checkpoint.c) are its parts. Scoring goes through a scorer: the shipped
 * one (screen.c) calls vet_screen() with one vet_matcher per worker; tests
 * pass their own to check the pipeline without a matcher. */
#ifndef VET_BATCH_INT_H
#define VET_BATCH_INT_H
#include <stdatomic.h>
#include <stdint.h>
#include <jansson.h>
#include "vet.h"
#include "core/buf.h"
#include "io/csv.h"

/* ---- scoring ------------------------------------------------------------ */

/* One result of a scorer, borrowed until the worker's next call. */
typedef struct vet__batch_hit {
  double score;
  int is_match;                /* score >= threshold */
  vet_entity_type type;
  int weak;                    /* matched a weak alias (OFAC weak a.k.a., UN "Low" quality) */
  const char *list_id, *source_id, *name, *matched_name;
  const char *why;             /* a short one-line explanation */
  const char *json;            /* the match as a JSON object; NULL: built from the fields */
} vet__batch_hit;

typedef struct vet__batch_scorer {
  /* One per worker thread; NULL on ENOMEM. */
  void *(*worker_new)(void *ctx);
  void (*worker_free)(void *worker);
  /* Screens q; *out borrowed from the worker until its next call. */
  int (*screen)(void *worker, const vet_query *q, const vet__batch_hit **out, size_t *n,
                vet_error *err);
  void *ctx;
  /* Optional (NULL: everything is filled). Tells a worker which parts of its
  ** hits the caller will read: the `json` of the first `n_json` hits and the
  ** explanation `why` of the first `n_why` (the others may be NULL), so a
  ** worker does not format what no output shows. */
  void (*needs)(void *worker, size_t n_json, size_t n_why);
} vet__batch_scorer;

/* vet_batch_run() with any scorer (screen.c passes the vet_screen one). */
int vet__batch_run_with(const vet__batch_scorer *scorer, const char *input, const char *output,
                        const vet_batch_options *options, vet_batch_progress *stats,
                        vet_error *err);

/* ---- input ----------------------------------------------------------------- */

enum { VET__COL_NAME, VET__COL_ID, VET__COL_TYPE, VET__COL_COUNTRY, VET__COL_DOB, VET__NCOLS };

/* One row as read. Every pointer is borrowed from the input until its next call. */
typedef struct vet__batch_row {
  unsigned long line;               /* physical line where the row starts */
  unsigned long next_line;          /* line number at next_offset */
  unsigned long long offset, next_offset;
  const char *reject;               /* NULL, or why the row is skipped (a sentence) */
  const char *col[VET__NCOLS];      /* the query fields, NUL-terminated; NULL when absent */
  /* The row as the output's prefix: CSV/TSV output: the record as written;
  ** JSON output: the object without its closing brace. */
  const char *prefix;
  size_t prefix_n;
  int prefix_empty_object;          /* JSON: "{" alone, so no comma before "vet" */
} vet__batch_row;

typedef struct vet__batch_input {
  const char *path;
  vet_batch_format format, out_format;
  int fd, own_fd;
  unsigned long long size;          /* of a regular file; 0 otherwise */
  long long mtime;
  char delim;
  vet__csv_stream cs;               /* CSV/TSV */
  char **header;                    /* CSV/TSV column names */
  size_t n_header;
  long col[VET__NCOLS];             /* CSV/TSV: column index, -1 absent */
  const char *col_name[VET__NCOLS]; /* the option values, borrowed */
  vet__buf header_line;             /* the header record as written (CSV/TSV) */
  /* JSON lines: a chunked line reader. */
  char *buf;
  size_t len, cap, pos;
  unsigned long long base;
  unsigned long line;
  int eof;
  json_t *obj;
  vet__buf prefix;                  /* built prefixes (JSON output) */
  char reason[300];
  char scratch[VET__NCOLS][64];     /* numbers given as JSON numbers, as text */
} vet__batch_input;

/* Opens `path` ("-": stdin), reads the CSV header, finds the columns. When
** offset > 0 (resume) the header is still read from the start and reading
** continues at `offset`, line `line`. VET_EINVAL for a missing column. */
int vet__batch_input_open(vet__batch_input *in, const char *path, const vet_batch_options *o,
                          unsigned long long offset, unsigned long line, vet_error *err);
/* 1: *row holds the next row (row->reject set if malformed); 0: end of
** input; negative: an I/O error (err says which). */
int vet__batch_input_next(vet__batch_input *in, vet__batch_row *row, vet_error *err);
void vet__batch_input_close(vet__batch_input *in);

/* ---- identical-query cache --------------------------------------------- */

/* One distinct query and, once screened, its formatted result. The cache
** holds one reference and each row waiting to be written holds one; the
** last release frees it. `suffix` and `hit` are written by the one worker
** that owns the first row with this query, before that row's job is marked
** done; other rows read them only after that job was written. */
typedef struct vet__batch_entry {
  atomic_int refs;
  uint64_t hash;
  char *key;
  char *suffix;
  size_t suffix_n;
  int hit;
  int used;                         /* asked for again since it was last passed over (CLOCK) */
  struct vet__batch_entry *chain;
} vet__batch_entry;

/* The default bound: about 40 MiB of entries at most. */
#define VET__BATCH_CACHE_DEFAULT ((size_t)1 << 18)

/* Bounded; used by the reader thread only (refcounts are atomic). */
typedef struct vet__batch_cache {
  vet__batch_entry **buckets;
  size_t mask;
  vet__batch_entry **fifo;          /* insertion order, for eviction */
  size_t max, head, count;
} vet__batch_cache;

int vet__batch_cache_init(vet__batch_cache *c, size_t max_entries);
void vet__batch_cache_free(vet__batch_cache *c);
/* The cache key of a row's query: the name with ASCII case and runs of
** white space folded, then type, country and dob. Appended to out. */
int vet__batch_query_key(vet__buf *out, const char *const col[VET__NCOLS]);
/* Finds key; on a hit returns the entry with a new reference for the
** caller and *created = 0. On a miss inserts a new entry (evicting the
** oldest when full) and returns it with a reference for the caller and
** *created = 1. NULL on ENOMEM. */
vet__batch_entry *vet__batch_cache_get(vet__batch_cache *c, const char *key, size_t n,
                                       int *created);
void vet__batch_entry_release(vet__batch_entry *e);

/* ---- output formats ----------------------------------------------------- */

/* The header line of CSV/TSV output: the input header plus vet's columns. */
int vet__batch_format_header(vet__buf *out, const vet__batch_input *in);
/* A row's added part from the scorer's results: for CSV/TSV the delimiter
** and vet's columns, for JSON `"vet":{...}`. */
int vet__batch_format_suffix(vet__buf *out, vet_batch_format fmt, char delim,
                             const vet__batch_hit *hits, size_t n, size_t max_matches,
                             int *hit);
/* Appends s as a CSV field (quoted when needed). */
int vet__csv_put_field(vet__buf *out, const char *s, size_t n, char delim);
/* Appends s as a JSON string with quotes. */
int vet__json_put_string(vet__buf *out, const char *s, size_t n);

/* ---- checkpoint ---------------------------------------------------------------- */

typedef struct vet__batch_checkpoint {
  unsigned long long input_offset;  /* where the next unread row starts */
  unsigned long input_line;
  unsigned long long output_size;   /* bytes of output that hold whole rows */
  unsigned long long input_size;
  long long input_mtime;
  uint64_t fingerprint;             /* of the options that shape the output */
  uint64_t rows_read, rows_written, rows_hit, rows_rejected;
} vet__batch_checkpoint;

/* Writes cp to path atomically (temporary file, fsync, rename). */
int vet__batch_checkpoint_write(const char *path, const vet__batch_checkpoint *cp, vet_error *err);
/* VET_ENOTFOUND when there is none; VET_ECORRUPT when unreadable. */
int vet__batch_checkpoint_read(const char *path, vet__batch_checkpoint *cp, vet_error *err);
uint64_t vet__batch_fingerprint(const vet_batch_options *o, const char *input);
#endif
