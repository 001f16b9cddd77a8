/* list_info.c — copying list information and its JSON form (see snapshot_int.h). */
#include "snapshot/snapshot_int.h"

#include <stdlib.h>
#include <string.h>

static char *dup(const char *s) { return s ? strdup(s) : NULL; }

int vet__list_rec_copy(vet__list_rec *d, const vet_list_info *s) {
  memset(d, 0, sizeof *d);
  d->info = *s;
  const char *src[7] = {s->list_id, s->name, s->format, s->path, s->date, s->checksum, s->loaded_at};
  for (int i = 0; i < 7; i++) {
    d->strings[i] = dup(src[i]);
    if (src[i] && !d->strings[i]) {
      vet__list_rec_free(d);
      return VET_ENOMEM;
    }
  }
  d->info.list_id = d->strings[0];
  d->info.name = d->strings[1];
  d->info.format = d->strings[2];
  d->info.path = d->strings[3];
  d->info.date = d->strings[4];
  d->info.checksum = d->strings[5];
  d->info.loaded_at = d->strings[6];
  return 0;
}

void vet__list_rec_free(vet__list_rec *r) {
  for (int i = 0; i < 7; i++) {
    free(r->strings[i]);
    r->strings[i] = NULL;
  }
}

json_t *vet__list_info_json(const vet_list_info *li) {
  json_t *o = json_object();
  const char *keys[7] = {"list", "name", "format", "path", "date", "checksum", "loaded_at"};
  const char *vals[7] = {li->list_id, li->name, li->format, li->path, li->date, li->checksum,
                         li->loaded_at};
  for (int i = 0; i < 7; i++)
    if (vals[i]) json_object_set_new(o, keys[i], json_string(vals[i]));
  json_object_set_new(o, "entities", json_integer((json_int_t)li->n_entities));
  json_object_set_new(o, "names", json_integer((json_int_t)li->n_names));
  json_object_set_new(o, "addresses", json_integer((json_int_t)li->n_addresses));
  json_object_set_new(o, "dates_of_birth", json_integer((json_int_t)li->n_births));
  json_object_set_new(o, "ids", json_integer((json_int_t)li->n_ids));
  json_object_set_new(o, "rejected", json_integer((json_int_t)li->n_rejected));
  json_object_set_new(o, "warnings", json_integer((json_int_t)li->n_warnings));
  return o;
}

int vet__list_rec_from_json(vet__list_rec *d, const json_t *o) {
  vet_list_info li;
  memset(&li, 0, sizeof li);
  li.list_id = json_string_value(json_object_get(o, "list"));
  li.name = json_string_value(json_object_get(o, "name"));
  li.format = json_string_value(json_object_get(o, "format"));
  li.path = json_string_value(json_object_get(o, "path"));
  li.date = json_string_value(json_object_get(o, "date"));
  li.checksum = json_string_value(json_object_get(o, "checksum"));
  li.loaded_at = json_string_value(json_object_get(o, "loaded_at"));
  li.n_entities = (uint64_t)json_integer_value(json_object_get(o, "entities"));
  li.n_names = (uint64_t)json_integer_value(json_object_get(o, "names"));
  li.n_addresses = (uint64_t)json_integer_value(json_object_get(o, "addresses"));
  li.n_births = (uint64_t)json_integer_value(json_object_get(o, "dates_of_birth"));
  li.n_ids = (uint64_t)json_integer_value(json_object_get(o, "ids"));
  li.n_rejected = (uint64_t)json_integer_value(json_object_get(o, "rejected"));
  li.n_warnings = (uint64_t)json_integer_value(json_object_get(o, "warnings"));
  if (!li.list_id) return VET_ECORRUPT;
  return vet__list_rec_copy(d, &li);
}
