/* normalize.h — turning a name, in any script, into the tokens the matcher
 * compares.
 *
 * The pipeline (docs/MATCHING.md has the why of each step):
 *   1. ASCII input skips ICU entirely. Anything else is NFKC-normalized,
 *      fully case-folded (ß → ss), Arabic script respelled (translit.c: the
 *      article cut off, ayin as alef, ...) and transliterated to Latin and
 *      then to ASCII by one ICU transliterator ("Any-Latin; Latin-ASCII")
 *      that the normalizer creates once, on first need, and keeps.
 *   2. The ASCII text is cut into tokens: letters and digits make tokens,
 *      apostrophes vanish (O'Brien = OBrien), every other character
 *      separates. Dotted initials written without spaces join ("N.S.O." =
 *      "nso", "S.A." = "sa"). Endings -iy/-ii/-yi/-yy and consonant + -y
 *      become -i (Arkadiy = Arkady = Arkadii).
 *   3. The dictionary (dict.c) maps phrases of up to VET__DICT_MAX_WORDS
 *      tokens, longest first, to a canonical token with a kind: legal form,
 *      abbreviation, transliteration variant, honorific, particle, stop word.
 *      A word of nine letters or more that no phrase matched may still be a
 *      legal form or an abbreviation one typo away ("Aktiengeselschaft").
 *   4. "LAST, First" (one comma, not followed by only a legal form) becomes
 *      "First LAST". Honorifics are dropped unless nothing else is left.
 *   5. Names written in Arabic or Hebrew script come out of ICU without
 *      vowels ("mhmd"); their tokens are flagged VOWELLESS (the attached
 *      Arabic article was already cut off before ICU, with the other
 *      respellings of translit.c), and every token gets a consonant
 *      skeleton (skeleton.c) so that they can meet Latin spellings
 *      ("Mohammed" → "mhmd").
 *
 * Invariants: every token is non-empty lower-case ASCII [a-z0-9]; a
 * normalized name has at most VET__NAME_MAX_TOKENS tokens (the rest is cut);
 * normalizing the same text twice gives the same tokens. */
#ifndef VET_NORMALIZE_H
#define VET_NORMALIZE_H
#include <stddef.h>
#include <stdint.h>
#include "vet.h"
#include "core/buf.h"

#define VET__NAME_MAX_TOKENS 32
#define VET__NAME_BUF 2048
#define VET__DICT_MAX_WORDS 6
#define VET__SKEL_MAX 64

/* Token flags. */
enum {
  VET__TOK_LEGAL = 1,      /* a legal form (canonical class token) */
  VET__TOK_PARTICLE = 2,   /* al, bin, van, de, ... */
  VET__TOK_STOP = 4,       /* and, of, the, ... */
  VET__TOK_VOWELLESS = 8,  /* transliterated from a script that writes no short vowels */
  VET__TOK_VARIANT = 16,   /* canonicalized from another spelling (variant or abbreviation) */
  VET__TOK_ABBREV = 32,    /* the canonical form of an abbreviation */
  VET__TOK_NUMBER = 64,    /* digits only (series and unit numbers weigh less) */
  VET__TOK_SURNAME = 128   /* in a "LAST, First" name, a token of the LAST part */
};
/* Legal forms, particles and stop words weigh little and never anchor a match. */
#define VET__TOK_TRIVIAL (VET__TOK_LEGAL | VET__TOK_PARTICLE | VET__TOK_STOP)

/* Dictionary kinds, in priority order (a phrase in two files takes the first). */
typedef enum vet__dict_kind {
  VET__DK_LEGAL = 0,
  VET__DK_ABBREV,
  VET__DK_VARIANT,
  VET__DK_HONORIFIC,
  VET__DK_PARTICLE,
  VET__DK_STOP,
  VET__DK_COUNT
} vet__dict_kind;

typedef struct vet__ntoken {
  const char *text;        /* NUL-terminated, inside the owning vet__nname */
  uint16_t len;
  uint8_t flags;           /* VET__TOK_* */
  const char *skel;        /* consonant skeleton, NUL-terminated; "" when too short */
} vet__ntoken;

/* A normalized name. Self-contained (all strings point into buf); may be
 * copied with memcpy only if the pointers are rebased, so pass it by pointer. */
typedef struct vet__nname {
  size_t n;
  vet__ntoken tok[VET__NAME_MAX_TOKENS];
  int reordered;           /* 1: "LAST, First" was turned around */
  int vowelless;           /* 1: the name was in Arabic or Hebrew script */
  size_t used;
  char buf[VET__NAME_BUF];
} vet__nname;

/* ---- dictionaries (dict.c) */

typedef struct vet__dict vet__dict;

/* The dictionary folder to use when none is given: $VET_DATA_DIR/dict, else
 * the source tree's data/dict (compile-time VET_DATA_DIR), else the installed
 * share/vet/dict. Returns a malloc'd path the caller frees, or NULL if none
 * of them exists. */
char *vet__dict_default_dir(void);

/* Reads the dictionary files of `dir` (legal_forms.txt, abbreviations.txt,
 * variants.txt, honorifics.txt, particles.txt, stopwords.txt) into one text
 * appended to *out: each file's lines after a line "@kind". A missing file is
 * an error (VET_EIO); the caller owns *out. */
int vet__dict_read_dir(const char *dir, vet__buf *out, vet_error *err);

/* Parses the text made by vet__dict_read_dir(). Each variant is normalized
 * with steps 1-2 above. On success *out is owned by the caller (free with
 * vet__dict_free()). A line that yields no token is skipped. */
int vet__dict_parse(const char *text, size_t n, vet__dict **out, vet_error *err);
void vet__dict_free(vet__dict *d);
/* Appends the parsed dictionary to *out in the text format of
 * vet__dict_read_dir(), every phrase normalized (ASCII only): parsing it
 * gives the same map without ICU. */
int vet__dict_write(const vet__dict *d, vet__buf *out);
size_t vet__dict_size(const vet__dict *d);

/* Looks one word up among the single-word legal forms and abbreviations of
 * at least VET__DICT_FUZZY_MIN letters and the name variants of at least
 * VET__DICT_FUZZY_MIN_VARIANT letters (the word as long), allowing one edit
 * ("aktiengeselschaft" → ag, "muahmmad" → muhammad's class). Returns 1 and
 * sets *canonical and *kind when exactly one class is that close, else 0.
 * Probes the one-deletion neighbourhood of the word in a sorted table built
 * at parse time: for words no exact lookup found. */
#define VET__DICT_FUZZY_MIN 7
/* Name variants (variants.txt) are found one typo away from words of seven
 * letters or more ("Muahmmad" takes the class of Muhammad), so that a typo
 * in a spelling the dictionary maps elsewhere still meets its class. Six
 * would be too few: Bashir and Bashar are one letter apart. */
#define VET__DICT_FUZZY_MIN_VARIANT 7
int vet__dict_lookup_fuzzy(const vet__dict *d, const char *word, size_t n, const char **canonical,
                           vet__dict_kind *kind);

/* Looks for the spelling one edit away from `word` (not the word itself)
 * among the single-word spellings of name variants, legal forms and
 * abbreviations of at least VET__DICT_NEAR_MIN letters; the word needs as
 * many, or VET__DICT_NEAR_MIN_FORM for a legal form or an abbreviation
 * unless it has no vowel (four-letter words are too near first names: Carl
 * / SARL; "Slprl" / SPRL and "Clrp" / Corp are fine). Returns 1 and sets
 * *canonical, *kind and the spelling found (all borrowed from the
 * dictionary) when exactly one class is that close, else 0. The matcher
 * uses it for query words that no listed name holds ("Meudi" is a typo of
 * Mehdi, which the lists write in its class's spelling "mahdi"; "Limied" of
 * Limited, written "ltd"); it is not a normalization step, so short names
 * one letter apart stay apart in the index (Bashir, Bashar). */
#define VET__DICT_NEAR_MIN 4
#define VET__DICT_NEAR_MIN_FORM 5
int vet__dict_lookup_near(const vet__dict *d, const char *word, size_t n, const char **canonical,
                          vet__dict_kind *kind, const char **spelling, size_t *spelling_len);

/* Calls fn(arg, phrase, canonical, kind) for every entry, in the order
 * added (strings borrowed from the dictionary). */
void vet__dict_each(const vet__dict *d, void (*fn)(void *, const char *, const char *, vet__dict_kind),
                    void *arg);

/* Looks a phrase (tokens joined by single spaces) up. Returns 1 and sets
 * *canonical (borrowed from the dictionary) and *kind when found, else 0. */
int vet__dict_lookup(const vet__dict *d, const char *phrase, size_t n,
                     const char **canonical, vet__dict_kind *kind);

/* ---- the normalizer (normalize.c, translit.c, tokenize.c, skeleton.c) */

typedef struct vet__normalizer vet__normalizer;

/* A normalizer using dictionary `d` (borrowed; may be NULL: no dictionary).
 * NULL on ENOMEM. Not thread-safe: one per thread. */
vet__normalizer *vet__normalizer_new(const vet__dict *d);
void vet__normalizer_free(vet__normalizer *nz);

/* Normalizes name[0..n) (UTF-8) into *out. Invalid UTF-8 is replaced, never
 * fatal. Returns 0, or VET_ENOMEM / VET_EENCODING if ICU fails. */
int vet__normalize(vet__normalizer *nz, const char *name, size_t n, vet__nname *out);

/* Steps 1-2 only: the ASCII tokens of `name` joined by single spaces into
 * *out (cleared first). `vowelless` (may be NULL) is set to 1 when the
 * text held Arabic or Hebrew script. */
int vet__normalize_basic(vet__normalizer *nz, const char *name, size_t n, vet__buf *out,
                         int *vowelless);

/* The tokens joined by single spaces, into a malloc'd string; NULL on ENOMEM. */
char *vet__nname_join(const vet__nname *nm);

/* The consonant skeleton of token t[0..n) into out (NUL-terminated, at most
 * cap-1 bytes). Returns its length. See skeleton.c. */
size_t vet__skeleton(const char *t, size_t n, char *out, size_t cap);
/* The skeleton with repeated letters kept once ("mmr" → "mr"); see skeleton.c. */
size_t vet__skeleton_collapse(const char *skel, char *out, size_t cap);

/* ---- internal to the module */

/* Words one edit apart (edit1.c). vet__within_one(): 1 if a and b are at
 * most one substitution, insertion, deletion or adjacent swap apart.
 * vet__each_deletion1(): calls f(arg, s, len) for w and for each string made
 * by deleting one of its letters (words under 64 letters), stopping when f
 * returns non-zero (and returning 1 then). vet__edit1_hash(): FNV-1a. */
int vet__within_one(const char *a, size_t la, const char *b, size_t lb);
int vet__each_deletion1(const char *w, size_t n, int (*f)(void *, const char *, size_t), void *arg);
uint32_t vet__edit1_hash(const char *s, size_t n);

/* A table of one-deletion keys (edit1.c): for each word added under an id,
 * the hash of the word and of each string one deletion from it. Built by
 * adding words and sorting once; zero-initialized is empty. Looking a word
 * up: for each of its own deletions s, the keys from
 * vet__edit1_keys_find(t, vet__edit1_hash(s)) on whose hash is that hash;
 * the caller confirms each id with vet__within_one(). */
typedef struct vet__edit1_key { uint32_t hash, id; } vet__edit1_key;
typedef struct vet__edit1_keys {
  vet__edit1_key *k;    /* sorted by hash once vet__edit1_keys_sort() ran */
  size_t n, cap;
  uint32_t *dir;        /* after the sort: 2^dir_bits + 1 starts into k, by the hash's top bits */
  unsigned dir_bits;
} vet__edit1_keys;
/* Adds w's keys under id. 0 or VET_ENOMEM. */
int vet__edit1_keys_add(vet__edit1_keys *t, const char *w, size_t n, uint32_t id);
/* Sorts the keys and makes their directory. 0 or VET_ENOMEM. */
int vet__edit1_keys_sort(vet__edit1_keys *t);
/* The first key with hash h, or t->n if none has it. */
size_t vet__edit1_keys_find(const vet__edit1_keys *t, uint32_t h);
void vet__edit1_keys_free(vet__edit1_keys *t);

/* The words of the dictionary's phrases of several words (phrase_words.c),
 * for recognizing a phrase written with typos ("Joibnt Stock Compajny").
 * Built by vet__dict_parse() and owned by the dictionary. */
typedef struct vet__pwords vet__pwords;
vet__pwords *vet__pwords_build(const vet__dict *d);
void vet__pwords_free(vet__pwords *p);
const vet__pwords *vet__dict_pwords(const vet__dict *d);
/* 1 if w[0..n) is one of the words. */
int vet__pwords_has(const vet__pwords *p, const char *w, size_t n);
/* 1 and the word (borrowed) when exactly one of the words of at least
 * VET__PWORD_NEAR_MIN letters is one edit from w[0..n), w as long and not
 * itself one of them; else 0. */
#define VET__PWORD_NEAR_MIN 4
int vet__pwords_near(const vet__pwords *p, const char *w, size_t n, const char **word, size_t *len);

/* ASCII text → tokens joined by single spaces (tokenize.c). A comma is kept
 * as the token "," so that the caller can see "LAST, First". */
int vet__tokenize_ascii(const char *s, size_t n, vet__buf *out);

/* The transliterator (translit.c): UTF-8 → ASCII, lazily created. */
typedef struct vet__translit vet__translit;
vet__translit *vet__translit_new(void);
void vet__translit_free(vet__translit *t);
/* Appends the ASCII transliteration of s[0..n) to *out. */
int vet__translit_run(vet__translit *t, const char *s, size_t n, vet__buf *out);
#endif
