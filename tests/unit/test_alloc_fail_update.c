/* test_alloc_fail_update.c — any allocation of `vet update` may fail, and
 * the store it keeps survives: each failure is an error with a message, or
 * a list reported as failed with a reason, or no difference at all; and a
 * clean run afterwards always reaches the state a run without failures
 * reaches.
 *
 * The lists come from a real HTTP server on 127.0.0.1 (libmicrohttpd, in
 * this process; its own allocations are inside its library and not
 * failed). It serves the first rows of two consecutive OFAC SDN files of
 * ../shared (sdn-history, 2024-03-04 and 2024-03-05). The operation: a
 * first update into an empty store (install, build the snapshot), the
 * server switches to the second file, a second update (install again,
 * rebuild), and the store's status report. Method: alloc_fail.h. */
#define _XOPEN_SOURCE 700
#include "alloc_fail.h"
#include "harness.h"
#include "vet.h"
#include "vet_update.h"
#include <arpa/inet.h>
#include <ftw.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the list server */

static char *bodies[2];
static size_t body_len[2];
static volatile int serving;   /* which body the server sends */

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **state) {
  (void)cls;
  (void)version;
  (void)upload;
  (void)upload_size;
  (void)state;
  if (strcmp(method, "GET") || strcmp(url, "/sdn.csv")) {
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NOT_FOUND, r);
    MHD_destroy_response(r);
    return ok;
  }
  int v = serving;
  struct MHD_Response *r = MHD_create_response_from_buffer(body_len[v], bodies[v], MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return ok;
}

/* The first `lines` lines of src, read before any allocation is counted. */
static char *head_of(const char *src, int lines, size_t *len) {
  FILE *f = fopen(src, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap);
  int c, seen = 0;
  while (b && seen < lines && (c = fgetc(f)) != EOF) {
    if (n + 1 >= cap) break;
    b[n++] = (char)c;
    seen += c == '\n';
  }
  fclose(f);
  *len = n;
  return b;
}

/* ---- the operation */

static char dir[256], store[300], snap[300], conf[300];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  remove(path);
  return 0;
}
static void rm_rf(const char *path) { nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

typedef struct outcome {
  char text[1024];
  int oom_reported;   /* a list failed or was held with "out of memory" */
} outcome;

static void on_result(void *u, const vet_update_result *r) {
  outcome *o = u;
  size_t l = strlen(o->text);
  snprintf(o->text + l, sizeof o->text - l, "%s %s %llu; ", r->list, vet_update_status_name(r->status),
           (unsigned long long)r->entities);
  if (r->message && strstr(r->message, "out of memory")) o->oom_reported = 1;
}

static outcome last;

/* One update run with the config file; appends its summary to last.text. */
static int run_update(vet_error *err) {
  vet_update_config *cfg = NULL;
  int rc = vet_update_config_load(conf, &cfg, err);
  if (rc) return rc;
  vet_update_options o = vet_update_options_default();
  o.result = on_result;
  o.userdata = &last;
  vet_update_summary s;
  memset(&s, 0, sizeof s);
  rc = vet_update_run(cfg, &o, &s, err);
  vet_update_config_free(cfg);
  if (!rc) {
    size_t l = strlen(last.text);
    snprintf(last.text + l, sizeof last.text - l, "[%u installed, %u unchanged, %u held, %u failed, snapshot %d %llu] ",
             s.installed, s.unchanged, s.held, s.failed, s.snapshot_built, (unsigned long long)s.snapshot_entities);
  }
  return rc;
}

/* The whole operation from an empty store: two updates and the status. */
static int op(vet_error *err, char *out, size_t cap) {
  rm_rf(store);
  unlink(snap);
  memset(&last, 0, sizeof last);
  serving = 0;
  int rc = run_update(err);
  serving = 1;
  if (!rc) rc = run_update(err);
  if (!rc) {
    vet_update_config *cfg = NULL;
    rc = vet_update_config_load(conf, &cfg, err);
    char *report = NULL;
    if (!rc) rc = vet_update_status_report(cfg, VET_JSON_COMPACT | VET_UPDATE_STATUS_JSON, &report, err);
    vet_update_config_free(cfg);
    if (!rc) {
      /* The manifest, less what changes from run to run (times, version folders' dates). */
      const char *p = strstr(report, "\"entities\"");
      size_t l = strlen(last.text);
      snprintf(last.text + l, sizeof last.text - l, "manifest %s", p ? "has entities" : "has none");
    }
    free(report);
  }
  snprintf(out, cap, "%s", last.text);
  return rc;
}

/* After a run with a failure: a clean update must reach the reference
 * state (the second file installed, the snapshot built from it). */
static long recoveries, recovery_failures;
static char want_entities[64];

static void check_recovers(long k) {
  fail_at = -1;
  vet_error err;
  memset(&err, 0, sizeof err);
  memset(&last, 0, sizeof last);
  serving = 1;
  int rc = run_update(&err);
  vet_snapshot *s = NULL;
  int ok = rc == 0 && vet_snapshot_open(snap, &s, &err) == 0;
  char n[64] = "";
  if (ok) snprintf(n, sizeof n, "%u", vet_snapshot_entity_count(s));
  vet_snapshot_close(s);
  recoveries++;
  if (!ok || strcmp(n, want_entities)) {
    recovery_failures++;
    fprintf(stderr, "update: after allocation %ld failed, a clean run gives: %s %s (snapshot %s, want %s)\n", k,
            rc ? err.message : "", last.text, n, want_entities);
  }
}

/* A list may fail on its own while the run goes on, with the reason. */
static int tolerate(const char *got) {
  (void)got;
  return last.oom_reported;
}

static void test_update(void) {
  static char want[1024];
  vet_error err;
  memset(&err, 0, sizeof err);
  REQUIRE(op(&err, want, sizeof want) == 0);
  /* Both versions installed, the snapshot rebuilt each time. */
  CHECK(strstr(want, "ofac-sdn installed") != NULL);
  CHECK(strstr(want, "[1 installed, 0 unchanged, 0 held, 0 failed, snapshot 1") != NULL);
  vet_snapshot *s;
  REQUIRE(vet_snapshot_open(snap, &s, &err) == 0);
  snprintf(want_entities, sizeof want_entities, "%u", vet_snapshot_entity_count(s));
  CHECK(vet_snapshot_entity_count(s) > 50);
  vet_snapshot_close(s);

  af_hooks h = {check_recovers, tolerate};
  every_failure_with("update", op, want, &h);
  fprintf(stderr, "update: %ld clean runs after a failing one, %ld did not recover\n", recoveries, recovery_failures);
  CHECK(recovery_failures == 0);
}

int main(void) {
  snprintf(dir, sizeof dir, "%s/test_alloc_fail_update-%d", VET_BINARY_DIR, (int)getpid());
  snprintf(store, sizeof store, "%s/store", dir);
  snprintf(snap, sizeof snap, "%s/vet.snap", dir);
  snprintf(conf, sizeof conf, "%s/vet-update.conf", dir);
  if (mkdir(dir, 0700)) {
    perror(dir);
    return 1;
  }
  const char *h = VET_SHARED_DIR "/data/lists/ofac/sdn-history/";
  char a[512], b[512];
  snprintf(a, sizeof a, "%ssdn-2024-03-04.csv", h);
  snprintf(b, sizeof b, "%ssdn-2024-03-05.csv", h);
  bodies[0] = head_of(a, 80, &body_len[0]);
  bodies[1] = head_of(b, 85, &body_len[1]);
  if (!bodies[0] || !bodies[1] || body_len[0] == body_len[1]) {
    fprintf(stderr, "cannot read %s and %s\n", a, b);
    return 1;
  }
  struct sockaddr_in lo;
  memset(&lo, 0, sizeof lo);
  lo.sin_family = AF_INET;
  lo.sin_addr.s_addr = htonl(INADDR_LOOPBACK);   /* 127.0.0.1, a free port */
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL, answer,
                                          NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&lo, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "cannot start the HTTP server\n");
    return 1;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  FILE *f = fopen(conf, "w");
  if (!f) return 1;
  fprintf(f,
          "[update]\nstore = %s\nsnapshot = %s\ntimeout = 20\nbackoff_ms = 10\nmax_backoff_ms = 20\nretries = 1\n\n"
          "[list ofac-sdn]\nfile = sdn.csv http://127.0.0.1:%u/sdn.csv\nmin_entities = 10\n",
          store, snap, (unsigned)info->port);
  fclose(f);
  RUN(test_update);
  MHD_stop_daemon(d);
  rm_rf(dir);
  free(bodies[0]);
  free(bodies[1]);
  return HARNESS_DONE();
}
