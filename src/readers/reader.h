/* reader.h — the interface every list reader implements.
 *
 * A reader knows one published format and nothing of matching. It gets a
 * vet__read_ctx with the mapped file (or the folder, for set readers), fills
 * ctx->info (list id, name, date) and, for each record, builds an entity
 * with ctx->eb and hands it on with vet__read_emit(). A bad record is
 * reported with vet__read_reject() (file, line, reason), which counts it and
 * returns non-zero only when the read must stop (strict mode, or the
 * consumer asked to stop); the reader then returns that status.
 *
 * Detection: vet_read_path() asks every reader's sniff() to score the first
 * bytes of a file (0 = not mine, 100 = certainly mine) and uses the best;
 * file names are only a tie-breaker. Folders go to set readers first (an
 * OFAC CSV set is one list in four files); otherwise each file in the folder
 * is read on its own. */
#ifndef VET_READERS_READER_H
#define VET_READERS_READER_H
#include "vet.h"
#include "io/file.h"
#include "model/builder.h"

typedef struct vet__read_ctx {
  const char *path;                 /* the file or folder being read */
  const vet__file *file;            /* NULL for set readers */
  const vet_read_options *opts;
  const vet_read_callbacks *cb;
  vet__eb *eb;
  vet_list_info info;               /* the reader sets list_id, name and date; counts are kept here */
  vet_error *err;
  char date_buf[32];                /* storage a reader may use for info.date */
  char id_buf[64];                  /* ... for info.list_id */
  char name_buf[256];               /* ... for info.name */
} vet__read_ctx;

typedef struct vet__reader {
  const char *name;                 /* "ofac-csv", "un-xml", ... */
  const char *description;
  /* File readers: score the head of a file (up to 64 KiB) and its path;
   * VET_ENOMEM when it could not tell for want of memory (which must not
   * read as "not this format"). */
  int (*sniff)(const char *path, const char *head, size_t n);
  /* Set readers: 1 if the folder is a set this reader reads. */
  int (*sniff_dir)(const char *dir);
  int (*read)(vet__read_ctx *ctx);
} vet__reader;

/* Reports a rejected record at `line` of `file` (NULL: ctx->path) and counts it. Returns
 * 0 to go on, or VET_ESTRICT in strict mode (ctx->err filled). */
int vet__read_reject(vet__read_ctx *ctx, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Reports a warning (data kept) and counts it. */
void vet__read_warn(vet__read_ctx *ctx, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Finishes the entity in ctx->eb and passes it on. An entity with no name or no
 * source id is rejected instead (at `line`). Returns 0, VET_ESTRICT or VET_ECANCELLED. */
int vet__read_emit(vet__read_ctx *ctx, const char *file, unsigned long line);

/* Checks that data is UTF-8; on failure fills ctx->err naming the line and returns
 * VET_EENCODING. */
int vet__read_require_utf8(vet__read_ctx *ctx, const char *data, size_t n);

/* The as-of date in a file or folder name into ctx->date_buf: "YYYY-MM-DD" (sdn-2024-03-05.csv)
 * or, failing that, "YYYY-MM" (sdn-2021-07/); NULL if there is none. */
const char *vet__date_from_path(vet__read_ctx *ctx, const char *path);

/* The readers, in detection order. */
extern const vet__reader vet__reader_vet_jsonl;
extern const vet__reader *const vet__readers[];
#endif
