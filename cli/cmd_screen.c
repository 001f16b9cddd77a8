/* cmd_screen.c — `vet screen`: one name, or one name a line from stdin,
 * against a snapshot. Uses only the public API (vet_screen and
 * vet_match_to_json). Exit status as grep: 0 no match, 1 a match, 2 an error. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void usage(void) {
  printf("usage: vet screen [-i SNAPSHOT] [--list ID,...] [--type T] [--country CC] [--dob DATE]\n"
         "                  [--id NUMBER]... [--limit K] [--threshold T] [--all]\n"
         "                  [--format table|json|jsonl] NAME|-\n\n"
         "Screens NAME (any script) against the snapshot (default: $VET_SNAPSHOT or ./vet.snap)\n"
         "and prints the listed entities whose score reaches the threshold (default %.2f),\n"
         "best first, each with the listed name that matched and why. With - in place of\n"
         "NAME, reads one name a line from stdin and writes one JSON line a name, in input\n"
         "order: {\"query\": ..., \"matches\": [...]}.\n"
         "--all also shows the best candidates below the threshold (up to --limit).\n"
         "Exit status: 0 no match, 1 a match, 2 an error.\n", VET_DEFAULT_THRESHOLD);
}

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
static int print_json(const char *query, const vet_match *m, size_t n, int pretty) {
  /* The query is escaped through the library's JSON writer: a one-field match
   * would be overkill, so escape by hand (control characters, quote, backslash). */
  fputs(pretty ? "{\n  \"query\": \"" : "{\"query\": \"", stdout);
  for (const unsigned char *p = (const unsigned char *)query; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p < 0x20) printf("\\u%04x", *p);
    else putchar(*p);
  }
  fputs(pretty ? "\",\n  \"matches\": [" : "\", \"matches\": [", stdout);
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
  const char *format = NULL;
  char *lists_arg = NULL;
  const char *ids[64];
  size_t n_ids = 0;
  vet_query q = vet_query_default();
  const char *name = NULL;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (cli_is_help(a)) { usage(); return 0; }
    else if (!strcmp(a, "-")) name = a;
    else if (a[0] != '-') name = a;
    else if (!strcmp(a, "-i") && more) snap_path = argv[++i];
    else if (!strcmp(a, "--list") && more) lists_arg = argv[++i];
    else if (!strcmp(a, "--type") && more) {
      q.type = vet_entity_type_parse(argv[++i]);
      if (q.type == VET_TYPE_UNKNOWN) return cli_fail("screen: unknown type \"%s\"", argv[i]);
    } else if (!strcmp(a, "--country") && more) q.country = argv[++i];
    else if (!strcmp(a, "--dob") && more) q.dob = argv[++i];
    else if (!strcmp(a, "--id") && more) {
      if (n_ids < 64) ids[n_ids++] = argv[++i];
      else i++;
    } else if (!strcmp(a, "--limit") && more) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || v < 1) return cli_fail("screen: --limit wants a positive number");
      q.limit = (size_t)v;
    } else if (!strcmp(a, "--threshold") && more) {
      char *end;
      q.threshold = strtod(argv[++i], &end);
      if (*end || q.threshold < 0 || q.threshold > 1) return cli_fail("screen: --threshold wants a number in [0, 1]");
    } else if (!strcmp(a, "--all")) q.all = 1;
    else if (!strcmp(a, "--format") && more) {
      format = argv[++i];
      if (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "jsonl"))
        return cli_fail("screen: --format is table, json or jsonl");
    } else return cli_fail("screen: unknown option %s (see vet screen --help)", a);
  }
  if (!name) return cli_fail("screen: no NAME given (see vet screen --help)");
  int batch = !strcmp(name, "-");
  if (!format) format = batch ? "jsonl" : "table";
  q.ids = ids;
  q.n_ids = n_ids;
  const char **lists = NULL;
  if (lists_arg) {
    lists = split_list(lists_arg, &q.n_lists);
    if (!lists) return cli_fail("out of memory");
    q.lists = lists;
  }
  vet_error err;
  vet_snapshot *snap = NULL;
  if (vet_snapshot_open(snap_path, &snap, &err)) {
    free(lists);
    return cli_fail_err(&err);
  }
  vet_matcher *m = vet_matcher_new(snap);
  if (!m) {
    vet_snapshot_close(snap);
    free(lists);
    return cli_fail("%s: the snapshot has no matching index (rebuild it with vet index build)", snap_path);
  }
  int status = 0;
  char *line = NULL;
  size_t cap = 0;
  for (;;) {
    const char *qname = name;
    if (batch) {
      ssize_t got = getline(&line, &cap, stdin);
      if (got < 0) break;
      while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = 0;
      qname = line;
    }
    q.name = qname;
    const vet_match *res = NULL;
    size_t n = 0;
    int rc = 0;
    const char *p = qname;
    while (*p == ' ' || *p == '\t') p++;
    if (*p) rc = vet_screen(m, &q, &res, &n, &err);
    else if (!batch) rc = vet_screen(m, &q, &res, &n, &err);   /* reports the empty name */
    if (rc) {
      if (!batch) {
        status = cli_fail_err(&err);
        break;
      }
      fprintf(stderr, "vet: %s\n", err.message);
      status = 2;
      n = 0;
    }
    for (size_t k = 0; k < n; k++)
      if (res[k].is_match && status == 0) status = 1;
    if (!strcmp(format, "table")) print_table(qname, res, n);
    else if (print_json(qname, res, n, !strcmp(format, "json"))) {
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
  return status;
}
