/* similarity.c — how alike two tokens are.
 *
 * The rules, in order (docs/MATCHING.md explains the values):
 *   exact         same text: 1.0 ("variant" when the dictionary made them equal);
 *   typo          restricted Damerau-Levenshtein (optimal string alignment)
 *                 distance d ≤ vet__max_edits(longer length) (0 up to 3 bytes,
 *                 1 up to 5, else 2): 1 - 0.8·d/longer;
 *   transliteration  one side a rendering of a script without vowels (not
 *                 a dictionary form: rendered()) and equal consonant
 *                 skeletons of at least two letters, as written or with
 *                 repeated letters kept once (vet__skel_match): 0.9, or for
 *                 two letters 0.8 (0.9 within the typo edits; translit_sim());
 *                 One-letter skeletons meet too, between a vowelless token
 *                 and a Latin one of three letters or more that begin alike
 *                 (both with a vowel or both not) and end alike (both with a
 *                 vowel, y or w, or both not): 0.8 ("ady" عدي = Uday, "aywb"
 *                 ایوب = Ayub, "wly" ولی = Wali; vet__skel1_match());
 *   initial       a one-letter token and a longer token starting with it, or
 *                 with a letter another spelling of its class starts with
 *                 (vet__stok.firsts: "e" and "yelena", written Elena): 0.8;
 *   alias         a query word one typo from a dictionary spelling against
 *                 that spelling's canonical token: the typo similarity of the
 *                 word and the spelling; a joined word against the one token
 *                 its halves read as: 1.0 (score.h, vet__stok.alias).
 * Anything else is 0. Initials never anchor a match (see score.c). */
#include "match/score.h"

#include <string.h>

/* The most edits a typo may have, by the longer token's length. */
int vet__max_edits(size_t len) { return len <= 3 ? 0 : len <= 5 ? 1 : 2; }

/* Optimal-string-alignment distance of a and b, or maxd + 1 when it is
 * larger than maxd. Two cheap rejections come first: the length difference,
 * and the letters used (an edit changes at most two bits of the set of
 * letters, so more than 2·maxd differing bits means more than maxd edits).
 * The distance itself comes from the bit-parallel algorithm for the
 * optimal-string-alignment distance (Hyyrö 2003, "A bit-vector algorithm
 * for computing Levenshtein and Damerau edit distances"): one 64-bit word
 * holds a whole column of the dynamic programme, so a comparison costs a
 * few word operations per byte of b instead of a band of cells per byte.
 * It computes exactly the distance of the full dynamic programme. Tokens
 * longer than 63 bytes compare on their first 63. */
int vet__edit_distance(const char *a, size_t la, const char *b, size_t lb, int maxd) {
  if (la > 63) la = 63;
  if (lb > 63) lb = 63;
  size_t diff = la > lb ? la - lb : lb - la;
  if ((int)diff > maxd) return maxd + 1;
  if (maxd == 0) return (la == lb && !memcmp(a, b, la)) ? 0 : 1;
  if (vet__popcount(vet__letters(a, la) ^ vet__letters(b, lb)) > 2 * maxd) return maxd + 1;
  if (la == 0) return (int)lb > maxd ? maxd + 1 : (int)lb;
  const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
  /* peq[c]: the positions of byte c in a. Only the entries of bytes that
   * occur in a or b are read, so only those are cleared. */
  uint64_t peq[256];
  for (size_t j = 0; j < lb; j++) peq[ub[j]] = 0;
  for (size_t i = 0; i < la; i++) peq[ua[i]] = 0;
  for (size_t i = 0; i < la; i++) peq[ua[i]] |= (uint64_t)1 << i;
  uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, pm_old = 0, last = (uint64_t)1 << (la - 1);
  int dist = (int)la;
  for (size_t j = 0; j < lb; j++) {
    uint64_t pm = peq[ub[j]];
    uint64_t tr = (((~d0) & pm) << 1) & pm_old;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    uint64_t hp = vn | ~(d0 | vp), hn = d0 & vp;
    if (hp & last) dist++;
    else if (hn & last) dist--;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pm_old = pm;
  }
  return dist > maxd ? maxd + 1 : dist;
}

/* Typo similarity of two strings, or 0 beyond the allowed edits. `maxd_cap`
 * lowers the allowance (joined tokens use 1). */
float vet__string_sim(const char *a, size_t la, const char *b, size_t lb, int maxd_cap) {
  if (la == lb && !memcmp(a, b, la)) return 1.0f;
  size_t longer = la > lb ? la : lb;
  int maxd = vet__max_edits(longer);
  if (maxd > maxd_cap) maxd = maxd_cap;
  if (maxd == 0) return 0.0f;
  int d = vet__edit_distance(a, la, b, lb, maxd);
  if (d > maxd) return 0.0f;
  return 1.0f - 0.8f * (float)d / (float)longer;
}

/* See score.h. */
int vet__skel_match(const char *a, const char *b) {
  if (!a[0] || !b[0]) return 0;
  if (a[1] && !strcmp(a, b)) return 1;
  char ca[VET__SKEL_MAX], cb[VET__SKEL_MAX];
  size_t la = vet__skeleton_collapse(a, ca, sizeof ca), lb = vet__skeleton_collapse(b, cb, sizeof cb);
  return la >= 2 && la == lb && !memcmp(ca, cb, la);
}

/* 1 if t is a rendering of a vowelless script: flagged VOWELLESS and not
 * put in place by the dictionary. A dictionary form ("mohammed" for محمد)
 * is a Latin spelling, and its skeleton would pair it with other names
 * (Mahmoud is "mhmd" too). */
static int rendered(const vet__stok *t) {
  return (t->flags & (VET__TOK_VOWELLESS | VET__TOK_VARIANT)) == VET__TOK_VOWELLESS;
}

static int vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

/* The similarity of two tokens whose skeletons meet; `typo` is their typo
 * similarity (0 when further apart than the allowed edits). A skeleton of
 * four letters or more gives 0.95 ("rmadna" رمادنا / Remadna), of three 0.9.
 * Two consonants
 * say little ("moore" and "amyr" are both "mr"), so a two-letter skeleton
 * gives 0.8 — 0.9 when the spellings are also within the allowed edits
 * ("amyn" أمين / Amin, "rayd" رائد / Raed) — and none at all when the Latin
 * word starts with a consonant where the vowelless one starts with a vowel
 * (an alef or an ayin: "amyr" is not "moore"). */
static float translit_sim(const vet__stok *a, const vet__stok *b, float typo) {
  char ca[VET__SKEL_MAX];
  size_t la = strlen(a->skel), lb = strlen(b->skel);
  if (la != lb || strcmp(a->skel, b->skel)) la = vet__skeleton_collapse(a->skel, ca, sizeof ca);
  (void)lb;
  if (la >= 4) return 0.95f;   /* four consonants in order: strong evidence */
  if (la >= 3) return 0.9f;
  int av = rendered(a), bv = rendered(b);
  if (av != bv) {
    const vet__stok *latin = av ? b : a, *vl = av ? a : b;
    if (!vowel(latin->text[0]) && vowel(vl->text[0])) return 0.0f;
  }
  return typo > 0 ? 0.9f : 0.8f;
}

static int vowel_end(char c) { return vowel(c) || c == 'w'; }
static int vowel_start(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* See score.h. */
int vet__skel1_match(const vet__stok *a, const vet__stok *b) {
  /* The sides by the VOWELLESS flag, which the index keys by
   * (vet__skel1_key); the vowelless one must be a rendering. */
  int av = (a->flags & VET__TOK_VOWELLESS) != 0, bv = (b->flags & VET__TOK_VOWELLESS) != 0;
  if (av == bv || !a->skel[0] || a->skel[1] || a->skel[0] != b->skel[0] || b->skel[1]) return 0;
  const vet__stok *latin = av ? b : a, *vl = av ? a : b;
  if (!rendered(vl) || latin->len < 3 || vl->len < 2) return 0;
  return vowel_start(latin->text[0]) == vowel_start(vl->text[0]) &&
         vowel_end(latin->text[latin->len - 1]) == vowel_end(vl->text[vl->len - 1]);
}

/* See score.h. */
size_t vet__skel1_key(const char *skel, int vowelless, char out[2]) {
  if (!skel[0] || skel[1]) return 0;
  out[0] = skel[0];
  out[1] = vowelless ? '1' : '0';
  return 2;
}

/* See score.h. */
float vet__run_translit(const char *run_skel, const char *name_skel) {
  char c[VET__SKEL_MAX];
  size_t l = vet__skeleton_collapse(run_skel, c, sizeof c);
  if (l < 3 || !vet__skel_match(run_skel, name_skel)) return 0.0f;
  return l >= 4 ? 0.95f : 0.9f;
}

/* See score.h. */
float vet__token_sim(const vet__stok *a, const vet__stok *b, int *how) {
  if (a->len == b->len && !memcmp(a->text, b->text, a->len)) {
    *how = ((a->flags | b->flags) & VET__TOK_VARIANT) ? VET__HOW_VARIANT : VET__HOW_EXACT;
    return 1.0f;
  }
  if (a->len == 1 || b->len == 1) {
    /* A legal form is no initial's word: "Holdings Inc." did not meet
     * "I&S HOLDING COMPANY, S.A." through inc ~ i. */
    const vet__stok *one = a->len == 1 ? a : b, *word = a->len == 1 ? b : a;
    if (word->len > 1 && !(word->flags & VET__TOK_LEGAL) &&
        (one->text[0] == word->text[0] || vet__initial_of(one->text[0], word->firsts))) {
      *how = VET__HOW_INITIAL;
      return 0.8f;
    }
    return 0.0f;
  }
  /* A query word one typo from a dictionary spelling pairs with the
   * spelling's canonical token as that typo (matcher.c sets the alias). */
  if (a->alias && a->alias_len == b->len && !memcmp(a->alias, b->text, b->len)) {
    *how = a->alias_how;
    return a->alias_sim;
  }
  /* The lengths, and the letter sets when both are known, reject most pairs
   * without the edit distance: more than two edits (the cap below) or more
   * than 2·allowed differing letters is too far. */
  float s = 0.0f;
  size_t longer = a->len > b->len ? a->len : b->len;
  size_t shorter = a->len < b->len ? a->len : b->len;
  if (longer - shorter <= 2 &&   /* further apart than two edits: 0 for sure */
      (!a->letters || !b->letters || vet__popcount(a->letters ^ b->letters) <= 2 * vet__max_edits(longer)))
    s = vet__string_sim(a->text, a->len, b->text, b->len, 2);
  /* A transliteration pair beats a distant typo ("sdam" / "saddam"). */
  if (s < 0.9f && (rendered(a) || rendered(b)) && vet__skel_match(a->skel, b->skel)) {
    float t = translit_sim(a, b, s);
    if (t > s) {
      *how = VET__HOW_TRANSLIT;
      return t;
    }
  }
  if (s < 0.8f && (rendered(a) || rendered(b)) && vet__skel1_match(a, b)) {
    *how = VET__HOW_TRANSLIT;
    return 0.8f;
  }
  if (s > 0) *how = VET__HOW_TYPO;
  return s;
}
