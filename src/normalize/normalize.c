/* normalize.c — the normalization pipeline (steps listed in normalize.h).
 *
 * A vet__normalizer holds a borrowed dictionary, the lazily created ICU
 * transliterator and scratch buffers; it allocates nothing per call once its
 * buffers have grown. Not thread-safe: one per thread (each vet_matcher owns
 * one). */
#include "normalize/normalize.h"

#include <stdlib.h>
#include <string.h>

struct vet__normalizer {
  const vet__dict *dict;
  vet__translit *tr;      /* created on the first non-ASCII input */
  vet__buf a, b;
};

vet__normalizer *vet__normalizer_new(const vet__dict *d) {
  vet__normalizer *nz = calloc(1, sizeof *nz);
  if (!nz) return NULL;
  nz->dict = d;
  return nz;
}

void vet__normalizer_free(vet__normalizer *nz) {
  if (!nz) return;
  vet__translit_free(nz->tr);
  vet__buf_free(&nz->a);
  vet__buf_free(&nz->b);
  free(nz);
}

/* 1 if s holds a code point of the Arabic or Hebrew blocks (scripts that
 * write no short vowels), judged from UTF-8 lead bytes. */
static int has_vowelless_script(const unsigned char *s, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    unsigned char c = s[i];
    if (c == 0xD6 && s[i + 1] >= 0x90) return 1;           /* U+0590..U+05BF Hebrew */
    if (c == 0xD7) return 1;                                /* U+05C0..U+05FF Hebrew */
    if (c >= 0xD8 && c <= 0xDB) return 1;                   /* U+0600..U+06FF Arabic */
    if (c == 0xDD && s[i + 1] >= 0x80 && s[i + 1] <= 0xBF) return 1; /* U+0740.. Arabic suppl. */
    if (c == 0xEF && i + 2 < n && (s[i + 1] == 0xAD || s[i + 1] == 0xAE || s[i + 1] == 0xAF ||
                                   (s[i + 1] >= 0xB0 && s[i + 1] <= 0xB7) ||
                                   (s[i + 1] >= 0xB9 && s[i + 1] <= 0xBB)))
      return 1;                                              /* presentation forms */
  }
  return 0;
}

/* See normalize.h. */
int vet__normalize_basic(vet__normalizer *nz, const char *name, size_t n, vet__buf *out,
                         int *vowelless) {
  vet__buf_clear(out);
  int ascii = 1;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)name[i] >= 0x80) {
      ascii = 0;
      break;
    }
  if (vowelless) *vowelless = 0;
  if (ascii) return vet__tokenize_ascii(name, n, out);
  if (vowelless) *vowelless = has_vowelless_script((const unsigned char *)name, n);
  if (!nz->tr && !(nz->tr = vet__translit_new())) return VET_ENOMEM;
  vet__buf_clear(&nz->b);
  int rc = vet__translit_run(nz->tr, name, n, &nz->b);
  if (rc) return rc;
  return vet__tokenize_ascii(nz->b.data, nz->b.len, out);
}

typedef struct word {
  const char *s;
  size_t n;
  int kind;            /* -1: no dictionary entry; else vet__dict_kind */
  int orig_differs;    /* the canonical form differs from what was written */
  int surname;         /* 1: before the comma of a "LAST, First" name */
} word;

#define MAX_WORDS 96

static int is_comma(const word *w) { return w->n == 1 && w->s[0] == ','; }

/* Splits "a b c" (from a vet__buf) into words, in place (NUL-terminates). */
static size_t split(char *s, size_t n, word *w, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < cap;) {
    while (i < n && s[i] == ' ') i++;
    if (i >= n) break;
    size_t j = i;
    while (j < n && s[j] != ' ') j++;
    s[j] = 0;
    w[k++] = (word){s + i, j - i, -1, 0, 0};
    i = j + 1;
  }
  return k;
}

static int put_token(vet__nname *out, const char *s, size_t n, uint8_t flags) {
  if (out->n >= VET__NAME_MAX_TOKENS) return 0;
  if (out->used + n + 1 + VET__SKEL_MAX > VET__NAME_BUF) return 0;
  char *t = out->buf + out->used;
  memcpy(t, s, n);
  t[n] = 0;
  out->used += n + 1;
  char *sk = out->buf + out->used;
  size_t sl = vet__skeleton(t, n, sk, VET__SKEL_MAX);
  out->used += sl + 1;
  out->tok[out->n++] = (vet__ntoken){t, (uint16_t)n, flags, sk};
  return 0;
}

static uint8_t flags_of(int kind) {
  switch (kind) {
    case VET__DK_LEGAL: return VET__TOK_LEGAL;
    case VET__DK_PARTICLE: return VET__TOK_PARTICLE;
    case VET__DK_STOP: return VET__TOK_STOP;
    case VET__DK_ABBREV: return VET__TOK_ABBREV;
    default: return 0;
  }
}

/* The phrase-word status of each word (phrase_words.c), worked out only
 * when the name holds a phrase word as written. */
enum { PW_UNKNOWN = 0, PW_NONE, PW_EXACT, PW_NEAR };
typedef struct pw_state {
  const vet__pwords *pw;
  int any;                       /* some word is a phrase word as written */
  uint8_t st[MAX_WORDS];
  const char *rep[MAX_WORDS];    /* PW_NEAR: the phrase word it stands for */
  size_t repn[MAX_WORDS];
} pw_state;

static int pw_status(pw_state *p, const word *w, size_t i) {
  if (p->st[i] == PW_UNKNOWN) {
    p->st[i] = PW_NONE;
    if (is_comma(&w[i])) return p->st[i];
    if (vet__pwords_has(p->pw, w[i].s, w[i].n)) p->st[i] = PW_EXACT;
    else if (vet__pwords_near(p->pw, w[i].s, w[i].n, &p->rep[i], &p->repn[i])) p->st[i] = PW_NEAR;
  }
  return p->st[i];
}

/* A phrase of several words written with typos ("Joibnt Stock Compajny"):
 * the longest run from word i whose words are each a phrase word or one
 * edit from exactly one, with at least one as written and one corrected,
 * that is in the dictionary once corrected. Returns its length in words
 * (0: none) and sets *canon and *kind. */
static size_t typo_phrase(const vet__normalizer *nz, pw_state *p, const word *w, size_t n0, size_t i,
                          const char **canon, vet__dict_kind *kind) {
  if (!p->any) return 0;
  size_t m = 0;
  while (i + m < n0 && m < VET__DICT_MAX_WORDS && pw_status(p, w, i + m) != PW_NONE) m++;
  char phrase[512];
  for (size_t l = m; l >= 2; l--) {
    size_t pl = 0;
    int exact = 0, fixed = 0;
    for (size_t k = i; k < i + l; k++) {
      const char *s = p->st[k] == PW_NEAR ? p->rep[k] : w[k].s;
      size_t sn = p->st[k] == PW_NEAR ? p->repn[k] : w[k].n;
      exact += p->st[k] == PW_EXACT;
      fixed += p->st[k] == PW_NEAR;
      if (pl + sn + 1 >= sizeof phrase) return 0;
      if (k > i) phrase[pl++] = ' ';
      memcpy(phrase + pl, s, sn);
      pl += sn;
    }
    if (exact && fixed && vet__dict_lookup(nz->dict, phrase, pl, canon, kind)) return l;
  }
  return 0;
}

/* See normalize.h. */
int vet__normalize(vet__normalizer *nz, const char *name, size_t n, vet__nname *out) {
  out->n = 0;
  out->used = 0;
  out->reordered = 0;
  out->vowelless = 0;
  int vowelless = 0;
  int rc = vet__normalize_basic(nz, name, n, &nz->a, &vowelless);
  if (rc) return rc;
  out->vowelless = vowelless;
  if (!nz->a.data) return 0;

  word raw[MAX_WORDS];
  size_t nraw = split(nz->a.data, nz->a.len, raw, MAX_WORDS);

  /* (Arabic script's attached article was cut off before ICU, translit.c.) */
  word *w0 = raw;
  size_t n0 = nraw;

  /* Dictionary phrases, longest first. Canonical forms point into the
   * dictionary, which outlives the call. */
  word w1[MAX_WORDS];
  size_t n1 = 0;
  char phrase[512];
  pw_state pws;
  pws.pw = vet__dict_pwords(nz->dict);
  pws.any = 0;
  memset(pws.st, PW_UNKNOWN, n0);
  if (pws.pw && !vowelless)
    for (size_t i = 0; i < n0 && !pws.any; i++) pws.any = pw_status(&pws, w0, i) == PW_EXACT;
  for (size_t i = 0; i < n0 && n1 < MAX_WORDS;) {
    size_t best = 0;
    const char *canon = NULL;
    vet__dict_kind kind = VET__DK_COUNT;
    if (nz->dict && !is_comma(&w0[i])) {
      size_t maxl = n0 - i < VET__DICT_MAX_WORDS ? n0 - i : VET__DICT_MAX_WORDS;
      for (size_t l = maxl; l >= 1 && !best; l--) {
        size_t pl = 0;
        int ok = 1;
        for (size_t k = 0; k < l; k++) {
          if (is_comma(&w0[i + k]) || pl + w0[i + k].n + 1 >= sizeof phrase) {
            ok = 0;
            break;
          }
          if (k) phrase[pl++] = ' ';
          memcpy(phrase + pl, w0[i + k].s, w0[i + k].n);
          pl += w0[i + k].n;
        }
        if (!ok) continue;
        const char *c;
        vet__dict_kind kd;
        if (vet__dict_lookup(nz->dict, phrase, pl, &c, &kd)) {
          best = l;
          canon = c;
          kind = kd;
          w1[n1].orig_differs = (strlen(c) != pl || memcmp(c, phrase, pl) != 0);
        }
      }
    }
    if (!best && nz->dict && !is_comma(&w0[i]) && (best = typo_phrase(nz, &pws, w0, n0, i, &canon, &kind)))
      w1[n1].orig_differs = 1;
    /* A long word one typo away from a legal form, an abbreviation or a
     * variant; not in a vowelless script, whose renderings are no typos. */
    if (!best && nz->dict && !is_comma(&w0[i]) && !vowelless &&
        vet__dict_lookup_fuzzy(nz->dict, w0[i].s, w0[i].n, &canon, &kind)) {
      best = 1;
      w1[n1].orig_differs = 1;
    }
    if (!best) {
      w1[n1++] = w0[i++];
      continue;
    }
    /* A canonical form of several words becomes several words. */
    const char *c = canon;
    int differs = w1[n1].orig_differs;
    while (*c && n1 < MAX_WORDS) {
      const char *e = strchr(c, ' ');
      size_t l = e ? (size_t)(e - c) : strlen(c);
      w1[n1++] = (word){c, l, (int)kind, differs, 0};
      c += l;
      while (*c == ' ') c++;
    }
    i += best;
  }

  /* "LAST, First" → "First LAST". */
  size_t comma = n1;
  int commas = 0;
  for (size_t i = 0; i < n1; i++)
    if (is_comma(&w1[i])) {
      if (comma == n1) comma = i;
      commas++;
    }
  word w2[MAX_WORDS];
  size_t n2 = 0;
  if (commas == 1 && comma > 0 && comma + 1 < n1) {
    int substantive = 0;
    for (size_t i = comma + 1; i < n1; i++)
      if (w1[i].kind != VET__DK_LEGAL && w1[i].kind != VET__DK_STOP &&
          w1[i].kind != VET__DK_HONORIFIC)
        substantive = 1;
    if (substantive) {
      for (size_t i = comma + 1; i < n1; i++) w2[n2++] = w1[i];
      for (size_t i = 0; i < comma; i++) {
        w2[n2] = w1[i];
        w2[n2++].surname = 1;
      }
      out->reordered = 1;
    }
  }
  if (!out->reordered)
    for (size_t i = 0; i < n1; i++)
      if (!is_comma(&w1[i])) w2[n2++] = w1[i];

  /* Honorifics go, unless nothing else would be left. */
  size_t keep = 0;
  for (size_t i = 0; i < n2; i++)
    if (w2[i].kind != VET__DK_HONORIFIC && !is_comma(&w2[i])) keep++;
  for (size_t i = 0; i < n2; i++) {
    if (is_comma(&w2[i]) || (keep && w2[i].kind == VET__DK_HONORIFIC)) continue;
    uint8_t f = w2[i].kind >= 0 ? flags_of(w2[i].kind) : 0;
    if (w2[i].orig_differs && (w2[i].kind == VET__DK_VARIANT || w2[i].kind == VET__DK_ABBREV))
      f |= VET__TOK_VARIANT;
    if (vowelless) f |= VET__TOK_VOWELLESS;
    if (w2[i].surname) f |= VET__TOK_SURNAME;
    if (w2[i].n && strspn(w2[i].s, "0123456789") >= w2[i].n) f |= VET__TOK_NUMBER;
    if ((rc = put_token(out, w2[i].s, w2[i].n, f))) return rc;
  }
  return 0;
}

/* See normalize.h. */
char *vet__nname_join(const vet__nname *nm) {
  vet__buf b = VET__BUF_INIT;
  for (size_t i = 0; i < nm->n; i++) {
    if (i && vet__buf_putc(&b, ' ')) goto fail;
    if (vet__buf_append(&b, nm->tok[i].text, nm->tok[i].len)) goto fail;
  }
  if (!b.data && vet__buf_puts(&b, "")) goto fail;
  return vet__buf_take(&b);
fail:
  vet__buf_free(&b);
  return NULL;
}
