/* opts.h — one table-driven option parser for every `vet` command.
 *
 * A command describes its options as an array of cli_opt rows (long name,
 * short name, kind, destination, value name, help) ended by a row with
 * neither name, and calls cli_parse() once. The parser walks argv, fills the
 * destinations, collects the positionals, handles -h/--help by printing the
 * usage followed by the option list generated from the table, and turns every
 * mistake into one clear line on stderr and exit status 2:
 *
 *   vet registry asof: unknown option --jsn
 *   vet monitor run: option --threads needs a value
 *   vet monitor run: --threads: not a number: many
 *   vet registry add: option --rule given twice
 *
 * Rules, the same for every command:
 * - An argument starting with '-' (but not "-" alone, which names stdin) is
 *   an option; after "--" everything is a positional.
 * - A value follows its option as the next argument, or as --name=VALUE.
 * - Options may come before, between or after the positionals.
 * - An option other than a list (CLI_OPT_LIST) may be given once.
 * - -h and --help print the help and stop with status 0.
 *
 * A row of kind CLI_OPT_MORE includes another table (a shared group such as
 * the registry's -d/--as/--now); its help text is that group's heading in the
 * generated help.
 *
 * Ownership: the tables and their destinations belong to the caller (they are
 * usually automatic arrays in the command's function, pointing at its local
 * variables); the parser stores pointers into argv, never copies, and keeps no
 * state between calls. Not thread-safe only in that it writes the caller's
 * destinations. */
#ifndef VET_CLI_OPTS_H
#define VET_CLI_OPTS_H
#include <stddef.h>
#include <stdio.h>

typedef enum cli_opt_kind {
  CLI_OPT_END = 0,  /* the row that ends a table (both names NULL/0) */
  CLI_OPT_FLAG,     /* no value; dst is int *, set to 1 */
  CLI_OPT_SET,      /* no value; dst is int *, set to the row's value (e.g. --open 0, --all 1) */
  CLI_OPT_STRING,   /* dst is const char **, set to the value (a pointer into argv) */
  CLI_OPT_INT,      /* dst is int *; the whole value must be a decimal integer */
  CLI_OPT_DOUBLE,   /* dst is double *; the whole value must be a number */
  CLI_OPT_LIST,     /* dst is cli_opt_list *; each use appends one value (repeatable) */
  CLI_OPT_CLEAR,    /* no value; dst is cli_opt_list *, emptied and marked given (--no-aliases) */
  CLI_OPT_MORE      /* more is another table, included here; help is its heading */
} cli_opt_kind;

/* A repeatable option's values: items is the caller's array of cap pointers. */
typedef struct cli_opt_list {
  const char **items;
  int cap;
  int n;      /* OUT: how many values were given */
  int given;  /* OUT: 1 once the option (or its CLEAR row) was used */
} cli_opt_list;

typedef struct cli_opt {
  const char *name;   /* "--limit", or NULL for a short-only option */
  char short_name;    /* 'd' for -d, or 0 */
  cli_opt_kind kind;
  void *dst;          /* see cli_opt_kind */
  const char *arg;    /* the value's name in the help ("PATH"); NULL: TEXT, N or X by kind */
  const char *help;   /* one line; NULL hides the row from the help */
  int value;          /* CLI_OPT_SET only */
  const struct cli_opt *more;  /* CLI_OPT_MORE only */
} cli_opt;

/* The rows, written with these macros; each checks its destination's type.
 * arg names the value in the help (NULL: TEXT, N or X by kind); a row with a
 * NULL help is accepted but not listed. */
#define CLI_TYPED_(type, p) ((void *)(1 ? (p) : (type)0))
#define CLI_FLAG(name, short_name, dst, help) \
  {name, short_name, CLI_OPT_FLAG, CLI_TYPED_(int *, dst), NULL, help, 0, NULL}
#define CLI_SET(name, short_name, dst, value, help) \
  {name, short_name, CLI_OPT_SET, CLI_TYPED_(int *, dst), NULL, help, value, NULL}
#define CLI_STRING(name, short_name, dst, arg, help) \
  {name, short_name, CLI_OPT_STRING, CLI_TYPED_(const char **, dst), arg, help, 0, NULL}
#define CLI_INT(name, short_name, dst, arg, help) \
  {name, short_name, CLI_OPT_INT, CLI_TYPED_(int *, dst), arg, help, 0, NULL}
#define CLI_DOUBLE(name, short_name, dst, arg, help) \
  {name, short_name, CLI_OPT_DOUBLE, CLI_TYPED_(double *, dst), arg, help, 0, NULL}
#define CLI_LIST(name, short_name, dst, arg, help) \
  {name, short_name, CLI_OPT_LIST, CLI_TYPED_(cli_opt_list *, dst), arg, help, 0, NULL}
#define CLI_CLEAR(name, short_name, dst, help) \
  {name, short_name, CLI_OPT_CLEAR, CLI_TYPED_(cli_opt_list *, dst), NULL, help, 0, NULL}
#define CLI_MORE(table, heading) {NULL, 0, CLI_OPT_MORE, NULL, NULL, heading, 0, table}
#define CLI_END {NULL, 0, CLI_OPT_END, NULL, NULL, NULL, 0, NULL}

typedef struct cli_spec {
  const char *command;    /* "registry asof": names the command in errors */
  const char *usage;      /* printed first on --help: the usage lines and the prose, without
                           * a final newline (a blank line follows, then the options) */
  const char *after;      /* printed after the option list and a blank line on --help, or NULL */
  const cli_opt *options; /* the table */
  const char **pos;       /* OUT: the positionals, in order (may be NULL when max_pos is 0) */
  int max_pos;            /* more positionals than this is an error */
} cli_spec;

/* The parser proper, silent: walks argv[first..argc-1] against spec. Returns
 * 0 and sets *n_pos on success, 1 when -h/--help was met (nothing printed),
 * -1 on a mistake with the message (without the "vet COMMAND: " prefix)
 * in err[0..err_cap-1]. Destinations met before a mistake stay filled. */
int cli_opts_parse(const cli_spec *spec, int argc, char **argv, int first, int *n_pos, char *err,
                   size_t err_cap);

/* Writes the option list of a table to out: own rows under "options:", each
 * included table under its heading. */
void cli_opts_help(FILE *out, const cli_opt *table);

/* What a command calls: parses, and on --help prints spec->usage, the option
 * list and spec->after to stdout; on a mistake prints "vet COMMAND: message"
 * to stderr. Returns 0 when the command should go on (*n_pos set), 1 when it
 * should stop with exit status *status (0 after help, 2 after a mistake). */
int cli_parse(const cli_spec *spec, int argc, char **argv, int first, int *n_pos, int *status);
#endif
