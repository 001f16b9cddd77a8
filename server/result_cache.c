/* result_cache.c — a small cache of screening results, one per matcher of
 * the pool (so one per request in progress, never shared by two threads).
 *
 * What: the "matches" JSON text that vet__screen_json() wrote for a query,
 * keyed by everything that decides it: the name's exact bytes, the type,
 * country, date of birth, list and id filters, the threshold, the limit and
 * "all" (vet__rcache_key). The snapshot is not in the key because the cache
 * belongs to one snapshot's holder: a reload makes a new holder with empty
 * caches and the old ones go with the old holder.
 *
 * Why: customers repeat (the same name screened at onboarding, again by the
 * page, again by a retry), and a repeated query costs a hash and a copy
 * instead of a vet_screen() call. Results are the same bytes either way:
 * the entry is the text the matcher's results were written as.
 *
 * Shape: direct-mapped — slot hash % n holds at most one entry and a new
 * entry replaces whatever was there — so a lookup is one probe, there is no
 * list to maintain and memory is bounded by n slots of at most
 * VET__RCACHE_MAX_VALUE bytes. Not thread-safe: its matcher's owner uses it. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
  uint64_t hash;
  size_t key_n, value_n, n_results;
  char *data;                   /* key bytes, then value bytes; owned */
} entry;

struct vet__rcache {
  entry *slots;
  size_t n;
};

vet__rcache *vet__rcache_new(size_t slots) {
  if (!slots) return NULL;
  vet__rcache *c = calloc(1, sizeof *c);
  if (!c || !(c->slots = calloc(slots, sizeof *c->slots))) {
    free(c);
    return NULL;
  }
  c->n = slots;
  return c;
}

void vet__rcache_free(vet__rcache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) free(c->slots[i].data);
  free(c->slots);
  free(c);
}

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

/* A string field: a 0 byte for NULL, else a 1 byte, the bytes and a 0. */
static void key_str(vet__sb *k, const char *s) {
  if (!s) {
    vet__sb_add(k, "\0", 1);
    return;
  }
  vet__sb_add(k, "\1", 1);
  vet__sb_add(k, s, strlen(s) + 1);
}

int vet__rcache_key(vet__sb *k, const vet_query *q) {
  int type = (int)q->type;
  vet__sb_add(k, (const char *)&type, sizeof type);
  vet__sb_add(k, (const char *)&q->threshold, sizeof q->threshold);
  vet__sb_add(k, (const char *)&q->limit, sizeof q->limit);
  vet__sb_add(k, (const char *)&q->all, sizeof q->all);
  vet__sb_add(k, (const char *)&q->n_lists, sizeof q->n_lists);
  vet__sb_add(k, (const char *)&q->n_ids, sizeof q->n_ids);
  key_str(k, q->name);
  key_str(k, q->country);
  key_str(k, q->dob);
  for (size_t i = 0; i < q->n_lists; i++) key_str(k, q->lists[i]);
  for (size_t i = 0; i < q->n_ids; i++) key_str(k, q->ids[i]);
  return k->failed ? -1 : 0;
}

const char *vet__rcache_get(vet__rcache *c, const char *key, size_t key_n, size_t *value_n,
                            size_t *n_results) {
  uint64_t h = hash_bytes(key, key_n);
  entry *e = &c->slots[h % c->n];
  if (e->data && e->hash == h && e->key_n == key_n && !memcmp(e->data, key, key_n)) {
    *value_n = e->value_n;
    *n_results = e->n_results;
    return e->data + key_n;
  }
  return NULL;
}

void vet__rcache_put(vet__rcache *c, const char *key, size_t key_n, const char *value,
                     size_t value_n, size_t n_results) {
  if (value_n > VET__RCACHE_MAX_VALUE) return;
  char *d = malloc(key_n + value_n);
  if (!d) return;   /* a cache that cannot grow just does not keep this one */
  memcpy(d, key, key_n);
  memcpy(d + key_n, value, value_n);
  uint64_t h = hash_bytes(key, key_n);
  entry *e = &c->slots[h % c->n];
  free(e->data);
  *e = (entry){h, key_n, value_n, n_results, d};
}
