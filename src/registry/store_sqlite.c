/* store_sqlite.c — the SQLite backend of the registry store (store.h).
 *
 * One file per registry, opened in WAL mode with foreign keys enforced and a
 * busy timeout, so readers never block the writer and a crash never leaves a
 * half-written transaction. The schema is created by versioned migrations:
 * each is applied once, in order, inside a transaction, and recorded in
 * schema_migrations (version, name, applied_at). A file whose highest version
 * is newer than this build knows is refused with VET_EVERSION.
 *
 * Beyond what the logic checks, the schema defends history itself: triggers
 * refuse UPDATE and DELETE on the audit log, the amendments and their field
 * changes, so only someone who edits the file outside vet can change them —
 * and vet_registry_verify() detects that. */
#include "registry/store.h"
#include "core/error.h"
#include "core/sqlite_util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct sq_store {
  vet__store base;
  sqlite3 *db;
  int in_tx;
} sq_store;

typedef struct sq_stmt {
  vet__stmt base;
  sq_store *st;
  sqlite3_stmt *s;
} sq_stmt;


static const vet__migration migrations[] = {
  {1, "registry schema: identities, rules, amendments, requests, votes, documents, audit log",
   "CREATE TABLE identities ("
   "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
   "  role TEXT NOT NULL CHECK (role IN ('requester','erc_member','chair','admin')),"
   "  agency TEXT, party TEXT, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);"
   "CREATE TABLE rules ("
   "  id INTEGER PRIMARY KEY, fr_doc TEXT NOT NULL UNIQUE, citation TEXT, title TEXT,"
   "  status TEXT NOT NULL CHECK (status IN ('draft','published')),"
   "  pub_date TEXT, effective_date TEXT, created_at TEXT NOT NULL, published_at TEXT,"
   "  CHECK (status = 'draft' OR (pub_date IS NOT NULL AND effective_date IS NOT NULL)));"
   "CREATE TABLE requests ("
   "  id INTEGER PRIMARY KEY,"
   "  kind TEXT NOT NULL CHECK (kind IN ('removal','modification','addition')),"
   "  state TEXT NOT NULL CHECK (state IN ('received','referred','decided','notified','withdrawn')),"
   "  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('granted','partly_granted','denied')),"
   "  entry_key TEXT NOT NULL, requester_id INTEGER NOT NULL REFERENCES identities(id),"
   "  affiliate TEXT, reasons TEXT NOT NULL, proposed TEXT, filed_at TEXT NOT NULL,"
   "  referred_at TEXT, deadline TEXT, with_treasury INTEGER NOT NULL DEFAULT 0,"
   "  hearing_requested INTEGER NOT NULL DEFAULT 0, hearing_note TEXT,"
   "  decided_at TEXT, decision_reason TEXT, draft_rule_id INTEGER REFERENCES rules(id),"
   "  notified_at TEXT, letter TEXT);"
   "CREATE TABLE amendments ("
   "  id INTEGER PRIMARY KEY, rule_id INTEGER NOT NULL REFERENCES rules(id),"
   "  entry_key TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN ('add','modify','remove')),"
   "  state TEXT, reason TEXT NOT NULL, request_id INTEGER REFERENCES requests(id),"
   "  created_at TEXT NOT NULL);"
   "CREATE INDEX amendments_entry ON amendments(entry_key, id);"
   "CREATE INDEX amendments_rule ON amendments(rule_id, id);"
   "CREATE TABLE amendment_fields ("
   "  amendment_id INTEGER NOT NULL REFERENCES amendments(id), pos INTEGER NOT NULL, field TEXT NOT NULL,"
   "  old_value TEXT, new_value TEXT, PRIMARY KEY (amendment_id, field));"
   "CREATE TABLE votes ("
   "  request_id INTEGER NOT NULL REFERENCES requests(id), agency TEXT NOT NULL,"
   "  voter_id INTEGER NOT NULL REFERENCES identities(id),"
   "  vote TEXT NOT NULL CHECK (vote IN ('approve','approve_in_part','deny')),"
   "  comment TEXT, at TEXT NOT NULL, PRIMARY KEY (request_id, agency));"
   "CREATE TABLE documents ("
   "  id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),"
   "  name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, at TEXT NOT NULL);"
   "CREATE TABLE audit_log ("
   "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,"
   "  action TEXT NOT NULL, object TEXT, reason TEXT,"
   "  outcome TEXT NOT NULL CHECK (outcome IN ('ok','refused')), detail TEXT, digest TEXT,"
   "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);"
   "CREATE INDEX audit_object ON audit_log(object, seq);"
   "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log"
   "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
   "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log"
   "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
   "CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments"
   "  BEGIN SELECT RAISE(ABORT, 'amendments are never changed'); END;"
   "CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments"
   "  BEGIN SELECT RAISE(ABORT, 'amendments are never deleted'); END;"
   "CREATE TRIGGER amendment_fields_no_update BEFORE UPDATE ON amendment_fields"
   "  BEGIN SELECT RAISE(ABORT, 'amendments are never changed'); END;"
   "CREATE TRIGGER amendment_fields_no_delete BEFORE DELETE ON amendment_fields"
   "  BEGIN SELECT RAISE(ABORT, 'amendments are never deleted'); END;"
   "CREATE TRIGGER rules_published_frozen BEFORE UPDATE ON rules WHEN OLD.status = 'published'"
   "  BEGIN SELECT RAISE(ABORT, 'a published rule is never changed'); END;"
   "CREATE TRIGGER amendments_into_draft BEFORE INSERT ON amendments"
   "  WHEN (SELECT status FROM rules WHERE id = NEW.rule_id) = 'published'"
   "  BEGIN SELECT RAISE(ABORT, 'a published rule takes no more amendments'); END;"},
};



static int sq_fail(sq_store *st, vet_error *err, const char *what) {
  return vet__sql_fail(st->db, err, what);
}

static int exec_sql(sq_store *st, const char *sql, vet_error *err) {
  return vet__sql_exec(st->db, sql, err);
}

static int sq_schema_version(vet__store *base) {
  return vet__sql_schema_version(((sq_store *)base)->db);
}

static int migrate(sq_store *st, vet_error *err) {
  return vet__sql_migrate(st->db, migrations, sizeof migrations / sizeof *migrations, "registry", err);
}


static void sq_close(vet__store *base) {
  sq_store *st = (sq_store *)base;
  if (!st) return;
  sqlite3_close(st->db);
  free(st);
}

static int sq_open(const char *path, int create, vet__store **out, vet_error *err);

static int sq_begin(vet__store *base, vet_error *err) {
  sq_store *st = (sq_store *)base;
  if (st->in_tx) return vet__error_set(err, VET_ESTATE, "a transaction is already open");
  /* IMMEDIATE takes the write lock now, so two writers serialize at begin
   * instead of failing at their first write. */
  int rc = exec_sql(st, "BEGIN IMMEDIATE", err);
  if (!rc) st->in_tx = 1;
  return rc;
}

static int sq_commit(vet__store *base, vet_error *err) {
  sq_store *st = (sq_store *)base;
  int rc = exec_sql(st, "COMMIT", err);
  if (!rc) st->in_tx = 0;
  return rc;
}

static void sq_rollback(vet__store *base) {
  sq_store *st = (sq_store *)base;
  if (!st->in_tx) return;
  sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  st->in_tx = 0;
}

static int sq_prepare(vet__store *base, const char *sql, vet__stmt **out, vet_error *err) {
  sq_store *st = (sq_store *)base;
  sq_stmt *s = calloc(1, sizeof *s);
  if (!s) return vet__error_set(err, VET_ENOMEM, "out of memory");
  if (sqlite3_prepare_v2(st->db, sql, -1, &s->s, NULL) != SQLITE_OK) {
    free(s);
    return sq_fail(st, err, "prepare");
  }
  s->base.ops = &vet__store_sqlite;
  s->st = st;
  *out = &s->base;
  return 0;
}

static int sq_bind_text(vet__stmt *base, int i, const char *text) {
  sq_stmt *s = (sq_stmt *)base;
  int rc = text ? sqlite3_bind_text(s->s, i, text, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s->s, i);
  return rc == SQLITE_OK ? 0 : VET_EDB;
}

static int sq_bind_int(vet__stmt *base, int i, int64_t v) {
  sq_stmt *s = (sq_stmt *)base;
  return sqlite3_bind_int64(s->s, i, v) == SQLITE_OK ? 0 : VET_EDB;
}

static int sq_step(vet__stmt *base, vet_error *err) {
  sq_stmt *s = (sq_stmt *)base;
  int rc = sqlite3_step(s->s);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return sq_fail(s->st, err, sqlite3_sql(s->s));
}

static const char *sq_col_text(vet__stmt *base, int i) {
  return (const char *)sqlite3_column_text(((sq_stmt *)base)->s, i);
}

static int64_t sq_col_int(vet__stmt *base, int i) {
  return sqlite3_column_int64(((sq_stmt *)base)->s, i);
}

static void sq_finalize(vet__stmt *base) {
  sq_stmt *s = (sq_stmt *)base;
  sqlite3_finalize(s->s);
  free(s);
}

static int64_t sq_last_id(vet__store *base) {
  return sqlite3_last_insert_rowid(((sq_store *)base)->db);
}

const vet__store_ops vet__store_sqlite = {
  "sqlite", sq_open, sq_close, sq_begin, sq_commit, sq_rollback, sq_prepare, sq_bind_text,
  sq_bind_int, sq_step, sq_col_text, sq_col_int, sq_finalize, sq_last_id, sq_schema_version,
};

static int sq_open(const char *path, int create, vet__store **out, vet_error *err) {
  *out = NULL;
  if (!create && access(path, F_OK) != 0)
    return vet__error_set(err, VET_ENOTFOUND, "%s: no registry here (create one with vet registry init)", path);
  sq_store *st = calloc(1, sizeof *st);
  if (!st) return vet__error_set(err, VET_ENOMEM, "out of memory");
  st->base.ops = &vet__store_sqlite;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
    int rc = vet__error_set(err, VET_EIO, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
    sq_close(&st->base);
    return rc;
  }
  sqlite3_busy_timeout(st->db, 10000);
  int rc = exec_sql(st, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;", err);
  if (!rc) rc = migrate(st, err);
  if (rc) {
    char msg[sizeof err->message];
    snprintf(msg, sizeof msg, "%s", err ? err->message : "");
    vet__error_set(err, rc, "%s: %s", path, msg);
    sq_close(&st->base);
    return rc;
  }
  *out = &st->base;
  return 0;
}
