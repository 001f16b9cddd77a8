/* cmd_text.c — `vet text`: find mentions of listed names in a document;
 * see include/vet_text.h.
 *
 * Reads the whole file (or standard input), optionally strips HTML, and
 * prints each mention as a JSON line or as a readable report that shows the
 * sentence with the mention marked. Offsets are bytes of the text scanned
 * (for --html, of the text extracted from the page). Exit status: 0 no
 * mention, 1 some mention, 2 an error. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void usage(void) {
  printf("usage: vet text [-i SNAPSHOT] [--html] [--json] [--threshold X] [--list ID,...] FILE|-\n\n"
         "Finds mentions of listed names in free text (UTF-8, any script): each with its\n"
         "byte offsets [start, end), the text, the entity, list, score and explanation.\n"
         "  --html       strip the markup first (offsets then refer to the extracted text)\n"
         "  --json       one JSON object per mention (default: a readable report)\n"
         "  --threshold  the score a mention needs (default %.2f)\n"
         "Exit status: 0 no mention, 1 some mention, 2 error.\n", VET_TEXT_DEFAULT_THRESHOLD);
}

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

int cmd_text(int argc, char **argv) {
  const char *snap_path = vet_default_snapshot_path(), *path = NULL;
  int html = 0, json = 0;
  char *lists_arg = NULL;
  vet_text_options o = vet_text_options_default();
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (cli_is_help(a)) { usage(); return 0; }
    else if (!strcmp(a, "-i") && more) snap_path = argv[++i];
    else if (!strcmp(a, "--html")) html = 1;
    else if (!strcmp(a, "--json") || !strcmp(a, "--jsonl")) json = 1;
    else if (!strcmp(a, "--list") && more) lists_arg = argv[++i];
    else if (!strcmp(a, "--threshold") && more) {
      char *end;
      o.threshold = strtod(argv[++i], &end);
      if (*end || o.threshold < 0 || o.threshold > 1) return cli_fail("text: --threshold is a number from 0 to 1");
    } else if (!strcmp(a, "-")) {
      if (path) return cli_fail("text: one input only");
      path = a;
    } else if (a[0] == '-') return cli_fail("text: unknown option %s (see vet text --help)", a);
    else if (!path) path = a;
    else return cli_fail("text: one input only");
  }
  if (!path) return cli_fail("text: no input (a file, or - for standard input)");
  const char *lists[64];
  size_t n_lists = 0;
  if (lists_arg)
    for (char *t = strtok(lists_arg, ","); t && n_lists < 64; t = strtok(NULL, ","))
      if (*t) lists[n_lists++] = t;
  if (n_lists) {
    o.lists = lists;
    o.n_lists = n_lists;
  }
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
