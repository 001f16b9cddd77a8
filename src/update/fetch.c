/* fetch.c — one download with libcurl, as `vet update` needs it.
 *
 * Policy, in one place:
 *   - timeouts on everything: connect, whole transfer, and a stall timer
 *     (less than 1 byte/s for stall_timeout seconds);
 *   - only http and https, also after redirects (at most 5);
 *   - a conditional request when validators of the last good download are
 *     known (If-None-Match, If-Modified-Since); 304 means "unchanged";
 *   - a body is complete only if curl finished without error (a body shorter
 *     than its Content-Length is CURLE_PARTIAL_FILE) and the bytes received
 *     equal the Content-Length when one was sent (received, not written: a
 *     body compressed in transit is written decompressed);
 *   - connection errors, timeouts, partial bodies, 408, 429 and 5xx are
 *     retried after backoff_ms, 2*backoff_ms, 4*... (capped at
 *     max_backoff_ms), or after the server's Retry-After (seconds) when that
 *     is longer, also capped; up to `retries` times; other statuses are final;
 *   - the destination holds a complete body or does not exist.
 * The SHA-256 of the body is computed while it streams to disk. */
#include "update/update_int.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

typedef struct transfer {
  FILE *out;
  uint64_t bytes;
  long long max_size;
  int too_big;
  int write_failed;
  EVP_MD_CTX *md;
  char etag[256];
  char last_modified[64];
  char retry_after[64];
} transfer;

/* curl's write callback: the body goes to the file and the digest; returning
 * less than given aborts the transfer (too big, or the disk refused). */
static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  transfer *t = ud;
  size_t len = size * n;
  if ((long long)(t->bytes + len) > t->max_size) {
    t->too_big = 1;
    return 0;
  }
  if (fwrite(p, 1, len, t->out) != len) {
    t->write_failed = 1;
    return 0;
  }
  EVP_DigestUpdate(t->md, p, len);
  t->bytes += len;
  return len;
}

/* Copies a header's value (trimmed) into dst when the line is `name: value`. */
static void header_value(const char *line, size_t len, const char *name, char *dst, size_t cap) {
  size_t k = strlen(name);
  if (len <= k || strncasecmp(line, name, k) || line[k] != ':') return;
  const char *v = line + k + 1;
  size_t n = len - k - 1;
  while (n && (*v == ' ' || *v == '\t')) v++, n--;
  while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ')) n--;
  if (n >= cap) n = cap - 1;
  memcpy(dst, v, n);
  dst[n] = '\0';
}

/* curl's header callback: keeps ETag and Last-Modified of the final response. */
static size_t on_header(char *p, size_t size, size_t n, void *ud) {
  transfer *t = ud;
  size_t len = size * n;
  /* A new status line (redirect, 100 Continue) starts a new header block. */
  if (len > 5 && !strncmp(p, "HTTP/", 5)) t->etag[0] = t->last_modified[0] = t->retry_after[0] = '\0';
  header_value(p, len, "ETag", t->etag, sizeof t->etag);
  header_value(p, len, "Last-Modified", t->last_modified, sizeof t->last_modified);
  header_value(p, len, "Retry-After", t->retry_after, sizeof t->retry_after);
  return len;
}

/* Sleeps ms milliseconds, resuming after signals. */
static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

/* 1 for the HTTP statuses worth another attempt. */
static int retryable_status(long s) { return s == 408 || s == 429 || (s >= 500 && s <= 599); }

/* 1 for the transport errors worth another attempt. */
static int retryable_curl(CURLcode c) {
  switch (c) {
  case CURLE_COULDNT_CONNECT: case CURLE_COULDNT_RESOLVE_HOST: case CURLE_OPERATION_TIMEDOUT:
  case CURLE_PARTIAL_FILE: case CURLE_RECV_ERROR: case CURLE_SEND_ERROR: case CURLE_GOT_NOTHING:
  case CURLE_SSL_CONNECT_ERROR: case CURLE_HTTP2: case CURLE_HTTP2_STREAM:
    return 1;
  default:
    return 0;
  }
}

/* One attempt. Returns 1 for a retryable failure, 0 otherwise (res filled). */
static int attempt(const vet_update_config *c, const vet__fetch_request *req,
                   vet__fetch_result *res) {
  transfer t;
  memset(&t, 0, sizeof t);
  t.max_size = c->max_size;
  res->http_status = 0;
  res->bytes = 0;
  res->message[0] = '\0';
  t.out = fopen(req->dest, "wb");
  if (!t.out) {
    snprintf(res->message, sizeof res->message, "cannot write %s", req->dest);
    res->outcome = VET__FETCH_FAILED;
    return 0;
  }
  t.md = EVP_MD_CTX_new();
  CURL *h = curl_easy_init();
  struct curl_slist *hdrs = NULL;
  if (!t.md || !h || !EVP_DigestInit_ex(t.md, EVP_sha256(), NULL)) {
    snprintf(res->message, sizeof res->message, "out of memory");
    res->outcome = VET__FETCH_FAILED;
    fclose(t.out);
    unlink(req->dest);
    EVP_MD_CTX_free(t.md);
    curl_easy_cleanup(h);
    return 0;
  }
  char line[400];
  if (req->etag && req->etag[0]) {
    snprintf(line, sizeof line, "If-None-Match: %s", req->etag);
    hdrs = curl_slist_append(hdrs, line);
  }
  if (req->last_modified && req->last_modified[0]) {
    snprintf(line, sizeof line, "If-Modified-Since: %s", req->last_modified);
    hdrs = curl_slist_append(hdrs, line);
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, req->url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c->stall_timeout);
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_size);
  curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  CURLcode cc = curl_easy_perform(h);
  long status = 0;
  curl_off_t clen = -1, wire = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &clen);
  /* Content-Length counts the bytes on the wire, which differ from the bytes
   * written when the body was compressed in transit. */
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &wire);
  res->http_status = status;
  res->bytes = t.bytes;
  /* Retry-After in seconds (its HTTP-date form is not used: backoff applies). */
  res->retry_after_ms = 0;
  if (t.retry_after[0] >= '0' && t.retry_after[0] <= '9') {
    long long secs = strtoll(t.retry_after, NULL, 10);
    res->retry_after_ms = secs > 86400 ? 86400000L : (long)secs * 1000L;
  }
  int flushed = fflush(t.out) == 0 && !ferror(t.out);
  fclose(t.out);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned mdlen = 0;
  EVP_DigestFinal_ex(t.md, md, &mdlen);
  EVP_MD_CTX_free(t.md);
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(h);

  int retry = 0;
  res->outcome = VET__FETCH_FAILED;
  if (t.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
    snprintf(res->message, sizeof res->message, "larger than max_size (%lld bytes)", c->max_size);
  } else if (t.write_failed || !flushed) {
    snprintf(res->message, sizeof res->message, "cannot write %s (disk full?)", req->dest);
  } else if (cc != CURLE_OK) {
    snprintf(res->message, sizeof res->message, "%s%s%s (after %llu bytes)",
             curl_easy_strerror(cc), errbuf[0] ? ": " : "", errbuf,
             (unsigned long long)t.bytes);
    retry = retryable_curl(cc);
  } else if (status == 304) {
    res->outcome = VET__FETCH_NOT_MODIFIED;
  } else if (status != 200) {
    snprintf(res->message, sizeof res->message, "HTTP status %ld", status);
    retry = retryable_status(status);
  } else if (clen >= 0 && clen != wire) {
    snprintf(res->message, sizeof res->message,
             "incomplete body: %lld of %lld bytes announced by Content-Length",
             (long long)wire, (long long)clen);
    retry = 1;
  } else {
    res->outcome = VET__FETCH_OK;
    snprintf(res->etag, sizeof res->etag, "%s", t.etag);
    snprintf(res->last_modified, sizeof res->last_modified, "%s", t.last_modified);
    memcpy(res->checksum, "sha256:", 7);
    for (unsigned i = 0; i < mdlen && i < 32; i++)
      snprintf(res->checksum + 7 + 2 * i, 3, "%02x", md[i]);
  }
  if (res->outcome != VET__FETCH_OK) unlink(req->dest);
  return retry;
}

vet__fetch_outcome vet__fetch(const vet_update_config *c, const vet__fetch_request *req,
                              vet__fetch_result *res, vet__fetch_log_fn log, void *userdata) {
  memset(res, 0, sizeof *res);
  long wait = c->backoff_ms;
  for (int i = 0; ; i++) {
    res->requests++;
    int retry = attempt(c, req, res);
    if (!retry || i >= c->retries) break;
    /* A server's Retry-After is honoured when it asks for longer, up to max_backoff_ms. */
    long pause = wait;
    if (res->retry_after_ms > pause)
      pause = res->retry_after_ms < c->max_backoff_ms ? res->retry_after_ms : c->max_backoff_ms;
    if (log) log(userdata, "%s: %s; retry %d of %d in %.1f s", req->url, res->message, i + 1,
                 c->retries, pause / 1000.0);
    sleep_ms(pause);
    wait = wait * 2 > c->max_backoff_ms ? c->max_backoff_ms : wait * 2;
  }
  if (res->outcome == VET__FETCH_FAILED && res->requests > 1) {
    size_t n = strlen(res->message);
    snprintf(res->message + n, sizeof res->message - n, " (gave up after %u attempts)",
             res->requests);
  }
  return res->outcome;
}
