/* registry_entries.c — `vet registry rule | add | modify | remove | publish`:
 * the chair drafting a rule, amending entries in it, and publishing it; and
 * the export of the list in force for screening and for the public. */
#include "registry_cli.h"

#include <stdlib.h>
#include <string.h>

void reg_entry_opts_init(reg_entry_opts *x, cli_opt rows[REG_ENTRY_ROWS]) {
  memset(x, 0, sizeof *x);
  x->aliases = (cli_opt_list){x->alias_v, 64, 0, 0};
  x->addresses = (cli_opt_list){x->address_v, 32, 0, 0};
  x->citations = (cli_opt_list){x->citation_v, 32, 0, 0};
  const cli_opt t[REG_ENTRY_ROWS] = {
    CLI_STRING("--name", 0, &x->name, NULL, "the entry's name"),
    CLI_STRING("--country", 0, &x->country, NULL, "its country"),
    CLI_LIST("--alias", 0, &x->aliases, NULL, "an alias (repeat; with modify, replaces the whole list)"),
    CLI_CLEAR("--no-aliases", 0, &x->aliases, "with modify: clears the aliases"),
    CLI_LIST("--address", 0, &x->addresses, NULL, "an address (repeat; with modify, replaces the list)"),
    CLI_STRING("--license-requirement", 0, &x->req, NULL, "the license requirement"),
    CLI_STRING("--license-policy", 0, &x->pol, NULL, "the license review policy"),
    CLI_STRING("--footnotes", 0, &x->foot, NULL, "the footnotes"),
    CLI_LIST("--citation", 0, &x->citations, NULL, "a Federal Register citation (repeat; replaces the list)"),
    CLI_END,
  };
  memcpy(rows, t, sizeof t);
}

int reg_entry_any(const reg_entry_opts *x) {
  return x->name || x->country || x->aliases.given || x->addresses.given || x->req || x->pol || x->foot ||
         x->citations.given;
}

void reg_entry_apply(reg_entry_opts *x, const vet_registry_entry *base) {
  vet_registry_entry e = base ? *base : (vet_registry_entry){0};
  if (x->name) e.name = x->name;
  if (x->country) e.country = x->country;
  if (x->aliases.given) e.aliases = x->alias_v, e.n_aliases = (size_t)x->aliases.n;
  if (x->addresses.given) e.addresses = x->address_v, e.n_addresses = (size_t)x->addresses.n;
  if (x->req) e.license_requirement = x->req;
  if (x->pol) e.license_policy = x->pol;
  if (x->foot) e.footnotes = x->foot;
  if (x->citations.given) e.citations = x->citation_v, e.n_citations = (size_t)x->citations.n;
  if (!base) {
    if (!x->aliases.given) e.aliases = NULL;
    if (!x->addresses.given) e.addresses = NULL;
    if (!x->citations.given) e.citations = NULL;
  }
  x->e = e;
}

typedef struct amend_args {
  reg_opts o;
  reg_entry_opts x;
  const char *rule, *reason, *key;
} amend_args;

/* Parses add/modify/remove; returns 0 to go on, 1 to stop with *status. */
static int parse_amend(amend_args *a, int argc, char **argv, const char *usage, int *status) {
  cli_opt entry[REG_ENTRY_ROWS];
  reg_entry_opts_init(&a->x, entry);
  a->rule = a->reason = a->key = NULL;
  const char *key = NULL;
  const cli_opt own[] = {
    CLI_STRING("--rule", 0, &a->rule, "DOC", "the draft rule (its Federal Register document number)"),
    CLI_STRING("--reason", 0, &a->reason, NULL, "why"),
    CLI_STRING("--key", 0, &key, "KEY", "the entry key (or give KEY as an argument)"),
    CLI_MORE(entry, "entry options:"),
    CLI_END,
  };
  const char *pos[1];
  int n;
  if (reg_parse(&a->o, own, usage, argc, argv, pos, 1, &n, status)) return 1;
  if (key && n) {
    *status = cli_fail("registry %s: KEY given twice (%s and --key %s)", argv[0], pos[0], key);
    return 1;
  }
  a->key = key ? key : n ? pos[0] : NULL;
  if (!a->rule || !a->reason) {
    *status = cli_fail("registry %s: --rule DOC and --reason TEXT are needed", argv[0]);
    return 1;
  }
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
  int status;
  if (parse_amend(&a, argc, argv,
                  "usage: vet registry add --rule DOC --reason TEXT --name NAME --country COUNTRY [KEY]\n"
                  "                        [entry options]\n\n"
                  "Adds an entry in the draft rule DOC (the chair). KEY defaults to the country's first\n"
                  "two letters and a slug of the name. The entry is in force only once the rule is\n"
                  "published (vet registry publish --rule DOC ...).", &status))
    return status;
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
  int status;
  if (parse_amend(&a, argc, argv, help, &status)) return status;
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
  const char *citation = NULL, *title = NULL;
  const cli_opt own[] = {
    CLI_STRING("--citation", 0, &citation, "C", "the rule's citation, e.g. \"86 FR 60760\""),
    CLI_STRING("--title", 0, &title, NULL, "the rule's title"),
    CLI_END,
  };
  const char *pos[2];
  int n, status;
  if (reg_parse(&o, own,
                "usage: vet registry rule draft DOC [--citation \"86 FR 60760\"] [--title TEXT]\n"
                "       vet registry rule list\n"
                "       vet registry rule show DOC\n\n"
                "Drafts a rule (the chair) under its Federal Register document number, lists the\n"
                "rules, or shows one rule's amendments.",
                argc, argv, pos, 2, &n, &status))
    return status;
  const char *verb = n > 0 ? pos[0] : NULL, *doc = n > 1 ? pos[1] : NULL;
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
  const char *rule = NULL, *citation = NULL, *published = NULL, *effective = NULL;
  const char *csv = NULL, *json = NULL, *snap = NULL, *date = NULL;
  const cli_opt own[] = {
    CLI_STRING("--rule", 0, &rule, "DOC", "publish this draft rule"),
    CLI_STRING("--published", 0, &published, "DATE", "its publication date"),
    CLI_STRING("--effective", 0, &effective, "DATE", "its effective date (default: the publication date)"),
    CLI_STRING("--citation", 0, &citation, "C", "its citation, e.g. \"86 FR 60760\""),
    CLI_STRING("--date", 0, &date, "DATE", "export the list in force on DATE (default today)"),
    CLI_STRING("--csv", 0, &csv, "FILE", "export in the CSL CSV layout"),
    CLI_STRING("--json", 0, &json, "FILE", "export in the CSL JSON layout"),
    CLI_STRING("--snapshot", 0, &snap, "FILE", "export as a vet snapshot (list bis-el)"),
    CLI_END,
  };
  int n, status;
  if (reg_parse(&o, own,
                "usage: vet registry publish --rule DOC --published DATE [--effective DATE] [--citation C]\n"
                "       vet registry publish [--date DATE] [--csv FILE] [--json FILE] [--snapshot FILE]\n\n"
                "The first form publishes a draft rule (the chair): its amendments are in force from\n"
                "the effective date (default: the publication date) on. It happens in one transaction.\n"
                "The second exports the list in force on DATE (default today) in the trade.gov\n"
                "Consolidated Screening List CSV and JSON layouts and as a vet snapshot (list bis-el)\n"
                "for screening. Anyone may export.",
                argc, argv, NULL, 0, &n, &status))
    return status;
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
