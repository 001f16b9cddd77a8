/* opts.c — the `vet` option parser (see opts.h for the rules).
 *
 * The parser flattens the table (following CLI_OPT_MORE rows) into an array
 * of row pointers on the stack, with a use count beside each row; that count
 * is how a second use of a single-valued option is caught. Nothing outlives
 * the call: no allocation, no global state. Lookups are linear — a command
 * has at most a few dozen options, and argv is short.
 *
 * Invariant: a destination is written only by the row that owns it, and only
 * with a value that passed that row's check (a number that parsed whole, a
 * list with room), so a command never sees a half-parsed value. */
#include "opts.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ROWS = 96 };

typedef struct flat {
  const cli_opt *row[MAX_ROWS];
  int uses[MAX_ROWS];
  int n;
} flat;

/* Appends the rows of table (and of the tables it includes) to f; -1 when
 * they do not fit (a programming error, NEVER with the tables in cli/). */
static int flatten(flat *f, const cli_opt *table, int depth) {
  if (depth > 4) return -1;
  for (const cli_opt *o = table; o->kind != CLI_OPT_END; o++) {
    if (o->kind == CLI_OPT_MORE) {
      if (flatten(f, o->more, depth + 1)) return -1;
      continue;
    }
    if (f->n == MAX_ROWS) return -1;
    f->row[f->n] = o;
    f->uses[f->n++] = 0;
  }
  return 0;
}

static int takes_value(cli_opt_kind k) {
  return k == CLI_OPT_STRING || k == CLI_OPT_INT || k == CLI_OPT_DOUBLE || k == CLI_OPT_LIST;
}

/* Formats a message into err; returns -1 for the caller to pass on. */
__attribute__((format(printf, 3, 4))) static int say(char *err, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (cap) vsnprintf(err, cap, fmt, ap);
  va_end(ap);
  return -1;
}

/* Finds the row for argument a ("--name", "--name=v" or "-x"); sets *inline_value
 * to what follows '=' in a long option, or NULL. Returns the row index or -1. */
static int lookup(const flat *f, const char *a, const char **inline_value) {
  *inline_value = NULL;
  if (a[1] == '-') {
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a) : strlen(a);
    for (int i = 0; i < f->n; i++) {
      const char *name = f->row[i]->name;
      if (name && strlen(name) == len && !strncmp(name, a, len)) {
        if (eq) *inline_value = eq + 1;
        return i;
      }
    }
    return -1;
  }
  if (a[1] && !a[2])
    for (int i = 0; i < f->n; i++)
      if (f->row[i]->short_name == a[1]) return i;
  return -1;
}

/* Stores value v into row o's destination, checking numbers and room; name
 * is the option as the user wrote it, for the message. */
static int store(const cli_opt *o, const char *name, const char *v, char *err, size_t cap) {
  char *end = NULL;
  switch (o->kind) {
  case CLI_OPT_STRING:
    *(const char **)o->dst = v;
    return 0;
  case CLI_OPT_INT: {
    /* INT_MIN is left out of the range so a command may use it for "not given". */
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!*v || *end) return say(err, cap, "%s: not a number: %s", name, v);
    if (errno == ERANGE || x <= INT_MIN || x > INT_MAX) return say(err, cap, "%s: out of range: %s", name, v);
    *(int *)o->dst = (int)x;
    return 0;
  }
  case CLI_OPT_DOUBLE: {
    errno = 0;
    double x = strtod(v, &end);
    if (!*v || *end || isnan(x)) return say(err, cap, "%s: not a number: %s", name, v);
    if (errno == ERANGE || isinf(x)) return say(err, cap, "%s: out of range: %s", name, v);
    *(double *)o->dst = x;
    return 0;
  }
  case CLI_OPT_LIST: {
    cli_opt_list *l = o->dst;
    if (l->n == l->cap) return say(err, cap, "%s: at most %d values", name, l->cap);
    l->items[l->n++] = v;
    l->given = 1;
    return 0;
  }
  default:
    return say(err, cap, "%s: bad option table", name); /* NEVER: only value kinds get here */
  }
}

int cli_opts_parse(const cli_spec *spec, int argc, char **argv, int first, int *n_pos, char *err,
                   size_t err_cap) {
  flat f;
  f.n = 0;
  *n_pos = 0;
  if (flatten(&f, spec->options, 0)) return say(err, err_cap, "too many options in the table");
  int options_end = 0;
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    if (options_end || a[0] != '-' || !a[1]) {
      if (*n_pos >= spec->max_pos)
        return say(err, err_cap, "unexpected argument %s", a);
      spec->pos[(*n_pos)++] = a;
      continue;
    }
    if (!strcmp(a, "--")) {
      options_end = 1;
      continue;
    }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) return 1;
    /* The option as written, without "=VALUE": what every message names. */
    char name[64];
    const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
    snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
    const char *v;
    int k = lookup(&f, a, &v);
    if (k < 0) return say(err, err_cap, "unknown option %s", name);
    const cli_opt *o = f.row[k];
    if (o->kind != CLI_OPT_LIST && f.uses[k]) return say(err, err_cap, "option %s given twice", name);
    f.uses[k]++;
    if (!takes_value(o->kind)) {
      if (v) return say(err, err_cap, "option %s takes no value", name);
      if (o->kind == CLI_OPT_FLAG) *(int *)o->dst = 1;
      else if (o->kind == CLI_OPT_SET) *(int *)o->dst = o->value;
      else if (o->kind == CLI_OPT_CLEAR) {
        cli_opt_list *l = o->dst;
        l->n = 0;
        l->given = 1;
      }
      continue;
    }
    if (!v) {
      if (i + 1 >= argc) return say(err, err_cap, "option %s needs a value", name);
      v = argv[++i];
    }
    if (store(o, name, v, err, err_cap)) return -1;
  }
  return 0;
}

/* The left column of a row's help line: "-d, --db PATH". */
static void left_column(const cli_opt *o, char *buf, size_t cap) {
  const char *arg = o->arg ? o->arg
                    : o->kind == CLI_OPT_INT ? "N"
                    : o->kind == CLI_OPT_DOUBLE ? "X"
                    : takes_value(o->kind) ? "TEXT" : NULL;
  if (o->short_name && o->name)
    snprintf(buf, cap, "-%c, %s%s%s", o->short_name, o->name, arg ? " " : "", arg ? arg : "");
  else if (o->short_name)
    snprintf(buf, cap, "-%c%s%s", o->short_name, arg ? " " : "", arg ? arg : "");
  else
    snprintf(buf, cap, "%s%s%s", o->name, arg ? " " : "", arg ? arg : "");
}

/* Writes one section (the table's own rows under heading), then one section
 * for each included table; *sections counts the sections written so far, so
 * that a blank line can separate them. */
static void help_rows(FILE *out, const cli_opt *table, const char *heading, int *sections) {
  int width = 0, any = 0;
  char buf[96];
  for (const cli_opt *o = table; o->kind != CLI_OPT_END; o++) {
    if (o->kind == CLI_OPT_MORE || !o->help) continue;
    left_column(o, buf, sizeof buf);
    int w = (int)strlen(buf);
    if (w > width && w <= 26) width = w;
    any = 1;
  }
  if (any) {
    fprintf(out, "%s%s\n", (*sections)++ ? "\n" : "", heading);
    for (const cli_opt *o = table; o->kind != CLI_OPT_END; o++) {
      if (o->kind == CLI_OPT_MORE || !o->help) continue;
      left_column(o, buf, sizeof buf);
      if ((int)strlen(buf) > width) fprintf(out, "  %s\n  %-*s  %s\n", buf, width, "", o->help);
      else fprintf(out, "  %-*s  %s\n", width, buf, o->help);
    }
  }
  for (const cli_opt *o = table; o->kind != CLI_OPT_END; o++)
    if (o->kind == CLI_OPT_MORE) help_rows(out, o->more, o->help ? o->help : "more options:", sections);
}

void cli_opts_help(FILE *out, const cli_opt *table) {
  int sections = 0;
  help_rows(out, table, "options:", &sections);
}

int cli_parse(const cli_spec *spec, int argc, char **argv, int first, int *n_pos, int *status) {
  char err[256];
  int rc = cli_opts_parse(spec, argc, argv, first, n_pos, err, sizeof err);
  if (rc == 0) return 0;
  if (rc > 0) {
    fputs(spec->usage, stdout);
    fputs("\n\n", stdout);
    cli_opts_help(stdout, spec->options);
    if (spec->after) printf("\n%s", spec->after);
    *status = 0;
    return 1;
  }
  fprintf(stderr, "vet %s: %s\n", spec->command, err);
  *status = 2;
  return 1;
}
