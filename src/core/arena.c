/* arena.c — see arena.h. Blocks form a list, newest first; a request larger
 * than the block size gets a block of its own. */
#include "core/arena.h"

#include <stdlib.h>
#include <string.h>

struct vet__arena_block {
  vet__arena_block *next;
  size_t size, used;
  max_align_t data[];
};

void vet__arena_init(vet__arena *a, size_t block_size) {
  a->head = NULL;
  a->block_size = block_size ? block_size : 16384;
  a->failed = 0;
}

void *vet__arena_alloc(vet__arena *a, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if (n == 0) n = 8;
  vet__arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > a->block_size ? n : a->block_size;
    b = malloc(sizeof *b + size);
    if (!b) {
      a->failed = 1;
      return NULL;
    }
    b->size = size;
    b->used = 0;
    if (a->head && n > a->block_size) {
      /* A big one-off block goes second so the current block keeps filling. */
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = (char *)b->data + b->used;
  b->used += n;
  return p;
}

char *vet__arena_strndup(vet__arena *a, const char *s, size_t n) {
  char *p = vet__arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *vet__arena_strdup(vet__arena *a, const char *s) {
  return s ? vet__arena_strndup(a, s, strlen(s)) : NULL;
}

void vet__arena_fail(vet__arena *a) { a->failed = 1; }

void vet__arena_reset(vet__arena *a) {
  a->failed = 0;
  if (!a->head) return;
  vet__arena_block *keep = a->head, *b = keep->next;
  while (b) {
    vet__arena_block *next = b->next;
    free(b);
    b = next;
  }
  keep->next = NULL;
  keep->used = 0;
}

void vet__arena_free(vet__arena *a) {
  vet__arena_block *b = a->head;
  while (b) {
    vet__arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}
