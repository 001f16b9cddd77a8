/* routes_admin.c — POST /admin/reload: load the snapshot again (from its
 * path, or from {"path": "..."} in the body), verify it and swap it in.
 *
 * Access: the caller presents the token given with --admin-token or
 * $VET_ADMIN_TOKEN, as "Authorization: Bearer TOKEN" or "X-Admin-Token:
 * TOKEN". Both sides are hashed with SHA-256 and the digests compared with
 * CRYPTO_memcmp, so the time taken says nothing about the token, not even
 * its length. Without a configured token every admin request gets 401.
 *
 * A refused reload answers 422 with the reason; the snapshot in service is
 * unchanged and its checksum is in the message. */
#include "server.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int same_token(const char *expected, const char *given) {
  unsigned char a[EVP_MAX_MD_SIZE], b[EVP_MAX_MD_SIZE];
  unsigned la = 0, lb = 0;
  if (!EVP_Digest(expected, strlen(expected), a, &la, EVP_sha256(), NULL) ||
      !EVP_Digest(given, strlen(given), b, &lb, EVP_sha256(), NULL) || la != lb)
    return 0;
  return CRYPTO_memcmp(a, b, la) == 0;
}

/* The token the request presents, or NULL. Borrowed from the request. */
static const char *presented_token(vet__req *req) {
  const char *auth = vet__header(req, "Authorization");
  if (auth && !strncasecmp(auth, "Bearer ", 7)) return auth + 7;
  return vet__header(req, "X-Admin-Token");
}

static void log_line(vet_server *srv, const char *line) {
  if (srv->opt.log) srv->opt.log(srv->opt.log_userdata, line);
}

int vet__route_reload(vet_server *srv, vet__req *req) {
  const char *given = presented_token(req);
  if (!srv->admin_token)
    return vet__reply_error(req, 401, "admin endpoints are off: start vet serve with "
                            "--admin-token TOKEN or $VET_ADMIN_TOKEN");
  if (!given) return vet__reply_error(req, 401, "admin token required "
                                      "(Authorization: Bearer TOKEN)");
  if (!same_token(srv->admin_token, given)) return vet__reply_error(req, 401, "wrong admin token");

  const char *path = NULL;
  json_t *body = NULL;
  if (req->body_len) {
    json_error_t jerr;
    body = json_loadb(req->body, req->body_len, 0, &jerr);
    if (!body || !json_is_object(body)) {
      json_decref(body);
      return vet__reply_error(req, 400, "body must be a JSON object such as {\"path\": \"...\"}%s%s",
                              body ? "" : ": ", body ? "" : jerr.text);
    }
    json_t *p = json_object_get(body, "path");
    if (p && !json_is_string(p)) {
      json_decref(body);
      return vet__reply_error(req, 400, "\"path\" must be a string");
    }
    path = p ? json_string_value(p) : NULL;
  }
  const char *before = vet_snapshot_checksum(req->h->snap);
  vet_error err;
  memset(&err, 0, sizeof err);
  int rc = vet__server_reload(srv, path, &err);
  char line[1400];
  if (rc) {
    snprintf(line, sizeof line, "reload refused: %s; still serving %s", err.message, before);
    log_line(srv, line);
    json_decref(body);
    return vet__reply_error(req, 422, "reload refused: %s; the snapshot in service (%s) is unchanged",
                            err.message, before);
  }
  vet__holder *h = vet__holder_acquire(srv);
  snprintf(line, sizeof line, "reloaded %s: %u entities, %s", vet_snapshot_path(h->snap),
           vet_snapshot_entity_count(h->snap), vet_snapshot_checksum(h->snap));
  log_line(srv, line);
  vet__sb b = {0};
  vet__sb_puts(&b, "{\"status\": \"reloaded\", \"snapshot\": ");
  vet__sb_json_str(&b, vet_snapshot_path(h->snap));
  vet__sb_puts(&b, ", \"checksum\": ");
  vet__sb_json_str(&b, vet_snapshot_checksum(h->snap));
  vet__sb_printf(&b, ", \"entities\": %u, \"previous_checksum\": ", vet_snapshot_entity_count(h->snap));
  vet__sb_json_str(&b, before);
  vet__sb_puts(&b, "}\n");
  vet__holder_release(h);
  json_decref(body);
  return vet__reply(req, 200, "application/json", vet__sb_take(&b));
}
