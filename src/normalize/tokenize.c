/* tokenize.c — ASCII text to tokens.
 *
 * Letters and digits make tokens (lower-cased); apostrophes and backticks
 * vanish inside a token (O'Brien → obrien); '&' is a token of its own (the
 * stop word "and"); ',' is kept as the token "," for the "LAST, First" rule;
 * every other character separates. A run of one-letter tokens each followed
 * directly by a dot and then a letter ("N.S.O.", "J.P.", "S.A.") is joined
 * into one token ("nso", "jp", "sa"): dotted initials are how acronyms are
 * written. "J. P." (with spaces) stays two initials.
 *
 * Endings: in tokens of four or more letters, -iy, -ii, -yi, -yy, -ij, -yj
 * become -i, and -y after a consonant becomes -i, so that the Russian and
 * Ukrainian romanizations Arkadiy, Arkadii, Arkady meet. The rule is applied
 * to list names, queries and dictionary entries alike. */
#include "normalize/normalize.h"

#include <string.h>

#define MAX_SPANS 128

typedef struct span {
  char text[96];
  size_t len;
  int dot_next;       /* a single letter followed directly by ".<alnum>" */
} span;

static int is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static int is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static void fold_ending(span *s) {
  size_t n = s->len;
  if (n < 4) return;
  char *t = s->text;
  char a = t[n - 2], b = t[n - 1];
  if ((a == 'i' && (b == 'y' || b == 'i' || b == 'j')) || (a == 'y' && (b == 'i' || b == 'y' || b == 'j'))) {
    t[n - 2] = 'i';
    s->len = n - 1;
  } else if (b == 'y' && !is_vowel(a) && a >= 'a' && a <= 'z') {
    t[n - 1] = 'i';
  }
}

/* Appends the tokens of s[0..n) to *out, separated by single spaces. */
int vet__tokenize_ascii(const char *s, size_t n, vet__buf *out) {
  span sp[MAX_SPANS];
  size_t ns = 0;
  span *cur = NULL;
  for (size_t i = 0; i < n && ns <= MAX_SPANS; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (is_alnum(c)) {
      if (!cur) {
        if (ns == MAX_SPANS) break;
        cur = &sp[ns++];
        cur->len = 0;
        cur->dot_next = 0;
      }
      if (cur->len + 1 < sizeof cur->text) cur->text[cur->len++] = c;
      continue;
    }
    if ((c == '\'' || c == '`') && cur) continue;
    if (c == '.' && cur && cur->len == 1 && i + 1 < n && is_alnum(s[i + 1])) cur->dot_next = 1;
    cur = NULL;
    if (c == ',' || c == '&') {
      if (ns == MAX_SPANS) break;
      span *t = &sp[ns++];
      t->text[0] = c;
      t->len = 1;
      t->dot_next = 0;
    }
  }
  size_t first = out->len;
  for (size_t i = 0; i < ns; i++) {
    span joined = sp[i];
    /* Join a run of dotted initials. */
    while (joined.dot_next && i + 1 < ns && sp[i + 1].len == 1 && sp[i + 1].text[0] != ',' &&
           sp[i + 1].text[0] != '&' && joined.len + 1 < sizeof joined.text) {
      joined.text[joined.len++] = sp[i + 1].text[0];
      joined.dot_next = sp[i + 1].dot_next;
      i++;
    }
    fold_ending(&joined);
    if (out->len > first && vet__buf_putc(out, ' ')) return VET_ENOMEM;
    if (vet__buf_append(out, joined.text, joined.len)) return VET_ENOMEM;
  }
  return 0;
}
