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
 * replaced by U+FFFD, which then becomes a space. Not thread-safe.
 *
 * Arabic script is respelled first (arabic_pass()), so that ICU's rendering
 * meets Latin spellings of the same names:
 *   - the article is cut off its word ("الكواري" → "ال كواري", not الله), and
 *     so is عبد or أبو glued to a following article ("عبدالحليم" → "عبد ال
 *     حليم", Abd al-Halim; "أبواليزيد" → "أبو ال يزيد");
 *   - an ayin, which ICU renders as a modifier letter that the tokenizer
 *     drops, becomes an alef ("a"), or nothing next to an alef: Latin
 *     spellings write a vowel there (Omar, Uday, Issam, Saeed), and without
 *     it عمر came out as "mr" (the honorific Mr), عدي as "dy", and سعيد
 *     (Saeed) as "syd", which is سيد (Sayyid);
 *   - ta marbuta (the final -a/-ah of Osama, Hamza, Fatima, which ICU writes
 *     "t") and tatweel (a stretching stroke) are dropped;
 *   - in a name written with a letter that only Persian, Pashto or Urdu
 *     use (ی ک گ پ چ ...), ض ذ ظ are written as ز and ث as س, as those
 *     languages say them (فیض = Faiz, ضیا = Zia, ذاکر = Zakir).
 * The dictionaries' Arabic-script forms pass through the same steps. */
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

/* ---- Arabic-script spelling, before ICU (see the note at the top). */

static int ar_letter(UChar c) {
  return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || (c >= 0x064B && c <= 0x065F) ||
         c == 0x0670;
}
static int ar_alef(UChar c) { return c == 0x0627 || c == 0x0623 || c == 0x0625 || c == 0x0622; }

/* 1 if the text holds a letter that Persian, Pashto or Urdu add to the
 * Arabic alphabet (پ چ ژ ک گ ی, Pashto ټ ځ څ ډ ړ ږ ښ ګ ڼ ې ۍ, Urdu ٹ ڈ ڑ ں ھ ے):
 * the name is then read the Persian way. */
static int persian_text(const UChar *u, int32_t n) {
  for (int32_t i = 0; i < n; i++)
    switch (u[i]) {
      case 0x067E: case 0x0686: case 0x0698: case 0x06A9: case 0x06AF: case 0x06CC:
      case 0x067C: case 0x0681: case 0x0685: case 0x0689: case 0x0693: case 0x0696:
      case 0x069A: case 0x06AB: case 0x06BC: case 0x06D0: case 0x06CD:
      case 0x0679: case 0x0688: case 0x0691: case 0x06BA: case 0x06BE: case 0x06D2:
        return 1;
      default: break;
    }
  return 0;
}

static int starts(const UChar *w, int32_t n, const UChar *p, int32_t pn) {
  if (n < pn) return 0;
  for (int32_t i = 0; i < pn; i++)
    if (w[i] != p[i]) return 0;
  return 1;
}

/* Writes word w[0..n) (Arabic letters only) to out at *k, spelled as
 * described at the top: "عبدال…" and "أبوال…" cut after عبد / أبو, the
 * article cut off, an ayin written as an alef (or dropped next to one). out
 * has room for n + n/2 more units. */
static void ar_word(const UChar *w, int32_t n, UChar *out, int32_t *k) {
  static const UChar abd_al[] = {0x0639, 0x0628, 0x062F, 0x0627, 0x0644};
  static const UChar abu_al1[] = {0x0623, 0x0628, 0x0648, 0x0627, 0x0644};
  static const UChar abu_al2[] = {0x0627, 0x0628, 0x0648, 0x0627, 0x0644};
  static const UChar allah[] = {0x0627, 0x0644, 0x0644, 0x0647};
  for (;;) {
    /* عبد / أبو glued to an article: a word of its own. */
    if (n > 6 && (starts(w, n, abd_al, 5) || starts(w, n, abu_al1, 5) || starts(w, n, abu_al2, 5))) {
      for (int32_t i = 0; i < 3; i++) out[(*k)++] = w[i] == 0x0639 ? 0x0627 : w[i];   /* ayin: below */
      out[(*k)++] = ' ';
      w += 3;
      n -= 3;
      continue;
    }
    /* The article, unless the word is الله or too short to hold a name. */
    if (n >= 4 && w[0] == 0x0627 && w[1] == 0x0644 && !(n == 4 && starts(w, n, allah, 4))) {
      out[(*k)++] = w[0];
      out[(*k)++] = w[1];
      out[(*k)++] = ' ';
      w += 2;
      n -= 2;
      continue;
    }
    break;
  }
  for (int32_t i = 0; i < n; i++) {
    if (w[i] == 0x0639) {
      /* An ayin is a vowel in Latin spellings (Omar, Uday, Issam, Saeed,
       * Naim): write it as an alef, or not at all next to one (Adel,
       * Ismail). */
      if (!(i + 1 < n && ar_alef(w[i + 1])) && !(i > 0 && ar_alef(w[i - 1]))) out[(*k)++] = 0x0627;
      continue;
    }
    out[(*k)++] = w[i];
  }
}

/* The Arabic-script pass over in[0..n) into out (room for 2n units);
 * returns the new length. Also drops ta marbuta and tatweel, and in a
 * Persian-script name writes ض ذ ظ as ز and ث as س. */
static int32_t arabic_pass(const UChar *in, int32_t n, UChar *out) {
  int persian = persian_text(in, n);
  UChar word[256];
  int32_t k = 0;
  for (int32_t i = 0; i < n;) {
    if (!ar_letter(in[i])) {
      out[k++] = in[i++];
      continue;
    }
    int32_t m = 0;
    while (i < n && ar_letter(in[i])) {
      UChar c = in[i++];
      if (c == 0x0629 || c == 0x0640) continue;    /* ta marbuta, tatweel */
      if (persian && (c == 0x0636 || c == 0x0630 || c == 0x0638)) c = 0x0632;
      if (persian && c == 0x062B) c = 0x0633;
      if (m == (int32_t)(sizeof word / sizeof *word)) {   /* a very long word: as it is */
        ar_word(word, m, out, &k);
        m = 0;
      }
      word[m++] = c;
    }
    ar_word(word, m, out, &k);
  }
  return k;
}

/* Reads s[0..n) into t->b as UTF-16, case-folded and with the Arabic-script
 * pass applied; sets *len. Grows the buffers as needed. */
static int prepare(vet__translit *t, const char *s, size_t n, int32_t *len) {
  /* UTF-16 never has more units than UTF-8 has bytes. */
  if (grow(t, (int32_t)n + 1)) return VET_ENOMEM;
  UErrorCode st = U_ZERO_ERROR;
  int32_t l = 0;
  u_strFromUTF8WithSub(t->a, t->cap, &l, s, (int32_t)n, 0xFFFD, NULL, &st);
  if (U_FAILURE(st)) return VET_EENCODING;
  /* Full case folding can grow the text (ß → ss): retry with room. */
  int32_t m;
  for (;;) {
    st = U_ZERO_ERROR;
    m = u_strFoldCase(t->b, t->cap, t->a, l, U_FOLD_CASE_DEFAULT, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR || m >= t->cap) {
      if (grow(t, m + 1)) return VET_ENOMEM;
      /* grow() may have moved a; refill it. */
      st = U_ZERO_ERROR;
      u_strFromUTF8WithSub(t->a, t->cap, &l, s, (int32_t)n, 0xFFFD, NULL, &st);
      if (U_FAILURE(st)) return VET_EENCODING;
      continue;
    }
    if (U_FAILURE(st)) return VET_EENCODING;
    break;
  }
  /* The Arabic-script pass at most doubles the text (a space per cut). */
  if (grow(t, 2 * m + 1)) return VET_ENOMEM;
  *len = arabic_pass(t->b, m, t->a);
  UChar *x = t->a;
  t->a = t->b;
  t->b = x;
  return 0;
}

/* Appends the ASCII form of s[0..n) to *out (the caller owns *out). */
int vet__translit_run(vet__translit *t, const char *s, size_t n, vet__buf *out) {
  if (n > (1u << 20)) n = 1u << 20;
  int32_t len = 0;
  int rc = prepare(t, s, n, &len);
  if (rc) return rc;
  /* Transliteration happens in place in b and may also grow the text. */
  for (;;) {
    int32_t tlen = len, limit = len;
    UErrorCode st = U_ZERO_ERROR;
    utrans_transUChars(t->tr, t->b, &tlen, t->cap, 0, &limit, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      /* b is not guaranteed to be unchanged on overflow: redo from s. */
      if (grow(t, tlen + 1)) return VET_ENOMEM;
      if ((rc = prepare(t, s, n, &len))) return rc;
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
