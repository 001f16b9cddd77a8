/* cli.h — the `vet` command: one file per subcommand (cmd_*.c), this header
 * lists them. Commands use only the public API in include/; they parse
 * arguments, call the library, and format output. Exit status: 0 success
 * (for screening: no match), 1 a match, 2 an error. */
#ifndef VET_CLI_H
#define VET_CLI_H
#include <stdio.h>
#include "vet.h"

typedef struct vet_cli_command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);   /* argv[0] is the command name */
} vet_cli_command;

/* Prints "vet: <message>" to stderr; returns 2. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a library error; returns 2. */
int cli_fail_err(const vet_error *err);
/* The diagnostic printer used by every command that reads lists:
 * "path:line: rejected: reason" on stderr. userdata: int * verbosity. */
void cli_print_diag(void *userdata, const vet_diag *d);
/* 1 if arg is -h or --help. */
int cli_is_help(const char *arg);

int cmd_read(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_text(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_decide(int argc, char **argv);
int cmd_audit(int argc, char **argv);
#endif
