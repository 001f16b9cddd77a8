/* edit1.c — words one edit apart: the test, the deletion neighbourhood
 * that finds them without comparing every pair, and the table of
 * neighbourhood keys both users build (vet__edit1_keys).
 *
 * Two words one edit apart (substitution, insertion, deletion, or a swap
 * of adjacent letters) always share a string made by deleting at most one
 * letter from each (SymSpell). The dictionary's fuzzy lookups (dict.c) and
 * the phrase words (phrase_words.c) index the deletions of their words and
 * probe with the deletions of the word looked up, then confirm with
 * vet__within_one(). Stateless. */
#include "normalize/normalize.h"
#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

int vet__within_one(const char *a, size_t la, const char *b, size_t lb) {
  if (la + 1 < lb || lb + 1 < la) return 0;
  size_t i = 0;
  while (i < la && i < lb && a[i] == b[i]) i++;
  if (la == lb) {
    if (i == la) return 1;
    if (!memcmp(a + i + 1, b + i + 1, la - i - 1)) return 1;   /* substitution */
    return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && !memcmp(a + i + 2, b + i + 2, la - i - 2);
  }
  if (la > lb) return !memcmp(a + i + 1, b + i, la - i - 1);   /* a has one more */
  return !memcmp(a + i, b + i + 1, lb - i - 1);
}

int vet__each_deletion1(const char *w, size_t n, int (*f)(void *, const char *, size_t), void *arg) {
  char buf[64];
  if (n >= sizeof buf) return 0;
  if (f(arg, w, n)) return 1;
  for (size_t i = 0; i < n; i++) {
    memcpy(buf, w, i);
    memcpy(buf + i, w + i + 1, n - i - 1);
    if (f(arg, buf, n - 1)) return 1;
  }
  return 0;
}

uint32_t vet__edit1_hash(const char *s, size_t n) { return vet__fnv1a32(s, n); }

typedef struct add_ctx { vet__edit1_keys *t; uint32_t id; } add_ctx;

static int add_key(void *arg, const char *s, size_t n) {
  add_ctx *a = arg;
  vet__edit1_keys *t = a->t;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 1024;
    vet__edit1_key *k = realloc(t->k, cap * sizeof *k);
    if (!k) return 1;
    t->k = k;
    t->cap = cap;
  }
  t->k[t->n++] = (vet__edit1_key){vet__edit1_hash(s, n), a->id};
  return 0;
}

int vet__edit1_keys_add(vet__edit1_keys *t, const char *w, size_t n, uint32_t id) {
  add_ctx a = {t, id};
  return vet__each_deletion1(w, n, add_key, &a) ? VET_ENOMEM : 0;
}

static int cmp_key(const void *a, const void *b) {
  const vet__edit1_key *x = a, *y = b;
  return x->hash != y->hash ? (x->hash < y->hash ? -1 : 1) : (x->id > y->id) - (x->id < y->id);
}

/* The directory: a lookup is one read of dir and a binary search over the
 * one or two keys under the hash's top bits, where a search over the whole
 * table (a hundred thousand keys) missed the cache at every step; every
 * query word probes its deletions here. */
int vet__edit1_keys_sort(vet__edit1_keys *t) {
  if (t->n) qsort(t->k, t->n, sizeof *t->k, cmp_key);
  free(t->dir);
  t->dir = NULL;
  unsigned bits = 1;
  while (bits < 20 && ((size_t)1 << (bits + 1)) <= t->n) bits++;
  size_t nd = (size_t)1 << bits;
  t->dir = malloc((nd + 1) * sizeof *t->dir);
  if (!t->dir) return VET_ENOMEM;
  t->dir_bits = bits;
  size_t k = 0;
  for (size_t d = 0; d <= nd; d++) {
    while (k < t->n && (t->k[k].hash >> (32 - bits)) < d) k++;
    t->dir[d] = (uint32_t)k;
  }
  return 0;
}

size_t vet__edit1_keys_find(const vet__edit1_keys *t, uint32_t h) {
  size_t lo = 0, hi = t->n;
  if (t->dir) {
    uint32_t d = h >> (32 - t->dir_bits);
    lo = t->dir[d];
    hi = t->dir[d + 1];
  }
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->k[mid].hash < h) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void vet__edit1_keys_free(vet__edit1_keys *t) {
  free(t->k);
  free(t->dir);
  memset(t, 0, sizeof *t);
}
