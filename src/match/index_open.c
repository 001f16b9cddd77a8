/* index_open.c — mapping the "mindex" section back.
 *
 * Opening checks the header (magic, version, that every array lies inside
 * the section) and sets pointers; it reads no name or token, so it costs
 * microseconds whatever the size and maps no more of the file than the
 * header. Deeper consistency is checked where it is used, so a corrupt
 * section cannot make vet read out of bounds: lookup.c clamps every id
 * against the header's counts, a token is read only when vet__mtok_ok()
 * says its text lies inside the string pool, and the strings of entities
 * and names are read through vet__mindex_str(). */
#include "match/index.h"

#include <string.h>
#include "core/error.h"

static int in(uint64_t off, uint64_t n, uint64_t size_each, uint64_t total) {
  if (off % 4) return 0;
  if (n && size_each > (total - off) / n) return 0;
  return off <= total;
}

int vet__mindex_open(const void *data, uint64_t size, vet__mindex *idx, vet_error *err) {
  memset(idx, 0, sizeof *idx);
  if (!data || size < sizeof(vet__mindex_header) || ((uintptr_t)data % 8))
    return vet__error_set(err, VET_ECORRUPT, "matching index: section too small or misaligned");
  const vet__mindex_header *h = data;
  if (h->magic != VET__MINDEX_MAGIC)
    return vet__error_set(err, VET_ECORRUPT, "matching index: bad magic");
  if (h->version != VET__MINDEX_VERSION)
    return vet__error_set(err, VET_EVERSION,
                          "matching index version %u, this vet reads %u; rebuild it with `vet index build`",
                          h->version, (unsigned)VET__MINDEX_VERSION);
  if (!in(h->off_entities, h->n_entities, sizeof(vet__ment), size) ||
      !in(h->off_births, h->n_births, sizeof(vet__mbirth), size) ||
      !in(h->off_names, h->n_names, sizeof(vet__mname), size) ||
      !in(h->off_name_toks, h->n_name_toks, 4, size) ||
      !in(h->off_tokens, h->n_tokens, sizeof(vet__mtok), size) ||
      !in(h->off_hash, h->hash_cap, 4, size) || !in(h->off_postings, h->n_postings, 4, size) ||
      h->dir_bits > 24 || h->dir_bits < 1 ||
      !in(h->off_dir, ((uint64_t)1 << h->dir_bits) + 1, 4, size) ||
      !in(h->off_keys, h->n_keys, sizeof(vet__mkey), size) || !in(h->off_pool, h->pool_size, 1, size) ||
      !in(h->off_firsts, h->n_tokens, 4, size) || !in(h->off_btok, h->n_name_toks, sizeof(vet__btok), size) ||
      !in(h->off_nbound, h->n_names, sizeof(vet__nbound), size) || !in(h->off_hash_tag, h->hash_cap, 1, size) ||
      h->pool_size == 0 || (h->hash_cap & (h->hash_cap - 1)) || !h->hash_cap)
    return vet__error_set(err, VET_ECORRUPT, "matching index: an array lies outside the section");
  const char *base = data;
  idx->h = h;
  idx->ent = (const vet__ment *)(base + h->off_entities);
  idx->births = (const vet__mbirth *)(base + h->off_births);
  idx->names = (const vet__mname *)(base + h->off_names);
  idx->name_toks = (const uint32_t *)(base + h->off_name_toks);
  idx->toks = (const vet__mtok *)(base + h->off_tokens);
  idx->hash = (const uint32_t *)(base + h->off_hash);
  idx->hash_tag = (const uint8_t *)(base + h->off_hash_tag);
  idx->postings = (const uint32_t *)(base + h->off_postings);
  idx->dir = (const uint32_t *)(base + h->off_dir);
  idx->keys = (const vet__mkey *)(base + h->off_keys);
  idx->pool = base + h->off_pool;
  idx->firsts = (const uint32_t *)(base + h->off_firsts);
  idx->btok = (const vet__btok *)(base + h->off_btok);
  idx->nbound = (const vet__nbound *)(base + h->off_nbound);
  if (idx->pool[h->pool_size - 1] != 0)
    return vet__error_set(err, VET_ECORRUPT, "matching index: string pool not terminated");
  return 0;
}

/* See index.h. */
uint32_t vet__mindex_find(const vet__mindex *idx, const char *text, size_t n, int vowelless) {
  char key[256];
  if (n + 2 > sizeof key) return UINT32_MAX;
  memcpy(key, text, n);
  size_t kn = n;
  if (vowelless) key[kn++] = 1;
  uint32_t h = vet__mhash(key, kn, 0), mask = idx->h->hash_cap - 1, i = h & mask;
  uint8_t tag = (uint8_t)(h >> 24);
  for (uint32_t probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
    uint32_t v = idx->hash[i];
    if (!v) return UINT32_MAX;
    if (idx->hash_tag[i] != tag) continue;
    if (v - 1 >= idx->h->n_tokens) return UINT32_MAX;
    const vet__mtok *t = &idx->toks[v - 1];
    if (t->len != n || (t->flags & VET__MT_JOINED)) continue;
    if (!!(t->flags & VET__TOK_VOWELLESS) != !!vowelless) continue;
    if (t->text < idx->h->pool_size && t->text + n < idx->h->pool_size &&
        !memcmp(idx->pool + t->text, text, n))
      return v - 1;
  }
  return UINT32_MAX;
}
