/* token.c — word tokens of UTF-8 text, and their folded keys.
 *
 * A token is a run of letters and digits (any script; combining marks stay
 * with their letter). Everything else separates tokens, and the strongest
 * separator between two tokens is recorded: a sentence end (". " after a
 * word that is not an abbreviation, "!", "?", a blank line), a window break
 * (brackets, quotes, semicolon, colon, slash), a comma, or a soft break
 * (spaces, one line break, hyphen, apostrophe, "&") — so "NSO\nGroup" and
 * "al-Baghdadi" still make one window. Keys: ASCII is lower-cased in place;
 * anything else goes through ICU "Any-Latin; Latin-ASCII; Lower", the same
 * transform the vocabulary uses for listed names, so "Müller" meets
 * "Mueller"/"Muller" and Arabic script meets its Latin form where ICU's
 * transliteration agrees with the list's. */
#include "text/text_int.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

void vet__text_folder_free(vet__text_folder *f) {
  if (f->trans) utrans_close((UTransliterator *)f->trans);
  free(f->u16);
  memset(f, 0, sizeof *f);
}

static int ensure_u16(vet__text_folder *f, size_t n) {
  if (n <= f->u16_cap) return VET_OK;
  size_t cap = n * 2 + 64;
  uint16_t *p = realloc(f->u16, cap * sizeof *p);
  if (!p) return VET_ENOMEM;
  f->u16 = p;
  f->u16_cap = cap;
  return VET_OK;
}

int vet__text_fold(vet__text_folder *f, const char *s, size_t n, vet__buf *out) {
  int ascii = 1;
  for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
  if (ascii) {
    if (vet__buf_reserve(out, n)) return VET_ENOMEM;
    for (size_t i = 0; i < n; i++) {
      char c = s[i];
      out->data[out->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out->data[out->len] = '\0';
    return VET_OK;
  }
  UErrorCode ec = U_ZERO_ERROR;
  if (!f->trans && !f->failed) {
    static const UChar id[] = {'A','n','y','-','L','a','t','i','n',';',' ','L','a','t','i','n','-',
                               'A','S','C','I','I',';',' ','L','o','w','e','r',0};
    f->trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ec);
    if (U_FAILURE(ec)) {
      f->trans = NULL;
      f->failed = 1;
    }
    ec = U_ZERO_ERROR;
  }
  if (ensure_u16(f, n * 4 + 16)) return VET_ENOMEM;
  int32_t len = 0;
  u_strFromUTF8Lenient((UChar *)f->u16, (int32_t)f->u16_cap, &len, s, (int32_t)n, &ec);
  if (U_FAILURE(ec)) return vet__buf_append(out, s, n);
  if (f->trans) {
    int32_t limit = len;
    utrans_transUChars((UTransliterator *)f->trans, (UChar *)f->u16, &len, (int32_t)f->u16_cap, 0,
                       &limit, &ec);
    if (U_FAILURE(ec)) return vet__buf_append(out, s, n);
  } else {
    UChar tmp[256];
    if (len < 256) {
      memcpy(tmp, f->u16, (size_t)len * sizeof *tmp);
      len = u_strFoldCase((UChar *)f->u16, (int32_t)f->u16_cap, tmp, len, U_FOLD_CASE_DEFAULT, &ec);
    }
  }
  /* Keep letters and digits only: transliteration may add apostrophes. */
  if (vet__buf_reserve(out, (size_t)len * 4 + 1)) return VET_ENOMEM;
  for (int32_t i = 0; i < len;) {
    UChar32 c;
    U16_NEXT(f->u16, i, len, c);
    if (!u_isalnum(c)) continue;
    uint8_t tmp[4];
    int32_t k = 0;
    UBool err = 0;
    U8_APPEND((uint8_t *)tmp, k, 4, c, err);
    if (err) continue;
    memcpy(out->data + out->len, tmp, (size_t)k);
    out->len += (size_t)k;
  }
  out->data[out->len] = '\0';
  return VET_OK;
}

static int is_abbrev(const char *key, size_t n) {
  static const char *const abbr[] = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "no", "ltd", "inc",
                                     "co", "corp", "llc", "plc", "gmbh", "sa", "ag", "bv", "nv",
                                     "vs", "etc", "prof", "gen", "col", "lt", "capt", "sgt", "rev",
                                     "hon", "mt", "ft", "cie", "sarl", "srl", "spa", "pte", "pty",
                                     "bhd", "sdn", "oy", "ab", "as", "kg", "jsc", "ojsc", "cjsc",
                                     "pjsc", "ooo", "zao", "oao", "est", "intl", "univ", "dept"};
  if (n == 1) return 1; /* an initial: "J. Smith" */
  for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++)
    if (strlen(abbr[i]) == n && !memcmp(abbr[i], key, n)) return 1;
  return 0;
}

/* The break a separator code point makes (before the abbreviation check). */
static int sep_break(UChar32 c) {
  switch (c) {
    case '.': case '!': case '?': case 0x3002: case 0xFF01: case 0xFF1F: case 0x061F: case 0x2026:
    case 0x06D4: case 0x0964:
      return VET__BRK_SENTENCE;
    case '(': case ')': case '[': case ']': case '{': case '}': case ';': case ':': case '"':
    case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB: case '/': case '|':
    case 0x2022: case '<': case '>': case '=': case '*': case '#': case '\t':
      return VET__BRK_WINDOW;
    case ',': case 0x060C: case 0x3001: case 0xFF0C:
      return VET__BRK_COMMA;
    default:
      return VET__BRK_SOFT;
  }
}

int vet__text_tokenize(vet__text_folder *f, const char *text, size_t from, size_t to,
                       vet__text_token **toks, size_t *n, size_t *cap, vet__buf *keys) {
  const uint8_t *s = (const uint8_t *)text;
  size_t i = from;
  int brk = VET__BRK_SENTENCE;
  int newlines = 0;         /* line breaks since the last token, for blank lines */
  int sentence_mark = 0;    /* a . seen since the last token */
  int first = 1;            /* the first token of this call starts a sentence */
  while (i < to) {
    /* Separators. */
    size_t tok_start = i;
    UChar32 c;
    int32_t k = (int32_t)i;
    if (s[i] < 0x80) {
      c = s[i];
      k++;
    } else {
      U8_NEXT(s, k, (int32_t)to, c);
    }
    int word = c >= 0 && (c < 0x80 ? ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9')
                                   : u_isalnum(c));
    if (!word) {
      if (c == '\n') {
        if (++newlines >= 2) brk = VET__BRK_SENTENCE;
      } else if (c == '.') {
        sentence_mark = 1;
      } else if (c >= 0) {
        int b = sep_break(c);
        if (b > brk) brk = b;
      }
      i = (size_t)k;
      continue;
    }
    /* A word: letters, digits and the marks that follow them. */
    int upper = 0, lower = 0, nocase = 0, letters = 0, first_upper = -1;
    size_t j = tok_start;
    while (j < to) {
      int32_t kk = (int32_t)j;
      if (s[j] < 0x80) {
        c = s[j];
        kk++;
        if (((c | 32) >= 'a' && (c | 32) <= 'z')) {
          letters++;
          if (c <= 'Z') upper++;
          else lower++;
          if (first_upper < 0) first_upper = c <= 'Z';
        } else if (!(c >= '0' && c <= '9')) {
          break;
        }
      } else {
        U8_NEXT(s, kk, (int32_t)to, c);
        if (c < 0) break;
        int8_t t = u_charType(c);
        if (t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK) {
          /* stays with the letter before it */
        } else if (u_isalpha(c)) {
          letters++;
          if (u_isupper(c) || u_istitle(c)) upper++;
          else if (u_islower(c)) lower++;
          else nocase++;
          if (first_upper < 0) first_upper = u_isupper(c) || u_istitle(c);
        } else if (!u_isalnum(c)) {
          break;
        }
      }
      j = (size_t)kk;
    }
    if (*n == *cap) {
      size_t nc = *cap ? *cap * 2 : 256;
      vet__text_token *p = realloc(*toks, nc * sizeof *p);
      if (!p) return VET_ENOMEM;
      *toks = p;
      *cap = nc;
    }
    vet__text_token *t = &(*toks)[(*n)++];
    t->start = tok_start;
    t->end = j;
    t->key_off = (uint32_t)keys->len;
    if (vet__text_fold(f, text + tok_start, j - tok_start, keys)) return VET_ENOMEM;
    t->key_n = (uint32_t)(keys->len - t->key_off);
    if (vet__buf_putc(keys, '\0')) return VET_ENOMEM;
    t->cls = 0;
    if (!letters) t->cls = VET__TOK_DIGIT;
    else if (nocase && !upper && !lower) t->cls = VET__TOK_NOCASE;
    else {
      if (first_upper > 0) t->cls |= VET__TOK_CAP;
      if (!lower && upper >= 2) t->cls |= VET__TOK_UPPER;
      if (!upper) t->cls |= VET__TOK_LOWER;
    }
    /* A period ends a sentence unless it follows an abbreviation or an initial. */
    if (sentence_mark && !first && *n >= 2) {
      const vet__text_token *prev = &(*toks)[*n - 2];
      if (!is_abbrev(keys->data + prev->key_off, prev->key_n)) brk = VET__BRK_SENTENCE;
    }
    t->brk = (uint8_t)(first ? VET__BRK_SENTENCE : brk);
    first = 0;
    brk = VET__BRK_SOFT;
    newlines = 0;
    sentence_mark = 0;
    i = j;
  }
  return VET_OK;
}
