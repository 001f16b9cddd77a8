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

typedef struct reg_opts {
  const char *db;
  const char *token;
  const char *now;
} reg_opts;

/* Fills o from the environment. */
void reg_opts_init(reg_opts *o);
/* Consumes a common option at argv[*i] (and its value); 1 if it did, 0 if
 * argv[*i] is not one, -1 when its value is missing. */
int reg_common_opt(reg_opts *o, int argc, char **argv, int *i);
/* Opens the registry for a subcommand; prints the error and returns NULL on failure. */
vet_registry *reg_open(const reg_opts *o, int create);

/* An entry being assembled from options: --name --country --alias --address
 * --license-requirement --license-policy --footnotes --citation. */
typedef struct reg_entry_opts {
  vet_registry_entry e;
  const char *aliases[64], *addresses[32], *citations[32];
  int set_name, set_country, set_aliases, set_addresses, set_req, set_pol, set_foot, set_cit;
} reg_entry_opts;
void reg_entry_opts_init(reg_entry_opts *x);
/* Consumes an entry option at argv[*i]: 1 consumed, 0 not an entry option, -1 bad. */
int reg_entry_opt(reg_entry_opts *x, int argc, char **argv, int *i);
/* Applies the options set in x over base (a listed entry), into x->e. */
void reg_entry_apply(reg_entry_opts *x, const vet_registry_entry *base);
extern const char reg_entry_help[];
extern const char reg_common_help[];

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
