/* score.h — scoring one normalized query against one normalized name.
 *
 * The scorer knows nothing of snapshots: it takes two token arrays whose
 * weights the caller has set (IDF over the loaded names, see index.h) and
 * returns a score in [0, 1] with the alignment that explains it. The rules
 * are in docs/MATCHING.md; the one the candidate index relies on is the
 * anchor rule: a score is 0 unless some aligned pair is an anchor — a pair
 * whose name side is one non-trivial token of two letters or more matched
 * as exact, variant, typo or transliteration, or a run of two or three name
 * tokens matched joined. Initials, legal forms, particles and stop words
 * never anchor — except in a name that has no other token: there every
 * token may anchor; and in a query of initials only (vet__initials_only()),
 * whose letters anchor on the same letters in a name. */
#ifndef VET_MATCH_SCORE_H
#define VET_MATCH_SCORE_H
#include <stddef.h>
#include <stdint.h>
#include "normalize/normalize.h"

/* A token ready for scoring. Strings are borrowed. */
typedef struct vet__stok {
  const char *text;
  uint16_t len;
  uint8_t flags;        /* VET__TOK_* */
  const char *skel;
  float w;              /* weight (IDF-based, see index.h) */
  uint32_t letters;     /* vet__letters() of text, or 0 when not computed */
  const char *alt;      /* query tokens only: the word as two joined words, each
                         * normalized on its own ("rafikmohamad" → "rafikmuhammad"),
                         * compared with runs of name tokens; NULL when none */
  uint16_t alt_len;
  const char *alias;    /* query tokens only: a word no listed name holds that is
                         * one typo from a dictionary spelling ("meudi" ~ mehdi):
                         * the canonical token of that spelling's class ("mahdi"),
                         * which pairs with the word at alias_sim; or the one token
                         * a joined word reads as ("pteltd" ~ "ltd"); NULL when none */
  uint16_t alias_len;
  float alias_sim;
  uint8_t alias_how;    /* VET__HOW_TYPO or VET__HOW_JOINED */
  uint32_t firsts;      /* letters (bit 0 = 'a') an initial of this token may be
                         * written with: its own first letter and those of the
                         * other spellings of its dictionary class; 0 = only
                         * text[0] */
} vet__stok;

/* The set of letters of s[0..n) as bits (a byte's low five bits): two tokens
 * within d edits differ in at most 2·d bits of it. */
static inline uint32_t vet__letters(const char *s, size_t n) {
  uint32_t m = 0;
  for (size_t i = 0; i < n; i++) m |= 1u << ((unsigned char)s[i] & 31);
  return m;
}

/* 1 if letter c is among the letters of mask `firsts` (vet__stok.firsts). */
static inline int vet__initial_of(char c, uint32_t firsts) {
  return c >= 'a' && c <= 'z' && (firsts >> (c - 'a') & 1u);
}

static inline int vet__popcount(uint32_t x) {
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  return (int)((((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24);
}

enum {
  VET__HOW_EXACT = 0,
  VET__HOW_VARIANT,
  VET__HOW_TYPO,
  VET__HOW_TRANSLIT,
  VET__HOW_INITIAL,
  VET__HOW_JOINED,
  VET__HOW_MISSING,     /* a name token with no partner */
  VET__HOW_EXTRA,       /* a query token with no partner */
  VET__HOW_COUNT
};
/* "exact", "variant", ... as in vet_token_match.how. Static storage. */
const char *vet__how_name(int how);

/* One aligned pair: query tokens [q0, q1) with name tokens [n0, n1); one side
 * has one token unless how is JOINED. Unpaired tokens appear with q0 == q1
 * (MISSING) or n0 == n1 (EXTRA). */
typedef struct vet__spair {
  uint8_t q0, q1, n0, n1;
  uint8_t how;
  float sim;
  float share;          /* this pair's share of the name score */
  float kept;           /* an unmatched token: the share of its weight that counts; 1 for a pair */
} vet__spair;

#define VET__MAX_PAIRS (2 * VET__NAME_MAX_TOKENS)

typedef struct vet__sresult {
  double score;         /* name score in [0, 1] */
  double cov_q, cov_n;  /* weighted coverage of the query and of the name */
  int anchored;
  size_t npairs;
  vet__spair pairs[VET__MAX_PAIRS];
} vet__sresult;

/* Scores query tokens q[0..nq) against name tokens n[0..nn). `org` is 1 when
 * the listed entity is not a person (extra words then cost more). Fills *r
 * when r is not NULL (with the alignment) and returns the score. */
double vet__score(const vet__stok *q, size_t nq, const vet__stok *n, size_t nn, int org,
                  vet__sresult *r);

/* 1 if the query q[0..nq) is made of initials only: it has a token that is
 * no trivial word, and each such token is one letter a-z ("Z", "J. P.").
 * Then a letter that meets the same letter as a listed name's token is an
 * anchor: there is nothing else to anchor on, and OFAC's own search scores
 * "Z" against "ALBARRAQ Z" 100. */
int vet__initials_only(const vet__stok *q, size_t nq);

/* 1 if some token of n[0..nn) is non-trivial with two letters or more. */
int vet__name_has_anchorable(const vet__stok *n, size_t nn);

/* 1 if two skeletons meet: equal with at least two letters, or equal with
 * at least two letters once repeated letters are kept once. */
int vet__skel_match(const char *a, const char *b);

/* 1 if a and b, one of them written in a vowelless script (and not a
 * dictionary form) and the other not, have the same one-letter skeleton
 * and the same shape: the Latin one
 * has three letters or more, the vowelless one two or more, both begin with
 * a vowel or both do not, both end with a vowel (y and w count) or both do
 * not ("ady" = "uday"; similarity.c). */
int vet__skel1_match(const vet__stok *a, const vet__stok *b);
/* The index key form of a one-letter skeleton: the letter and a mark of the
 * token's side ('1' vowelless, '0' not), into out; returns 2, or 0 when
 * skel is not one letter. The index keys each token under its own side; a
 * query token probes the other side's form, since vet__skel1_match() pairs
 * a vowelless token only with a Latin one. */
size_t vet__skel1_key(const char *skel, int vowelless, char out[2]);

/* Similarity of a run of query tokens written in a vowelless script, joined,
 * whose skeleton is run_skel, and one name token with skeleton name_skel:
 * 0.9 when the skeletons meet (vet__skel_match) and the run's has three
 * letters or more once repeats are kept once ("khyr allh" = "Khayrallah"),
 * 0.95 with four or more, else 0 (similarity.c). */
float vet__run_translit(const char *run_skel, const char *name_skel);

/* Similarity of two single tokens (similarity.c); *how is set when > 0. */
float vet__token_sim(const vet__stok *a, const vet__stok *b, int *how);
/* Typo similarity of two strings with at most min(maxd_cap, allowed) edits. */
float vet__string_sim(const char *a, size_t la, const char *b, size_t lb, int maxd_cap);
int vet__edit_distance(const char *a, size_t la, const char *b, size_t lb, int maxd);
/* Edits allowed for a token of `len` bytes: 0 up to 3, 1 up to 5, else 2. */
int vet__max_edits(size_t len);

/* The weight kept by an unmatched middle token in an omission: a person's
 * middle name or patronymic is often left out. A company's middle word is
 * not (VET__MIDDLE_KEEP_ORG): behind it the legal form makes every word of
 * "METRO SUPREME INTERNATIONAL LTD." but the first a middle one, and at
 * 0.35 "Metro Ltd." reached it (0.86), "Vertex S.r.l." reached "VERTEX
 * PROPERTIES EOOD" (0.91). The least of the two is what the bounds use. */
#define VET__MIDDLE_DISCOUNT 0.35
#define VET__MIDDLE_KEEP_ORG 0.8
/* 1 if token i of a name of n tokens is a middle one: neither first nor
 * last, in a name of three tokens or more. */
static inline int vet__middle(size_t i, size_t n) { return n >= 3 && i > 0 && i + 1 < n; }
/* The share of its weight that unmatched query token i of nq keeps in an
 * omission: VET__MIDDLE_DISCOUNT for a middle token (neither first nor
 * last) of a name of three tokens or more; when the query was written in a
 * vowelless script (`vowelless`), VET__NASAB_DISCOUNT for any token but the
 * first of such a name; else 1. An Arabic name strings the given name, the
 * father's, the grandfather's and a family or tribal name; Latin lists often
 * keep two of them (the UN's "عبد الروف ذاکر" is the SDN's "RAUF, Abdul",
 * without the father's name Zakir). score.c and the matcher's bounds
 * (matcher.c) both use it. */
#define VET__NASAB_DISCOUNT 0.35
static inline double vet__q_keep(size_t i, size_t nq, int vowelless) {
  if (nq < 3 || i == 0) return 1.0;
  if (vowelless) return VET__NASAB_DISCOUNT;
  return i + 1 < nq ? VET__MIDDLE_DISCOUNT : 1.0;
}
/* Short words that pair with nothing: a word of two letters ("UN" in "KIM
 * JONG UN", "Yo" in "KIM, Yo Jong": syllables of Korean and Chinese given
 * names) is weak evidence of another person when the rest of the query
 * pairs with a listed person's name, its surname included (score.c,
 * short_weak()). Then it makes no substitution and keeps VET__SHORT_KEEP
 * of its weight, on either side. Initials are not short words: an initial
 * that meets no given name ("Hans O Friedrich" / "Hans Joachim
 * Friedrich") is evidence of another person. */
#define VET__SHORT_KEEP 0.35
/* 1 if a token of len bytes with flags VET__TOK_* is such a short word; the
 * index's bound records (bounds.c) mark its tokens with the same test. */
static inline int vet__short_word(size_t len, unsigned flags) {
  return len == 2 && !(flags & (VET__TOK_TRIVIAL | VET__TOK_NUMBER));
}
static inline int vet__tok_short(const vet__stok *t) { return vet__short_word(t->len, t->flags); }
/* 1 if t is an initial: one letter a-z, no trivial word. */
static inline int vet__tok_initial(const vet__stok *t) {
  return t->len == 1 && t->text[0] >= 'a' && t->text[0] <= 'z' && !(t->flags & VET__TOK_TRIVIAL);
}
/* A query of initials and a surname ("J.P. MORGAN") whose words all pair
 * with the listed person's surname and one of whose initials pairs with a
 * given name leaves its other initials out: they keep VET__INITIAL_KEEP of
 * their weight and make no substitution (score.c, initials_weak()). */
#define VET__INITIAL_KEEP 0.0
/* The initials of query q[0..nq) that the rule may leave out, as a bit
 * mask: every initial but the first (which must pair with the first given
 * name for the rule to hold), in a query with a meaningful word of two
 * letters or more (its surname). The bounds (prune.c) use it. */
uint64_t vet__initials_droppable(const vet__stok *q, size_t nq);
/* The least share of its weight unmatched query token t (the i-th of nq)
 * keeps in an omission: vet__q_keep(), VET__SHORT_KEEP for a short word
 * when that is less, VET__INITIAL_KEEP for an initial that may be left out
 * (`droppable`: in vet__initials_droppable()). The score bounds (prune.c)
 * use it. */
static inline double vet__q_keep_min(const vet__stok *t, size_t i, size_t nq, int vowelless, int droppable) {
  if (droppable) return VET__INITIAL_KEEP;
  double k = vet__q_keep(i, nq, vowelless);
  return vet__tok_short(t) && VET__SHORT_KEEP < k ? VET__SHORT_KEEP : k;
}
/* The same for token i of a listed name of n tokens, `short_word` when it
 * is one: VET__MIDDLE_DISCOUNT for a middle token, VET__SHORT_KEEP for a
 * short word, else 1. The bounds (prune.c) and the index's records of them
 * (bounds.c) use it. */
static inline double vet__n_keep_min(size_t i, size_t n, int short_word) {
  double d = vet__middle(i, n) ? VET__MIDDLE_DISCOUNT : 1.0;
  return short_word && VET__SHORT_KEEP < d ? VET__SHORT_KEEP : d;
}
/* Containment weights (score.c, step 4), against persons; organizations,
 * vessels and aircraft use smaller ones. W_QUERY applies when the query is
 * the better covered side (the query is contained in the listed name),
 * W_NAME when the listed name is (the listed name is contained in the
 * query). The score never exceeds vet__score_bound(cq, cn). */
#define VET__W_QUERY 0.75
#define VET__W_NAME 0.55
#define VET__W_QUERY_ORG 0.55
#define VET__W_NAME_ORG 0.45
/* What a substitution (both sides keep an unmatched token that means
 * something) costs: its score is (cov_q + cov_n) / 2 minus this, with no
 * middle-name discount (score.c, step 4). */
#define VET__SUBST_PENALTY 0.10
/* The largest score coverages cq and cn can give (increasing in both). */
static inline double vet__score_bound(double cq, double cn) {
  return cq >= cn ? VET__W_QUERY * cq + (1 - VET__W_QUERY) * cn : VET__W_NAME * cn + (1 - VET__W_NAME) * cq;
}
/* The same against an organization (org = 1 in vet__score()): the better
 * covered side weighs at most W_QUERY_ORG (W_NAME_ORG is smaller), which
 * also bounds a substitution's mean. */
static inline double vet__score_bound_org(double cq, double cn) {
  double hi = cq > cn ? cq : cn, lo = cq > cn ? cn : cq;
  return VET__W_QUERY_ORG * hi + (1 - VET__W_QUERY_ORG) * lo;
}

/* Edits allowed between a run of joined tokens and a single token: none,
 * so that a joined string costs one index probe (typos and joins together
 * are left to the other tokens of the name). */
#define VET__JOIN_MAX_EDITS 0
/* The longest run of tokens that may be joined. */
#define VET__JOIN_MAX 3
#endif
