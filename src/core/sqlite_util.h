/* sqlite_util.h — what vet's SQLite stores share: running a statement with
 * a one-line error, and versioned schema migrations.
 *
 * The registry (src/registry/store_sqlite.c) and the monitoring store
 * (src/monitor/store.c) each keep their own schema as a table of
 * migrations; applying them is the same everywhere: a schema_migrations
 * table records each version applied, each migration runs in its own
 * IMMEDIATE transaction, and a database newer than this vet knows is
 * refused rather than touched. */
#ifndef VET_CORE_SQLITE_UTIL_H
#define VET_CORE_SQLITE_UTIL_H
#include <sqlite3.h>
#include <stddef.h>
#include "vet.h"

typedef struct vet__migration {
  int version;         /* ascending, from 1 */
  const char *name;
  const char *sql;     /* one or more statements */
} vet__migration;

/* Runs sql; on failure fills err (VET_EDB) with SQLite's message. */
int vet__sql_exec(sqlite3 *db, const char *sql, vet_error *err);
/* Fills err with VET_EDB "what: <SQLite's last message>" and returns VET_EDB. */
int vet__sql_fail(sqlite3 *db, vet_error *err, const char *what);
/* The highest version in schema_migrations; 0 when none. */
int vet__sql_schema_version(sqlite3 *db);
/* Applies the migrations newer than the database's version, in order.
 * `store` names the store in the error for a too-new schema ("registry"). */
int vet__sql_migrate(sqlite3 *db, const vet__migration *m, size_t n, const char *store,
                     vet_error *err);
#endif
