/* sqlite_util.c — see sqlite_util.h. */
#include "core/sqlite_util.h"
#include "core/error.h"

int vet__sql_exec(sqlite3 *db, const char *sql, vet_error *err) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    int rc = vet__error_set(err, VET_EDB, "%s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return rc;
  }
  return 0;
}

int vet__sql_fail(sqlite3 *db, vet_error *err, const char *what) {
  return vet__error_set(err, VET_EDB, "%s: %s", what, db ? sqlite3_errmsg(db) : "no database");
}

int vet__sql_schema_version(sqlite3 *db) {
  sqlite3_stmt *s = NULL;
  int v = 0;
  if (sqlite3_prepare_v2(db, "SELECT max(version) FROM schema_migrations", -1, &s, NULL) ==
          SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    v = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  return v;
}

int vet__sql_migrate(sqlite3 *db, const vet__migration *migrations, size_t n, const char *store,
                     vet_error *err) {
  int rc = vet__sql_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                             "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                         err);
  if (rc) return rc;
  int have = vet__sql_schema_version(db);
  int known = n ? migrations[n - 1].version : 0;
  if (have > known)
    return vet__error_set(err, VET_EVERSION, "%s schema version %d is newer than this vet knows (%d)",
                          store, have, known);
  for (size_t i = 0; i < n; i++) {
    const vet__migration *m = &migrations[i];
    if (m->version <= have) continue;
    if ((rc = vet__sql_exec(db, "BEGIN IMMEDIATE", err))) return rc;
    rc = vet__sql_exec(db, m->sql, err);
    if (!rc) {
      sqlite3_stmt *s = NULL;
      if (sqlite3_prepare_v2(db, "INSERT INTO schema_migrations VALUES (?, ?, "
                             "strftime('%Y-%m-%dT%H:%M:%SZ','now'))", -1, &s, NULL) != SQLITE_OK)
        rc = vet__sql_fail(db, err, "migration");
      else {
        sqlite3_bind_int(s, 1, m->version);
        sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) rc = vet__sql_fail(db, err, "migration");
      }
      sqlite3_finalize(s);
    }
    if (rc) {
      sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
      return rc;
    }
    if ((rc = vet__sql_exec(db, "COMMIT", err))) return rc;
  }
  return 0;
}
