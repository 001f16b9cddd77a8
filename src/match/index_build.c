/* index_build.c — building the "mindex" section from entities.
 *
 * Every name of every entity is normalized (normalize.h) and its tokens are
 * interned in a token table keyed by text (Arabic-script tokens apart, see
 * index.h). Postings record, per token, the names in which it can anchor a
 * match (score.h); runs of two and three adjacent tokens are interned as
 * joined keys with postings of their own. finish() computes weights, sorts
 * the postings, generates the deletion neighbourhood and skeleton keys,
 * builds the key directory and lays everything out (index.h).
 *
 * Memory: the builder holds everything until finish(); for the shared lists
 * (about 60 000 names) that is a few tens of megabytes. Not thread-safe. */
#include "match/index.h"
#include "core/hash.h"

#include <stdlib.h>
#include <string.h>
#include "core/error.h"
#include "match/score.h"
#include "model/builder.h"

#define PUSH(arr, n, cap, val)                                      \
  do {                                                              \
    if ((n) == (cap)) {                                             \
      size_t c_ = (cap) ? (cap) * 2 : 1024;                         \
      void *p_ = realloc((arr), c_ * sizeof *(arr));                \
      if (!p_) return VET_ENOMEM;                                   \
      (arr) = p_;                                                   \
      (cap) = c_;                                                   \
    }                                                               \
    (arr)[(n)++] = (val);                                           \
  } while (0)

struct vet__mbuilder {
  const vet__dict *dict;
  vet__normalizer *nz;
  vet__buf pool;
  vet__ment *ent;
  size_t n_ent, cap_ent;
  vet__mbirth *births;
  size_t n_births, cap_births;
  vet__mname *names;
  size_t n_names, cap_names;
  uint32_t *name_toks;
  size_t n_name_toks, cap_name_toks;
  vet__mtok *toks;
  size_t n_toks, cap_toks;
  uint32_t *slots;
  size_t nslots;
  uint64_t *pairs;        /* token << 32 | name */
  size_t n_pairs, cap_pairs;
  vet__nname nm;
};

/* ---- shared helpers */

uint32_t vet__mhash(const char *s, size_t n, uint32_t seed) {
  uint32_t h = vet__fnv1a32_more(VET__FNV32_BASIS ^ seed, s, n);
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h;
}

uint32_t vet__skel_hash(const char *skel, size_t n) { return vet__mhash(skel, n, 0x5eedu); }

/* See index.h: a snapshot of fewer than VET__WEIGHT_MIN_NAMES names is
 * weighed as if padded to that many with names that hold none of its words
 * but, at VET__WEIGHT_GENERIC_RATE, each generic word. */
float vet__weight(uint32_t df, uint32_t n_names, uint8_t flags) {
  double n = n_names, d = df;
  if (n < VET__WEIGHT_MIN_NAMES) {
    if (flags & VET__TOK_ABBREV) d += (VET__WEIGHT_MIN_NAMES - n) * VET__WEIGHT_GENERIC_RATE;
    n = VET__WEIGHT_MIN_NAMES;
  }
  double idf = __builtin_log((n + 1.0) / (d + 1.0)) + 1.0;
  if (flags & VET__TOK_TRIVIAL) idf *= 0.15;
  if (flags & VET__TOK_NUMBER) idf *= 0.3;
  return (float)idf;
}

static void del_rec(const char *s, size_t n, int k, size_t from,
                    void (*fn)(void *, const char *, size_t), void *arg) {
  if (!k || n <= 1) return;
  char buf[64];
  for (size_t i = from; i < n; i++) {
    if (i > from && s[i] == s[i - 1]) continue;  /* same string as deleting s[i-1] */
    memcpy(buf, s, i);
    memcpy(buf + i, s + i + 1, n - i - 1);
    fn(arg, buf, n - 1);
    del_rec(buf, n - 1, k - 1, i, fn, arg);
  }
}

void vet__deletions(const char *s, size_t n, int k, void (*fn)(void *, const char *, size_t),
                    void *arg) {
  if (n > 63) n = 63;
  fn(arg, s, n);
  del_rec(s, n, k, 0, fn, arg);
}

/* ---- the builder */

vet__mbuilder *vet__mbuilder_new(const vet__dict *d) {
  vet__mbuilder *b = calloc(1, sizeof *b);
  if (!b) return NULL;
  b->dict = d;
  b->nz = vet__normalizer_new(d);
  if (!b->nz || vet__buf_putc(&b->pool, 0)) {
    vet__mbuilder_free(b);
    return NULL;
  }
  return b;
}

void vet__mbuilder_free(vet__mbuilder *b) {
  if (!b) return;
  vet__normalizer_free(b->nz);
  vet__buf_free(&b->pool);
  free(b->ent);
  free(b->births);
  free(b->names);
  free(b->name_toks);
  free(b->toks);
  free(b->slots);
  free(b->pairs);
  free(b);
}

static uint32_t put_str(vet__mbuilder *b, const char *s) {
  if (!s || !*s) return 0;
  uint32_t off = (uint32_t)b->pool.len;
  if (vet__buf_append(&b->pool, s, strlen(s) + 1)) return UINT32_MAX;
  return off;
}

/* The key of a token in the table: its text, then "\1" for an Arabic-script
 * twin or "\2" for a joined key. */
static size_t make_key(char *key, size_t cap, const char *t, size_t n, int suffix) {
  if (n + 2 > cap) n = cap - 2;
  memcpy(key, t, n);
  if (suffix) key[n++] = (char)suffix;
  return n;
}

static int slot_of(const uint32_t *slots, size_t nslots, const vet__mtok *toks, const char *pool,
                   const char *key, size_t kn, size_t *slot) {
  size_t mask = nslots - 1, i = vet__mhash(key, kn, 0) & mask;
  for (;;) {
    uint32_t v = slots[i];
    if (!v) {
      *slot = i;
      return 0;
    }
    const vet__mtok *t = &toks[v - 1];
    const char *tt = pool + t->text;
    size_t tl = t->len;
    size_t extra = (t->flags & VET__MT_JOINED) || (t->flags & VET__TOK_VOWELLESS) ? 1 : 0;
    if (tl + extra == kn && !memcmp(tt, key, tl) &&
        (!extra || key[tl] == ((t->flags & VET__MT_JOINED) ? 2 : 1))) {
      *slot = i;
      return 1;
    }
    i = (i + 1) & mask;
  }
}

static int grow_slots(vet__mbuilder *b) {
  size_t ns = b->nslots ? b->nslots * 2 : 1 << 16;
  uint32_t *s = calloc(ns, sizeof *s);
  if (!s) return VET_ENOMEM;
  char key[256];
  for (size_t t = 0; t < b->n_toks; t++) {
    const vet__mtok *m = &b->toks[t];
    int suffix = (m->flags & VET__MT_JOINED) ? 2 : (m->flags & VET__TOK_VOWELLESS) ? 1 : 0;
    size_t kn = make_key(key, sizeof key, b->pool.data + m->text, m->len, suffix);
    size_t slot;
    slot_of(s, ns, b->toks, b->pool.data, key, kn, &slot);
    s[slot] = (uint32_t)t + 1;
  }
  free(b->slots);
  b->slots = s;
  b->nslots = ns;
  return 0;
}

/* Interns a token; *id receives its number. */
static int intern(vet__mbuilder *b, const char *t, size_t n, uint8_t flags, const char *skel,
                  uint32_t *id) {
  if ((b->n_toks + 1) * 2 > b->nslots && grow_slots(b)) return VET_ENOMEM;
  char key[256];
  int suffix = (flags & VET__MT_JOINED) ? 2 : (flags & VET__TOK_VOWELLESS) ? 1 : 0;
  size_t kn = make_key(key, sizeof key, t, n, suffix);
  size_t slot;
  if (slot_of(b->slots, b->nslots, b->toks, b->pool.data, key, kn, &slot)) {
    *id = b->slots[slot] - 1;
    return 0;
  }
  vet__mtok m = {0};
  m.text = (uint32_t)b->pool.len;
  m.len = (uint16_t)(kn - (suffix ? 1 : 0));
  if (vet__buf_append(&b->pool, t, m.len) || vet__buf_putc(&b->pool, 0)) return VET_ENOMEM;
  m.skel = 0;
  if (skel && *skel) {
    m.skel = (uint32_t)b->pool.len;
    if (vet__buf_append(&b->pool, skel, strlen(skel) + 1)) return VET_ENOMEM;
  }
  m.flags = flags & (VET__TOK_TRIVIAL | VET__TOK_VOWELLESS | VET__TOK_ABBREV | VET__TOK_NUMBER | VET__MT_JOINED);
  PUSH(b->toks, b->n_toks, b->cap_toks, m);
  *id = (uint32_t)b->n_toks - 1;
  b->slots[slot] = *id + 1;
  return 0;
}

static int add_name(vet__mbuilder *b, uint32_t entity, const vet_name *nm) {
  vet__nname *x = &b->nm;
  if (vet__normalize(b->nz, nm->text, strlen(nm->text), x)) return VET_ENOMEM;
  if (!x->n) return 0;
  uint32_t name_id = (uint32_t)b->n_names;
  vet__mname rec = {0};
  rec.entity = entity;
  rec.text = put_str(b, nm->text);
  if (rec.text == UINT32_MAX) return VET_ENOMEM;
  rec.tok = (uint32_t)b->n_name_toks;
  rec.n_tok = (uint8_t)x->n;
  rec.kind = (uint8_t)nm->kind;
  rec.strength = (uint8_t)nm->strength;
  rec.flags = x->vowelless ? VET__MN_VOWELLESS : 0;
  for (size_t k = 0; k < x->n; k++)
    if (x->tok[k].len == 1) rec.flags |= VET__MN_INITIAL;
  int any = 0;
  for (size_t k = 0; k < x->n; k++)
    if (x->tok[k].len >= 2 && !(x->tok[k].flags & VET__TOK_TRIVIAL)) any = 1;
  uint32_t ids[VET__NAME_MAX_TOKENS];
  for (size_t k = 0; k < x->n; k++) {
    const vet__ntoken *t = &x->tok[k];
    uint32_t id;
    if (intern(b, t->text, t->len, (uint8_t)(t->flags & ~VET__TOK_SURNAME), t->skel, &id)) return VET_ENOMEM;
    ids[k] = id;
    int seen = 0;
    for (size_t j = 0; j < k; j++) seen |= ids[j] == id;
    if (!seen) b->toks[id].df++;
    uint32_t v = id | ((t->flags & VET__TOK_VARIANT) ? VET__NT_VARIANT : 0) |
                 ((t->flags & VET__TOK_SURNAME) ? VET__NT_SURNAME : 0);
    PUSH(b->name_toks, b->n_name_toks, b->cap_name_toks, v);
    if (!any || (t->len >= 2 && !(t->flags & VET__TOK_TRIVIAL)))
      PUSH(b->pairs, b->n_pairs, b->cap_pairs, ((uint64_t)id << 32) | name_id);
  }
  /* Joined keys: runs of 2 and 3 adjacent tokens. */
  char buf[256];
  for (size_t len = 2; len <= VET__JOIN_MAX; len++)
    for (size_t k = 0; k + len <= x->n; k++) {
      size_t l = 0;
      int fits = 1;
      for (size_t j = k; j < k + len; j++) {
        if (l + x->tok[j].len + 2 >= sizeof buf) fits = 0;
        if (!fits) break;
        memcpy(buf + l, x->tok[j].text, x->tok[j].len);
        l += x->tok[j].len;
      }
      if (!fits) continue;
      buf[l] = 0;
      uint32_t id;
      if (intern(b, buf, l, VET__MT_JOINED, NULL, &id)) return VET_ENOMEM;
      PUSH(b->pairs, b->n_pairs, b->cap_pairs, ((uint64_t)id << 32) | name_id);
    }
  PUSH(b->names, b->n_names, b->cap_names, rec);
  return 0;
}

static int add_country(vet__buf *codes, const char *cc) {
  if (!cc || strlen(cc) != 2) return 0;
  for (size_t i = 0; i + 1 < codes->len; i += 2)
    if (codes->data[i] == cc[0] && codes->data[i + 1] == cc[1]) return 0;
  return vet__buf_append(codes, cc, 2);
}

/* Letters and digits of an identifier, upper-cased ("AB-123 456" → "AB123456"). */
static size_t norm_id(const char *s, char *out, size_t cap) {
  size_t k = 0;
  for (; *s && k + 1 < cap; s++) {
    char c = *s;
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[k++] = c;
  }
  out[k] = 0;
  return k;
}



static int add_entity(vet__mbuilder *b, const vet_entity *e) {
  uint32_t entity = (uint32_t)b->n_ent;
  vet__ment m = {0};
  if ((m.list_id = put_str(b, e->list_id)) == UINT32_MAX) return VET_ENOMEM;
  if ((m.source_id = put_str(b, e->source_id)) == UINT32_MAX) return VET_ENOMEM;
  if ((m.source_list = put_str(b, e->source_list)) == UINT32_MAX) return VET_ENOMEM;
  if (e->n_names && (m.name = put_str(b, e->names[0].text)) == UINT32_MAX) return VET_ENOMEM;
  m.type = (uint8_t)e->type;
  vet__buf codes = VET__BUF_INIT;
  int rc = 0;
  for (size_t i = 0; i < e->n_addresses && !rc; i++) rc = add_country(&codes, e->addresses[i].country_code);
  for (size_t i = 0; i < e->n_nationalities && !rc; i++)
    rc = add_country(&codes, vet__country_code(e->nationalities[i], strlen(e->nationalities[i])));
  for (size_t i = 0; i < e->n_citizenships && !rc; i++)
    rc = add_country(&codes, vet__country_code(e->citizenships[i], strlen(e->citizenships[i])));
  if (!rc && codes.len) {
    m.countries = (uint32_t)b->pool.len;
    rc = vet__buf_append(&b->pool, codes.data, codes.len) || vet__buf_putc(&b->pool, 0) ? VET_ENOMEM : 0;
  }
  vet__buf_free(&codes);
  if (rc) return VET_ENOMEM;
  if (e->n_ids) {
    m.ids = (uint32_t)b->pool.len;
    char id[128];
    for (size_t i = 0; i < e->n_ids; i++) {
      if (!e->ids[i].number) continue;
      size_t l = norm_id(e->ids[i].number, id, sizeof id);
      if (l >= 4 && vet__buf_append(&b->pool, id, l + 1)) return VET_ENOMEM;
    }
    if (vet__buf_putc(&b->pool, 0)) return VET_ENOMEM;
  }
  m.births = (uint32_t)b->n_births;
  for (size_t i = 0; i < e->n_births && i < 1000; i++) {
    const vet_date *d = &e->births[i];
    if (!d->year_from) continue;
    vet__mbirth x = {(int16_t)d->year_from, (int16_t)(d->year_to ? d->year_to : d->year_from),
                     (uint8_t)d->month, (uint8_t)d->day, (uint8_t)(d->approximate != 0), 0};
    PUSH(b->births, b->n_births, b->cap_births, x);
    m.n_births++;
  }
  PUSH(b->ent, b->n_ent, b->cap_ent, m);
  for (size_t i = 0; i < e->n_names; i++)
    if (e->names[i].text && add_name(b, entity, &e->names[i])) return VET_ENOMEM;
  return 0;
}

int vet__mbuilder_add(vet__mbuilder *b, const vet_entity *e, vet_error *err) {
  if (add_entity(b, e)) return vet__error_set(err, VET_ENOMEM, "out of memory");
  return 0;
}

/* ---- finish */

typedef struct key_sink {
  vet__mkey *keys;
  size_t n, cap;
  uint32_t tok;
  int fail;
} key_sink;

static void key_add(void *arg, const char *s, size_t n) {
  key_sink *k = arg;
  if (k->fail) return;
  if (k->n == k->cap) {
    size_t c = k->cap ? k->cap * 2 : 1 << 16;
    vet__mkey *p = realloc(k->keys, c * sizeof *p);
    if (!p) {
      k->fail = 1;
      return;
    }
    k->keys = p;
    k->cap = c;
  }
  k->keys[k->n++] = (vet__mkey){vet__mhash(s, n, 0x9747b28cu), k->tok};
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_key(const void *a, const void *b) {
  const vet__mkey *x = a, *y = b;
  if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
  return x->tok < y->tok ? -1 : x->tok > y->tok;
}

static int align8(vet__buf *out, size_t base) {
  while ((out->len - base) % 8)
    if (vet__buf_putc(out, 0)) return VET_ENOMEM;
  return 0;
}

static int emit(vet__buf *out, size_t base, uint64_t *off, const void *p, size_t n) {
  if (align8(out, base)) return VET_ENOMEM;
  *off = out->len - base;
  if (n && vet__buf_append(out, p, n)) return VET_ENOMEM;
  return 0;
}

int vet__mbuilder_finish(vet__mbuilder *b, vet__buf *out, vet_error *err) {
  int rc = VET_ENOMEM;
  uint32_t *post = NULL;
  key_sink ks = {0};
  uint32_t *dir = NULL, *firsts = NULL;
  uint8_t *tags = NULL;
  vet__btok *btok = NULL;
  vet__nbound *nbound = NULL;
  /* Weights. */
  double max_w = vet__weight(0, (uint32_t)b->n_names, 0);
  for (size_t t = 0; t < b->n_toks; t++)
    b->toks[t].w = (b->toks[t].flags & VET__MT_JOINED) ? 0 : vet__weight(b->toks[t].df, (uint32_t)b->n_names, b->toks[t].flags);
  for (size_t t = 0; t < b->n_toks; t++) b->toks[t].letters = vet__letters(b->pool.data + b->toks[t].text, b->toks[t].len);
  /* Postings. */
  qsort(b->pairs, b->n_pairs, sizeof *b->pairs, cmp_u64);
  post = malloc((b->n_pairs + 1) * sizeof *post);
  if (!post) goto done;
  size_t np = 0;
  for (size_t i = 0; i < b->n_pairs; i++) {
    if (i && b->pairs[i] == b->pairs[i - 1]) continue;
    uint32_t tok = (uint32_t)(b->pairs[i] >> 32);
    if (!b->toks[tok].n_post) b->toks[tok].post = (uint32_t)np;
    b->toks[tok].n_post++;
    post[np++] = (uint32_t)b->pairs[i];
  }
  /* Keys. */
  for (size_t t = 0; t < b->n_toks; t++) {
    const vet__mtok *m = &b->toks[t];
    /* Trivial words get keys even without postings: the matcher's score
     * bound must learn which query tokens may pair with them (lookup.c). */
    if (!m->n_post && !((m->flags & VET__TOK_TRIVIAL) && !(m->flags & VET__MT_JOINED))) continue;
    ks.tok = (uint32_t)t;
    int k = vet__max_edits(m->len);
    if ((m->flags & VET__MT_JOINED) && k > VET__JOIN_MAX_EDITS) k = VET__JOIN_MAX_EDITS;
    vet__deletions(b->pool.data + m->text, m->len, k, key_add, &ks);
    if (!(m->flags & VET__MT_JOINED) && m->skel) {
      const char *sk = b->pool.data + m->skel;
      size_t sl = strlen(sk);
      char col[VET__SKEL_MAX];
      size_t cl = vet__skeleton_collapse(sk, col, sizeof col);
      for (int form = 0; form < 2; form++) {
        const char *f = form ? col : sk;
        size_t fl = form ? cl : sl;
        if (fl < 2 || (form && fl == sl)) continue;
        if (ks.n == ks.cap) key_add(&ks, "", 0), ks.n--;
        if (ks.fail) goto done;
        ks.keys[ks.n++] = (vet__mkey){vet__skel_hash(f, fl), (uint32_t)t};
      }
      /* A one-letter skeleton, keyed with its side (vet__skel1_key). */
      char k1[2];
      size_t l1 = vet__skel1_key(sk, (m->flags & VET__TOK_VOWELLESS) != 0, k1);
      if (l1) {
        if (ks.n == ks.cap) key_add(&ks, "", 0), ks.n--;
        if (ks.fail) goto done;
        ks.keys[ks.n++] = (vet__mkey){vet__skel_hash(k1, l1), (uint32_t)t};
      }
    }
    if (ks.fail) goto done;
  }
  qsort(ks.keys, ks.n, sizeof *ks.keys, cmp_key);
  size_t nk = 0;
  for (size_t i = 0; i < ks.n; i++)
    if (!nk || ks.keys[i].hash != ks.keys[nk - 1].hash || ks.keys[i].tok != ks.keys[nk - 1].tok)
      ks.keys[nk++] = ks.keys[i];
  uint32_t bits = 8;
  while (bits < 22 && ((size_t)1 << bits) < nk / 2) bits++;
  size_t nd = ((size_t)1 << bits) + 1;
  dir = malloc(nd * sizeof *dir);
  if (!dir) goto done;
  size_t ki = 0;
  for (size_t d = 0; d + 1 < nd; d++) {
    while (ki < nk && (ks.keys[ki].hash >> (32 - bits)) < d) ki++;
    dir[d] = (uint32_t)ki;
  }
  dir[nd - 1] = (uint32_t)nk;
  /* The token hash table must be final: rebuild it at its current size. */
  if (!b->nslots && grow_slots(b)) goto done;

  /* The slots' tags: the top byte of each key's hash (index_open.c). */
  tags = calloc(b->nslots, 1);
  if (!tags) goto done;
  for (size_t i = 0; i < b->nslots; i++) {
    uint32_t v = b->slots[i];
    if (!v || v - 1 >= b->n_toks) continue;
    const vet__mtok *m = &b->toks[v - 1];
    char key[256];
    int suffix = (m->flags & VET__MT_JOINED) ? 2 : (m->flags & VET__TOK_VOWELLESS) ? 1 : 0;
    size_t kn = make_key(key, sizeof key, b->pool.data + m->text, m->len, suffix);
    tags[i] = (uint8_t)(vet__mhash(key, kn, 0) >> 24);
  }

  /* The bound records, from the final arrays (bounds.c). */
  {
    vet__mindex_header th = {0};
    th.n_entities = (uint32_t)b->n_ent;
    th.n_names = (uint32_t)b->n_names;
    th.n_name_toks = (uint32_t)b->n_name_toks;
    th.n_tokens = (uint32_t)b->n_toks;
    th.hash_cap = (uint32_t)b->nslots;
    th.pool_size = b->pool.len;
    vet__mindex ti = {0};
    ti.h = &th;
    ti.ent = b->ent;
    ti.names = b->names;
    ti.name_toks = b->name_toks;
    ti.toks = b->toks;
    ti.hash = b->slots;
    ti.hash_tag = tags;
    ti.pool = b->pool.data;
    firsts = malloc((b->n_toks + 1) * sizeof *firsts);
    btok = malloc((b->n_name_toks + 1) * sizeof *btok);
    nbound = malloc((b->n_names + 1) * sizeof *nbound);
    if (!firsts || !btok || !nbound) goto done;
    vet__mindex_bounds(&ti, b->dict, firsts, btok, nbound);
  }

  /* Layout. */
  size_t base = out->len;
  vet__mindex_header h = {0};
  h.magic = VET__MINDEX_MAGIC;
  h.version = VET__MINDEX_VERSION;
  h.n_entities = (uint32_t)b->n_ent;
  h.n_names = (uint32_t)b->n_names;
  h.n_name_toks = (uint32_t)b->n_name_toks;
  h.n_tokens = (uint32_t)b->n_toks;
  h.n_births = (uint32_t)b->n_births;
  h.n_postings = (uint32_t)np;
  h.n_keys = (uint32_t)nk;
  h.dir_bits = bits;
  h.hash_cap = (uint32_t)b->nslots;
  h.max_w = max_w;
  for (size_t t = 0; t < b->n_toks; t++)
    if ((b->toks[t].flags & VET__TOK_TRIVIAL) && b->toks[t].len > h.max_trivial_len) h.max_trivial_len = b->toks[t].len;
  if (vet__buf_append(out, &h, sizeof h)) goto done;
  if (emit(out, base, &h.off_entities, b->ent, b->n_ent * sizeof *b->ent) ||
      emit(out, base, &h.off_births, b->births, b->n_births * sizeof *b->births) ||
      emit(out, base, &h.off_names, b->names, b->n_names * sizeof *b->names) ||
      emit(out, base, &h.off_name_toks, b->name_toks, b->n_name_toks * sizeof *b->name_toks) ||
      emit(out, base, &h.off_tokens, b->toks, b->n_toks * sizeof *b->toks) ||
      emit(out, base, &h.off_hash, b->slots, b->nslots * sizeof *b->slots) ||
      emit(out, base, &h.off_postings, post, np * sizeof *post) ||
      emit(out, base, &h.off_dir, dir, nd * sizeof *dir) ||
      emit(out, base, &h.off_keys, ks.keys, nk * sizeof *ks.keys) ||
      emit(out, base, &h.off_pool, b->pool.data, b->pool.len) ||
      emit(out, base, &h.off_firsts, firsts, b->n_toks * sizeof *firsts) ||
      emit(out, base, &h.off_btok, btok, b->n_name_toks * sizeof *btok) ||
      emit(out, base, &h.off_nbound, nbound, b->n_names * sizeof *nbound) ||
      emit(out, base, &h.off_hash_tag, tags, b->nslots) || align8(out, base))
    goto done;
  h.pool_size = b->pool.len;
  memcpy(out->data + base, &h, sizeof h);
  rc = 0;
done:
  free(post);
  free(ks.keys);
  free(dir);
  free(firsts);
  free(tags);
  free(btok);
  free(nbound);
  if (rc) vet__error_set(err, rc, "out of memory while building the matching index");
  return rc;
}
