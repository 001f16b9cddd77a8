/* import.c — importing a customer file (CSV with a header row, or JSONL)
 * into the monitoring store, and detecting what changed since the last import.
 *
 * A customer is identified by its id column. The screened fields are name,
 * type, country and date of birth; their hash (data_hash) decides whether a
 * customer changed. A changed or new customer is marked dirty — screened
 * against the whole snapshot at the next run; a customer missing from the
 * file is marked removed and its open alerts are closed. A row without an id
 * or a name, or with an id seen earlier in the same file, is reported
 * (file:line: reason) and skipped. All of it is one transaction with one
 * audit record, so an import either happens completely or not at all. */
#include "monitor/monitor_int.h"
#include "core/error.h"
#include "io/csv.h"
#include "io/file.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_ID, F_NAME, F_TYPE, F_COUNTRY, F_DOB, NF };

typedef struct imp {
  vet_monitor *m;
  const vet_monitor_import_options *o;
  const char *path;
  int64_t import_id;
  char now[32];
  sqlite3_stmt *get, *ins, *upd, *touch;
  vet_monitor_import_result r;
} imp;

static void reject(imp *im, unsigned long line, const char *reason) {
  im->r.rejected++;
  if (!im->o->diag) return;
  vet_diag d = {VET_DIAG_REJECT, im->path, line, reason};
  im->o->diag(im->o->diag_userdata, &d);
}

static const char *nz(const char *s) { return s && *s ? s : NULL; }

static void bind_opt(sqlite3_stmt *s, int i, const char *v) {
  if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s, i);
}

/* One customer row; f[] borrowed. */
static int put(imp *im, unsigned long line, const char *f[NF], vet_error *err) {
  for (int i = 0; i < NF; i++) f[i] = nz(f[i]);
  if (!f[F_ID]) {
    reject(im, line, "no customer id");
    return 0;
  }
  if (!f[F_NAME]) {
    reject(im, line, "no name");
    return 0;
  }
  im->r.rows++;
  char h[65];
  const char *hf[4] = {f[F_NAME], f[F_TYPE], f[F_COUNTRY], f[F_DOB]};
  vet__mon_hash(hf, 4, h);
  sqlite3_stmt *g = im->get;
  sqlite3_reset(g);
  sqlite3_bind_text(g, 1, f[F_ID], -1, SQLITE_TRANSIENT);
  int st = sqlite3_step(g);
  if (st == SQLITE_ROW) {
    int64_t last_import = sqlite3_column_int64(g, 2);
    int removed = sqlite3_column_int(g, 1);
    if (last_import == im->import_id) {
      char why[256];
      snprintf(why, sizeof why, "customer id %.200s appears more than once in the file", f[F_ID]);
      im->r.rows--;
      reject(im, line, why);
      return 0;
    }
    int same = !removed && !strcmp((const char *)sqlite3_column_text(g, 0), h);
    sqlite3_stmt *u = same ? im->touch : im->upd;
    sqlite3_reset(u);
    if (same) {
      sqlite3_bind_int64(u, 1, im->import_id);
      sqlite3_bind_text(u, 2, f[F_ID], -1, SQLITE_TRANSIENT);
      im->r.unchanged++;
    } else {
      for (int i = 1; i < NF; i++) bind_opt(u, i, f[i]);
      sqlite3_bind_text(u, 5, h, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(u, 6, im->import_id);
      sqlite3_bind_text(u, 7, im->now, -1, SQLITE_STATIC);
      sqlite3_bind_text(u, 8, f[F_ID], -1, SQLITE_TRANSIENT);
      if (removed) im->r.added++;
      else im->r.changed++;
    }
    if (sqlite3_step(u) != SQLITE_DONE) return vet__mon_dberr(im->m, err, "import");
    return 0;
  }
  if (st != SQLITE_DONE) return vet__mon_dberr(im->m, err, "import");
  sqlite3_stmt *s = im->ins;
  sqlite3_reset(s);
  for (int i = 0; i < NF; i++) bind_opt(s, i + 1, f[i]);
  sqlite3_bind_text(s, 6, h, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 7, im->import_id);
  sqlite3_bind_text(s, 8, im->now, -1, SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE) return vet__mon_dberr(im->m, err, "import");
  im->r.added++;
  return 0;
}

static int import_csv(imp *im, const vet__file *file, vet_error *err) {
  vet__csv c;
  vet__csv_record rec;
  vet__csv_init(&c, file->data, file->size, ',');
  int rc = vet__csv_next(&c, &rec);
  if (rc != 1) {
    vet__csv_free(&c);
    return vet__error_set(err, VET_EFORMAT, "%s: no header row", im->path);
  }
  const char *want[NF] = {im->o->id_column, im->o->name_column, im->o->type_column,
                          im->o->country_column, im->o->dob_column};
  long col[NF];
  for (int i = 0; i < NF; i++) {
    col[i] = -1;
    if (!want[i]) continue;
    for (size_t j = 0; j < rec.n; j++)
      if (!strcmp(rec.f[j].s, want[i])) col[i] = (long)j;
    if (col[i] < 0) {
      vet__csv_free(&c);
      return vet__error_set(err, VET_EFORMAT, "%s:1: no column named %s", im->path, want[i]);
    }
  }
  rc = 0;
  int r;
  while (!rc && (r = vet__csv_next(&c, &rec)) == 1) {
    const char *f[NF] = {0};
    for (int i = 0; i < NF; i++)
      if (col[i] >= 0 && (size_t)col[i] < rec.n) f[i] = rec.f[col[i]].s;
    if (rec.n < 2 && (!f[F_ID] || !f[F_NAME])) {
      reject(im, rec.line, "too few fields");
      continue;
    }
    rc = put(im, rec.line, f, err);
  }
  if (!rc && r == VET_ETRUNCATED) reject(im, rec.line, c.error ? c.error : "quote never closed");
  else if (!rc && r < 0) rc = vet__error_set(err, r, "%s: %s", im->path, vet_strerror(r));
  vet__csv_free(&c);
  return rc;
}

/* A JSON value as text: strings as they are, numbers printed; else NULL. */
static const char *jtext(json_t *o, const char *key, char *tmp, size_t n) {
  json_t *v = key ? json_object_get(o, key) : NULL;
  if (json_is_string(v)) return json_string_value(v);
  if (json_is_integer(v)) {
    snprintf(tmp, n, "%lld", (long long)json_integer_value(v));
    return tmp;
  }
  return NULL;
}

static int import_jsonl(imp *im, const vet__file *file, vet_error *err) {
  const char *p = file->data, *end = file->data + file->size;
  unsigned long line = 0;
  int rc = 0;
  const char *keys[NF] = {im->o->id_column, im->o->name_column, im->o->type_column,
                          im->o->country_column, im->o->dob_column};
  while (!rc && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    line++;
    const char *q = p;
    while (q < e && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
    if (q < e) {
      json_error_t je;
      json_t *o = json_loadb(p, (size_t)(e - p), 0, &je);
      if (!json_is_object(o)) {
        char why[256];
        snprintf(why, sizeof why, "not a JSON object: %s", o ? "another JSON value" : je.text);
        reject(im, line, why);
      } else {
        char tmp[NF][32];
        const char *f[NF];
        for (int i = 0; i < NF; i++) f[i] = jtext(o, keys[i], tmp[i], sizeof tmp[i]);
        rc = put(im, line, f, err);
      }
      json_decref(o);
    }
    p = nl ? nl + 1 : end;
  }
  return rc;
}

static int prep(vet_monitor *m, const char *sql, sqlite3_stmt **s, vet_error *err) {
  return sqlite3_prepare_v2(m->db, sql, -1, s, NULL) == SQLITE_OK ? 0 : vet__mon_dberr(m, err, "import");
}

int vet_monitor_import(vet_monitor *m, const char *path, const vet_monitor_import_options *o,
                       vet_monitor_import_result *result, vet_error *err) {
  if (!o || !o->id_column || !o->name_column)
    return vet__error_set(err, VET_EINVAL, "import: the id and name columns are required");
  const char *fmt = o->format;
  if (!fmt) {
    size_t n = strlen(path);
    fmt = (n > 6 && !strcmp(path + n - 6, ".jsonl")) || (n > 5 && !strcmp(path + n - 5, ".json"))
              ? "jsonl" : "csv";
  }
  if (strcmp(fmt, "csv") && strcmp(fmt, "jsonl"))
    return vet__error_set(err, VET_EINVAL, "import: format %s (csv or jsonl)", fmt);
  vet__file file;
  int rc = vet__file_open(&file, path, err);
  if (rc) return rc;
  imp im = {.m = m, .o = o, .path = path};
  vet__mon_now(im.now);
  if ((rc = vet__mon_exec(m, "BEGIN IMMEDIATE", err))) {
    vet__file_close(&file);
    return rc;
  }
  sqlite3_stmt *s = NULL;
  rc = prep(m, "INSERT INTO imports (at, path, checksum) VALUES (?, ?, ?)", &s, err);
  if (!rc) {
    sqlite3_bind_text(s, 1, im.now, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, file.checksum, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) rc = vet__mon_dberr(m, err, "import");
    sqlite3_finalize(s);
    im.import_id = sqlite3_last_insert_rowid(m->db);
  }
  if (!rc) rc = prep(m, "SELECT data_hash, removed, import_id FROM customers WHERE id = ?", &im.get, err);
  if (!rc) rc = prep(m, "INSERT INTO customers (id, name, type, country, dob, data_hash, dirty, removed,"
                        " import_id, updated_at) VALUES (?,?,?,?,?,?,1,0,?,?)", &im.ins, err);
  if (!rc) rc = prep(m, "UPDATE customers SET name=?, type=?, country=?, dob=?, data_hash=?, dirty=1,"
                        " removed=0, import_id=?, updated_at=? WHERE id=?", &im.upd, err);
  if (!rc) rc = prep(m, "UPDATE customers SET import_id=? WHERE id=?", &im.touch, err);
  if (!rc) rc = !strcmp(fmt, "csv") ? import_csv(&im, &file, err) : import_jsonl(&im, &file, err);
  sqlite3_finalize(im.get);
  sqlite3_finalize(im.ins);
  sqlite3_finalize(im.upd);
  sqlite3_finalize(im.touch);
  if (!rc && im.r.rows == 0)
    rc = vet__error_set(err, VET_EEMPTY, "%s: no customer rows (an empty base would remove everyone)",
                        path);
  if (!rc) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE alerts SET state='closed', closed_at='%s', closed_reason='customer removed from the base'"
             " WHERE state='open' AND customer_id IN (SELECT id FROM customers WHERE removed=0 AND"
             " import_id != %lld);"
             "UPDATE customers SET removed=1, dirty=0 WHERE removed=0 AND import_id != %lld;",
             im.now, (long long)im.import_id, (long long)im.import_id);
    rc = vet__mon_exec(m, sql, err);
    im.r.removed = (size_t)sqlite3_changes(m->db);
  }
  if (!rc) {
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE imports SET rows=%zu, added=%zu, changed=%zu, unchanged=%zu,"
             " removed=%zu, rejected=%zu WHERE id=%lld", im.r.rows, im.r.added, im.r.changed,
             im.r.unchanged, im.r.removed, im.r.rejected, (long long)im.import_id);
    rc = vet__mon_exec(m, sql, err);
  }
  if (!rc) {
    json_t *d = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "path", path, "checksum",
                          file.checksum, "rows", (json_int_t)im.r.rows, "added", (json_int_t)im.r.added,
                          "changed", (json_int_t)im.r.changed, "unchanged", (json_int_t)im.r.unchanged,
                          "removed", (json_int_t)im.r.removed, "rejected", (json_int_t)im.r.rejected);
    char *ds = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(d);
    char obj[64];
    snprintf(obj, sizeof obj, "import:%lld", (long long)im.import_id);
    rc = ds ? vet__mon_audit(m, o->actor, "import", obj, NULL, ds, err)
            : vet__error_set(err, VET_ENOMEM, "out of memory");
    free(ds);
  }
  vet__file_close(&file);
  if (rc) {
    sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
  if ((rc = vet__mon_exec(m, "COMMIT", err))) return rc;
  if (result) *result = im.r;
  return 0;
}
