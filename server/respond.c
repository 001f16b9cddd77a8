/* respond.c — building replies: a small string buffer, JSON string escaping,
 * and queueing a response on a libmicrohttpd connection.
 *
 * Every reply carries its Content-Type and a few safety headers
 * (X-Content-Type-Options, and a Content-Security-Policy that keeps the page
 * to its own origin). Errors are always JSON: {"error": "...", "status": N}.
 * A reply is queued at most once per request; req->status records it for
 * the metrics. */
#include "server.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sb_grow(vet__sb *b, size_t extra) {
  if (b->failed) return -1;
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    b->failed = 1;
    return -1;
  }
  b->data = p;
  b->cap = cap;
  return 0;
}

/* Appends n bytes; the buffer owns its storage. */
void vet__sb_add(vet__sb *b, const char *p, size_t n) {
  if (sb_grow(b, n)) return;
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
}

void vet__sb_puts(vet__sb *b, const char *s) { vet__sb_add(b, s, strlen(s)); }

void vet__sb_printf(vet__sb *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    vet__sb_add(b, small, (size_t)n);
    return;
  }
  if (sb_grow(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* Escapes per RFC 8259: quotes, backslash and control characters; bytes of
 * 0x80 and above are copied (the input is UTF-8). "</" is written "<\/" so
 * that a JSON reply can never close a script element. */
void vet__sb_json_str(vet__sb *b, const char *s) {
  if (!s) {
    vet__sb_puts(b, "null");
    return;
  }
  vet__sb_add(b, "\"", 1);
  const char *run = s;
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    const char *esc = NULL;
    char u[8];
    if (c == '"') esc = "\\\"";
    else if (c == '\\') esc = "\\\\";
    else if (c == '\n') esc = "\\n";
    else if (c == '\r') esc = "\\r";
    else if (c == '\t') esc = "\\t";
    else if (c == '/' && p > s && p[-1] == '<') esc = "\\/";
    else if (c < 0x20) {
      snprintf(u, sizeof u, "\\u%04x", c);
      esc = u;
    }
    if (esc) {
      vet__sb_add(b, run, (size_t)(p - run));
      vet__sb_puts(b, esc);
      run = p + 1;
    }
  }
  vet__sb_puts(b, run);
  vet__sb_add(b, "\"", 1);
}

char *vet__sb_take(vet__sb *b) {
  char *p = b->failed ? NULL : b->data;
  if (b->failed) free(b->data);
  if (!b->failed && !p) p = calloc(1, 1);
  b->data = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
  return p;
}

static void add_common_headers(struct MHD_Response *r, const char *content_type) {
  MHD_add_response_header(r, "Content-Type", content_type);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(r, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
}

/* Takes over body (malloc'd). A NULL body means an allocation failed: the
 * reply becomes a static 500. */
int vet__reply(vet__req *req, unsigned status, const char *content_type, char *body) {
  static const char oom[] = "{\"error\": \"out of memory\", \"status\": 500}";
  if (req->answered) {
    free(body);
    return MHD_YES;
  }
  if (!body) return vet__reply_static(req, 500, "application/json", oom, sizeof oom - 1, NULL);
  struct MHD_Response *r =
      MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
  if (!r) {
    free(body);
    return MHD_NO;
  }
  add_common_headers(r, content_type);
  MHD_add_response_header(r, "Cache-Control", "no-store");
  int rc = MHD_queue_response(req->conn, status, r);
  MHD_destroy_response(r);
  req->answered = 1;
  req->status = status;
  return rc;
}

int vet__reply_static(vet__req *req, unsigned status, const char *content_type,
                      const void *body, size_t len, const char *cache_control) {
  if (req->answered) return MHD_YES;
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
  if (!r) return MHD_NO;
  add_common_headers(r, content_type);
  MHD_add_response_header(r, "Cache-Control", cache_control ? cache_control : "no-store");
  int rc = MHD_queue_response(req->conn, status, r);
  MHD_destroy_response(r);
  req->answered = 1;
  req->status = status;
  return rc;
}

int vet__reply_error(vet__req *req, unsigned status, const char *fmt, ...) {
  char msg[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  vet__sb b = {0};
  vet__sb_puts(&b, "{\"error\": ");
  vet__sb_json_str(&b, msg);
  vet__sb_printf(&b, ", \"status\": %u}\n", status);
  return vet__reply(req, status, "application/json", vet__sb_take(&b));
}

const char *vet__arg(vet__req *req, const char *key) {
  return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *vet__header(vet__req *req, const char *key) {
  return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, key);
}

const char *vet__iso_time(time_t t, char *buf, size_t bufsz) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
