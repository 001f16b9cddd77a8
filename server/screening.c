/* screening.c — the one place in the server that calls the matcher.
 *
 * Every screening endpoint (GET /v1/search, POST /v1/screen, POST /match)
 * parses its own request shape into a vet__sq, checks it here, and screens
 * it here with vet_screen(); results are formatted with vet_match_to_json(),
 * so the server returns exactly what `vet screen` explains and never scores
 * anything itself. A query asked again is answered from the result cache of
 * the matcher it runs on (result_cache.c): the same bytes, without
 * screening it again. */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 if s is well-formed UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF). */
static int valid_utf8(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0 || (n == 1 && c < 0xC2) || (n == 3 && c > 0xF4)) return 0;
    unsigned cp = n ? c & (0x3F >> n) : c;
    for (int i = 1; i <= n; i++) {
      if ((p[i] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
      return 0;
    p += n + 1;
  }
  return 1;
}

static int why(char *buf, size_t sz, const char *msg) {
  snprintf(buf, sz, "%s", msg);
  return -1;
}

int vet__sq_check(const vet__sq *q, char *buf, size_t sz) {
  if (!q->name || !q->name[0]) return why(buf, sz, "name is required and must not be empty");
  if (strlen(q->name) > VET_SRV_MAX_NAME) {
    snprintf(buf, sz, "name is %zu bytes long; at most %u are allowed", strlen(q->name),
             (unsigned)VET_SRV_MAX_NAME);
    return -1;
  }
  if (!valid_utf8(q->name)) return why(buf, sz, "name is not valid UTF-8");
  size_t blank = strspn(q->name, " \t\r\n");
  if (!q->name[blank]) return why(buf, sz, "name must not be blank");
  if (q->type && q->type[0] && strcmp(q->type, "any") &&
      vet_entity_type_parse(q->type) == VET_TYPE_UNKNOWN) {
    snprintf(buf, sz, "type \"%.40s\" is not one of person, organization, vessel, aircraft, any",
             q->type);
    return -1;
  }
  const char *small[2] = {q->country, q->dob};
  const char *label[2] = {"country", "dob"};
  for (int i = 0; i < 2; i++)
    if (small[i] && (strlen(small[i]) > 100 || !valid_utf8(small[i]))) {
      snprintf(buf, sz, "%s must be valid UTF-8 of at most 100 bytes", label[i]);
      return -1;
    }
  for (size_t i = 0; i < q->n_ids; i++)
    if (!q->ids[i] || strlen(q->ids[i]) > 200 || !valid_utf8(q->ids[i]))
      return why(buf, sz, "each id must be a string of at most 200 bytes of UTF-8");
  for (size_t i = 0; i < q->n_lists; i++)
    if (!q->lists[i] || !q->lists[i][0] || strlen(q->lists[i]) > 64)
      return why(buf, sz, "each list must be a list id such as bis-el or ofac-sdn");
  if (q->threshold > 1.0) return why(buf, sz, "threshold must be between 0 and 1");
  if (q->limit > VET_SRV_MAX_LIMIT) {
    snprintf(buf, sz, "limit must be between 1 and %u", (unsigned)VET_SRV_MAX_LIMIT);
    return -1;
  }
  return 0;
}

char *vet__match_json(const vet_match *match) { return vet_match_to_json(match, VET_JSON_COMPACT); }

static vet_query to_query(const vet__sq *s) {
  vet_query q = vet_query_default();
  q.name = s->name;
  q.type = s->type && s->type[0] ? vet_entity_type_parse(s->type) : VET_TYPE_UNKNOWN;
  q.country = s->country && s->country[0] ? s->country : NULL;
  q.dob = s->dob && s->dob[0] ? s->dob : NULL;
  q.lists = s->n_lists ? s->lists : NULL;
  q.n_lists = s->n_lists;
  q.ids = s->n_ids ? s->ids : NULL;
  q.n_ids = s->n_ids;
  q.threshold = s->threshold;
  q.limit = s->limit;
  q.all = s->all;
  return q;
}

int vet__screen_each(vet_matcher *m, const vet__sq *s, vet__match_fn fn, void *ud, vet_error *err) {
  vet_query q = to_query(s);
  const vet_match *res;
  size_t n;
  int rc = vet_screen(m, &q, &res, &n, err);
  for (size_t i = 0; !rc && i < n; i++) rc = fn(ud, &res[i]);
  return rc;
}


typedef struct json_ctx {
  vet__sb *out;
  size_t n;
} json_ctx;

static int append_json(void *ud, const vet_match *match) {
  json_ctx *c = ud;
  char *j = vet__match_json(match);
  if (!j) return VET_ENOMEM;
  if (c->n++) vet__sb_add(c->out, ", ", 2);
  vet__sb_puts(c->out, j);
  free(j);
  return c->out->failed ? VET_ENOMEM : VET_OK;
}

int vet__screen_json(vet__worker *w, const vet__sq *q, vet__sb *out, size_t *n_results,
                     int *cached, vet_error *err) {
  *cached = -1;
  vet__sb key = {0};
  if (w->cache) {
    vet_query vq = to_query(q);
    size_t vn, n;
    const char *v = vet__rcache_key(&key, &vq) ? NULL : vet__rcache_get(w->cache, key.data, key.len, &vn, &n);
    if (v) {
      free(key.data);
      *cached = 1;
      vet__sb_add(out, v, vn);
      if (n_results) *n_results = n;
      return out->failed ? VET_ENOMEM : VET_OK;
    }
    *cached = 0;
  }
  json_ctx c = {out, 0};
  size_t start = out->len;
  vet__sb_add(out, "[", 1);
  int rc = vet__screen_each(w->m, q, append_json, &c, err);
  vet__sb_add(out, "]", 1);
  if (n_results) *n_results = c.n;
  if (!rc && !out->failed && w->cache && !key.failed)
    vet__rcache_put(w->cache, key.data, key.len, out->data + start, out->len - start, c.n);
  free(key.data);
  return rc;
}
