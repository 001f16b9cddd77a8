/* translit.c — any script to ASCII with ICU.
 *
 * One UTransliterator "NFKC; Russian-Latin/BGN; Any-Latin; Latin-ASCII"
 * (BGN/PCGN for Cyrillic, because that is how the lists romanize Russian
 * names: "ch", "kh", "zh", not "č", "h", "ž") is opened per
 * vet__translit and reused: opening it costs milliseconds (ICU compiles
 * the rule set), running it on a name costs microseconds. Before it runs the
 * text is fully case-folded (u_strFoldCase, so "ß" → "ss" and final sigma
 * folds like sigma). Whatever ICU leaves outside ASCII (symbols with no Latin
 * form) becomes a space, so the output is pure ASCII. Invalid UTF-8 is
 * replaced by U+FFFD, which then becomes a space. Not thread-safe. */
#include "normalize/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

struct vet__translit {
  UTransliterator *tr;
  UChar *a, *b;        /* scratch UTF-16 buffers */
  int32_t cap;
};

/* A new transliterator; NULL on ENOMEM or if ICU lacks the transforms. The
 * caller frees it with vet__translit_free(). */
vet__translit *vet__translit_new(void) {
  vet__translit *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  static const char id[] = "NFKC; Russian-Latin/BGN; Any-Latin; Latin-ASCII";
  UChar uid[64];
  u_uastrcpy(uid, id);
  UErrorCode st = U_ZERO_ERROR;
  t->tr = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
  if (U_FAILURE(st) || !t->tr) {
    free(t);
    return NULL;
  }
  return t;
}

void vet__translit_free(vet__translit *t) {
  if (!t) return;
  if (t->tr) utrans_close(t->tr);
  free(t->a);
  free(t->b);
  free(t);
}

static int grow(vet__translit *t, int32_t need) {
  if (need <= t->cap) return 0;
  int32_t cap = need * 2 + 64;
  UChar *a = realloc(t->a, (size_t)cap * sizeof *a);
  if (!a) return VET_ENOMEM;
  t->a = a;
  UChar *b = realloc(t->b, (size_t)cap * sizeof *b);
  if (!b) return VET_ENOMEM;
  t->b = b;
  t->cap = cap;
  return 0;
}

/* Appends the ASCII form of s[0..n) to *out (the caller owns *out). */
int vet__translit_run(vet__translit *t, const char *s, size_t n, vet__buf *out) {
  if (n > (1u << 20)) n = 1u << 20;
  /* UTF-16 never has more units than UTF-8 has bytes. */
  if (grow(t, (int32_t)n + 1)) return VET_ENOMEM;
  UErrorCode st = U_ZERO_ERROR;
  int32_t len = 0;
  u_strFromUTF8WithSub(t->a, t->cap, &len, s, (int32_t)n, 0xFFFD, NULL, &st);
  if (U_FAILURE(st)) return VET_EENCODING;
  /* Full case folding can grow the text (ß → ss): retry with room. */
  for (;;) {
    st = U_ZERO_ERROR;
    int32_t m = u_strFoldCase(t->b, t->cap, t->a, len, U_FOLD_CASE_DEFAULT, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR || m >= t->cap) {
      if (grow(t, m + 1)) return VET_ENOMEM;
      /* grow() may have moved a; refill it. */
      st = U_ZERO_ERROR;
      u_strFromUTF8WithSub(t->a, t->cap, &len, s, (int32_t)n, 0xFFFD, NULL, &st);
      if (U_FAILURE(st)) return VET_EENCODING;
      continue;
    }
    if (U_FAILURE(st)) return VET_EENCODING;
    len = m;
    break;
  }
  /* Arabic ta marbuta (the final -a/-ah of Osama, Hamza, Fatima) becomes "t"
   * in ICU's rendering, which Latin spellings never have: drop it, and the
   * tatweel (a stretching stroke) with it. */
  {
    int32_t k = 0;
    for (int32_t i = 0; i < len; i++)
      if (t->b[i] != 0x0629 && t->b[i] != 0x0640) t->b[k++] = t->b[i];
    len = k;
  }
  /* Transliteration happens in place in b and may also grow the text. */
  for (;;) {
    int32_t tlen = len, limit = len;
    st = U_ZERO_ERROR;
    utrans_transUChars(t->tr, t->b, &tlen, t->cap, 0, &limit, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      /* b was left unchanged up to len on overflow is not guaranteed: redo. */
      if (grow(t, tlen + 1)) return VET_ENOMEM;
      st = U_ZERO_ERROR;
      u_strFromUTF8WithSub(t->a, t->cap, &len, s, (int32_t)n, 0xFFFD, NULL, &st);
      if (U_FAILURE(st)) return VET_EENCODING;
      st = U_ZERO_ERROR;
      len = u_strFoldCase(t->b, t->cap, t->a, len, U_FOLD_CASE_DEFAULT, &st);
      if (U_FAILURE(st)) return VET_EENCODING;
      continue;
    }
    if (U_FAILURE(st)) return VET_EENCODING;
    len = tlen;
    break;
  }
  if (vet__buf_reserve(out, (size_t)len + 1)) return VET_ENOMEM;
  for (int32_t i = 0; i < len; i++) {
    UChar c = t->b[i];
    /* Modifier letters (ʿ ʾ ʻ for ayin and hamza) are part of the word. */
    char o = (c < 0x80 && c >= 0x20) ? (char)c : (c >= 0x02B0 && c <= 0x02FF) ? '\'' : ' ';
    if (vet__buf_putc(out, o)) return VET_ENOMEM;
  }
  return 0;
}
