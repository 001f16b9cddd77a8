/* update_int.h — the pieces of `vet update` (include/vet_update.h) and how
 * they fit:
 *
 *   config.c   the configuration: built-in defaults and the INI file
 *   fetch.c    one HTTP download with libcurl: timeouts, conditional
 *              request, retries with backoff, completeness check
 *   store.c    the store folder: lock, manifest (JSON), version folders,
 *              atomic file operations
 *   update.c   one run: per list fetch, check, install or hold; then the
 *              snapshot
 *
 * Everything here is internal; the layouts are here for the white-box
 * tests. */
#ifndef VET_UPDATE_INT_H
#define VET_UPDATE_INT_H
#include "vet.h"
#include "core/buf.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* ---- config */

typedef struct vet__update_file {
  char *name;                  /* file name inside the version folder, e.g. "sdn.csv" */
  char *url;                   /* may contain {date}: today's UTC date, YYYY-MM-DD */
} vet__update_file;

typedef struct vet__update_list {
  char *name;                  /* [list NAME] */
  vet__update_file *files;
  size_t n_files;
  char *format;                /* force a reader; NULL: detect */
  double max_shrink;           /* < 0: the [update] value */
  long long min_size;          /* < 0: the [update] value */
  long long min_entities;      /* 0: no floor */
  int enabled;
} vet__update_list;

struct vet_update_config {
  char *store;                 /* the store folder */
  char *snapshot;              /* the snapshot written after an update */
  long connect_timeout;        /* seconds */
  long timeout;                /* seconds, a whole transfer */
  long stall_timeout;          /* seconds below 1 byte/s before giving up */
  int retries;                 /* attempts after the first */
  long backoff_ms;             /* wait before the first retry; doubles each time */
  long max_backoff_ms;
  double max_shrink;           /* share of entities a list may lose, 0..1 */
  long long min_size;          /* bytes: a smaller file is refused */
  long long max_size;          /* bytes: a larger download is aborted */
  char *user_agent;
  vet__update_list *lists;
  size_t n_lists;
};

/* The list's effective limits. */
double vet__update_max_shrink(const vet_update_config *c, const vet__update_list *l);
long long vet__update_min_size(const vet_update_config *c, const vet__update_list *l);

/* ---- fetch */

typedef enum vet__fetch_outcome {
  VET__FETCH_OK = 0,           /* 200: body written to the file */
  VET__FETCH_NOT_MODIFIED,     /* 304 */
  VET__FETCH_FAILED            /* after the retries; message says why */
} vet__fetch_outcome;

typedef struct vet__fetch_request {
  const char *url;
  const char *dest;            /* file written (created/truncated) for a 200 */
  const char *etag;            /* validators from the last good download; may be NULL */
  const char *last_modified;
} vet__fetch_request;

typedef struct vet__fetch_result {
  vet__fetch_outcome outcome;
  long http_status;            /* of the last attempt; 0 if none completed */
  uint64_t bytes;              /* body bytes written */
  unsigned requests;           /* attempts made */
  long retry_after_ms;         /* the last response's Retry-After, 0 if none */
  char etag[256];              /* of the response; empty if none */
  char last_modified[64];
  char checksum[72];           /* "sha256:<hex>" of the body (200 only) */
  char message[512];           /* why it failed */
} vet__fetch_result;

typedef void (*vet__fetch_log_fn)(void *userdata, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Downloads req->url into req->dest under the config's timeouts, limits and
 * retry policy. The destination is left with the complete body only on
 * VET__FETCH_OK; on anything else it is removed. `log` (may be NULL) hears
 * of each retry. Returns the outcome (also in res->outcome). */
vet__fetch_outcome vet__fetch(const vet_update_config *c, const vet__fetch_request *req,
                              vet__fetch_result *res, vet__fetch_log_fn log, void *userdata);

/* ---- store */

/* Takes the store's lock (creating the folder); VET_ESTATE if another
 * update holds it. *fd is the lock to pass to vet__store_unlock(). */
int vet__store_lock(const char *store, int *fd, vet_error *err);
void vet__store_unlock(int fd);
/* The manifest (a new empty one if there is none yet). Caller owns the
 * reference. VET_ECORRUPT if it cannot be parsed. */
int vet__store_manifest_load(const char *store, json_t **out, vet_error *err);
/* Writes the manifest atomically. */
int vet__store_manifest_save(const char *store, const json_t *manifest, vet_error *err);
/* Writes data to path atomically: temporary file, fsync, rename, fsync of the folder. */
int vet__write_atomic(const char *path, const void *data, size_t n, vet_error *err);
/* fsync of a file or folder by path. */
int vet__fsync_path(const char *path);
/* mkdir -p. */
int vet__mkdirs(const char *path, vet_error *err);
/* rm -r of a folder the store made (files and one level of folders). */
void vet__rmtree(const char *path);
/* Hard-links (else copies) src to dst. */
int vet__link_or_copy(const char *src, const char *dst, vet_error *err);
/* "2026-11-28" and "2026-11-28T03:04:05Z" for now. */
void vet__today(char out[16]);
void vet__now_iso(char out[32]);
#endif
