/* routes_match.c — POST /match/{dataset}: the OpenSanctions yente matching
 * API, so that existing yente clients can point at vet unchanged.
 *
 * Request:  {"queries": {"q1": {"schema": "Person", "properties": {"name":
 *           [...], "birthDate": [...], "nationality": [...], ...}}}}
 *           with ?limit= (default 5), ?threshold= (default 0.7, what counts
 *           as "match") and ?cutoff= (default 0, the lowest score returned).
 * Response: {"responses": {"q1": {"status": 200, "results": [{"id",
 *           "caption", "schema", "properties", "datasets", "referents",
 *           "target", "score", "features", "match", "explanation"}],
 *           "total": {"value", "relation"}, "query": {...}}},
 *           "matcher": {...}, "limit": N}
 *
 * Mapping (FollowTheMoney → vet): schema Person/Organization/Company/
 * Vessel/Airplane gives the type (anything else: any type); every "name"
 * (and "alias") is screened and an entity's best score across them is
 * kept; the first birthDate is the date of birth; the first of nationality,
 * citizenship, country, jurisdiction is the country; idNumber,
 * passportNumber, registrationNumber, imoNumber, taxNumber are identifiers.
 * `dataset` may be "default" or "vet" (every list) or a vet list id (only
 * that list). Each result's id is "{list}/{source_id}", which is also the
 * path of GET /v1/entities/{id}. Features are vet's score parts: name_score
 * and each adjustment's delta; "explanation" is the full vet_match_to_json
 * object, which yente clients ignore. */
#include "server.h"

#include <errno.h>
#include <math.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 16

/* Scores as vet_match_to_json writes them: four decimals. */
static json_t *score_json(double x) { return json_real(round(x * 10000.0) / 10000.0); }

typedef struct hit {
  uint32_t entity;
  double score;
  int is_match;
  json_t *features;     /* owned */
  json_t *explanation;  /* owned */
} hit;

typedef struct hits {
  hit *v;
  size_t n, cap;
  double cutoff;
  int oom;
} hits;

static void hits_free(hits *h) {
  for (size_t i = 0; i < h->n; i++) {
    json_decref(h->v[i].features);
    json_decref(h->v[i].explanation);
  }
  free(h->v);
}

/* Keeps the best score per entity. */
static int collect(void *ud, const vet_match *m) {
  hits *h = ud;
  if (m->score < h->cutoff) return 0;
  hit *slot = NULL;
  for (size_t i = 0; i < h->n; i++)
    if (h->v[i].entity == m->entity) slot = &h->v[i];
  if (slot && slot->score >= m->score) return 0;
  if (!slot) {
    if (h->n == h->cap) {
      size_t cap = h->cap ? h->cap * 2 : 16;
      hit *v = realloc(h->v, cap * sizeof *v);
      if (!v) return h->oom = 1, VET_ENOMEM;
      h->v = v;
      h->cap = cap;
    }
    slot = &h->v[h->n++];
  } else {
    json_decref(slot->features);
    json_decref(slot->explanation);
  }
  slot->entity = m->entity;
  slot->score = m->score;
  slot->is_match = m->is_match;
  slot->features = json_object();
  json_object_set_new(slot->features, "name_score", score_json(m->name_score));
  for (size_t i = 0; i < m->n_adjustments; i++)
    if (m->adjustments[i].what)
      json_object_set_new(slot->features, m->adjustments[i].what, score_json(m->adjustments[i].delta));
  /* An answer without its explanation (or features) would be wrong, not
   * short: out of memory is an error. */
  char *j = vet__match_json(m);
  slot->explanation = j ? json_loads(j, 0, NULL) : NULL;
  free(j);
  if (!slot->explanation || !slot->features) return h->oom = 1, VET_ENOMEM;
  return 0;
}

static int by_score(const void *a, const void *b) {
  const hit *x = a, *y = b;
  return x->score < y->score ? 1 : x->score > y->score ? -1 : (x->entity > y->entity) - (x->entity < y->entity);
}

static const char *schema_of(vet_entity_type t) {
  switch (t) {
  case VET_TYPE_PERSON: return "Person";
  case VET_TYPE_ORGANIZATION: return "Organization";
  case VET_TYPE_VESSEL: return "Vessel";
  case VET_TYPE_AIRCRAFT: return "Airplane";
  default: return "LegalEntity";
  }
}

static void add_prop(json_t *props, const char *key, const char *value) {
  if (!value || !*value) return;
  json_t *a = json_object_get(props, key);
  if (!a) {
    a = json_array();
    json_object_set_new(props, key, a);
  }
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) if (!strcmp(json_string_value(v), value)) return;   /* once each */
  json_array_append_new(a, json_string(value));
}

/* The entity as a FollowTheMoney-shaped result; NULL on failure. */
static json_t *ftm_entity(const vet_snapshot *snap, const hit *h) {
  vet_entity *e;
  if (vet_snapshot_entity(snap, h->entity, &e, NULL)) return NULL;
  json_t *props = json_object();
  add_prop(props, "name", e->n_names ? e->names[0].text : NULL);
  for (size_t i = 1; i < e->n_names; i++) {
    const vet_name *n = &e->names[i];
    add_prop(props, n->kind == VET_NAME_FKA ? "previousName" :
                    n->strength == VET_STRENGTH_WEAK ? "weakAlias" : "alias", n->text);
  }
  for (size_t i = 0; i < e->n_births; i++) add_prop(props, "birthDate", e->births[i].text);
  for (size_t i = 0; i < e->n_places_of_birth; i++) add_prop(props, "birthPlace", e->places_of_birth[i]);
  for (size_t i = 0; i < e->n_nationalities; i++) add_prop(props, "nationality", e->nationalities[i]);
  for (size_t i = 0; i < e->n_citizenships; i++) add_prop(props, "citizenship", e->citizenships[i]);
  for (size_t i = 0; i < e->n_addresses; i++) {
    add_prop(props, "address", e->addresses[i].text);
    add_prop(props, "country", e->addresses[i].country_code ? e->addresses[i].country_code
                                                            : e->addresses[i].country);
  }
  for (size_t i = 0; i < e->n_ids; i++) add_prop(props, "idNumber", e->ids[i].number);
  for (size_t i = 0; i < e->n_programs; i++) add_prop(props, "program", e->programs[i]);
  add_prop(props, "notes", e->remarks);
  add_prop(props, "sourceUrl", e->source_url);
  add_prop(props, "listingDate", e->listing_date);
  add_prop(props, "topics", !strcmp(e->list_id, "bis-el") || !strcmp(e->list_id, "bis-dpl")
                                ? "export.control" : "sanction");
  char id[512];
  snprintf(id, sizeof id, "%s/%s", e->list_id, e->source_id);
  json_t *r = json_pack("{s:s, s:s, s:s, s:o, s:[s], s:[], s:b, s:o, s:O, s:b, s:s*, s:O?}",
                        "id", id, "caption", e->n_names ? e->names[0].text : e->source_id,
                        "schema", schema_of(e->type), "properties", props, "datasets", e->list_id,
                        "referents", "target", 1, "score", score_json(h->score), "features", h->features,
                        "match", h->is_match, "last_change", e->listing_date,
                        "explanation", h->explanation);
  vet_entity_free(e);
  return r;
}

static vet_entity_type type_of_schema(const char *schema) {
  if (!schema) return VET_TYPE_UNKNOWN;
  if (!strcmp(schema, "Person")) return VET_TYPE_PERSON;
  if (!strcmp(schema, "Organization") || !strcmp(schema, "Company") ||
      !strcmp(schema, "PublicBody"))
    return VET_TYPE_ORGANIZATION;
  if (!strcmp(schema, "Vessel")) return VET_TYPE_VESSEL;
  if (!strcmp(schema, "Airplane")) return VET_TYPE_AIRCRAFT;
  return VET_TYPE_UNKNOWN;
}

/* The first string of properties[key], or NULL; -1 in *bad for a wrong shape. */
static const char *first(json_t *props, const char *key, int *bad) {
  json_t *a = json_object_get(props, key);
  if (!a) return NULL;
  if (json_is_string(a)) return json_string_value(a);
  if (!json_is_array(a)) return *bad = 1, NULL;
  json_t *v = json_array_get(a, 0);
  if (v && !json_is_string(v)) return *bad = 1, NULL;
  return v ? json_string_value(v) : NULL;
}

static int number_arg(vet__req *req, const char *key, double lo, double hi, double *out) {
  const char *s = vet__arg(req, key);
  if (!s || !*s) return 0;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (*end || errno || !(v >= lo && v <= hi)) return -1;
  *out = v;
  return 0;
}

/* Screens one yente query into a response object; NULL with why on a bad query. */
static json_t *one_query(vet_server *srv, vet__req *req, vet_matcher *m, json_t *q,
                         const char *dataset, double threshold, double cutoff, size_t limit,
                         char *why, size_t whysz, int *status) {
  *status = 400;
  json_t *props = json_object_get(q, "properties");
  const char *schema = json_string_value(json_object_get(q, "schema"));
  if (!json_is_object(q) || !json_is_object(props))
    return snprintf(why, whysz, "must be an object with \"schema\" and \"properties\""), NULL;
  const char *names[MAX_NAMES];
  size_t nn = 0;
  const char *name_keys[2] = {"name", "alias"};
  for (int k = 0; k < 2; k++) {
    json_t *a = json_object_get(props, name_keys[k]);
    if (!a) continue;
    if (json_is_string(a)) {
      if (nn < MAX_NAMES) names[nn++] = json_string_value(a);
      continue;
    }
    if (!json_is_array(a))
      return snprintf(why, whysz, "properties.%s must be a list of strings", name_keys[k]), NULL;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
      if (!json_is_string(v))
        return snprintf(why, whysz, "properties.%s must be a list of strings", name_keys[k]), NULL;
      if (nn < MAX_NAMES) names[nn++] = json_string_value(v);
    }
  }
  if (!nn) return snprintf(why, whysz, "properties.name is required"), NULL;
  int bad = 0;
  vet__sq sq;
  memset(&sq, 0, sizeof sq);
  vet_entity_type t = type_of_schema(schema);
  sq.type = t == VET_TYPE_UNKNOWN ? NULL : vet_entity_type_name(t);
  sq.dob = first(props, "birthDate", &bad);
  const char *ckeys[4] = {"nationality", "citizenship", "country", "jurisdiction"};
  for (int k = 0; k < 4 && !sq.country; k++) sq.country = first(props, ckeys[k], &bad);
  const char *idkeys[5] = {"idNumber", "passportNumber", "registrationNumber", "imoNumber", "taxNumber"};
  for (int k = 0; k < 5; k++) {
    json_t *a = json_object_get(props, idkeys[k]);
    size_t i;
    json_t *v;
    if (json_is_array(a)) json_array_foreach(a, i, v)
      if (json_is_string(v) && sq.n_ids < 32) sq.ids[sq.n_ids++] = json_string_value(v);
  }
  if (bad) return snprintf(why, whysz, "properties values must be lists of strings"), NULL;
  if (strcmp(dataset, "default") && strcmp(dataset, "vet")) {
    sq.lists[0] = dataset;
    sq.n_lists = 1;
  }
  sq.threshold = threshold;
  sq.limit = VET_SRV_MAX_LIMIT;
  sq.all = 1;
  hits hs = {NULL, 0, 0, cutoff, 0};
  vet_error err;
  memset(&err, 0, sizeof err);
  for (size_t i = 0; i < nn; i++) {
    sq.name = names[i];
    if (vet__sq_check(&sq, why, whysz)) {
      hits_free(&hs);
      return NULL;
    }
    int rc = vet__screen_each(m, &sq, collect, &hs, &err);
    atomic_fetch_add_explicit(&srv->metrics.queries, 1, memory_order_relaxed);
    if (rc) {
      hits_free(&hs);
      *status = rc == VET_EINVAL ? 400 : 500;
      snprintf(why, whysz, "%.200s", err.message[0] ? err.message : vet_strerror(rc));
      return NULL;
    }
  }
  if (hs.n > 1) qsort(hs.v, hs.n, sizeof *hs.v, by_score);
  json_t *results = json_array();
  for (size_t i = 0; i < hs.n && i < limit; i++) {
    json_t *r = ftm_entity(req->h->snap, &hs.v[i]);
    if (!r || json_array_append_new(results, r)) {   /* a result left out would be a wrong answer */
      json_decref(results);
      hits_free(&hs);
      *status = 500;
      snprintf(why, whysz, "out of memory");
      return NULL;
    }
  }
  size_t total = hs.n;
  hits_free(&hs);
  json_t *echo = json_pack("{s:O?, s:s?, s:O}", "id", json_object_get(q, "id"), "schema", schema,
                           "properties", props);
  return json_pack("{s:i, s:o, s:{s:I, s:s}, s:o}", "status", 200, "results", results, "total",
                   "value", (json_int_t)total, "relation", "eq", "query", echo);
}

int vet__route_match(vet_server *srv, vet__req *req) {
  const char *dataset = req->url + strlen("/match/");
  if (strchr(dataset, '/') || strlen(dataset) > 64)
    return vet__reply_error(req, 404, "no such dataset: %s", dataset);
  int known = !strcmp(dataset, "default") || !strcmp(dataset, "vet");
  for (size_t i = 0; !known && i < vet_snapshot_list_count(req->h->snap); i++)
    known = !strcmp(vet_snapshot_list(req->h->snap, i)->list_id, dataset);
  if (!known)
    return vet__reply_error(req, 404, "no such dataset: %s (use default, or a list id from "
                            "/v1/lists)", dataset);
  double threshold = 0.7, cutoff = 0.0, limit = 5;
  if (number_arg(req, "threshold", 0, 1, &threshold) || number_arg(req, "cutoff", 0, 1, &cutoff))
    return vet__reply_error(req, 400, "threshold and cutoff must be numbers from 0 to 1");
  if (number_arg(req, "limit", 1, VET_SRV_MAX_LIMIT, &limit) || limit != (double)(size_t)limit)
    return vet__reply_error(req, 400, "limit must be a whole number from 1 to %u",
                            (unsigned)VET_SRV_MAX_LIMIT);
  if (!req->body_len) return vet__reply_error(req, 400, "expected a JSON body {\"queries\": {...}}");
  json_error_t jerr;
  json_t *root = json_loadb(req->body, req->body_len, 0, &jerr);
  if (!root) return vet__reply_error(req, 400, "invalid JSON at line %d, column %d: %s", jerr.line,
                                     jerr.column, jerr.text);
  json_t *queries = json_object_get(root, "queries");
  int rc;
  if (!json_is_object(queries)) {
    rc = vet__reply_error(req, 400, "expected {\"queries\": {\"q1\": {\"schema\": \"Person\", "
                          "\"properties\": {\"name\": [...]}}}}");
    goto done;
  }
  if (json_object_size(queries) > VET_SRV_MAX_BATCH) {
    rc = vet__reply_error(req, 413, "%zu queries in one request; at most %u are allowed",
                          json_object_size(queries), (unsigned)VET_SRV_MAX_BATCH);
    goto done;
  }
  vet__worker *w = vet__holder_worker_get(req->h);
  vet_matcher *m = w ? w->m : NULL;
  if (!m) {
    rc = vet__reply_error(req, 500, "out of memory making a matcher");
    goto done;
  }
  json_t *responses = json_object();
  const char *key;
  json_t *q;
  char why[300];
  int status = 0;
  json_object_foreach(queries, key, q) {
    json_t *r = one_query(srv, req, m, q, dataset, threshold, cutoff, (size_t)limit, why, sizeof why,
                          &status);
    if (!r) break;
    json_object_set_new(responses, key, r);
  }
  vet__holder_worker_put(req->h, w);
  if (json_object_size(responses) != json_object_size(queries)) {
    json_decref(responses);
    rc = vet__reply_error(req, (unsigned)status, "queries.%s: %s", key, why);
    goto done;
  }
  json_t *out = json_pack("{s:o, s:{s:s, s:s, s:f, s:f}, s:i}", "responses", responses, "matcher",
                          "name", "vet", "version", VET_VERSION_STRING, "threshold", threshold,
                          "cutoff", cutoff, "limit", (int)limit);
  char *s = out ? json_dumps(out, JSON_COMPACT) : NULL;
  json_decref(out);
  rc = vet__reply(req, 200, "application/json", s);
done:
  json_decref(root);
  return rc;
}
