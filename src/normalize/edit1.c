/* edit1.c — words one edit apart: the test, and the deletion neighbourhood
 * that finds them without comparing every pair.
 *
 * Two words one edit apart (substitution, insertion, deletion, or a swap
 * of adjacent letters) always share a string made by deleting at most one
 * letter from each (SymSpell). The dictionary's fuzzy lookups (dict.c) and
 * the phrase words (phrase_words.c) index the deletions of their words and
 * probe with the deletions of the word looked up, then confirm with
 * vet__within_one(). Stateless. */
#include "normalize/normalize.h"

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

uint32_t vet__edit1_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}
