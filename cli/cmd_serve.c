/* cmd_serve.c — `vet serve`: the HTTP API and the analysts' page (server/).
 *
 * This file parses the options, starts the server, and then waits for
 * signals in the main thread: SIGHUP reloads the snapshot (server/reload.c),
 * SIGINT and SIGTERM stop the server after the requests in progress. The
 * signals are blocked before the worker threads start, so only sigwait()
 * here ever sees them and no signal handler or global flag is needed. */
#include "cli.h"
#include "server.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static void log_stderr(void *userdata, const char *line) {
  fprintf(stderr, "vet serve: %s\n", line);
  fflush(stderr);
}

static int parse_uint(const char *s, unsigned max, unsigned *out) {
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (!*s || *end || s[0] == '-' || v > max) return -1;
  *out = (unsigned)v;
  return 0;
}

int cmd_serve(int argc, char **argv) {
  vet_server_options opt;
  memset(&opt, 0, sizeof opt);
  opt.snapshot_path = vet_default_snapshot_path();
  opt.listen = "127.0.0.1:8080";
  opt.admin_token = getenv("VET_ADMIN_TOKEN");
  opt.log = log_stderr;
  opt.cache_slots = VET__RCACHE_DEFAULT;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int has = i + 1 < argc;
    if (cli_is_help(a)) {
      printf("usage: vet serve [-i SNAPSHOT] [--listen HOST:PORT] [--threads N]\n"
             "                 [--admin-token TOKEN] [--timeout SECONDS] [--max-connections N]\n"
             "                 [--cache N]\n\n"
             "Serves the screening API (docs/API.md) and the analysts' page at /.\n"
             "  -i SNAPSHOT          the snapshot to serve (default $VET_SNAPSHOT or ./vet.snap)\n"
             "  --listen HOST:PORT   where to listen (default 127.0.0.1:8080; port 0 picks a free one)\n"
             "  --threads N          worker threads (default: one per CPU)\n"
             "  --admin-token TOKEN  enables POST /admin/reload for callers presenting TOKEN\n"
             "                       (default $VET_ADMIN_TOKEN; without one, admin is off)\n"
             "  --timeout SECONDS    close connections idle this long (default 30)\n"
             "  --max-connections N  at most N connections at once (default 1024)\n"
             "  --cache N            keep the results of up to N recent queries per worker thread\n"
             "                       and answer a repeated query from them (default 1024; 0: off)\n\n"
             "SIGHUP reloads the snapshot from its path; SIGINT or SIGTERM stop the server.\n");
      return 0;
    }
    if (!strcmp(a, "-i") && has) opt.snapshot_path = argv[++i];
    else if (!strcmp(a, "--listen") && has) opt.listen = argv[++i];
    else if (!strcmp(a, "--admin-token") && has) opt.admin_token = argv[++i];
    else if (!strcmp(a, "--threads") && has) {
      if (parse_uint(argv[++i], 256, &opt.threads) || !opt.threads)
        return cli_fail("serve: --threads needs a number from 1 to 256");
    } else if (!strcmp(a, "--timeout") && has) {
      if (parse_uint(argv[++i], 3600, &opt.timeout_s) || !opt.timeout_s)
        return cli_fail("serve: --timeout needs seconds from 1 to 3600");
    } else if (!strcmp(a, "--max-connections") && has) {
      if (parse_uint(argv[++i], 100000, &opt.max_connections) || !opt.max_connections)
        return cli_fail("serve: --max-connections needs a number from 1 to 100000");
    } else if (!strcmp(a, "--cache") && has) {
      if (parse_uint(argv[++i], 1000000, &opt.cache_slots))
        return cli_fail("serve: --cache needs a number from 0 to 1000000");
    } else return cli_fail("serve: unknown argument %s (see vet serve --help)", a);
  }
  if (opt.admin_token && !*opt.admin_token) opt.admin_token = NULL;

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);

  vet_server *srv;
  vet_error err;
  memset(&err, 0, sizeof err);
  if (vet__server_start(&opt, &srv, &err)) {
    vet__server_free(srv);
    return cli_fail_err(&err);
  }
  vet__holder *h = vet__holder_acquire(srv);
  fprintf(stderr, "vet serve: listening on http://%s (snapshot %s: %u entities, %s; admin %s)\n",
          srv->bound, vet_snapshot_path(h->snap), vet_snapshot_entity_count(h->snap),
          vet_snapshot_checksum(h->snap), opt.admin_token ? "on" : "off");
  fflush(stderr);
  vet__holder_release(h);

  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig)) continue;
    if (sig != SIGHUP) break;
    memset(&err, 0, sizeof err);
    if (vet__server_reload(srv, NULL, &err)) {
      h = vet__holder_acquire(srv);
      fprintf(stderr, "vet serve: SIGHUP: reload refused: %s; still serving %s\n", err.message,
              vet_snapshot_checksum(h->snap));
    } else {
      h = vet__holder_acquire(srv);
      fprintf(stderr, "vet serve: SIGHUP: reloaded %s: %u entities, %s\n",
              vet_snapshot_path(h->snap), vet_snapshot_entity_count(h->snap),
              vet_snapshot_checksum(h->snap));
    }
    fflush(stderr);
    vet__holder_release(h);
  }
  fprintf(stderr, "vet serve: stopping\n");
  vet__server_free(srv);
  return 0;
}
