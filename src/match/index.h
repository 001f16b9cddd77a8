/* index.h — the matching index: what `vet index build` adds to a snapshot.
 *
 * One section ("mindex") holds, as flat little-endian arrays that are used
 * in place from the mapping (opening costs a header check, no parsing):
 *
 *   entities   per entity: list id, source id, primary name, type, the
 *              country codes, dates of birth and normalized identifiers the
 *              adjustments use;
 *   names      per listed name (primary and aliases): its entity, text, kind,
 *              strength and its normalized tokens (ids into the token table);
 *   tokens     the distinct normalized tokens with flags, skeleton, document
 *              frequency and weight, and the postings of the names in which
 *              the token can anchor a match (score.h); runs of two and three
 *              adjacent name tokens are tokens too ("joined keys"), with
 *              postings but no weight;
 *   bounds     what the matcher's score bounds read, worked out at build
 *              (bounds.c): per token the first letters its spellings are
 *              written with (the token and its class's variants.txt
 *              spellings: "yelena" holds Elena's E), per name token a
 *              compact copy of its token's record (vet__btok), per name
 *              sums over its tokens (vet__nbound);
 *   keys       a deletion neighbourhood (SymSpell): for every anchoring token,
 *              the hashes of all strings made by deleting up to
 *              vet__max_edits(len) bytes (VET__JOIN_MAX_EDITS for joined
 *              keys), and for every anchoring token the skeleton hashes
 *              (vet__skel_hash) of its consonant skeleton and of the skeleton
 *              with repeated letters kept once, each when two letters or
 *              longer; sorted by hash, with a directory on the hash's top bits.
 *
 * Completeness (docs/MATCHING.md): two strings within d edits share a string
 * reachable by at most d deletions from each, and each side is never asked
 * for more deletions than its own length allows, so every token the scorer
 * could pair with a query token as an anchor is found by looking up the
 * query token's own deletions (and skeleton), and every name that can score
 * above 0 has such a token. The query side is in lookup.c.
 *
 * The dictionaries travel in a second section ("mdict"), as text. */
#ifndef VET_MATCH_INDEX_H
#define VET_MATCH_INDEX_H
#include <stddef.h>
#include <stdint.h>
#include "vet.h"
#include "core/buf.h"
#include "normalize/normalize.h"

#define VET__MINDEX_MAGIC 0x31494d56u   /* "VMI1" */

typedef struct vet__ment {
  uint32_t list_id, source_id, source_list, name;  /* pool offsets (0: none) */
  uint32_t countries;     /* pool offset of 2-letter codes, concatenated, NUL-terminated */
  uint32_t ids;           /* pool offset of normalized ids, each NUL-terminated, then "" */
  uint32_t births;        /* index into the births array */
  uint16_t n_births;
  uint8_t type;
  uint8_t pad;
} vet__ment;

typedef struct vet__mbirth {
  int16_t year_from, year_to;
  uint8_t month, day, approximate, pad;
} vet__mbirth;

typedef struct vet__mname {
  uint32_t entity;
  uint32_t text;          /* pool offset */
  uint32_t tok;           /* index into name_toks */
  uint8_t n_tok;
  uint8_t kind;           /* vet_name_kind */
  uint8_t strength;       /* vet_name_strength */
  uint8_t flags;           /* VET__MN_* */
} vet__mname;

enum {
  VET__MN_VOWELLESS = 1,  /* written in Arabic or Hebrew script */
  VET__MN_INITIAL = 2     /* has a one-letter token (it may pair as an initial) */
};

/* name_toks entries: token id | VET__NT_VARIANT when the name spelled it differently. */
#define VET__NT_VARIANT 0x80000000u
/* ... | VET__NT_SURNAME when the token stood before the comma of "LAST, First". */
#define VET__NT_SURNAME 0x40000000u
#define VET__NT_ID 0x3fffffffu

enum { VET__MT_JOINED = 0x80 };   /* token flag: a joined key, not a real token */

typedef struct vet__mtok {
  uint32_t text;          /* pool offset */
  uint32_t skel;          /* pool offset */
  uint32_t df;            /* names holding the token */
  uint32_t post;          /* index into postings */
  uint32_t n_post;
  uint16_t len;
  uint8_t flags;          /* VET__TOK_* | VET__MT_JOINED */
  uint8_t pad;
  float w;
  uint32_t letters;       /* vet__letters() of the text */
} vet__mtok;

typedef struct vet__mkey {
  uint32_t hash;
  uint32_t tok;
} vet__mkey;

/* Per name token (parallel to name_toks): what matcher.c's score bound
 * reads of the token. The bound visits every token of thousands of
 * candidate names a query; read from the token table, each is a cache miss
 * of its own, while one name's records here are adjacent. */
typedef struct vet__btok {
  float w;            /* the token's weight */
  uint32_t firsts;    /* the token's first letters (the firsts array) */
  char first;         /* its first byte */
  uint8_t flags;      /* VET__BT_* */
  uint16_t pad;
} vet__btok;

enum {
  VET__BT_ONE = 1,      /* one byte long */
  VET__BT_LONG = 2,     /* two bytes or longer */
  VET__BT_TRIVIAL = 4,  /* VET__TOK_TRIVIAL */
  VET__BT_BAD = 8,      /* its token id is out of range */
  VET__BT_SHORT = 16    /* a short word (vet__tok_short(): may keep VET__SHORT_KEEP unmatched) */
};

/* Per name: what matcher.c's first, cheap score bound reads of the name.
 * dmin is the least total weight its tokens can have in score.c (each
 * token at its weight times the share it keeps when unmatched), free the
 * weight of its trivial words (which may pair with any query token), maxw
 * its largest token weight, firsts the first letters of its tokens'
 * spellings (vet__btok.firsts, together). dmin is 0 when the cheap bound
 * does not hold for the name: it has a one-letter token (initials pair
 * without the index), one token twice (the index counts a token once per
 * name) or a token id out of range. */
typedef struct vet__nbound {
  float dmin, free, maxw;
  uint32_t firsts;    /* bits 0-25; VET__NB_ORG: the name's entity is scored as an organization */
} vet__nbound;

#define VET__NB_ORG 0x80000000u

/* The entity types vet__score() weighs as organizations. */
static inline int vet__type_is_org(uint8_t type) {
  return type == VET_TYPE_ORGANIZATION || type == VET_TYPE_VESSEL || type == VET_TYPE_AIRCRAFT;
}

/* The version of section mindex. 2: Arabic script is respelled before
 * ICU (translit.c) and one-letter skeletons have keys (vet__skel1_key), so
 * an index built by version 1 would lack tokens and keys the scorer needs.
 * 3: the bound records (firsts, btok, nbound), which opening used to work
 * out (milliseconds for the shared lists, 137 ms for a million names), and
 * the hash slots' tags. 4: short words (VET__BT_SHORT) and the least
 * total weight (dmin) that counts them at VET__SHORT_KEEP, without which the
 * bounds would be too low for the short-word rule (score.h). 5: a small
 * snapshot's weights are padded (vet__weight()); a version-4 index of one
 * would weigh its stored tokens and a query's unknown ones unlike. */
#define VET__MINDEX_VERSION 5u

typedef struct vet__mindex_header {
  uint32_t magic, version;
  uint32_t n_entities, n_names, n_name_toks, n_tokens, n_births;
  uint32_t n_postings, n_keys, dir_bits, hash_cap;
  uint32_t max_trivial_len; /* the longest trivial token (0: not recorded) */
  uint64_t off_entities, off_births, off_names, off_name_toks, off_tokens, off_hash;
  uint64_t off_postings, off_dir, off_keys, off_pool, pool_size;
  double max_w;           /* the weight of a token no name holds */
  uint64_t off_firsts, off_btok, off_nbound;
  uint64_t off_hash_tag;  /* per hash slot: the top byte of its key's hash (0 when empty) */
} vet__mindex_header;

/* An opened index: pointers into the mapped section. */
typedef struct vet__mindex {
  const vet__mindex_header *h;
  const vet__ment *ent;
  const vet__mbirth *births;
  const vet__mname *names;
  const uint32_t *name_toks;
  const vet__mtok *toks;
  const uint32_t *hash;       /* token id + 1; 0 empty; keyed by text (+ "\1" when vowelless) */
  const uint8_t *hash_tag;    /* per slot: the top byte of the key's hash, so that a lookup
                               * reads a token's record only when the byte agrees */
  const uint32_t *postings;
  const uint32_t *dir;        /* 2^dir_bits + 1 starts into keys */
  const vet__mkey *keys;
  const char *pool;
  const uint32_t *firsts;     /* per token */
  const vet__btok *btok;      /* per name token */
  const vet__nbound *nbound;  /* per name */
} vet__mindex;

/* ---- building (index_build.c) */

typedef struct vet__mbuilder vet__mbuilder;

/* A builder that normalizes with dictionary d (borrowed). NULL on ENOMEM. */
vet__mbuilder *vet__mbuilder_new(const vet__dict *d);
void vet__mbuilder_free(vet__mbuilder *b);
/* Adds one entity (copied). Entities are numbered in the order added, which
 * must be the snapshot's order. */
int vet__mbuilder_add(vet__mbuilder *b, const vet_entity *e, vet_error *err);
/* Appends the finished section to *out (the caller owns it). */
int vet__mbuilder_finish(vet__mbuilder *b, vet__buf *out, vet_error *err);

/* ---- the bound records (bounds.c) */

/* Works out the bound records of an index whose entities, names, name
 * tokens, tokens (with their weights), token hash table and pool are final
 * (idx->firsts, btok and nbound are not read), with dictionary d (its
 * variants give a token's other first letters): fills firsts[n_tokens],
 * btok[n_name_toks] and nbound[n_names]. */
void vet__mindex_bounds(const vet__mindex *idx, const vet__dict *d, uint32_t *firsts, vet__btok *btok,
                        vet__nbound *nbound);

/* ---- opening (index_open.c) */

/* Checks the section and fills *idx with pointers into data, which must stay
 * mapped and be 8-byte aligned. VET_ECORRUPT when the section does not hold. */
int vet__mindex_open(const void *data, uint64_t size, vet__mindex *idx, vet_error *err);

/* The NUL-terminated string at pool offset `off` of an opened index, or ""
 * when the offset lies outside the pool (a damaged file): the pool ends
 * with a NUL (checked at open), so the string ends inside it. */
static inline const char *vet__mindex_str(const vet__mindex *idx, uint32_t off) {
  return off < idx->h->pool_size ? idx->pool + off : "";
}

/* 1 if token t's text (t->len bytes) and the start of its skeleton lie
 * inside the string pool of idx; a damaged file may say otherwise, and such
 * a token is not read (opening does not visit the tokens). The pool ends
 * with a NUL, so the skeleton ends inside it. */
static inline int vet__mtok_ok(const vet__mindex *idx, const vet__mtok *t) {
  uint64_t ps = idx->h->pool_size;
  return t->text < ps && t->len < ps - t->text && t->skel < ps;
}

/* ---- shared by builder and lookup */

uint32_t vet__mhash(const char *s, size_t n, uint32_t seed);
/* Calls fn(arg, s, n) for s[0..n) and every distinct string made by deleting
 * up to k bytes from it (k ≤ 2; strings up to 63 bytes, longer ones are cut). */
void vet__deletions(const char *s, size_t n, int k, void (*fn)(void *, const char *, size_t),
                    void *arg);
/* The key hash of a skeleton. */
uint32_t vet__skel_hash(const char *skel, size_t n);
/* Token id of `text` (vowelless selects the Arabic-script twin); UINT32_MAX if absent. */
uint32_t vet__mindex_find(const vet__mindex *idx, const char *text, size_t n, int vowelless);
/* Weight of a token from its document frequency and flags: its IDF over
 * the snapshot's names, 1 + ln((N+1)/(df+1)), less for trivial words and
 * numbers.
 *
 * IDF says little in a small snapshot: among the 12 names of the Entity
 * List sample that ships with vet, "candiru" (2 names) weighed less than
 * "group" (1 name), and "Candiru Group" found nothing. So a snapshot of
 * fewer than VET__WEIGHT_MIN_NAMES names (the SDN list alone has 23,321)
 * is weighed as if padded to that many with names that hold none of its
 * words except the generic ones of organization names (the abbreviation
 * classes: group, trading, bank, ...), each at VET__WEIGHT_GENERIC_RATE
 * (on all shared lists together group and trading stand in 1.7% of the
 * names, institute 1.8%, technology 3.0%). A larger snapshot is weighed by
 * its own names alone. */
#define VET__WEIGHT_MIN_NAMES 20000.0
#define VET__WEIGHT_GENERIC_RATE 0.02
float vet__weight(uint32_t df, uint32_t n_names, uint8_t flags);
#endif
