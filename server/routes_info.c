/* routes_info.c — what the snapshot holds: GET /v1/lists (each list with its
 * date, counts, checksum and build time) and GET /v1/entities/{list}/{id}
 * (one entity with every field, as vet_entity_to_json writes it).
 *
 * The entity path is split at the first '/' after the list id, so source
 * ids that contain '/' or ':' (e.g. "IL:nso-group") work; libmicrohttpd has
 * already percent-decoded the path. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

int vet__route_lists(vet_server *srv, vet__req *req) {
  vet__holder *h = req->h;
  char when[32];
  vet__sb b = {0};
  vet__sb_puts(&b, "{\"snapshot\": {\"path\": ");
  vet__sb_json_str(&b, vet_snapshot_path(h->snap));
  vet__sb_puts(&b, ", \"checksum\": ");
  vet__sb_json_str(&b, vet_snapshot_checksum(h->snap));
  vet__sb_printf(&b, ", \"entities\": %u, \"loaded_at\": \"%s\"", vet_snapshot_entity_count(h->snap),
                 vet__iso_time(h->loaded_at, when, sizeof when));
  vet__sb_puts(&b, ", \"built_at\": ");
  vet__sb_json_str(&b, h->built_at ? vet__iso_time(h->built_at, when, sizeof when) : NULL);
  vet__sb_puts(&b, "}, \"lists\": [");
  for (size_t i = 0; i < vet_snapshot_list_count(h->snap); i++) {
    const vet_list_info *li = vet_snapshot_list(h->snap, i);
    vet__sb_puts(&b, i ? ",\n  {\"list\": " : "\n  {\"list\": ");
    vet__sb_json_str(&b, li->list_id);
    vet__sb_puts(&b, ", \"name\": ");
    vet__sb_json_str(&b, li->name);
    vet__sb_puts(&b, ", \"format\": ");
    vet__sb_json_str(&b, li->format);
    vet__sb_puts(&b, ", \"date\": ");
    vet__sb_json_str(&b, li->date);
    vet__sb_printf(&b, ", \"entities\": %llu, \"names\": %llu, \"addresses\": %llu, "
                   "\"births\": %llu, \"ids\": %llu, \"rejected\": %llu, \"warnings\": %llu",
                   (unsigned long long)li->n_entities, (unsigned long long)li->n_names,
                   (unsigned long long)li->n_addresses, (unsigned long long)li->n_births,
                   (unsigned long long)li->n_ids, (unsigned long long)li->n_rejected,
                   (unsigned long long)li->n_warnings);
    vet__sb_puts(&b, ", \"checksum\": ");
    vet__sb_json_str(&b, li->checksum);
    vet__sb_puts(&b, ", \"loaded_at\": ");
    vet__sb_json_str(&b, li->loaded_at);
    vet__sb_puts(&b, "}");
  }
  vet__sb_puts(&b, "\n]}\n");
  return vet__reply(req, 200, "application/json", vet__sb_take(&b));
}

int vet__route_entity(vet_server *srv, vet__req *req) {
  const char *rest = req->url + strlen("/v1/entities/");
  const char *slash = strchr(rest, '/');
  if (!slash || slash == rest || !slash[1])
    return vet__reply_error(req, 400, "expected /v1/entities/{list}/{source_id}, "
                            "e.g. /v1/entities/bis-el/IL:nso-group");
  char list[128];
  if ((size_t)(slash - rest) >= sizeof list) return vet__reply_error(req, 400, "list id is too long");
  memcpy(list, rest, (size_t)(slash - rest));
  list[slash - rest] = 0;
  uint32_t idx;
  if (vet_snapshot_find(req->h->snap, list, slash + 1, &idx))
    return vet__reply_error(req, 404, "no entity %s/%s in the snapshot in service", list, slash + 1);
  vet_entity *e;
  vet_error err;
  if (vet_snapshot_entity(req->h->snap, idx, &e, &err))
    return vet__reply_error(req, 500, "%s", err.message);
  const char *pretty = vet__arg(req, "pretty");
  char *j = vet_entity_to_json(e, pretty && strcmp(pretty, "0") ? VET_JSON_PRETTY : VET_JSON_COMPACT);
  vet_entity_free(e);
  return vet__reply(req, 200, "application/json", j);
}
