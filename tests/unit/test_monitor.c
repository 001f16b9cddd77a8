/* test_monitor.c — the monitoring library (include/vet_monitor.h) on real
 * SQLite files: a changed entity record lifts a false-positive suppression
 * and alerts again, a removed entity closes its alert, the thread count does
 * not change the result on the real SDN list, and the audit chain finds
 * deleted records and rows added behind its back. The CLI test
 * (tests/cli/test_monitor.sh) covers the SDN 2024-03-04 -> 03-05 update. A
 * --delta is taken only when its recorded provenance is right, or trusted. */
#include "harness.h"
#include "vet.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

static char dir[64];

static void path_in(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

/* A snapshot of one list "vet" holding organisations given as
 * {id, name, remarks} triples, NULL-terminated. */
static int make_snapshot(const char *path, const char *const *ents) {
  vet_builder *b = vet_builder_new(NULL);
  vet_list_info info = {0};
  info.list_id = "vet";
  info.name = "test list";
  info.date = "2024-03-05";
  vet_error err;
  int rc = vet_builder_begin_list(b, &info, &err);
  for (; !rc && ents[0]; ents += 3) {
    vet_name nm = {0};
    nm.text = ents[1];
    vet_entity e = {0};
    e.list_id = "vet";
    e.source_id = ents[0];
    e.type = VET_TYPE_ORGANIZATION;
    e.names = &nm;
    e.n_names = 1;
    e.remarks = ents[2];
    rc = vet_builder_add_entity(b, &e, &err);
  }
  if (!rc) rc = vet_builder_end_list(b, &err);
  if (!rc) rc = vet_builder_write(b, path, &err);
  if (rc) fprintf(stderr, "snapshot: %s\n", err.message);
  vet_builder_free(b);
  return rc;
}

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fputs(text, f);
  return fclose(f);
}

typedef struct tally {
  int open, total;
  int64_t last_id;
  char last_source[32], last_reason[128];
} tally;

static int count_alert(void *ud, const vet_monitor_alert *a) {
  tally *t = ud;
  t->total++;
  if (!strcmp(a->state, "open")) t->open++;
  t->last_id = a->id;
  snprintf(t->last_source, sizeof t->last_source, "%s", a->source_id);
  snprintf(t->last_reason, sizeof t->last_reason, "%s", a->closed_reason ? a->closed_reason : "");
  return 0;
}

static tally alerts(vet_monitor *m, int all) {
  tally t = {0};
  vet_monitor_alerts(m, all, count_alert, &t, NULL);
  return t;
}

/* E1's record changes (remarks) between OLD and NEW; E2 is removed. */
static void test_entity_change_and_removal(void) {
  char old_s[128], new_s[128], db[128], csv[128];
  path_in(old_s, sizeof old_s, "old.snap");
  path_in(new_s, sizeof new_s, "new.snap");
  path_in(db, sizeof db, "a.db");
  path_in(csv, sizeof csv, "a.csv");
  const char *old_e[] = {"E1", "Northwind Maritime Trading", "first remark",
                         "E2", "Quillfeather Armaments", NULL, NULL};
  const char *new_e[] = {"E1", "Northwind Maritime Trading", "second remark", NULL};
  REQUIRE(make_snapshot(old_s, old_e) == 0);
  REQUIRE(make_snapshot(new_s, new_e) == 0);
  REQUIRE(write_file(csv, "id,name\n1,Northwind Maritime Trading\n2,Quillfeather Armaments\n"
                          "3,Emberly Bakery\n") == 0);
  vet_monitor *m = NULL;
  vet_error err;
  REQUIRE(vet_monitor_open(db, 1, &m, &err) == 0);
  vet_monitor_import_options io = {0};
  io.id_column = "id";
  io.name_column = "name";
  vet_monitor_import_result ir;
  CHECK(vet_monitor_import(m, csv, &io, &ir, &err) == 0);
  CHECK_INT(ir.added, 3);
  vet_monitor_run_options ro = vet_monitor_run_options_default();
  ro.snapshot = old_s;
  ro.actor = "test";
  vet_monitor_run_result rr;
  REQUIRE(vet_monitor_run(m, &ro, &rr, &err) == 0);
  CHECK_STR(rr.mode, "full");
  CHECK_INT(rr.new_alerts, 2);   /* customers 1 and 2, each named as one entity */
  tally t = alerts(m, 0);
  CHECK_INT(t.open, 2);
  /* Alert 1 is customer 1 against E1 (customers are screened in import order). */
  CHECK(vet_monitor_decide(m, 1, "false-positive", "", "ann", &err) == VET_EINVAL);
  CHECK(vet_monitor_decide(m, 1, "maybe", "r", "ann", &err) == VET_EINVAL);
  CHECK(vet_monitor_decide(m, 99, "true-match", "r", "ann", &err) == VET_ENOTFOUND);
  REQUIRE(vet_monitor_decide(m, 1, "false-positive", "a shipping agent of that name in Oslo", "ann",
                             &err) == 0);
  /* The same lists again: suppressed (same evidence), nothing new. */
  ro.full = 1;
  REQUIRE(vet_monitor_run(m, &ro, &rr, &err) == 0);
  CHECK_INT(rr.new_alerts, 0);
  CHECK_INT(alerts(m, 0).open, 1);
  /* The update: E1's record changed, E2 removed. The pair (1, E1) comes
   * back as a new alert; E2's alert is closed. */
  ro.full = 0;
  ro.snapshot = new_s;
  ro.previous = old_s;
  REQUIRE(vet_monitor_run(m, &ro, &rr, &err) == 0);
  CHECK_STR(rr.mode, "incremental");
  CHECK_INT(rr.delta_entities, 1);
  CHECK_INT(rr.screened_delta, 3);
  CHECK_INT(rr.screened_full, 0);
  CHECK_INT(rr.new_alerts, 1);
  CHECK_INT(rr.closed, 1);
  t = alerts(m, 0);
  CHECK_INT(t.open, 1);
  CHECK_STR(t.last_source, "E1");
  t = alerts(m, 1);
  CHECK_INT(t.total, 3);
  /* The previous snapshot must be the one the last run used. */
  CHECK(vet_monitor_run(m, &ro, &rr, &err) == VET_ESTATE);
  int64_t n = 0;
  char head[65];
  CHECK(vet_monitor_audit_verify(m, &n, head, &err) == 0);
  CHECK_INT(n, 5);   /* 1 import + 3 runs + 1 decision (the failed attempts left no trace) */
  vet_monitor_close(m);
}

/* Writes the delta of NEW since OLD (both snapshot paths) with `kinds` to path. */
static int write_delta(const char *old_s, const char *new_s, unsigned kinds, const char *path) {
  vet_diff_set *a = vet_diff_set_new(), *b = vet_diff_set_new();
  vet_diff *d = NULL;
  vet_error err;
  int rc = vet_diff_set_load(a, old_s, NULL, NULL, NULL, &err);
  if (!rc) rc = vet_diff_set_load(b, new_s, NULL, NULL, NULL, &err);
  if (!rc) rc = vet_diff_compute(a, b, &d, &err);
  if (!rc) rc = vet_diff_write_snapshot(d, kinds, path, &err);
  if (rc) fprintf(stderr, "delta: %s\n", err.message);
  vet_diff_free(d);
  vet_diff_set_free(a);
  vet_diff_set_free(b);
  return rc;
}

/* A store that has screened OLD fully, with customers 1..4 (see below). */
static vet_monitor *store_after_old(const char *name, const char *old_s, const char *csv) {
  char db[128];
  path_in(db, sizeof db, name);
  vet_monitor *m = NULL;
  vet_error err;
  if (vet_monitor_open(db, 1, &m, &err)) return NULL;
  vet_monitor_import_options io = {0};
  io.id_column = "id";
  io.name_column = "name";
  vet_monitor_import_result ir;
  vet_monitor_run_options ro = vet_monitor_run_options_default();
  ro.snapshot = old_s;
  vet_monitor_run_result rr;
  if (vet_monitor_import(m, csv, &io, &ir, &err) || vet_monitor_run(m, &ro, &rr, &err)) {
    vet_monitor_close(m);
    return NULL;
  }
  return m;
}

/* One value of the newest run row, as text (caller's buffer; "" for NULL). */
static void last_run_column(const char *name, const char *col, char *out, size_t n) {
  char db[128], sql[128];
  path_in(db, sizeof db, name);
  snprintf(sql, sizeof sql, "SELECT %s FROM runs ORDER BY id DESC LIMIT 1", col);
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;
  out[0] = 0;
  if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_text(st, 0))
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
}

/* A --delta is taken only when its provenance shows OLD -> NEW with added
 * and changed entities; trust_delta takes another and records why. Between
 * OLD and NEW, E1's record changes and E3 is added, so an incremental run
 * raises two alerts (customer 1 against E1's new record, customer 3 against
 * E3) — as --previous shows — and a delta of added entities only misses one. */
static void test_delta_provenance(void) {
  char old_s[128], new_s[128], csv[128], good[128], added[128], swapped[128];
  path_in(old_s, sizeof old_s, "p-old.snap");
  path_in(new_s, sizeof new_s, "p-new.snap");
  path_in(csv, sizeof csv, "p.csv");
  path_in(good, sizeof good, "p-good.snap");
  path_in(added, sizeof added, "p-added.snap");
  path_in(swapped, sizeof swapped, "p-swapped.snap");
  const char *old_e[] = {"E1", "Northwind Maritime Trading", "first remark",
                         "E2", "Quillfeather Armaments", NULL, NULL};
  const char *new_e[] = {"E1", "Northwind Maritime Trading", "second remark",
                         "E2", "Quillfeather Armaments", NULL,
                         "E3", "Brightwater Logistics", NULL, NULL};
  REQUIRE(make_snapshot(old_s, old_e) == 0);
  REQUIRE(make_snapshot(new_s, new_e) == 0);
  REQUIRE(write_file(csv, "id,name\n1,Northwind Maritime Trading\n2,Quillfeather Armaments\n"
                          "3,Brightwater Logistics\n4,Emberly Bakery\n") == 0);
  unsigned both = VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED;
  REQUIRE(write_delta(old_s, new_s, both, good) == 0);
  REQUIRE(write_delta(old_s, new_s, VET_DIFF_SNAP_ADDED, added) == 0);
  REQUIRE(write_delta(new_s, old_s, both, swapped) == 0);   /* E1 changed back */
  vet_error err;
  vet_monitor_run_options ro = vet_monitor_run_options_default();
  ro.snapshot = new_s;
  vet_monitor_run_result rr;

  /* The reference: the delta computed from --previous. */
  vet_monitor *ref = store_after_old("p-ref.db", old_s, csv);
  REQUIRE(ref);
  ro.previous = old_s;
  REQUIRE(vet_monitor_run(ref, &ro, &rr, &err) == 0);
  CHECK_STR(rr.mode, "incremental");
  CHECK_INT(rr.new_alerts, 2);
  ro.previous = NULL;
  vet_monitor_close(ref);

  vet_monitor *m = store_after_old("p.db", old_s, csv);
  REQUIRE(m);
  /* Refused: a plain snapshot, a swapped delta, a delta of added entities only. */
  ro.delta = new_s;
  CHECK_INT(vet_monitor_run(m, &ro, &rr, &err), VET_ESTATE);
  CHECK(strstr(err.message, "records no provenance") != NULL);
  ro.delta = swapped;
  CHECK_INT(vet_monitor_run(m, &ro, &rr, &err), VET_ESTATE);
  CHECK(strstr(err.message, "but the last run used") != NULL);
  CHECK(strstr(err.message, "but this run screens") != NULL);
  ro.delta = added;
  CHECK_INT(vet_monitor_run(m, &ro, &rr, &err), VET_ESTATE);
  CHECK(strstr(err.message, "holds only the added entities") != NULL);
  int64_t n = 0;
  CHECK(vet_monitor_audit_verify(m, &n, NULL, &err) == 0);
  CHECK_INT(n, 2);   /* the import and the first run: the refusals left no trace */
  /* The right delta: the same alerts as --previous, its provenance kept. */
  ro.delta = good;
  REQUIRE(vet_monitor_run(m, &ro, &rr, &err) == 0);
  CHECK_STR(rr.mode, "incremental");
  CHECK_INT(rr.delta_entities, 2);
  CHECK_INT(rr.new_alerts, 2);
  CHECK_STR(rr.delta_unverified, "");
  char col[4096];
  last_run_column("p.db", "delta_provenance", col, sizeof col);
  vet_snapshot *sn = NULL;
  REQUIRE(vet_snapshot_open(new_s, &sn, &err) == 0);
  CHECK(strstr(col, vet_snapshot_checksum(sn)) != NULL);
  vet_snapshot_close(sn);
  last_run_column("p.db", "delta_unverified", col, sizeof col);
  CHECK_STR(col, "");
  vet_monitor_close(m);

  /* trust_delta takes the added-only delta, misses the changed E1, and says so. */
  m = store_after_old("p-trust.db", old_s, csv);
  REQUIRE(m);
  ro.delta = added;
  ro.trust_delta = 1;
  REQUIRE(vet_monitor_run(m, &ro, &rr, &err) == 0);
  CHECK_INT(rr.new_alerts, 1);
  CHECK(strstr(rr.delta_unverified, "holds only the added entities") != NULL);
  last_run_column("p-trust.db", "delta_unverified", col, sizeof col);
  CHECK_STR(col, rr.delta_unverified);
  vet_monitor_close(m);
}

/* The same screening with 1 and with 3 threads gives the same alerts. */
static void test_threads_agree(void) {
  char snap[128], csv[128];
  path_in(snap, sizeof snap, "sdn.snap");
  path_in(csv, sizeof csv, "b.csv");
  vet_builder *b = vet_builder_new(NULL);
  vet_error err;
  REQUIRE(vet_builder_add_path(b, SHARED("ofac/sdn-history/sdn-2024-03-05.csv"), &err) == 0);
  REQUIRE(vet_builder_write(b, snap, &err) == 0);
  vet_builder_free(b);
  /* 3000 customers: every name from a small pool, so some hit. */
  static const char *pool[] = {"Intellexa", "Cytrox AD", "Banco Nacional de Cuba", "Maria Lopez",
                               "Hassan Ali", "Ivan Petrov", "Golden Harbor Trading", "Mohammed Rahman"};
  FILE *f = fopen(csv, "w");
  REQUIRE(f != NULL);
  fputs("id,name\n", f);
  for (int i = 0; i < 3000; i++) fprintf(f, "%d,%s %c\n", i, pool[i % 8], 'A' + i % 26);
  fclose(f);
  size_t hits[2] = {0};
  for (int k = 0; k < 2; k++) {
    char db[128];
    path_in(db, sizeof db, k ? "t3.db" : "t1.db");
    vet_monitor *m = NULL;
    REQUIRE(vet_monitor_open(db, 1, &m, &err) == 0);
    vet_monitor_import_options io = {0};
    io.id_column = "id";
    io.name_column = "name";
    REQUIRE(vet_monitor_import(m, csv, &io, NULL, &err) == 0);
    vet_monitor_run_options ro = vet_monitor_run_options_default();
    ro.snapshot = snap;
    ro.threads = k ? 3 : 1;
    vet_monitor_run_result rr;
    REQUIRE(vet_monitor_run(m, &ro, &rr, &err) == 0);
    CHECK_INT(rr.screened_full, 3000);
    hits[k] = rr.hits;
    vet_monitor_close(m);
  }
  CHECK(hits[0] > 0);
  CHECK_INT(hits[1], hits[0]);
  /* And the evidence sets are the same, compared in SQL across both files. */
  char db1[128], db3[128], sql[512];
  path_in(db1, sizeof db1, "t1.db");
  path_in(db3, sizeof db3, "t3.db");
  sqlite3 *h = NULL;
  REQUIRE(sqlite3_open(db1, &h) == SQLITE_OK);
  snprintf(sql, sizeof sql, "ATTACH '%s' AS o", db3);
  CHECK(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_stmt *s = NULL;
  CHECK(sqlite3_prepare_v2(h, "SELECT count(*) FROM (SELECT evidence FROM main.alerts EXCEPT "
                              "SELECT evidence FROM o.alerts)", -1, &s, NULL) == SQLITE_OK);
  CHECK(sqlite3_step(s) == SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(s, 0), 0);
  sqlite3_finalize(s);
  sqlite3_close(h);
}

/* Deleting the audit log's middle record, or adding a decision without its
 * record, is found. */
static void test_audit_tamper(void) {
  char db[128];
  path_in(db, sizeof db, "a.db");   /* made by test_entity_change_and_removal */
  sqlite3 *h = NULL;
  REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
  CHECK(sqlite3_exec(h, "DELETE FROM audit_log WHERE seq = 2", NULL, NULL, NULL) != SQLITE_OK);
  CHECK(sqlite3_exec(h, "DELETE FROM decisions", NULL, NULL, NULL) != SQLITE_OK);
  CHECK(sqlite3_exec(h, "INSERT INTO decisions (alert_id, decision, reason, by, at, customer_id,"
                        " customer_hash, list_id, source_id, entity_hash) SELECT 2, 'false-positive',"
                        " 'x', 'mallory', 'now', customer_id, customer_hash, list_id, source_id,"
                        " entity_hash FROM alerts WHERE id = 2", NULL, NULL, NULL) == SQLITE_OK);
  vet_monitor *m = NULL;
  vet_error err;
  REQUIRE(vet_monitor_open(db, 0, &m, &err) == 0);
  CHECK(vet_monitor_audit_verify(m, NULL, NULL, &err) == VET_ECORRUPT);
  CHECK(strstr(err.message, "decision(s) without an audit record") != NULL);
  vet_monitor_close(m);
  CHECK(sqlite3_exec(h, "DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE by = 'mallory';"
                        "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE seq = 2",
                     NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(h);
  REQUIRE(vet_monitor_open(db, 0, &m, &err) == 0);
  CHECK(vet_monitor_audit_verify(m, NULL, NULL, &err) == VET_ECORRUPT);
  CHECK(strstr(err.message, "audit record 3") != NULL);
  vet_monitor_close(m);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/vet-test-monitor.XXXXXX");
  if (!mkdtemp(dir)) return 2;
  RUN(test_entity_change_and_removal);
  RUN(test_threads_agree);
  RUN(test_delta_provenance);
  RUN(test_audit_tamper);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd)) fprintf(stderr, "could not remove %s\n", dir);
  return HARNESS_DONE();
}
