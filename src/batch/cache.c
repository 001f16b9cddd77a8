/* cache.c — the identical-query cache of vet batch.
 *
 * Customer files repeat names (the same customer in several rows, common
 * company names); each distinct query is screened once. The reader thread
 * looks every row's query key up here before the row is queued: a hit
 * points the row at the earlier row's entry, whose result is certain to be
 * there when the row is written because rows are written in input order and
 * the earlier row comes first. Bounded: when full, an entry leaves the
 * table by the CLOCK rule — the oldest one not asked for again since the
 * hand last passed it, so names that keep coming back (the common ones)
 * stay — and rows still holding it keep it alive through the refcount.
 * Keys fold ASCII case and white space only, which every matcher
 * normalization also folds, so two rows with one key get the same result. */
#include "batch/batch_int.h"
#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

int vet__batch_cache_init(vet__batch_cache *c, size_t max_entries) {
  memset(c, 0, sizeof *c);
  c->max = max_entries ? max_entries : 1;
  size_t nb = 16;
  while (nb < c->max * 2) nb <<= 1;
  c->buckets = calloc(nb, sizeof *c->buckets);
  c->fifo = calloc(c->max, sizeof *c->fifo);
  if (!c->buckets || !c->fifo) {
    free(c->buckets);
    free(c->fifo);
    memset(c, 0, sizeof *c);   /* vet__batch_cache_free() may follow */
    return VET_ENOMEM;
  }
  c->mask = nb - 1;
  return VET_OK;
}

void vet__batch_entry_release(vet__batch_entry *e) {
  if (!e) return;
  if (atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) == 1) {
    free(e->key);
    free(e->suffix);
    free(e);
  }
}

void vet__batch_cache_free(vet__batch_cache *c) {
  for (size_t i = 0; i < c->count; i++)
    vet__batch_entry_release(c->fifo[(c->head + i) % c->max]);
  free(c->buckets);
  free(c->fifo);
  memset(c, 0, sizeof *c);
}

int vet__batch_query_key(vet__buf *out, const char *const col[VET__NCOLS]) {
  static const int parts[] = {VET__COL_NAME, VET__COL_TYPE, VET__COL_COUNTRY, VET__COL_DOB};
  size_t total = 4;
  for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
    if (col[parts[k]]) total += strlen(col[parts[k]]);
  /* The key is never longer than its parts and three separators, so it is
  ** written straight into reserved space (one byte at a time through
  ** vet__buf_putc was a tenth of the pipeline's work). */
  if (vet__buf_reserve(out, total)) return VET_ENOMEM;
  char *d = out->data + out->len;
  for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
    if (k) *d++ = '\x1f';
    const char *s = col[parts[k]];
    if (!s) continue;
    int space = 0, any = 0;
    for (; *s; s++) {
      unsigned char ch = (unsigned char)*s;
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
        space = 1;
        continue;
      }
      if (space && any) *d++ = ' ';
      space = 0;
      any = 1;
      *d++ = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
  }
  out->len = (size_t)(d - out->data);
  out->data[out->len] = '\0';
  return VET_OK;
}

static void evict_oldest(vet__batch_cache *c) {
  /* The ring is full, so moving the head past an entry makes it the
  ** newest: a second chance for one that was used. Ends: every pass
  ** clears the bits it crosses. */
  while (c->fifo[c->head]->used) {
    c->fifo[c->head]->used = 0;
    c->head = (c->head + 1) % c->max;
  }
  vet__batch_entry *old = c->fifo[c->head];
  c->head = (c->head + 1) % c->max;
  c->count--;
  vet__batch_entry **pp = &c->buckets[old->hash & c->mask];
  while (*pp && *pp != old) pp = &(*pp)->chain;
  if (*pp) *pp = old->chain;
  vet__batch_entry_release(old);
}

vet__batch_entry *vet__batch_cache_get(vet__batch_cache *c, const char *key, size_t n,
                                       int *created) {
  uint64_t h = vet__fnv1a64(key, n);
  for (vet__batch_entry *e = c->buckets[h & c->mask]; e; e = e->chain) {
    if (e->hash == h && !memcmp(e->key, key, n) && e->key[n] == '\0') {
      atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
      e->used = 1;
      *created = 0;
      return e;
    }
  }
  vet__batch_entry *e = calloc(1, sizeof *e);
  if (!e || !(e->key = malloc(n + 1))) {
    free(e);
    return NULL;
  }
  memcpy(e->key, key, n);
  e->key[n] = '\0';
  e->hash = h;
  atomic_init(&e->refs, 2); /* the cache's and the caller's */
  if (c->count == c->max) evict_oldest(c);
  e->chain = c->buckets[h & c->mask];
  c->buckets[h & c->mask] = e;
  c->fifo[(c->head + c->count) % c->max] = e;
  c->count++;
  *created = 1;
  return e;
}
