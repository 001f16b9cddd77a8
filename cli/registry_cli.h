/* registry_cli.h — what the `vet registry` command files share.
 *
 * cmd_registry.c dispatches `vet registry SUBCOMMAND` and holds the
 * read-only and administrative subcommands; registry_entries.c the rule and
 * amendment subcommands (add, modify, remove, rule, publish); registry_requests.c
 * requests, votes and decisions; registry_demo.c the guided demo. Every
 * subcommand takes -d PATH (default $VET_REGISTRY_DB or ./vet-registry.db),
 * --as TOKEN (default $VET_REGISTRY_TOKEN; none: public) and --now DATE
 * (default $VET_REGISTRY_NOW; none: the system clock). */
#ifndef VET_REGISTRY_CLI_H
#define VET_REGISTRY_CLI_H
#include "cli.h"
#include "opts.h"

typedef struct reg_opts {
  const char *db;
  const char *token;
  const char *now;
} reg_opts;

/* Fills o from the environment. */
void reg_opts_init(reg_opts *o);
/* Opens the registry for a subcommand; prints the error and returns NULL on failure. */
vet_registry *reg_open(const reg_opts *o, int create);

/* Parses a registry subcommand's arguments (argv[0] is the subcommand):
 * the rows of own (NULL: none) and the common options into o, which it
 * initialises from the environment first; positionals into pos[0..max_pos-1].
 * On --help prints usage and the option list. Returns 0 to go on (*n_pos
 * set), 1 to stop with exit status *status. own and pos stay the caller's. */
int reg_parse(reg_opts *o, const cli_opt *own, const char *usage, int argc, char **argv, const char **pos,
              int max_pos, int *n_pos, int *status);

/* An entry being assembled from options: --name --country --alias --address
 * --license-requirement --license-policy --footnotes --citation. The lists
 * point into the arrays beside them, so the struct is filled in place and
 * never copied. */
typedef struct reg_entry_opts {
  vet_registry_entry e;
  const char *name, *country, *req, *pol, *foot;
  const char *alias_v[64], *address_v[32], *citation_v[32];
  cli_opt_list aliases, addresses, citations;
} reg_entry_opts;
/* Empties x and fills rows[0..REG_ENTRY_ROWS-1] (the last ends the table)
 * with the entry options writing into x. */
enum { REG_ENTRY_ROWS = 10 };
void reg_entry_opts_init(reg_entry_opts *x, cli_opt rows[REG_ENTRY_ROWS]);
/* 1 if any entry option was given. */
int reg_entry_any(const reg_entry_opts *x);
/* Applies the options set in x over base (a listed entry), into x->e. */
void reg_entry_apply(reg_entry_opts *x, const vet_registry_entry *base);

void reg_print_entry(const vet_registry_entry *e, int json);
void reg_print_change(const vet_registry_change *c);
void reg_print_request(const vet_registry_request *q);

int reg_cmd_add(int argc, char **argv);
int reg_cmd_modify(int argc, char **argv);
int reg_cmd_remove(int argc, char **argv);
int reg_cmd_rule(int argc, char **argv);
int reg_cmd_publish(int argc, char **argv);
int reg_cmd_request(int argc, char **argv);
int reg_cmd_vote(int argc, char **argv);
int reg_cmd_decide(int argc, char **argv);
int reg_cmd_demo(int argc, char **argv);

int cmd_registry(int argc, char **argv);
#endif
