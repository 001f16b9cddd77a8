/* match_json.c — vet_match_to_json(): one result as the JSON object every
 * front end prints (vet screen, the HTTP server, monitoring), so that the
 * shape is defined once. Scores are rounded to four decimals. */
#include <jansson.h>
#include <math.h>
#include "match/matcher.h"

static json_t *num(double x) { return json_real(round(x * 10000.0) / 10000.0); }

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* See vet_match.h. The caller frees the result with free(). */
char *vet_match_to_json(const vet_match *mt, int flags) {
  if (!mt) return NULL;
  json_t *o = json_object();
  json_object_set_new(o, "list", str_or_null(mt->list_id));
  json_object_set_new(o, "source_id", str_or_null(mt->source_id));
  if (mt->source_list) json_object_set_new(o, "source_list", json_string(mt->source_list));
  json_object_set_new(o, "name", str_or_null(mt->name));
  json_object_set_new(o, "matched_name", str_or_null(mt->matched_name));
  json_object_set_new(o, "matched_kind", json_string(vet_name_kind_name(mt->matched_kind)));
  json_object_set_new(o, "type", json_string(vet_entity_type_name(mt->type)));
  json_object_set_new(o, "score", num(mt->score));
  json_object_set_new(o, "match", json_boolean(mt->is_match));
  json_t *ex = json_object();
  json_object_set_new(ex, "name_score", num(mt->name_score));
  json_t *toks = json_array();
  for (size_t i = 0; i < mt->n_tokens; i++) {
    const vet_token_match *t = &mt->tokens[i];
    json_t *x = json_object();
    json_object_set_new(x, "query", str_or_null(t->query_token));
    json_object_set_new(x, "name", str_or_null(t->name_token));
    json_object_set_new(x, "similarity", num(t->similarity));
    json_object_set_new(x, "weight", num(t->weight));
    json_object_set_new(x, "how", str_or_null(t->how));
    json_array_append_new(toks, x);
  }
  json_object_set_new(ex, "tokens", toks);
  json_t *adj = json_array();
  for (size_t i = 0; i < mt->n_adjustments; i++) {
    const vet_adjustment *a = &mt->adjustments[i];
    json_t *x = json_object();
    json_object_set_new(x, "what", str_or_null(a->what));
    json_object_set_new(x, "delta", num(a->delta));
    json_object_set_new(x, "reason", str_or_null(a->reason));
    json_array_append_new(adj, x);
  }
  json_object_set_new(ex, "adjustments", adj);
  json_object_set_new(o, "explanation", ex);
  size_t jf = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) |
              (flags & VET_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT);
  char *s = json_dumps(o, jf);
  json_decref(o);
  return s;
}
