/*
** vet_monitor.h — ongoing screening of a customer base (part of the public
** contract; included by vet.h).
**
** A monitoring store is one SQLite file holding the customers (imported from
** CSV or JSONL, re-importable as the base changes), the screening runs with
** the list versions each used, the alerts they raised, the analysts'
** decisions, and an append-only, hash-chained audit log of every import,
** screening and decision. docs/MONITOR.md describes the model.
**
** After each list update, vet_monitor_run() re-screens only what can have
** changed: every customer against the entities added or changed since the
** last run (the delta), and customers added or changed since the last run,
** or whose best score last time fell just under the threshold, against the
** whole snapshot. An alert is keyed by its evidence (customer
** data, entity record, matched name), so the same evidence never alerts
** twice; alerts whose entity left the lists, or whose customer left the
** base, are closed. A false-positive decision suppresses the pair while both
** the customer's screened data and the entity's record stay the same.
**
** A vet_monitor is not thread-safe (vet_monitor_run() uses threads inside).
*/
#ifndef VET_MONITOR_H
#define VET_MONITOR_H

#include "vet.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vet_monitor vet_monitor;

/* Opens the store at `path`, creating it when `create` (else VET_ENOTFOUND
** when missing), and applies pending schema migrations. *out is owned by the
** caller: vet_monitor_close(). */
VET_API int vet_monitor_open(const char *path, int create, vet_monitor **out, vet_error *err);
VET_API void vet_monitor_close(vet_monitor *m);

/* ---------------------------------------------------------------- import */

typedef struct vet_monitor_import_options {
  const char *format;          /* "csv" or "jsonl"; NULL: by the file's extension */
  const char *id_column;       /* required: the customer's stable id */
  const char *name_column;     /* required: the name screened */
  const char *type_column;     /* optional: person/entity/vessel/aircraft */
  const char *country_column;  /* optional */
  const char *dob_column;      /* optional */
  const char *actor;           /* who imports (audit); NULL: "unknown" */
  vet_diag_fn diag;            /* rejected rows (file:line: reason); may be NULL */
  void *diag_userdata;
} vet_monitor_import_options;

typedef struct vet_monitor_import_result {
  size_t rows, added, changed, unchanged, removed, rejected;
} vet_monitor_import_result;

/* Imports the whole customer file: new ids are added, ids whose screened
** fields (name, type, country, dob) hash differently are changed, ids no
** longer in the file are removed (and their open alerts closed). Added and
** changed customers are screened against the full snapshot at the next run.
** One transaction: a failed import changes nothing. */
VET_API int vet_monitor_import(vet_monitor *m, const char *path,
                               const vet_monitor_import_options *options,
                               vet_monitor_import_result *result, vet_error *err);

/* ------------------------------------------------------------------ run */

typedef struct vet_monitor_run_options {
  const char *snapshot;        /* required: the current lists */
  const char *previous;        /* the snapshot the last run used; the delta is computed */
  const char *delta;           /* or: a delta snapshot (vet diff --delta-snapshot) */
  int full;                    /* 1: screen every customer against the whole snapshot */
  unsigned threads;            /* 0: one per online core */
  double threshold;            /* < 0: VET_DEFAULT_THRESHOLD */
  const char *actor;           /* who runs it (audit); NULL: "unknown" */
  int trust_delta;             /* 1: use `delta` even when its provenance does not show it
                                  is the delta from the last run's snapshot to `snapshot`;
                                  recorded in the run and its audit record */
} vet_monitor_run_options;

/* A run's options with every field empty and threshold -1. */
VET_API vet_monitor_run_options vet_monitor_run_options_default(void);

typedef struct vet_monitor_run_result {
  int64_t run_id;
  char mode[16];               /* "full" or "incremental" */
  size_t customers;            /* active customers in the store */
  size_t screened_full;        /* customers screened against the whole snapshot */
  size_t screened_delta;       /* customers screened against the delta */
  size_t delta_entities;       /* entities in the delta (incremental) */
  size_t near;                 /* customers seen within VET near-miss margin (0.02) under the threshold */
  size_t hits;                 /* (customer, entity) hits found */
  size_t new_alerts;           /* of which became new alerts */
  size_t already_alerted;      /* same evidence as an earlier alert */
  size_t suppressed;           /* suppressed by a false-positive decision */
  size_t closed;               /* alerts closed (entity or customer gone or changed) */
  double seconds_screening;    /* wall time of the screening itself */
  char delta_unverified[1024]; /* "" unless trust_delta let through a delta that failed its
                                  provenance check: then why it failed */
} vet_monitor_run_result;

/* Screens as described above and records the run (snapshot checksum, each
** list's id, date and checksum, counts) in the audit log. The first run of a
** store, or one with `full`, screens everything. With `previous`, its
** checksum must be the snapshot the last run used (else VET_ESTATE): a delta
** from anywhere else could miss entities. With `delta`, the delta's recorded
** provenance (vet_snapshot_delta_info) must show it was made from the
** snapshot the last run used to `snapshot`, with both added and changed
** entities (else VET_ESTATE, naming both checksums), unless `trust_delta`.
** The run record keeps the delta's provenance. */
VET_API int vet_monitor_run(vet_monitor *m, const vet_monitor_run_options *options,
                            vet_monitor_run_result *result, vet_error *err);

/* --------------------------------------------------------------- alerts */

typedef struct vet_monitor_alert {
  int64_t id;
  const char *state;           /* "open" or "closed" */
  const char *customer_id, *customer_name;
  const char *list_id, *source_id, *entity_name, *matched_name;
  double score;
  const char *evidence;        /* the evidence hash */
  const char *decision;        /* latest decision, or NULL */
  const char *created_at;
  int64_t run_id;
  const char *closed_reason;   /* NULL while open */
} vet_monitor_alert;

/* Calls fn for each alert (open ones only unless `all`), oldest first.
** Strings are borrowed for the call. A non-zero return from fn stops with
** VET_ECANCELLED. */
VET_API int vet_monitor_alerts(vet_monitor *m, int all,
                               int (*fn)(void *userdata, const vet_monitor_alert *alert),
                               void *userdata, vet_error *err);

/* Records a decision on an alert: "true-match", "false-positive" or
** "needs-review", with a reason and who decided (both required). A true
** match or a false positive closes the alert; needs-review keeps it open. */
VET_API int vet_monitor_decide(vet_monitor *m, int64_t alert_id, const char *decision,
                               const char *reason, const char *by, vet_error *err);

/* ---------------------------------------------------------------- audit */

/* Calls fn with each audit record, oldest first, as one line of JSON
** ("jsonl") or CSV ("csv", the first call gives the header). The line is
** borrowed for the call. */
VET_API int vet_monitor_audit_export(vet_monitor *m, const char *format,
                                     int (*fn)(void *userdata, const char *line),
                                     void *userdata, vet_error *err);

/* Walks the chain and recomputes every hash; VET_ECORRUPT (naming the first
** bad record) when a record was changed, inserted or deleted. Also checks
** that every decision and run row has its audit record. On success *records
** holds the count and head the newest hash (keep it elsewhere: a chain
** cannot show the loss of its newest records). */
VET_API int vet_monitor_audit_verify(vet_monitor *m, int64_t *records, char head[65],
                                     vet_error *err);

#ifdef __cplusplus
}
#endif
#endif /* VET_MONITOR_H */
