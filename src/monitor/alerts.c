/* alerts.c — listing alerts and recording analysts' decisions.
 *
 * A decision is a new row in `decisions` (append-only: triggers refuse
 * UPDATE and DELETE) that copies the alert's customer hash and entity hash:
 * that copy is what a false positive suppresses (run.c), so the suppression
 * lapses on its own when either the customer's data or the entity's record
 * changes. true-match and false-positive close the alert; needs-review keeps
 * it open. Every decision gets its audit record (who, when, why, the alert's
 * evidence and the list versions of the run that raised it) in the same
 * transaction. */
#include "monitor/monitor_int.h"
#include "core/error.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vet_monitor_alerts(vet_monitor *m, int all,
                       int (*fn)(void *userdata, const vet_monitor_alert *alert), void *userdata,
                       vet_error *err) {
  sqlite3_stmt *s = NULL;
  const char *sql = all ? "SELECT id, state, customer_id, customer_name, list_id, source_id, entity_name,"
                          " matched_name, score, evidence, decision, created_at, run_id, closed_reason"
                          " FROM alerts ORDER BY id"
                        : "SELECT id, state, customer_id, customer_name, list_id, source_id, entity_name,"
                          " matched_name, score, evidence, decision, created_at, run_id, closed_reason"
                          " FROM alerts WHERE state = 'open' ORDER BY id";
  if (sqlite3_prepare_v2(m->db, sql, -1, &s, NULL) != SQLITE_OK) return vet__mon_dberr(m, err, "alerts");
  int rc = 0, st;
  while ((st = sqlite3_step(s)) == SQLITE_ROW) {
    vet_monitor_alert a;
#define T(i) ((const char *)sqlite3_column_text(s, i))
    a.id = sqlite3_column_int64(s, 0);
    a.state = T(1);
    a.customer_id = T(2);
    a.customer_name = T(3);
    a.list_id = T(4);
    a.source_id = T(5);
    a.entity_name = T(6);
    a.matched_name = T(7);
    a.score = sqlite3_column_double(s, 8);
    a.evidence = T(9);
    a.decision = T(10);
    a.created_at = T(11);
    a.run_id = sqlite3_column_int64(s, 12);
    a.closed_reason = T(13);
#undef T
    if (fn(userdata, &a)) {
      rc = vet__error_set(err, VET_ECANCELLED, "stopped");
      break;
    }
  }
  if (!rc && st != SQLITE_DONE) rc = vet__mon_dberr(m, err, "alerts");
  sqlite3_finalize(s);
  return rc;
}

int vet_monitor_decide(vet_monitor *m, int64_t alert_id, const char *decision, const char *reason,
                       const char *by, vet_error *err) {
  if (!decision || (strcmp(decision, "true-match") && strcmp(decision, "false-positive") &&
                    strcmp(decision, "needs-review")))
    return vet__error_set(err, VET_EINVAL, "decision %s: true-match, false-positive or needs-review",
                          decision ? decision : "(none)");
  if (!reason || !*reason) return vet__error_set(err, VET_EINVAL, "a decision needs a reason");
  if (!by || !*by) return vet__error_set(err, VET_EINVAL, "a decision needs who made it");
  int rc = vet__mon_exec(m, "BEGIN IMMEDIATE", err);
  if (rc) return rc;
  sqlite3_stmt *s = NULL;
  char now[32];
  vet__mon_now(now);
  rc = sqlite3_prepare_v2(m->db, "SELECT a.state, a.customer_id, a.customer_hash, a.list_id, a.source_id,"
                          " a.entity_hash, a.evidence, a.matched_name, a.score, r.snapshot_checksum, r.lists"
                          " FROM alerts a JOIN runs r ON r.id = a.run_id WHERE a.id = ?", -1, &s, NULL)
           ? vet__mon_dberr(m, err, "decide") : 0;
  char *detail = NULL;
  char state[16] = "";
  if (!rc) {
    sqlite3_bind_int64(s, 1, alert_id);
    if (sqlite3_step(s) != SQLITE_ROW) {
      rc = vet__error_set(err, VET_ENOTFOUND, "no alert %lld", (long long)alert_id);
    } else {
#define T(i) ((const char *)sqlite3_column_text(s, i))
      snprintf(state, sizeof state, "%s", T(0));
      json_t *lists = json_loads(T(10), 0, NULL);
      json_t *d = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:o?}", "alert",
                            (json_int_t)alert_id, "decision", decision, "customer", T(1), "list", T(3),
                            "source_id", T(4), "matched_name", T(7), "score", sqlite3_column_double(s, 8),
                            "evidence", T(6), "alert_state_before", state, "snapshot", T(9), "lists", lists);
      detail = d ? json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
      json_decref(d);
      if (!detail) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
      sqlite3_stmt *ins = NULL;
      if (!rc && sqlite3_prepare_v2(m->db, "INSERT INTO decisions (alert_id, decision, reason, by, at,"
                                    " customer_id, customer_hash, list_id, source_id, entity_hash)"
                                    " VALUES (?,?,?,?,?,?,?,?,?,?)", -1, &ins, NULL) != SQLITE_OK)
        rc = vet__mon_dberr(m, err, "decide");
      if (!rc) {
        sqlite3_bind_int64(ins, 1, alert_id);
        sqlite3_bind_text(ins, 2, decision, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, reason, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, by, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, T(1), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 7, T(2), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 8, T(3), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 9, T(4), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 10, T(5), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) rc = vet__mon_dberr(m, err, "decide");
      }
#undef T
      sqlite3_finalize(ins);
    }
  }
  sqlite3_finalize(s);
  int64_t did = sqlite3_last_insert_rowid(m->db);
  if (!rc) {
    int closes = strcmp(decision, "needs-review") != 0;
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE alerts SET decision = '%s'%s%s%s WHERE id = %lld", decision,
             closes ? ", state = 'closed', closed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), "
                      "closed_reason = 'decided: " : "",
             closes ? decision : "", closes ? "'" : "", (long long)alert_id);
    rc = vet__mon_exec(m, sql, err);
  }
  if (!rc) {
    char obj[48];
    snprintf(obj, sizeof obj, "decision:%lld", (long long)did);
    rc = vet__mon_audit(m, by, "decide", obj, reason, detail, err);
  }
  free(detail);
  if (rc) {
    sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
  return vet__mon_exec(m, "COMMIT", err);
}
