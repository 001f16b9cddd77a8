/* page.c — the analysts' page: GET / serves page.html, and
 * GET /static/page.css and /static/page.js its style and script.
 *
 * The three files live in server/ and are embedded in the binary at build
 * time (server/embed.cmake), so the page needs no files at run time and
 * loads nothing from elsewhere: no CDN, no web font; the Content-Security-
 * Policy set in respond.c holds it to its own origin. The page itself
 * calls /v1/search, /v1/entities and /v1/lists. */
#include "server.h"

#include <string.h>

static const vet__asset *find_asset(const char *name) {
  for (const vet__asset *a = vet__assets; a->name; a++)
    if (!strcmp(a->name, name)) return a;
  return NULL;
}

static const char *content_type(const char *name) {
  const char *dot = strrchr(name, '.');
  if (dot && !strcmp(dot, ".css")) return "text/css; charset=utf-8";
  if (dot && !strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
  return "text/html; charset=utf-8";
}

int vet__route_page(vet_server *srv, vet__req *req) {
  const char *name = "page.html";
  if (!strncmp(req->url, "/static/", 8)) {
    name = req->url + 8;
    if (!strcmp(name, "page.html")) name = "";   /* the page is served at / only */
  }
  const vet__asset *a = find_asset(name);
  if (!a) return vet__reply_error(req, 404, "no such file: %s", req->url);
  return vet__reply_static(req, 200, content_type(name), a->data, a->len, "no-cache");
}
