/* lookup.c — the names the index proposes for a query.
 *
 * Query units are the query tokens and the runs of two or three adjacent
 * query tokens joined into one string. For each unit, the strings made by
 * deleting up to the allowed number of bytes are hashed and looked up among
 * the keys (index.h); each token found is verified once per unit with the
 * scorer's own similarity (so a hash collision costs a comparison, never a
 * wrong candidate). A verified token remembers which query tokens it pairs
 * with and the best similarity of those pairs (tok_qmask and tok_sim, used
 * by matcher.c to bound a candidate's score before scoring it). Each query token's skeleton is looked up too
 * (transliteration pairs). At the end the postings of the verified tokens
 * join the candidate set, except those of tokens that pair only with query
 * tokens the caller marked as unable to reach the threshold on their own
 * (the MaxScore idea: matcher.c works out which).
 *
 * Why this is complete with respect to the scorer (docs/MATCHING.md has the
 * full argument): a name scores above 0 only with an anchor; an anchor is a
 * name token (or a joined run of name tokens) whose postings hold the name,
 * within the allowed edits of a query unit or with the same skeleton. Within
 * d edits, each side needs at most d ≤ its own allowance of deletions to
 * reach a common string, and both sides' deletion sets were generated up to
 * their own allowance.
 *
 * The unit cache. What a single query token's probe yields — the index
 * tokens that verify against it, in the order found — depends only on the
 * token as the probe and verify() see it (its text, whether it is
 * vowelless, its skeleton, its joined spelling, its alias and its
 * initials' letters: uc_key()) and on the index, never on the rest of the
 * query. Customer files and search traffic repeat tokens
 * ("mohammed", "trading", "smith") across queries, so each vet__cands keeps,
 * across queries, the list of verified tokens (with their similarities) of
 * every single-token unit it probed, and a unit seen before replays its list instead of generating
 * deletions, probing keys and computing edit distances. Replaying does to
 * the candidate state exactly what the probe did: take() changes the state
 * only for tokens that verify (the others only get the unit's stamp, which
 * no other unit reads), in the order recorded. So the candidates, their
 * order and every result are the same with or without the cache. The cache
 * is bounded (2^UC_BITS / 2 entries, UC_WORDS words) and emptied when full.
 * Runs of several query tokens are not cached (one hash each, little work).
 * Not thread-safe (one vet__cands per matcher). */
#include "match/matcher.h"

#include <stdlib.h>
#include <string.h>

/* Unit cache bounds: 2^UC_BITS slots (filled at most half), UC_WORDS
 * 32-bit words of entries (4 MB, allocated once per matcher and touched as
 * filled), an entry at most UC_MAX_HITS tokens. */
#define UC_BITS 14
#define UC_WORDS ((size_t)1 << 20)
#define UC_MAX_HITS 4096

int vet__cands_init(vet__cands *c, const vet__mindex *idx) {
  memset(c, 0, sizeof *c);
  c->idx = idx;
  size_t nn = (size_t)idx->h->n_names + 1, nt = (size_t)idx->h->n_tokens + 1;
  c->nacc = calloc(nn, sizeof *c->nacc);
  c->list = malloc(nn * sizeof *c->list);
  c->tok_unit = calloc(nt, sizeof *c->tok_unit);
  c->tok_qmask = calloc(nt, sizeof *c->tok_qmask);
  c->tok_hit = calloc(nt / 64 + 1, sizeof *c->tok_hit);
  c->tok_sim = calloc(nt, sizeof *c->tok_sim);
  c->verified = malloc(nt * sizeof *c->verified);
  c->uc_slot = calloc((size_t)1 << UC_BITS, sizeof *c->uc_slot);
  c->uc_data = malloc(UC_WORDS * sizeof *c->uc_data);
  if (!c->uc_slot || !c->uc_data || !c->nacc || !c->list || !c->tok_unit || !c->tok_qmask ||
      !c->tok_hit || !c->tok_sim || !c->verified) {
    vet__cands_free(c);
    return VET_ENOMEM;
  }
  return 0;
}

void vet__cands_free(vet__cands *c) {
  free(c->nacc);
  free(c->list);
  free(c->tok_unit);
  free(c->tok_qmask);
  free(c->tok_hit);
  free(c->tok_sim);
  free(c->verified);
  free(c->uc_slot);
  free(c->uc_data);
  memset(c, 0, sizeof *c);
}

void vet__cands_begin(vet__cands *c) {
  c->n = 0;
  for (size_t i = 0; i < c->n_verified; i++) c->tok_hit[c->verified[i] >> 6] = 0;
  c->n_verified = 0;
  c->q_trivial = 0;
  if (++c->gen == 0) {   /* the stamps wrapped: clear them once every 2^32 queries */
    size_t nn = (size_t)c->idx->h->n_names + 1, nt = (size_t)c->idx->h->n_tokens + 1;
    memset(c->nacc, 0, nn * sizeof *c->nacc);
    memset(c->tok_unit, 0, nt * sizeof *c->tok_unit);
    c->gen = 1;
  }
}

typedef struct look {
  vet__cands *c;
  const vet__stok *q;      /* the single query token, or NULL for a joined run */
  const char *s;           /* the unit's string */
  size_t n;
  uint64_t unit;           /* gen << 8 | unit number */
  uint64_t bits;           /* the query tokens of the unit */
  const char *rskel;       /* a run of vowelless tokens: its skeleton, else NULL */
  uint32_t *rec;           /* when not NULL: the verified tokens are appended here */
  float *rec_sim;          /* and their similarities here */
  size_t n_rec;            /* (at most UC_MAX_HITS; more marks the record unusable) */
} look;

/* Name nm's accumulator, emptied when it is from an earlier query. */
static inline vet__nacc *nacc_of(vet__cands *c, uint32_t nm) {
  vet__nacc *a = &c->nacc[nm];
  if (a->gen != c->gen) *a = (vet__nacc){c->gen, 0, 0, 0, 0, 0};
  return a;
}

/* Makes name nm (accumulator a) a candidate, once. */
static inline void propose(vet__cands *c, vet__nacc *a, uint32_t nm) {
  if (a->proposed) return;
  a->proposed = 1;
  c->list[c->n++] = nm;
}

/* Adds the names of token tk's postings; with only_initial, only names that
 * have a one-letter token. Every name of the postings, proposed or not,
 * learns of the pair in its nacc entry (matcher.c's bounds read them when
 * another token proposes the name). */
static void add_postings(vet__cands *c, uint32_t tk, int only_initial) {
  const vet__mindex *idx = c->idx;
  const vet__mtok *t = &idx->toks[tk];
  if ((uint64_t)t->post + t->n_post > idx->h->n_postings) return;
  const uint32_t *p = idx->postings + t->post;
  int joined = (t->flags & VET__MT_JOINED) != 0;
  float cov = t->w * c->tok_sim[tk];
  uint32_t qmask = (uint32_t)c->tok_qmask[tk];
  for (uint32_t i = 0; i < t->n_post; i++) {
    uint32_t nm = p[i];
    if (i + 16 < t->n_post && p[i + 16] < idx->h->n_names) __builtin_prefetch(&c->nacc[p[i + 16]]);
    if (nm >= idx->h->n_names) continue;
    vet__nacc *a = nacc_of(c, nm);
    if (joined) a->joined = 1;
    else {
      a->qmask |= qmask;
      a->cov += cov;
    }
    if (!only_initial || (idx->names[nm].flags & VET__MN_INITIAL)) propose(c, a, nm);
  }
}

/* The similarity at which the scorer would pair the unit with token t as an
 * anchor, 0 when it would not: for a single query token against a token,
 * vet__token_sim() itself (which reads nothing of the name a token stands
 * in but its flags, the same in every name); for runs and joined keys 1,
 * an upper bound. */
static float verify(const look *L, const vet__mtok *t) {
  if (!vet__mtok_ok(L->c->idx, t)) return 0;   /* a damaged file */
  const char *tt = L->c->idx->pool + t->text;
  if (t->flags & VET__MT_JOINED) {
    if (!L->q) return 0;                       /* runs are never compared with runs */
    return vet__string_sim(L->s, L->n, tt, t->len, VET__JOIN_MAX_EDITS) > 0 ||
                   (L->q->alt && vet__string_sim(L->q->alt, L->q->alt_len, tt, t->len, VET__JOIN_MAX_EDITS) > 0)
               ? 1.0f
               : 0.0f;
  }
  if (!L->q)
    return vet__string_sim(L->s, L->n, tt, t->len, VET__JOIN_MAX_EDITS) > 0 ||
                   (L->rskel && vet__run_translit(L->rskel, L->c->idx->pool + t->skel) > 0)
               ? 1.0f
               : 0.0f;
  vet__stok b = {tt, t->len, t->flags, L->c->idx->pool + t->skel, t->w, t->letters, NULL, 0, NULL, 0, 0, 0, 0};
  int how;
  float s = vet__token_sim(L->q, &b, &how);
  return how == VET__HOW_INITIAL ? 0.0f : s;
}

/* What take() does once verify() has said yes, with similarity sim (the
 * replay of the cache). */
static void took(look *L, uint32_t tk, float sim) {
  vet__cands *c = L->c;
  if (c->idx->toks[tk].flags & VET__TOK_TRIVIAL) c->q_trivial |= L->bits;
  if (!vet__cands_hit(c, tk)) {
    c->tok_qmask[tk] = L->bits;
    c->tok_sim[tk] = sim;
    c->tok_hit[tk >> 6] |= (uint64_t)1 << (tk & 63);
    c->verified[c->n_verified++] = tk;
  } else {
    c->tok_qmask[tk] |= L->bits;
    if (sim > c->tok_sim[tk]) c->tok_sim[tk] = sim;
  }
}

/* Handles key token tk found under the unit's hashes. */
static void take(look *L, uint32_t tk) {
  vet__cands *c = L->c;
  const vet__mindex *idx = c->idx;
  if (c->tok_unit[tk] == L->unit) return;
  c->tok_unit[tk] = L->unit;
  const vet__mtok *t = &idx->toks[tk];
  float sim = verify(L, t);
  if (sim <= 0) return;
  if (L->rec) {
    if (L->n_rec < UC_MAX_HITS) {
      L->rec[L->n_rec] = tk;
      L->rec_sim[L->n_rec] = sim;
    }
    L->n_rec++;
  }
  /* Trivial words carry keys (index_build.c) only so that the score bound
   * knows which query tokens may pair with them. */
  took(L, tk, sim);
}

/* The token ids of the keys with hash h, appended to hit[*n] (at most cap). */
static void probe(const vet__mindex *idx, uint32_t h, uint32_t *hit, size_t *n, size_t cap) {
  uint32_t bits = idx->h->dir_bits, d = h >> (32 - bits);
  uint32_t lo = idx->dir[d], hi = idx->dir[d + 1];
  if (hi > idx->h->n_keys) hi = idx->h->n_keys;
  for (uint32_t i = lo; i < hi && *n < cap; i++) {
    if (idx->keys[i].hash != h) {
      if (idx->keys[i].hash > h) break;
      continue;
    }
    uint32_t tk = idx->keys[i].tok;
    if (tk < idx->h->n_tokens) hit[(*n)++] = tk;
  }
}

/* Probes are batched: all hashes of a unit first, then the directory
 * entries and keys are prefetched, so that the cache misses of one unit
 * overlap instead of queueing. */
#define MAX_BATCH 512
typedef struct batch {
  uint32_t h[MAX_BATCH];
  size_t n;
} batch;

static void on_deletion(void *arg, const char *s, size_t n) {
  batch *b = arg;
  if (b->n < MAX_BATCH) b->h[b->n++] = vet__mhash(s, n, 0x9747b28cu);
}

/* The keys of all hashes are gathered first and the per-token state they
 * touch prefetched, then handled in the order found, which is the order of
 * one probe after the other (so the outcome does not depend on batching). */
#define MAX_HITS 1024
static void handle_hits(look *L, const uint32_t *hit, size_t n) {
  vet__cands *c = L->c;
  for (size_t i = 0; i < n; i++) {
    __builtin_prefetch(&c->tok_unit[hit[i]]);
    __builtin_prefetch(&c->idx->toks[hit[i]]);
  }
  /* The token texts verify() compares, once the records are on their way. */
  for (size_t i = 0; i < n; i++) __builtin_prefetch(c->idx->pool + c->idx->toks[hit[i]].text);
  for (size_t i = 0; i < n; i++) take(L, hit[i]);
}

static void run_batch(look *L, batch *b) {
  const vet__mindex *idx = L->c->idx;
  uint32_t bits = idx->h->dir_bits;
  for (size_t i = 0; i < b->n; i++) __builtin_prefetch(&idx->dir[b->h[i] >> (32 - bits)]);
  for (size_t i = 0; i < b->n; i++) __builtin_prefetch(&idx->keys[idx->dir[b->h[i] >> (32 - bits)]]);
  uint32_t hit[MAX_HITS];
  size_t nh = 0;
  for (size_t i = 0; i < b->n; i++) {
    size_t before = nh;
    probe(idx, b->h[i], hit, &nh, MAX_HITS);
    if (nh == MAX_HITS) {   /* full: handle what is there and probe this hash again */
      handle_hits(L, hit, before);
      nh = 0;
      probe(idx, b->h[i], hit, &nh, MAX_HITS);
      if (nh == MAX_HITS) {   /* one hash alone fills it: take its keys directly */
        nh = 0;
        uint32_t d = b->h[i] >> (32 - bits), lo = idx->dir[d], hi = idx->dir[d + 1];
        if (hi > idx->h->n_keys) hi = idx->h->n_keys;
        for (uint32_t k = lo; k < hi; k++) {
          if (idx->keys[k].hash != b->h[i]) {
            if (idx->keys[k].hash > b->h[i]) break;
            continue;
          }
          if (idx->keys[k].tok < idx->h->n_tokens) take(L, idx->keys[k].tok);
        }
      }
    }
  }
  handle_hits(L, hit, nh);
  b->n = 0;
}

/* The unit cache's key of query token t: everything of it the probe and
 * verify() read — its text, vowelless or not, its skeleton, its joined
 * spelling, its alias (text, similarity, how) and its initials' letters —
 * as 32-bit words (the last one padded with zeros) into key[0..cap).
 * Returns the word count, 0 when it does not fit. */
static size_t uc_key(const vet__stok *t, uint32_t *key, size_t cap) {
  size_t sl = strlen(t->skel), al = t->alt ? t->alt_len : 0, sa = t->alias ? t->alias_len : 0;
  size_t head = 4 + sizeof t->alias_sim + sizeof t->firsts;   /* flags, how, pad; sim; firsts */
  size_t n = head + (size_t)t->len + 1 + sl + 1 + al + 1 + sa + 1;
  size_t words = (n + 3) / 4;
  if (words > cap) return 0;
  char *b = (char *)key;
  memset(b, 0, words * 4);
  b[0] = (t->flags & VET__TOK_VOWELLESS) ? 'v' : 'l';
  b[1] = t->alias ? (char)(1 + t->alias_how) : 0;
  size_t k = 4;
  float sim = t->alias ? t->alias_sim : 0;
  memcpy(b + k, &sim, sizeof sim);
  k += sizeof sim;
  memcpy(b + k, &t->firsts, sizeof t->firsts);
  k += sizeof t->firsts;
  memcpy(b + k, t->text, t->len);
  k += t->len + 1;
  memcpy(b + k, t->skel, sl);
  k += sl + 1;
  if (al) memcpy(b + k, t->alt, al);
  k += al + 1;
  if (sa) memcpy(b + k, t->alias, sa);
  return words;
}

static uint32_t uc_hash(const uint32_t *key, size_t words) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < words; i++) h = (h ^ key[i]) * 16777619u;
  return h ^ (h >> 15);
}

/* An entry at uc_data[off]: the key's word count, the key, the number of
 * tokens n, the tokens, then their n similarities (floats' bits). Returns
 * the entry's token count and *toks, or -1 when the key is not cached. */
static long uc_find(const vet__cands *c, uint32_t h, const uint32_t *key, size_t words,
                    const uint32_t **toks) {
  size_t mask = ((size_t)1 << UC_BITS) - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t v = c->uc_slot[i];
    if (!v) return -1;
    if ((uint32_t)(v >> 32) != h) continue;
    const uint32_t *e = c->uc_data + (uint32_t)v - 1;
    if (e[0] != words || memcmp(e + 1, key, words * 4)) continue;
    *toks = e + 2 + words;
    return (long)e[1 + words];
  }
}

/* Stores key -> toks[0..n) and sims[0..n) (n ≤ UC_MAX_HITS); empties the
 * cache first when it is full. */
static void uc_store(vet__cands *c, uint32_t h, const uint32_t *key, size_t words,
                     const uint32_t *toks, const float *sims, size_t n) {
  size_t need = 2 + words + 2 * n;
  if (need > UC_WORDS / 4) return;
  if (c->uc_len + need > UC_WORDS || c->uc_used + 1 > ((size_t)1 << UC_BITS) / 2) {
    memset(c->uc_slot, 0, ((size_t)1 << UC_BITS) * sizeof *c->uc_slot);
    c->uc_used = 0;
    c->uc_len = 0;
  }
  uint32_t *e = c->uc_data + c->uc_len;
  e[0] = (uint32_t)words;
  memcpy(e + 1, key, words * 4);
  e[1 + words] = (uint32_t)n;
  memcpy(e + 2 + words, toks, n * sizeof *toks);
  memcpy(e + 2 + words + n, sims, n * sizeof *sims);
  size_t mask = ((size_t)1 << UC_BITS) - 1, i = h & mask;
  while (c->uc_slot[i]) i = (i + 1) & mask;
  c->uc_slot[i] = ((uint64_t)h << 32) | (uint64_t)(c->uc_len + 1);
  c->uc_used++;
  c->uc_len += need;
}

void vet__cands_probe(vet__cands *c, const vet__stok *q, size_t nq) {
  if (nq > 64) nq = 64;
  uint64_t unit = 0;
  look L = {c, NULL, NULL, 0, 0, 0, NULL, NULL, NULL, 0};
  batch B;
  B.n = 0;
  uint32_t key[128], rec[UC_MAX_HITS];
  float rec_sim[UC_MAX_HITS];
  for (size_t i = 0; i < nq; i++, unit++) {
    L.q = &q[i];
    L.s = q[i].text;
    L.n = q[i].len;
    L.unit = ((uint64_t)c->gen << 8) | unit;
    L.bits = (uint64_t)1 << i;
    size_t words = uc_key(&q[i], key, sizeof key / sizeof *key);
    uint32_t h = words ? uc_hash(key, words) : 0;
    if (words) {
      const uint32_t *toks;
      long n = uc_find(c, h, key, words, &toks);
      if (n >= 0) {
        for (long k = 0; k < n; k++) {
          float sim;
          memcpy(&sim, &toks[n + k], sizeof sim);
          took(&L, toks[k], sim);
        }
        continue;
      }
    }
    L.rec = words ? rec : NULL;
    L.rec_sim = rec_sim;
    L.n_rec = 0;
    vet__deletions(q[i].text, q[i].len, vet__max_edits(q[i].len), on_deletion, &B);
    /* Both skeleton forms (vet__skel_match): the index holds both of every token. */
    size_t sl = strlen(q[i].skel);
    char col[VET__SKEL_MAX];
    size_t cl = vet__skeleton_collapse(q[i].skel, col, sizeof col);
    if (sl >= 2 && B.n < MAX_BATCH) B.h[B.n++] = vet__skel_hash(q[i].skel, sl);
    if (cl >= 2 && cl != sl && B.n < MAX_BATCH) B.h[B.n++] = vet__skel_hash(col, cl);
    /* The alias (matcher.c) is one token of the index, found by its text. */
    if (q[i].alias && B.n < MAX_BATCH) B.h[B.n++] = vet__mhash(q[i].alias, q[i].alias_len, 0x9747b28cu);
    /* A one-letter skeleton probes the other side's key (vet__skel1_key). */
    char k1[2];
    size_t l1 = vet__skel1_key(q[i].skel, !(q[i].flags & VET__TOK_VOWELLESS), k1);
    if (l1 && B.n < MAX_BATCH) B.h[B.n++] = vet__skel_hash(k1, l1);
    /* The joined spelling meets joined keys only, with no edits. */
    if (q[i].alt && B.n < MAX_BATCH) B.h[B.n++] = vet__mhash(q[i].alt, q[i].alt_len, 0x9747b28cu);
    run_batch(&L, &B);
    if (L.rec && L.n_rec <= UC_MAX_HITS) uc_store(c, h, key, words, rec, rec_sim, L.n_rec);
    L.rec = NULL;
  }
  char buf[256];
  for (size_t len = 2; len <= VET__JOIN_MAX; len++)
    for (size_t i = 0; i + len <= nq; i++, unit++) {
      size_t l = 0;
      int fits = 1;
      for (size_t j = i; j < i + len; j++) {
        if (l + q[j].len >= sizeof buf) fits = 0;
        if (!fits) break;
        memcpy(buf + l, q[j].text, q[j].len);
        l += q[j].len;
      }
      if (!fits) continue;
      L.q = NULL;
      L.s = buf;
      L.n = l;
      L.unit = ((uint64_t)c->gen << 8) | (unit & 0xff);
      L.bits = (((uint64_t)1 << len) - 1) << i;
      int k = vet__max_edits(l);
      if (k > VET__JOIN_MAX_EDITS) k = VET__JOIN_MAX_EDITS;
      vet__deletions(buf, l, k, on_deletion, &B);
      /* A vowelless run meets name tokens by skeleton too (score.c): both
       * forms of its skeleton, as the index holds both of every token's. */
      int vl = 1;
      for (size_t j = i; j < i + len; j++) vl &= (q[j].flags & VET__TOK_VOWELLESS) != 0;
      char rsk[VET__SKEL_MAX], col[VET__SKEL_MAX];
      L.rskel = NULL;
      if (vl) {
        size_t sl = vet__skeleton(buf, l, rsk, sizeof rsk);
        size_t cl = vet__skeleton_collapse(rsk, col, sizeof col);
        if (cl >= 3) {
          L.rskel = rsk;
          if (B.n < MAX_BATCH) B.h[B.n++] = vet__skel_hash(rsk, sl);
          if (cl != sl && B.n < MAX_BATCH) B.h[B.n++] = vet__skel_hash(col, cl);
        }
      }
      run_batch(&L, &B);
    }
}

void vet__cands_add_initial_names(vet__cands *c) {
  const vet__mindex *idx = c->idx;
  for (uint32_t nm = 0; nm < idx->h->n_names; nm++)
    if (idx->names[nm].flags & VET__MN_INITIAL) propose(c, nacc_of(c, nm), nm);
}

void vet__cands_collect(vet__cands *c, uint64_t skip) {
  /* Postings last, so that each token's full query mask is known. A token
   * paired only with skipped query tokens still proposes the names that have
   * a one-letter token: any other query token may pair with that initial
   * without the index, so the skip's bound does not hold for them. */
  for (size_t i = 0; i < c->n_verified; i++) {
    uint32_t tk = c->verified[i];
    add_postings(c, tk, !(c->tok_qmask[tk] & ~skip));
  }
}
