/* store.h — the registry's storage interface.
 *
 * What: a handful of operations — transactions, prepared statements with
 * positional parameters, rows read column by column — behind a table of
 * function pointers. The registry logic talks only to this interface and
 * never to SQLite's own API; store_sqlite.c is the one backend today.
 *
 * Why: the registry must be able to move to PostgreSQL without touching its
 * logic. The logic writes its queries in the portable subset of SQL that
 * SQLite and PostgreSQL share (positional `?` parameters, which a PostgreSQL
 * backend rewrites to $1..$n; no upsert, no backend functions). The schema
 * (DDL) is backend-specific and therefore belongs to the backend: each backend
 * owns its versioned migrations and applies them in vet__store_open().
 *
 * Invariants: a vet__stmt belongs to the store that prepared it and must be
 * finalized before the store is closed. Transactions do not nest: begin when
 * one is open is VET_ESTATE. Text columns are borrowed until the next step or
 * finalize of that statement. Not thread-safe. */
#ifndef VET_REGISTRY_STORE_H
#define VET_REGISTRY_STORE_H
#include <stddef.h>
#include <stdint.h>
#include "vet.h"

typedef struct vet__store vet__store;
typedef struct vet__stmt vet__stmt;

typedef struct vet__store_ops {
  const char *name;
  /* Opens the store at `where` (a path for SQLite), creating it when `create`,
   * and applies the backend's pending migrations. */
  int (*open)(const char *where, int create, vet__store **out, vet_error *err);
  void (*close)(vet__store *st);
  int (*begin)(vet__store *st, vet_error *err);
  int (*commit)(vet__store *st, vet_error *err);
  void (*rollback)(vet__store *st);
  int (*prepare)(vet__store *st, const char *sql, vet__stmt **out, vet_error *err);
  int (*bind_text)(vet__stmt *s, int i, const char *text);   /* 1-based; NULL binds NULL */
  int (*bind_int)(vet__stmt *s, int i, int64_t v);
  /* 1: a row is ready; 0: done; negative: a vet_status (err filled). */
  int (*step)(vet__stmt *s, vet_error *err);
  const char *(*col_text)(vet__stmt *s, int i);              /* 0-based; NULL for NULL */
  int64_t (*col_int)(vet__stmt *s, int i);
  void (*finalize)(vet__stmt *s);
  int64_t (*last_id)(vet__store *st);                        /* id of the last inserted row */
  int (*schema_version)(vet__store *st);                     /* highest applied migration */
} vet__store_ops;

/* Every store starts with this header so the wrappers below can dispatch. */
struct vet__store {
  const vet__store_ops *ops;
};
struct vet__stmt {
  const vet__store_ops *ops;
};

extern const vet__store_ops vet__store_sqlite;

/* Opens a store by URL-ish name: "postgres://..." would pick another backend;
 * anything else is a SQLite file path. */
int vet__store_open(const char *where, int create, vet__store **out, vet_error *err);

/* Convenience wrappers. */
static inline void vet__store_close(vet__store *st) { if (st) st->ops->close(st); }
static inline int vet__store_begin(vet__store *st, vet_error *err) { return st->ops->begin(st, err); }
static inline int vet__store_commit(vet__store *st, vet_error *err) { return st->ops->commit(st, err); }
static inline void vet__store_rollback(vet__store *st) { st->ops->rollback(st); }
static inline int vet__stmt_step(vet__stmt *s, vet_error *err) { return s->ops->step(s, err); }
static inline const char *vet__stmt_text(vet__stmt *s, int i) { return s->ops->col_text(s, i); }
static inline int64_t vet__stmt_int(vet__stmt *s, int i) { return s->ops->col_int(s, i); }
static inline void vet__stmt_finalize(vet__stmt *s) { if (s) s->ops->finalize(s); }
static inline int64_t vet__store_last_id(vet__store *st) { return st->ops->last_id(st); }

/* Prepares `sql` and binds its parameters from `types`, one letter a
 * parameter: 't' const char * (NULL binds NULL), 'i' int64_t, 'd' int.
 * On success *out is owned by the caller (vet__stmt_finalize). */
int vet__store_query(vet__store *st, vet__stmt **out, vet_error *err, const char *sql,
                     const char *types, ...);
/* Runs a statement that returns no rows (or ignores them). */
int vet__store_exec(vet__store *st, vet_error *err, const char *sql, const char *types, ...);
/* Runs a query and returns the first column of its first row as an integer
 * in *out (0 when there is no row). */
int vet__store_int(vet__store *st, int64_t *out, vet_error *err, const char *sql,
                   const char *types, ...);
#endif
