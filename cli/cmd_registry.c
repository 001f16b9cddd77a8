/* cmd_registry.c — `vet registry`: keeping the Entity List.
 *
 * Dispatches the subcommands and holds the administrative and read-only
 * ones: init, identity, import-ecfr, import-fr, asof, history, diff, verify,
 * log. See docs/REGISTRY.md for the model and an example session. */
#include "registry_cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void reg_opts_init(reg_opts *o) {
  o->db = vet_registry_default_path();
  o->token = getenv("VET_REGISTRY_TOKEN");
  if (o->token && !*o->token) o->token = NULL;
  o->now = getenv("VET_REGISTRY_NOW");
  if (o->now && !*o->now) o->now = NULL;
}

vet_registry *reg_open(const reg_opts *o, int create) {
  vet_registry_options ro = vet_registry_options_default();
  ro.create = create;
  ro.token = o->token;
  ro.now = o->now;
  vet_registry *reg = NULL;
  vet_error err;
  if (vet_registry_open(o->db, &ro, &reg, &err)) {
    cli_fail_err(&err);
    return NULL;
  }
  return reg;
}

/* Fills rows[0..3] with the options every subcommand takes, writing into o;
 * rows[3] ends the table. */
static void common_table(reg_opts *o, cli_opt rows[4]) {
  const cli_opt t[4] = {
    CLI_STRING("--db", 'd', &o->db, "PATH", "the registry file (default $VET_REGISTRY_DB or ./vet-registry.db)"),
    CLI_STRING("--as", 0, &o->token, "TOKEN",
     "act as the identity of this token (default $VET_REGISTRY_TOKEN; none: public)"),
    CLI_STRING("--now", 0, &o->now, "DATE",
     "the registry's clock, YYYY-MM-DD (default $VET_REGISTRY_NOW or the system clock)"),
    CLI_END,
  };
  memcpy(rows, t, sizeof t);
}

int reg_parse(reg_opts *o, const cli_opt *own, const char *usage, int argc, char **argv, const char **pos,
              int max_pos, int *n_pos, int *status) {
  reg_opts_init(o);
  cli_opt common[4];
  common_table(o, common);
  const cli_opt none[] = {CLI_END};
  const cli_opt table[] = {
    CLI_MORE(own ? own : none, "options:"),
    CLI_MORE(common, "common options:"),
    CLI_END,
  };
  char command[64];
  snprintf(command, sizeof command, "registry %s", argv[0]);
  cli_spec spec = {command, usage, NULL, table, pos, max_pos};
  return cli_parse(&spec, argc, argv, 1, n_pos, status);
}

/* ---- printing */

void reg_print_entry(const vet_registry_entry *e, int json) {
  if (json) {
    json_t *o = json_object();
    json_object_set_new(o, "key", json_string(e->key));
    if (e->country) json_object_set_new(o, "country", json_string(e->country));
    json_object_set_new(o, "name", json_string(e->name ? e->name : ""));
    json_t *a = json_array();
    for (size_t i = 0; i < e->n_aliases; i++) json_array_append_new(a, json_string(e->aliases[i]));
    json_object_set_new(o, "aliases", a);
    a = json_array();
    for (size_t i = 0; i < e->n_addresses; i++) json_array_append_new(a, json_string(e->addresses[i]));
    json_object_set_new(o, "addresses", a);
    if (e->license_requirement) json_object_set_new(o, "license_requirement", json_string(e->license_requirement));
    if (e->license_policy) json_object_set_new(o, "license_policy", json_string(e->license_policy));
    if (e->footnotes) json_object_set_new(o, "footnotes", json_string(e->footnotes));
    a = json_array();
    for (size_t i = 0; i < e->n_citations; i++) json_array_append_new(a, json_string(e->citations[i]));
    json_object_set_new(o, "citations", a);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (s) puts(s);
    free(s);
    json_decref(o);
    return;
  }
  printf("%-40s %-28s %s", e->key, e->country ? e->country : "-", e->name ? e->name : "");
  if (e->n_aliases) printf("  (a.k.a. %zu)", e->n_aliases);
  printf("\n");
}

void reg_print_change(const vet_registry_change *c) {
  const char *act = vet_registry_action_name(c->action);
  if (c->amendment_id)
    printf("%-7s %s (%s)  rule %s [%s]%s%s effective %s%s%s\n", act, c->key, c->name ? c->name : "-",
           c->fr_doc, c->citation ? c->citation : "no citation yet", c->pub_date ? " published " : "",
           c->pub_date ? c->pub_date : "", c->effective_date ? c->effective_date : "-",
           strcmp(c->rule_status, "draft") ? "" : "  DRAFT (not in force)",
           c->request_id ? "" : "");
  else
    printf("%-7s %s (%s)\n", act, c->key, c->name ? c->name : "-");
  if (c->amendment_id && c->request_id) printf("        from request %lld\n", (long long)c->request_id);
  if (c->reason) printf("        reason: %s\n", c->reason);
  for (size_t i = 0; i < c->n_fields; i++)
    printf("        %s: \"%s\" -> \"%s\"\n", c->fields[i].field,
           c->fields[i].old_value ? c->fields[i].old_value : "", c->fields[i].new_value ? c->fields[i].new_value : "");
}

/* ---- init, identity */

static int run_init(int argc, char **argv) {
  reg_opts o;
  const char *pos[1];
  int n, status;
  if (reg_parse(&o, NULL,
                "usage: vet registry init [NAME]\n\n"
                "Creates an empty registry and its first administrator (NAME, default \"admin\"),\n"
                "and prints the administrator's token once. Only its SHA-256 is stored.",
                argc, argv, pos, 1, &n, &status))
    return status;
  vet_registry *reg = reg_open(&o, 1);
  if (!reg) return 2;
  char token[VET_REGISTRY_TOKEN_SIZE];
  vet_error err;
  int rc = vet_registry_init_admin(reg, n ? pos[0] : "admin", token, &err);
  vet_registry_close(reg);
  if (rc) return cli_fail_err(&err);
  printf("registry %s created; administrator %s\ntoken: %s\n", o.db, n ? pos[0] : "admin", token);
  return 0;
}

static int run_identity(int argc, char **argv) {
  reg_opts o;
  const char *name = NULL, *role = NULL, *agency = NULL, *party = NULL;
  const cli_opt own[] = {
    CLI_STRING("--role", 0, &role, "ROLE", "requester, erc_member, chair or admin"),
    CLI_STRING("--agency", 0, &agency, "AGENCY", "an ERC member's agency"),
    CLI_STRING("--party", 0, &party, "KEY", "the entry key a requester speaks for"),
    CLI_END,
  };
  const char *pos[3];
  int n, status;
  if (reg_parse(&o, own,
                "usage: vet registry identity add NAME --role ROLE [--agency AGENCY] [--party KEY]\n\n"
                "Adds an identity (administrator only) and prints its token once.\n"
                "ROLE: requester (needs --party, the entry key it speaks for), erc_member (needs\n"
                "--agency: State, Defense, Energy, Treasury), chair (Commerce), admin.",
                argc, argv, pos, 3, &n, &status))
    return status;
  /* "add" is the only action, and may be left out. */
  for (int i = 0; i < n; i++) {
    if (!strcmp(pos[i], "add")) continue;
    if (name) return cli_fail("registry identity: unexpected %s", pos[i]);
    name = pos[i];
  }
  vet_registry_role r;
  if (!name || !role || vet_registry_role_parse(role, &r))
    return cli_fail("registry identity add: NAME and --role requester|erc_member|chair|admin are needed");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  char token[VET_REGISTRY_TOKEN_SIZE];
  vet_error err;
  int rc = vet_registry_identity_add(reg, name, r, agency, party, token, &err);
  vet_registry_close(reg);
  if (rc) return cli_fail_err(&err);
  printf("identity %s (%s) added\ntoken: %s\n", name, role, token);
  return 0;
}

/* ---- imports */

static void print_stats(const vet_registry_import_stats *s) {
  printf("rule %s: read %lld, added %lld, modified %lld, removed %lld, unchanged %lld, rejected %lld\n",
         s->rule ? s->rule : "-", (long long)s->n_read, (long long)s->n_added, (long long)s->n_modified,
         (long long)s->n_removed, (long long)s->n_unchanged, (long long)s->n_rejected);
}

static int run_import_ecfr(int argc, char **argv) {
  reg_opts o;
  const char *pos[1];
  int n, status;
  if (reg_parse(&o, NULL,
                "usage: vet registry import-ecfr FILE\n\n"
                "Imports the Entity List (supplement no. 4 to part 744) from an eCFR part 744 XML\n"
                "file as one published rule effective on the file's date (administrator). Into an\n"
                "empty registry every entry is added; afterwards exactly the differences from the\n"
                "list in force on that date are recorded: added, removed, modified field by field.",
                argc, argv, pos, 1, &n, &status))
    return status;
  if (n < 1) return cli_fail("registry import-ecfr: FILE is needed");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_registry_import_stats st;
  vet_error err;
  int verbose = 0;
  int rc = vet_registry_import_ecfr(reg, pos[0], cli_print_diag, &verbose, &st, &err);
  if (!rc) print_stats(&st);
  vet_registry_close(reg);
  return rc ? cli_fail_err(&err) : 0;
}

static int run_import_fr(int argc, char **argv) {
  reg_opts o;
  const char *pos[1];
  int n, status;
  if (reg_parse(&o, NULL,
                "usage: vet registry import-fr FILE\n\n"
                "Imports a Federal Register rule document (XML) that adds entities to the Entity\n"
                "List as a published rule with its additions (administrator).",
                argc, argv, pos, 1, &n, &status))
    return status;
  if (n < 1) return cli_fail("registry import-fr: FILE is needed");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_registry_import_stats st;
  vet_error err;
  int rc = vet_registry_import_fr(reg, pos[0], &st, &err);
  if (!rc) print_stats(&st);
  vet_registry_close(reg);
  return rc ? cli_fail_err(&err) : 0;
}

/* ---- views */

typedef struct count_ctx {
  int json;
  long n;
} count_ctx;

static int on_entry(void *ud, const vet_registry_entry *e) {
  count_ctx *c = ud;
  reg_print_entry(e, c->json);
  c->n++;
  return 0;
}

static int run_asof(int argc, char **argv) {
  reg_opts o;
  count_ctx c = {0, 0};
  const cli_opt own[] = {
    CLI_FLAG("--json", 0, &c.json, "one JSON object an entry"),
    CLI_END,
  };
  const char *pos[1];
  int n, status;
  if (reg_parse(&o, own,
                "usage: vet registry asof [DATE] [--json]\n\n"
                "The Entity List as it stood on DATE (default today): every entry whose latest\n"
                "amendment in a rule published and effective on or before DATE adds or modifies it.",
                argc, argv, pos, 1, &n, &status))
    return status;
  const char *date = n ? pos[0] : NULL;
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int rc = vet_registry_asof(reg, date, on_entry, &c, &err);
  vet_registry_close(reg);
  if (rc) return cli_fail_err(&err);
  if (!c.json) printf("%ld entries in force on %s\n", c.n, date ? date : "today");
  return 0;
}

static int on_change(void *ud, const vet_registry_change *c) {
  long *n = ud;
  reg_print_change(c);
  (*n)++;
  return 0;
}

static int run_history(int argc, char **argv) {
  reg_opts o;
  const char *pos[1];
  int n, status;
  if (reg_parse(&o, NULL,
                "usage: vet registry history KEY\n\n"
                "Every amendment of the entry KEY (e.g. IL:nso-group), oldest first, with its rule,\n"
                "dates, reason and changed fields. Draft rules are shown to ERC members, the chair\n"
                "and administrators only.",
                argc, argv, pos, 1, &n, &status))
    return status;
  if (n < 1) return cli_fail("registry history: KEY is needed");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  long count = 0;
  int rc = vet_registry_history(reg, pos[0], on_change, &count, &err);
  vet_registry_close(reg);
  if (rc) return cli_fail_err(&err);
  if (!count) return cli_fail("registry history: no amendment of %s", pos[0]);
  return 0;
}

typedef struct diff_ctx {
  long n[3];
  int quiet;
} diff_ctx;

static int on_diff(void *ud, const vet_registry_change *c) {
  diff_ctx *d = ud;
  d->n[c->action]++;
  if (!d->quiet) reg_print_change(c);
  return 0;
}

static int run_diff(int argc, char **argv) {
  reg_opts o;
  const char *from = NULL, *to = NULL;
  diff_ctx d = {{0, 0, 0}, 0};
  const cli_opt own[] = {
    CLI_STRING("--from", 0, &from, "DATE", "the earlier date"),
    CLI_STRING("--to", 0, &to, "DATE", "the later date"),
    CLI_FLAG("--summary", 0, &d.quiet, "print the counts only"),
    CLI_END,
  };
  int n, status;
  if (reg_parse(&o, own,
                "usage: vet registry diff --from DATE --to DATE [--summary]\n\n"
                "The differences between the list as of two dates: entries added, removed, and\n"
                "modified field by field.",
                argc, argv, NULL, 0, &n, &status))
    return status;
  if (!from || !to) return cli_fail("registry diff: --from DATE and --to DATE are needed");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int rc = vet_registry_diff(reg, from, to, on_diff, &d, &err);
  vet_registry_close(reg);
  if (rc) return cli_fail_err(&err);
  printf("%s -> %s: added %ld, modified %ld, removed %ld\n", from, to, d.n[VET_AMEND_ADD],
         d.n[VET_AMEND_MODIFY], d.n[VET_AMEND_REMOVE]);
  return 0;
}

static int run_verify(int argc, char **argv) {
  reg_opts o;
  const char *pos[1];
  int n, status;
  if (reg_parse(&o, NULL,
                "usage: vet registry verify\n\n"
                "Recomputes the audit log's SHA-256 hash chain and the digest of every rule (with\n"
                "its amendments), request (with its votes and documents) and identity against the\n"
                "log. Exit status 0 when all holds, 2 naming the first mismatch.",
                argc, argv, pos, 0, &n, &status))
    return status;
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_registry_verify_report rep;
  vet_error err;
  int rc = vet_registry_verify(reg, &rep, &err);
  vet_registry_close(reg);
  if (rc) {
    fprintf(stderr, "vet: verify FAILED after %lld records: %s\n", (long long)rep.n_records, err.message);
    return 2;
  }
  printf("verify ok: %lld log records chained, %lld objects match their latest record\nhead %s\n",
         (long long)rep.n_records, (long long)rep.n_objects, rep.head_hash);
  return 0;
}

static int on_log(void *ud, const vet_registry_log_record *r) {
  (void)ud;
  printf("%5lld %s %-24s %-10s %-8s %-14s %-14s %s%s%s\n", (long long)r->seq, r->at, r->actor, r->role,
         r->outcome, r->action, r->object ? r->object : "-", r->detail ? r->detail : "",
         r->reason ? "  why: " : "", r->reason ? r->reason : "");
  return 0;
}

static int run_log(int argc, char **argv) {
  reg_opts o;
  const char *pos[1];
  int n, status;
  if (reg_parse(&o, NULL,
                "usage: vet registry log\n\n"
                "The audit log, oldest first: sequence, time, actor, role, outcome (ok or refused),\n"
                "action, object, detail and reason (ERC members, the chair, administrators).",
                argc, argv, pos, 0, &n, &status))
    return status;
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int rc = vet_registry_log(reg, on_log, NULL, &err);
  vet_registry_close(reg);
  return rc ? cli_fail_err(&err) : 0;
}

static const vet_cli_command subcommands[] = {
  {"init", "create a registry and its first administrator", run_init},
  {"identity", "add an identity with a role and print its token", run_identity},
  {"import-ecfr", "import the Entity List from an eCFR part 744 file", run_import_ecfr},
  {"import-fr", "import a Federal Register rule adding entities", run_import_fr},
  {"rule", "draft a rule or list rules", reg_cmd_rule},
  {"add", "add an entry in a draft rule", reg_cmd_add},
  {"modify", "modify an entry in a draft rule", reg_cmd_modify},
  {"remove", "remove an entry in a draft rule", reg_cmd_remove},
  {"request", "file and follow removal/modification requests (744.16(e))", reg_cmd_request},
  {"vote", "an ERC member agency's vote on a request", reg_cmd_vote},
  {"decide", "the chair records the ERC's decision on a request", reg_cmd_decide},
  {"publish", "publish a draft rule, or export the list in force (CSL CSV/JSON, snapshot)", reg_cmd_publish},
  {"asof", "the list as it stood on a date", run_asof},
  {"history", "every change of one entry, with its rule", run_history},
  {"diff", "the differences between the list on two dates", run_diff},
  {"verify", "check the audit log's hash chain and the data against it", run_verify},
  {"log", "print the audit log", run_log},
  {"demo", "build a demo registry: the 4 Nov 2021 additions and NSO Group's request", reg_cmd_demo},
};

int cmd_registry(int argc, char **argv) {
  if (argc < 2 || cli_is_help(argv[1])) {
    FILE *out = argc < 2 ? stderr : stdout;
    fprintf(out, "usage: vet registry SUBCOMMAND [ARGS]   (vet registry SUBCOMMAND --help for each)\n\n"
                 "Keeps the Entity List by Federal Register rule and answers removal requests the way\n"
                 "the End-User Review Committee does (15 CFR 744.16, supplement no. 5 to part 744).\n\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
      fprintf(out, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
    reg_opts o;
    cli_opt common[4];
    common_table(&o, common);
    const cli_opt table[] = {CLI_MORE(common, "common options:"), CLI_END};
    fputc('\n', out);
    cli_opts_help(out, table);
    return argc < 2 ? 2 : 0;
  }
  for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
    if (!strcmp(argv[1], subcommands[i].name)) return subcommands[i].run(argc - 1, argv + 1);
  return cli_fail("registry: unknown subcommand \"%s\" (see vet registry --help)", argv[1]);
}
