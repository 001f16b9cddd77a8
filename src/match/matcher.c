/* matcher.c — vet_screen(): normalize, find candidates, score, adjust, rank,
 * explain.
 *
 * 1. The query name is normalized (normalize.h) and its tokens weighted with
 *    the snapshot's token weights (a token no listed name holds gets the
 *    highest weight): query.c.
 * 2. Candidates come from the index (lookup.c), or, in exhaustive mode, are
 *    all names — the reference model the tests compare the index with.
 * 3. Each candidate name is scored (score.c); the entity's adjustments
 *    (adjust.c) and a weak-alias penalty are added; each entity keeps its
 *    best name. A name is not scored when an upper bound of its score
 *    (prune.c: from the pairs the index found, initials only where the
 *    name has the letter, the joined runs of names proposed through a
 *    joined key, and the substitution formula when a substitution is
 *    certain) cannot reach the threshold or beat the current top K; every
 *    bound is argued where it is computed, and tests/unit/test_index_vs_scan
 *    checks the results against the exhaustive scan.
 * 4. Entities are ranked by final score; those at or above the threshold (or
 *    all, up to the limit, with q->all) are explained: the winning name is
 *    scored again with its alignment kept.
 *
 * Memory: a matcher owns per-name and per-entity stamp arrays (8 bytes a
 * name, 12 an entity) so that no call allocates once they exist, plus an
 * arena for explanation strings, reset at each call, and lookup.c's unit
 * cache (at most 4 MB, kept across calls). Not thread-safe. */
#include "match/matcher.h"

#include <stdlib.h>
#include <string.h>
#include "core/arena.h"
#include "core/error.h"
#include "core/text.h"

#define D_WEAK (-0.05)
#define MAX_ADJ 8

vet_query vet_query_default(void) {
  vet_query q;
  memset(&q, 0, sizeof q);
  q.threshold = -1;
  return q;
}

vet_matcher *vet__matcher_new_state(const vet__mstate *st) {
  vet_matcher *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->st = st;
  m->nz = vet__normalizer_new(st->dict);
  uint32_t ne = st->idx.h->n_entities;
  m->best = calloc(ne + 1, sizeof *m->best);
  m->hits = malloc((ne + 1) * sizeof *m->hits);
  vet__arena_init(&m->arena, 16384);
  if (!m->nz || !m->best || !m->hits || vet__cands_init(&m->cands, &st->idx)) {
    vet_matcher_free(m);
    return NULL;
  }
  return m;
}

void vet_matcher_free(vet_matcher *m) {
  if (!m) return;
  vet__normalizer_free(m->nz);
  vet__cands_free(&m->cands);
  free(m->all);
  free(m->best);
  free(m->hits);
  free(m->out);
  free(m->toks);
  free(m->adjs);
  free(m->alias_of);
  vet__arena_free(&m->arena);
  free(m);
}

/* The tokens of name `id`, ready for scoring. */
static size_t name_stoks(const vet__mstate *st, uint32_t id, vet__stok *n) {
  const vet__mindex *idx = &st->idx;
  const vet__mname *nm = &idx->names[id];
  size_t k = 0;
  for (uint32_t i = 0; i < nm->n_tok && k < VET__NAME_MAX_TOKENS; i++) {
    uint64_t at = (uint64_t)nm->tok + i;
    if (at >= idx->h->n_name_toks) break;
    uint32_t v = idx->name_toks[at], t = v & VET__NT_ID;
    if (t >= idx->h->n_tokens) continue;
    const vet__mtok *m = &idx->toks[t];
    if (!vet__mtok_ok(idx, m)) continue;   /* a damaged file */
    uint8_t f = m->flags & (uint8_t)~VET__MT_JOINED;
    if (v & VET__NT_VARIANT) f |= VET__TOK_VARIANT;
    if (v & VET__NT_SURNAME) f |= VET__TOK_SURNAME;
    n[k++] = (vet__stok){idx->pool + m->text, m->len, f, idx->pool + m->skel, m->w, m->letters, NULL, 0, NULL, 0, 0, 0,
                         st->idx.firsts[t]};
  }
  return k;
}

/* Whether the scorer weighs listed name n[0..nn) of entity type `type` as an
 * organization's: by the type, or, when the list gives none (the CSL's
 * Entity List rows), by a legal form in the name ("Beijing Beihang Haier
 * Software Co., Ltd." is no person, and a missing "Beihang" is no missing
 * middle name) or at either end of the query (`q_org`: "Sun Limited" is a
 * company's name, and so is compared with "WEI SUN" as one). The bounds
 * weigh such names as persons', which never scores lower (prune.c). */
static int weigh_as_org(uint8_t type, const vet__stok *n, size_t nn, int q_org) {
  if (type != VET_TYPE_UNKNOWN) return vet__type_is_org(type);
  if (q_org) return 1;
  for (size_t k = 0; k < nn; k++)
    if (n[k].flags & VET__TOK_LEGAL) return 1;
  return 0;
}

static int list_ok(const vet__mindex *idx, const vet__ment *e, const vet_query *q) {
  if (!q->lists || !q->n_lists) return 1;
  const char *l = vet__mindex_str(idx, e->list_id);
  for (size_t i = 0; i < q->n_lists; i++)
    if (q->lists[i] && !strcmp(q->lists[i], l)) return 1;
  return 0;
}

/* The index's candidates for the prepared query, less the postings of the
 * query tokens in `skip` (MaxScore); a query of initials only also gets
 * every name with a one-letter token, which its letters may anchor on
 * without postings (score.h). */
static void collect(vet_matcher *m, uint64_t skip) {
  vet__cands_collect(&m->cands, skip);
  if (vet__initials_only(m->q, m->nq)) vet__cands_add_initial_names(&m->cands);
}

int vet__candidates(vet_matcher *m, const char *name, const uint32_t **out, size_t *n) {
  int rc = vet__query_prepare(m, name);
  if (rc) return rc;
  vet__cands_probe(&m->cands, m->q, m->nq);
  collect(m, 0);
  *out = m->cands.list;
  *n = m->cands.n;
  return 0;
}

/* The most the adjustments can add for this query (adjust.c's positive deltas). */
static double max_raise(const vet_query *q) {
  double d = 0;
  if (q->type != VET_TYPE_UNKNOWN) d += 0.02;
  if (q->country && *q->country) d += 0.03;
  if (q->dob && *q->dob) d += 0.08;
  if (q->n_ids) d += 0.25;
  return d;
}

static int by_score(const void *a, const void *b) {
  const ent_best *x = *(const ent_best *const *)a, *y = *(const ent_best *const *)b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x < y ? -1 : x > y;
}

static int ensure_out(vet_matcher *m, size_t n) {
  if (n <= m->cap_out) return 0;
  vet_match *o = realloc(m->out, n * sizeof *o);
  if (!o) return VET_ENOMEM;
  m->out = o;
  vet_token_match *t = realloc(m->toks, n * VET__MAX_PAIRS * sizeof *t);
  if (!t) return VET_ENOMEM;
  m->toks = t;
  vet_adjustment *a = realloc(m->adjs, n * MAX_ADJ * sizeof *a);
  if (!a) return VET_ENOMEM;
  m->adjs = a;
  m->cap_out = n;
  return 0;
}

/* The text of tokens [a, b) joined (borrowed from the arena, or the token itself). */
static const char *span_text(vet_matcher *m, const vet__stok *t, size_t a, size_t b) {
  if (a >= b) return NULL;
  if (b - a == 1) return t[a].text;
  size_t l = 0;
  for (size_t i = a; i < b; i++) l += t[i].len + 1;
  char *s = vet__arena_alloc(&m->arena, l + 1);
  if (!s) return NULL;
  size_t k = 0;
  for (size_t i = a; i < b; i++) {
    if (k) s[k++] = ' ';
    memcpy(s + k, t[i].text, t[i].len);
    k += t[i].len;
  }
  s[k] = 0;
  return s;
}

int vet__screen(vet_matcher *m, const vet_query *q, int exhaustive, const vet_match **out,
                size_t *n_out, vet_error *err) {
  *out = NULL;
  *n_out = 0;
  if (!m || !q || !q->name) return vet__error_set(err, VET_EINVAL, "no name to screen");
  const char *p = q->name;
  while (*p == ' ' || *p == '\t') p++;
  if (!*p) return vet__error_set(err, VET_EINVAL, "the name to screen is empty");
  size_t len = strlen(q->name), bad = vet__utf8_invalid_at(q->name, len);
  if (bad != len) return vet__error_set(err, VET_EENCODING, "the name is not UTF-8 (byte %zu)", bad + 1);
  const vet__mindex *idx = &m->st->idx;
  vet__arena_reset(&m->arena);
  int rc = vet__query_prepare(m, q->name);
  if (rc) return vet__error_set(err, rc, rc == VET_ENOMEM ? "out of memory" : "cannot normalize the name");
  if (!m->nq) return 0;
  double threshold = q->threshold < 0 ? VET_DEFAULT_THRESHOLD : q->threshold;
  size_t limit = q->limit ? q->limit : VET_DEFAULT_LIMIT;
  const uint32_t *cand;
  size_t ncand;
  if (exhaustive) {
    if (!m->all) {
      m->all = malloc(((size_t)idx->h->n_names + 1) * sizeof *m->all);
      if (!m->all) return vet__error_set(err, VET_ENOMEM, "out of memory");
      for (uint32_t i = 0; i < idx->h->n_names; i++) m->all[i] = i;
    }
    cand = m->all;
    ncand = idx->h->n_names;
  } else {
    double prune0 = q->all ? -1 : threshold - max_raise(q) - 1e-6;
    vet__cands_probe(&m->cands, m->q, m->nq);
    m->q_free |= m->cands.q_trivial;
    collect(m, vet__prune_skip_mask(m, prune0));
    cand = m->cands.list;
    ncand = m->cands.n;
  }
  /* Below this bound a name cannot reach the threshold (none with q->all). */
  double raise = max_raise(q);
  double prune = q->all || exhaustive ? -1 : threshold - raise - 1e-6;
  /* Top-K pruning: once `limit` entities have a final score, a name whose
   * bound cannot beat the lowest of them cannot enter the results. The K
   * best distinct entities so far are kept in top[] (K ≤ TOPK; ties are
   * never pruned, so the result equals the exhaustive scan's). */
  enum { TOPK = 64 };
  uint32_t top_ent[TOPK];
  float top_score[TOPK];
  size_t ntop = 0, k_lim = limit <= TOPK && !exhaustive ? limit : 0;
  float kmin = -1;
  m->nhits = 0;
  vet__stok nt[VET__NAME_MAX_TOKENS];
  vet__qmemo memo = {~(uint64_t)0, 0};
  for (size_t c = 0; c < ncand; c++) {
    uint32_t id = cand[c];
    if (c + 8 < ncand) {
      const vet__mname *ahead = &idx->names[cand[c + 8]];
      __builtin_prefetch(ahead);
      __builtin_prefetch(&m->st->idx.nbound[cand[c + 8]]);
      if (c + 4 < ncand) {
        uint32_t at = idx->names[cand[c + 4]].tok;
        __builtin_prefetch(&idx->name_toks[at]);
        __builtin_prefetch(&m->st->idx.btok[at]);
      }
    }
    double cut = prune;
    if (ntop == k_lim && k_lim && kmin - raise - 1e-6 > cut) cut = kmin - raise - 1e-6;
    /* Float sums: the cheap bound keeps a margin of 1e-5. */
    if (cut > 0 && (vet__prune_pre_bound(m, id, &memo) < cut - 1e-5 || vet__prune_bound(m, id) < cut)) continue;
    const vet__mname *nm = &idx->names[id];
    if (nm->entity >= idx->h->n_entities) continue;
    const vet__ment *e = &idx->ent[nm->entity];
    if (!list_ok(idx, e, q)) continue;
    size_t nn = name_stoks(m->st, id, nt);
    double s = vet__score(m->q, m->nq, nt, nn, weigh_as_org(e->type, nt, nn, m->q_org), NULL);
    if (s <= 0) continue;
    ent_best *b = &m->best[nm->entity];
    double delta = 0;
    if (b->stamp != m->cands.gen) {
      vet_adjustment tmp[MAX_ADJ];
      vet__adjust(idx, nm->entity, q, m->q_org, tmp, MAX_ADJ, &delta);
    }
    double f = s + (nm->strength == VET_STRENGTH_WEAK ? D_WEAK : 0);
    if (b->stamp != m->cands.gen) {
      b->stamp = m->cands.gen;
      b->score = -1;
      b->name_score = (float)delta;   /* holds the entity delta until ranked */
      m->hits[m->nhits++] = nm->entity;
    }
    f += b->name_score;
    if (f > 1) f = 1;
    if (f < 0) f = 0;
    if (f > b->score) {
      b->score = (float)f;
      b->name = id;
      if (k_lim) {
        uint32_t ent = nm->entity;
        size_t at = ntop;
        for (size_t k = 0; k < ntop; k++)
          if (top_ent[k] == ent) at = k;
        if (at == ntop && ntop < k_lim) ntop++;
        else if (at == ntop) {   /* full: replace the lowest if this one is higher */
          size_t lo = 0;
          for (size_t k = 1; k < ntop; k++)
            if (top_score[k] < top_score[lo]) lo = k;
          at = top_score[lo] < b->score ? lo : TOPK;
        }
        if (at < TOPK) {
          top_ent[at] = ent;
          top_score[at] = b->score;
        }
        if (ntop == k_lim) {
          kmin = top_score[0];
          for (size_t k = 1; k < ntop; k++)
            if (top_score[k] < kmin) kmin = top_score[k];
        }
      }
    }
  }
  /* Rank. */
  size_t keep = 0;
  for (size_t i = 0; i < m->nhits; i++) {
    const ent_best *b = &m->best[m->hits[i]];
    if (q->all || b->score >= threshold) m->hits[keep++] = m->hits[i];
  }
  const ent_best **order = vet__arena_alloc(&m->arena, (keep + 1) * sizeof *order);
  if (!order) return vet__error_set(err, VET_ENOMEM, "out of memory");
  for (size_t i = 0; i < keep; i++) order[i] = &m->best[m->hits[i]];
  qsort(order, keep, sizeof *order, by_score);
  if (keep > limit) keep = limit;
  if (ensure_out(m, keep + 1)) return vet__error_set(err, VET_ENOMEM, "out of memory");
  for (size_t i = 0; i < keep; i++) {
    const ent_best *b = order[i];
    uint32_t eidx = (uint32_t)(b - m->best);
    const vet__ment *e = &idx->ent[eidx];
    const vet__mname *nm = &idx->names[b->name];
    vet__sresult sr;
    size_t nn = name_stoks(m->st, b->name, nt);
    vet__score(m->q, m->nq, nt, nn, weigh_as_org(e->type, nt, nn, m->q_org), &sr);
    vet_match *o = &m->out[i];
    memset(o, 0, sizeof *o);
    o->entity = eidx;
    o->list_id = vet__mindex_str(idx, e->list_id);
    o->source_id = vet__mindex_str(idx, e->source_id);
    o->source_list = e->source_list ? vet__mindex_str(idx, e->source_list) : NULL;
    o->name = vet__mindex_str(idx, e->name);
    o->matched_name = vet__mindex_str(idx, nm->text);
    o->matched_kind = (vet_name_kind)nm->kind;
    o->type = (vet_entity_type)e->type;
    o->name_score = sr.score;
    o->score = b->score;
    o->is_match = b->score >= threshold;
    vet_token_match *tm = m->toks + i * VET__MAX_PAIRS;
    for (size_t k = 0; k < sr.npairs; k++) {
      const vet__spair *pp = &sr.pairs[k];
      tm[k].query_token = span_text(m, m->q, pp->q0, pp->q1);
      tm[k].name_token = span_text(m, nt, pp->n0, pp->n1);
      tm[k].similarity = pp->sim;
      tm[k].weight = pp->share;
      tm[k].how = vet__how_name(pp->how);
      tm[k].kept = pp->kept;
    }
    o->tokens = tm;
    o->n_tokens = sr.npairs;
    vet_adjustment *aj = m->adjs + i * MAX_ADJ;
    double delta;
    size_t na = vet__adjust(idx, eidx, q, m->q_org, aj, MAX_ADJ - 1, &delta);
    if (nm->strength == VET_STRENGTH_WEAK)
      aj[na++] = (vet_adjustment){"weak_alias", D_WEAK, "The matched name is a weak alias."};
    o->adjustments = aj;
    o->n_adjustments = na;
  }
  *out = m->out;
  *n_out = keep;
  return 0;
}

int vet_screen(vet_matcher *m, const vet_query *q, const vet_match **out, size_t *n_out,
               vet_error *err) {
  return vet__screen(m, q, 0, out, n_out, err);
}

double vet__score_texts(vet_matcher *m, const char *a, const char *b, int org, vet__sresult *r) {
  vet__stok qa[VET__NAME_MAX_TOKENS], qb[VET__NAME_MAX_TOKENS];
  if (vet__normalize(m->nz, a, strlen(a), &m->qn)) return 0;
  uint32_t ids[VET__NAME_MAX_TOKENS];
  size_t na = vet__query_weigh(m, &m->qn, qa, ids);
  na = vet__query_split_dotted(m, a, qa, na, ids);
  vet__query_joined_alt(m, qa, na, ids, m->alt_q, sizeof m->alt_q);
  if (vet__normalize(m->nz, b, strlen(b), &m->tmp)) return 0;
  size_t nb = vet__query_weigh(m, &m->tmp, qb, ids);
  return vet__score(qa, na, qb, nb, org, r);
}

char *vet_normalize_name(const vet_matcher *m, const char *name) {
  if (!m || !name) return NULL;
  vet_matcher *mm = (vet_matcher *)m;   /* the normalizer's scratch is not observable state */
  if (vet__normalize(mm->nz, name, strlen(name), &mm->tmp)) return NULL;
  return vet__nname_join(&mm->tmp);
}

double vet__score_name(vet_matcher *m, uint32_t id) {
  const vet__mindex *idx = &m->st->idx;
  if (id >= idx->h->n_names) return 0;
  vet__stok nt[VET__NAME_MAX_TOKENS];
  size_t nn = name_stoks(m->st, id, nt);
  const vet__mname *nm = &idx->names[id];
  int org = nm->entity < idx->h->n_entities && weigh_as_org(idx->ent[nm->entity].type, nt, nn, m->q_org);
  return vet__score(m->q, m->nq, nt, nn, org, NULL);
}
