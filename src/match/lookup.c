/* lookup.c — the names the index proposes for a query.
 *
 * For each query token, and for each run of two or three adjacent query
 * tokens joined into one string, the strings made by deleting up to the
 * allowed number of bytes are hashed and looked up among the keys
 * (index.h); each token found is verified with the scorer's own similarity
 * (so a hash collision costs a comparison, never a wrong candidate), and the
 * postings of every verified token join the candidate set. Each query token's
 * skeleton is looked up too (transliteration pairs).
 *
 * Why this is complete with respect to the scorer (docs/MATCHING.md has the
 * full argument): a name scores above 0 only with an anchor; an anchor is a
 * name token (or joined run of name tokens) whose postings hold the name, at
 * exact/typo distance d ≤ the allowed edits from a query token or joined run
 * of query tokens, or with the same skeleton. Within d edits, each side needs
 * at most d ≤ its own allowance of deletions to reach a common string, and
 * both sides' deletion sets were generated up to their own allowance. */
#include "match/matcher.h"

#include <string.h>

typedef struct look {
  const vet__mindex *idx;
  const vet__stok *q;      /* the single query token, or NULL for a joined run */
  const char *s;           /* the looked-up string */
  size_t n;
  uint32_t gen;
  uint32_t *name_stamp, *cands;
  size_t *ncands;
} look;

static void add_postings(look *L, const vet__mtok *t) {
  const vet__mindex *idx = L->idx;
  if ((uint64_t)t->post + t->n_post > idx->h->n_postings) return;
  const uint32_t *p = idx->postings + t->post;
  for (uint32_t i = 0; i < t->n_post; i++) {
    uint32_t nm = p[i];
    if (nm >= idx->h->n_names || L->name_stamp[nm] == L->gen) continue;
    L->name_stamp[nm] = L->gen;
    L->cands[(*L->ncands)++] = nm;
  }
}

/* 1 if the scorer would pair the looked-up string with token t as an anchor. */
static int verify(const look *L, const vet__mtok *t) {
  const char *tt = L->idx->pool + t->text;
  if (t->flags & VET__MT_JOINED) {
    if (!L->q) return 0;                       /* runs are never compared with runs */
    return vet__string_sim(L->s, L->n, tt, t->len, VET__JOIN_MAX_EDITS) > 0;
  }
  if (!L->q) return vet__string_sim(L->s, L->n, tt, t->len, VET__JOIN_MAX_EDITS) > 0;
  vet__stok b = {tt, t->len, t->flags, L->idx->pool + t->skel, t->w};
  int how;
  float s = vet__token_sim(L->q, &b, &how);
  return s > 0 && how != VET__HOW_INITIAL;
}

static void probe(look *L, uint32_t h) {
  const vet__mindex *idx = L->idx;
  uint32_t bits = idx->h->dir_bits, d = h >> (32 - bits);
  uint32_t lo = idx->dir[d], hi = idx->dir[d + 1];
  if (hi > idx->h->n_keys) hi = idx->h->n_keys;
  for (uint32_t i = lo; i < hi; i++) {
    if (idx->keys[i].hash != h) {
      if (idx->keys[i].hash > h) break;
      continue;
    }
    uint32_t tk = idx->keys[i].tok;
    if (tk >= idx->h->n_tokens) continue;
    const vet__mtok *t = &idx->toks[tk];
    if (verify(L, t)) add_postings(L, t);
  }
}

static void on_deletion(void *arg, const char *s, size_t n) {
  probe(arg, vet__mhash(s, n, 0x9747b28cu));
}

int vet__candidates_for(vet_matcher *m, uint32_t gen, uint32_t *name_stamp, uint32_t *cands,
                        size_t *ncands, const vet__stok *q, size_t nq);

/* The state is reached through the matcher; see matcher.h. */
const vet__mindex *vet__matcher_index(const vet_matcher *m);

int vet__candidates_for(vet_matcher *m, uint32_t gen, uint32_t *name_stamp, uint32_t *cands,
                        size_t *ncands, const vet__stok *q, size_t nq) {
  look L = {vet__matcher_index(m), NULL, NULL, 0, gen, name_stamp, cands, ncands};
  for (size_t i = 0; i < nq; i++) {
    L.q = &q[i];
    L.s = q[i].text;
    L.n = q[i].len;
    vet__deletions(q[i].text, q[i].len, vet__max_edits(q[i].len), on_deletion, &L);
    size_t sl = strlen(q[i].skel);
    if (sl >= 2) probe(&L, vet__skel_hash(q[i].skel, sl));
  }
  char buf[256];
  for (size_t len = 2; len <= VET__JOIN_MAX; len++)
    for (size_t i = 0; i + len <= nq; i++) {
      size_t l = 0;
      for (size_t j = i; j < i + len && l + q[j].len < sizeof buf; j++) {
        memcpy(buf + l, q[j].text, q[j].len);
        l += q[j].len;
      }
      L.q = NULL;
      L.s = buf;
      L.n = l;
      int k = vet__max_edits(l);
      if (k > VET__JOIN_MAX_EDITS) k = VET__JOIN_MAX_EDITS;
      vet__deletions(buf, l, k, on_deletion, &L);
    }
  return 0;
}
