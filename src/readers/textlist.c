/* textlist.c — see textlist.h. */
#include "readers/textlist.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "io/file.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ decoding */

void vet__text_note(vet__read_ctx *ctx, unsigned long line, const char *fmt, ...) {
  if (!ctx->cb || !ctx->cb->diag) return;
  char reason[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  vet_diag d = {VET_DIAG_NOTE, ctx->path, line, reason};
  ctx->cb->diag(ctx->cb->userdata, &d);
}

int vet__text_decode(vet__read_ctx *ctx, vet__text *t, int declared_utf8) {
  memset(t, 0, sizeof *t);
  const char *p = ctx->file->data;
  size_t n = ctx->file->size;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    p += 3;
    n -= 3;
    declared_utf8 = 1;
  }
  t->data = p;
  t->n = n;
  size_t bad = vet__utf8_invalid_at(p, n);
  if (bad == n) return 0;
  if (declared_utf8) {
    t->check_rows = 1;
    return 0;
  }
  if (vet__cp1252_to_utf8(&t->conv, p, n)) return VET_ENOMEM;
  t->data = t->conv.data ? t->conv.data : "";
  t->n = t->conv.len;
  t->cp1252 = 1;
  vet__text_note(ctx, vet__line_of(p, bad),
                 "not UTF-8 (byte 0x%02X); read as Windows-1252", (unsigned char)p[bad]);
  return 0;
}

void vet__text_free(vet__text *t) { vet__buf_free(&t->conv); }

long vet__fields_utf8_bad(const vet__csv_record *rec) {
  for (size_t i = 0; i < rec->n; i++)
    if (vet__utf8_invalid_at(rec->f[i].s, rec->f[i].n) != rec->f[i].n) return (long)i;
  return -1;
}

/* ------------------------------------------------------------- columns */

int vet__header_col(const vet__csv_record *hdr, const char *name) {
  size_t k = strlen(name);
  for (size_t i = 0; i < hdr->n; i++) {
    const char *s = hdr->f[i].s;
    size_t n = hdr->f[i].n;
    vet__trim(&s, &n);
    if (n == k && vet__ascii_ncasecmp(s, name, k) == 0) return (int)i;
  }
  return -1;
}

const char *vet__record_field(const vet__csv_record *rec, int i, size_t *len) {
  if (i < 0 || (size_t)i >= rec->n) {
    if (len) *len = 0;
    return "";
  }
  if (len) *len = rec->f[i].n;
  return rec->f[i].s;
}

/* ---------------------------------------------------------- string set */

void vet__strset_init(vet__strset *s) {
  memset(s, 0, sizeof *s);
  vet__arena_init(&s->arena, 65536);
}

void vet__strset_free(vet__strset *s) {
  vet__arena_free(&s->arena);
  free(s->keys);
  free(s->lens);
  free(s->slots);
  memset(s, 0, sizeof *s);
}

static size_t find_slot(const vet__strset *s, const char *key, size_t n) {
  size_t mask = s->nslots - 1, i = (size_t)vet__fnv1a64(key, n) & mask;
  while (s->slots[i]) {
    uint32_t k = s->slots[i] - 1;
    if (s->lens[k] == n && memcmp(s->keys[k], key, n) == 0) return i;
    i = (i + 1) & mask;
  }
  return i;
}

static int rehash(vet__strset *s) {
  size_t ns = s->nslots ? s->nslots * 2 : 256;
  uint32_t *slots = calloc(ns, sizeof *slots);
  if (!slots) return VET_ENOMEM;
  free(s->slots);
  s->slots = slots;
  s->nslots = ns;
  for (size_t k = 0; k < s->n; k++) s->slots[find_slot(s, s->keys[k], s->lens[k])] = (uint32_t)k + 1;
  return 0;
}

int vet__strset_has(const vet__strset *s, const char *key, size_t n) {
  return s->nslots && s->slots[find_slot(s, key, n)] != 0;
}

int vet__strset_add(vet__strset *s, const char *key, size_t n, uint32_t *index) {
  if ((s->n + 1) * 2 > s->nslots && rehash(s)) return VET_ENOMEM;
  size_t slot = find_slot(s, key, n);
  if (s->slots[slot]) {
    if (index) *index = s->slots[slot] - 1;
    return 0;
  }
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    const char **keys = realloc(s->keys, cap * sizeof *keys);
    if (!keys) return VET_ENOMEM;
    s->keys = keys;
    size_t *lens = realloc(s->lens, cap * sizeof *lens);
    if (!lens) return VET_ENOMEM;
    s->lens = lens;
    s->cap = cap;
  }
  char *copy = vet__arena_strndup(&s->arena, key, n);
  if (!copy) return VET_ENOMEM;
  s->keys[s->n] = copy;
  s->lens[s->n] = n;
  s->slots[slot] = (uint32_t)(++s->n);
  if (index) *index = (uint32_t)(s->n - 1);
  return 1;
}

/* ---------------------------------------------------------- row groups */

void vet__groups_init(vet__groups *g) {
  memset(g, 0, sizeof *g);
  vet__strset_init(&g->keys);
}

void vet__groups_free(vet__groups *g) {
  vet__strset_free(&g->keys);
  free(g->rows);
  memset(g, 0, sizeof *g);
}

int vet__groups_add(vet__groups *g, const char *key, size_t n, size_t off, unsigned long line) {
  uint32_t group;
  int rc = vet__strset_add(&g->keys, key, n, &group);
  if (rc < 0) return rc;
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 1024;
    vet__rowref *rows = realloc(g->rows, cap * sizeof *rows);
    if (!rows) return VET_ENOMEM;
    g->rows = rows;
    g->cap = cap;
  }
  vet__rowref *r = &g->rows[g->n];
  r->off = off;
  r->line = line;
  r->group = group;
  r->seq = (uint32_t)g->n++;
  return 0;
}

static int cmp_rowref(const void *a, const void *b) {
  const vet__rowref *x = a, *y = b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void vet__groups_sort(vet__groups *g) {
  if (g->n > 1) qsort(g->rows, g->n, sizeof *g->rows, cmp_rowref);
}

int vet__groups_each(vet__groups *g, vet__read_ctx *ctx,
                     int (*fn)(void *ud, const vet__groups *g, size_t from, size_t to), void *ud) {
  vet__groups_sort(g);
  int rc = 0;
  for (size_t i = 0; i < g->n && rc == 0;) {
    size_t j = i + 1;
    while (j < g->n && g->rows[j].group == g->rows[i].group) j++;
    rc = fn(ud, g, i, j);
    if (rc == VET_ENOMEM) rc = vet__error_at(ctx->err, rc, ctx->path, g->rows[i].line, "out of memory");
    i = j;
  }
  return rc;
}

int vet__csv_at(vet__csv *c, const char *text, size_t n, char delim, size_t off,
                unsigned long line, vet__csv_record *rec) {
  /* Keep the reader's buffers; only its position changes. */
  c->p = text + off;
  c->end = text + n;
  c->delim = delim;
  c->line = line;
  c->error = NULL;
  return vet__csv_next(c, rec);
}

/* ------------------------------------------------------------ ids, dates */

void vet__short_hash(const char *s, size_t n, char out[17]) {
  char hex[72];
  vet__sha256_hex(s, n, hex);
  /* hex is "sha256:<64 hex>". */
  memcpy(out, hex + 7, 16);
  out[16] = '\0';
}

int vet__dmy_to_iso(const char *s, size_t n, int us_order, char out[11]) {
  out[0] = '\0';
  vet__trim(&s, &n);
  int v[3] = {0, 0, 0}, k = 0;
  size_t i = 0, digits[3] = {0, 0, 0};
  while (k < 3) {
    size_t st = i;
    while (i < n && isdigit((unsigned char)s[i]) && i - st < 4) v[k] = v[k] * 10 + (s[i++] - '0');
    digits[k] = i - st;
    if (digits[k] == 0) return 0;
    k++;
    if (k < 3) {
      if (i >= n || (s[i] != '/' && s[i] != '.' && s[i] != '-')) return 0;
      i++;
    }
  }
  if (i != n || digits[2] != 4) return 0;
  int d = us_order ? v[1] : v[0], m = us_order ? v[0] : v[1], y = v[2];
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1000) return 0;
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
  memcpy(out, tmp, 10);
  out[10] = '\0';
  return 1;
}
