/* screen_speed.c — a quick latency measurement of vet_screen.
 *
 * usage: screen_speed SNAPSHOT NAMES.txt [--slowest N]
 *
 * Opens SNAPSHOT (timing the open), screens every line of NAMES.txt once to
 * warm up and once measured with a new matcher, one thread, and prints the
 * median, p90, p99 and maximum per-query time (thread CPU time, so that
 * other processes on a shared machine count less), the throughput (names/s:
 * the queries over their total time), the average number of candidate
 * names and the machine. --slowest N also lists the N slowest queries with
 * their time and candidate count: where the tail comes from. This is the quick tool of the first version; the full speed
 * benchmark (pg_trgm side by side, scaling) is a follow-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "match/matcher.h"

static double now_us(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* --slowest: queries ordered by falling time. */
typedef struct {
  double us;
  size_t i;
} timed;
static int cmp_slower(const void *a, const void *b) {
  double x = ((const timed *)a)->us, y = ((const timed *)b)->us;
  return x > y ? -1 : x < y;
}

int main(int argc, char **argv) {
  size_t slowest = 0;
  if (argc == 5 && !strcmp(argv[3], "--slowest")) slowest = strtoul(argv[4], NULL, 10);
  else if (argc != 3) {
    fprintf(stderr, "usage: screen_speed SNAPSHOT NAMES.txt [--slowest N]\n");
    return 2;
  }
  struct utsname u;
  uname(&u);
  printf("machine: %s %s %s, %ld CPUs online\n", u.sysname, u.release, u.machine, sysconf(_SC_NPROCESSORS_ONLN));
  vet_snapshot *s;
  vet_error err;
  double t0 = now_us(CLOCK_MONOTONIC);
  if (vet_snapshot_open(argv[1], &s, &err)) {
    fprintf(stderr, "%s\n", err.message);
    return 2;
  }
  double t_open = now_us(CLOCK_MONOTONIC) - t0;
  vet_matcher *m = vet_matcher_new(s);
  if (!m) {
    fprintf(stderr, "no matching index in %s\n", argv[1]);
    return 2;
  }
  FILE *f = fopen(argv[2], "r");
  if (!f) {
    perror(argv[2]);
    return 2;
  }
  size_t n = 0, cap = 1024;
  char **qs = malloc(cap * sizeof *qs), line[1024];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    if (!*line) continue;
    if (n == cap) qs = realloc(qs, (cap *= 2) * sizeof *qs);
    qs[n++] = strdup(line);
  }
  fclose(f);
  if (!n) return 2;
  double *lat = malloc(n * sizeof *lat);
  timed *order = malloc(n * sizeof *order);
  size_t ncand = 0, matched = 0;
  for (int pass = 0; pass < 2; pass++) {
    /* The measured pass uses a new matcher: what a matcher keeps across
     * queries (lookup.c's unit cache) then holds only what this pass's
     * earlier queries put there, as in a stream of distinct names, not
     * every query of the warm-up. */
    if (pass) {
      vet_matcher_free(m);
      if (!(m = vet_matcher_new(s))) return 2;
    }
    for (size_t i = 0; i < n; i++) {
      vet_query q = vet_query_default();
      q.name = qs[i];
      const vet_match *r;
      size_t k;
      double a = now_us(CLOCK_THREAD_CPUTIME_ID);
      vet_screen(m, &q, &r, &k, &err);
      lat[i] = now_us(CLOCK_THREAD_CPUTIME_ID) - a;
      if (pass) matched += k > 0;
    }
  }
  for (size_t i = 0; i < n; i++) {
    const uint32_t *c;
    size_t k;
    vet__candidates(m, qs[i], &c, &k);
    ncand += k;
  }
  double total = 0;
  for (size_t i = 0; i < n; i++) total += lat[i];
  if (slowest) {
    for (size_t i = 0; i < n; i++) order[i] = (timed){lat[i], i};
    qsort(order, n, sizeof *order, cmp_slower);
    for (size_t i = 0; i < slowest && i < n; i++) {
      const uint32_t *c;
      size_t k = 0;
      vet__candidates(m, qs[order[i].i], &c, &k);
      printf("slow %8.1f us %6zu candidates  %s\n", order[i].us, k, qs[order[i].i]);
    }
  }
  free(order);
  qsort(lat, n, sizeof *lat, cmpd);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("snapshot open: %.0f us; %zu queries, %zu with a match; candidates before skipping: %.1f a query\n",
         t_open, n, matched, (double)ncand / n);
  printf("vet_screen per query (thread CPU time): median %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us\n",
         lat[n / 2], lat[n * 9 / 10], lat[n * 99 / 100], lat[n - 1]);
  printf("throughput on one thread: %.0f names/s (mean %.1f us)\n", total > 0 ? n / total * 1e6 : 0,
         total / n);
  printf("max resident set: %ld MB\n", ru.ru_maxrss / 1024);
  vet_matcher_free(m);
  vet_snapshot_close(s);
  return 0;
}
