/* prune.c — the upper bounds of the name score that let vet_screen() skip
 * names which cannot reach the threshold or the current top K, without
 * changing any result (docs/MATCHING.md §4; tests/unit/test_index_vs_scan.c
 * compares with the exhaustive scan):
 *   vet__prune_skip_mask  query tokens whose postings need not be followed
 *                         (MaxScore);
 *   vet__prune_pre_bound  per candidate, from sums kept while collecting
 *                         postings and the index's per-name records;
 *   vet__prune_bound      per candidate, from its tokens and the pairs the
 *                         index verified.
 * Each bound is argued where it is computed. Stateless (reads the matcher). */
#include "match/matcher.h"

#include <string.h>

/* 1 if query token i is an initial the scorer may leave out (score.h). */
static int droppable(const vet_matcher *m, size_t i) { return i < 64 && ((m->q_drop >> i) & 1); }

/* The query tokens whose names cannot reach `prune` through them alone
 * (MaxScore): a name paired only with tokens of the mask P (plus the tokens
 * that pair without the index, q_free) covers at most
 * cq = w(P)/(w(P) + Σ d_i·w_i over the other tokens), d_i the middle-name
 * discount (vet__q_keep_min()), and score.c's score is at most vet__score_bound(cq, 1), so
 * names below `prune` that way are skipped. P grows from the lightest token.
 * Names with a one-letter token are never skipped (lookup.c): any query
 * token may pair with their initial. */
uint64_t vet__prune_skip_mask(const vet_matcher *m, double prune) {
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
        miss += m->q[i].w * vet__q_keep_min(&m->q[i], i, m->nq, m->qn.vowelless, droppable(m, i));
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
    if (!vet__mtok_ok(idx, &idx->toks[t])) return -1;   /* a damaged file: no bound */
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
 * weight it keeps when left unmatched (MIDDLE_DISCOUNT, VET__SHORT_KEEP for
 * a short word, or vet__q_keep_min(); 1 elsewhere): score.c adds either w·s' ≤ w·s and w (paired) or 0 and
 * w·d' ≥ w·d (unmatched). Against the paired case the bound's covered part
 * is not smaller and its total not larger. Against the unmatched case: when
 * s ≤ d, the covered part is larger and the total no larger; when s > d,
 * (N + w·s) / (D + w·s) ≥ N / D ≥ N / (D + w·d') for the rest's N ≤ D. Every
 * token adds no more to the covered part than to the total, so N ≤ D holds
 * throughout and the coverage never exceeds 1. With s = 1 this is the
 * bound before similarities were kept: w and w. */
double vet__prune_bound(const vet_matcher *m, uint32_t id) {
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
  const vet__btok *bt = m->st->idx.btok + nm->tok;
  const uint32_t *ids = idx->name_toks + nm->tok;
  for (uint32_t i = 0; i < nm->n_tok; i++) {
    const vet__btok *b = &bt[i];
    uint32_t t = ids[i] & VET__NT_ID;
    if ((b->flags & VET__BT_BAD) || t >= idx->h->n_tokens) return 2;   /* the records come from the file */
    double w = b->w, d = vet__n_keep_min(i, nm->n_tok, (b->flags & VET__BT_SHORT) != 0);
    /* A one-letter query token pairs (vet__token_sim, as an initial or the
     * same letter) only with a name token one of whose spellings starts
     * with its letter (idx.firsts), or inside a run of query tokens: runs
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
      n_extra |= !(b->flags & VET__BT_SHORT);
    }
  }
  double q_cov = 0, q_tot = 0, q_tot_full = 0;
  int q_extra = 0;
  for (size_t i = 0; i < m->nq; i++) {
    double w = m->q[i].w, keep = vet__q_keep_min(&m->q[i], i, m->nq, m->qn.vowelless, droppable(m, i));
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
      q_extra |= !(m->q[i].flags & VET__TOK_TRIVIAL) && !vet__tok_short(&m->q[i]) && !droppable(m, i);
    }
    q_tot_full += w;
  }
  if (q_extra && n_extra && m->nq <= VET__NAME_MAX_TOKENS && nm->n_tok <= VET__NAME_MAX_TOKENS) {
    /* A substitution for sure: a meaningful query token that pairs with
     * nothing and a name token counted as missed (never trivial) that
     * pairs with nothing, neither of them a short word or an initial
     * the scorer may leave out (score.h: those make no substitution), so
     * score.c leaves both unmatched and scores
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
  if (m->st->idx.nbound[id].firsts & VET__NB_ORG) return vet__score_bound_org(cq, cn);
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
double vet__prune_pre_bound(const vet_matcher *m, uint32_t id, vet__qmemo *memo) {
  const vet__nacc *a = &m->cands.nacc[id];
  const vet__nbound *nb = &m->st->idx.nbound[id];
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
        qt += w * vet__q_keep_min(&m->q[i], i, m->nq, m->qn.vowelless, droppable(m, i));
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
