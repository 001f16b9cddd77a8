/* cmd_screen.c — `vet screen`: one name, or one name a line from stdin,
 * against a snapshot. Uses only the public API (vet_screen and
 * vet_match_to_json). Exit status as grep: 0 no match, 1 a match, 2 an error. */
#include "cli.h"
#include "opts.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: vet screen [-i SNAPSHOT] [--list ID,...] [--type T] [--country CC] [--dob DATE]\n"
    "                  [--id NUMBER]... [--limit K] [--threshold T] [--all]\n"
    "                  [--format table|json|jsonl] NAME|-\n\n"
    "Screens NAME (any script) against the snapshot (default: $VET_SNAPSHOT or ./vet.snap)\n"
    "and prints the listed entities whose score reaches the threshold (default %.2f),\n"
    "best first, each with the listed name that matched and why. With - in place of\n"
    "NAME, reads one name a line from stdin and writes one JSON line a name, in input\n"
    "order: {\"query\": ..., \"matches\": [...]}. A line that cannot be screened (not\n"
    "UTF-8, a NUL byte) is named on stderr by its number, answered with \"error\" in its\n"
    "place, and makes the exit status 2.\n"
    "--all also shows the best candidates below the threshold (up to --limit).";

/* Splits "a,b,c" into a malloc'd array of pointers into s (modified). */
static const char **split_list(char *s, size_t *n) {
  size_t cap = 1;
  for (char *p = s; *p; p++) cap += *p == ',';
  const char **v = malloc(cap * sizeof *v);
  if (!v) return NULL;
  *n = 0;
  for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) v[(*n)++] = tok;
  return v;
}

static void short_why(const vet_match *mt, char *buf, size_t cap) {
  size_t k = 0;
  buf[0] = 0;
  for (size_t i = 0; i < mt->n_tokens && k + 1 < cap; i++) {
    const vet_token_match *t = &mt->tokens[i];
    if (!t->query_token || !t->name_token) continue;
    int w = snprintf(buf + k, cap - k, "%s%s%s%s", k ? " " : "", t->query_token,
                     !strcmp(t->how, "exact") ? "=" : "~", t->name_token);
    if (w < 0 || (size_t)w >= cap - k) break;
    k += (size_t)w;
    if (strcmp(t->how, "exact")) {
      w = snprintf(buf + k, cap - k, "(%s)", t->how);
      if (w < 0 || (size_t)w >= cap - k) break;
      k += (size_t)w;
    }
  }
  /* Then the words that paired with nothing, on either side, with the
   * share of their weight that counted when less than all of it. */
  int first = 1;
  for (size_t i = 0; i < mt->n_tokens && k + 1 < cap; i++) {
    const vet_token_match *t = &mt->tokens[i];
    if (t->query_token && t->name_token) continue;
    const char *word = t->query_token ? t->query_token : t->name_token;
    int w = t->kept < 1 ? snprintf(buf + k, cap - k, "%s%s (counts %.0f%%)", first ? (k ? " unmatched: " : "unmatched: ") : ", ",
                                   word, 100.0 * t->kept)
                        : snprintf(buf + k, cap - k, "%s%s", first ? (k ? " unmatched: " : "unmatched: ") : ", ", word);
    if (w < 0 || (size_t)w >= cap - k) break;
    k += (size_t)w;
    first = 0;
  }
  for (size_t i = 0; i < mt->n_adjustments && k + 1 < cap; i++) {
    int w = snprintf(buf + k, cap - k, "%s%s%+.2f", k ? " " : "", mt->adjustments[i].what,
                     mt->adjustments[i].delta);
    if (w < 0 || (size_t)w >= cap - k) break;
    k += (size_t)w;
  }
}

static void print_table(const char *query, const vet_match *m, size_t n) {
  if (!n) {
    printf("no match for \"%s\"\n", query);
    return;
  }
  printf("%-6s %-11s %-12s %-32s %-32s %s\n", "score", "list", "id", "name", "matched name", "why");
  for (size_t i = 0; i < n; i++) {
    char why[512];
    short_why(&m[i], why, sizeof why);
    printf("%-6.3f %-11s %-12s %-32.32s %-32.32s %s%s\n", m[i].score, m[i].list_id, m[i].source_id,
           m[i].name, m[i].matched_name, m[i].is_match ? "" : "(below threshold) ", why);
  }
}

/* Prints {"query": ..., "matches": [...]}; pretty when asked. Returns 0 or 2 on ENOMEM. */
/* s as the body of a JSON string: quote, backslash and control characters
 * escaped. s is UTF-8 (vet_screen() refuses a name that is not). */
static void put_json_text(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p < 0x20) printf("\\u%04x", *p);
    else putchar(*p);
  }
}

/* One result line: {"query": ..., "matches": [...]}. A name the library
 * refused gets "error" with the reason, and a name that is not UTF-8 is
 * written as null, since JSON cannot hold it. */
static int print_json(const char *query, const vet_match *m, size_t n, int pretty, const vet_error *failed) {
  fputs(pretty ? "{\n  \"query\": " : "{\"query\": ", stdout);
  if (failed && failed->code == VET_EENCODING) fputs("null", stdout);
  else {
    putchar('"');
    put_json_text(query);
    putchar('"');
  }
  if (failed) {
    fputs(pretty ? ",\n  \"error\": \"" : ", \"error\": \"", stdout);
    put_json_text(failed->message);
    putchar('"');
  }
  fputs(pretty ? ",\n  \"matches\": [" : ", \"matches\": [", stdout);
  for (size_t i = 0; i < n; i++) {
    char *s = vet_match_to_json(&m[i], pretty ? VET_JSON_PRETTY : VET_JSON_COMPACT);
    if (!s) return 2;
    printf("%s%s%s", i ? ", " : "", pretty ? "\n" : "", s);
    free(s);
  }
  fputs(pretty ? "\n  ]\n}\n" : "]}\n", stdout);
  return 0;
}

int cmd_screen(int argc, char **argv) {
  const char *snap_path = vet_default_snapshot_path();
  const char *format = NULL, *type = NULL, *lists_opt = NULL;
  const char *ids[64];
  cli_opt_list id_list = {ids, 64, 0, 0};
  vet_query q = vet_query_default();
  /* Not given: INT_MIN and NAN, values the parser never stores. */
  int limit = INT_MIN;
  double threshold = NAN;
  const cli_opt table[] = {
    CLI_STRING(NULL, 'i', &snap_path, "SNAPSHOT", "the snapshot (default $VET_SNAPSHOT or ./vet.snap)"),
    CLI_STRING("--list", 0, &lists_opt, "ID,...", "only these lists"),
    CLI_STRING("--type", 0, &type, "T", "the kind of party: person, organization, vessel or aircraft"),
    CLI_STRING("--country", 0, &q.country, "CC", "the party's country"),
    CLI_STRING("--dob", 0, &q.dob, "DATE", "the party's date (or year) of birth"),
    CLI_LIST("--id", 0, &id_list, "NUMBER", "an identifier the party holds (repeat)"),
    CLI_INT("--limit", 0, &limit, "K", "at most K entities"),
    CLI_DOUBLE("--threshold", 0, &threshold, "T", "the score a match needs, in [0, 1]"),
    CLI_FLAG("--all", 0, &q.all, "also the best candidates below the threshold"),
    CLI_STRING("--format", 0, &format, "F", "table (default for NAME), json, or jsonl (default for -)"),
    CLI_END,
  };
  char usage[sizeof usage_text + 16];
  snprintf(usage, sizeof usage, usage_text, VET_DEFAULT_THRESHOLD);
  const char *pos[1];
  int n_pos, status;
  cli_spec spec = {"screen", usage, "Exit status: 0 no match, 1 a match, 2 an error.\n", table, pos, 1};
  if (cli_parse(&spec, argc, argv, 1, &n_pos, &status)) return status;
  const char *name = n_pos ? pos[0] : NULL;
  if (type) {
    q.type = vet_entity_type_parse(type);
    if (q.type == VET_TYPE_UNKNOWN) return cli_fail("screen: unknown type \"%s\"", type);
  }
  if (limit != INT_MIN) {
    if (limit < 1) return cli_fail("screen: --limit wants a positive number");
    q.limit = (size_t)limit;
  }
  if (!isnan(threshold)) {
    if (threshold < 0 || threshold > 1) return cli_fail("screen: --threshold wants a number in [0, 1]");
    q.threshold = threshold;
  }
  if (format && strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "jsonl"))
    return cli_fail("screen: --format is table, json or jsonl");
  size_t n_ids = (size_t)id_list.n;
  if (!name) return cli_fail("screen: no NAME given (see vet screen --help)");
  int batch = !strcmp(name, "-");
  if (!format) format = batch ? "jsonl" : "table";
  q.ids = ids;
  q.n_ids = n_ids;
  const char **lists = NULL;
  char *lists_arg = NULL;   /* a copy of --list, cut in place by split_list */
  if (lists_opt) {
    lists_arg = strdup(lists_opt);
    lists = lists_arg ? split_list(lists_arg, &q.n_lists) : NULL;
    if (!lists) {
      free(lists_arg);
      return cli_fail("out of memory");
    }
    q.lists = lists;
  }
  vet_error err;
  vet_snapshot *snap = NULL;
  if (vet_snapshot_open(snap_path, &snap, &err)) {
    free(lists);
    free(lists_arg);
    return cli_fail_err(&err);
  }
  vet_matcher *m = vet_matcher_new(snap);
  if (!m) {
    vet_snapshot_close(snap);
    free(lists);
    free(lists_arg);
    return cli_fail("%s: the snapshot has no matching index (rebuild it with vet index build)", snap_path);
  }
  status = 0;
  char *line = NULL;
  size_t cap = 0;
  long lineno = 0;
  for (;;) {
    const char *qname = name;
    int rc = 0;
    if (batch) {
      ssize_t got = getline(&line, &cap, stdin);
      if (got < 0) break;
      lineno++;
      while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = 0;
      qname = line;
      /* A NUL byte would cut the name short without a word. */
      if (strlen(line) != (size_t)got) {
        err.code = VET_EENCODING;
        snprintf(err.message, sizeof err.message, "the name holds a NUL byte (byte %zu)", strlen(line) + 1);
        rc = VET_EENCODING;
      }
    }
    q.name = qname;
    const vet_match *res = NULL;
    size_t n = 0;
    const char *p = qname;
    while (*p == ' ' || *p == '\t') p++;
    /* A blank line of a batch is answered with no matches; a blank NAME is
     * vet_screen()'s to refuse. */
    if (!rc && (*p || !batch)) rc = vet_screen(m, &q, &res, &n, &err);
    if (rc) {
      if (!batch) {
        status = cli_fail_err(&err);
        break;
      }
      /* Named by its line, and still answered in its place: the output keeps
       * one line per input line. */
      fprintf(stderr, "vet: standard input, line %ld: %s\n", lineno, err.message);
      status = 2;
      n = 0;
    }
    for (size_t k = 0; k < n; k++)
      if (res[k].is_match && status == 0) status = 1;
    if (!strcmp(format, "table")) {
      if (!rc) print_table(qname, res, n);
    } else if (print_json(qname, res, n, !strcmp(format, "json"), rc ? &err : NULL)) {
      status = cli_fail("out of memory");
      break;
    }
    if (!batch) break;
  }
  if (batch) fflush(stdout);
  free(line);
  vet_matcher_free(m);
  vet_snapshot_close(snap);
  free(lists);
  free(lists_arg);
  return status;
}
