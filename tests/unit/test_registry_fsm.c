/* test_registry_fsm.c — the request state machine and the roles.
 *
 * 1. The transition table, compared with an expected matrix written here
 *    independently from 15 CFR 744.16(e) and supplement no. 5 (every state x
 *    every event).
 * 2. The same matrix through the real API on a real SQLite registry: for
 *    every state a fresh request is driven there, then every event is tried
 *    by the role that may fire it; allowed events succeed, others fail with
 *    VET_ESTATE and leave a "refused" record in the audit log.
 * 3. Roles: every guarded action tried by every role.
 * 4. The vote rules: unanimity for removal, majority for additions. */
#include "registry_fixture.h"

enum { S_NONE, S_RECEIVED, S_REFERRED, S_DECIDED, S_NOTIFIED, S_WITHDRAWN, N_STATES };

/* expected[state][event]: the next state, or -1 when the event is refused.
 * Events: file, attach, hearing, refer, vote, decide, notify, withdraw. */
static const int expected[N_STATES][VET_EV_COUNT] = {
  /*             file        attach      hearing     refer       vote        decide     notify      withdraw */
  [S_NONE]     = {S_RECEIVED, -1,         -1,         -1,         -1,         -1,        -1,         -1},
  [S_RECEIVED] = {-1,         S_RECEIVED, S_RECEIVED, S_REFERRED, -1,         -1,        -1,         S_WITHDRAWN},
  [S_REFERRED] = {-1,         S_REFERRED, S_REFERRED, -1,         S_REFERRED, S_DECIDED, -1,         S_WITHDRAWN},
  [S_DECIDED]  = {-1,         -1,         -1,         -1,         -1,         -1,        S_NOTIFIED, -1},
  [S_NOTIFIED] = {-1,         -1,         -1,         -1,         -1,         -1,        -1,         -1},
  [S_WITHDRAWN]= {-1,         -1,         -1,         -1,         -1,         -1,        -1,         -1},
};

static void test_table(void) {
  int allowed = 0;
  for (int s = 0; s < N_STATES; s++)
    for (int e = 0; e < VET_EV_COUNT; e++) {
      vet_registry_state to = VET_STATE_NONE;
      int rc = vet_registry_transition((vet_registry_state)s, (vet_registry_event)e, &to);
      if (expected[s][e] < 0) {
        CHECK_INT(rc, VET_ESTATE);
      } else {
        CHECK_INT(rc, VET_OK);
        CHECK_INT(to, expected[s][e]);
        allowed++;
      }
    }
  CHECK_INT(allowed, 11);   /* the non-(-1) cells of the matrix above */
}

static fixture fx;
static const char *doc = "Letter of counsel.";

static int64_t n_refused(void) {
  /* Counted through the public log. */
  vet_registry *reg = fx_as(&fx, fx.admin, "2022-01-01");
  struct { int64_t n; } c = {0};
  vet_error err;
  int cb(void *ud, const vet_registry_log_record *r);
  vet_registry_log(reg, cb, &c, &err);
  vet_registry_close(reg);
  return c.n;
}
int cb(void *ud, const vet_registry_log_record *r) {
  if (!strcmp(r->outcome, "refused")) (*(int64_t *)ud)++;
  return 0;
}

/* Drives a new request to `state`; returns its id or 0. */
static int64_t drive(int state) {
  vet_error err;
  int64_t id = 0;
  vet_registry *reg = fx_as(&fx, fx.nso, "2021-12-01");
  int rc = vet_registry_request_file(reg, VET_REQ_REMOVAL, "IL:nso-group", NULL, "reasons", NULL, &id, &err);
  if (!rc && state == S_WITHDRAWN) rc = vet_registry_request_withdraw(reg, id, "no longer", &err);
  vet_registry_close(reg);
  if (rc || state == S_RECEIVED || state == S_WITHDRAWN) return rc ? 0 : id;
  reg = fx_as(&fx, fx.chair, "2021-12-02");
  rc = vet_registry_request_refer(reg, id, 0, &err);
  vet_registry_close(reg);
  if (rc || state == S_REFERRED) return rc ? 0 : id;
  /* decided: everyone denies */
  reg = fx_as(&fx, fx.chair, "2021-12-03");
  rc = vet_registry_vote(reg, id, VET_VOTE_DENY, NULL, &err);
  vet_registry_close(reg);
  for (int i = 0; i < 3 && !rc; i++) {
    reg = fx_as(&fx, fx.member[i], "2021-12-03");
    rc = vet_registry_vote(reg, id, VET_VOTE_DENY, NULL, &err);
    vet_registry_close(reg);
  }
  reg = fx_as(&fx, fx.chair, "2021-12-04");
  if (!rc) rc = vet_registry_decide(reg, id, VET_OUTCOME_DENIED, "denied", NULL, NULL, &err);
  if (!rc && state == S_NOTIFIED) rc = vet_registry_notify(reg, id, NULL, &err);
  vet_registry_close(reg);
  if (rc) fprintf(stderr, "drive: %s\n", err.message);
  return rc ? 0 : id;
}

/* Fires event e on request id as the role that may fire it. */
static int fire(int64_t id, int e, int state, vet_error *err) {
  vet_registry *reg;
  int rc;
  switch (e) {
  case VET_EV_ATTACH:
    reg = fx_as(&fx, fx.nso, "2021-12-05");
    rc = vet_registry_request_attach(reg, id, "letter.txt", doc, strlen(doc), err);
    break;
  case VET_EV_HEARING:
    reg = fx_as(&fx, fx.nso, "2021-12-05");
    rc = vet_registry_request_hearing(reg, id, "please", err);
    break;
  case VET_EV_REFER:
    reg = fx_as(&fx, fx.chair, "2021-12-05");
    rc = vet_registry_request_refer(reg, id, 0, err);
    break;
  case VET_EV_VOTE:
    reg = fx_as(&fx, fx.chair, "2021-12-05");   /* Commerce has not voted in a referred request */
    rc = vet_registry_vote(reg, id, VET_VOTE_DENY, NULL, err);
    break;
  case VET_EV_DECIDE:
    if (state == S_REFERRED)   /* the vote rule is not what this test is about: every agency votes */
      for (int i = -1; i < 3; i++) {
        reg = fx_as(&fx, i < 0 ? fx.chair : fx.member[i], "2021-12-05");
        vet_registry_vote(reg, id, VET_VOTE_DENY, NULL, err);
        vet_registry_close(reg);
      }
    reg = fx_as(&fx, fx.chair, "2021-12-06");
    rc = vet_registry_decide(reg, id, VET_OUTCOME_DENIED, "denied", NULL, NULL, err);
    break;
  case VET_EV_NOTIFY:
    reg = fx_as(&fx, fx.chair, "2021-12-06");
    rc = vet_registry_notify(reg, id, NULL, err);
    break;
  case VET_EV_WITHDRAW:
    reg = fx_as(&fx, fx.nso, "2021-12-06");
    rc = vet_registry_request_withdraw(reg, id, "withdrawn", err);
    break;
  default:
    return -100;
  }
  vet_registry_close(reg);
  return rc;
}

typedef struct got {
  vet_registry_state state;
} got;

static int on_req(void *ud, const vet_registry_request *q) {
  ((got *)ud)->state = q->state;
  return 0;
}

static void test_api_matrix(void) {
  REQUIRE(fx_setup(&fx, "test_registry_fsm", 1) == 0);
  int tried = 0, ok = 0;
  for (int s = S_RECEIVED; s < N_STATES; s++)
    for (int e = VET_EV_ATTACH; e < VET_EV_COUNT; e++) {
      int64_t id = drive(s);
      REQUIRE(id > 0);
      int64_t refused_before = n_refused();
      vet_error err;
      int rc = fire(id, e, s, &err);
      tried++;
      got g = {VET_STATE_NONE};
      vet_registry *reg = fx_as(&fx, fx.chair, "2021-12-07");
      vet_registry_request_get(reg, id, on_req, &g, &err);
      vet_registry_close(reg);
      if (expected[s][e] < 0) {
        if (rc != VET_ESTATE) fprintf(stderr, "state %d event %d: rc %d\n", s, e, rc);
        CHECK_INT(rc, VET_ESTATE);
        CHECK_INT(g.state, s);                             /* unchanged */
        CHECK_INT(n_refused(), refused_before + 1);        /* and logged */
      } else {
        if (rc) fprintf(stderr, "state %d event %d: %s\n", s, e, err.message);
        CHECK_INT(rc, VET_OK);
        CHECK_INT(g.state, expected[s][e]);
        ok++;
      }
    }
  CHECK_INT(tried, 5 * 7);
  CHECK_INT(ok, 10);   /* the allowed cells of rows received..withdrawn, events attach..withdraw */
  vet_registry *reg = fx_as(&fx, NULL, "2022-01-01");
  vet_registry_verify_report rep;
  vet_error err;
  CHECK_INT(vet_registry_verify(reg, &rep, &err), VET_OK);
  vet_registry_close(reg);
}

/* Every guarded action by every role: allowed[role] says whether it may. */
static void test_roles(void) {
  fixture rf;
  REQUIRE(fx_setup(&rf, "test_registry_roles", 1) == 0);
  const char *tokens[5] = {NULL, rf.nso, rf.member[0], rf.chair, rf.admin};
  enum { A_IDENTITY, A_IMPORT, A_DRAFT, A_PUBLISH, A_FILE, A_REFER, A_VOTE, A_LOG, A_LIST, A_ASOF, N_ACTIONS };
  /*                                 pub req erc chair admin */
  static const int allowed[N_ACTIONS][5] = {
    [A_IDENTITY] = {0, 0, 0, 0, 1}, [A_IMPORT] = {0, 0, 0, 0, 1}, [A_DRAFT] = {0, 0, 0, 1, 0},
    [A_PUBLISH] = {0, 0, 0, 1, 0},  [A_FILE] = {0, 1, 0, 0, 0},   [A_REFER] = {0, 0, 0, 1, 0},
    [A_VOTE] = {0, 0, 1, 1, 0},     [A_LOG] = {0, 0, 1, 1, 1},    [A_LIST] = {0, 1, 1, 1, 1},
    [A_ASOF] = {1, 1, 1, 1, 1},
  };
  /* A request to refer and vote on, filed by NSO's counsel. */
  int64_t id = 0;
  vet_error err;
  vet_registry *reg = fx_as(&rf, rf.nso, "2021-12-01");
  REQUIRE(vet_registry_request_file(reg, VET_REQ_REMOVAL, "IL:nso-group", NULL, "r", NULL, &id, &err) == 0);
  vet_registry_close(reg);
  int64_t refusals = 0;
  for (int a = 0; a < N_ACTIONS; a++)
    for (int r = 0; r < 5; r++) {
      reg = fx_as(&rf, tokens[r], "2021-12-02");
      REQUIRE(reg);
      char tok[VET_REGISTRY_TOKEN_SIZE], name[64];
      snprintf(name, sizeof name, "x%d%d", a, r);
      int rc = 0;
      switch (a) {
      case A_IDENTITY: rc = vet_registry_identity_add(reg, name, VET_ROLE_CHAIR, NULL, NULL, tok, &err); break;
      case A_IMPORT: rc = vet_registry_import_ecfr(reg, "/nonexistent.xml", NULL, NULL, NULL, &err); break;
      case A_DRAFT: rc = vet_registry_rule_draft(reg, name, NULL, NULL, NULL, &err); break;
      case A_PUBLISH: rc = vet_registry_rule_publish(reg, "2021-24123", NULL, "2021-11-03", "2021-11-04", &err); break;
      case A_FILE: rc = vet_registry_request_file(reg, VET_REQ_REMOVAL, "IL:nso-group", NULL, "r", NULL, NULL, &err); break;
      case A_REFER: rc = vet_registry_request_refer(reg, id, 0, &err); break;
      case A_VOTE: rc = vet_registry_vote(reg, id, VET_VOTE_APPROVE, NULL, &err); break;
      case A_LOG: rc = vet_registry_log(reg, cb, &(int64_t){0}, &err); break;
      case A_LIST: rc = vet_registry_requests(reg, 0, on_req, &(got){0}, &err); break;
      case A_ASOF: rc = vet_registry_asof(reg, "2021-11-04", fx_collect, &(fx_names){0}, &err); break;
      }
      vet_registry_close(reg);
      if (allowed[a][r] ? rc == VET_EDENIED : rc != VET_EDENIED)
        fprintf(stderr, "action %d role %d: rc %d (%s)\n", a, r, rc, err.message);
      if (allowed[a][r]) CHECK(rc != VET_EDENIED);
      else {
        CHECK_INT(rc, VET_EDENIED);
        refusals++;
      }
    }
  /* Ownership: PT's counsel may neither see NSO's request nor file for NSO. */
  reg = fx_as(&rf, rf.pt, "2021-12-03");
  got g = {VET_STATE_NONE};
  CHECK_INT(vet_registry_request_get(reg, id, on_req, &g, &err), VET_EDENIED);
  CHECK_INT(vet_registry_request_hearing(reg, id, "x", &err), VET_EDENIED);
  CHECK_INT(vet_registry_request_file(reg, VET_REQ_REMOVAL, "IL:nso-group", NULL, "r", NULL, NULL, &err), VET_EDENIED);
  vet_registry_close(reg);
  /* Treasury does not take part unless the chair said so; State votes once. */
  reg = fx_as(&rf, rf.member[3], "2021-12-03");
  CHECK_INT(vet_registry_vote(reg, id, VET_VOTE_APPROVE, NULL, &err), VET_EDENIED);
  vet_registry_close(reg);
  reg = fx_as(&rf, rf.member[0], "2021-12-03");
  CHECK_INT(vet_registry_vote(reg, id, VET_VOTE_APPROVE, NULL, &err), VET_ESTATE);   /* voted above */
  vet_registry_close(reg);
  /* An unknown token is refused at open. */
  vet_registry_options o = vet_registry_options_default();
  o.token = "0000";
  reg = NULL;
  CHECK_INT(vet_registry_open(rf.path, &o, &reg, &err), VET_EDENIED);
  CHECK(reg == NULL);
  /* Every refusal above is in the log: role refusals, the chair's publication
   * of an already published rule (a state refusal, 1), ownership (3),
   * Treasury (1), the double vote (1) and the unknown token (1). */
  reg = fx_as(&rf, rf.admin, "2021-12-04");
  int64_t logged = 0;
  CHECK_INT(vet_registry_log(reg, cb, &logged, &err), 0);
  CHECK_INT(logged, refusals + 1 + 3 + 1 + 1 + 1);
  vet_registry_verify_report rep;
  CHECK_INT(vet_registry_verify(reg, &rep, &err), VET_OK);
  vet_registry_close(reg);
}

static int64_t file_and_refer(fixture *f, vet_registry_request_kind kind, const char *filer, const char *key,
                              const vet_registry_entry *proposed) {
  vet_error err;
  int64_t id = 0;
  vet_registry *reg = fx_as(f, filer, "2022-01-01");
  int rc = vet_registry_request_file(reg, kind, key, NULL, "reasons", proposed, &id, &err);
  vet_registry_close(reg);
  if (rc) fprintf(stderr, "file: %s\n", err.message);
  reg = fx_as(f, f->chair, "2022-01-02");
  if (!rc) rc = vet_registry_request_refer(reg, id, 0, &err);
  vet_registry_close(reg);
  return rc ? 0 : id;
}

static void votes(fixture *f, int64_t id, const vet_registry_vote_value v[4]) {
  vet_error err;
  for (int i = -1; i < 3; i++) {
    vet_registry *reg = fx_as(f, i < 0 ? f->chair : f->member[i], "2022-01-05");
    CHECK_INT(vet_registry_vote(reg, id, v[i + 1], NULL, &err), 0);
    vet_registry_close(reg);
  }
}

static void test_vote_rules(void) {
  fixture vf;
  REQUIRE(fx_setup(&vf, "test_registry_votes", 1) == 0);
  vet_error err;
  /* Removal of NSO Group, 3 approve and 1 deny: no unanimity, so denied. */
  int64_t id = file_and_refer(&vf, VET_REQ_REMOVAL, vf.nso, "IL:nso-group", NULL);
  REQUIRE(id);
  votes(&vf, id, (vet_registry_vote_value[]){VET_VOTE_APPROVE, VET_VOTE_APPROVE, VET_VOTE_APPROVE, VET_VOTE_DENY});
  vet_registry *reg = fx_as(&vf, vf.chair, "2022-01-06");
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_GRANTED, "r", "R-1", NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_DENIED, "r", NULL, NULL, &err), 0);
  vet_registry_close(reg);
  /* An addition proposed by State, 3 approve and 1 deny: a majority adds. */
  static const char *addr[] = {"1 Example Street, Tel Aviv, Israel."};
  vet_registry_entry cand = fx_entry("IL:candiru", "ISRAEL", "Candiru", addr);
  id = file_and_refer(&vf, VET_REQ_ADDITION, vf.member[0], "IL:candiru", &cand);
  REQUIRE(id);
  votes(&vf, id, (vet_registry_vote_value[]){VET_VOTE_APPROVE, VET_VOTE_APPROVE, VET_VOTE_DENY, VET_VOTE_APPROVE});
  reg = fx_as(&vf, vf.chair, "2022-01-06");
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_DENIED, "r", NULL, NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_GRANTED, "majority", "R-2", NULL, &err), 0);
  vet_registry_close(reg);
  /* The grant is a draft: Candiru is not listed until R-2 is published. */
  fx_names c;
  CHECK_INT(fx_count(&vf, "2022-12-31", &c), 2);
  CHECK(!fx_has(&c, "IL:candiru"));
  reg = fx_as(&vf, vf.chair, "2022-02-01");
  CHECK_INT(vet_registry_rule_publish(reg, "R-2", "87 FR 99999", "2022-02-01", "2022-02-02", &err), 0);
  vet_registry_close(reg);
  CHECK_INT(fx_count(&vf, "2022-02-01", &c), 2);
  CHECK_INT(fx_count(&vf, "2022-02-02", &c), 3);
  CHECK(fx_has(&c, "IL:candiru"));
  /* A removal approved unanimously drafts a remove amendment. */
  id = file_and_refer(&vf, VET_REQ_REMOVAL, vf.pt, "RU:positive-technologies", NULL);
  REQUIRE(id);
  votes(&vf, id, (vet_registry_vote_value[]){VET_VOTE_APPROVE, VET_VOTE_APPROVE, VET_VOTE_APPROVE, VET_VOTE_APPROVE});
  reg = fx_as(&vf, vf.chair, "2022-01-06");
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_PARTLY_GRANTED, "r", "R-3", NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_GRANTED, "unanimous", "R-3", NULL, &err), 0);
  CHECK_INT(vet_registry_notify(reg, id, NULL, &err), 0);
  CHECK_INT(vet_registry_rule_publish(reg, "R-3", "87 FR 99998", "2022-03-01", "2022-03-15", &err), 0);
  vet_registry_close(reg);
  CHECK_INT(fx_count(&vf, "2022-03-14", &c), 3);
  CHECK(fx_has(&c, "RU:positive-technologies"));
  CHECK_INT(fx_count(&vf, "2022-03-15", &c), 2);
  CHECK(!fx_has(&c, "RU:positive-technologies"));
  /* An owned affiliate asks to be excluded from its owner's entry (a
   * modification); approved in part, the chair grants part of it. */
  vet_registry_entry none;
  memset(&none, 0, sizeof none);
  CHECK_INT(vet_registry_request_file(reg = fx_as(&vf, vf.nso, "2022-01-01"), VET_REQ_REMOVAL, "IL:nso-group",
                                      "Subsidiary Ltd.", "r", NULL, NULL, &err), VET_EINVAL);
  vet_registry_close(reg);
  static const char *new_addr[] = {"22 Galgalei Haplada, Herzliya, Israel."};
  vet_registry_entry prop = fx_entry("IL:nso-group", "ISRAEL", "NSO Group", new_addr);
  reg = fx_as(&vf, vf.nso, "2022-01-01");
  CHECK_INT(vet_registry_request_file(reg, VET_REQ_MODIFICATION, "IL:nso-group", "Subsidiary Ltd.",
                                      "The subsidiary is not at the listed address.", &prop, &id, &err), 0);
  vet_registry_close(reg);
  reg = fx_as(&vf, vf.chair, "2022-01-02");
  CHECK_INT(vet_registry_request_refer(reg, id, 0, &err), 0);
  vet_registry_close(reg);
  votes(&vf, id, (vet_registry_vote_value[]){VET_VOTE_APPROVE_IN_PART, VET_VOTE_APPROVE, VET_VOTE_APPROVE,
                                             VET_VOTE_APPROVE});
  reg = fx_as(&vf, vf.chair, "2022-01-06");
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_GRANTED, "r", "R-4", NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_PARTLY_GRANTED, "r", "R-4", NULL, &err), VET_ESTATE);
  static const char *granted_fn = "Excludes Subsidiary Ltd.";
  none.footnotes = granted_fn;
  CHECK_INT(vet_registry_decide(reg, id, VET_OUTCOME_PARTLY_GRANTED, "in part", "R-4", &none, &err), 0);
  CHECK_INT(vet_registry_rule_publish(reg, "R-4", "87 FR 99997", "2022-04-01", "2022-04-01", &err), 0);
  vet_registry_close(reg);
  int seen_fields = 0;
  int hist_fields(void *ud, const vet_registry_change *c);
  reg = fx_as(&vf, NULL, "2022-05-01");
  CHECK_INT(vet_registry_history(reg, "IL:nso-group", hist_fields, &seen_fields, &err), 0);
  CHECK_INT(seen_fields, 1);   /* only the footnote changed: the address request was not granted */
  vet_registry_close(reg);
  /* Deadlines: a referral on 2022-01-02 is due by 2022-02-01 and overdue after. */
  id = file_and_refer(&vf, VET_REQ_REMOVAL, vf.nso, "IL:nso-group", NULL);
  int n = 0;
  int count(void *ud, const vet_registry_request *q);
  reg = fx_as(&vf, vf.chair, "2022-02-01");
  CHECK_INT(vet_registry_requests(reg, 1, count, &n, &err), 0);
  CHECK_INT(n, 0);
  vet_registry_close(reg);
  reg = fx_as(&vf, vf.chair, "2022-02-02");
  CHECK_INT(vet_registry_requests(reg, 1, count, &n, &err), 0);
  CHECK_INT(n, 1);
  vet_registry_close(reg);
}

int hist_fields(void *ud, const vet_registry_change *c) {
  if (c->action == VET_AMEND_MODIFY) {
    *(int *)ud += (int)c->n_fields;
    CHECK_STR(c->fields[0].field, "footnotes");
    CHECK_STR(c->fields[0].new_value, "Excludes Subsidiary Ltd.");
    CHECK_INT(c->request_id, 4);
  }
  return 0;
}

int count(void *ud, const vet_registry_request *q) {
  CHECK_STR(q->deadline, "2022-02-01");
  CHECK(q->overdue);
  (*(int *)ud)++;
  return 0;
}

int main(void) {
  RUN(test_table);
  RUN(test_api_matrix);
  RUN(test_roles);
  RUN(test_vote_rules);
  return HARNESS_DONE();
}
