/* registry_demo.c — `vet registry demo`: the whole registry flow in one command.
 *
 * Builds a new registry with the four additions of 4 November 2021 (NSO
 * Group, Candiru with its seven aliases, Positive Technologies, and Computer
 * Security Initiative Consultancy PTE. LTD. / COSEINC), read from the list
 * vet ships (data/entity-list-2021-11-04.jsonl), published under rule
 * 2021-24123 (86 FR 60760). Then NSO Group's counsel files a removal request
 * with a document and asks for a hearing; the chair refers it to the ERC;
 * the member agencies vote; a premature and a wrong decision are refused
 * (and logged); the chair records the decision, and the written notice.
 * The votes are illustrative: the registry does not claim to know the real
 * ERC's deliberations — only that NSO Group is still listed. Every step uses
 * the public API with the identity the regulation gives it. */
#include "registry_cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct demo {
  const char *db;
  char admin[VET_REGISTRY_TOKEN_SIZE], chair[VET_REGISTRY_TOKEN_SIZE], counsel[VET_REGISTRY_TOKEN_SIZE];
  char member[4][VET_REGISTRY_TOKEN_SIZE];
  const char *rule;
  int added;
  vet_error err;
  vet_registry *reg;
  int rc;
} demo;

static const char *const member_agencies[4] = {"State", "Defense", "Energy", "Treasury"};

/* Opens the registry as the identity of `token` at clock `now`. */
static vet_registry *as(demo *d, const char *token, const char *now) {
  vet_registry_options o = vet_registry_options_default();
  o.token = token;
  o.now = now;
  vet_registry *reg = NULL;
  if (vet_registry_open(d->db, &o, &reg, &d->err)) {
    cli_fail_err(&d->err);
    return NULL;
  }
  return reg;
}

static int on_entity(void *ud, const vet_entity *e) {
  demo *d = ud;
  const char *aliases[64], *addresses[16], *citations[16];
  vet_registry_entry x;
  memset(&x, 0, sizeof x);
  x.key = e->source_id;
  x.name = e->n_names ? e->names[0].text : NULL;
  for (size_t i = 1; i < e->n_names && x.n_aliases < 64; i++) aliases[x.n_aliases++] = e->names[i].text;
  for (size_t i = 0; i < e->n_addresses && x.n_addresses < 16; i++) {
    addresses[x.n_addresses++] = e->addresses[i].text;
    if (!x.country) x.country = e->addresses[i].country;
  }
  char cit[16][96];
  for (size_t i = 0; i < e->n_citations && x.n_citations < 16; i++) {
    snprintf(cit[x.n_citations], sizeof cit[0], "%s%s%s", e->citations[i].text, e->citations[i].date ? ", " : "",
             e->citations[i].date ? e->citations[i].date : "");
    citations[x.n_citations] = cit[x.n_citations];
    x.n_citations++;
  }
  x.aliases = aliases;
  x.addresses = addresses;
  x.citations = citations;
  x.license_requirement = e->license_requirement;
  x.license_policy = e->license_policy;
  const char *reason = e->remarks ? e->remarks : "Added by the End-User Review Committee";
  if (vet_registry_amend(d->reg, d->rule, VET_AMEND_ADD, &x, reason, NULL, &d->err)) {
    d->rc = cli_fail_err(&d->err);
    return 1;
  }
  printf("    add %-52s %zu alias%s\n", x.name, x.n_aliases, x.n_aliases == 1 ? "" : "es");
  d->added++;
  return 0;
}

/* The shipped list: ./data, next to the binary's source tree, or the install prefix. */
static int find_data(char *out, size_t size) {
  const char *env = getenv("VET_DATA_DIR");
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
  } else {
    snprintf(exe, sizeof exe, ".");
  }
  char cand[4][PATH_MAX + 64];
  snprintf(cand[0], sizeof cand[0], "%s/entity-list-2021-11-04.jsonl", env ? env : "./data");
  snprintf(cand[1], sizeof cand[1], "./data/entity-list-2021-11-04.jsonl");
  snprintf(cand[2], sizeof cand[2], "%s/../data/entity-list-2021-11-04.jsonl", exe);
  snprintf(cand[3], sizeof cand[3], "%s/../share/vet/entity-list-2021-11-04.jsonl", exe);
  for (int i = 0; i < 4; i++)
    if (access(cand[i], R_OK) == 0) {
      if (strlen(cand[i]) >= size) return -1;
      memcpy(out, cand[i], strlen(cand[i]) + 1);
      return 0;
    }
  return -1;
}

#define STEP(...) (printf("\n== "), printf(__VA_ARGS__), printf("\n"))
#define TRY(call) do { if (call) { vet_registry_close(reg); return cli_fail_err(&d.err); } } while (0)

static int on_req(void *ud, const vet_registry_request *q) {
  (void)ud;
  reg_print_request(q);
  return 0;
}

static int count_entry(void *ud, const vet_registry_entry *e) {
  (void)e;
  (*(long *)ud)++;
  return 0;
}

static int on_entry(void *ud, const vet_registry_entry *e) {
  (void)ud;
  reg_print_entry(e, 0);
  return 0;
}

int reg_cmd_demo(int argc, char **argv) {
  reg_opts o;
  const char *data = NULL;
  const cli_opt own[] = {
    CLI_STRING("--data", 0, &data, "FILE", "the list to add (default data/entity-list-2021-11-04.jsonl)"),
    CLI_END,
  };
  int n_pos, status;
  if (reg_parse(&o, own,
                "usage: vet registry demo [-d PATH] [--data FILE]\n\n"
                "Builds a new registry (PATH must not exist) with the four Entity List additions of\n"
                "4 November 2021 published under rule 2021-24123 (86 FR 60760), and walks NSO Group's\n"
                "removal request through filing, referral to the ERC, votes, decision and written\n"
                "notice, printing each step. The votes are illustrative. Inspect the result with\n"
                "vet registry asof/history/log/verify -d PATH (the tokens are printed).",
                argc, argv, NULL, 0, &n_pos, &status))
    return status;
  char path[PATH_MAX + 64];
  if (!data) {
    if (find_data(path, sizeof path)) return cli_fail("registry demo: data/entity-list-2021-11-04.jsonl not found (use --data FILE)");
    data = path;
  }
  if (access(o.db, F_OK) == 0) return cli_fail("registry demo: %s exists; give a new path with -d", o.db);
  demo d;
  memset(&d, 0, sizeof d);
  d.db = o.db;
  d.rule = "2021-24123";

  STEP("Create the registry %s and its identities (tokens are stored as SHA-256 only)", d.db);
  vet_registry_options ro = vet_registry_options_default();
  ro.create = 1;
  ro.now = "2021-10-25";
  vet_registry *reg = NULL;
  if (vet_registry_open(d.db, &ro, &reg, &d.err)) return cli_fail_err(&d.err);
  TRY(vet_registry_init_admin(reg, "admin", d.admin, &d.err));
  vet_registry_close(reg);
  if (!(reg = as(&d, d.admin, "2021-10-25"))) return 2;
  TRY(vet_registry_identity_add(reg, "ERC chair (Commerce)", VET_ROLE_CHAIR, NULL, NULL, d.chair, &d.err));
  for (int i = 0; i < 4; i++) {
    char name[64];
    snprintf(name, sizeof name, "ERC member (%s)", member_agencies[i]);
    TRY(vet_registry_identity_add(reg, name, VET_ROLE_ERC_MEMBER, member_agencies[i], NULL, d.member[i], &d.err));
  }
  TRY(vet_registry_identity_add(reg, "Counsel for NSO Group", VET_ROLE_REQUESTER, NULL, "IL:nso-group", d.counsel,
                                &d.err));
  vet_registry_close(reg);
  printf("  admin      %s\n  chair      %s\n  requester  %s (speaks for IL:nso-group)\n", d.admin, d.chair,
         d.counsel);
  for (int i = 0; i < 4; i++) printf("  %-10s %s\n", member_agencies[i], d.member[i]);

  STEP("The chair drafts rule %s (86 FR 60760) with the four additions from %s", d.rule, data);
  if (!(reg = as(&d, d.chair, "2021-11-01"))) return 2;
  TRY(vet_registry_rule_draft(reg, d.rule, "86 FR 60760",
                              "Addition of Certain Entities to the Entity List", NULL, &d.err));
  d.reg = reg;
  vet_read_options rdo = vet_read_options_default();
  vet_read_callbacks cb = {on_entity, NULL, NULL, &d};
  if (vet_read_path(data, &rdo, &cb, &d.err) && !d.rc) d.rc = cli_fail_err(&d.err);
  if (d.rc) {
    vet_registry_close(reg);
    return d.rc;
  }
  long n = 0;
  TRY(vet_registry_asof(reg, "2021-11-04", count_entry, &n, &d.err));
  printf("  entries in force on 2021-11-04 while the rule is a draft: %ld\n", n);
  vet_registry_close(reg);

  STEP("The rule is published on 3 November 2021, effective 4 November 2021");
  if (!(reg = as(&d, d.chair, "2021-11-03"))) return 2;
  TRY(vet_registry_rule_publish(reg, d.rule, NULL, "2021-11-03", "2021-11-04", &d.err));
  printf("  list as of 2021-11-04:\n");
  TRY(vet_registry_asof(reg, "2021-11-04", on_entry, &n, &d.err));
  vet_registry_close(reg);

  STEP("NSO Group's counsel files a removal request (15 CFR 744.16(e)), attaches a letter, asks for a hearing");
  if (!(reg = as(&d, d.counsel, "2021-11-15"))) return 2;
  int64_t id = 0;
  TRY(vet_registry_request_file(reg, VET_REQ_REMOVAL, "IL:nso-group", NULL,
                                "NSO Group states that its products are sold only to vetted government "
                                "agencies for law enforcement and counter-terrorism, and asks to be removed.",
                                NULL, &id, &d.err));
  static const char letter[] = "Letter of counsel to the Chair, End-User Review Committee (illustrative).\n";
  TRY(vet_registry_request_attach(reg, id, "letter-of-counsel.txt", letter, sizeof letter - 1, &d.err));
  TRY(vet_registry_request_hearing(reg, id, "Counsel asks to present the company's case in person.", &d.err));
  printf("  request %lld received\n", (long long)id);
  printf("  the requester tries to vote on its own request: ");
  if (vet_registry_vote(reg, id, VET_VOTE_APPROVE, NULL, &d.err) == VET_EDENIED) printf("refused (logged): %s\n", d.err.message);
  vet_registry_close(reg);

  STEP("The chair refers the request to the member agencies; a decision is expected within 30 days");
  if (!(reg = as(&d, d.chair, "2021-11-22"))) return 2;
  TRY(vet_registry_request_refer(reg, id, 1, &d.err));
  TRY(vet_registry_vote(reg, id, VET_VOTE_DENY, "The reasons for listing still apply.", &d.err));
  printf("  Commerce (chair) votes deny\n");
  printf("  the chair tries to decide before every agency has voted: ");
  if (vet_registry_decide(reg, id, VET_OUTCOME_DENIED, "premature", NULL, NULL, &d.err) == VET_ESTATE)
    printf("refused (logged): %s\n", d.err.message);
  vet_registry_close(reg);

  STEP("Member agencies vote (illustrative); removal needs unanimity");
  static const vet_registry_vote_value votes[4] = {VET_VOTE_DENY, VET_VOTE_DENY, VET_VOTE_APPROVE, VET_VOTE_DENY};
  for (int i = 0; i < 4; i++) {
    if (!(reg = as(&d, d.member[i], "2021-12-01"))) return 2;
    TRY(vet_registry_vote(reg, id, votes[i], NULL, &d.err));
    printf("  %-8s votes %s\n", member_agencies[i], vet_registry_vote_name(votes[i]));
    vet_registry_close(reg);
  }
  if (!(reg = as(&d, d.chair, "2021-12-23"))) return 2;
  printf("  on 2021-12-23, overdue requests:\n");
  TRY(vet_registry_requests(reg, 1, on_req, NULL, &d.err));

  STEP("The chair records the decision; a grant is refused because the vote was not unanimous");
  printf("  decide granted: ");
  if (vet_registry_decide(reg, id, VET_OUTCOME_GRANTED, "try", "DRAFT-1", NULL, &d.err) == VET_ESTATE)
    printf("refused (logged): %s\n", d.err.message);
  TRY(vet_registry_decide(reg, id, VET_OUTCOME_DENIED,
                          "The ERC did not agree unanimously to remove the entry; the reasons for the "
                          "listing (86 FR 60760) still apply.", NULL, NULL, &d.err));
  TRY(vet_registry_notify(reg, id, "Dear counsel: your request to remove NSO Group from the Entity List is denied.",
                          &d.err));
  vet_registry_close(reg);

  STEP("The request as the requester sees it");
  if (!(reg = as(&d, d.counsel, "2021-12-23"))) return 2;
  TRY(vet_registry_request_get(reg, id, on_req, NULL, &d.err));
  vet_registry_close(reg);

  STEP("Verify the audit log's hash chain");
  if (!(reg = as(&d, NULL, "2021-12-23"))) return 2;
  vet_registry_verify_report rep;
  TRY(vet_registry_verify(reg, &rep, &d.err));
  printf("  ok: %lld records chained, %lld objects match\n", (long long)rep.n_records, (long long)rep.n_objects);
  vet_registry_close(reg);
  printf("\nNext: vet registry asof 2021-11-04 -d %s; vet registry history IL:nso-group -d %s;\n"
         "      vet registry log -d %s --as %s; vet registry publish --snapshot el.snap -d %s\n",
         d.db, d.db, d.db, d.chair, d.db);
  return 0;
}
