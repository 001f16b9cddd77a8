/* matcher.h — internal interface of the matcher (matcher.c, query.c,
 * prune.c, lookup.c, adjust.c, match_json.c, match_ext.c).
 *
 * A vet__mstate is what the snapshot extension keeps for an open snapshot:
 * the parsed dictionary and the mapped index (whose bound records the
 * matcher reads through the state). It is immutable once made and
 * shared by every matcher of the snapshot. */
#ifndef VET_MATCH_MATCHER_H
#define VET_MATCH_MATCHER_H
#include "vet.h"
#include "match/index.h"
#include "match/score.h"
#include "core/arena.h"

typedef struct vet__mstate {
  vet__dict *dict;
  vet__mindex idx;            /* with the bound records idx.firsts, idx.btok, idx.nbound */
} vet__mstate;

/* Parses the dictionary text and maps the index blob (both borrowed; the blob
 * must outlive the state). The caller frees *out with vet__mstate_free(). */
int vet__mstate_new(const char *dict, size_t dict_n, const void *blob, uint64_t blob_n,
                    vet__mstate **out, vet_error *err);
void vet__mstate_free(vet__mstate *st);

/* A matcher over a state (borrowed); what vet_matcher_new() does once it has
 * found the state in the snapshot. NULL on ENOMEM. */
vet_matcher *vet__matcher_new_state(const vet__mstate *st);

/* vet_screen() with the candidate index (exhaustive = 0) or by scoring every
 * name of the snapshot (exhaustive = 1: the reference model of the tests). */
int vet__screen(vet_matcher *m, const vet_query *q, int exhaustive, const vet_match **out,
                size_t *n_out, vet_error *err);

/* The names the index proposes for the last normalized query: candidate name
 * ids into *out (borrowed from the matcher, valid until the next call). */
int vet__candidates(vet_matcher *m, const char *name, const uint32_t **out, size_t *n);

/* The name score of name `id` against the query of the last
 * vet__candidates() or vet__screen() call (the reference model's scan). */
double vet__score_name(vet_matcher *m, uint32_t id);

/* Scores query text `a` against `b` with the weights of the matcher's
 * snapshot (for the benchmark and tests); org as in vet__score(). Fills *r
 * when not NULL. */
double vet__score_texts(vet_matcher *m, const char *a, const char *b, int org, vet__sresult *r);

/* The candidate set of one query (lookup.c). All arrays are owned and sized
 * by the snapshot's counts; `gen` stamps make resetting free. */
/* Per name, for the query of generation gen: what the postings of the
 * verified tokens say about it, proposed or not. */
typedef struct vet__nacc {
  uint32_t gen;
  uint32_t qmask;            /* the query tokens its tokens pair with (tok_qmask) */
  float cov;                 /* the sum of weight x best similarity of those tokens */
  uint8_t proposed;          /* in the candidate list */
  uint8_t joined;            /* one of its runs is a verified joined key */
  uint16_t pad;
} vet__nacc;

typedef struct vet__cands {
  const vet__mindex *idx;
  uint32_t gen;
  vet__nacc *nacc;           /* per name */
  uint32_t *list;            /* the proposed names, in the order found */
  size_t n;
  uint64_t *tok_unit;        /* per token: gen << 8 | unit of its last verification */
  uint64_t *tok_hit;         /* bit per token: it paired with some query unit of this query
                              * (cleared through `verified` when the next query begins) */
  uint64_t *tok_qmask;       /* per token: the query tokens it pairs with (when its bit is set) */
  float *tok_sim;            /* per token: the best similarity of its pairs (when its bit is set) */
  uint32_t *verified;        /* the tokens that paired this query */
  size_t n_verified;
  uint64_t q_trivial;        /* query tokens that pair with a trivial word (legal form, ...) */
  /* The unit cache (lookup.c): for a query token as the probe sees it, the
   * index tokens it verified, in order; kept across queries. */
  uint64_t *uc_slot;         /* hash << 32 | (offset + 1) into uc_data; 0 empty */
  size_t uc_used;            /* slots in use */
  uint32_t *uc_data;         /* entries (see lookup.c) */
  size_t uc_len;             /* uint32 words of uc_data in use */
} vet__cands;

int vet__cands_init(vet__cands *c, const vet__mindex *idx);
void vet__cands_free(vet__cands *c);
/* Starts a new query: forgets the previous candidates. */
void vet__cands_begin(vet__cands *c);
/* Finds the tokens of the index that pair with query tokens q[0..nq) (and
 * sets q_trivial); then vet__cands_collect() adds the names they propose:
 * every name that shares an anchor with the query, except, when `skip` is
 * not 0, names reached only through tokens paired with query tokens in the
 * mask `skip` (matcher.c chooses a mask whose tokens cannot reach the
 * threshold alone). */
void vet__cands_probe(vet__cands *c, const vet__stok *q, size_t nq);
void vet__cands_collect(vet__cands *c, uint64_t skip);
/* Adds every name that has a one-letter token (VET__MN_INITIAL): the
 * candidates of a query made of initials only, whose letters anchor
 * (score.h) but have no postings. A walk over all names; such queries are
 * rare. */
void vet__cands_add_initial_names(vet__cands *c);
/* 1 when token tk paired with some query unit of this query. */
static inline int vet__cands_hit(const vet__cands *c, uint32_t tk) {
  return (int)((c->tok_hit[tk >> 6] >> (tk & 63)) & 1);
}

/* Adjustments for entity `e` of the index against query q (adjust.c);
 * query_org is 1 when the query name reads as an organization (matcher.c).
 * Writes up to cap entries to adj and returns how many; *delta receives
 * their sum. */
size_t vet__adjust(const vet__mindex *idx, uint32_t e, const vet_query *q, int query_org,
                   vet_adjustment *adj, size_t cap, double *delta);

/* ---- the matcher (matcher.c), its query (query.c) and its bounds (prune.c) */

/* Per entity, for the call of generation stamp: its best name and score. */
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
  uint64_t q_bfree;        /* the same for the bounds (prune.c), less the one-letter tokens a-z */
  uint64_t q_by_letter[26];/* the one-letter query tokens, by letter */
  uint32_t q_first;        /* first letters of the query tokens (bit per letter) */
  uint32_t q_initials;     /* letters of the query's one-letter tokens */
  int q_org;               /* the query's first or last token is a legal form */
  int q_one_other;         /* the query has a one-character token that is no letter a-z */
  int q_ones;              /* its one-character tokens */
  uint64_t q_letters;      /* its one-letter tokens a-z that are no trivial word */
  uint64_t q_drop;         /* its initials the scorer may leave out (vet__initials_droppable()) */
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

/* Fills q from a normalized name, with weights, and ids[i] with the token id
 * of q[i] (UINT32_MAX when no listed name holds it). Returns the count. */
size_t vet__query_weigh(vet_matcher *m, const vet__nname *nm, vet__stok *q, uint32_t *ids);
/* Replaces each token of q[0..n) that dotted initials of `raw` made ("J.P."
 * → "jp") and no listed name holds by its letters (query.c); ids follow.
 * q has room for VET__NAME_MAX_TOKENS. Returns the new count. */
size_t vet__query_split_dotted(vet_matcher *m, const char *raw, vet__stok *q, size_t n, uint32_t *ids);
/* Other forms for the words of q[0..n) that join two words (query.c);
 * alternatives are written to store[0..cap). */
void vet__query_joined_alt(vet_matcher *m, vet__stok *q, size_t n, const uint32_t *ids, char *store, size_t cap);
/* Normalizes and weighs `name` into m->q and sets what the bounds must know
 * of it; starts a new candidate set. 0 or a vet_status. */
int vet__query_prepare(vet_matcher *m, const char *name);

/* The query side of vet__prune_pre_bound(), cached by mask across one call's candidates. */
typedef struct vet__qmemo {
  uint64_t mask;
  double cq;
} vet__qmemo;

uint64_t vet__prune_skip_mask(const vet_matcher *m, double prune);
double vet__prune_pre_bound(const vet_matcher *m, uint32_t id, vet__qmemo *memo);
double vet__prune_bound(const vet_matcher *m, uint32_t id);
#endif
