/* cmd_text.c — `vet text`: find mentions of listed names in a document;
 * see include/vet_text.h.
 *
 * Reads the whole file (or standard input), optionally strips HTML, and
 * prints each mention as a JSON line or as a readable report that shows the
 * sentence with the mention marked. Offsets are bytes of the text scanned
 * (for --html, of the text extracted from the page). Exit status: 0 no
 * mention, 1 some mention, 2 an error. */
#include "cli.h"
#include "opts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: vet text [-i SNAPSHOT] [--html] [--json] [--threshold X] [--list ID,...] FILE|-\n\n"
    "Finds mentions of listed names in free text (UTF-8, any script): each with its\n"
    "byte offsets [start, end), the text, the entity, list, score and explanation.";

/* The whole of a file or stdin; malloc'd, NUL-terminated. NULL on failure. */
static char *slurp(const char *path, size_t *n) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *d = malloc(cap);
  while (d) {
    if (len + 1 >= cap) {
      char *nd = realloc(d, cap *= 2);
      if (!nd) { free(d); d = NULL; break; }
      d = nd;
    }
    size_t r = fread(d + len, 1, cap - len - 1, f);
    len += r;
    if (r == 0) break;
  }
  int bad = ferror(f);
  if (f != stdin) fclose(f);
  if (!d || bad) { free(d); return NULL; }
  d[len] = '\0';
  *n = len;
  return d;
}

static void json_str(const char *s, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c == '\r') fputs("\\r", stdout);
    else if (c == '\t') fputs("\\t", stdout);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void print_json(const char *text, const vet_mention *m) {
  printf("{\"start\":%zu,\"end\":%zu,\"text\":", m->start, m->end);
  json_str(text + m->start, m->end - m->start);
  printf(",\"list\":");
  json_str(m->list_id, strlen(m->list_id));
  printf(",\"source_id\":");
  json_str(m->source_id, strlen(m->source_id));
  printf(",\"name\":");
  json_str(m->name, strlen(m->name));
  printf(",\"matched_name\":");
  json_str(m->matched_name, strlen(m->matched_name));
  printf(",\"type\":\"%s\",\"score\":%.4f,\"explanation\":", vet_entity_type_name(m->type), m->score);
  json_str(m->explanation, strlen(m->explanation));
  if (m->json) printf(",\"match\":%s", m->json);
  puts("}");
}

/* Prints text[a, b) on one line: line breaks and tabs as spaces. */
static void flat(const char *text, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) putchar(text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ? ' ' : text[i]);
}

static void print_report(const char *text, const vet_mention *m) {
  unsigned long line = 1;
  for (size_t i = 0; i < m->start; i++) line += text[i] == '\n';
  printf("line %lu, bytes %zu-%zu: ", line, m->start, m->end);
  flat(text, m->start, m->end);
  printf("  ->  %s (%s %s, %s), score %.2f\n", m->name, m->list_id, m->source_id,
         vet_entity_type_name(m->type), m->score);
  if (strcmp(m->matched_name, m->name)) printf("    matched name: %s\n", m->matched_name);
  fputs("    \"", stdout);
  flat(text, m->sentence_start, m->start);
  fputs(">>", stdout);
  flat(text, m->start, m->end);
  fputs("<<", stdout);
  flat(text, m->end, m->sentence_end);
  printf("\"\n    why: %s\n", m->explanation);
}

/* A diagnostic of the scan, named by the input, which the library does not
 * know (userdata: the name), and printed as every command prints one:
 * "news.txt:3: warning: ...". */
static void text_diag(void *userdata, const vet_diag *d) {
  vet_diag named = *d;
  named.file = userdata;
  cli_print_diag(NULL, &named);
}

int cmd_text(int argc, char **argv) {
  const char *snap_path = vet_default_snapshot_path(), *lists_opt = NULL;
  int html = 0, json = 0;
  double threshold = NAN;   /* NAN: not given (the parser never stores it) */
  vet_text_options o = vet_text_options_default();
  char threshold_help[96];
  snprintf(threshold_help, sizeof threshold_help, "the score a mention needs, from 0 to 1 (default %.2f)",
           VET_TEXT_DEFAULT_THRESHOLD);
  const cli_opt table[] = {
    CLI_STRING(NULL, 'i', &snap_path, "SNAPSHOT", "the snapshot (default $VET_SNAPSHOT or ./vet.snap)"),
    CLI_FLAG("--html", 0, &html, "strip the markup first (offsets then refer to the extracted text)"),
    CLI_FLAG("--json", 0, &json, "one JSON object per mention (default: a readable report)"),
    CLI_FLAG("--jsonl", 0, &json, "the same as --json"),
    CLI_DOUBLE("--threshold", 0, &threshold, "X", threshold_help),
    CLI_STRING("--list", 0, &lists_opt, "ID,...", "only these lists"),
    CLI_END,
  };
  const char *pos[1];
  int n_pos, status;
  cli_spec spec = {"text", usage_text, "Exit status: 0 no mention, 1 some mention, 2 error.\n", table, pos, 1};
  if (cli_parse(&spec, argc, argv, 1, &n_pos, &status)) return status;
  if (!isnan(threshold)) {
    if (threshold < 0 || threshold > 1) return cli_fail("text: --threshold is a number from 0 to 1");
    o.threshold = threshold;
  }
  if (!n_pos) return cli_fail("text: no input (a file, or - for standard input)");
  const char *path = pos[0];
  const char *lists[64];
  size_t n_lists = 0;
  char lists_arg[4096];   /* a copy of --list, cut in place */
  if (lists_opt) {
    if (strlen(lists_opt) >= sizeof lists_arg) return cli_fail("text: --list is too long");
    strcpy(lists_arg, lists_opt);
    for (char *t = strtok(lists_arg, ","); t && n_lists < 64; t = strtok(NULL, ","))
      if (*t) lists[n_lists++] = t;
  }
  if (n_lists) {
    o.lists = lists;
    o.n_lists = n_lists;
  }
  char source[4096];
  snprintf(source, sizeof source, "%s%s", strcmp(path, "-") ? path : "standard input",
           html ? " (the text of the page)" : "");
  o.diag = text_diag;
  o.diag_userdata = source;
  size_t n;
  char *text = slurp(path, &n);
  if (!text) return cli_fail("%s: cannot read it", path);
  vet_error err;
  if (html) {
    char *t;
    size_t tn;
    if (vet_text_from_html(text, n, &t, &tn, &err)) {
      free(text);
      return cli_fail("%s: %s", path, err.message);
    }
    free(text);
    text = t;
    n = tn;
  }
  vet_snapshot *snap;
  if (vet_snapshot_open(snap_path, &snap, &err)) {
    free(text);
    return cli_fail_err(&err);
  }
  vet_text_scanner *s;
  int rc = vet_text_scanner_new(snap, &o, &s, &err);
  const vet_mention *m = NULL;
  size_t k = 0;
  if (!rc) rc = vet_text_scan(s, text, n, &m, &k, &err);
  if (!rc) {
    for (size_t i = 0; i < k; i++) {
      if (json) print_json(text, &m[i]);
      else print_report(text, &m[i]);
    }
    if (!json && !k) puts("no mentions");
  }
  vet_text_scanner_free(s);
  vet_snapshot_close(snap);
  free(text);
  if (rc) return cli_fail_err(&err);
  return k ? 1 : 0;
}
