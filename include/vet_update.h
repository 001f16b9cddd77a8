/*
** vet_update.h — keeping the lists current: `vet update`.
**
** An update downloads every configured list from its published address,
** checks what it got, keeps every version it downloaded in a store folder,
** and rebuilds the snapshot from the newest good version of each list.
**
**   <store>/manifest.json                     what is installed, and the history
**   <store>/<list>/<YYYY-MM-DD>-<sha8>/<file>  every version kept, as downloaded
**
** The rules (docs/UPDATES.md has the details):
**   - Downloads use conditional requests (ETag / Last-Modified): a list that
**     has not changed is not downloaded again.
**   - Transient failures (connection, timeout, truncated body, HTTP 5xx and
**     429) are retried with exponential backoff; everything has a timeout.
**   - A download is checked before it is installed: complete (Content-Length
**     kept), within the size limits, accepted by its reader, and not shrunk
**     by more than the configured share of entities against the installed
**     version. A list that fails a check is held back and reported; the last
**     good version stays installed. A failed, partial or invalid download
**     never replaces it.
**   - Installs are atomic: files are written to a temporary folder, synced,
**     and renamed into place; the manifest and the snapshot are replaced by
**     rename.
**
** Objects are not thread-safe. The library never prints: progress and
** results reach the caller through the callbacks in vet_update_options.
*/
#ifndef VET_UPDATE_H
#define VET_UPDATE_H

#include "vet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --------------------------------------------------------------- config */

typedef struct vet_update_config vet_update_config;

/* The built-in configuration: the official lists at their published
** addresses and the default limits. NULL on ENOMEM. Free with
** vet_update_config_free(). */
VET_API vet_update_config *vet_update_config_default(void);

/* Reads an INI-style configuration file (format in docs/UPDATES.md). Keys
** of [update] override the defaults; when the file has any [list ...]
** section, its lists replace the built-in ones. On success *out owns the
** config. Errors name the file and line. */
VET_API int vet_update_config_load(const char *path, vet_update_config **out, vet_error *err);
VET_API void vet_update_config_free(vet_update_config *config);

/* Sets one [update] key ("store", "snapshot", "timeout", "max_shrink", ...)
** as the file would. */
VET_API int vet_update_config_set(vet_update_config *config, const char *key, const char *value,
                                  vet_error *err);

/* The configuration as a file that vet_update_config_load() reads back.
** Malloc'd; the caller frees it with free(). NULL on ENOMEM. */
VET_API char *vet_update_config_to_text(const vet_update_config *config);

/* Names of the configured lists, in order. Borrowed from the config. */
VET_API size_t vet_update_config_list_count(const vet_update_config *config);
VET_API const char *vet_update_config_list_name(const vet_update_config *config, size_t i);

/* ---------------------------------------------------------------- run */

typedef enum vet_update_status {
  VET_UPDATE_INSTALLED = 0,  /* a new version was downloaded, checked and installed */
  VET_UPDATE_UNCHANGED,      /* the server said not modified, or the same bytes came back */
  VET_UPDATE_HELD,           /* downloaded but failed a check: kept, not installed */
  VET_UPDATE_FAILED,         /* could not be downloaded; the last good version stays */
  VET_UPDATE_SKIPPED         /* disabled, or not among the lists asked for */
} vet_update_status;

/* "installed", "unchanged", "held", "failed", "skipped". */
VET_API const char *vet_update_status_name(vet_update_status status);

/* What happened to one list. Strings are borrowed for the callback. */
typedef struct vet_update_result {
  const char *list;             /* the configured list name, e.g. "ofac-sdn" */
  vet_update_status status;
  const char *version;          /* the version folder now installed (or held); may be NULL */
  const char *previous_version; /* the version installed before; may be NULL */
  uint64_t entities;            /* entities in the version downloaded; 0 if not read */
  uint64_t previous_entities;   /* entities in the version installed before; 0 if none */
  uint64_t rejected;            /* rows the reader rejected */
  uint64_t bytes;               /* bytes downloaded (bodies of 200 responses) */
  unsigned files_downloaded;    /* 200 responses */
  unsigned files_not_modified;  /* 304 responses */
  unsigned requests;            /* HTTP requests made, retries included */
  const char *message;          /* one line: why held or failed, else a summary */
} vet_update_result;

typedef struct vet_update_options {
  const char *const *only;      /* NULL, or a NULL-terminated list of list names to update */
  const char *const *accept;    /* NULL-terminated names whose held-back download may be
                                   installed despite the shrink check (after review) */
  int no_snapshot;              /* 1: do not rebuild the snapshot */
  int force_snapshot;           /* 1: rebuild the snapshot even when nothing changed */
  void (*log)(void *userdata, const char *line);              /* progress; may be NULL */
  void (*result)(void *userdata, const vet_update_result *r); /* per list; may be NULL */
  vet_diag_fn diag;             /* the readers' rejected rows and warnings; may be NULL */
  void *userdata;               /* for log, result and diag */
} vet_update_options;

VET_API vet_update_options vet_update_options_default(void);

/* What a run did, for the caller's exit status. */
typedef struct vet_update_summary {
  unsigned installed, unchanged, held, failed, skipped;
  int snapshot_built;           /* 1: the snapshot was rebuilt */
  uint64_t snapshot_entities;
} vet_update_summary;

/* Runs one update with `config`. Returns VET_OK when the run itself
** completed (lists that were held back or failed are reported through
** options->result and counted in *summary, which may be NULL), or an error
** when the store or the snapshot could not be written or another update
** holds the store's lock (VET_ESTATE). */
VET_API int vet_update_run(const vet_update_config *config, const vet_update_options *options,
                           vet_update_summary *summary, vet_error *err);

/* What the store holds, for people: one line per configured list (installed
** version, entities, when installed, last check and its outcome, a held-back
** version if any), and the snapshot last built. With VET_JSON_PRETTY or
** VET_JSON_COMPACT in `flags` | VET_UPDATE_STATUS_JSON: the manifest itself.
** On success *out is a malloc'd string the caller frees with free(). Reads
** the manifest without taking the lock (it is only ever replaced by rename). */
#define VET_UPDATE_STATUS_JSON 0x100
VET_API int vet_update_status_report(const vet_update_config *config, int flags, char **out,
                                     vet_error *err);

#ifdef __cplusplus
}
#endif
#endif /* VET_UPDATE_H */
