/* snapshot_keys.h — internal access to an entity's key without decoding it. */
#ifndef VET_SNAPSHOT_KEYS_H
#define VET_SNAPSHOT_KEYS_H
#include "vet.h"
/* The list id and source id of entity i, pointing into the mapping. */
int vet__snapshot_entity_key(const vet_snapshot *s, uint32_t i, const char **list_id,
                             const char **source_id);
#endif
