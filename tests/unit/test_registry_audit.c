/* test_registry_audit.c — the hash-chained audit log and crash safety.
 *
 * Tampering: a registry is built through the API and verifies; then its
 * SQLite file is edited behind vet's back with the sqlite3 API (dropping the
 * triggers that refuse such edits first, as an attacker would): a log
 * record's text, an amendment's reason, a vote, the deletion of the newest
 * log record, and a rule inserted without a record. Each time
 * vet_registry_verify() must fail with VET_ECORRUPT.
 *
 * Crash: a child process starts publishing a rule and _exit()s at a test hook
 * inside the transaction (after the rule row is updated; after the audit
 * record is written) or just after the commit. The parent then checks that
 * the registry is exactly as before (rule a draft, list unchanged, verify
 * ok) or exactly as after (rule published, list changed, verify ok). */
#include "registry_fixture.h"
#include "registry/registry_int.h"

#include <sqlite3.h>
#include <sys/wait.h>

static int copy_file(const char *from, const char *to) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
  return system(cmd);
}

/* Runs SQL on a copy of the registry and returns verify's status on it. */
static int tamper(const fixture *fx, const char *name, const char *sql) {
  fixture t = *fx;
  snprintf(t.path, sizeof t.path, "%s/%s.db", VET_BINARY_DIR, name);
  fx_remove_db(t.path);
  if (copy_file(fx->path, t.path)) return -100;
  sqlite3 *db = NULL;
  if (sqlite3_open(t.path, &db) != SQLITE_OK) return -101;
  char *msg = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", name, msg ? msg : "?");
  sqlite3_free(msg);
  int changed = sqlite3_total_changes(db);
  sqlite3_close(db);
  if (rc != SQLITE_OK || changed == 0) return -102;
  vet_registry *reg = fx_as(&t, NULL, "2022-01-01");
  vet_registry_verify_report rep;
  vet_error err;
  rc = vet_registry_verify(reg, &rep, &err);
  if (rc) fprintf(stderr, "  %s detected: %s\n", name, err.message);
  vet_registry_close(reg);
  return rc;
}

static void test_tamper(void) {
  fixture fx;
  REQUIRE(fx_setup(&fx, "test_registry_tamper", 1) == 0);
  vet_error err;
  int64_t id = 0;
  vet_registry *reg = fx_as(&fx, fx.nso, "2021-12-01");
  REQUIRE(vet_registry_request_file(reg, VET_REQ_REMOVAL, "IL:nso-group", NULL, "reasons", NULL, &id, &err) == 0);
  vet_registry_close(reg);
  reg = fx_as(&fx, fx.chair, "2021-12-02");
  REQUIRE(vet_registry_request_refer(reg, id, 0, &err) == 0);
  REQUIRE(vet_registry_vote(reg, id, VET_VOTE_DENY, "no", &err) == 0);
  vet_registry_close(reg);
  /* A clean copy verifies (and a copy is a fair copy: the WAL was checkpointed on close). */
  reg = fx_as(&fx, NULL, "2022-01-01");
  vet_registry_verify_report rep;
  CHECK_INT(vet_registry_verify(reg, &rep, &err), VET_OK);
  CHECK(rep.n_records > 10);
  CHECK_INT(rep.first_bad_seq, 0);
  vet_registry_close(reg);
  /* The triggers refuse edits made through SQL without dropping them. */
  CHECK_INT(tamper(&fx, "tamper_trigger", "UPDATE audit_log SET detail = 'x' WHERE seq = 3"), -102);
  CHECK_INT(tamper(&fx, "tamper_log",
                   "DROP TRIGGER audit_no_update; UPDATE audit_log SET reason = 'edited' WHERE seq = 9"),
            VET_ECORRUPT);
  CHECK_INT(tamper(&fx, "tamper_amendment",
                   "DROP TRIGGER amendments_no_update; UPDATE amendments SET reason = 'edited' WHERE id = 1"),
            VET_ECORRUPT);
  CHECK_INT(tamper(&fx, "tamper_amendment_delete",
                   "DROP TRIGGER amendments_no_delete; DELETE FROM amendments WHERE id = 2"), VET_ECORRUPT);
  CHECK_INT(tamper(&fx, "tamper_vote", "UPDATE votes SET vote = 'approve'"), VET_ECORRUPT);
  CHECK_INT(tamper(&fx, "tamper_request", "UPDATE requests SET reasons = 'other reasons'"), VET_ECORRUPT);
  CHECK_INT(tamper(&fx, "tamper_token", "UPDATE identities SET token_hash = 'abc' WHERE name = 'chair'"),
            VET_ECORRUPT);
  /* Deleting the newest record leaves a consistent chain, but the vote it
   * recorded no longer matches the request's latest record. */
  CHECK_INT(tamper(&fx, "tamper_truncate",
                   "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"),
            VET_ECORRUPT);
  CHECK_INT(tamper(&fx, "tamper_insert_rule",
                   "INSERT INTO rules (fr_doc, citation, status, pub_date, effective_date, created_at) "
                   "VALUES ('x', '1 FR 1', 'published', '2021-01-01', '2021-01-01', 'now')"),
            VET_ECORRUPT);
  CHECK_INT(tamper(&fx, "tamper_rehash",
                   "DROP TRIGGER audit_no_update; UPDATE audit_log SET hash = "
                   "(CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE seq = 5"),
            VET_ECORRUPT);
}

/* ---- crash in the middle of publication */

static void crash_hook(void *ud, const char *point) {
  if (!strcmp(point, (const char *)ud)) _exit(42);
}

static int crash_publish(const fixture *fx, const char *point) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    vet_registry *reg = fx_as(fx, fx->chair, "2022-03-01");
    if (!reg) _exit(1);
    vet__registry_set_hook(reg, crash_hook, (void *)point);
    vet_error err;
    vet_registry_rule_publish(reg, "R-REMOVE", "87 FR 11111", "2022-03-01", "2022-03-15", &err);
    _exit(0);   /* not reached when the hook fires */
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

typedef struct rule_state {
  const char *doc;
  char status[16];
} rule_state;

static int on_rule(void *ud, const vet_registry_rule *r) {
  rule_state *s = ud;
  if (!strcmp(r->fr_doc, s->doc)) snprintf(s->status, sizeof s->status, "%s", r->status);
  return 0;
}

static void check_state(const fixture *fx, int published) {
  vet_registry *reg = fx_as(fx, fx->chair, "2022-04-01");
  REQUIRE(reg);
  rule_state s = {"R-REMOVE", ""};
  vet_error err;
  CHECK_INT(vet_registry_rules(reg, on_rule, &s, &err), 0);
  CHECK_STR(s.status, published ? "published" : "draft");
  vet_registry_verify_report rep;
  CHECK_INT(vet_registry_verify(reg, &rep, &err), VET_OK);
  vet_registry_close(reg);
  fx_names c;
  CHECK_INT(fx_count(fx, "2022-04-01", &c), published ? 1 : 2);
  CHECK(fx_has(&c, "IL:nso-group") == !published);
  CHECK_INT(fx_count(fx, "2022-03-14", &c), 2);
}

static void test_crash(void) {
  fixture fx;
  REQUIRE(fx_setup(&fx, "test_registry_crash", 1) == 0);
  vet_registry *reg = fx_as(&fx, fx.chair, "2022-02-01");
  vet_error err;
  REQUIRE(vet_registry_rule_draft(reg, "R-REMOVE", NULL, "Removal of NSO Group", NULL, &err) == 0);
  vet_registry_entry e = fx_entry("IL:nso-group", NULL, NULL, NULL);
  REQUIRE(vet_registry_amend(reg, "R-REMOVE", VET_AMEND_REMOVE, &e, "test removal", NULL, &err) == 0);
  vet_registry_close(reg);
  check_state(&fx, 0);
  CHECK_INT(crash_publish(&fx, "publish:mid"), 42);             /* after the rule row was updated */
  check_state(&fx, 0);
  CHECK_INT(crash_publish(&fx, "publish:before-commit"), 42);   /* after the audit record was written */
  check_state(&fx, 0);
  CHECK_INT(crash_publish(&fx, "publish:after-commit"), 42);    /* just after the commit */
  check_state(&fx, 1);
}

static int one_text(void *ud, int n, char **v, char **names) {
  (void)names;
  if (n > 0 && v[0]) snprintf((char *)ud, 64, "%s", v[0]);
  return 0;
}

/* The file is in WAL mode with its migrations recorded; a newer schema is refused. */
static void test_store(void) {
  fixture fx;
  REQUIRE(fx_setup(&fx, "test_registry_store", 0) == 0);
  sqlite3 *db = NULL;
  REQUIRE(sqlite3_open(fx.path, &db) == SQLITE_OK);
  char mode[64] = "", version[64] = "";
  sqlite3_exec(db, "PRAGMA journal_mode", one_text, mode, NULL);
  CHECK_STR(mode, "wal");
  sqlite3_exec(db, "SELECT max(version) FROM schema_migrations", one_text, version, NULL);
  CHECK_STR(version, "1");
  CHECK_INT(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 'from the future', 'now')", NULL, NULL, NULL),
            SQLITE_OK);
  sqlite3_close(db);
  vet_registry_options o = vet_registry_options_default();
  vet_registry *reg = NULL;
  vet_error err;
  CHECK_INT(vet_registry_open(fx.path, &o, &reg, &err), VET_EVERSION);
  CHECK(reg == NULL);
  /* A missing file is not created without create. */
  CHECK_INT(vet_registry_open(VET_BINARY_DIR "/no-such-registry.db", &o, &reg, &err), VET_ENOTFOUND);
}

int main(void) {
  RUN(test_store);
  RUN(test_tamper);
  RUN(test_crash);
  return HARNESS_DONE();
}
