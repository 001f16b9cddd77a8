/* test_alloc_fail.c — any allocation of building, opening and screening
 * may fail, and each failure is an error, never a crash, a leak or a
 * wrong result.
 *
 * Covered: building a snapshot from a list file, opening it, screening
 * names and writing their JSON, reading an HTML page as text and scanning
 * it for mentions, screening a
 * customer file with vet batch (its threads allocate too: the failing
 * allocation is the k-th in whatever order they reach it), and keeping
 * the Entity List registry (a rule drafted, an entry added, the rule
 * published; a modification request with its proposed entry granted in
 * part and published; a removal request filed, referred, voted, granted, and the
 * removal published; the entry's history with its changed fields; the
 * list as of two dates and the difference between two dates; the audit
 * chain verified):
 * after any failure the registry file must still verify; the difference between two
 * versions of a list, as a report; and monitoring (a customer file
 * imported, a full run, the alerts listed, the audit chain verified: after
 * any failure the store's chain must still verify).
 *
 * The method (alloc_fail.h): every allocation vet's own code makes goes
 * through a counter, and each operation runs once for every k with only
 * the k-th allocation failing: it must either fail with an error status
 * and a message, or succeed with the reference result. The sanitizer
 * build (scripts/test.sh) adds that no failure path leaks or touches freed
 * memory. The official list formats' readers are in
 * test_alloc_fail_readers.c. */
#include "alloc_fail.h"
#include "harness.h"
#include "registry_fixture.h"
#include "vet.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char snap_path[256];

/* Builds the snapshot of vet's own Entity List file. */
static int build(vet_error *err) {
  vet_builder_options o = vet_builder_options_default();
  vet_builder *b = vet_builder_new(&o);
  if (!b) {
    snprintf(err->message, sizeof err->message, "out of memory");
    return VET_ENOMEM;
  }
  int rc = vet_builder_add_path(b, VET_SOURCE_DIR "/data/entity-list-2021-11-04.jsonl", err);
  if (!rc) rc = vet_builder_write(b, snap_path, err);
  vet_builder_free(b);
  return rc;
}

/* Opens the snapshot and screens three names (ASCII, Cyrillic and Arabic
 * script take different paths through the normalizer); writes what it
 * found, one line a match with its JSON, to out. */
static const char *const queries[] = {"N.S.O. Grup Ltd", "Кандиру", "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaf\xd9\x8a\xd8\xb1\xd9\x88"};
static int screen(vet_error *err, char *out, size_t cap) {
  vet_snapshot *s;
  int rc = vet_snapshot_open(snap_path, &s, err);
  if (rc) return rc;
  vet_matcher *m = vet_matcher_new(s);
  if (!m) {
    vet_snapshot_close(s);
    snprintf(err->message, sizeof err->message, "out of memory");
    return VET_ENOMEM;
  }
  size_t used = 0;
  out[0] = 0;
  for (size_t i = 0; i < sizeof queries / sizeof *queries && !rc; i++) {
    vet_query q = vet_query_default();
    q.name = queries[i];
    q.all = 1;
    q.limit = 3;
    const vet_match *r;
    size_t n;
    rc = vet_screen(m, &q, &r, &n, err);
    for (size_t k = 0; !rc && k < n; k++) {
      char *json = vet_match_to_json(&r[k], 0);
      if (!json) {
        snprintf(err->message, sizeof err->message, "out of memory");
        rc = VET_ENOMEM;
        break;
      }
      used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s %s %.4f %s\n", r[k].source_id,
                               r[k].matched_name, r[k].score, json);
      free(json);
    }
  }
  vet_matcher_free(m);
  vet_snapshot_close(s);
  return rc;
}

/* Reads a small HTML page as text, opens the snapshot and finds the
 * mentions in it (the script's "Candiru" is no text). */
static int scan(vet_error *err, char *out, size_t cap) {
  static const char html[] = "<html><head><title>Hearing</title><script>var x = 'Candiru';</script></head>"
                             "<body><p>The committee heard that <b>NSO Group</b> and</p><ul><li>Candiru Ltd."
                             "</li></ul><p>sold spyware.</p></body></html>";
  char *text = NULL;
  size_t text_n = 0;
  int rc = vet_text_from_html(html, sizeof html - 1, &text, &text_n, err);
  if (rc) return rc;
  vet_snapshot *s;
  rc = vet_snapshot_open(snap_path, &s, err);
  if (rc) {
    free(text);
    return rc;
  }
  vet_text_options o = vet_text_options_default();
  vet_text_scanner *sc;
  rc = vet_text_scanner_new(s, &o, &sc, err);
  if (!rc) {
    const vet_mention *mm;
    size_t n;
    rc = vet_text_scan(sc, text, text_n, &mm, &n, err);
    size_t used = 0;
    out[0] = 0;
    for (size_t k = 0; !rc && k < n; k++)
      used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%zu-%zu %s %.4f\n", mm[k].start,
                               mm[k].end, mm[k].source_id, mm[k].score);
    vet_text_scanner_free(sc);
  }
  vet_snapshot_close(s);
  free(text);
  return rc;
}

/* Screens a small customer file with vet batch into out. */
static char batch_in[256], batch_out[256];
static int batch(vet_error *err, char *out, size_t cap) {
  vet_snapshot *s;
  int rc = vet_snapshot_open(snap_path, &s, err);
  if (rc) return rc;
  vet_batch_options o = vet_batch_options_default();
  o.name_column = "name";
  o.id_column = "id";
  o.country_column = "country";
  o.threads = 2;
  o.cache_entries = 64;
  unlink(batch_out);
  char *ck = vet_batch_checkpoint_path(batch_out);
  if (ck) unlink(ck);
  rc = ck ? vet_batch_run(s, batch_in, batch_out, &o, NULL, err) : VET_ENOMEM;
  if (!ck) snprintf(err->message, sizeof err->message, "out of memory");
  if (ck) unlink(ck);
  free(ck);
  vet_snapshot_close(s);
  out[0] = 0;
  FILE *f = fopen(batch_out, "r");
  if (!rc && f) out[fread(out, 1, cap - 1, f)] = 0;
  if (f) fclose(f);
  return rc;
}

/* The registry session (see the top of the file), with registry_fixture.h's
 * entry and file helpers. */
static char reg_path[256];
static int reg_open(const char *token, const char *now, int create, vet_registry **reg, vet_error *err) {
  vet_registry_options o = vet_registry_options_default();
  o.token = token;
  o.now = now;
  o.create = create;
  return vet_registry_open(reg_path, &o, reg, err);
}
static int reg_change(void *ud, const vet_registry_change *c) {
  char *out = ud;
  size_t n = strlen(out);
  snprintf(out + n, 8192 - n, "%s %s %zu; ", vet_registry_action_name(c->action), c->key, c->n_fields);
  for (size_t i = 0; i < c->n_fields; i++) {
    n = strlen(out);
    snprintf(out + n, 8192 - n, "%s: %s -> %s; ", c->fields[i].field, c->fields[i].old_value ? c->fields[i].old_value : "",
             c->fields[i].new_value ? c->fields[i].new_value : "");
  }
  return 0;
}
/* Votes on request id: the chair `first`, the three members approve. */
static int reg_votes(int64_t id, const char *chair, char member[3][VET_REGISTRY_TOKEN_SIZE], const char *now,
                     vet_registry_vote_value first, vet_error *err) {
  vet_registry *reg = NULL;
  int rc = reg_open(chair, now, 0, &reg, err);
  if (!rc) rc = vet_registry_vote(reg, id, first, NULL, err);
  vet_registry_close(reg);
  for (int i = 0; i < 3 && !rc; i++) {
    reg = NULL;
    rc = reg_open(member[i], now, 0, &reg, err);
    if (!rc) rc = vet_registry_vote(reg, id, VET_VOTE_APPROVE, "agreed", err);
    vet_registry_close(reg);
  }
  return rc;
}
static int reg_key(void *ud, const vet_registry_entry *e) {
  strncat(ud, e->key, 64);
  strcat(ud, " ");
  return 0;
}
static int registry(vet_error *err, char *out, size_t cap) {
  char admin[VET_REGISTRY_TOKEN_SIZE], chair[VET_REGISTRY_TOKEN_SIZE], nso[VET_REGISTRY_TOKEN_SIZE];
  char member[3][VET_REGISTRY_TOKEN_SIZE];
  vet_registry *reg = NULL;
  fx_remove_db(reg_path);
  out[0] = 0;
  int rc = reg_open(NULL, "2021-10-01", 1, &reg, err);
  if (!rc) rc = vet_registry_init_admin(reg, "admin", admin, err);
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_open(admin, "2021-10-01", 0, &reg, err);
  if (!rc) rc = vet_registry_identity_add(reg, "chair", VET_ROLE_CHAIR, NULL, NULL, chair, err);
  for (int i = 0; i < 3 && !rc; i++)
    rc = vet_registry_identity_add(reg, fx_agencies[i], VET_ROLE_ERC_MEMBER, fx_agencies[i], NULL, member[i], err);
  if (!rc) rc = vet_registry_identity_add(reg, "nso counsel", VET_ROLE_REQUESTER, NULL, "IL:nso-group", nso, err);
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_open(chair, "2021-11-01", 0, &reg, err);
  if (!rc) rc = vet_registry_rule_draft(reg, "2021-24123", "86 FR 60760", "Addition of Certain Entities", NULL, err);
  vet_registry_entry e = fx_entry("IL:nso-group", "ISRAEL", "NSO Group", fx_nso_addr);
  if (!rc) rc = vet_registry_amend(reg, "2021-24123", VET_AMEND_ADD, &e, "spyware", NULL, err);
  if (!rc) rc = vet_registry_rule_publish(reg, "2021-24123", NULL, "2021-11-03", "2021-11-04", err);
  vet_registry_close(reg);
  reg = NULL;
  /* A modification (a new address), granted, published. */
  static const char *new_addr[] = {"22 Galgalei Haplada, Herzliya, Israel."};
  vet_registry_entry prop = e;
  prop.addresses = new_addr;
  int64_t id = 0;
  if (!rc) rc = reg_open(nso, "2021-11-10", 0, &reg, err);
  if (!rc) rc = vet_registry_request_file(reg, VET_REQ_MODIFICATION, "IL:nso-group", NULL, "moved", &prop, &id, err);
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_open(chair, "2021-11-11", 0, &reg, err);
  if (!rc) rc = vet_registry_request_refer(reg, id, 0, err);
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_votes(id, chair, member, "2021-11-12", VET_VOTE_APPROVE_IN_PART, err);
  if (!rc) rc = reg_open(chair, "2021-11-13", 0, &reg, err);
  /* In part: the footnote the chair grants, not the new address. */
  vet_registry_entry granted;
  memset(&granted, 0, sizeof granted);
  granted.footnotes = "Excludes the Herzliya office.";
  if (!rc) rc = vet_registry_decide(reg, id, VET_OUTCOME_PARTLY_GRANTED, "in part", "2021-99999", &granted, err);
  if (!rc) rc = vet_registry_rule_publish(reg, "2021-99999", "86 FR 99999", "2021-11-20", "2021-11-21", err);
  vet_registry_close(reg);
  reg = NULL;
  /* A removal request, granted unanimously, published. */
  id = 0;
  if (!rc) rc = reg_open(nso, "2021-12-01", 0, &reg, err);
  if (!rc) rc = vet_registry_request_file(reg, VET_REQ_REMOVAL, "IL:nso-group", NULL, "reforms", NULL, &id, err);
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_open(chair, "2021-12-02", 0, &reg, err);
  if (!rc) rc = vet_registry_request_refer(reg, id, 0, err);
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_votes(id, chair, member, "2021-12-03", VET_VOTE_APPROVE, err);
  if (!rc) rc = reg_open(chair, "2022-02-01", 0, &reg, err);
  if (!rc) rc = vet_registry_decide(reg, id, VET_OUTCOME_GRANTED, "reforms verified", "2022-00001", NULL, err);
  if (!rc) rc = vet_registry_rule_publish(reg, "2022-00001", "87 FR 1", "2022-02-28", "2022-03-01", err);
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_open(NULL, "2022-06-01", 0, &reg, err);
  if (!rc) rc = vet_registry_asof(reg, "2022-01-01", reg_key, out, err);
  if (!rc) strcat(out, "| ");
  if (!rc) rc = vet_registry_asof(reg, "2022-06-01", reg_key, out, err);
  if (!rc) strcat(out, "| ");
  if (!rc) rc = vet_registry_history(reg, "IL:nso-group", reg_change, out, err);
  if (!rc) strcat(out, "| ");
  if (!rc) rc = vet_registry_diff(reg, "2021-11-10", "2021-12-01", reg_change, out, err);
  vet_registry_verify_report vr;
  if (!rc) rc = vet_registry_verify(reg, &vr, err);
  vet_registry_close(reg);
  (void)cap;
  /* Whatever failed, what was written must verify. */
  int saved_fail = (int)__atomic_load_n(&fail_at, __ATOMIC_RELAXED);
  fail_at = -1;
  vet_error verr;
  if (access(reg_path, F_OK) == 0 && !reg_open(NULL, "2022-01-01", 0, &reg, &verr)) {
    int vrc = vet_registry_verify(reg, &vr, &verr);
    if (vrc) fprintf(stderr, "registry: after allocation %d failed, the file does not verify: %s\n", saved_fail, verr.message);
    CHECK(vrc == 0);
    vet_registry_close(reg);
  }
  fail_at = saved_fail;
  return rc;
}

/* The difference between vet's own list and a later version of it
 * (Candiru removed, Positive Technologies renamed, an entity added). */
static char diff_new[256];
static int diff(vet_error *err, char *out, size_t cap) {
  vet_diff_set *a = vet_diff_set_new(), *b = vet_diff_set_new();
  vet_diff *d = NULL;
  int rc = a && b ? 0 : VET_ENOMEM;
  if (rc) snprintf(err->message, sizeof err->message, "out of memory");
  if (!rc) rc = vet_diff_set_load(a, VET_SOURCE_DIR "/data/entity-list-2021-11-04.jsonl", NULL, NULL, NULL, err);
  if (!rc) rc = vet_diff_set_load(b, diff_new, NULL, NULL, NULL, err);
  if (!rc) rc = vet_diff_compute(a, b, &d, err);
  if (!rc) {
    char *text = vet_diff_to_text(d, 0);
    if (!text) {
      snprintf(err->message, sizeof err->message, "out of memory");
      rc = VET_ENOMEM;
    } else {
      snprintf(out, cap, "%s", text);
      free(text);
    }
  }
  vet_diff_free(d);
  vet_diff_set_free(a);
  vet_diff_set_free(b);
  return rc;
}

/* Monitoring: a store, the customer file of test_batch imported, a full
 * run against the snapshot, the open alerts, the audit chain. */
static char mon_path[256];
static int mon_alert(void *ud, const vet_monitor_alert *a) {
  char *out = ud;
  size_t n = strlen(out);
  snprintf(out + n, 8192 - n, "%s %s %.4f\n", a->customer_id, a->source_id, a->score);
  return 0;
}
static int monitor(vet_error *err, char *out, size_t cap) {
  fx_remove_db(mon_path);
  (void)cap;
  out[0] = 0;
  vet_monitor *m = NULL;
  int rc = vet_monitor_open(mon_path, 1, &m, err);
  vet_monitor_import_options io = {0};
  io.format = "csv";
  io.id_column = "id";
  io.name_column = "name";
  io.country_column = "country";
  io.actor = "test";
  vet_monitor_import_result ir;
  if (!rc) rc = vet_monitor_import(m, batch_in, &io, &ir, err);
  vet_monitor_run_options ro = vet_monitor_run_options_default();
  ro.snapshot = snap_path;
  ro.threads = 2;
  ro.actor = "test";
  vet_monitor_run_result rr;
  if (!rc) rc = vet_monitor_run(m, &ro, &rr, err);
  if (!rc) rc = vet_monitor_alerts(m, 0, mon_alert, out, err);
  int64_t records;
  char head[65];
  if (!rc) rc = vet_monitor_audit_verify(m, &records, head, err);
  vet_monitor_close(m);
  m = NULL;
  /* Whatever failed, the audit chain written so far must verify. */
  long saved = fail_at;
  fail_at = -1;
  vet_error verr;
  if (access(mon_path, F_OK) == 0 && !vet_monitor_open(mon_path, 0, &m, &verr)) {
    int vrc = vet_monitor_audit_verify(m, &records, head, &verr);
    if (vrc) fprintf(stderr, "monitor: after allocation %ld failed, the audit chain does not verify: %s\n", saved, verr.message);
    CHECK(vrc == 0);
    vet_monitor_close(m);
  }
  fail_at = saved;
  return rc;
}

static int build_op(vet_error *err, char *out, size_t cap) {
  (void)out;
  (void)cap;
  return build(err);
}

static void test_build(void) { every_failure("build", build_op, NULL); }

static void test_screen(void) {
  static char want[8192];
  vet_error err;
  REQUIRE(build(&err) == 0);
  REQUIRE(screen(&err, want, sizeof want) == 0);
  CHECK(strstr(want, "NSO") != NULL);
  every_failure("open and screen", screen, want);
}

static void test_text(void) {
  static char want[8192];
  vet_error err;
  REQUIRE(build(&err) == 0);
  REQUIRE(scan(&err, want, sizeof want) == 0);
  /* Two mentions, NSO Group and Candiru Ltd.; not the script's. */
  int lines = 0;
  for (const char *c = want; *c; c++) lines += *c == '\n';
  CHECK_INT(lines, 2);
  CHECK(strstr(want, "IL:nso-group") && strstr(want, "IL:candiru"));
  every_failure("HTML to text, open and scan", scan, want);
}

static void test_batch(void) {
  static char want[8192];
  FILE *f = fopen(batch_in, "w");
  REQUIRE(f);
  fputs("id,name,country\n", f);
  for (int i = 0; i < 8; i++)
    fprintf(f, "c%d,NSO Group Technologies,IL\nd%d,Jane Doe,GB\ne%d,Candiru Ltd,\nf%d,Kandiru,IL\n", i, i, i, i);
  fclose(f);
  vet_error err;
  REQUIRE(build(&err) == 0);
  REQUIRE(batch(&err, want, sizeof want) == 0);
  CHECK(strstr(want, "IL:nso-group") != NULL);
  every_failure("vet batch", batch, want);
}

static void test_registry(void) {
  static char want[8192];
  vet_error err;
  REQUIRE(registry(&err, want, sizeof want) == 0);
  /* As of 2022-01-01 NSO Group is listed, as of 2022-06-01 not; its history has the addition,
   * the footnote granted in part (not the requested address) and the removal; between
   * 2021-11-10 and 2021-12-01 the footnote changed. */
  CHECK_STR(want, "IL:nso-group | | add IL:nso-group 0; modify IL:nso-group 1; footnotes:  -> Excludes the "
                  "Herzliya office.; remove IL:nso-group 0; | modify IL:nso-group 1; footnotes:  -> Excludes "
                  "the Herzliya office.; ");
  every_failure("registry", registry, want);
  fx_remove_db(reg_path);
}

static void test_diff(void) {
  static char want[8192];
  FILE *in = fopen(VET_SOURCE_DIR "/data/entity-list-2021-11-04.jsonl", "r"), *out = fopen(diff_new, "w");
  REQUIRE(in && out);
  char line[8192];
  while (fgets(line, sizeof line, in)) {
    if (strstr(line, "\"IL:candiru\"")) continue;
    char *p = strstr(line, "\"name\": \"Positive Technologies\"");
    if (p) {
      fwrite(line, 1, (size_t)(p - line), out);
      fputs("\"name\": \"Positive Technologies JSC\"", out);
      fputs(p + strlen("\"name\": \"Positive Technologies\""), out);
    } else {
      fputs(line, out);
    }
  }
  fputs("{\"source_id\": \"XX:example\", \"type\": \"organization\", \"name\": \"Example Added Ltd\"}\n", out);
  fclose(in);
  fclose(out);
  vet_error err;
  REQUIRE(diff(&err, want, sizeof want) == 0);
  CHECK(strstr(want, "Example Added") != NULL);
  every_failure("diff", diff, want);
  unlink(diff_new);
}

static void test_monitor(void) {
  static char want[8192];
  vet_error err;
  REQUIRE(build(&err) == 0);
  REQUIRE(monitor(&err, want, sizeof want) == 0);
  CHECK(strstr(want, "IL:nso-group") != NULL);
  every_failure("monitor", monitor, want);
}

int main(void) {
  snprintf(snap_path, sizeof snap_path, "%s/test_alloc_fail-%d.snap", VET_BINARY_DIR, (int)getpid());
  RUN(test_build);
  RUN(test_screen);
  RUN(test_text);
  snprintf(batch_in, sizeof batch_in, "%s/test_alloc_fail-%d-in.csv", VET_BINARY_DIR, (int)getpid());
  snprintf(batch_out, sizeof batch_out, "%s/test_alloc_fail-%d-out.csv", VET_BINARY_DIR, (int)getpid());
  RUN(test_batch);
  snprintf(reg_path, sizeof reg_path, "%s/test_alloc_fail-%d.db", VET_BINARY_DIR, (int)getpid());
  RUN(test_registry);
  snprintf(diff_new, sizeof diff_new, "%s/test_alloc_fail-%d-new.jsonl", VET_BINARY_DIR, (int)getpid());
  RUN(test_diff);
  snprintf(mon_path, sizeof mon_path, "%s/test_alloc_fail-%d-mon.db", VET_BINARY_DIR, (int)getpid());
  RUN(test_monitor);
  unlink(mon_path);
  unlink(batch_in);
  unlink(batch_out);
  unlink(snap_path);
  return HARNESS_DONE();
}
