/* test_alloc_fail_serve.c — any allocation `vet serve` makes while
 * answering may fail, and the server answers that request with an error
 * (a 5xx status and a JSON body saying why) or as it would have, and goes
 * on answering: the next requests, with nothing failing, get the
 * reference answers.
 *
 * The server runs in this process (server/, started as `vet serve` starts
 * it, on 127.0.0.1 with a free port) over a snapshot of vet's own Entity
 * List file; libcurl asks. The requests: a search, a batch screen, a
 * yente-style match, an entity, the lists, readiness, the analysts' page
 * and a reload of the snapshot by the admin token. libmicrohttpd's and
 * libcurl's allocations are inside their libraries and do not fail; the
 * server's own do, whichever thread makes them. Method: alloc_fail.h. */
#include "alloc_fail.h"
#include "harness.h"
#include "server.h"
#include "vet.h"
#include <curl/curl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static vet_server *srv;
static char base[160], snap_path[256];
static CURL *curl;

/* ---- one request */

typedef struct body {
  char data[65536];
  size_t n;
} body;

static size_t on_data(char *p, size_t size, size_t n, void *u) {
  body *b = u;
  size_t k = size * n;
  if (b->n + k < sizeof b->data) {
    memcpy(b->data + b->n, p, k);
    b->n += k;
    b->data[b->n] = 0;
  }
  return k;
}

/* Performs one request; returns the status (0: no answer) and fills b. */
static long request(const char *method, const char *path, const char *post, body *b) {
  char url[512];
  snprintf(url, sizeof url, "%s%s", base, path);
  b->n = 0;
  b->data[0] = 0;
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, b);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  struct curl_slist *h = NULL;
  if (!strcmp(method, "POST")) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post ? post : "");
    h = curl_slist_append(h, "Authorization: Bearer test-token");
    h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
  }
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  return status;
}

/* The requests, and whether their bodies are the same from run to run (a
 * reload answers with its time, so only its status is compared). */
static const struct {
  const char *method, *path, *post;
  int stable;
} reqs[] = {
    {"GET", "/v1/search?name=N.S.O.%20Grup%20Ltd&limit=3", NULL, 1},
    {"GET", "/v1/search?name=%D0%9A%D0%B0%D0%BD%D0%B4%D0%B8%D1%80%D1%83&type=organization&country=IL", NULL, 1},
    {"POST", "/v1/screen",
     "{\"limit\": 2, \"queries\": [{\"id\": \"a\", \"name\": \"NSO Group\", \"country\": \"IL\"},"
     " {\"id\": 2, \"name\": \"Positive Technologies\", \"ids\": [\"X1\"]}]}",
     1},
    {"POST", "/match/default?limit=1",
     "{\"queries\": {\"q1\": {\"schema\": \"Company\", \"properties\": {\"name\": [\"Candiru\"]}}}}", 1},
    {"GET", "/v1/entities/bis-el/IL:nso-group", NULL, 1},
    {"GET", "/v1/lists", NULL, 1},
    {"GET", "/readyz", NULL, 0},
    {"GET", "/", NULL, 1},
    {"POST", "/admin/reload", "", 0},
};
#define N_REQS (sizeof reqs / sizeof *reqs)

static body got_body;

/* Blanks the value of every "loaded_at" (when the snapshot in service was
 * loaded: a reload moves it) so that answers compare across runs. */
static void mask_times(char *s) {
  for (char *p = strstr(s, "\"loaded_at\": \""); p; p = strstr(p + 1, "\"loaded_at\": \"")) {
    char *v = p + strlen("\"loaded_at\": \"");
    for (; *v && *v != '"'; v++) *v = '-';
  }
}

/* All requests; the result is one line per request: status and, for the
 * stable ones, the body's hash. n_bad counts answers that are neither 2xx
 * nor a 5xx with a JSON error; n_5xx the 5xx of the last run. */
static int n_bad, n_5xx;

static long total_5xx;

static int op(vet_error *err, char *out, size_t cap) {
  (void)err;
  size_t used = 0;
  n_5xx = 0;
  out[0] = 0;
  for (size_t i = 0; i < N_REQS; i++) {
    long st = request(reqs[i].method, reqs[i].path, reqs[i].post, &got_body);
    mask_times(got_body.data);
    uint64_t h = 14695981039346656037ull;
    for (size_t k = 0; k < got_body.n; k++) h = (h ^ (unsigned char)got_body.data[k]) * 1099511628211ull;
    /* A reload that runs out of memory is refused (422) and says so; the
     * snapshot in service stays. */
    int refused = st == 422 && !strcmp(reqs[i].path, "/admin/reload") && strstr(got_body.data, "out of memory");
    if ((st >= 500 && st <= 599) || refused) {
      n_5xx++;
      total_5xx++;
      if (!strstr(got_body.data, "\"error\"")) {
        n_bad++;
        fprintf(stderr, "%s %s: %ld without an error message: %.200s\n", reqs[i].method, reqs[i].path, st,
                got_body.data);
      }
    } else if (st < 200 || st > 299) {
      n_bad++;
      fprintf(stderr, "%s %s: %ld: %.200s\n", reqs[i].method, reqs[i].path, st, got_body.data);
    }
    used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s %s %ld %016llx\n", reqs[i].method,
                             reqs[i].path, st, reqs[i].stable ? (unsigned long long)h : 0ull);
  }
  return 0;
}

/* A run with a failure may answer some requests with a 5xx and a message. */
static char want[8192];
static int tolerate(const char *got) {
  (void)got;
  return n_5xx > 0;
}

/* After each run: the server still answers every request as the reference. */
static long not_recovered;
static void check_serving(long k) {
  static char again[8192];
  vet_error err;
  long t0 = total_5xx;   /* this run is no failure run: its counts do not add */
  op(&err, again, sizeof again);
  total_5xx = t0;
  if (strcmp(again, want)) {
    not_recovered++;
    fprintf(stderr, "serve: after allocation %ld failed, the next requests get:\n%s", k, again);
  }
}

static void test_serve(void) {
  vet_error err;
  memset(&err, 0, sizeof err);
  n_bad = n_5xx = 0;
  REQUIRE(op(&err, want, sizeof want) == 0);
  CHECK_INT(n_bad, 0);
  CHECK_INT(n_5xx, 0);
  CHECK(strstr(want, "/v1/lists 200") != NULL);
  CHECK(strstr(want, "/admin/reload 200") != NULL);
  /* The same answers twice (nothing in them changes from run to run). */
  static char twice[8192];
  op(&err, twice, sizeof twice);
  CHECK_STR(twice, want);
  n_bad = 0;
  total_5xx = 0;
  af_hooks h = {check_serving, tolerate};
  every_failure_with("serve", op, want, &h);
  CHECK_INT(n_bad, 0);
  CHECK(not_recovered == 0);
  fprintf(stderr, "serve: %ld answers were a 5xx with a message; %ld runs left the server answering wrongly\n",
          total_5xx, not_recovered);
}

int main(void) {
  snprintf(snap_path, sizeof snap_path, "%s/test_alloc_fail_serve-%d.snap", VET_BINARY_DIR, (int)getpid());
  vet_builder_options bo = vet_builder_options_default();
  vet_builder *b = vet_builder_new(&bo);
  vet_error err;
  if (!b || vet_builder_add_path(b, VET_SOURCE_DIR "/data/entity-list-2021-11-04.jsonl", &err) ||
      vet_builder_write(b, snap_path, &err)) {
    fprintf(stderr, "cannot build the snapshot: %s\n", err.message);
    return 1;
  }
  vet_builder_free(b);
  vet_server_options o;
  memset(&o, 0, sizeof o);
  o.snapshot_path = snap_path;
  o.listen = "127.0.0.1:0";
  o.admin_token = "test-token";
  o.threads = 2;
  o.cache_slots = 0;
  if (vet__server_start(&o, &srv, &err)) {
    fprintf(stderr, "cannot start the server: %s\n", err.message);
    vet__server_free(srv);
    return 1;
  }
  snprintf(base, sizeof base, "http://%s", srv->bound);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  curl = curl_easy_init();
  RUN(test_serve);
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  vet__server_free(srv);
  unlink(snap_path);
  return HARNESS_DONE();
}
