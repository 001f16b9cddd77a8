/* test_match_json.c — vet_match_to_json() writes its text directly; this
 * checks that the bytes are those of the jansson tree it used to build and
 * dump (the reference model below is that earlier code, unchanged), so the
 * JSON of vet screen, vet serve and vet batch stays byte-identical.
 *
 * Three kinds of input: real matches (a snapshot of vet's own list and
 * OFAC's SDN list, names taken from the lists with typos, screened with
 * type, country and date of birth so adjustments appear, and with --all so
 * weak candidates appear too); made-up matches with every awkward string
 * (quotes, backslashes, each control character, "</", U+007F, non-ASCII,
 * invalid UTF-8 of several kinds, NULL) and awkward numbers (negative zero,
 * NaN, infinities, values past 100 and tiny ones); and random numbers, so
 * the printf-free number path is compared with "%.6g" over many values. */
#include "harness.h"
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vet.h"

/* ---- the reference: vet_match_to_json as it was, a jansson tree ---- */

static json_t *num(double x) { return json_real(round(x * 10000.0) / 10000.0); }
static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static char *reference(const vet_match *mt, int flags) {
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
    if (!t->query_token || !t->name_token) json_object_set_new(x, "kept", num(t->kept));
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

static int compared, differed;

static void same_as_reference(const vet_match *mt) {
  for (int pretty = 0; pretty < 2; pretty++) {
    char *a = vet_match_to_json(mt, pretty ? VET_JSON_PRETTY : VET_JSON_COMPACT);
    char *b = reference(mt, pretty ? VET_JSON_PRETTY : VET_JSON_COMPACT);
    compared++;
    if (!a || !b || strcmp(a, b)) {
      if (differed++ < 3) fprintf(stderr, "differs:\n  new: %s\n  old: %s\n", a ? a : "(null)", b ? b : "(null)");
    }
    free(a);
    free(b);
  }
}

/* ---- real matches ---- */

static vet_snapshot *snap;

static void test_real_matches(void) {
  vet_matcher *m = vet_matcher_new(snap);
  REQUIRE(m != NULL);
  uint32_t n_ent = vet_snapshot_entity_count(snap);
  size_t n_matches = 0, n_adj = 0;
  const char *countries[] = {NULL, "IR", "RU", "CN", "SY"};
  compared = differed = 0;
  for (uint32_t e = 0; e < n_ent; e += 37) {
    vet_entity *ent;
    vet_error err;
    if (vet_snapshot_entity(snap, e, &ent, &err)) continue;
    char name[256];
    snprintf(name, sizeof name, "%s", ent->n_names ? ent->names[0].text : "x");
    vet_entity_free(ent);
    size_t len = strlen(name);
    if ((e / 37) % 3 == 1 && len > 6) memmove(name + 3, name + 4, len - 3); /* a typo */
    vet_query q = vet_query_default();
    q.name = name;
    q.country = countries[(e / 37) % 5];
    q.dob = (e / 37) % 4 == 0 ? "1960-01-01" : NULL;
    q.type = (e / 37) % 2 ? VET_TYPE_PERSON : VET_TYPE_UNKNOWN;
    q.all = (e / 37) % 5 == 0;
    q.limit = 20;
    const vet_match *res;
    size_t n;
    if (vet_screen(m, &q, &res, &n, &err)) continue;
    for (size_t i = 0; i < n; i++) {
      same_as_reference(&res[i]);
      n_matches++;
      n_adj += res[i].n_adjustments;
    }
  }
  fprintf(stderr, "  %zu real matches (%zu adjustments), %d texts compared\n", n_matches, n_adj, compared);
  CHECK(n_matches > 1000);
  CHECK(n_adj > 100);
  CHECK_INT(differed, 0);
  vet_matcher_free(m);
}

/* ---- made-up matches ---- */

static void test_awkward_values(void) {
  static const char *strs[] = {
      "plain", "", "quote \" and \\ backslash", "tab\tnl\ncr\rbs\bff\f", "\x01\x02\x1e\x1f\x7f",
      "</script>", "a/b", "Ünïcödé 漢字 😀", "bad \xff byte", "overlong \xc0\xaf", "surrogate \xed\xa0\x80",
      "past U+10FFFF \xf4\x90\x80\x80", "truncated \xe2\x82", "lone continuation \x80", NULL};
  static const double nums[] = {0.0, -0.0, 1.0, 0.5, 0.12345, 0.99995, -0.05, 1e-5, 0.00005, 0.00004999,
                                99.99994, 99.99996, 100.0, 123.45678, 1e7, 12345678.9, -250.5, 1e21,
                                NAN, INFINITY, -INFINITY};
  size_t ns = sizeof strs / sizeof *strs, nn = sizeof nums / sizeof *nums;
  compared = differed = 0;
  for (size_t i = 0; i < ns * 3; i++) {
    vet_token_match toks[2] = {{strs[i % ns], strs[(i + 1) % ns], nums[i % nn], nums[(i + 2) % nn], strs[(i + 3) % ns], 1},
                               {NULL, strs[(i + 5) % ns], nums[(i + 7) % nn], 0.25, "missing", nums[(i + 9) % nn]}};
    vet_adjustment adj[2] = {{strs[(i + 2) % ns], nums[(i + 4) % nn], strs[(i + 6) % ns]},
                             {"country", -0.05, "a reason"}};
    vet_match mt;
    memset(&mt, 0, sizeof mt);
    mt.list_id = strs[i % ns];
    mt.source_id = strs[(i + 1) % ns];
    mt.source_list = i % 2 ? strs[(i + 2) % ns] : NULL;
    mt.name = strs[(i + 3) % ns];
    mt.matched_name = strs[(i + 4) % ns];
    mt.matched_kind = (vet_name_kind)(i % 3);
    mt.type = (vet_entity_type)(i % 5);
    mt.score = nums[i % nn];
    mt.name_score = nums[(i + 3) % nn];
    mt.is_match = (int)(i % 2);
    mt.tokens = toks;
    mt.n_tokens = i % 3;
    mt.adjustments = adj;
    mt.n_adjustments = (i / 3) % 3;
    same_as_reference(&mt);
  }
  CHECK_INT(differed, 0);
  CHECK(compared > 80);
}

/* Random scores, from 0 to a few hundred and around every rounding edge. */
static void test_random_numbers(void) {
  uint64_t r = 0x2545F4914F6CDD1Dull;
  compared = differed = 0;
  vet_token_match tok = {"a", "b", 0, 0, "typo", 1};
  vet_adjustment adj = {"dob", 0, "r"};
  for (int i = 0; i < 20000; i++) {
    double v[4];
    for (int k = 0; k < 4; k++) {
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      double u = (double)(r >> 11) / 9007199254740992.0;
      switch (k) {
        case 0: v[k] = u; break;
        case 1: v[k] = (u - 0.5) * 400.0; break;
        case 2: v[k] = floor(u * 1e6) / 1e4 + 0.00005; break; /* exactly on a half */
        default: v[k] = (u - 0.5) * 1e-3; break;
      }
    }
    vet_match mt;
    memset(&mt, 0, sizeof mt);
    mt.list_id = "l";
    mt.source_id = "1";
    mt.name = mt.matched_name = "n";
    mt.score = v[0];
    mt.name_score = v[1];
    tok.similarity = v[2];
    tok.weight = v[3];
    adj.delta = v[1] / 3;
    mt.tokens = &tok;
    mt.n_tokens = 1;
    mt.adjustments = &adj;
    mt.n_adjustments = 1;
    same_as_reference(&mt);
  }
  CHECK_INT(differed, 0);
}

static void diag(void *ud, const vet_diag *d) {
  (void)ud;
  (void)d;
}

int main(void) {
  vet_builder_options o = vet_builder_options_default();
  o.dict_dir = VET_SOURCE_DIR "/data/dict";
  o.diag = diag;
  vet_builder *b = vet_builder_new(&o);
  vet_error err;
  const char *paths[] = {VET_SOURCE_DIR "/data/entity-list-2021-11-04.jsonl", SHARED("ofac/sdn-2021-07")};
  for (size_t i = 0; i < 2; i++)
    if (vet_builder_add_path(b, paths[i], &err)) {
      fprintf(stderr, "%s\n", err.message);
      return 1;
    }
  const char *path = VET_BINARY_DIR "/test_match_json.snap";
  if (vet_builder_write(b, path, &err) || vet_snapshot_open(path, &snap, &err)) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  vet_builder_free(b);
  RUN(test_real_matches);
  RUN(test_awkward_values);
  RUN(test_random_numbers);
  vet_snapshot_close(snap);
  remove(path);
  return HARNESS_DONE();
}
