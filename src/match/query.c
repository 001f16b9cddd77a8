/* query.c — a query made ready for matching: normalized, its tokens
 * weighed with the snapshot's weights, dictionary aliases for words one typo
 * from a dictionary spelling, other forms for words that join two words,
 * and what the score bounds (prune.c) must know of the query that the index
 * cannot tell: tokens that pair without it (initials, trivial words, runs
 * of tokens that spell a trivial word). Not thread-safe (the matcher's
 * buffers). */
#include "match/matcher.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

/* A query token text[0..len) with its flags and skeleton, weighed as token
 * `id` of the index (UINT32_MAX: one no listed name holds, at the largest
 * weight), with its initials' letters. No alias or joined form yet. */
static vet__stok weighed(const vet__mindex *idx, const char *text, uint16_t len, uint8_t flags, const char *skel,
                         uint32_t id) {
  float w = id != UINT32_MAX ? idx->toks[id].w : vet__weight(0, idx->h->n_names, flags);
  return (vet__stok){text, len, flags, skel, w, vet__letters(text, len), NULL, 0, NULL, 0, 0, 0,
                     id != UINT32_MAX ? idx->firsts[id] : 0};
}

/* See matcher.h. */
size_t vet__query_weigh(vet_matcher *m, const vet__nname *nm, vet__stok *q, uint32_t *ids) {
  const vet__mstate *st = m->st;
  const vet__mindex *idx = &st->idx;
  for (size_t i = 0; i < nm->n; i++) {
    const vet__ntoken *t = &nm->tok[i];
    uint32_t id = vet__mindex_find(idx, t->text, t->len, (t->flags & VET__TOK_VOWELLESS) != 0);
    if (id == UINT32_MAX && (t->flags & VET__TOK_VOWELLESS)) id = vet__mindex_find(idx, t->text, t->len, 0);
    q[i] = weighed(idx, t->text, t->len, t->flags, t->skel, id);
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

void vet__query_joined_alt(vet_matcher *m, vet__stok *q, size_t n, const uint32_t *ids, char *store, size_t cap) {
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

/* Dotted initials ("J.P.") are joined into one token by the normalizer, so
 * that "N.S.O." is the acronym NSO. When no listed name holds the joined
 * token, it cannot pair as an acronym (a token of three letters or fewer
 * pairs only exactly), and the letters are what the writer meant: "J.P.
 * MORGAN" is J. P. Morgan, whose J pairs with a listed "Jose" as an initial.
 * Such a token becomes its letters, one-letter tokens. One that some listed
 * name holds stays whole: "C.V." of "S.A. de C.V." is such a word (read as
 * letters, it turned "PLAYA MAR S.A. D C.V." away from "PLAYA MAR S.A. DE
 * C.V."), and so, unfortunately, is "I.M." (the Korean surname Im). The raw query tells
 * which joined tokens were dotted: the letters of each run of single letters
 * each followed directly by a dot and a letter or digit (the tokenizer's
 * rule, tokenize.c). */
static int dotted_in(const char *raw, const char *tok, size_t len) {
  for (const char *p = raw; *p; p++) {
    if (p > raw && isalnum((unsigned char)p[-1])) continue;
    const char *r = p, *last = NULL;
    size_t k = 0;
    while (k < len && tolower((unsigned char)*r) == tok[k] && isalpha((unsigned char)*r) &&
           !isalnum((unsigned char)r[1])) {
      last = r;
      k++;
      if (r[1] != '.' || !isalpha((unsigned char)r[2])) break;
      r += 2;
    }
    /* All letters, and the run does not go on with another single letter. */
    if (k == len && last &&
        !(last[1] == '.' && isalpha((unsigned char)last[2]) && !isalnum((unsigned char)last[3])))
      return 1;
  }
  return 0;
}

size_t vet__query_split_dotted(vet_matcher *m, const char *raw, vet__stok *q, size_t n, uint32_t *ids) {
  static const char one[] = "a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0n\0o\0p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z";
  const vet__mindex *idx = &m->st->idx;
  for (size_t i = 0; i < n; i++) {
    vet__stok t = q[i];
    if (ids[i] != UINT32_MAX || t.len < 2 || t.len > 3 || (t.flags & (VET__TOK_TRIVIAL | VET__TOK_NUMBER)) ||
        n - 1 + t.len > VET__NAME_MAX_TOKENS)
      continue;
    int letters = 1;
    for (size_t k = 0; k < t.len; k++) letters &= t.text[k] >= 'a' && t.text[k] <= 'z';
    if (!letters || !dotted_in(raw, t.text, t.len)) continue;
    memmove(q + i + t.len, q + i + 1, (n - i - 1) * sizeof *q);
    memmove(ids + i + t.len, ids + i + 1, (n - i - 1) * sizeof *ids);
    for (size_t k = 0; k < t.len; k++) {
      const char *c = one + 2 * (t.text[k] - 'a');
      uint32_t id = vet__mindex_find(idx, c, 1, 0);
      q[i + k] = weighed(idx, c, 1, (uint8_t)(t.flags & VET__TOK_SURNAME), "", id);
      ids[i + k] = id;
    }
    n += t.len - 1;
    i += t.len - 1;
  }
  return n;
}

int vet__query_prepare(vet_matcher *m, const char *name) {
  int rc = vet__normalize(m->nz, name, strlen(name), &m->qn);
  if (rc) return rc;
  uint32_t ids[VET__NAME_MAX_TOKENS];
  m->nq = vet__query_weigh(m, &m->qn, m->q, ids);
  m->nq = vet__query_split_dotted(m, name, m->q, m->nq, ids);
  vet__query_joined_alt(m, m->q, m->nq, ids, m->alt_q, sizeof m->alt_q);
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
  m->q_drop = vet__initials_droppable(m->q, m->nq);
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
