/* test_update.c — the parts of `vet update` on their own: the configuration
 * file (defaults, overrides, errors with file and line, round trip), and
 * vet__fetch() against a real HTTP server on 127.0.0.1
 * (tests/tools/list_server.py) serving a real list file from ../shared:
 * 200 with checksum and validators, 304 on a conditional request, a
 * truncated body, retries after 500s, max_size, and a timeout. The end-to-end
 * runs are in tests/cli/test_update.sh. */
#include "harness.h"
#include "update/update_int.h"
#include "io/file.h"
#include "vet.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

static void path_in(char *out, size_t cap, const char *name) {
  snprintf(out, cap, "%s/%s", dir, name);
}

static void write_file(const char *name, const char *text) {
  char p[256];
  path_in(p, sizeof p, name);
  FILE *f = fopen(p, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static void test_config(void) {
  vet_update_config *c = vet_update_config_default();
  REQUIRE(c);
  /* The built-in lists: the official publications named in the issue. */
  CHECK_INT(vet_update_config_list_count(c), 7);
  CHECK_STR(vet_update_config_list_name(c, 0), "ofac-sdn");
  CHECK_INT(c->lists[0].n_files, 4);
  CHECK(c->max_shrink > 0.099 && c->max_shrink < 0.101);
  CHECK_INT(c->lists[0].min_entities, 5000);
  vet_error err;
  CHECK_INT(vet_update_config_set(c, "max_shrink", "25%", &err), 0);
  CHECK(c->max_shrink > 0.249 && c->max_shrink < 0.251);
  CHECK_INT(vet_update_config_set(c, "max_shrink", "0.05", &err), 0);
  CHECK(c->max_shrink > 0.049 && c->max_shrink < 0.051);
  CHECK(vet_update_config_set(c, "max_shrink", "200%", &err) != 0);
  CHECK(vet_update_config_set(c, "retries", "-1", &err) != 0);
  CHECK_INT(vet_update_config_set(c, "max_size", "16M", &err), 0);
  CHECK_INT(c->max_size, 16 * 1024 * 1024);
  CHECK(vet_update_config_set(c, "colour", "blue", &err) != 0);
  CHECK(strstr(err.message, "colour") != NULL);

  /* The text form reads back to the same configuration. */
  char *text = vet_update_config_to_text(c);
  REQUIRE(text);
  write_file("round.conf", text);
  char p[256];
  path_in(p, sizeof p, "round.conf");
  vet_update_config *d = NULL;
  CHECK_INT(vet_update_config_load(p, &d, &err), 0);
  REQUIRE(d);
  char *text2 = vet_update_config_to_text(d);
  CHECK_STR(text2, text);
  free(text);
  free(text2);
  vet_update_config_free(d);
  vet_update_config_free(c);

  /* A file with lists replaces the built-in ones; per-list limits are kept. */
  write_file("a.conf", "# comment\n[update]\nstore = /tmp/s\nretries = 2\n\n[list mine]\n"
                       "file = one.csv http://127.0.0.1:1/one.csv\nfile = two.csv https://127.0.0.1/two\n"
                       "max_shrink = 50%\nmin_entities = 3\nenabled = no\n");
  path_in(p, sizeof p, "a.conf");
  CHECK_INT(vet_update_config_load(p, &c, &err), 0);
  REQUIRE(c);
  CHECK_INT(vet_update_config_list_count(c), 1);
  CHECK_STR(c->store, "/tmp/s");
  CHECK_INT(c->retries, 2);
  CHECK_INT(c->lists[0].n_files, 2);
  CHECK_STR(c->lists[0].files[1].name, "two.csv");
  CHECK(vet__update_max_shrink(c, &c->lists[0]) > 0.49);
  CHECK_INT(c->lists[0].min_entities, 3);
  CHECK_INT(c->lists[0].enabled, 0);
  vet_update_config_free(c);

  /* Errors name the file and line. */
  static const struct { const char *text, *want; } bad[] = {
    {"[update]\nstore\n", "b.conf:2: expected key = value"},
    {"store = x\n", "b.conf:1: key outside a section"},
    {"[lists x]\n", "b.conf:1: unknown section [lists x]"},
    {"[list x]\nfile = ../x http://127.0.0.1/x\n", "b.conf:2: file: file name must be a plain name"},
    {"[list x]\nfile = x file:///etc/passwd\n", "b.conf:2: file: only http:// and https://"},
    {"[list x]\nfile = x http://127.0.0.1/x\nfile = x http://127.0.0.1/y\n", "b.conf:3: file: the same file name twice"},
    {"[list x]\n[list x]\n", "b.conf:2: list x is defined twice"},
    {"[list x]\nformat = ofac-csv\n", "list x has no file = NAME URL line"},
    {"[update]\ntimeout = soon\n", "b.conf:2: timeout:"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    write_file("b.conf", bad[i].text);
    path_in(p, sizeof p, "b.conf");
    c = NULL;
    CHECK(vet_update_config_load(p, &c, &err) != 0);
    CHECK(c == NULL);
    if (!strstr(err.message, bad[i].want)) {
      fprintf(stderr, "  config error %zu: \"%s\", expected \"%s\"\n", i, err.message, bad[i].want);
      CHECK(0);
    }
  }
  path_in(p, sizeof p, "missing.conf");
  CHECK_INT(vet_update_config_load(p, &c, &err), VET_EIO);
}

/* ---- fetch against the test server */

static pid_t server;
static int port;

static void set_behaviour(const char *json) { write_file("www/.behaviour.json", json); }

static int start_server(void) {
  char www[256], portfile[256], log[256];
  path_in(www, sizeof www, "www");
  path_in(portfile, sizeof portfile, "port");
  path_in(log, sizeof log, "http.log");
  mkdir(www, 0755);
  server = fork();
  if (server == 0) {
    execlp("python3", "python3", VET_SOURCE_DIR "/tests/tools/list_server.py", "--root", www,
           "--port-file", portfile, "--log", log, (char *)NULL);
    _exit(127);
  }
  for (int i = 0; i < 100; i++) {
    FILE *f = fopen(portfile, "r");
    if (f) {
      int ok = fscanf(f, "%d", &port) == 1;
      fclose(f);
      if (ok) return 0;
    }
    struct timespec ts = {0, 100000000L};
    nanosleep(&ts, NULL);
  }
  return -1;
}

static void stop_server(void) {
  if (server > 0) {
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
  }
}

static void test_fetch(void) {
  REQUIRE(start_server() == 0);
  /* The file served: the real UN consolidated list of 2018-10-29. */
  const char *src = SHARED("un/consolidated-2018-10-29.xml");
  char served[256], dest[256], url[128];
  path_in(served, sizeof served, "www/un.xml");
  path_in(dest, sizeof dest, "got.xml");
  snprintf(url, sizeof url, "http://127.0.0.1:%d/un.xml", port);
  vet_error err;
  REQUIRE(vet__link_or_copy(src, served, &err) == 0);
  vet__file f;
  REQUIRE(vet__file_open(&f, src, &err) == 0);
  char want_sum[72];
  memcpy(want_sum, f.checksum, sizeof want_sum);
  size_t want_size = f.size;
  vet__file_close(&f);

  vet_update_config *c = vet_update_config_default();
  REQUIRE(c);
  c->backoff_ms = 20;
  c->max_backoff_ms = 50;
  c->retries = 2;
  c->timeout = 20;
  vet__fetch_result r;
  vet__fetch_request req = {url, dest, NULL, NULL};

  /* 200: the whole body, its SHA-256 and the validators. */
  set_behaviour("{}");
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_OK);
  CHECK_INT(r.http_status, 200);
  CHECK_INT(r.bytes, want_size);
  CHECK_STR(r.checksum, want_sum);
  CHECK(r.etag[0] == '"');
  CHECK(r.last_modified[0] != '\0');
  CHECK_INT(r.requests, 1);
  struct stat st;
  CHECK(stat(dest, &st) == 0 && (size_t)st.st_size == want_size);

  /* 304 when asked conditionally with the ETag; the body is not written. */
  char etag[256];
  snprintf(etag, sizeof etag, "%s", r.etag);
  unlink(dest);
  vet__fetch_request cond = {url, dest, etag, NULL};
  CHECK_INT(vet__fetch(c, &cond, &r, NULL, NULL), VET__FETCH_NOT_MODIFIED);
  CHECK_INT(r.http_status, 304);
  CHECK(stat(dest, &st) != 0);
  /* ... and with Last-Modified alone. */
  vet__fetch_request cond2 = {url, dest, NULL, "Sun, 01 Jan 2090 00:00:00 GMT"};
  CHECK_INT(vet__fetch(c, &cond2, &r, NULL, NULL), VET__FETCH_NOT_MODIFIED);
  /* A stale ETag gets the body. */
  vet__fetch_request stale = {url, dest, "\"0000\"", NULL};
  CHECK_INT(vet__fetch(c, &stale, &r, NULL, NULL), VET__FETCH_OK);

  /* Compressed in transit: Content-Length counts the gzip bytes, the file and
   * its checksum are the list itself. */
  set_behaviour("{\"default\": \"gzip\"}");
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_OK);
  CHECK_INT(r.bytes, want_size);
  CHECK_STR(r.checksum, want_sum);

  /* Truncated: retried, then failed, and no partial file is left. */
  set_behaviour("{\"default\": \"truncate\"}");
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_FAILED);
  CHECK_INT(r.requests, 3);
  CHECK(strstr(r.message, "partial") != NULL);
  CHECK(stat(dest, &st) != 0);

  /* 500 twice, then 200: succeeds on the third attempt. */
  set_behaviour("{\"default\": \"fail_first:2\"}");
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_OK);
  CHECK_INT(r.requests, 3);
  CHECK_STR(r.checksum, want_sum);
  /* 500 three times: fails with the status. */
  set_behaviour("{\"default\": \"fail_first:3\"}");
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_FAILED);
  CHECK_INT(r.http_status, 500);
  CHECK(strstr(r.message, "HTTP status 500") != NULL);

  /* 503 with Retry-After: 1 — the retry waits the second the server asked for
   * (backoff_ms is 20 ms here), capped by max_backoff_ms. */
  set_behaviour("{\"default\": \"busy:1:1\"}");
  c->max_backoff_ms = 5000;
  struct timespec t1, t2;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_OK);
  clock_gettime(CLOCK_MONOTONIC, &t2);
  double waited = (double)(t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9;
  CHECK_INT(r.requests, 2);
  CHECK(waited >= 0.95);
  set_behaviour("{\"default\": \"busy:1:30\"}");
  c->max_backoff_ms = 200;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_OK);
  clock_gettime(CLOCK_MONOTONIC, &t2);
  waited = (double)(t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9;
  CHECK(waited < 5);   /* 30 s asked, 0.2 s allowed */
  c->max_backoff_ms = 50;

  /* 404 is final: no retry. */
  set_behaviour("{}");
  char missing[128];
  snprintf(missing, sizeof missing, "http://127.0.0.1:%d/none.xml", port);
  vet__fetch_request nf = {missing, dest, NULL, NULL};
  CHECK_INT(vet__fetch(c, &nf, &r, NULL, NULL), VET__FETCH_FAILED);
  CHECK_INT(r.requests, 1);
  CHECK_INT(r.http_status, 404);

  /* Larger than max_size: aborted, not retried, nothing left. */
  c->max_size = 1000;
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_FAILED);
  CHECK(strstr(r.message, "max_size") != NULL);
  CHECK_INT(r.requests, 1);
  CHECK(stat(dest, &st) != 0);
  c->max_size = 1LL << 30;

  /* Slower than the timeout. */
  set_behaviour("{\"default\": \"slow:3\"}");
  c->timeout = 1;
  c->retries = 0;
  time_t t0 = time(NULL);
  CHECK_INT(vet__fetch(c, &req, &r, NULL, NULL), VET__FETCH_FAILED);
  CHECK(time(NULL) - t0 <= 2);
  CHECK(strstr(r.message, "Timeout") != NULL);

  /* Nothing listens: a connection error, retried. */
  c->retries = 1;
  c->timeout = 5;
  char dead[128];
  snprintf(dead, sizeof dead, "http://127.0.0.1:1/x");
  vet__fetch_request dr = {dead, dest, NULL, NULL};
  CHECK_INT(vet__fetch(c, &dr, &r, NULL, NULL), VET__FETCH_FAILED);
  CHECK_INT(r.requests, 2);
  vet_update_config_free(c);
  unlink(served);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/vet-test-update-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  RUN(test_config);
  RUN(test_fetch);
  stop_server();
  vet__rmtree(dir);
  return HARNESS_DONE();
}
