/* batch_pipeline_bench.c — how fast vet batch's pipeline moves rows when
 * scoring costs nothing: reading and validating CSV, the identical-query
 * cache, the worker pool, the ordered writer and the checkpoints, with a
 * scorer that returns no match. vet batch's own rate is this ceiling
 * lowered by vet_screen()'s cost per distinct query.
 *
 * usage: batch_pipeline_bench INPUT.csv THREADS [NAME_COLUMN]
 * Prints rows, seconds (wall and CPU) and rows/s on stderr. Output goes to a
 * temporary file that is removed. */
#include "batch/batch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int worker_state;
static void *w_new(void *ctx) { (void)ctx; return &worker_state; }
static void w_free(void *w) { (void)w; }
static int w_screen(void *w, const vet_query *q, const vet__batch_hit **out, size_t *n,
                    vet_error *err) {
  (void)w, (void)q, (void)err;
  *out = NULL;
  *n = 0;
  return VET_OK;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: batch_pipeline_bench INPUT.csv THREADS [NAME_COLUMN]\n");
    return 2;
  }
  char out[] = "/tmp/vet-batch-bench.XXXXXX";
  int fd = mkstemp(out);
  if (fd < 0) return 2;
  close(fd);
  unlink(out);
  vet__batch_scorer sc = {w_new, w_free, w_screen, NULL, NULL};
  vet_batch_options o = vet_batch_options_default();
  o.name_column = argc > 3 ? argv[3] : "name";
  o.threads = (size_t)atoi(argv[2]);
  vet_batch_progress st;
  vet_error err;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  int rc = vet__batch_run_with(&sc, argv[1], out, &o, &st, &err);
  clock_gettime(CLOCK_MONOTONIC, &b);
  unlink(out);
  if (rc) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double wall = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
               ru.ru_stime.tv_usec / 1e6;
  fprintf(stderr, "pipeline only, %s threads: %llu rows, %llu distinct queries, %.2f s wall, %.2f s CPU, "
         "%.0f rows/s, %.0f rows per CPU-second, max RSS %ld MiB\n",
         argv[2], (unsigned long long)st.rows_read, (unsigned long long)st.queries_screened, wall, cpu,
         (double)st.rows_read / wall, (double)st.rows_read / cpu, ru.ru_maxrss / 1024);
  return 0;
}
