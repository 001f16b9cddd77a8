/* registry_entries.c — `vet registry rule | add | modify | remove | publish`:
 * the chair drafting a rule, amending entries in it, and publishing it; and
 * the export of the list in force for screening and for the public. */
#include "registry_cli.h"

#include <stdlib.h>
#include <string.h>

const char reg_entry_help[] =
    "entry options:\n"
    "  --name TEXT  --country TEXT  --alias TEXT (repeat)  --address TEXT (repeat)\n"
    "  --license-requirement TEXT  --license-policy TEXT  --footnotes TEXT  --citation TEXT (repeat)\n"
    "  (with modify, a list option replaces the whole list; --no-aliases clears it)\n";

void reg_entry_opts_init(reg_entry_opts *x) { memset(x, 0, sizeof *x); }

int reg_entry_opt(reg_entry_opts *x, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  if (!strcmp(a, "--no-aliases")) {
    x->set_aliases = 1;
    x->e.n_aliases = 0;
    return 1;
  }
  static const char *const names[] = {"--name", "--country", "--alias", "--address", "--license-requirement",
                                      "--license-policy", "--footnotes", "--citation"};
  int k = -1;
  for (int j = 0; j < 8; j++)
    if (!strcmp(a, names[j])) k = j;
  if (k < 0) return 0;
  if (*i + 1 >= argc) return -1;
  const char *v = argv[++*i];
  switch (k) {
  case 0: x->e.name = v; x->set_name = 1; break;
  case 1: x->e.country = v; x->set_country = 1; break;
  case 2:
    if (x->e.n_aliases == 64) return -1;
    x->aliases[x->e.n_aliases++] = v;
    x->set_aliases = 1;
    break;
  case 3:
    if (x->e.n_addresses == 32) return -1;
    x->addresses[x->e.n_addresses++] = v;
    x->set_addresses = 1;
    break;
  case 4: x->e.license_requirement = v; x->set_req = 1; break;
  case 5: x->e.license_policy = v; x->set_pol = 1; break;
  case 6: x->e.footnotes = v; x->set_foot = 1; break;
  case 7:
    if (x->e.n_citations == 32) return -1;
    x->citations[x->e.n_citations++] = v;
    x->set_cit = 1;
    break;
  }
  return 1;
}

void reg_entry_apply(reg_entry_opts *x, const vet_registry_entry *base) {
  vet_registry_entry e = base ? *base : (vet_registry_entry){0};
  if (x->set_name) e.name = x->e.name;
  if (x->set_country) e.country = x->e.country;
  if (x->set_aliases) e.aliases = x->aliases, e.n_aliases = x->e.n_aliases;
  if (x->set_addresses) e.addresses = x->addresses, e.n_addresses = x->e.n_addresses;
  if (x->set_req) e.license_requirement = x->e.license_requirement;
  if (x->set_pol) e.license_policy = x->e.license_policy;
  if (x->set_foot) e.footnotes = x->e.footnotes;
  if (x->set_cit) e.citations = x->citations, e.n_citations = x->e.n_citations;
  if (!base) {
    if (!x->set_aliases) e.aliases = NULL;
    if (!x->set_addresses) e.addresses = NULL;
    if (!x->set_cit) e.citations = NULL;
  }
  x->e = e;
}

typedef struct amend_args {
  reg_opts o;
  reg_entry_opts x;
  const char *rule, *reason, *key;
} amend_args;

static int parse_amend(amend_args *a, int argc, char **argv, const char *help) {
  reg_opts_init(&a->o);
  reg_entry_opts_init(&a->x);
  a->rule = a->reason = a->key = NULL;
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      printf("%s\n%s%s", help, reg_entry_help, reg_common_help);
      exit(0);
    }
    int r = reg_common_opt(&a->o, argc, argv, &i);
    if (!r) r = reg_entry_opt(&a->x, argc, argv, &i);
    if (r < 0) return cli_fail("%s needs a value (or too many)", argv[i]);
    if (r) continue;
    if (!strcmp(argv[i], "--rule") && i + 1 < argc) a->rule = argv[++i];
    else if (!strcmp(argv[i], "--reason") && i + 1 < argc) a->reason = argv[++i];
    else if (!strcmp(argv[i], "--key") && i + 1 < argc) a->key = argv[++i];
    else if (argv[i][0] != '-' && !a->key) a->key = argv[i];
    else return cli_fail("registry %s: unexpected %s", argv[0], argv[i]);
  }
  if (!a->rule || !a->reason) return cli_fail("registry %s: --rule DOC and --reason TEXT are needed", argv[0]);
  return 0;
}

typedef struct find_ctx {
  const char *key;
  vet_registry_entry *copy;   /* the found entry's JSON-free copy lives in strings below */
  char *strings[256];
  const char *lists[3][64];
  int n_strings, found;
} find_ctx;

static const char *keep(find_ctx *f, const char *s) {
  if (!s || f->n_strings == 256) return NULL;
  return f->strings[f->n_strings++] = strdup(s);
}

static int on_find(void *ud, const vet_registry_entry *e) {
  find_ctx *f = ud;
  if (strcmp(e->key, f->key) != 0) return 0;
  vet_registry_entry *c = f->copy;
  memset(c, 0, sizeof *c);
  c->key = keep(f, e->key);
  c->name = keep(f, e->name);
  c->country = keep(f, e->country);
  c->license_requirement = keep(f, e->license_requirement);
  c->license_policy = keep(f, e->license_policy);
  c->footnotes = keep(f, e->footnotes);
  const char *const *src[3] = {e->aliases, e->addresses, e->citations};
  size_t n[3] = {e->n_aliases, e->n_addresses, e->n_citations};
  for (int l = 0; l < 3; l++) {
    if (n[l] > 64) n[l] = 64;
    for (size_t i = 0; i < n[l]; i++) f->lists[l][i] = keep(f, src[l][i]);
  }
  c->aliases = f->lists[0], c->n_aliases = n[0];
  c->addresses = f->lists[1], c->n_addresses = n[1];
  c->citations = f->lists[2], c->n_citations = n[2];
  f->found = 1;
  return 1;
}

static void find_free(find_ctx *f) {
  for (int i = 0; i < f->n_strings; i++) free(f->strings[i]);
}

int reg_cmd_add(int argc, char **argv) {
  amend_args a;
  if (parse_amend(&a, argc, argv,
                  "usage: vet registry add --rule DOC --reason TEXT --name NAME --country COUNTRY [KEY]\n"
                  "                        [entry options]\n\n"
                  "Adds an entry in the draft rule DOC (the chair). KEY defaults to the country's first\n"
                  "two letters and a slug of the name. The entry is in force only once the rule is\n"
                  "published (vet registry publish --rule DOC ...)."))
    return 2;
  reg_entry_apply(&a.x, NULL);
  a.x.e.key = a.key;
  vet_registry *reg = reg_open(&a.o, 0);
  if (!reg) return 2;
  vet_error err;
  int64_t id = 0;
  int rc = vet_registry_amend(reg, a.rule, VET_AMEND_ADD, &a.x.e, a.reason, &id, &err);
  vet_registry_close(reg);
  if (rc) return cli_fail_err(&err);
  printf("amendment %lld: add %s in draft rule %s\n", (long long)id, a.x.e.name, a.rule);
  return 0;
}

static int amend_existing(int argc, char **argv, vet_registry_action action, const char *help) {
  amend_args a;
  if (parse_amend(&a, argc, argv, help)) return 2;
  if (!a.key) return cli_fail("registry %s: KEY is needed", argv[0]);
  vet_registry *reg = reg_open(&a.o, 0);
  if (!reg) return 2;
  vet_error err;
  vet_registry_entry cur;
  find_ctx f;
  memset(&f, 0, sizeof f);
  f.key = a.key;
  f.copy = &cur;
  /* The entry as it stands today is the base the options change. */
  int rc = vet_registry_asof(reg, NULL, on_find, &f, &err);
  if (rc == VET_ECANCELLED) rc = 0;
  if (!rc && !f.found) {
    memset(&cur, 0, sizeof cur);
    cur.key = a.key;
  }
  int64_t id = 0;
  if (!rc && !f.found && action == VET_AMEND_MODIFY) {
    vet_registry_close(reg);
    find_free(&f);
    return cli_fail("registry modify: %s is not in force today (see vet registry asof, history)", a.key);
  }
  if (!rc) {
    reg_entry_apply(&a.x, f.found ? &cur : NULL);
    a.x.e.key = a.key;
    rc = vet_registry_amend(reg, a.rule, action, &a.x.e, a.reason, &id, &err);
  }
  vet_registry_close(reg);
  find_free(&f);
  if (rc) return cli_fail_err(&err);
  printf("amendment %lld: %s %s in draft rule %s\n", (long long)id, vet_registry_action_name(action), a.key, a.rule);
  return 0;
}

int reg_cmd_modify(int argc, char **argv) {
  return amend_existing(argc, argv, VET_AMEND_MODIFY,
                        "usage: vet registry modify KEY --rule DOC --reason TEXT [entry options]\n\n"
                        "Modifies the entry KEY in the draft rule DOC (the chair): the options given\n"
                        "replace those fields of the entry as it stands today; the changed fields are\n"
                        "recorded one by one.");
}

int reg_cmd_remove(int argc, char **argv) {
  return amend_existing(argc, argv, VET_AMEND_REMOVE,
                        "usage: vet registry remove KEY --rule DOC --reason TEXT\n\n"
                        "Removes the entry KEY in the draft rule DOC (the chair). Nothing is deleted: the\n"
                        "entry leaves the list from the rule's effective date on, and stays in its history.");
}

static int on_rule(void *ud, const vet_registry_rule *r) {
  (void)ud;
  printf("%-24s %-9s %-44s published %-10s effective %-10s amendments %lld\n", r->fr_doc, r->status,
         r->citation ? r->citation : "-", r->pub_date ? r->pub_date : "-",
         r->effective_date ? r->effective_date : "-", (long long)r->n_amendments);
  return 0;
}

static int on_rule_amendment(void *ud, const vet_registry_change *c) {
  (void)ud;
  reg_print_change(c);
  return 0;
}

int reg_cmd_rule(int argc, char **argv) {
  reg_opts o;
  reg_opts_init(&o);
  const char *verb = NULL, *doc = NULL, *citation = NULL, *title = NULL;
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      printf("usage: vet registry rule draft DOC [--citation \"86 FR 60760\"] [--title TEXT]\n"
             "       vet registry rule list\n"
             "       vet registry rule show DOC\n\n"
             "Drafts a rule (the chair) under its Federal Register document number, lists the\n"
             "rules, or shows one rule's amendments.\n\n%s", reg_common_help);
      return 0;
    }
    int r = reg_common_opt(&o, argc, argv, &i);
    if (r < 0) return cli_fail("%s needs a value", argv[i]);
    if (r) continue;
    if (!strcmp(argv[i], "--citation") && i + 1 < argc) citation = argv[++i];
    else if (!strcmp(argv[i], "--title") && i + 1 < argc) title = argv[++i];
    else if (!verb && argv[i][0] != '-') verb = argv[i];
    else if (!doc && argv[i][0] != '-') doc = argv[i];
    else return cli_fail("registry rule: unexpected %s", argv[i]);
  }
  if (!verb) verb = "list";
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int rc;
  if (!strcmp(verb, "draft")) {
    if (!doc) {
      vet_registry_close(reg);
      return cli_fail("registry rule draft: DOC is needed");
    }
    rc = vet_registry_rule_draft(reg, doc, citation, title, NULL, &err);
    if (!rc) printf("draft rule %s created\n", doc);
  } else if (!strcmp(verb, "list")) {
    rc = vet_registry_rules(reg, on_rule, NULL, &err);
  } else if (!strcmp(verb, "show") && doc) {
    rc = vet_registry_rule_amendments(reg, doc, on_rule_amendment, NULL, &err);
  } else {
    vet_registry_close(reg);
    return cli_fail("registry rule: draft, list or show");
  }
  vet_registry_close(reg);
  return rc ? cli_fail_err(&err) : 0;
}

int reg_cmd_publish(int argc, char **argv) {
  reg_opts o;
  reg_opts_init(&o);
  const char *rule = NULL, *citation = NULL, *published = NULL, *effective = NULL;
  const char *csv = NULL, *json = NULL, *snap = NULL, *date = NULL;
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      printf("usage: vet registry publish --rule DOC --published DATE [--effective DATE] [--citation C]\n"
             "       vet registry publish [--date DATE] [--csv FILE] [--json FILE] [--snapshot FILE]\n\n"
             "The first form publishes a draft rule (the chair): its amendments are in force from\n"
             "the effective date (default: the publication date) on. It happens in one transaction.\n"
             "The second exports the list in force on DATE (default today) in the trade.gov\n"
             "Consolidated Screening List CSV and JSON layouts and as a vet snapshot (list bis-el)\n"
             "for screening. Anyone may export.\n\n%s", reg_common_help);
      return 0;
    }
    int r = reg_common_opt(&o, argc, argv, &i);
    if (r < 0) return cli_fail("%s needs a value", argv[i]);
    if (r) continue;
    const char *a = argv[i];
    const char **dst = !strcmp(a, "--rule") ? &rule : !strcmp(a, "--citation") ? &citation
                       : !strcmp(a, "--published") ? &published : !strcmp(a, "--effective") ? &effective
                       : !strcmp(a, "--csv") ? &csv : !strcmp(a, "--json") ? &json
                       : !strcmp(a, "--snapshot") ? &snap : !strcmp(a, "--date") ? &date : NULL;
    if (!dst || i + 1 >= argc) return cli_fail("registry publish: unexpected %s", a);
    *dst = argv[++i];
  }
  if (!rule && !csv && !json && !snap) return cli_fail("registry publish: --rule DOC, or an export (--csv, --json, --snapshot)");
  vet_registry *reg = reg_open(&o, 0);
  if (!reg) return 2;
  vet_error err;
  int rc = 0;
  if (rule) {
    if (!published) rc = cli_fail("registry publish: --published DATE is needed");
    else if ((rc = vet_registry_rule_publish(reg, rule, citation, published, effective ? effective : published, &err)))
      rc = cli_fail_err(&err);
    else printf("rule %s published %s, effective %s\n", rule, published, effective ? effective : published);
  }
  if (!rc && csv) {
    if (vet_registry_export_csv(reg, date, csv, &err)) rc = cli_fail_err(&err);
    else printf("wrote %s (CSL CSV, list in force on %s)\n", csv, date ? date : "today");
  }
  if (!rc && json) {
    if (vet_registry_export_json(reg, date, json, &err)) rc = cli_fail_err(&err);
    else printf("wrote %s (CSL JSON, list in force on %s)\n", json, date ? date : "today");
  }
  if (!rc && snap) {
    if (vet_registry_export_snapshot(reg, date, snap, &err)) rc = cli_fail_err(&err);
    else printf("wrote %s (vet snapshot, list in force on %s)\n", snap, date ? date : "today");
  }
  vet_registry_close(reg);
  return rc;
}
