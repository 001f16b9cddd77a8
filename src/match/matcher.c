/* matcher.c — vet_screen(): normalize, find candidates, score, adjust, rank,
 * explain.
 *
 * 1. The query name is normalized (normalize.h) and its tokens weighted with
 *    the snapshot's token weights (a token no listed name holds gets the
 *    highest weight).
 * 2. Candidates come from the index (lookup.c), or, in exhaustive mode, are
 *    all names — the reference model the tests compare the index with.
 * 3. Each candidate name is scored (score.c); the entity's adjustments
 *    (adjust.c) and a weak-alias penalty are added; each entity keeps its
 *    best name. A name is not scored when an upper bound of its score
 *    (bound(): from the pairs the index found, initials only where the
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

#define D_WEAK (-0.05)
#define MAX_ADJ 8

typedef struct ent_best {
  uint32_t stamp;
  uint32_t name;
  float score;
  float name_score;
} ent_best;

/* A known token's dictionary alias (known_alias()): state 0 not looked up,
 * 1 none, 2 alias at pool offset `alias`. */
typedef struct alias_memo {
  uint32_t alias;
  uint16_t len;
  uint8_t state;
  float sim;
} alias_memo;

struct vet_matcher {
  const vet__mstate *st;
  vet__normalizer *nz;
  vet__nname qn;
  vet__stok q[VET__NAME_MAX_TOKENS];
  size_t nq;
  uint64_t q_free;         /* query tokens the MaxScore skip must count as matched */
  uint64_t q_bfree;        /* the same for bound(), less the one-letter tokens a-z */
  uint64_t q_by_letter[26];/* the one-letter query tokens, by letter */
  uint32_t q_first;        /* first letters of the query tokens (bit per letter) */
  uint32_t q_initials;     /* letters of the query's one-letter tokens */
  int q_org;               /* the query's first or last token is a legal form */
  int q_one_other;         /* the query has a one-character token that is no letter a-z */
  int q_ones;              /* its one-character tokens */
  uint64_t q_letters;      /* its one-letter tokens a-z that are no trivial word */
  vet__cands cands;
  uint32_t *all;           /* every name id, for the exhaustive mode */
  ent_best *best;
  uint32_t *hits;          /* entities touched this call */
  size_t nhits;
  vet_match *out;
  size_t cap_out;
  vet_token_match *toks;
  vet_adjustment *adjs;
  vet__arena arena;
  alias_memo *alias_of;    /* per token, made on first use */
  vet__nname tmp;
  vet__nname part;         /* scratch for joined_alt() */
  char alt_q[1024];        /* joined spellings of the query (and of name a in vet__score_texts) */
};

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

/* A query word that no listed name holds but that is one typo from a
 * dictionary spelling ("Meudi" ~ Mehdi, "Limied" ~ Limited, "Grulo" ~
 * Grupo) would otherwise meet nothing: the lists hold that spelling only as
 * its class's canonical token ("mahdi", "ltd", "group"), further than a
 * typo from the word. The word gets the canonical token as its alias
 * (score.h), pairs with it at the typo similarity of word and spelling, and
 * weighs as that token does (with its trivial flags: "Limied" is a legal
 * form). lookup.c probes the alias, so the index stays complete. */
static void set_alias(const vet__mstate *st, vet__stok *t, int known) {
  const char *canon, *sp;
  size_t spl;
  vet__dict_kind kind;
  if (t->len < VET__DICT_NEAR_MIN || (t->flags & (VET__TOK_VOWELLESS | VET__TOK_NUMBER | VET__TOK_TRIVIAL))) return;
  if (!vet__dict_lookup_near(st->dict, t->text, t->len, &canon, &kind, &sp, &spl)) return;
  size_t cl = strlen(canon);
  if (memchr(canon, ' ', cl)) return;
  uint32_t id = vet__mindex_find(&st->idx, canon, cl, 0);
  if (id == UINT32_MAX || (cl == t->len && !memcmp(canon, t->text, cl))) return;
  const vet__mtok *mt = &st->idx.toks[id];
  float sim = vet__string_sim(t->text, t->len, sp, spl, 1);
  if ((mt->flags & VET__MT_JOINED) || sim <= 0) return;
  t->alias = st->idx.pool + mt->text;
  t->alias_len = mt->len;
  t->alias_sim = sim;
  t->alias_how = VET__HOW_TYPO;
  if (known) return;
  t->w = mt->w;
  t->flags |= mt->flags & VET__TOK_TRIVIAL;
}

/* set_alias() for a token the index holds (id), remembered per matcher:
 * listed words recur from query to query, and the lookup costs more than
 * the rest of weighing. */
static void known_alias(vet_matcher *m, uint32_t id, vet__stok *t) {
  if (!m->alias_of) {
    m->alias_of = calloc((size_t)m->st->idx.h->n_tokens + 1, sizeof *m->alias_of);
    if (!m->alias_of) {   /* no memory for the cache: look it up every time */
      set_alias(m->st, t, 1);
      return;
    }
  }
  alias_memo *a = &m->alias_of[id];
  if (!a->state) {
    set_alias(m->st, t, 1);
    a->state = t->alias ? 2 : 1;
    if (t->alias) {
      a->alias = (uint32_t)(t->alias - m->st->idx.pool);
      a->len = t->alias_len;
      a->sim = t->alias_sim;
    }
    return;
  }
  if (a->state == 2) {
    t->alias = m->st->idx.pool + a->alias;
    t->alias_len = a->len;
    t->alias_sim = a->sim;
    t->alias_how = VET__HOW_TYPO;
  }
}

/* Fills the query tokens from a normalized name, with weights, and ids[i]
 * with the token id of q[i] (UINT32_MAX when no listed name holds it). */
static size_t weigh(vet_matcher *m, const vet__nname *nm, vet__stok *q, uint32_t *ids) {
  const vet__mstate *st = m->st;
  const vet__mindex *idx = &st->idx;
  for (size_t i = 0; i < nm->n; i++) {
    const vet__ntoken *t = &nm->tok[i];
    uint32_t id = vet__mindex_find(idx, t->text, t->len, (t->flags & VET__TOK_VOWELLESS) != 0);
    if (id == UINT32_MAX && (t->flags & VET__TOK_VOWELLESS)) id = vet__mindex_find(idx, t->text, t->len, 0);
    float w = id != UINT32_MAX ? idx->toks[id].w : vet__weight(0, idx->h->n_names, t->flags);
    q[i] = (vet__stok){t->text, t->len, t->flags, t->skel, w, vet__letters(t->text, t->len), NULL, 0, NULL, 0, 0, 0,
                        id != UINT32_MAX ? st->firsts[id] : 0};
    if (id == UINT32_MAX) set_alias(st, &q[i], 0);
    else known_alias(m, id, &q[i]);
    ids[i] = id;
  }
  return nm->n;
}

/* Joined words ("RafikMohamad", "BEVERAGESLIMITED", "PTELTD"): the index
 * holds the listed names' runs of adjacent tokens joined in their
 * normalized spelling ("rafikmuhammad"), so a word that joins two words gets
 * another form to compare. For a token of six letters or more that no
 * listed name holds, the splits into two halves of three letters or more (two
 * beside a dictionary entry: "hk|limited") are tried, most even first:
 *   - the two halves read as one phrase normalize to one token some listed
 *     name holds, other than the halves joined ("pte ltd" and "company
 *     limited" are the legal form "ltd"; an honorific drops out of "sheik
 *     ahmed"): that token becomes the word's alias (score.h), paired as
 *     joined at 1.0, weighing as that token;
 *   - else each half normalizes on its own to one token some listed name
 *     holds, at least one spelt differently: the two joined again become the
 *     word's `alt`, which the scorer compares with runs of name tokens.
 * Halves that the dictionary knows as written are preferred to halves that
 * only a typo links to it: "corporation|jsc" over "corporatio|njsc".
 * The index probes text, alt and alias (lookup.c), so it stays complete.
 * Alternatives are written to store[0..cap). */

/* Normalizes s[0..n) into m->part; the token's id when it is one token some
 * listed name holds, else UINT32_MAX. *as_written is 1 when the text was
 * kept or found in the dictionary as written (not one typo away). */
static uint32_t one_token(vet_matcher *m, const char *s, size_t n, int in_dict, int *as_written) {
  const vet__mindex *idx = &m->st->idx;
  if (vet__normalize(m->nz, s, n, &m->part) || m->part.n != 1) return UINT32_MAX;
  const vet__ntoken *pt = &m->part.tok[0];
  *as_written = (pt->len == n && !memcmp(pt->text, s, n)) || in_dict;
  uint32_t id = vet__mindex_find(idx, pt->text, pt->len, 0);
  return id != UINT32_MAX && !(idx->toks[id].flags & VET__MT_JOINED) ? id : UINT32_MAX;
}

/* 1 if s[0..n) is a dictionary entry as written. */
static int in_dict(const vet_matcher *m, const char *s, size_t n) {
  const char *c;
  vet__dict_kind k;
  return vet__dict_lookup(m->st->dict, s, n, &c, &k);
}

/* What one split of a joined word gives: the phrase's one token (p), or
 * the two halves' tokens (h0, h1); `written` when the halves are known as
 * written; `ok` when the split gives anything. */
typedef struct split {
  uint32_t p, h0, h1;
  int written, ok;
} split;

/* Works out the split of t at `at`. Halves have three letters or more, or
 * two beside a dictionary entry written as such ("HKLIMITED": "hk" +
 * "limited"). The phrase is normalized only when a half is a dictionary
 * entry as written (legal forms, honorifics, ...): otherwise it reads as the
 * two halves. Each half is looked up in the dictionary once. */
static split eval_split(vet_matcher *m, const vet__stok *t, size_t at) {
  const vet__mindex *idx = &m->st->idx;
  split r = {UINT32_MAX, UINT32_MAX, UINT32_MAX, 0, 0};
  size_t n0 = at, n1 = t->len - at;
  if (n0 < 2 || n1 < 2) return r;
  int d0 = in_dict(m, t->text, n0), d1 = in_dict(m, t->text + at, n1);
  if ((n0 == 2 && !d1) || (n1 == 2 && !d0)) return r;
  int w0 = 0, w1 = 0;
  r.h0 = one_token(m, t->text, n0, d0, &w0);
  if (r.h0 != UINT32_MAX) r.h1 = one_token(m, t->text + at, n1, d1, &w1);
  if (r.h1 == UINT32_MAX) r.h0 = UINT32_MAX;
  r.written = r.h1 != UINT32_MAX && w0 && w1;
  char phrase[128];
  if ((size_t)t->len + 2 <= sizeof phrase && (d0 || d1)) {
    memcpy(phrase, t->text, at);
    phrase[at] = ' ';
    memcpy(phrase + at + 1, t->text + at, n1);
    int pw = 0;
    r.p = one_token(m, phrase, t->len + 1, 0, &pw);
    if (r.p != UINT32_MAX) r.written = 1;   /* a phrase is looked up as written */
  }
  if (r.p == UINT32_MAX && r.h1 != UINT32_MAX) {   /* the halves joined again must differ */
    const vet__mtok *a = &idx->toks[r.h0], *b = &idx->toks[r.h1];
    r.ok = (size_t)a->len + b->len != t->len || memcmp(idx->pool + a->text, t->text, a->len) ||
           memcmp(idx->pool + b->text, t->text + a->len, b->len);
  }
  r.ok |= r.p != UINT32_MAX;
  return r;
}

/* Gives t the alias or the alt of split r. Returns 0 when store is full. */
static int apply_split(vet_matcher *m, vet__stok *t, const split *r, char *store, size_t *used,
                       size_t cap) {
  const vet__mindex *idx = &m->st->idx;
  if (r->p != UINT32_MAX) {   /* the halves read as one word */
    const vet__mtok *mt = &idx->toks[r->p];
    t->alias = idx->pool + mt->text;
    t->alias_len = mt->len;
    t->alias_sim = 1.0f;
    t->alias_how = VET__HOW_JOINED;
    t->w = mt->w;
    t->flags |= mt->flags & VET__TOK_TRIVIAL;
    return 1;
  }
  const vet__mtok *a = &idx->toks[r->h0], *b = &idx->toks[r->h1];
  size_t l = (size_t)a->len + b->len;
  if (*used + l + 1 > cap) return 0;
  char *out = store + *used;
  memcpy(out, idx->pool + a->text, a->len);
  memcpy(out + a->len, idx->pool + b->text, b->len);
  out[l] = 0;
  t->alt = out;
  t->alt_len = (uint16_t)l;
  *used += l + 1;
  return 1;
}

static void joined_alt(vet_matcher *m, vet__stok *q, size_t n, const uint32_t *ids, char *store, size_t cap) {
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    vet__stok *t = &q[i];
    if (t->alias || t->len < 6 || t->len > 60 ||
        (t->flags & (VET__TOK_VOWELLESS | VET__TOK_NUMBER | VET__TOK_TRIVIAL)))
      continue;
    if (ids[i] != UINT32_MAX) continue;   /* a listed name holds it (weigh(): not vowelless, so the Latin token) */
    /* Every split once, most even first; the first known as written wins,
     * else the first at all. */
    split first = {0, 0, 0, 0, 0};
    int have = 0, done = 0;
    for (size_t d = 0; d <= t->len / 2 && !done; d++)
      for (int side = 0; side < 2 && !done; side++) {
        if (side && !d) continue;
        size_t at = side ? t->len / 2 + d : t->len / 2 - d;
        split r = eval_split(m, t, at);
        if (!r.ok) continue;
        if (r.written) done = apply_split(m, t, &r, store, &used, cap) || 1;
        else if (!have) {
          first = r;
          have = 1;
        }
      }
    if (!done && have) apply_split(m, t, &first, store, &used, cap);
  }
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
    uint8_t f = m->flags & (uint8_t)~VET__MT_JOINED;
    if (v & VET__NT_VARIANT) f |= VET__TOK_VARIANT;
    if (v & VET__NT_SURNAME) f |= VET__TOK_SURNAME;
    n[k++] = (vet__stok){idx->pool + m->text, m->len, f, idx->pool + m->skel, m->w, m->letters, NULL, 0, NULL, 0, 0, 0,
                         st->firsts[t]};
  }
  return k;
}

/* Extra words weigh more against organizations, vessels and aircraft. */
static int is_org(uint8_t type) { return vet__type_is_org(type); }

static int list_ok(const vet__mindex *idx, const vet__ment *e, const vet_query *q) {
  if (!q->lists || !q->n_lists) return 1;
  const char *l = idx->pool + e->list_id;
  for (size_t i = 0; i < q->n_lists; i++)
    if (q->lists[i] && !strcmp(q->lists[i], l)) return 1;
  return 0;
}

static int prepare(vet_matcher *m, const char *name) {
  int rc = vet__normalize(m->nz, name, strlen(name), &m->qn);
  if (rc) return rc;
  uint32_t ids[VET__NAME_MAX_TOKENS];
  m->nq = weigh(m, &m->qn, m->q, ids);
  joined_alt(m, m->q, m->nq, ids, m->alt_q, sizeof m->alt_q);
  /* What bound() cannot learn from the index: pairs that never anchor
   * (initials, trivial words, runs of query tokens joined into a trivial
   * word) may still add to a score. */
  m->q_free = m->q_bfree = 0;
  memset(m->q_by_letter, 0, sizeof m->q_by_letter);
  m->q_first = m->q_initials = 0;
  m->q_org = m->nq >= 2 && ((m->q[0].flags & VET__TOK_LEGAL) || (m->q[m->nq - 1].flags & VET__TOK_LEGAL));
  m->q_one_other = 0;
  m->q_ones = 0;
  m->q_letters = 0;
  const vet__mindex *idx = &m->st->idx;
  for (size_t i = 0; i < m->nq && i < 64; i++) {
    const vet__stok *t = &m->q[i];
    if (t->text[0] >= 'a' && t->text[0] <= 'z') {
      m->q_first |= (1u << (t->text[0] - 'a')) | t->firsts;
      if (t->len == 1) m->q_initials |= 1u << (t->text[0] - 'a');
    } else if (t->len == 1) {
      m->q_one_other = 1;
    }
    if (t->len == 1 || (t->flags & VET__TOK_TRIVIAL)) m->q_free |= (uint64_t)1 << i;
    m->q_ones += t->len == 1;
    /* bound() finds the name tokens a one-letter token a-z may pair with. */
    if (t->len == 1 && t->text[0] >= 'a' && t->text[0] <= 'z' && !(t->flags & VET__TOK_TRIVIAL)) {
      m->q_by_letter[t->text[0] - 'a'] |= (uint64_t)1 << i;
      m->q_letters |= (uint64_t)1 << i;
    }
    else if (t->len == 1 || (t->flags & VET__TOK_TRIVIAL))
      m->q_bfree |= (uint64_t)1 << i;
  }
  char run[64];
  for (size_t len = 2; len <= VET__JOIN_MAX; len++)
    for (size_t i = 0; i + len <= m->nq && i + len <= 64; i++) {
      size_t l = 0;
      int fits = 1;
      for (size_t j = i; j < i + len && fits; j++) {
        if (l + m->q[j].len >= sizeof run) fits = 0;
        else {
          memcpy(run + l, m->q[j].text, m->q[j].len);
          l += m->q[j].len;
        }
      }
      /* Longer than every trivial word: no need to look. */
      if (!fits || (idx->h->max_trivial_len && l > idx->h->max_trivial_len)) continue;
      uint32_t id = vet__mindex_find(idx, run, l, 0);
      if (id != UINT32_MAX && (idx->toks[id].flags & VET__TOK_TRIVIAL)) {
        m->q_free |= (((uint64_t)1 << len) - 1) << i;
        m->q_bfree |= (((uint64_t)1 << len) - 1) << i;
      }
    }
  vet__cands_begin(&m->cands);
  if (m->cands.gen == 1)   /* the stamps wrapped (or first call): clear the entity stamps */
    for (uint32_t i = 0; i <= m->st->idx.h->n_entities; i++) m->best[i].stamp = 0;
  return 0;
}

int vet__candidates(vet_matcher *m, const char *name, const uint32_t **out, size_t *n) {
  int rc = prepare(m, name);
  if (rc) return rc;
  vet__cands_probe(&m->cands, m->q, m->nq);
  vet__cands_collect(&m->cands, 0);
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

/* The query tokens whose names cannot reach `prune` through them alone
 * (MaxScore): a name paired only with tokens of the mask P (plus the tokens
 * that pair without the index, q_free) covers at most
 * cq = w(P)/(w(P) + Σ d_i·w_i over the other tokens), d_i the middle-name
 * discount, and score.c's score is at most vet__score_bound(cq, 1), so
 * names below `prune` that way are skipped. P grows from the lightest token.
 * Names with a one-letter token are never skipped (lookup.c): any query
 * token may pair with their initial. */
static uint64_t skip_mask(const vet_matcher *m, double prune) {
  /* The score is at most vet__score_bound(cq, 1) = W_NAME + (1 - W_NAME)·cq. */
  if (prune <= VET__W_NAME || m->nq > 64) return 0;
  double need = (prune - VET__W_NAME) / (1 - VET__W_NAME);
  size_t order[64], n = 0;
  for (size_t i = 0; i < m->nq; i++)
    if (!(m->q_free & ((uint64_t)1 << i))) order[n++] = i;
  for (size_t i = 1; i < n; i++) {
    size_t x = order[i], j = i;
    while (j > 0 && m->q[order[j - 1]].w > m->q[x].w) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = x;
  }
  double free_w = 0;
  for (size_t i = 0; i < m->nq; i++)
    if (m->q_free & ((uint64_t)1 << i)) free_w += m->q[i].w;
  uint64_t mask = 0;
  for (size_t k = 0; k < n; k++) {
    uint64_t trial = mask | ((uint64_t)1 << order[k]);
    double hit = free_w, miss = 0;
    for (size_t i = 0; i < m->nq; i++) {
      if ((trial | m->q_free) & ((uint64_t)1 << i)) {
        if (!(m->q_free & ((uint64_t)1 << i))) hit += m->q[i].w;
      } else {
        miss += m->q[i].w * vet__q_keep(i, m->nq, m->qn.vowelless);
      }
    }
    if (hit + miss <= 0 || hit / (hit + miss) >= need) break;
    mask = trial;
  }
  return mask;
}

/* The query tokens a one-letter name token `c` may pair with as an initial
 * (vet__token_sim: same first letter, or one of the token's firsts). */
static uint64_t initial_partners(const vet_matcher *m, char c) {
  uint64_t mask = 0;
  for (size_t k = 0; k < m->nq && k < 64; k++)
    if (m->q[k].len > 1 && (m->q[k].text[0] == c || vet__initial_of(c, m->q[k].firsts)))
      mask |= (uint64_t)1 << k;
  return mask;
}

/* 1 if s[0..n) is the concatenation of the n_tok texts txt[k] (lengths len[k]). */
static int is_concat(const char *s, size_t n, const char *const *txt, const uint16_t *len, size_t n_tok) {
  size_t at = 0;
  for (size_t k = 0; k < n_tok; k++) {
    if (at + len[k] > n || memcmp(s + at, txt[k], len[k])) return 0;
    at += len[k];
  }
  return at == n;
}

/* The joined pairs a name proposed through a joined key can take in
 * score.c: one query token whose text or joined spelling (alt) equals, with
 * no edit (VET__JOIN_MAX_EDITS is 0), a run of 2 to VET__JOIN_MAX adjacent
 * name tokens. Sets in *npos the name positions such runs cover and in
 * *qbits their query tokens. Checks every run against every query token,
 * without score.c's caps (a 256-byte buffer, MAX_CANDS pairs), so it finds
 * every joined pair the scorer can form, and maybe more. Returns 0, or -1
 * for a name of more than 64 tokens (then there is no bound). */
static int joined_runs(const vet_matcher *m, const vet__mname *nm, uint64_t *npos, uint64_t *qbits) {
  const vet__mindex *idx = &m->st->idx;
  const char *txt[64];
  uint16_t len[64];
  size_t n = nm->n_tok;
  if (n > 64) return -1;
  for (size_t k = 0; k < n; k++) {
    uint32_t t = idx->name_toks[(uint64_t)nm->tok + k] & VET__NT_ID;   /* checked by bound() */
    txt[k] = idx->pool + idx->toks[t].text;
    len[k] = idx->toks[t].len;
  }
  for (size_t run = 2; run <= VET__JOIN_MAX; run++)
    for (size_t k = 0; k + run <= n; k++) {
      size_t total = 0;
      for (size_t j = k; j < k + run; j++) total += len[j];
      for (size_t i = 0; i < m->nq && i < 64; i++) {
        const vet__stok *q = &m->q[i];
        if ((q->len == total && is_concat(q->text, q->len, txt + k, len + k, run)) ||
            (q->alt && q->alt_len == total && is_concat(q->alt, q->alt_len, txt + k, len + k, run))) {
          *npos |= (((uint64_t)1 << run) - 1) << k;
          *qbits |= (uint64_t)1 << i;
        }
      }
    }
  return 0;
}

/* An upper bound of the name score of candidate `id` from what the index
 * found: only query tokens that paired with some token of the name, and only
 * name tokens that paired with some query unit, can be covered, each at most
 * at the best similarity the index's verification saw for the name token
 * (tok_sim; 1 for pairs made without the index: trivial words, initials,
 * joined runs). score.c's formulas are increasing in both coverages;
 * against an organization (VET__NB_ORG) they weigh the better covered side
 * less (vet__score_bound_org).
 * A name proposed through a joined key may also pair a query token with a
 * run of its tokens, which the index's token pairs do not show: for it, the
 * runs joined_runs() finds count as covered on both sides too (before, such
 * names had no bound and were all scored: "COMPANYLIMITED" met the joined
 * key "companiltd" of a thousand names).
 *
 * Why a token that may pair at similarity s adds w·s to its side's covered
 * weight and w·max(s, d) to the side's total, where d is the share of its
 * weight it keeps when left unmatched (MIDDLE_DISCOUNT or vet__q_keep(), 1
 * elsewhere): score.c adds either w·s' ≤ w·s and w (paired) or 0 and
 * w·d' ≥ w·d (unmatched). Against the paired case the bound's covered part
 * is not smaller and its total not larger. Against the unmatched case: when
 * s ≤ d, the covered part is larger and the total no larger; when s > d,
 * (N + w·s) / (D + w·s) ≥ N / D ≥ N / (D + w·d') for the rest's N ≤ D. Every
 * token adds no more to the covered part than to the total, so N ≤ D holds
 * throughout and the coverage never exceeds 1. With s = 1 this is the
 * bound before similarities were kept: w and w. */
static double bound(const vet_matcher *m, uint32_t id) {
  const vet__cands *c = &m->cands;
  const vet__mindex *idx = &m->st->idx;
  const vet__mname *nm = &idx->names[id];
  if ((uint64_t)nm->tok + nm->n_tok > idx->h->n_name_toks) return 2;
  /* qfree: query tokens that may pair at similarity 1; qs[i]: the best
   * similarity of query token i's pairs with the name's tokens the index
   * verified. */
  uint64_t qfree = m->q_bfree, jpos = 0, qsim_any = 0;
  float qs[64];
  if (c->nacc[id].gen == c->gen && c->nacc[id].joined) {
    for (uint32_t i = 0; i < nm->n_tok; i++)
      if ((idx->name_toks[(uint64_t)nm->tok + i] & VET__NT_ID) >= idx->h->n_tokens) return 2;
    if (joined_runs(m, nm, &jpos, &qfree)) return 2;
  }
  double n_cov = 0, n_tot = 0, n_tot_full = 0;
  int n_extra = 0;
  const vet__btok *bt = m->st->btok + nm->tok;
  const uint32_t *ids = idx->name_toks + nm->tok;
  for (uint32_t i = 0; i < nm->n_tok; i++) {
    const vet__btok *b = &bt[i];
    uint32_t t = ids[i] & VET__NT_ID;
    if ((b->flags & VET__BT_BAD) || t >= idx->h->n_tokens) return 2;   /* the records come from the file */
    double w = b->w, d = nm->n_tok >= 3 && i > 0 && i + 1 < nm->n_tok ? VET__MIDDLE_DISCOUNT : 1.0;
    /* A one-letter query token pairs (vet__token_sim, as an initial or the
     * same letter) only with a name token one of whose spellings starts
     * with its letter (st->firsts), or inside a run of query tokens: runs
     * that meet a trivial word are in q_bfree, runs that meet other name
     * tokens in the masks the index found. */
    if (m->q_initials)
      for (uint32_t fb = b->firsts & m->q_initials; fb; fb &= fb - 1)
        qfree |= m->q_by_letter[__builtin_ctz(fb)];
    /* The first letters only matter for initials: read them only then.
     * firsts, q_first and q_initials hold letters a-z only, so a name token
     * starting with another character (a digit: "5" in "ONE VISION
     * INVESTMENTS 5", "702nd" against the query's "7") counts as covered
     * when it is one character long, or when the query has a one-character
     * token that is no letter. */
    char first = 0;
    uint32_t bits = 0;
    int other = 0;
    if (b->flags & VET__BT_LONG) {
      if (m->q_initials) bits = b->firsts;
      if (m->q_one_other) other = b->first < 'a' || b->first > 'z';
    } else if (b->flags & VET__BT_ONE) {
      first = b->first;
      bits = first >= 'a' && first <= 'z' ? 1u << (first - 'a') : 0;
    }
    /* A trivial word, an initial pair or part of a joined run: may pair
     * without the index, at similarity up to 1. */
    int free_ = (b->flags & VET__BT_TRIVIAL) || ((b->flags & VET__BT_LONG) && ((bits & m->q_initials) || other)) ||
                ((b->flags & VET__BT_ONE) && ((bits & m->q_first) || !bits)) || (i < 64 && ((jpos >> i) & 1));
    int hit = vet__cands_hit(c, t);
    if (hit) {
      /* Its query partners pair at most at its similarity; a one-letter
       * name token may also pair, as an initial, with any query token
       * starting with its letter. */
      float st = c->tok_sim[t];
      for (uint64_t qb = c->tok_qmask[t]; qb; qb &= qb - 1) {
        int k = __builtin_ctzll(qb);
        if (!((qsim_any >> k) & 1) || st > qs[k]) qs[k] = st;
        qsim_any |= (uint64_t)1 << k;
      }
      if (b->flags & VET__BT_ONE) qfree |= initial_partners(m, b->first);
      double s = free_ ? 1.0 : st;
      n_cov += w * s;
      n_tot += w * (s > d ? s : d);
      n_tot_full += w;
      continue;
    }
    if (free_) {
      n_cov += w;
      n_tot += w;
      n_tot_full += w;
      if (b->flags & VET__BT_ONE) qfree |= initial_partners(m, first);
    } else {
      n_tot += w * d;
      n_tot_full += w;
      n_extra = 1;
    }
  }
  double q_cov = 0, q_tot = 0, q_tot_full = 0;
  int q_extra = 0;
  for (size_t i = 0; i < m->nq; i++) {
    double w = m->q[i].w, keep = vet__q_keep(i, m->nq, m->qn.vowelless);
    uint64_t bit = i < 64 ? (uint64_t)1 << i : 0;
    if (qfree & bit) {
      q_cov += w;
      q_tot += w;
    } else if (qsim_any & bit) {
      double s = qs[i];
      q_cov += w * s;
      q_tot += w * (s > keep ? s : keep);
    } else {
      q_tot += w * keep;
      q_extra |= !(m->q[i].flags & VET__TOK_TRIVIAL);
    }
    q_tot_full += w;
  }
  if (q_extra && n_extra && m->nq <= VET__NAME_MAX_TOKENS && nm->n_tok <= VET__NAME_MAX_TOKENS) {
    /* A substitution for sure: a meaningful query token that pairs with
     * nothing and a name token counted as missed (never trivial) that
     * pairs with nothing, so score.c leaves both unmatched and scores
     * (cq + cn) / 2 minus the penalty, with full weights for unmatched
     * tokens (no middle discount: d = 1 above), before the order penalty.
     * Names and queries beyond VET__NAME_MAX_TOKENS are left to the
     * general bound (score.c does not see their last tokens). */
    double cq = q_tot_full > 0 ? q_cov / q_tot_full : 0;
    double cn = n_tot_full > 0 ? n_cov / n_tot_full : 0;
    return (cq + cn) / 2 - VET__SUBST_PENALTY;
  }
  double cq = q_tot > 0 ? q_cov / q_tot : 0;
  double cn = n_tot > 0 ? n_cov / n_tot : 0;
  if (m->st->nbound[id].firsts & VET__NB_ORG) return vet__score_bound_org(cq, cn);
  double a = vet__score_bound(cq, cn), b = (cq + cn) / 2;
  return a > b ? a : b;
}

/* The cheap bound: an upper bound of the name score from what collecting
 * the postings summed for the name (vet__nacc) and what opening the
 * snapshot summed (vet__nbound), without visiting the name's tokens.
 * Thousands of candidates of a long query meet the query in one common word
 * ("Muhammad", "Research"); this rejects them at the cost of two reads.
 *
 * The argument is bound()'s (its comment), over sums. score.c pairs each
 * token once. A name token pairs with a query token (or run) either as the
 * index verified, at most at the similarity summed in cov, or as a trivial
 * word (weight in free), or as an initial of a one-character query token
 * (at 0.8, at most q_ones of them, each at most maxw), or inside a joined
 * key or as a one-letter token itself (names with those get 2: no
 * pruning). So the covered weight is at most cov + free + 0.8 q_ones maxw,
 * the initials' part only when the name has a token spelled with one of the
 * query's letters, or the query a one-character token that is no letter;
 * the total is at least dmin. On the query side every token that paired,
 * that pairs with a trivial word anywhere (q_trivial: trivial words have
 * no postings to tell) or that is an initial the name may pair counts at
 * similarity 1. *memo caches the query side by mask. */
typedef struct qmemo {
  uint64_t mask;
  double cq;
} qmemo;

static double pre_bound(const vet_matcher *m, uint32_t id, qmemo *memo) {
  const vet__nacc *a = &m->cands.nacc[id];
  const vet__nbound *nb = &m->st->nbound[id];
  if (a->gen != m->cands.gen || a->joined || nb->dmin <= 0) return 2;
  uint64_t f = m->q_bfree | m->cands.q_trivial | a->qmask;
  double cov = a->cov + nb->free;
  if ((nb->firsts & ~VET__NB_ORG & m->q_initials) || m->q_one_other) {
    f |= m->q_letters;
    cov += 0.8 * m->q_ones * nb->maxw;
  }
  if (f != memo->mask) {
    double qc = 0, qt = 0;
    for (size_t i = 0; i < m->nq && i < 64; i++) {
      double w = m->q[i].w;
      if ((f >> i) & 1) {
        qc += w;
        qt += w;
      } else {
        qt += w * vet__q_keep(i, m->nq, m->qn.vowelless);
      }
    }
    memo->mask = f;
    memo->cq = qt > 0 ? qc / qt : 0;
  }
  double cq = memo->cq, cn = cov / nb->dmin;
  if (cn > 1) cn = 1;
  if (nb->firsts & VET__NB_ORG) return vet__score_bound_org(cq, cn);
  double x = vet__score_bound(cq, cn), y = (cq + cn) / 2;
  return x > y ? x : y;
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
  const vet__mindex *idx = &m->st->idx;
  vet__arena_reset(&m->arena);
  int rc = prepare(m, q->name);
  if (rc) return vet__error_set(err, rc, "cannot normalize the name");
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
    vet__cands_collect(&m->cands, skip_mask(m, prune0));
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
  qmemo memo = {~(uint64_t)0, 0};
  for (size_t c = 0; c < ncand; c++) {
    uint32_t id = cand[c];
    if (c + 8 < ncand) {
      const vet__mname *ahead = &idx->names[cand[c + 8]];
      __builtin_prefetch(ahead);
      __builtin_prefetch(&m->st->nbound[cand[c + 8]]);
      if (c + 4 < ncand) {
        uint32_t at = idx->names[cand[c + 4]].tok;
        __builtin_prefetch(&idx->name_toks[at]);
        __builtin_prefetch(&m->st->btok[at]);
      }
    }
    double cut = prune;
    if (ntop == k_lim && k_lim && kmin - raise - 1e-6 > cut) cut = kmin - raise - 1e-6;
    /* Float sums: the cheap bound keeps a margin of 1e-5. */
    if (cut > 0 && (pre_bound(m, id, &memo) < cut - 1e-5 || bound(m, id) < cut)) continue;
    const vet__mname *nm = &idx->names[id];
    if (nm->entity >= idx->h->n_entities) continue;
    const vet__ment *e = &idx->ent[nm->entity];
    if (!list_ok(idx, e, q)) continue;
    size_t nn = name_stoks(m->st, id, nt);
    double s = vet__score(m->q, m->nq, nt, nn, is_org(e->type), NULL);
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
    vet__score(m->q, m->nq, nt, nn, is_org(e->type), &sr);
    vet_match *o = &m->out[i];
    memset(o, 0, sizeof *o);
    o->entity = eidx;
    o->list_id = idx->pool + e->list_id;
    o->source_id = idx->pool + e->source_id;
    o->source_list = e->source_list ? idx->pool + e->source_list : NULL;
    o->name = idx->pool + e->name;
    o->matched_name = idx->pool + nm->text;
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
  size_t na = weigh(m, &m->qn, qa, ids);
  joined_alt(m, qa, na, ids, m->alt_q, sizeof m->alt_q);
  if (vet__normalize(m->nz, b, strlen(b), &m->tmp)) return 0;
  size_t nb = weigh(m, &m->tmp, qb, ids);
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
  int org = nm->entity < idx->h->n_entities && is_org(idx->ent[nm->entity].type);
  return vet__score(m->q, m->nq, nt, nn, org, NULL);
}
