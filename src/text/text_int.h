/* text_int.h — the parts of vet text, for the scanner and white-box tests.
 *
 * token.c splits UTF-8 text into word tokens with their case class and the
 * kind of break before each, and folds a token to its key (lower case,
 * Latin letters without accents; other scripts transliterated to Latin, as
 * list names are). vocab.c holds every word of every listed name with the
 * number of names it occurs in, the 1-deletion neighbours of longer words
 * (to meet typos), and the common English words. scan.c chooses windows
 * and screens them; html.c turns HTML into text. */
#ifndef VET_TEXT_INT_H
#define VET_TEXT_INT_H
#include <stdint.h>
#include "vet.h"
#include "core/buf.h"
#include "batch/batch_int.h"

/* Case classes of a token. */
enum {
  VET__TOK_CAP = 1,       /* first letter upper or title case */
  VET__TOK_UPPER = 2,     /* every cased letter upper, at least two letters */
  VET__TOK_LOWER = 4,     /* letters, none upper */
  VET__TOK_NOCASE = 8,    /* letters of a script without case (Arabic, Han, ...) */
  VET__TOK_DIGIT = 16     /* digits only */
};

/* The strongest break between a token and the one before it. */
enum {
  VET__BRK_SOFT = 0,      /* spaces, one line break, hyphen, apostrophe, "&" */
  VET__BRK_COMMA = 1,     /* a comma: a name may run across ("Sierra, Inc"), two names meet there */
  VET__BRK_WINDOW = 2,    /* brackets, quotes, ; : / | — a name does not run across */
  VET__BRK_SENTENCE = 3   /* . ! ? at a sentence end, a blank line, the start */
};

typedef struct vet__text_token {
  size_t start, end;      /* bytes of the token in the text */
  uint32_t key_off, key_n;/* its folded key in the tokenizer's key buffer */
  uint8_t cls, brk;
} vet__text_token;

/* Tokenizer state: reusable buffers and a transliterator made on first need. */
typedef struct vet__text_folder {
  void *trans;            /* UTransliterator*, "Any-Latin; Latin-ASCII; Lower" */
  uint16_t *u16;
  size_t u16_cap;
  int failed;             /* the transliterator could not be made: keys stay folded only */
} vet__text_folder;

void vet__text_folder_free(vet__text_folder *f);
/* Appends the key of s[0, n) to out. */
int vet__text_fold(vet__text_folder *f, const char *s, size_t n, vet__buf *out);
/* Tokens of text[from, to): appended to *toks (grown with realloc) and their
** keys to keys. Returns VET_OK or VET_ENOMEM. The first token of a call
** starts a sentence (callers cut text at sentence ends). */
int vet__text_tokenize(vet__text_folder *f, const char *text, size_t from, size_t to,
                       vet__text_token **toks, size_t *n, size_t *cap, vet__buf *keys);

/* ---- vocabulary ---------------------------------------------------------------- */

typedef struct vet__strtab_slot {
  uint64_t hash;
  uint32_t off, n;        /* key in the table's own buffer; n == UINT32_MAX: empty */
  int32_t value;
} vet__strtab_slot;

typedef struct vet__strtab {
  vet__strtab_slot *slots;
  size_t mask, count;
  vet__buf keys;
} vet__strtab;

int vet__strtab_init(vet__strtab *t, size_t expect);
void vet__strtab_free(vet__strtab *t);
/* The value of key, or -1. */
int32_t vet__strtab_get(const vet__strtab *t, const char *key, size_t n);
/* Inserts key with value if absent; *slot_value points at its stored value. */
int vet__strtab_put(vet__strtab *t, const char *key, size_t n, int32_t value, int32_t **slot_value);

typedef struct vet__text_vocab {
  vet__strtab words;      /* key -> word index */
  uint32_t *df;           /* per word: how many entities' names hold it */
  size_t n_words, cap;
  vet__strtab deletions;  /* a word with one letter deleted -> word index */
  vet__strtab common;     /* common words: 0; particles: 1 inside a name, 2 may begin one; legal forms: 3 */
  uint32_t n_entities;
} vet__text_vocab;

/* Every word of every name of every entity in snap. */
int vet__text_vocab_build(vet__text_vocab *v, const vet_snapshot *snap, vet__text_folder *f,
                          vet_error *err);
void vet__text_vocab_free(vet__text_vocab *v);
/* The word within one edit of key (deletion, insertion, substitution), or -1. */
int32_t vet__text_vocab_typo(const vet__text_vocab *v, const char *key, size_t n);

/* vet_text_scanner_new() with any scorer (tests; the shipped one screens). */
int vet__text_scanner_new_with(const vet_snapshot *snap, const vet_text_options *o,
                               const vet__batch_scorer *scorer, vet_text_scanner **out,
                               vet_error *err);
/* The shipped scorer: vet_screen() (batch/screen.c). */
vet__batch_scorer vet__screen_scorer(const vet_snapshot *snap);
#endif
