/* store.c — backend choice and the variadic query helpers of store.h.
 *
 * The helpers bind parameters from a type string so that the registry logic
 * reads as SQL plus values, with no backend call in sight. */
#include "registry/store.h"
#include "core/error.h"

#include <stdarg.h>
#include <string.h>

int vet__store_open(const char *where, int create, vet__store **out, vet_error *err) {
  if (!strncmp(where, "postgres://", 11) || !strncmp(where, "postgresql://", 13))
    return vet__error_set(err, VET_EINVAL, "%s: no PostgreSQL backend is built in yet", where);
  return vet__store_sqlite.open(where, create, out, err);
}

static int vquery(vet__store *st, vet__stmt **out, vet_error *err, const char *sql,
                  const char *types, va_list ap) {
  vet__stmt *s = NULL;
  int rc = st->ops->prepare(st, sql, &s, err);
  if (rc) return rc;
  for (int i = 0; types && types[i]; i++) {
    switch (types[i]) {
    case 't': rc = s->ops->bind_text(s, i + 1, va_arg(ap, const char *)); break;
    case 'i': rc = s->ops->bind_int(s, i + 1, va_arg(ap, int64_t)); break;
    case 'd': rc = s->ops->bind_int(s, i + 1, (int64_t)va_arg(ap, int)); break;
    default: rc = VET_EINVAL; break;   /* NEVER: a typo in a type string */
    }
    if (rc) {
      s->ops->finalize(s);
      return vet__error_set(err, rc, "cannot bind parameter %d of: %s", i + 1, sql);
    }
  }
  *out = s;
  return 0;
}

int vet__store_query(vet__store *st, vet__stmt **out, vet_error *err, const char *sql,
                     const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  int rc = vquery(st, out, err, sql, types, ap);
  va_end(ap);
  return rc;
}

int vet__store_exec(vet__store *st, vet_error *err, const char *sql, const char *types, ...) {
  vet__stmt *s = NULL;
  va_list ap;
  va_start(ap, types);
  int rc = vquery(st, &s, err, sql, types, ap);
  va_end(ap);
  if (rc) return rc;
  while ((rc = vet__stmt_step(s, err)) == 1) {}
  vet__stmt_finalize(s);
  return rc;
}

int vet__store_int(vet__store *st, int64_t *out, vet_error *err, const char *sql,
                   const char *types, ...) {
  vet__stmt *s = NULL;
  va_list ap;
  va_start(ap, types);
  int rc = vquery(st, &s, err, sql, types, ap);
  va_end(ap);
  if (rc) return rc;
  *out = 0;
  rc = vet__stmt_step(s, err);
  if (rc == 1) {
    *out = vet__stmt_int(s, 0);
    rc = 0;
  }
  vet__stmt_finalize(s);
  return rc;
}
