/* routes_search.c — GET /v1/search (one name from the query string) and
 * POST /v1/screen (up to VET_SRV_MAX_BATCH names in one JSON body, each with
 * the caller's own id).
 *
 * Both return, for each name, the matches vet_screen() finds, each written
 * by vet_match_to_json() — the same results and explanations as `vet
 * screen`. A batch is checked whole before anything is screened, so a bad
 * query n answers 400 "queries[n]: reason" and no work is wasted; results
 * come back in the order of the queries. */
#include "server.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Maps a screening failure to a reply. */
static int screen_failed(vet__req *req, int rc, const vet_error *err, const char *prefix) {
  unsigned status = rc == VET_EINVAL ? 400 : 500;
  return vet__reply_error(req, status, "%s%s", prefix,
                          err->message[0] ? err->message : vet_strerror(rc));
}

/* Parses "0.85" into [0,1]; -1 with a reason on error. */
static int parse_threshold(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (!*s || *end || errno || !(v >= 0.0 && v <= 1.0)) return -1;
  *out = v;
  return 0;
}

static int parse_limit(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (!*s || *end || errno || s[0] == '-' || v < 1 || v > VET_SRV_MAX_LIMIT) return -1;
  *out = v;
  return 0;
}

/* Splits a comma-separated list of list ids into q->lists, in place in buf. */
static int split_lists(char *buf, vet__sq *q) {
  for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    while (*t == ' ') t++;
    if (!*t) continue;
    if (q->n_lists == sizeof q->lists / sizeof *q->lists) return -1;
    q->lists[q->n_lists++] = t;
  }
  return 0;
}

int vet__route_search(vet_server *srv, vet__req *req) {
  vet__sq q;
  memset(&q, 0, sizeof q);
  q.threshold = -1;
  q.name = vet__arg(req, "name");
  if (!q.name) q.name = vet__arg(req, "q");
  q.type = vet__arg(req, "type");
  q.country = vet__arg(req, "country");
  q.dob = vet__arg(req, "dob");
  const char *limit = vet__arg(req, "limit"), *threshold = vet__arg(req, "threshold");
  const char *lists = vet__arg(req, "list");
  if (limit && *limit && parse_limit(limit, &q.limit))
    return vet__reply_error(req, 400, "limit must be a whole number from 1 to %u",
                            (unsigned)VET_SRV_MAX_LIMIT);
  if (threshold && *threshold && parse_threshold(threshold, &q.threshold))
    return vet__reply_error(req, 400, "threshold must be a number from 0 to 1");
  char listbuf[1024];
  if (lists && *lists) {
    if (strlen(lists) >= sizeof listbuf) return vet__reply_error(req, 400, "list is too long");
    strcpy(listbuf, lists);
    if (split_lists(listbuf, &q)) return vet__reply_error(req, 400, "too many lists");
  }
  char why[256];
  if (vet__sq_check(&q, why, sizeof why)) return vet__reply_error(req, 400, "%s", why);

  vet__worker *w = vet__holder_worker_get(req->h);
  if (!w) return vet__reply_error(req, 500, "out of memory making a matcher");
  vet__sb b = {0};
  vet__sb_puts(&b, "{\"query\": {\"name\": ");
  vet__sb_json_str(&b, q.name);
  vet__sb_puts(&b, ", \"type\": ");
  vet__sb_json_str(&b, q.type && *q.type ? q.type : NULL);
  vet__sb_puts(&b, ", \"country\": ");
  vet__sb_json_str(&b, q.country && *q.country ? q.country : NULL);
  vet__sb_puts(&b, ", \"dob\": ");
  vet__sb_json_str(&b, q.dob && *q.dob ? q.dob : NULL);
  vet__sb_puts(&b, ", \"lists\": [");
  for (size_t i = 0; i < q.n_lists; i++) {
    if (i) vet__sb_puts(&b, ", ");
    vet__sb_json_str(&b, q.lists[i]);
  }
  vet__sb_printf(&b, "], \"limit\": %zu, \"threshold\": %g}, \"snapshot\": ",
                 q.limit ? q.limit : (size_t)VET_DEFAULT_LIMIT,
                 q.threshold >= 0 ? q.threshold : VET_DEFAULT_THRESHOLD);
  vet__sb_json_str(&b, vet_snapshot_checksum(req->h->snap));
  vet__sb_puts(&b, ", \"matches\": ");
  vet_error err;
  memset(&err, 0, sizeof err);
  size_t n = 0;
  int cached;
  int rc = vet__screen_json(w, &q, &b, &n, &cached, &err);
  vet__holder_worker_put(req->h, w);
  atomic_fetch_add_explicit(&srv->metrics.queries, 1, memory_order_relaxed);
  if (cached >= 0)
    atomic_fetch_add_explicit(cached ? &srv->metrics.cache_hits : &srv->metrics.cache_misses, 1,
                              memory_order_relaxed);
  if (rc) {
    free(vet__sb_take(&b));
    return screen_failed(req, rc, &err, "");
  }
  vet__sb_printf(&b, ", \"total\": %zu}\n", n);
  return vet__reply(req, 200, "application/json", vet__sb_take(&b));
}

/* Reads a string field; -1 if present and not a string. */
static int get_str(json_t *o, const char *key, const char **out) {
  json_t *v = json_object_get(o, key);
  *out = NULL;
  if (!v || json_is_null(v)) return 0;
  if (!json_is_string(v)) return -1;
  *out = json_string_value(v);
  return 0;
}

/* Reads an array of strings (or one string) into arr; -1 on a wrong type or too many. */
static int get_strs(json_t *o, const char *key, const char **arr, size_t cap, size_t *n) {
  json_t *v = json_object_get(o, key);
  *n = 0;
  if (!v || json_is_null(v)) return 0;
  if (json_is_string(v)) {
    arr[(*n)++] = json_string_value(v);
    return 0;
  }
  if (!json_is_array(v) || json_array_size(v) > cap) return -1;
  size_t i;
  json_t *x;
  json_array_foreach(v, i, x) {
    if (!json_is_string(x)) return -1;
    arr[(*n)++] = json_string_value(x);
  }
  return 0;
}

/* Fills q from one JSON query object; on error writes why and returns -1. */
static int parse_query(json_t *o, const vet__sq *defaults, vet__sq *q, char *why, size_t whysz) {
  *q = *defaults;
  if (!json_is_object(o)) return snprintf(why, whysz, "must be an object"), -1;
  if (get_str(o, "name", &q->name)) return snprintf(why, whysz, "name must be a string"), -1;
  if (get_str(o, "type", &q->type)) return snprintf(why, whysz, "type must be a string"), -1;
  if (get_str(o, "country", &q->country)) return snprintf(why, whysz, "country must be a string"), -1;
  if (get_str(o, "dob", &q->dob)) return snprintf(why, whysz, "dob must be a string"), -1;
  if (get_strs(o, "ids", q->ids, sizeof q->ids / sizeof *q->ids, &q->n_ids))
    return snprintf(why, whysz, "ids must be an array of at most 32 strings"), -1;
  size_t nl = 0;
  const char *lists[32];
  if (get_strs(o, "lists", lists, 32, &nl))
    return snprintf(why, whysz, "lists must be an array of at most 32 list ids"), -1;
  if (nl) {
    memcpy(q->lists, lists, nl * sizeof *lists);
    q->n_lists = nl;
  }
  json_t *id = json_object_get(o, "id");
  if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id))
    return snprintf(why, whysz, "id must be a string or an integer"), -1;
  return vet__sq_check(q, why, whysz);
}

int vet__route_screen(vet_server *srv, vet__req *req) {
  if (!req->body_len) return vet__reply_error(req, 400, "expected a JSON body {\"queries\": [...]}");
  json_error_t jerr;
  json_t *root = json_loadb(req->body, req->body_len, 0, &jerr);
  if (!root) return vet__reply_error(req, 400, "invalid JSON at line %d, column %d: %s", jerr.line,
                                     jerr.column, jerr.text);
  int rc;
  json_t *queries = json_object_get(root, "queries");
  if (!json_is_object(root) || !json_is_array(queries)) {
    rc = vet__reply_error(req, 400, "expected a JSON object with \"queries\": [{\"id\": ..., "
                          "\"name\": ...}, ...]");
    goto done;
  }
  size_t nq = json_array_size(queries);
  if (nq > VET_SRV_MAX_BATCH) {
    rc = vet__reply_error(req, 413, "%zu queries in one request; at most %u are allowed", nq,
                          (unsigned)VET_SRV_MAX_BATCH);
    goto done;
  }
  vet__sq defaults;
  memset(&defaults, 0, sizeof defaults);
  defaults.threshold = -1;
  json_t *lim = json_object_get(root, "limit"), *thr = json_object_get(root, "threshold");
  if (lim && (!json_is_integer(lim) || json_integer_value(lim) < 1 ||
              json_integer_value(lim) > VET_SRV_MAX_LIMIT)) {
    rc = vet__reply_error(req, 400, "limit must be a whole number from 1 to %u",
                          (unsigned)VET_SRV_MAX_LIMIT);
    goto done;
  }
  if (thr && (!json_is_number(thr) || json_number_value(thr) < 0 || json_number_value(thr) > 1)) {
    rc = vet__reply_error(req, 400, "threshold must be a number from 0 to 1");
    goto done;
  }
  if (lim) defaults.limit = (size_t)json_integer_value(lim);
  if (thr) defaults.threshold = json_number_value(thr);
  size_t nl = 0;
  if (get_strs(root, "lists", defaults.lists, 32, &nl)) {
    rc = vet__reply_error(req, 400, "lists must be an array of at most 32 list ids");
    goto done;
  }
  defaults.n_lists = nl;
  vet__sq *qs = nq ? calloc(nq, sizeof *qs) : NULL;
  if (nq && !qs) {
    rc = vet__reply_error(req, 500, "out of memory");
    goto done;
  }
  char why[256];
  for (size_t i = 0; i < nq; i++)
    if (parse_query(json_array_get(queries, i), &defaults, &qs[i], why, sizeof why)) {
      free(qs);
      rc = vet__reply_error(req, 400, "queries[%zu]: %s", i, why);
      goto done;
    }
  vet__worker *w = vet__holder_worker_get(req->h);
  if (!w) {
    free(qs);
    rc = vet__reply_error(req, 500, "out of memory making a matcher");
    goto done;
  }
  vet__sb b = {0};
  vet__sb_puts(&b, "{\"snapshot\": ");
  vet__sb_json_str(&b, vet_snapshot_checksum(req->h->snap));
  vet__sb_puts(&b, ", \"results\": [");
  int src = 0;
  unsigned long long hits = 0, misses = 0;
  vet_error err;
  memset(&err, 0, sizeof err);
  size_t i;
  for (i = 0; i < nq && !src; i++) {
    json_t *id = json_object_get(json_array_get(queries, i), "id");
    char *idj = id ? json_dumps(id, JSON_ENCODE_ANY) : NULL;
    vet__sb_puts(&b, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
    vet__sb_puts(&b, idj ? idj : "null");
    free(idj);
    vet__sb_puts(&b, ", \"name\": ");
    vet__sb_json_str(&b, qs[i].name);
    vet__sb_puts(&b, ", \"matches\": ");
    size_t n = 0;
    int cached;
    src = vet__screen_json(w, &qs[i], &b, &n, &cached, &err);
    if (cached >= 0) cached ? hits++ : misses++;
    vet__sb_printf(&b, ", \"total\": %zu}", n);
  }
  vet__holder_worker_put(req->h, w);
  atomic_fetch_add_explicit(&srv->metrics.queries, i, memory_order_relaxed);
  atomic_fetch_add_explicit(&srv->metrics.cache_hits, hits, memory_order_relaxed);
  atomic_fetch_add_explicit(&srv->metrics.cache_misses, misses, memory_order_relaxed);
  free(qs);
  if (src) {
    free(vet__sb_take(&b));
    char prefix[64];
    snprintf(prefix, sizeof prefix, "queries[%zu]: ", i - 1);
    rc = screen_failed(req, src, &err, prefix);
    goto done;
  }
  vet__sb_puts(&b, "\n]}\n");
  rc = vet__reply(req, 200, "application/json", vet__sb_take(&b));
done:
  json_decref(root);
  return rc;
}
