/* phrase_words.c — the words of the dictionary's phrases of several words,
 * so that a phrase written with typos is still recognized.
 *
 * "Joint Stock Company" is the legal form JSC only when written exactly;
 * "Joibnt Stock Compajny" left three words that no listed name holds (and
 * that weigh like a distinctive name). The normalizer (normalize.c) asks,
 * for a phrase that is not in the dictionary, whether each of its words is
 * a phrase word or one edit from exactly one (vet__pwords_near), and looks
 * the corrected phrase up again. Only the words of legal forms and
 * abbreviations of two words or more are kept: those are the company
 * phrases that typos break; name variants are left to the scorer.
 *
 * Storage: the distinct words, sorted (for vet__pwords_has), and the
 * one-deletion neighbourhood of each word of VET__PWORD_NEAR_MIN letters
 * or more as (hash, word) pairs sorted by hash (edit1.c). Immutable after
 * building; owned by the dictionary. */
#include "normalize/normalize.h"

#include <stdlib.h>
#include <string.h>

typedef struct pword { const char *s; uint32_t n; } pword;

struct vet__pwords {
  char *pool;           /* the words, NUL-terminated */
  pword *w;             /* sorted */
  size_t n;
  vet__edit1_keys keys; /* ids are word indexes */
};

static int cmp_word(const void *a, const void *b) {
  const pword *x = a, *y = b;
  size_t n = x->n < y->n ? x->n : y->n;
  int c = memcmp(x->s, y->s, n);
  return c ? c : (x->n > y->n) - (x->n < y->n);
}

typedef struct collect {
  vet__pwords *p;
  size_t pool_used, pool_cap, cap_w;
  int failed;
} collect;

/* Adds the words of a multi-word legal form or abbreviation. */
static void take_phrase(void *arg, const char *phrase, const char *canonical, vet__dict_kind kind) {
  collect *c = arg;
  (void)canonical;
  if (c->failed || (kind != VET__DK_LEGAL && kind != VET__DK_ABBREV) || !strchr(phrase, ' ')) return;
  for (const char *s = phrase; *s;) {
    const char *e = strchr(s, ' ');
    size_t l = e ? (size_t)(e - s) : strlen(s);
    if (c->p->n == c->cap_w) {
      size_t cap = c->cap_w ? 2 * c->cap_w : 256;
      pword *w = realloc(c->p->w, cap * sizeof *w);
      if (!w) { c->failed = 1; return; }
      c->p->w = w;
      c->cap_w = cap;
    }
    /* Strings are stored as offsets until the pool stops moving. */
    if (c->pool_used + l + 1 > c->pool_cap) {
      size_t cap = (c->pool_cap ? 2 * c->pool_cap : 4096) + l;
      char *pool = realloc(c->p->pool, cap);
      if (!pool) { c->failed = 1; return; }
      c->p->pool = pool;
      c->pool_cap = cap;
    }
    memcpy(c->p->pool + c->pool_used, s, l);
    c->p->pool[c->pool_used + l] = 0;
    c->p->w[c->p->n++] = (pword){(const char *)(uintptr_t)c->pool_used, (uint32_t)l};
    c->pool_used += l + 1;
    s += l;
    while (*s == ' ') s++;
  }
}

vet__pwords *vet__pwords_build(const vet__dict *d) {
  vet__pwords *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  collect c = {p, 0, 0, 0, 0};
  vet__dict_each(d, take_phrase, &c);
  if (c.failed) {
    vet__pwords_free(p);
    return NULL;
  }
  for (size_t i = 0; i < p->n; i++) p->w[i].s = p->pool + (uintptr_t)p->w[i].s;
  if (p->n) qsort(p->w, p->n, sizeof *p->w, cmp_word);
  size_t k = 0;   /* distinct words only */
  for (size_t i = 0; i < p->n; i++)
    if (!k || cmp_word(&p->w[k - 1], &p->w[i])) p->w[k++] = p->w[i];
  p->n = k;
  for (size_t i = 0; i < p->n; i++) {
    if (p->w[i].n < VET__PWORD_NEAR_MIN) continue;
    if (vet__edit1_keys_add(&p->keys, p->w[i].s, p->w[i].n, (uint32_t)i)) {
      vet__pwords_free(p);
      return NULL;
    }
  }
  if (vet__edit1_keys_sort(&p->keys)) {
    vet__pwords_free(p);
    return NULL;
  }
  return p;
}

void vet__pwords_free(vet__pwords *p) {
  if (!p) return;
  free(p->pool);
  free(p->w);
  vet__edit1_keys_free(&p->keys);
  free(p);
}

int vet__pwords_has(const vet__pwords *p, const char *w, size_t n) {
  if (!p || !p->n) return 0;
  pword key = {w, (uint32_t)n};
  return bsearch(&key, p->w, p->n, sizeof *p->w, cmp_word) != NULL;
}

typedef struct nquery {
  const vet__pwords *p;
  const char *w;
  size_t n;
  long found;           /* word index, -1 none */
  int ambiguous;
} nquery;

static int probe(void *arg, const char *s, size_t n) {
  nquery *q = arg;
  const vet__pwords *p = q->p;
  uint32_t h = vet__edit1_hash(s, n);
  for (size_t k = vet__edit1_keys_find(&p->keys, h); k < p->keys.n && p->keys.k[k].hash == h; k++) {
    uint32_t i = p->keys.k[k].id;
    if (!vet__within_one(q->w, q->n, p->w[i].s, p->w[i].n)) continue;
    if (q->found >= 0 && q->found != (long)i) {
      q->ambiguous = 1;
      return 1;
    }
    q->found = i;
  }
  return 0;
}

int vet__pwords_near(const vet__pwords *p, const char *w, size_t n, const char **word, size_t *len) {
  if (!p || !p->keys.n || n < VET__PWORD_NEAR_MIN || vet__pwords_has(p, w, n)) return 0;
  nquery q = {p, w, n, -1, 0};
  vet__each_deletion1(w, n, probe, &q);
  if (q.found < 0 || q.ambiguous) return 0;
  *word = p->w[q.found].s;
  *len = p->w[q.found].n;
  return 1;
}
