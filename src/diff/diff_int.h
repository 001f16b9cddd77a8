/* diff_int.h — the layouts behind include/vet_diff.h, for the diff's own
 * files and white-box tests.
 *
 * A set owns deep copies of its entities in one arena (entities are small
 * and a set lives as long as one comparison). Its index is an open-addressing
 * hash table of entity numbers keyed by (list_id, source_id, occurrence):
 * the occurrence number tells apart records that repeat a key, so nothing a
 * list publishes is dropped from the comparison. */
#ifndef VET_DIFF_INT_H
#define VET_DIFF_INT_H
#include "vet.h"
#include "core/arena.h"

#include <stdint.h>

typedef struct vet__diff_slot {
  uint64_t hash;             /* 0: empty */
  uint32_t entity;           /* index into entities */
} vet__diff_slot;

struct vet_diff_set {
  vet__arena arena;          /* every string and array the set holds */
  vet_entity *entities;      /* malloc'd array of n, cap */
  uint32_t *occurrence;      /* per entity: 0 for the first record with its key, 1 ... */
  size_t n, cap;
  size_t duplicates;
  vet__diff_slot *slots;     /* malloc'd; n_slots is a power of two, at most half full */
  size_t n_slots;
  vet_list_info *lists;      /* malloc'd array */
  size_t n_lists, cap_lists;
  const char *origin;        /* static: "entities", "lists", "snapshot" */
  /* Provenance for a delta snapshot (delta_info.c): the path of the one load,
   * and, when that load was a snapshot, its checksum. Both in the arena; both
   * NULL when the set was loaded more than once or filled by hand. The
   * checksum holds only while the set still has exactly the entities and
   * lists that load gave it (snap_n, snap_lists). */
  const char *path;
  const char *checksum;
  size_t n_loads, snap_n, snap_lists;
};

/* A deep copy of e whose every string and array lives in `arena`. Returns
 * VET_OK or VET_ENOMEM. */
int vet__entity_copy(vet__arena *arena, const vet_entity *e, vet_entity *out);

/* Looks up the entity of `set` with this key; returns its index or -1. */
long vet__diff_set_find(const vet_diff_set *set, const char *list_id, const char *source_id,
                        uint32_t occurrence);

/* The sets a diff was computed from (borrowed). */
struct vet_diff;
const vet_diff_set *vet__diff_old_set(const struct vet_diff *d);
const vet_diff_set *vet__diff_new_set(const struct vet_diff *d);

/* The provenance record of a delta snapshot written from diff d with `kinds`
 * (the DELTA section, JSON; format in delta_info.c). Malloc'd string the
 * caller frees with free(); NULL on ENOMEM. */
char *vet__delta_info_json(const struct vet_diff *d, unsigned kinds, size_t added, size_t changed);

/* Compares source ids: numerically when both are decimal numbers, else as bytes. */
int vet__diff_idcmp(const char *a, const char *b);
#endif
