/* snapshot_int.h — the list-info records shared by the builder and the reader
 * of snapshots, and their JSON form in the LISTS section. */
#ifndef VET_SNAPSHOT_INT_H
#define VET_SNAPSHOT_INT_H
#include "vet.h"
#include <jansson.h>

/* A deep copy of a vet_list_info: every string owned by `strings`. */
typedef struct vet__list_rec {
  vet_list_info info;
  char *strings[7];
} vet__list_rec;

int vet__list_rec_copy(vet__list_rec *dst, const vet_list_info *src);
void vet__list_rec_free(vet__list_rec *r);
json_t *vet__list_info_json(const vet_list_info *li);
int vet__list_rec_from_json(vet__list_rec *dst, const json_t *o);
#endif
