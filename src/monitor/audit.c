/* audit.c — the monitoring store's append-only, hash-chained audit log:
 * appending, exporting for an examiner, verifying.
 *
 * One record per import, screening run and decision: seq, at (UTC), actor,
 * action, object ("run:2", "alert:5", "import:1"), reason, detail (a JSON
 * object: for a run the snapshot checksum, every list's id, date and
 * checksum, and the counts; for a decision the alert's customer, entity and
 * evidence). Each record's hash is the registry's record hash
 * (core/chain.h) over (at, actor, action, object, reason, detail) with the
 * previous hash and seq, so changing, inserting or deleting a record breaks
 * the chain from there on. Verification also checks that every run and
 * decision row has its audit record, so a row added behind vet's back is
 * found too. */
#include "monitor/monitor_int.h"
#include "core/error.h"
#include "core/chain.h"
#include "core/buf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vet__mon_audit(vet_monitor *m, const char *actor, const char *action, const char *object,
                   const char *reason, const char *detail, vet_error *err) {
  sqlite3_stmt *s = NULL;
  char prev[65], hash[65], at[32];
  int64_t seq = 0;
  memcpy(prev, vet__chain_zero, sizeof prev);
  if (sqlite3_prepare_v2(m->db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1, &s,
                         NULL) != SQLITE_OK)
    return vet__mon_dberr(m, err, "audit");
  if (sqlite3_step(s) == SQLITE_ROW) {
    seq = sqlite3_column_int64(s, 0);
    snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(s, 1));
  }
  sqlite3_finalize(s);
  seq++;
  vet__mon_now(at);
  if (!actor || !*actor) actor = "unknown";
  const char *f[6] = {at, actor, action, object, reason, detail};
  vet__chain_hash(prev, seq, f, 6, hash);
  if (sqlite3_prepare_v2(m->db, "INSERT INTO audit_log (seq, at, actor, action, object, reason, detail,"
                         " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK)
    return vet__mon_dberr(m, err, "audit");
  sqlite3_bind_int64(s, 1, seq);
  for (int i = 0; i < 6; i++)
    if (f[i]) sqlite3_bind_text(s, i + 2, f[i], -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 8, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 9, hash, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vet__mon_dberr(m, err, "audit");
  sqlite3_finalize(s);
  return rc;
}

static const char *const cols[] = {"seq", "at", "actor", "action", "object", "reason", "detail",
                                   "prev_hash", "hash"};

static void csv_field(vet__buf *b, const char *s, int first) {
  if (!first) vet__buf_putc(b, ',');
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    vet__buf_puts(b, s);
    return;
  }
  vet__buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') vet__buf_putc(b, '"');
    vet__buf_putc(b, *s);
  }
  vet__buf_putc(b, '"');
}

int vet_monitor_audit_export(vet_monitor *m, const char *format,
                             int (*fn)(void *userdata, const char *line), void *userdata,
                             vet_error *err) {
  int csv = format && !strcmp(format, "csv");
  if (format && !csv && strcmp(format, "jsonl"))
    return vet__error_set(err, VET_EINVAL, "audit export: format %s (jsonl or csv)", format);
  vet__buf b = {0};
  int rc = 0;
  if (csv) {
    for (size_t i = 0; i < 9; i++) csv_field(&b, cols[i], i == 0);
    if (fn(userdata, b.data ? b.data : "")) rc = vet__error_set(err, VET_ECANCELLED, "stopped");
  }
  sqlite3_stmt *s = NULL;
  if (!rc && sqlite3_prepare_v2(m->db, "SELECT seq, at, actor, action, object, reason, detail, "
                                "prev_hash, hash FROM audit_log ORDER BY seq", -1, &s, NULL) != SQLITE_OK)
    rc = vet__mon_dberr(m, err, "audit export");
  while (!rc && sqlite3_step(s) == SQLITE_ROW) {
    vet__buf_clear(&b);
    if (csv) {
      for (int i = 0; i < 9; i++) csv_field(&b, (const char *)sqlite3_column_text(s, i), i == 0);
    } else {
      json_t *o = json_object();
      json_object_set_new(o, "seq", json_integer(sqlite3_column_int64(s, 0)));
      for (int i = 1; i < 9; i++) {
        const char *v = (const char *)sqlite3_column_text(s, i);
        /* detail stays the stored string (itself JSON), byte for byte, so an
         * examiner can recompute every hash from the export alone. */
        json_object_set_new(o, cols[i], v ? json_string(v) : json_null());
      }
      char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
      json_decref(o);
      if (!line) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
      else vet__buf_puts(&b, line);
      free(line);
    }
    if (!rc && fn(userdata, b.data ? b.data : "")) rc = vet__error_set(err, VET_ECANCELLED, "stopped");
  }
  sqlite3_finalize(s);
  vet__buf_free(&b);
  return rc;
}

/* How many rows of `table` lack an audit record with object prefix||id. */
static int64_t unaudited(vet_monitor *m, const char *table, const char *prefix) {
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM %s t WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
           "WHERE a.object = '%s' || t.id)", table, prefix);
  sqlite3_stmt *s = NULL;
  int64_t n = -1;
  if (sqlite3_prepare_v2(m->db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

int vet_monitor_audit_verify(vet_monitor *m, int64_t *records, char head[65], vet_error *err) {
  sqlite3_stmt *s = NULL;
  char prev[65], hash[65];
  memcpy(prev, vet__chain_zero, sizeof prev);
  int64_t expect = 1, n = 0;
  int rc = 0;
  if (sqlite3_prepare_v2(m->db, "SELECT seq, at, actor, action, object, reason, detail, prev_hash, hash"
                         " FROM audit_log ORDER BY seq", -1, &s, NULL) != SQLITE_OK)
    return vet__mon_dberr(m, err, "audit verify");
  while (!rc && sqlite3_step(s) == SQLITE_ROW) {
    int64_t seq = sqlite3_column_int64(s, 0);
    const char *f[6];
    for (int i = 0; i < 6; i++) f[i] = (const char *)sqlite3_column_text(s, i + 1);
    const char *pv = (const char *)sqlite3_column_text(s, 7);
    const char *hv = (const char *)sqlite3_column_text(s, 8);
    if (seq != expect)
      rc = vet__error_set(err, VET_ECORRUPT, "audit record %lld: expected sequence number %lld "
                          "(a record was deleted or inserted)", (long long)seq, (long long)expect);
    else if (!pv || strcmp(pv, prev))
      rc = vet__error_set(err, VET_ECORRUPT, "audit record %lld: its previous hash does not match "
                          "record %lld", (long long)seq, (long long)seq - 1);
    else {
      vet__chain_hash(prev, seq, f, 6, hash);
      if (!hv || strcmp(hv, hash))
        rc = vet__error_set(err, VET_ECORRUPT, "audit record %lld: the record was changed "
                            "(its hash does not match its contents)", (long long)seq);
    }
    memcpy(prev, hash, sizeof prev);
    expect++;
    n++;
  }
  sqlite3_finalize(s);
  if (rc) return rc;
  int64_t u = unaudited(m, "runs", "run:");
  if (u != 0)
    return vet__error_set(err, VET_ECORRUPT, "%lld screening run(s) without an audit record", (long long)u);
  u = unaudited(m, "decisions", "decision:");
  if (u != 0)
    return vet__error_set(err, VET_ECORRUPT, "%lld decision(s) without an audit record", (long long)u);
  if (records) *records = n;
  if (head) memcpy(head, prev, 65);
  return 0;
}
