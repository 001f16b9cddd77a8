/* registry_requests.c — `vet registry request | vote | decide`: removal and
 * modification requests under 15 CFR 744.16(e), from filing to the written
 * notice that is the final agency action. */
#include "registry_cli.h"

#include <stdlib.h>
#include <string.h>

void reg_print_request(const vet_registry_request *q) {
  printf("request %lld  %s of %s  state %s%s%s\n", (long long)q->id, vet_registry_kind_name(q->kind),
         q->entry_key, vet_registry_state_name(q->state), q->outcome ? "  outcome " : "",
         q->outcome ? vet_registry_outcome_name(q->outcome) : "");
  printf("  filed by %s at %s%s%s\n", q->requester, q->filed_at, q->affiliate ? " for owned affiliate " : "",
         q->affiliate ? q->affiliate : "");
  printf("  reasons: %s\n", q->reasons);
  printf("  documents %lld, votes %lld%s\n", (long long)q->n_documents, (long long)q->n_votes,
         q->with_treasury ? " (Treasury takes part)" : "");
  if (q->hearing_requested) printf("  hearing requested: %s\n", q->hearing_note ? q->hearing_note : "yes");
  if (q->referred_at) printf("  referred %s, decision expected by %s%s\n", q->referred_at, q->deadline,
                             q->overdue ? "  OVERDUE" : "");
  if (q->decided_at) printf("  decided %s: %s\n", q->decided_at, q->decision_reason ? q->decision_reason : "");
  if (q->draft_rule) printf("  amendment drafted in rule %s (in force only once published)\n", q->draft_rule);
  if (q->notified_at) printf("  notified %s: %s\n", q->notified_at, q->letter ? q->letter : "");
}

static int on_request(void *ud, const vet_registry_request *q) {
  long *n = ud;
  reg_print_request(q);
  (*n)++;
  return 0;
}

static int on_vote(void *ud, const vet_registry_vote_info *v) {
  (void)ud;
  printf("  vote: %-9s %-16s by %s at %s%s%s\n", v->agency, v->vote, v->voter, v->at,
         v->comment ? "  — " : "", v->comment ? v->comment : "");
  return 0;
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t cap = 0, len = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? 2 * cap : 65536;
      char *p = realloc(buf, cap);
      if (!p) break;
      buf = p;
    }
    size_t r = fread(buf + len, 1, cap - len, f);
    len += r;
    if (r == 0) break;
  }
  fclose(f);
  *n = len;
  return buf ? buf : strdup("");
}

static const char request_help[] =
    "usage: vet registry request file --kind removal|modification|addition --entry KEY --reasons TEXT\n"
    "                                 [--affiliate NAME] [--document FILE]... [entry options]\n"
    "       vet registry request attach ID FILE\n"
    "       vet registry request hearing ID [--note TEXT]\n"
    "       vet registry request refer ID [--treasury]\n"
    "       vet registry request notify ID [--letter TEXT]\n"
    "       vet registry request withdraw ID [--reasons TEXT]\n"
    "       vet registry request show ID\n"
    "       vet registry request list [--overdue]\n\n"
    "A listed party (a requester identity for that entry key), or its owned affiliate asking\n"
    "to be excluded from its owner's entry, files a request in writing with its reasons and\n"
    "documents (15 CFR 744.16(e)); it may ask for a hearing. The chair refers it to the ERC\n"
    "member agencies (Commerce, State, Defense, Energy; --treasury where appropriate), which\n"
    "vote (vet registry vote); a decision is expected within 30 days of referral (request\n"
    "list --overdue). The chair records the decision (vet registry decide) and then the\n"
    "written notice to the requester, which is the final agency action. Addition proposals\n"
    "are filed by ERC members with --kind addition and the entry options.";

int reg_cmd_request(int argc, char **argv) {
  reg_opts o;
  reg_entry_opts x;
  cli_opt entry[REG_ENTRY_ROWS];
  reg_entry_opts_init(&x, entry);
  const char *kind_s = NULL, *entry_key = NULL, *reasons = NULL;
  const char *affiliate = NULL, *note = NULL, *letter = NULL;
  const char *docs[16];
  cli_opt_list doc_list = {docs, 16, 0, 0};
  int treasury = 0, overdue = 0;
  const cli_opt own[] = {
    CLI_STRING("--kind", 0, &kind_s, "KIND", "file: removal (default), modification or addition"),
    CLI_STRING("--entry", 0, &entry_key, "KEY", "file: the entry the request is about"),
    CLI_STRING("--reasons", 0, &reasons, NULL, "file, withdraw: the reasons, in writing"),
    CLI_STRING("--affiliate", 0, &affiliate, "NAME", "file: the owned affiliate asking to be excluded"),
    CLI_LIST("--document", 0, &doc_list, "FILE", "file: attach this document (repeat)"),
    CLI_STRING("--note", 0, &note, NULL, "hearing: what the requester asks"),
    CLI_FLAG("--treasury", 0, &treasury, "refer: Treasury takes part"),
    CLI_STRING("--letter", 0, &letter, NULL, "notify: the written notice"),
    CLI_FLAG("--overdue", 0, &overdue, "list: only the requests past their 30 days"),
    CLI_MORE(entry, "entry options:"),
    CLI_END,
  };
  const char *pos[3];
  int n_pos, status;
  if (reg_parse(&o, own, request_help, argc, argv, pos, 3, &n_pos, &status)) return status;
  const char *verb = n_pos > 0 ? pos[0] : NULL, *id_s = n_pos > 1 ? pos[1] : NULL, *file = n_pos > 2 ? pos[2] : NULL;
  int n_docs = doc_list.n;
  if (!verb) return cli_fail("registry request: file, attach, hearing, refer, notify, withdraw, show or list");
  int64_t id = id_s ? strtoll(id_s, NULL, 10) : 0;
  int needs_id = strcmp(verb, "file") && strcmp(verb, "list");
  if (needs_id && id <= 0) return cli_fail("registry request %s: the request ID is needed", verb);
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int rc = 0;
  long n = 0;
  if (!strcmp(verb, "file")) {
    vet_registry_request_kind kind = VET_REQ_REMOVAL;
    if (kind_s && vet_registry_kind_parse(kind_s, &kind)) {
      vet_registry_close(reg);
      return cli_fail("registry request file: --kind removal, modification or addition");
    }
    reg_entry_apply(&x, NULL);
    int any = reg_entry_any(&x);
    rc = vet_registry_request_file(reg, kind, entry_key, affiliate, reasons, any ? &x.e : NULL, &id, &err);
    for (int d = 0; !rc && d < n_docs; d++) {
      size_t len = 0;
      char *data = slurp(docs[d], &len);
      if (!data) {
        vet_registry_close(reg);
        return cli_fail("%s: cannot read", docs[d]);
      }
      rc = vet_registry_request_attach(reg, id, docs[d], data, len, &err);
      free(data);
    }
    if (!rc) printf("request %lld filed (received)\n", (long long)id);
  } else if (!strcmp(verb, "attach")) {
    size_t len = 0;
    char *data = file ? slurp(file, &len) : NULL;
    if (!data) {
      vet_registry_close(reg);
      return cli_fail("registry request attach: FILE is needed and must be readable");
    }
    rc = vet_registry_request_attach(reg, id, file, data, len, &err);
    free(data);
    if (!rc) printf("request %lld: %s attached\n", (long long)id, file);
  } else if (!strcmp(verb, "hearing")) {
    rc = vet_registry_request_hearing(reg, id, note, &err);
    if (!rc) printf("request %lld: hearing request recorded\n", (long long)id);
  } else if (!strcmp(verb, "refer")) {
    rc = vet_registry_request_refer(reg, id, treasury, &err);
    if (!rc) printf("request %lld referred to the ERC\n", (long long)id);
  } else if (!strcmp(verb, "notify")) {
    rc = vet_registry_notify(reg, id, letter, &err);
    if (!rc) printf("request %lld: requester notified in writing (final agency action)\n", (long long)id);
  } else if (!strcmp(verb, "withdraw")) {
    rc = vet_registry_request_withdraw(reg, id, reasons, &err);
    if (!rc) printf("request %lld withdrawn\n", (long long)id);
  } else if (!strcmp(verb, "show")) {
    rc = vet_registry_request_get(reg, id, on_request, &n, &err);
    if (!rc) rc = vet_registry_request_votes(reg, id, on_vote, NULL, &err);
  } else if (!strcmp(verb, "list")) {
    rc = vet_registry_requests(reg, overdue, on_request, &n, &err);
    if (!rc) printf("%ld request%s%s\n", n, n == 1 ? "" : "s", overdue ? " overdue" : "");
  } else {
    vet_registry_close(reg);
    return cli_fail("registry request: unknown action %s", verb);
  }
  vet_registry_close(reg);
  return rc ? cli_fail_err(&err) : 0;
}

int reg_cmd_vote(int argc, char **argv) {
  reg_opts o;
  const char *comment = NULL;
  const cli_opt own[] = {
    CLI_STRING("--comment", 0, &comment, NULL, "the agency's comment"),
    CLI_END,
  };
  const char *pos[2];
  int n, status;
  if (reg_parse(&o, own,
                "usage: vet registry vote ID approve|approve-in-part|deny [--comment TEXT]\n\n"
                "Records the vote of the acting ERC member's agency (the chair votes for Commerce) on\n"
                "a referred request, once per agency. Removals and modifications are granted only\n"
                "by unanimity, additions by majority (supplement no. 5 to part 744).",
                argc, argv, pos, 2, &n, &status))
    return status;
  const char *id_s = n > 0 ? pos[0] : NULL, *vote_s = n > 1 ? pos[1] : NULL;
  vet_registry_vote_value v;
  if (!id_s || !vote_s || vet_registry_vote_parse(vote_s, &v))
    return cli_fail("registry vote: ID and approve, approve-in-part or deny are needed");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int rc = vet_registry_vote(reg, strtoll(id_s, NULL, 10), v, comment, &err);
  if (!rc) printf("request %s: %s votes %s\n", id_s, vet_registry_actor(reg), vet_registry_vote_name(v));
  vet_registry_close(reg);
  return rc ? cli_fail_err(&err) : 0;
}

int reg_cmd_decide(int argc, char **argv) {
  reg_opts o;
  reg_entry_opts x;
  cli_opt entry[REG_ENTRY_ROWS];
  reg_entry_opts_init(&x, entry);
  const char *reason = NULL, *rule = NULL;
  const cli_opt own[] = {
    CLI_STRING("--reason", 0, &reason, NULL, "the ERC's reasons"),
    CLI_STRING("--rule", 0, &rule, "DOC", "the draft rule a grant's amendment goes into"),
    CLI_MORE(entry, "entry options (for a partial grant):"),
    CLI_END,
  };
  const char *pos[2];
  int n, status;
  if (reg_parse(&o, own,
                "usage: vet registry decide ID granted|partly-granted|denied --reason TEXT [--rule DOC]\n"
                "                           [entry options, for a partial grant]\n\n"
                "Records the ERC's decision on a referred request (the chair), once every\n"
                "participating agency has voted; the outcome must be what the votes decided. A grant\n"
                "drafts the amendment in draft rule DOC (created when missing): it takes effect only\n"
                "when that rule is published. Then record the written notice: vet registry request\n"
                "notify ID.",
                argc, argv, pos, 2, &n, &status))
    return status;
  const char *id_s = n > 0 ? pos[0] : NULL, *out_s = n > 1 ? pos[1] : NULL;
  vet_registry_outcome out;
  if (!id_s || !out_s || vet_registry_outcome_parse(out_s, &out))
    return cli_fail("registry decide: ID and granted, partly-granted or denied are needed");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int any = reg_entry_any(&x);
  reg_entry_apply(&x, NULL);
  int rc = vet_registry_decide(reg, strtoll(id_s, NULL, 10), out, reason, rule, any ? &x.e : NULL, &err);
  if (!rc) printf("request %s decided: %s%s%s\n", id_s, vet_registry_outcome_name(out),
                  out != VET_OUTCOME_DENIED ? "; amendment drafted in rule " : "",
                  out != VET_OUTCOME_DENIED ? rule : "");
  vet_registry_close(reg);
  return rc ? cli_fail_err(&err) : 0;
}
