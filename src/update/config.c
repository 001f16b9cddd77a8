/* config.c — the configuration of `vet update`: built-in defaults and an
 * INI-style file.
 *
 *   [update]
 *   store = vet-store
 *   snapshot = vet.snap
 *   max_shrink = 10%
 *
 *   [list ofac-sdn]
 *   file = sdn.csv https://.../SDN.CSV      ; repeat for each file of a set
 *   max_shrink = 5%                         ; optional per-list limits
 *
 * The built-in lists are the official publications at their published
 * addresses (docs/UPDATES.md lists them with the reasons). A file with any
 * [list] section replaces them all, so a deployment states exactly what it
 * fetches. Unknown sections and keys are errors, naming file and line. */
#include "update/update_int.h"
#include "core/error.h"
#include "core/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFAC_EXPORTS "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

static const struct {
  const char *list;
  const char *file;
  const char *url;
} default_files[] = {
  {"ofac-sdn", "sdn.csv", OFAC_EXPORTS "SDN.CSV"},
  {"ofac-sdn", "add.csv", OFAC_EXPORTS "ADD.CSV"},
  {"ofac-sdn", "alt.csv", OFAC_EXPORTS "ALT.CSV"},
  {"ofac-sdn", "sdn_comments.csv", OFAC_EXPORTS "SDN_COMMENTS.CSV"},
  {"ofac-nonsdn", "cons_prim.csv", OFAC_EXPORTS "CONS_PRIM.CSV"},
  {"ofac-nonsdn", "cons_add.csv", OFAC_EXPORTS "CONS_ADD.CSV"},
  {"ofac-nonsdn", "cons_alt.csv", OFAC_EXPORTS "CONS_ALT.CSV"},
  {"ofac-nonsdn", "cons_comments.csv", OFAC_EXPORTS "CONS_COMMENTS.CSV"},
  {"csl", "consolidated.csv",
   "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"},
  {"un-sc", "consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
  {"uk-ofsi", "ConList.csv",
   "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"},
  {"eu-fsf", "eu-fsf.csv",
   "https://webgate.ec.europa.eu/fsd/fsf/public/files/csvFullSanctionsList_1_1/content"
   "?token=dG9rZW4tMjAxNw"},
  {"ecfr-744", "title-15-part-744.xml",
   "https://www.ecfr.gov/api/versioner/v1/full/{date}/title-15.xml?part=744"},
};

/* A malloc'd copy of s (the caller frees it); NULL for NULL or on ENOMEM. */
static char *xstrdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

/* Frees every list of c and leaves it with none. */
static void free_lists(vet_update_config *c) {
  for (size_t i = 0; i < c->n_lists; i++) {
    vet__update_list *l = &c->lists[i];
    for (size_t k = 0; k < l->n_files; k++) {
      free(l->files[k].name);
      free(l->files[k].url);
    }
    free(l->files);
    free(l->name);
    free(l->format);
  }
  free(c->lists);
  c->lists = NULL;
  c->n_lists = 0;
}

void vet_update_config_free(vet_update_config *c) {
  if (!c) return;
  free_lists(c);
  free(c->store);
  free(c->snapshot);
  free(c->user_agent);
  free(c);
}

/* Appends an empty list named `name` (copied) to c; NULL on ENOMEM. Borrowed from c. */
static vet__update_list *add_list(vet_update_config *c, const char *name) {
  vet__update_list *v = realloc(c->lists, (c->n_lists + 1) * sizeof *v);
  if (!v) return NULL;
  c->lists = v;
  vet__update_list *l = &v[c->n_lists];
  memset(l, 0, sizeof *l);
  l->max_shrink = -1;
  l->min_size = -1;
  l->enabled = 1;
  if (!(l->name = xstrdup(name))) return NULL;
  c->n_lists++;
  return l;
}

/* Appends a file (name and URL copied) to l. */
static int add_file(vet__update_list *l, const char *name, const char *url) {
  vet__update_file *v = realloc(l->files, (l->n_files + 1) * sizeof *v);
  if (!v) return VET_ENOMEM;
  l->files = v;
  v[l->n_files].name = xstrdup(name);
  v[l->n_files].url = xstrdup(url);
  if (!v[l->n_files].name || !v[l->n_files].url) {
    free(v[l->n_files].name);
    free(v[l->n_files].url);
    return VET_ENOMEM;
  }
  l->n_files++;
  return VET_OK;
}

/* The list named `name` in c (borrowed), or NULL. */
static vet__update_list *find_list(vet_update_config *c, const char *name) {
  for (size_t i = 0; i < c->n_lists; i++)
    if (!strcmp(c->lists[i].name, name)) return &c->lists[i];
  return NULL;
}

vet_update_config *vet_update_config_default(void) {
  vet_update_config *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->store = xstrdup("vet-store");
  c->snapshot = xstrdup(vet_default_snapshot_path());
  c->user_agent = xstrdup("vet/" VET_VERSION_STRING " (restricted-party screening; vet update)");
  c->connect_timeout = 30;
  c->timeout = 600;
  c->stall_timeout = 60;
  c->retries = 4;
  c->backoff_ms = 2000;
  c->max_backoff_ms = 60000;
  c->max_shrink = 0.10;
  c->min_size = 256;
  c->max_size = 512LL * 1024 * 1024;
  if (!c->store || !c->snapshot || !c->user_agent) goto nomem;
  for (size_t i = 0; i < sizeof default_files / sizeof *default_files; i++) {
    vet__update_list *l = find_list(c, default_files[i].list);
    if (!l) l = add_list(c, default_files[i].list);
    if (!l || add_file(l, default_files[i].file, default_files[i].url)) goto nomem;
  }
  /* Floors for a first install, far below what the lists have held for years
   * (SDN 8,976 entries in 2021 and 14,432 in 2024; UN 1,003 in 2026; Entity
   * List 3,460 in 2026): they catch a tiny but well-formed file, not change. */
  static const struct { const char *list; long long min; } floors[] = {
    {"ofac-sdn", 5000}, {"un-sc", 500}, {"ecfr-744", 1000}};
  for (size_t i = 0; i < sizeof floors / sizeof *floors; i++) {
    vet__update_list *l = find_list(c, floors[i].list);
    if (l) l->min_entities = floors[i].min;
  }
  return c;
nomem:
  vet_update_config_free(c);
  return NULL;
}

double vet__update_max_shrink(const vet_update_config *c, const vet__update_list *l) {
  return l->max_shrink >= 0 ? l->max_shrink : c->max_shrink;
}

long long vet__update_min_size(const vet_update_config *c, const vet__update_list *l) {
  return l->min_size >= 0 ? l->min_size : c->min_size;
}

/* ---- values */

static int parse_long(const char *v, long long lo, long long hi, long long *out) {
  char *end;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (errno || end == v) return -1;
  long long mul = 1;
  if (*end == 'k' || *end == 'K') mul = 1024, end++;
  else if (*end == 'M') mul = 1024 * 1024, end++;
  else if (*end == 'G') mul = 1024LL * 1024 * 1024, end++;
  if (*end) return -1;
  x *= mul;
  if (x < lo || x > hi) return -1;
  *out = x;
  return 0;
}

/* "10%" or "0.10". */
static int parse_share(const char *v, double *out) {
  char *end;
  double x = strtod(v, &end);
  if (end == v) return -1;
  if (*end == '%') x /= 100, end++;
  if (*end || !(x >= 0 && x <= 1)) return -1;
  *out = x;
  return 0;
}

/* Replaces the malloc'd string *dst with a copy of v. */
static int set_str(char **dst, const char *v) {
  char *p = xstrdup(v);
  if (!p) return VET_ENOMEM;
  free(*dst);
  *dst = p;
  return VET_OK;
}

/* Sets an [update] key; *why (static) says what is wrong on failure. */
static int set_update_key(vet_update_config *c, const char *k, const char *v, const char **why) {
  long long x;
  *why = NULL;
  if (!strcmp(k, "store")) return set_str(&c->store, v);
  if (!strcmp(k, "snapshot")) return set_str(&c->snapshot, v);
  if (!strcmp(k, "user_agent")) return set_str(&c->user_agent, v);
  if (!strcmp(k, "max_shrink")) {
    if (parse_share(v, &c->max_shrink)) *why = "max_shrink must be a share like 10% or 0.1";
    return *why ? VET_EINVAL : VET_OK;
  }
  static const struct { const char *k; long long lo, hi; } nums[] = {
    {"connect_timeout", 1, 3600}, {"timeout", 1, 86400}, {"stall_timeout", 1, 3600},
    {"retries", 0, 20}, {"backoff_ms", 0, 600000}, {"max_backoff_ms", 0, 3600000},
    {"min_size", 0, 1LL << 40}, {"max_size", 1, 1LL << 40}};
  for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
    if (strcmp(k, nums[i].k)) continue;
    if (parse_long(v, nums[i].lo, nums[i].hi, &x)) {
      *why = "value is not a whole number in its range (see docs/UPDATES.md)";
      return VET_EINVAL;
    }
    switch (i) {
    case 0: c->connect_timeout = (long)x; break;
    case 1: c->timeout = (long)x; break;
    case 2: c->stall_timeout = (long)x; break;
    case 3: c->retries = (int)x; break;
    case 4: c->backoff_ms = (long)x; break;
    case 5: c->max_backoff_ms = (long)x; break;
    case 6: c->min_size = x; break;
    default: c->max_size = x; break;
    }
    return VET_OK;
  }
  *why = "unknown key in [update]";
  return VET_EINVAL;
}

int vet_update_config_set(vet_update_config *c, const char *key, const char *value,
                          vet_error *err) {
  if (!c || !key || !value) return vet__error_set(err, VET_EINVAL, "no config, key or value");
  const char *why;
  int rc = set_update_key(c, key, value, &why);
  if (rc == VET_ENOMEM) return vet__error_set(err, rc, "out of memory");
  if (rc) return vet__error_set(err, rc, "%s: %s", key, why);
  return VET_OK;
}

/* 1 for an http:// or https:// address: the only schemes vet update fetches. */
static int is_http_url(const char *u) {
  return !strncmp(u, "http://", 7) || !strncmp(u, "https://", 8);
}

/* A file name that stays inside the version folder. */
static int safe_name(const char *n) {
  if (!n[0] || n[0] == '.' || strlen(n) > 200) return 0;
  for (const char *p = n; *p; p++)
    if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20) return 0;
  return 1;
}

/* Sets key k of a [list] section (v may be cut in place); *why (static) says
 * what is wrong on VET_EINVAL. */
static int set_list_key(vet__update_list *l, const char *k, char *v, const char **why) {
  long long x;
  *why = NULL;
  if (!strcmp(k, "file")) {
    char *sp = v;
    while (*sp && *sp != ' ' && *sp != '\t') sp++;
    if (!*sp) { *why = "file = NAME URL"; return VET_EINVAL; }
    *sp++ = '\0';
    while (*sp == ' ' || *sp == '\t') sp++;
    if (!safe_name(v)) { *why = "file name must be a plain name (no / and no leading dot)"; return VET_EINVAL; }
    if (!is_http_url(sp)) { *why = "only http:// and https:// addresses are fetched"; return VET_EINVAL; }
    for (size_t i = 0; i < l->n_files; i++)
      if (!strcmp(l->files[i].name, v)) { *why = "the same file name twice in one list"; return VET_EINVAL; }
    return add_file(l, v, sp);
  }
  if (!strcmp(k, "format")) return set_str(&l->format, v);
  if (!strcmp(k, "max_shrink")) {
    if (parse_share(v, &l->max_shrink)) *why = "max_shrink must be a share like 10% or 0.1";
  } else if (!strcmp(k, "min_size")) {
    if (parse_long(v, 0, 1LL << 40, &x)) *why = "min_size must be a number of bytes";
    else l->min_size = x;
  } else if (!strcmp(k, "min_entities")) {
    if (parse_long(v, 0, 1LL << 40, &x)) *why = "min_entities must be a whole number";
    else l->min_entities = x;
  } else if (!strcmp(k, "enabled")) {
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) l->enabled = 1;
    else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) l->enabled = 0;
    else *why = "enabled must be yes or no";
  } else {
    *why = "unknown key in [list]";
  }
  return *why ? VET_EINVAL : VET_OK;
}

/* s without surrounding blanks, cut in place. */
static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  s[n] = '\0';
  return s;
}

/* Applies the INI text (cut in place) of file `path` to c; errors name path:line. */
static int parse(vet_update_config *c, const char *path, char *text, vet_error *err) {
  unsigned long line = 0;
  vet__update_list *cur = NULL;
  int in_update = 0, replaced = 0;
  char *save = NULL;
  for (char *ln = text; ln; ln = save) {
    char *nl = strchr(ln, '\n');
    save = nl ? nl + 1 : NULL;
    if (nl) *nl = '\0';
    line++;
    char *s = trim(ln);
    if (!*s || *s == '#' || *s == ';') continue;
    if (*s == '[') {
      char *end = strchr(s, ']');
      if (!end || end[1]) return vet__error_at(err, VET_EFORMAT, path, line, "a section is [update] or [list NAME]");
      *end = '\0';
      char *name = trim(s + 1);
      cur = NULL;
      in_update = 0;
      if (!strcmp(name, "update")) {
        in_update = 1;
      } else if (!strncmp(name, "list", 4) && (name[4] == ' ' || name[4] == '\t')) {
        name = trim(name + 5);
        if (!safe_name(name)) return vet__error_at(err, VET_EFORMAT, path, line, "a list name is a plain word");
        if (!replaced) {
          free_lists(c);
          replaced = 1;
        }
        if (find_list(c, name)) return vet__error_at(err, VET_EFORMAT, path, line, "list %s is defined twice", name);
        if (!(cur = add_list(c, name))) return vet__error_set(err, VET_ENOMEM, "out of memory");
      } else {
        return vet__error_at(err, VET_EFORMAT, path, line, "unknown section [%s]", name);
      }
      continue;
    }
    char *eq = strchr(s, '=');
    if (!eq) return vet__error_at(err, VET_EFORMAT, path, line, "expected key = value");
    *eq = '\0';
    char *k = trim(s), *v = trim(eq + 1);
    const char *why = NULL;
    int rc;
    if (in_update) rc = set_update_key(c, k, v, &why);
    else if (cur) rc = set_list_key(cur, k, v, &why);
    else return vet__error_at(err, VET_EFORMAT, path, line, "key outside a section");
    if (rc == VET_ENOMEM) return vet__error_set(err, rc, "out of memory");
    if (rc) return vet__error_at(err, VET_EFORMAT, path, line, "%s: %s", k, why);
  }
  for (size_t i = 0; i < c->n_lists; i++)
    if (!c->lists[i].n_files)
      return vet__error_at(err, VET_EFORMAT, path, 0, "list %s has no file = NAME URL line", c->lists[i].name);
  return VET_OK;
}

int vet_update_config_load(const char *path, vet_update_config **out, vet_error *err) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return vet__error_at(err, VET_EIO, path, 0, "cannot open config: %s", strerror(errno));
  vet__buf b = VET__BUF_INIT;
  char chunk[4096];
  size_t n;
  int rc = VET_OK;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && !rc) rc = vet__buf_append(&b, chunk, n);
  fclose(f);
  if (rc || vet__buf_puts(&b, "")) {
    vet__buf_free(&b);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  vet_update_config *c = vet_update_config_default();
  if (!c) {
    vet__buf_free(&b);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  rc = parse(c, path, b.data, err);
  vet__buf_free(&b);
  if (rc) {
    vet_update_config_free(c);
    return rc;
  }
  *out = c;
  return VET_OK;
}

size_t vet_update_config_list_count(const vet_update_config *c) { return c ? c->n_lists : 0; }

const char *vet_update_config_list_name(const vet_update_config *c, size_t i) {
  return c && i < c->n_lists ? c->lists[i].name : NULL;
}

char *vet_update_config_to_text(const vet_update_config *c) {
  vet__buf b = VET__BUF_INIT;
  int rc = vet__buf_printf(&b,
      "# vet update configuration (docs/UPDATES.md). Lines starting with # are comments.\n"
      "[update]\n"
      "store = %s\n"
      "snapshot = %s\n"
      "connect_timeout = %ld\n"
      "timeout = %ld\n"
      "stall_timeout = %ld\n"
      "retries = %d\n"
      "backoff_ms = %ld\n"
      "max_backoff_ms = %ld\n"
      "max_shrink = %g%%\n"
      "min_size = %lld\n"
      "max_size = %lld\n"
      "user_agent = %s\n",
      c->store, c->snapshot, c->connect_timeout, c->timeout, c->stall_timeout, c->retries,
      c->backoff_ms, c->max_backoff_ms, c->max_shrink * 100, c->min_size, c->max_size,
      c->user_agent);
  for (size_t i = 0; i < c->n_lists && !rc; i++) {
    const vet__update_list *l = &c->lists[i];
    rc = vet__buf_printf(&b, "\n[list %s]\n", l->name);
    for (size_t k = 0; k < l->n_files && !rc; k++)
      rc = vet__buf_printf(&b, "file = %s %s\n", l->files[k].name, l->files[k].url);
    if (!rc && l->format) rc = vet__buf_printf(&b, "format = %s\n", l->format);
    if (!rc && l->max_shrink >= 0) rc = vet__buf_printf(&b, "max_shrink = %g%%\n", l->max_shrink * 100);
    if (!rc && l->min_size >= 0) rc = vet__buf_printf(&b, "min_size = %lld\n", l->min_size);
    if (!rc && l->min_entities) rc = vet__buf_printf(&b, "min_entities = %lld\n", l->min_entities);
    if (!rc && !l->enabled) rc = vet__buf_puts(&b, "enabled = no\n");
  }
  if (rc) {
    vet__buf_free(&b);
    return NULL;
  }
  return vet__buf_take(&b);
}
