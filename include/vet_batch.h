/*
** vet_batch.h — screening a whole customer file (part of the public
** contract; included by vet.h).
**
** vet_batch_run() reads a CSV, TSV or JSON-lines file as a stream, screens
** the name of every row with vet_screen() on all cores (one vet_matcher per
** worker thread) and writes every input row, in input order, with its best
** matches appended: extra columns for CSV/TSV, a "vet" member for JSON
** lines. Memory stays flat whatever the file size: rows travel in fixed-size
** jobs and at most a fixed number of jobs are in flight between the reader
** and the ordered writer. Identical queries (the same name after case and
** space folding, with the same type, country and date of birth) are
** screened once; a bounded cache holds the recent ones.
**
** A malformed row (wrong column count, broken quoting, invalid UTF-8, empty
** name, invalid JSON) is reported through the diag callback with file, line
** and reason, counted and skipped; with strict set the run stops there.
**
** Interruption: when *stop becomes non-zero (a signal handler sets it) the
** reader stops, the rows already read are written and the run returns
** VET_ECANCELLED. The output is written only in whole rows, and a sidecar
** checkpoint (OUTPUT + ".checkpoint") records, after an fsync of the
** output, how far input and output have gone; a run killed outright leaves
** at most some rows past the last checkpoint, which resume cuts off. With
** resume set, the run continues from the checkpoint and appends; the
** result equals that of one uninterrupted run. The checkpoint is removed
** when a run completes.
*/
#ifndef VET_BATCH_H
#define VET_BATCH_H

#include <signal.h>
#include "vet.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vet_batch_format {
  VET_BATCH_AUTO = 0,    /* input: from the file name (.tsv, .jsonl, .ndjson) or content; output: as input */
  VET_BATCH_CSV,
  VET_BATCH_TSV,
  VET_BATCH_JSONL
} vet_batch_format;

/* Where a run is; passed to the progress callback. */
typedef struct vet_batch_progress {
  uint64_t rows_read;          /* rows read from the input, rejected ones included */
  uint64_t rows_written;       /* rows written to the output */
  uint64_t rows_hit;           /* written rows with at least one match at the threshold */
  uint64_t rows_rejected;      /* malformed rows reported and skipped */
  uint64_t rows_cached;        /* rows answered from the cache of identical queries */
  uint64_t queries_screened;   /* vet_screen() calls */
  uint64_t rows_resumed;       /* rows done by the interrupted run this one resumed */
  uint64_t bytes_resumed;      /* input offset where this run started (0, or the checkpoint's) */
  uint64_t bytes_done;         /* input offset reached by the writer */
  uint64_t bytes_total;        /* input size; 0 when not known (a pipe) */
  int finished;                /* 1 on the last call */
} vet_batch_progress;

typedef struct vet_batch_options {
  vet_batch_format input_format;
  vet_batch_format output_format;   /* CSV/TSV output needs CSV/TSV input */
  /* Columns: a header name (CSV/TSV) or a member name (JSON lines). Only
  ** name_column is required; the others are used when given. */
  const char *name_column;
  const char *id_column;            /* the row's own id, echoed in diagnostics */
  const char *type_column;          /* "person", "organization", "vessel", ... */
  const char *country_column;
  const char *dob_column;
  /* The filters of vet screen: lists, threshold, limit, all. Its name,
  ** type, country and dob fields are ignored (they come from each row).
  ** NULL: vet_query_default(). */
  const vet_query *filters;
  size_t max_matches;               /* matches written per row; 0: 3 */
  size_t threads;                   /* workers; 0: one per online core */
  size_t cache_entries;             /* identical-query cache; 0: 262144 */
  int strict;                       /* stop at the first malformed row (VET_ESTRICT) */
  int resume;                       /* continue an interrupted run from its checkpoint */
  const volatile sig_atomic_t *stop;/* set non-zero to stop cleanly; may be NULL */
  vet_diag_fn diag;                 /* malformed rows; may be NULL */
  void *diag_userdata;
  /* Called from the writer thread about every 200 ms and once at the end. */
  void (*progress)(void *userdata, const vet_batch_progress *p);
  void *progress_userdata;
} vet_batch_options;

VET_API vet_batch_options vet_batch_options_default(void);

/* Screens `input` ("-": standard input) into `output` ("-": standard
** output; no checkpoint then, and no resume) against `snap`. Fills *stats
** (may be NULL) with the final counts. Returns VET_OK, VET_ECANCELLED when
** stopped through options->stop (the output and the checkpoint are valid),
** VET_ESTRICT at a malformed row in strict mode, VET_EINVAL for a missing
** column or inconsistent options, VET_EIO, VET_ENOMEM. */
VET_API int vet_batch_run(const vet_snapshot *snap, const char *input, const char *output,
                          const vet_batch_options *options, vet_batch_progress *stats,
                          vet_error *err);

/* The sidecar checkpoint path of an output: OUTPUT ".checkpoint". Malloc'd;
** the caller frees it. */
VET_API char *vet_batch_checkpoint_path(const char *output);

#ifdef __cplusplus
}
#endif
#endif /* VET_BATCH_H */
