/* arena.h — a bump allocator for short-lived, same-lifetime data.
 *
 * An entity under construction, a decoded snapshot entity and a query's
 * scratch space all live in an arena: many small allocations, freed at once
 * by vet__arena_reset() (keeps the first block for reuse) or
 * vet__arena_free(). Allocations are 8-byte aligned. Not thread-safe. */
#ifndef VET_CORE_ARENA_H
#define VET_CORE_ARENA_H
#include <stddef.h>

typedef struct vet__arena_block vet__arena_block;
typedef struct vet__arena {
  vet__arena_block *head;
  size_t block_size;
  int failed;          /* 1 once an allocation failed (or vet__arena_fail() said
                        * one did) since init or the last reset: for callers
                        * whose helpers return NULL both for "absent" and for
                        * "out of memory" (the list readers' field copies) */
} vet__arena;

void vet__arena_init(vet__arena *a, size_t block_size);
/* NULL on ENOMEM. The memory belongs to the arena. */
void *vet__arena_alloc(vet__arena *a, size_t n);
/* A NUL-terminated copy of s[0..n); NULL on ENOMEM. */
char *vet__arena_strndup(vet__arena *a, const char *s, size_t n);
char *vet__arena_strdup(vet__arena *a, const char *s);
/* Marks an allocation failure that belongs to the arena's user (a scratch
 * buffer filled on the way to an arena copy). */
void vet__arena_fail(vet__arena *a);
void vet__arena_reset(vet__arena *a);
void vet__arena_free(vet__arena *a);
#endif
