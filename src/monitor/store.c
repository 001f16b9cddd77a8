/* store.c — opening a monitoring store: the SQLite file, its settings and
 * its versioned schema.
 *
 * Same discipline as the registry (src/registry/store_sqlite.c): WAL mode,
 * foreign keys on, a busy timeout, FULL synchronous; migrations applied once,
 * in order, each in its own transaction and recorded in schema_migrations; a
 * file newer than this build is refused with VET_EVERSION. Triggers refuse
 * UPDATE and DELETE on the audit log, the decisions and the runs, so history
 * changes only by editing the file outside vet — which
 * vet_monitor_audit_verify() detects.
 *
 * Tables: customers (one row per customer id ever imported; `removed` marks
 * those gone, `dirty` those to screen fully at the next run); runs (with,
 * since migration 2, the provenance of the delta screened and, when
 * --trust-delta let an unverified delta through, why it was unverified); alerts
 * (unique evidence hash); decisions; audit_log. */
#include "monitor/monitor_int.h"
#include "core/error.h"
#include "core/sqlite_util.h"
#include "core/chain.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


static const vet__migration migrations[] = {
  {1, "monitoring schema: customers, runs, alerts, decisions, audit log",
   "CREATE TABLE customers ("
   "  id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT, country TEXT, dob TEXT,"
   "  data_hash TEXT NOT NULL, dirty INTEGER NOT NULL DEFAULT 1, near INTEGER NOT NULL DEFAULT 0,"
   "  removed INTEGER NOT NULL DEFAULT 0, import_id INTEGER NOT NULL, updated_at TEXT NOT NULL);"
   "CREATE INDEX customers_dirty ON customers(dirty) WHERE dirty = 1;"
   "CREATE TABLE imports ("
   "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, path TEXT NOT NULL, checksum TEXT NOT NULL,"
   "  rows INTEGER, added INTEGER, changed INTEGER, unchanged INTEGER, removed INTEGER,"
   "  rejected INTEGER);"
   "CREATE TABLE runs ("
   "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, mode TEXT NOT NULL,"
   "  snapshot_checksum TEXT NOT NULL, snapshot_path TEXT, delta_checksum TEXT,"
   "  lists TEXT NOT NULL, counts TEXT NOT NULL);"
   "CREATE TABLE alerts ("
   "  id INTEGER PRIMARY KEY, state TEXT NOT NULL CHECK (state IN ('open','closed')),"
   "  customer_id TEXT NOT NULL, customer_name TEXT NOT NULL, customer_hash TEXT NOT NULL,"
   "  list_id TEXT NOT NULL, source_id TEXT NOT NULL, entity_name TEXT, entity_hash TEXT NOT NULL,"
   "  matched_name TEXT NOT NULL, score REAL NOT NULL, evidence TEXT NOT NULL UNIQUE,"
   "  run_id INTEGER NOT NULL REFERENCES runs(id) DEFERRABLE INITIALLY DEFERRED, created_at TEXT NOT NULL,"
   "  decision TEXT, closed_at TEXT, closed_run INTEGER, closed_reason TEXT);"
   "CREATE INDEX alerts_pair ON alerts(customer_id, list_id, source_id);"
   "CREATE INDEX alerts_open ON alerts(state) WHERE state = 'open';"
   "CREATE TABLE decisions ("
   "  id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL REFERENCES alerts(id),"
   "  decision TEXT NOT NULL CHECK (decision IN ('true-match','false-positive','needs-review')),"
   "  reason TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL,"
   "  customer_id TEXT NOT NULL, customer_hash TEXT NOT NULL, list_id TEXT NOT NULL,"
   "  source_id TEXT NOT NULL, entity_hash TEXT NOT NULL);"
   "CREATE INDEX decisions_pair ON decisions(customer_id, list_id, source_id);"
   "CREATE TABLE audit_log ("
   "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
   "  object TEXT, reason TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);"
   "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log"
   "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
   "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log"
   "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
   "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions"
   "  BEGIN SELECT RAISE(ABORT, 'decisions are never changed'); END;"
   "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions"
   "  BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;"
   "CREATE TRIGGER runs_no_update BEFORE UPDATE ON runs"
   "  BEGIN SELECT RAISE(ABORT, 'runs are never changed'); END;"
   "CREATE TRIGGER runs_no_delete BEFORE DELETE ON runs"
   "  BEGIN SELECT RAISE(ABORT, 'runs are never deleted'); END;"
   "CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts"
   "  BEGIN SELECT RAISE(ABORT, 'alerts are never deleted'); END;"},
  {2, "runs keep the delta's provenance and whether it was trusted unchecked",
   "ALTER TABLE runs ADD COLUMN delta_provenance TEXT;"
   "ALTER TABLE runs ADD COLUMN delta_unverified TEXT;"},
};

void vet__mon_now(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int vet__mon_dberr(vet_monitor *m, vet_error *err, const char *what) {
  return vet__sql_fail(m->db, err, what);
}

int vet__mon_exec(vet_monitor *m, const char *sql, vet_error *err) {
  return vet__sql_exec(m->db, sql, err);
}

void vet__mon_hash(const char *const *fields, size_t n, char out[65]) {
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  unsigned char md[32];
  unsigned int len = 0;
  EVP_DigestInit_ex(c, EVP_sha256(), NULL);
  for (size_t i = 0; i < n; i++) {
    if (i) EVP_DigestUpdate(c, "\x1f", 1);
    if (fields[i]) EVP_DigestUpdate(c, fields[i], strlen(fields[i]));
    else EVP_DigestUpdate(c, "\x1e", 1);
  }
  EVP_DigestFinal_ex(c, md, &len);
  EVP_MD_CTX_free(c);
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}



static int migrate(vet_monitor *m, vet_error *err) {
  return vet__sql_migrate(m->db, migrations, sizeof migrations / sizeof *migrations, "monitoring", err);
}

int vet_monitor_open(const char *path, int create, vet_monitor **out, vet_error *err) {
  *out = NULL;
  if (!path || !*path) return vet__error_set(err, VET_EINVAL, "no monitoring store given");
  if (!create && access(path, F_OK) != 0)
    return vet__error_set(err, VET_ENOTFOUND,
                          "%s: no monitoring store here (vet monitor import creates one)", path);
  vet_monitor *m = calloc(1, sizeof *m);
  if (!m) return vet__error_set(err, VET_ENOMEM, "out of memory");
  snprintf(m->path, sizeof m->path, "%s", path);
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path, &m->db, flags, NULL) != SQLITE_OK) {
    int rc = vet__error_set(err, VET_EIO, "%s: %s", path, m->db ? sqlite3_errmsg(m->db) : "cannot open");
    vet_monitor_close(m);
    return rc;
  }
  sqlite3_busy_timeout(m->db, 10000);
  int rc = vet__mon_exec(m, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;",
                         err);
  if (!rc) rc = migrate(m, err);
  if (rc) {
    char msg[sizeof err->message];
    snprintf(msg, sizeof msg, "%s", err ? err->message : "");
    vet__error_set(err, rc, "%s: %s", path, msg);
    vet_monitor_close(m);
    return rc;
  }
  *out = m;
  return 0;
}

void vet_monitor_close(vet_monitor *m) {
  if (!m) return;
  sqlite3_close(m->db);
  free(m);
}
