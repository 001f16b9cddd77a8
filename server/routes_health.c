/* routes_health.c — GET /healthz (the process answers) and GET /readyz (a
 * snapshot is in service and can be screened against).
 *
 * /healthz never touches the snapshot, so a load balancer can tell a hung
 * process from a busy one. /readyz answers 200 with the snapshot's checksum
 * and entity count when a snapshot is loaded, 503 otherwise; "matcher" says
 * whether this build can screen (false until the matcher is in libvet), and
 * "last_reload_error" carries the reason the last reload was refused. */
#include "server.h"

#include <stdio.h>
#include <string.h>

int vet__route_healthz(vet_server *srv, vet__req *req) {
  static const char ok[] = "{\"status\": \"ok\"}\n";
  return vet__reply_static(req, 200, "application/json", ok, sizeof ok - 1, NULL);
}

int vet__route_readyz(vet_server *srv, vet__req *req) {
  vet__holder *h = req->h;
  char when[32];
  char last_error[sizeof srv->last_reload_error];
  pthread_mutex_lock(&srv->reload_lock);
  memcpy(last_error, srv->last_reload_error, sizeof last_error);
  pthread_mutex_unlock(&srv->reload_lock);
  vet__sb b = {0};
  vet__sb_puts(&b, "{\"status\": \"ready\", \"snapshot\": ");
  vet__sb_json_str(&b, vet_snapshot_path(h->snap));
  vet__sb_puts(&b, ", \"checksum\": ");
  vet__sb_json_str(&b, vet_snapshot_checksum(h->snap));
  vet__sb_printf(&b, ", \"entities\": %u, \"lists\": %zu, \"loaded_at\": \"%s\", \"matcher\": true",
                 vet_snapshot_entity_count(h->snap), vet_snapshot_list_count(h->snap),
                 vet__iso_time(h->loaded_at, when, sizeof when));
  vet__sb_puts(&b, ", \"last_reload_error\": ");
  vet__sb_json_str(&b, last_error[0] ? last_error : NULL);
  vet__sb_puts(&b, "}\n");
  return vet__reply(req, 200, "application/json", vet__sb_take(&b));
}
