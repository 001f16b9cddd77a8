/* entity_int.h — internal helpers around the public entity model. */
#ifndef VET_MODEL_ENTITY_INT_H
#define VET_MODEL_ENTITY_INT_H
#include "vet.h"
#include <jansson.h>

vet_name_kind vet__name_kind_parse(const char *text);
const char *vet__strength_name(vet_name_strength s);
vet_name_strength vet__strength_parse(const char *text);
/* The entity as a new JSON object (caller owns the reference). */
json_t *vet__entity_json(const vet_entity *e);
/* Builds an entity from the JSON form above into the builder (see builder.h);
 * returns VET_EFORMAT with a reason in *why (static) when a field is off. */
struct vet__eb;
int vet__entity_from_json(struct vet__eb *eb, const json_t *o, const char **why);
#endif
