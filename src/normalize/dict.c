/* dict.c — the name dictionaries: phrase → (canonical token, kind).
 *
 * Source: six text files in data/dict/ (see the comment at the top of each),
 * one equivalence class a line, `canonical|variant|variant`, '#' comments.
 * vet__dict_read_dir() concatenates them into one text with "@kind" lines
 * and vet__dict_parse() reads it; vet__dict_write() writes the parsed map
 * back as text in the same format, every phrase already normalized (pure
 * ASCII), and that is what the snapshot stores (section "mdict"): a
 * snapshot carries the dictionaries it was built with, matching never
 * depends on files at query time, and opening needs no ICU. vet__dict_parse() turns the text into an
 * open-addressing hash table keyed by the normalized phrase (tokens joined by
 * single spaces). A canonical form maps to itself.
 *
 * Conflicts: a phrase found in two classes keeps the first in priority order
 * (legal forms, abbreviations, variants, honorifics, particles, stop words)
 * and, within one kind, the first line. Parsing a few hundred lines takes
 * well under a millisecond, which keeps snapshot opening fast. The table is
 * immutable once built and may be shared by threads. */
#include "normalize/normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/error.h"

typedef struct dict_entry {
  uint32_t phrase;      /* offset in pool */
  uint32_t canonical;   /* offset in pool */
  uint32_t len;         /* phrase length */
  uint8_t kind;
} dict_entry;

struct vet__dict {
  vet__buf pool;
  dict_entry *e;
  size_t n, cap_e;
  uint32_t *slots;      /* index+1 into e; 0 = empty */
  size_t nslots;        /* power of two */
  vet__edit1_keys fuzzy;   /* ids are entries: see build_fuzzy() */
  vet__pwords *pwords;  /* the words of phrases of several words */
};

static const char *const kind_files[VET__DK_COUNT] = {
  "legal_forms", "abbreviations", "variants", "honorifics", "particles", "stopwords"};

static uint32_t hash(const char *s, size_t n) { return vet__edit1_hash(s, n); }

#ifndef VET_DATA_DIR
#define VET_DATA_DIR ""
#endif
#ifndef VET_INSTALL_DATA_DIR
#define VET_INSTALL_DATA_DIR "/usr/local/share/vet"
#endif

static char *dir_if_exists(const char *base) {
  if (!base || !*base) return NULL;
  size_t n = strlen(base);
  char *p = malloc(n + 32);
  if (!p) return NULL;
  snprintf(p, n + 32, "%s/dict/legal_forms.txt", base);
  FILE *f = fopen(p, "rb");
  if (!f) {
    free(p);
    return NULL;
  }
  fclose(f);
  snprintf(p, n + 32, "%s/dict", base);
  return p;
}

/* See normalize.h. The caller frees the result. */
char *vet__dict_default_dir(void) {
  char *p = dir_if_exists(getenv("VET_DATA_DIR"));
  if (!p) p = dir_if_exists(VET_DATA_DIR);
  if (!p) p = dir_if_exists(VET_INSTALL_DATA_DIR);
  return p;
}

/* See normalize.h. */
int vet__dict_read_dir(const char *dir, vet__buf *out, vet_error *err) {
  for (int k = 0; k < VET__DK_COUNT; k++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.txt", dir, kind_files[k]);
    FILE *f = fopen(path, "rb");
    if (!f) return vet__error_set(err, VET_EIO, "%s: cannot open the dictionary file", path);
    if (vet__buf_printf(out, "@%s\n", kind_files[k]) < 0) {
      fclose(f);
      return vet__error_set(err, VET_ENOMEM, "out of memory");
    }
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
      if (vet__buf_append(out, chunk, got)) {
        fclose(f);
        return vet__error_set(err, VET_ENOMEM, "out of memory");
      }
    int bad = ferror(f);
    fclose(f);
    if (bad) return vet__error_set(err, VET_EIO, "%s: read error", path);
    if (out->len && out->data[out->len - 1] != '\n' && vet__buf_putc(out, '\n'))
      return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  return 0;
}

static int find_slot(const vet__dict *d, const char *s, size_t n, size_t *slot) {
  size_t mask = d->nslots - 1, i = hash(s, n) & mask;
  for (;;) {
    uint32_t v = d->slots[i];
    if (!v) {
      *slot = i;
      return 0;
    }
    const dict_entry *e = &d->e[v - 1];
    if (e->len == n && !memcmp(d->pool.data + e->phrase, s, n)) {
      *slot = i;
      return 1;
    }
    i = (i + 1) & mask;
  }
}

static int rehash(vet__dict *d) {
  size_t ns = d->nslots ? d->nslots * 2 : 1024;
  uint32_t *old = d->slots;
  size_t oldn = d->nslots;
  d->slots = calloc(ns, sizeof *d->slots);
  if (!d->slots) {
    d->slots = old;
    return VET_ENOMEM;
  }
  d->nslots = ns;
  for (size_t i = 0; i < oldn; i++)
    if (old[i]) {
      const dict_entry *e = &d->e[old[i] - 1];
      size_t slot;
      find_slot(d, d->pool.data + e->phrase, e->len, &slot);
      d->slots[slot] = old[i];
    }
  free(old);
  return 0;
}

/* Adds phrase → canonical unless the phrase is known already. Offsets are
 * into the pool. */
static int add(vet__dict *d, uint32_t phrase, uint32_t plen, uint32_t canonical, int kind) {
  if ((d->n + 1) * 2 > d->nslots && rehash(d)) return VET_ENOMEM;
  size_t slot;
  if (find_slot(d, d->pool.data + phrase, plen, &slot)) return 0;
  if (d->n == d->cap_e) {
    size_t cap = d->cap_e ? d->cap_e * 2 : 512;
    dict_entry *e = realloc(d->e, cap * sizeof *e);
    if (!e) return VET_ENOMEM;
    d->e = e;
    d->cap_e = cap;
  }
  d->e[d->n] = (dict_entry){phrase, canonical, plen, (uint8_t)kind};
  d->slots[slot] = (uint32_t)++d->n;
  return 0;
}

/* Normalizes one variant (steps 1 and 2) into the pool; off and len describe it. */
static int put_variant(vet__dict *d, vet__translit **tr, const char *s, size_t n, uint32_t *off,
                       uint32_t *len) {
  vet__buf tmp = VET__BUF_INIT;
  int rc = 0;
  int ascii = 1;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) ascii = 0;
  if (!ascii) {
    if (!*tr && !(*tr = vet__translit_new())) return VET_ENOMEM;
    if ((rc = vet__translit_run(*tr, s, n, &tmp))) goto done;
    s = tmp.data;
    n = tmp.len;
  }
  *off = (uint32_t)d->pool.len;
  if ((rc = vet__tokenize_ascii(s, n, &d->pool))) goto done;
  *len = (uint32_t)(d->pool.len - *off);
  /* Commas and ampersands inside a dictionary phrase are noise, except a
   * lone "&" (the stop word). */
  if (vet__buf_putc(&d->pool, 0)) rc = VET_ENOMEM;
done:
  vet__buf_free(&tmp);
  return rc;
}

/* The least length of a word and an entry for vet__dict_lookup_fuzzy(). */
static size_t fuzzy_min(int kind) {
  return kind == VET__DK_VARIANT ? VET__DICT_FUZZY_MIN_VARIANT : VET__DICT_FUZZY_MIN;
}

/* The entries the one-deletion table holds: single words of legal forms,
 * abbreviations and variants of at least VET__DICT_NEAR_MIN letters (the
 * shortest vet__dict_lookup_near() looks for; vet__dict_lookup_fuzzy()
 * skips the entries shorter than its own minimum). */
static int fuzzy_eligible(const vet__dict *d, const dict_entry *e) {
  if (e->kind != VET__DK_LEGAL && e->kind != VET__DK_ABBREV && e->kind != VET__DK_VARIANT) return 0;
  return e->len >= VET__DICT_NEAR_MIN && !memchr(d->pool.data + e->phrase, ' ', e->len);
}

/* The one-deletion neighbourhood of every eligible entry, as sorted
 * (hash, entry) pairs, so that a fuzzy lookup probes n+1 hashes instead of
 * scanning the dictionary. Returns VET_ENOMEM or 0. */
static int build_fuzzy(vet__dict *d) {
  for (size_t i = 0; i < d->n; i++) {
    if (!fuzzy_eligible(d, &d->e[i])) continue;
    if (vet__edit1_keys_add(&d->fuzzy, d->pool.data + d->e[i].phrase, d->e[i].len, (uint32_t)i))
      return VET_ENOMEM;
  }
  return vet__edit1_keys_sort(&d->fuzzy);
}

int vet__dict_parse(const char *text, size_t n, vet__dict **out, vet_error *err) {
  vet__dict *d = calloc(1, sizeof *d);
  if (!d) return vet__error_set(err, VET_ENOMEM, "out of memory");
  vet__translit *tr = NULL;
  int kind = -1, rc = 0;
  /* Pool offset 0 is reserved so that no real string sits at 0. */
  if (vet__buf_putc(&d->pool, 0)) rc = VET_ENOMEM;
  unsigned long lineno = 0;
  for (size_t i = 0; i < n && !rc;) {
    size_t j = i;
    while (j < n && text[j] != '\n') j++;
    const char *line = text + i;
    size_t len = j - i;
    i = j + 1;
    lineno++;
    if (len && line[len - 1] == '\r') len--;
    const char *hash_at = memchr(line, '#', len);
    if (hash_at) len = (size_t)(hash_at - line);
    if (!len) continue;
    if (line[0] == '@') {
      kind = -1;
      for (int k = 0; k < VET__DK_COUNT; k++)
        if (len - 1 == strlen(kind_files[k]) && !memcmp(line + 1, kind_files[k], len - 1)) kind = k;
      if (kind < 0) rc = vet__error_set(err, VET_EFORMAT, "dictionary line %lu: unknown kind", lineno);
      continue;
    }
    if (kind < 0) {
      rc = vet__error_set(err, VET_EFORMAT, "dictionary line %lu: no @kind before entries", lineno);
      break;
    }
    uint32_t canon = 0, clen = 0;
    size_t k = 0;
    int first = 1;
    while (k <= len && !rc) {
      size_t e = k;
      while (e < len && line[e] != '|') e++;
      uint32_t off, vlen;
      if ((rc = put_variant(d, &tr, line + k, e - k, &off, &vlen))) break;
      if (vlen) {
        if (first) {
          canon = off;
          clen = vlen;
          first = 0;
        }
        rc = add(d, off, vlen, canon, kind);
      }
      k = e + 1;
    }
    (void)clen;
  }
  vet__translit_free(tr);
  if (rc) {
    vet__dict_free(d);
    if (rc == VET_ENOMEM) vet__error_set(err, rc, "out of memory");
    return rc;
  }
  if (!rc && build_fuzzy(d)) rc = VET_ENOMEM;
  if (!rc && !(d->pwords = vet__pwords_build(d))) rc = VET_ENOMEM;
  if (rc) {
    vet__dict_free(d);
    return vet__error_set(err, rc, "out of memory");
  }
  if (!d->nslots && rehash(d)) {
    vet__dict_free(d);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  *out = d;
  return 0;
}

void vet__dict_free(vet__dict *d) {
  if (!d) return;
  vet__buf_free(&d->pool);
  free(d->e);
  free(d->slots);
  vet__edit1_keys_free(&d->fuzzy);
  vet__pwords_free(d->pwords);
  free(d);
}

size_t vet__dict_size(const vet__dict *d) { return d ? d->n : 0; }

const vet__pwords *vet__dict_pwords(const vet__dict *d) { return d ? d->pwords : NULL; }

/* See normalize.h. */
typedef struct fquery {
  const vet__dict *d;
  const char *word;
  size_t n;
  int near;                /* 1: vet__dict_lookup_near() (its minimum, exact spellings skipped) */
  int no_vowel;            /* the word has no vowel (a, e, i, o, u) */
  const dict_entry *found;
  int ambiguous;
} fquery;

static int probe_fkey(void *arg, const char *s, size_t n) {
  fquery *q = arg;
  const vet__dict *d = q->d;
  uint32_t h = hash(s, n);
  for (size_t k = vet__edit1_keys_find(&d->fuzzy, h); k < d->fuzzy.n && d->fuzzy.k[k].hash == h; k++) {
    const dict_entry *e = &d->e[d->fuzzy.k[k].id];
    /* The word's least length; entries need VET__DICT_NEAR_MIN (near) or the same. */
    size_t min = q->near ? (e->kind == VET__DK_VARIANT || q->no_vowel ? VET__DICT_NEAR_MIN : VET__DICT_NEAR_MIN_FORM)
                         : fuzzy_min(e->kind);
    size_t emin = q->near ? VET__DICT_NEAR_MIN : min;
    const char *p = d->pool.data + e->phrase;
    if (q->n < min || e->len < emin || !vet__within_one(q->word, q->n, p, e->len)) continue;
    if (q->near && e->len == q->n && !memcmp(p, q->word, q->n)) continue;
    if (q->found && q->found->canonical != e->canonical &&
        strcmp(d->pool.data + q->found->canonical, d->pool.data + e->canonical)) {
      q->ambiguous = 1;   /* two classes are that close: none */
      return 1;
    }
    q->found = e;
  }
  return 0;
}

/* See normalize.h. */
int vet__dict_lookup_fuzzy(const vet__dict *d, const char *word, size_t n, const char **canonical,
                           vet__dict_kind *kind) {
  if (!d || !d->fuzzy.n || n < VET__DICT_FUZZY_MIN_VARIANT || memchr(word, ' ', n)) return 0;
  fquery q = {d, word, n, 0, 0, NULL, 0};
  vet__each_deletion1(word, n, probe_fkey, &q);
  if (!q.found || q.ambiguous) return 0;
  *canonical = d->pool.data + q.found->canonical;
  *kind = (vet__dict_kind)q.found->kind;
  return 1;
}

/* See normalize.h. */
int vet__dict_lookup_near(const vet__dict *d, const char *word, size_t n, const char **canonical,
                          vet__dict_kind *kind, const char **spelling, size_t *spelling_len) {
  if (!d || !d->fuzzy.n || n < VET__DICT_NEAR_MIN || memchr(word, ' ', n)) return 0;
  fquery q = {d, word, n, 1, !memchr(word, 'a', n) && !memchr(word, 'e', n) && !memchr(word, 'i', n) &&
                                 !memchr(word, 'o', n) && !memchr(word, 'u', n), NULL, 0};
  vet__each_deletion1(word, n, probe_fkey, &q);
  if (!q.found || q.ambiguous) return 0;
  *canonical = d->pool.data + q.found->canonical;
  *kind = (vet__dict_kind)q.found->kind;
  *spelling = d->pool.data + q.found->phrase;
  *spelling_len = q.found->len;
  return 1;
}

/* See normalize.h. */
void vet__dict_each(const vet__dict *d, void (*fn)(void *, const char *, const char *, vet__dict_kind),
                    void *arg) {
  for (size_t i = 0; d && i < d->n; i++)
    fn(arg, d->pool.data + d->e[i].phrase, d->pool.data + d->e[i].canonical, (vet__dict_kind)d->e[i].kind);
}

/* See normalize.h. */
int vet__dict_lookup(const vet__dict *d, const char *phrase, size_t n, const char **canonical,
                     vet__dict_kind *kind) {
  if (!d || !d->nslots) return 0;
  size_t slot;
  if (!find_slot(d, phrase, n, &slot)) return 0;
  const dict_entry *e = &d->e[d->slots[slot] - 1];
  *canonical = d->pool.data + e->canonical;
  *kind = (vet__dict_kind)e->kind;
  return 1;
}

/* See normalize.h. Entries are written in the order they were added, one
 * "canonical|phrase" line each, under "@kind" lines: parsing that text adds
 * the same entries in the same order (a canonical's own entry always comes
 * first), so the map is identical, and no line needs ICU. */
int vet__dict_write(const vet__dict *d, vet__buf *out) {
  int kind = -1;
  for (size_t i = 0; i < d->n; i++) {
    const dict_entry *e = &d->e[i];
    if (e->kind != kind) {
      kind = e->kind;
      if (vet__buf_printf(out, "@%s\n", kind_files[kind]) < 0) return VET_ENOMEM;
    }
    if (vet__buf_printf(out, "%s|%s\n", d->pool.data + e->canonical, d->pool.data + e->phrase) < 0)
      return VET_ENOMEM;
  }
  return 0;
}
