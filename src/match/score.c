/* score.c — the name score: align query tokens to name tokens, weigh, sum.
 *
 * 1. Candidate pairs: every query token against every name token
 *    (similarity.c), plus runs of two or three adjacent tokens on one side
 *    joined and compared, as one string, with one token of the other side
 *    ("JSCARGUMENT" = "JSC ARGUMENT", "Bashiruddin" = "Bashir Ud Din"), at
 *    most VET__JOIN_MAX_EDITS edits.
 * 2. Greedy assignment: pairs in decreasing similarity (longer runs first on
 *    ties), each token used once. Order never matters.
 * 3. Coverage of each side: the weighted share of its tokens that found a
 *    partner, times the similarity. An unmatched middle token (neither first
 *    nor last, in names of three tokens or more) weighs MIDDLE_DISCOUNT of
 *    its weight: a missing middle name costs little, a different first or
 *    last name a lot (a company's middle word keeps VET__MIDDLE_KEEP_ORG). In a query written in a vowelless script every
 *    unmatched token but the first weighs VET__NASAB_DISCOUNT (vet__q_keep():
 *    an Arabic name's father's and grandfather's names). A weak short word
 *    (score.h, short_weak(): "UN" in "KIM JONG UN" against "KIM, Jong Man")
 *    weighs VET__SHORT_KEEP and means nothing for step 4.
 * 4. Containment (at most one side has unmatched words that mean something):
 *    score = W·max(cov_q, cov_n) + (1-W)·min(cov_q, cov_n). W (score.h) is
 *    0.75 when the query is the better covered side and 0.55 when the listed
 *    name is, against persons, and 0.55 / 0.45 against organizations,
 *    vessels and aircraft: "PUTIN" in "PUTIN, Vladimir" scores high, a short
 *    listed alias ("ALI") inside a long query less, and "Banco Santander" in
 *    "Banco Santander Chile" less again. Substitution (both sides have such
 *    words: "Octavian Scholz" / "Olaf Scholz"): the mean of the coverages
 *    minus SUBST_PENALTY, and no middle-name discount.
 *    Then the order penalty (order_penalty()).
 * 5. Anchor rule (score.h): without an anchor the score is 0; a query of
 *    initials only anchors on the same letters (vet__initials_only()).
 *
 * Stateless; thread-safe. */
#include "match/score.h"

#include <string.h>

#define MIDDLE_DISCOUNT VET__MIDDLE_DISCOUNT
#define SUBST_PENALTY VET__SUBST_PENALTY
#define GIVEN_PENALTY 0.10

static const char *const how_names[VET__HOW_COUNT] = {
  "exact", "variant", "typo", "transliteration", "initial", "joined", "missing", "extra"};

const char *vet__how_name(int how) {
  return how >= 0 && how < VET__HOW_COUNT ? how_names[how] : "unknown";
}

typedef struct cand {
  uint8_t q0, q1, n0, n1, how;
  float sim;
} cand;

#define MAX_CANDS 1024

/* Joins t[i..i+k) into buf; returns the length (0 if it does not fit). */
static size_t join(const vet__stok *t, size_t i, size_t k, char *buf, size_t cap) {
  size_t l = 0;
  for (size_t j = i; j < i + k; j++) {
    if (l + t[j].len >= cap) return 0;
    memcpy(buf + l, t[j].text, t[j].len);
    l += t[j].len;
  }
  return l;
}

/* See score.h: a name with no token of its own that could anchor (all
 * legal forms, particles, stop words or initials) lets any of its tokens
 * anchor, so that "LLC" still finds "LLC". */
static int anchorable(const vet__stok *t) { return t->len >= 2 && !(t->flags & VET__TOK_TRIVIAL); }

int vet__name_has_anchorable(const vet__stok *n, size_t nn) {
  for (size_t k = 0; k < nn; k++)
    if (anchorable(&n[k])) return 1;
  return 0;
}

int vet__initials_only(const vet__stok *q, size_t nq) {
  int one = 0;
  for (size_t i = 0; i < nq; i++) {
    if (q[i].flags & VET__TOK_TRIVIAL) continue;
    if (q[i].len != 1 || q[i].text[0] < 'a' || q[i].text[0] > 'z') return 0;
    one = 1;
  }
  return one;
}

static int is_anchor(const cand *c, const vet__stok *n, int any, int q_initials) {
  if (c->how == VET__HOW_INITIAL) return 0;
  if (q_initials && c->how == VET__HOW_EXACT && n[c->n0].len == 1) return 1;
  if (c->n1 - c->n0 > 1) return 1;   /* a run of name tokens: a joined key */
  return any || anchorable(&n[c->n0]);
}

static void sort_cands(cand *c, size_t n) {
  for (size_t i = 1; i < n; i++) {
    cand x = c[i];
    size_t j = i;
    while (j > 0) {
      const cand *p = &c[j - 1];
      int span_x = (x.q1 - x.q0) + (x.n1 - x.n0), span_p = (p->q1 - p->q0) + (p->n1 - p->n0);
      if (p->sim > x.sim || (p->sim == x.sim && span_p >= span_x)) break;
      c[j] = c[j - 1];
      j--;
    }
    c[j] = x;
  }
}

/* Tokens aligned in another order than written cost ORDER_STEP for each
 * inverted pair, counted on the best rotation of the query, at most
 * ORDER_MAX: little, since customers and lists write names in any order
 * ("PUTIN Vladimir" = "Vladimir PUTIN" costs nothing, a shuffled name at
 * most 0.06). In a name with "bin" or "ould" the order says who is whose son
 * ("Ahmad bin Hasan" / "Hasan bin Ahmad"), and each inversion costs
 * ORDER_STEP_NASAB, at most ORDER_MAX_NASAB. */
#define ORDER_STEP 0.03
#define ORDER_MAX 0.06
#define ORDER_STEP_NASAB 0.08
#define ORDER_MAX_NASAB 0.24

/* 1 if the name holds "bin" or "ould" (son of): a chain of fathers' names
 * whose order says who is whose son. */
static int has_nasab(const vet__stok *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((t[i].flags & VET__TOK_PARTICLE) && ((t[i].len == 3 && !memcmp(t[i].text, "bin", 3)) ||
                                             (t[i].len == 4 && !memcmp(t[i].text, "ould", 4))))
      return 1;
  return 0;
}
static double order_penalty(const cand *ch, size_t n, int nasab) {
  if (n < 3) return 0;
  double step = nasab ? ORDER_STEP_NASAB : ORDER_STEP, max = nasab ? ORDER_MAX_NASAB : ORDER_MAX;
  /* Name positions in query order. */
  int pos[VET__NAME_MAX_TOKENS];
  size_t idx[VET__NAME_MAX_TOKENS];
  for (size_t i = 0; i < n; i++) idx[i] = i;
  for (size_t i = 1; i < n; i++) {
    size_t x = idx[i], j = i;
    while (j > 0 && ch[idx[j - 1]].q0 > ch[x].q0) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = x;
  }
  for (size_t i = 0; i < n; i++) pos[i] = ch[idx[i]].n0;
  int best = -1;
  for (size_t r = 0; r < n; r++) {
    int inv = 0;
    for (size_t i = 0; i < n; i++)
      for (size_t j = i + 1; j < n; j++) inv += pos[(i + r) % n] > pos[(j + r) % n];
    if (best < 0 || inv < best) best = inv;
  }
  double p = best * step;
  return p > max ? max : p;
}


/* Where a listed person's surname is: the part before the comma of "LAST,
 * First" (VET__TOK_SURNAME) when the name has one; else its last
 * meaningful token. */
typedef struct surname_at {
  int flagged;     /* some token is VET__TOK_SURNAME */
  size_t last;     /* the last meaningful token (nn when none) */
} surname_at;
static surname_at surname_of(const vet__stok *n, size_t nn) {
  surname_at s = {0, nn};
  for (size_t k = 0; k < nn; k++) {
    s.flagged |= (n[k].flags & VET__TOK_SURNAME) != 0;
    if (!(n[k].flags & VET__TOK_TRIVIAL)) s.last = k;
  }
  return s;
}
static int is_surname(const surname_at *s, const vet__stok *n, size_t k) {
  return s->flagged ? (n[k].flags & VET__TOK_SURNAME) != 0 : k == s->last;
}

/* A listed person whose given name the query leaves out while it names
 * both given names and the surname: the query's words sit elsewhere in the
 * name ("John Taylor" in "TAYLOR, Mark John", "Alexander Herrera" in
 * "GALINDO HERRERA, Diego Alexander"). Such a containment more often means
 * another person than an omission does, so it costs GIVEN_PENALTY. A query
 * of one meaningful word ("PUTIN"), of surname words only ("ABDUL RAHMAN"
 * in "ABDUL RAHMAN, Mohamad Iqbal") or of given names only ("MOHAMMED ALI"
 * in "BAZI, Qassem Mohammed Ali") is an omission and costs nothing more.
 * The surname is known from "LAST, First" (VET__TOK_SURNAME); in a name
 * written without a comma the last meaningful token stands for it. */
static int given_missing(const vet__stok *q, size_t nq, const vet__stok *n, size_t nn,
                         const uint8_t *nused, uint64_t nweak) {
  size_t mq = 0;
  for (size_t i = 0; i < nq; i++) mq += !(q[i].flags & VET__TOK_TRIVIAL);
  if (mq < 2) return 0;
  surname_at sn = surname_of(n, nn);
  int g_hit = 0, s_hit = 0;
  size_t g_first = nn;
  for (size_t k = 0; k < nn; k++) {
    if ((n[k].flags & VET__TOK_TRIVIAL) || ((nweak >> k) & 1)) continue;
    int sur = is_surname(&sn, n, k);
    if (sur) s_hit |= nused[k];
    else {
      if (g_first == nn) g_first = k;
      g_hit |= nused[k];
    }
  }
  return g_hit && s_hit && g_first < nn && !nused[g_first];
}

/* A listed name met only through generic words of organization names
 * (the abbreviation classes: group, trading, shipping, holding, ...) while
 * it holds a meaningful word of its own that nothing met: "Shipping Co." is
 * not "Yildiz Shipping Company", nor "Holdings AG" "STG Holding Limited". */
static int generic_only(const vet__stok *n, size_t nn, const uint8_t *nused) {
  int met = 0, own = 0;
  for (size_t k = 0; k < nn; k++) {
    if (n[k].flags & VET__TOK_TRIVIAL) continue;
    int generic = (n[k].flags & VET__TOK_ABBREV) != 0;
    if (nused[k]) {
      if (!generic) return 0;
      met = 1;
    } else if (!generic)
      own = 1;
  }
  return met && own;
}

/* The unmatched short words (score.h) of the query (*qweak) and of listed
 * person n (*nweak) that are weak evidence, as bit masks: at least two
 * query words (not initials) paired exactly or as variants, and so did the
 * person's surname (the part before the comma of "LAST, First"). OFAC's
 * own search scores "KIM JONG UN" against "KIM, Jong Man" and "KIM, Yo
 * Jong" 100. No word is weak when the surname is the word left over ("MA
 * JUN WEI" / "LI, Jun Wei"), paired only through a typo ("RI RYONG TAE" /
 * "RYANG, Tae Chol"), or unknown (a name written without a comma: the lists
 * write Korean names surname first, "RI CHUN SONG", Western ones surname
 * last); nor when fewer than two query words paired surely ("LI WEI" /
 * "WEI, Jun"; "WEI C. XU" / "WEI, Chao", where the initial and the given
 * name are all that pair and the surname Xu would be dropped; "WEI KHAN" /
 * "WEI, Ta Han", a typo). A listed short word is weak only when the query
 * leaves no meaningful word of three letters or more: "PAK NAM CHANG" /
 * "PAK, Chang Ho" stays a substitution. qsure and nsure mark the tokens
 * paired exactly or as a variant. */
static void short_weak(const vet__stok *q, size_t nq, const vet__stok *n, size_t nn, const uint8_t *qused,
                       const uint8_t *qsure, const uint8_t *nused, const uint8_t *nsure, uint64_t *qweak,
                       uint64_t *nweak) {
  *qweak = *nweak = 0;
  size_t paired = 0;
  uint64_t qm = 0, nm = 0;
  int q_long = 0;   /* the query leaves a meaningful word of three letters or more */
  for (size_t i = 0; i < nq; i++) {
    paired += qsure[i] && q[i].len >= 2;
    if (!qused[i] && vet__tok_short(&q[i])) qm |= (uint64_t)1 << i;
    else if (!qused[i] && !(q[i].flags & VET__TOK_TRIVIAL)) q_long = 1;
  }
  for (size_t k = 0; k < nn && !q_long; k++)
    if (!nused[k] && vet__tok_short(&n[k])) nm |= (uint64_t)1 << k;
  if (!(qm | nm) || paired < 2) return;
  int s_hit = 0;
  for (size_t k = 0; k < nn; k++)
    if (n[k].flags & VET__TOK_SURNAME) s_hit |= nsure[k];
  if (!s_hit) return;
  *qweak = qm;
  *nweak = nm;
}

/* See score.h. */
uint64_t vet__initials_droppable(const vet__stok *q, size_t nq) {
  uint64_t m = 0;
  int first = 1, word = 0;
  for (size_t i = 0; i < nq && i < 64; i++) {
    word |= q[i].len >= 2 && !(q[i].flags & VET__TOK_TRIVIAL);
    if (!vet__tok_initial(&q[i])) continue;
    if (!first) m |= (uint64_t)1 << i;
    first = 0;
  }
  return word ? m : 0;
}

/* A person named by initials and a surname ("J.P. MORGAN"): the query's
 * first initial paired with the listed person's first given name, and its
 * words of two letters or more all paired exactly or as variants with the
 * surname, its first word among them (J with Jose and MORGAN with MORGAN in
 * "MORGAN HUERTA, Jose Arnoldo", which OFAC's own search scores 100). Then
 * the initials left over (P) are left out, as OFAC leaves them: records
 * abbreviate given names, and lists often lack a middle one. Returns them
 * as a bit mask, or 0. A query that writes out a given name ("Hans O
 * Friedrich" / "Hans Joachim Friedrich", "A. Mohamad YAZBECK") says more,
 * and its unpaired initial stays what it is: another given name; so does
 * one whose first initial meets no first given name ("W.D. Romero" /
 * "AYALA ROMERO, Diego") or whose surname is a second one ("T.H. Ramirez"
 * / "LUCENA RAMIREZ, Tibisay"). The surname is the part before the comma
 * of "LAST, First" (VET__TOK_SURNAME); in a name written without one, the
 * last meaningful token. */
static uint64_t initials_weak(const vet__stok *q, size_t nq, const vet__stok *n, size_t nn,
                              const cand *chosen, size_t nchosen, const uint8_t *qused) {
  size_t i_first = nq;
  uint64_t left = 0;
  for (size_t i = 0; i < nq && i < 64; i++)
    if (vet__tok_initial(&q[i])) {
      if (i_first == nq) i_first = i;
      else if (!qused[i]) left |= (uint64_t)1 << i;
    }
  left &= vet__initials_droppable(q, nq);   /* what the bounds expect (prune.c) */
  if (!left) return 0;
  surname_at sn = surname_of(n, nn);
  size_t s_first = nn, g_first = nn;
  for (size_t k = 0; k < nn; k++) {
    if (n[k].flags & VET__TOK_TRIVIAL) continue;
    int sur = is_surname(&sn, n, k);
    if (sur && s_first == nn) s_first = k;
    if (!sur && g_first == nn) g_first = k;
  }
  if (g_first == nn || s_first == nn) return 0;
  size_t words = 0, surnames = 0;
  int given = 0, surname = 0;
  for (size_t i = 0; i < nq; i++) words += !(q[i].flags & VET__TOK_TRIVIAL) && q[i].len >= 2;
  for (size_t x = 0; x < nchosen; x++) {
    const cand *c = &chosen[x];
    if (c->q1 - c->q0 != 1 || c->n1 - c->n0 != 1 || (q[c->q0].flags & VET__TOK_TRIVIAL)) continue;
    int sur = is_surname(&sn, n, c->n0);
    if (c->q0 == i_first) given = c->how == VET__HOW_INITIAL && c->n0 == g_first;
    else if (q[c->q0].len >= 2 && sur && (c->how == VET__HOW_EXACT || c->how == VET__HOW_VARIANT)) {
      surnames++;
      surname |= c->n0 == s_first;
    }
  }
  return given && surname && surnames == words ? left : 0;
}

static int vowel_at(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

/* 0 when lengths a and b differ by more than VET__JOIN_MAX_EDITS, where
 * vet__string_sim with that cap is 0 for sure: a call saved, same result. */
static int len_near(size_t a, size_t b) { return (a > b ? a - b : b - a) <= VET__JOIN_MAX_EDITS; }

/* See score.h. */
double vet__score(const vet__stok *q, size_t nq, const vet__stok *n, size_t nn, int org,
                  vet__sresult *r) {
  if (nq > VET__NAME_MAX_TOKENS) nq = VET__NAME_MAX_TOKENS;
  if (nn > VET__NAME_MAX_TOKENS) nn = VET__NAME_MAX_TOKENS;
  cand c[MAX_CANDS];
  size_t nc = 0;
  for (size_t i = 0; i < nq; i++)
    for (size_t k = 0; k < nn && nc < MAX_CANDS; k++) {
      int how;
      float s = vet__token_sim(&q[i], &n[k], &how);
      if (s > 0) c[nc++] = (cand){(uint8_t)i, (uint8_t)(i + 1), (uint8_t)k, (uint8_t)(k + 1), (uint8_t)how, s};
    }
  char buf[256];
  for (size_t len = 2; len <= VET__JOIN_MAX; len++) {
    for (size_t i = 0; i + len <= nq; i++) {      /* query run vs one name token */
      size_t l = join(q, i, len, buf, sizeof buf);
      if (!l) continue;
      /* A run written in a vowelless script also meets a name token by
       * skeleton ("khyr allh" / "Khayrallah"). */
      char rsk[VET__SKEL_MAX];
      int vl = 1;
      for (size_t j = i; j < i + len; j++) vl &= (q[j].flags & VET__TOK_VOWELLESS) != 0;
      /* Not when two of its tokens' skeletons meet in one letter: joined,
       * that letter would count once ("aywb bshyr", Ayub Bashir, is not
       * "Bishr"); not when it ends with a particle, which belongs to the
       * next word ("osama al" is not Ismail); not with two dictionary
       * names, which are two names ("osama ali" is not Ismail either). */
      int dict_names = 0;
      for (size_t j = i; vl && j < i + len; j++) {
        size_t sl = strlen(q[j].skel);
        if (j + 1 < i + len && sl && q[j].skel[sl - 1] == q[j + 1].skel[0]) vl = 0;
        dict_names += (q[j].flags & (VET__TOK_VARIANT | VET__TOK_TRIVIAL)) == VET__TOK_VARIANT;
      }
      if (dict_names > 1 || (q[i + len - 1].flags & VET__TOK_PARTICLE)) vl = 0;
      if (vl) vet__skeleton(buf, l, rsk, sizeof rsk);
      for (size_t k = 0; k < nn && nc < MAX_CANDS; k++) {
        /* Lengths further apart than the allowed edits give 0 (vet__string_sim). */
        float s = len_near(l, n[k].len) ? vet__string_sim(buf, l, n[k].text, n[k].len, VET__JOIN_MAX_EDITS) : 0.0f;
        uint8_t how = VET__HOW_JOINED;
        /* As for single tokens (similarity.c), a run that starts with a
         * vowel (an alef or ayin: the article "al") meets no Latin word
         * that starts with a consonant ("al dyn" is not Laden). */
        if (s <= 0 && vl && !(vowel_at(buf[0]) && !vowel_at(n[k].text[0])) &&
            (s = vet__run_translit(rsk, n[k].skel)) > 0)
          how = VET__HOW_TRANSLIT;
        if (s > 0)
          c[nc++] = (cand){(uint8_t)i, (uint8_t)(i + len), (uint8_t)k, (uint8_t)(k + 1), how, s};
      }
    }
    for (size_t k = 0; k + len <= nn; k++) {      /* one query token vs name run */
      size_t l = join(n, k, len, buf, sizeof buf);
      if (!l) continue;
      for (size_t i = 0; i < nq && nc < MAX_CANDS; i++) {
        float s = len_near(q[i].len, l) ? vet__string_sim(q[i].text, q[i].len, buf, l, VET__JOIN_MAX_EDITS) : 0.0f;
        if (s <= 0 && q[i].alt && len_near(q[i].alt_len, l))
          s = vet__string_sim(q[i].alt, q[i].alt_len, buf, l, VET__JOIN_MAX_EDITS);
        if (s > 0)
          c[nc++] = (cand){(uint8_t)i, (uint8_t)(i + 1), (uint8_t)k, (uint8_t)(k + len), VET__HOW_JOINED, s};
      }
    }
  }
  sort_cands(c, nc);

  uint8_t qused[VET__NAME_MAX_TOKENS] = {0}, nused[VET__NAME_MAX_TOKENS] = {0};
  uint8_t qsure[VET__NAME_MAX_TOKENS] = {0}, nsure[VET__NAME_MAX_TOKENS] = {0};   /* paired exactly or as a variant */
  float qsim[VET__NAME_MAX_TOKENS] = {0}, nsim[VET__NAME_MAX_TOKENS] = {0};
  cand chosen[VET__NAME_MAX_TOKENS];
  size_t nchosen = 0;
  int anchored = 0, any = !vet__name_has_anchorable(n, nn), q_initials = vet__initials_only(q, nq);
  for (size_t x = 0; x < nc && nchosen < VET__NAME_MAX_TOKENS; x++) {
    int free_ = 1;
    for (size_t i = c[x].q0; i < c[x].q1; i++) free_ &= !qused[i];
    for (size_t k = c[x].n0; k < c[x].n1; k++) free_ &= !nused[k];
    if (!free_) continue;
    for (size_t i = c[x].q0; i < c[x].q1; i++) {
      qused[i] = 1;
      qsim[i] = c[x].sim;
      qsure[i] = c[x].how == VET__HOW_EXACT || c[x].how == VET__HOW_VARIANT;
    }
    for (size_t k = c[x].n0; k < c[x].n1; k++) {
      nused[k] = 1;
      nsim[k] = c[x].sim;
      nsure[k] = c[x].how == VET__HOW_EXACT || c[x].how == VET__HOW_VARIANT;
    }
    if (is_anchor(&c[x], n, any, q_initials)) anchored = 1;
    chosen[nchosen++] = c[x];
  }

  /* Omission or substitution? When both sides keep an unmatched token that
   * means something, the names differ in that place (another first name,
   * another father's name): no middle discount, and the mean of the two
   * coverages. Otherwise one name is contained in the other. */
  uint64_t qweak = 0, nweak = 0, qinit = 0;
  if (!org) {
    short_weak(q, nq, n, nn, qused, qsure, nused, nsure, &qweak, &nweak);
    qinit = initials_weak(q, nq, n, nn, chosen, nchosen, qused);
  }
  int q_extra = 0, n_extra = 0;
  for (size_t i = 0; i < nq; i++)
    q_extra |= !qused[i] && !(q[i].flags & VET__TOK_TRIVIAL) && !(((qweak | qinit) >> i) & 1);
  for (size_t k = 0; k < nn; k++)
    n_extra |= !nused[k] && !(n[k].flags & VET__TOK_TRIVIAL) && !((nweak >> k) & 1);
  int substitution = q_extra && n_extra;
  /* A listed name whose meaningful words all pair with one query token
   * ("HORIZON" in "Horizon Optics LLC", "TIDE WATER" in "Tidewater Bakery
   * Ltd") while the query has more meaningful words is weak evidence: the
   * query's middle words keep their whole weight. */
  size_t mq = 0;
  for (size_t i = 0; i < nq; i++) mq += !(q[i].flags & VET__TOK_TRIVIAL);
  int lone_n = 0;
  if (mq >= 2) {
    size_t pairs = 0;
    int all = 1;
    for (size_t k = 0; k < nn; k++) all &= nused[k] || (n[k].flags & VET__TOK_TRIVIAL);
    for (size_t x = 0; x < nchosen; x++)
      for (size_t k = chosen[x].n0; k < chosen[x].n1; k++)
        if (!(n[k].flags & VET__TOK_TRIVIAL)) {
          pairs++;
          break;
        }
    lone_n = all && pairs == 1;
  }
  int q_vowelless = nq > 0 && (q[0].flags & VET__TOK_VOWELLESS);
  /* qe, ne: each token's weight as it counts here, after the discounts;
   * the explanation's shares are made of them, so that they add up to 1 and
   * show what an unmatched token costs. */
  double qw = 0, qhit = 0, nw = 0, nhit = 0, qe[VET__NAME_MAX_TOKENS], ne[VET__NAME_MAX_TOKENS];
  for (size_t i = 0; i < nq; i++) {
    double w = q[i].w;
    if (!qused[i] && !substitution) {
      if ((qinit >> i) & 1) w *= VET__INITIAL_KEEP;
      else if ((qweak >> i) & 1) w *= VET__SHORT_KEEP;
      else if (!lone_n) w *= vet__q_keep(i, nq, q_vowelless);
    }
    qe[i] = w;
    qw += w;
    qhit += w * qsim[i];
  }
  for (size_t k = 0; k < nn; k++) {
    double w = n[k].w;
    if (!nused[k] && !substitution) {
      if ((nweak >> k) & 1) w *= VET__SHORT_KEEP;
      else if (vet__middle(k, nn)) w *= org ? VET__MIDDLE_KEEP_ORG : MIDDLE_DISCOUNT;
    }
    ne[k] = w;
    nw += w;
    nhit += w * nsim[k];
  }
  double cq = qw > 0 ? qhit / qw : 0, cn = nw > 0 ? nhit / nw : 0;
  double hi = cq > cn ? cq : cn, lo = cq > cn ? cn : cq;
  double wc = cq >= cn ? (org ? VET__W_QUERY_ORG : VET__W_QUERY) : (org ? VET__W_NAME_ORG : VET__W_NAME);
  double score = substitution ? (cq + cn) / 2 - SUBST_PENALTY : wc * hi + (1 - wc) * lo;
  double order = order_penalty(chosen, nchosen, has_nasab(q, nq) || has_nasab(n, nn));
  score -= order;
  if (!org && !substitution && given_missing(q, nq, n, nn, nused, nweak)) score -= GIVEN_PENALTY;
  if (!anchored || score < 0 || generic_only(n, nn, nused)) score = 0.0;
  if (score > 1.0) score = 1.0;
  if (score > 0.9999) score = 1.0;

  if (r) {
    r->score = score;
    r->cov_q = cq;
    r->cov_n = cn;
    r->anchored = anchored;
    r->npairs = 0;
    double total = qw + nw;
    for (size_t x = 0; x < nchosen && r->npairs < VET__MAX_PAIRS; x++) {
      const cand *p = &chosen[x];
      double w = 0;
      for (size_t i = p->q0; i < p->q1; i++) w += qe[i];
      for (size_t k = p->n0; k < p->n1; k++) w += ne[k];
      r->pairs[r->npairs++] = (vet__spair){p->q0, p->q1, p->n0, p->n1, p->how, p->sim,
                                           total > 0 ? (float)(w / total) : 0, 1};
    }
    for (size_t i = 0; i < nq && r->npairs < VET__MAX_PAIRS; i++)
      if (!qused[i])
        r->pairs[r->npairs++] = (vet__spair){(uint8_t)i, (uint8_t)(i + 1), 0, 0, VET__HOW_EXTRA, 0,
                                             total > 0 ? (float)(qe[i] / total) : 0,
                                             q[i].w > 0 ? (float)(qe[i] / q[i].w) : 1};
    for (size_t k = 0; k < nn && r->npairs < VET__MAX_PAIRS; k++)
      if (!nused[k])
        r->pairs[r->npairs++] = (vet__spair){0, 0, (uint8_t)k, (uint8_t)(k + 1), VET__HOW_MISSING, 0,
                                             total > 0 ? (float)(ne[k] / total) : 0,
                                             n[k].w > 0 ? (float)(ne[k] / n[k].w) : 1};
  }
  return score;
}
