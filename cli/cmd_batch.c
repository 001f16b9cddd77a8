/* cmd_batch.c — `vet batch`: screen a whole customer file (CSV, TSV or JSON
 * lines) into a copy with the best matches added; see include/vet_batch.h.
 *
 * The command parses options, installs SIGINT/SIGTERM handlers that ask
 * the run to stop cleanly (the output stays valid and --resume continues),
 * draws a progress bar on a terminal, prints each rejected row as it is
 * found, and a summary at the end. Exit status: 0 no row matched, 1 some
 * row matched, 2 an error (or a malformed row with --strict), 130 stopped
 * by a signal (resumable). */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Set by the signal handler; the run polls it. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

#define SUMMARY_REJECTS 20

typedef struct ui {
  int bar;                          /* draw the progress bar (stderr is a terminal) */
  int bar_drawn;
  double t0;
  unsigned long n_rejects;
  unsigned long lines[SUMMARY_REJECTS];
  char reasons[SUMMARY_REJECTS][160];
} ui;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clear_bar(ui *u) {
  if (u->bar_drawn) fputs("\r\033[K", stderr);
  u->bar_drawn = 0;
}

static void on_diag(void *userdata, const vet_diag *d) {
  ui *u = userdata;
  clear_bar(u);
  cli_print_diag(NULL, d);
  if (u->n_rejects < SUMMARY_REJECTS) {
    u->lines[u->n_rejects] = d->line;
    snprintf(u->reasons[u->n_rejects], sizeof u->reasons[0], "%s", d->reason);
  }
  u->n_rejects++;
}

static void on_progress(void *userdata, const vet_batch_progress *p) {
  ui *u = userdata;
  if (!u->bar || p->finished) {
    clear_bar(u);
    return;
  }
  double el = now_s() - u->t0;
  double rate = el > 0 ? (double)(p->rows_written + p->rows_rejected - p->rows_resumed) / el : 0;
  char left[32] = "";
  int width = 30, filled = 0;
  if (p->bytes_total) {
    double frac = (double)p->bytes_done / (double)p->bytes_total;
    if (frac > 1) frac = 1;
    filled = (int)(frac * width);
    /* Time left from this run's own pace (a resumed run started part way). */
    double todo = (double)p->bytes_total - (double)p->bytes_resumed;
    double done = (double)p->bytes_done - (double)p->bytes_resumed;
    if (todo > 0 && done > 0 && done / todo > 0.001) {
      long secs = (long)(el * (todo - done) / done);
      snprintf(left, sizeof left, "%ld:%02ld left", secs / 60, secs % 60);
    }
    fprintf(stderr, "\r[%.*s%*s] %3d%% ", filled, "##############################", width - filled, "",
            (int)(frac * 100));
  } else {
    fputs("\r", stderr);
  }
  fprintf(stderr, "%llu rows, %llu hits, %.0f rows/s %s\033[K", (unsigned long long)p->rows_written,
          (unsigned long long)p->rows_hit, rate, left);
  u->bar_drawn = 1;
}

static void usage(void) {
  printf("usage: vet batch [-i SNAPSHOT] INPUT [-o OUTPUT] --name-column COL [options]\n\n"
         "Screens every row of a CSV, TSV or JSON-lines file (INPUT - for standard input)\n"
         "and writes each row, in input order, with its best matches added: columns\n"
         "vet_hits, vet_score, vet_list, vet_source_id, vet_name, vet_matched_name,\n"
         "vet_explanation, vet_other_matches (CSV/TSV) or a \"vet\" member (JSON lines).\n\n"
         "  -o OUTPUT             output file (default: standard output, not resumable)\n"
         "  --name-column COL     the column (or JSON member) with the name; required\n"
         "  --id-column COL       the row's own id, named in reports of bad rows\n"
         "  --type-column COL     person, organization, vessel or aircraft\n"
         "  --country-column COL  --dob-column COL\n"
         "  --format csv|tsv|jsonl         output format (default: as the input)\n"
         "  --input-format csv|tsv|jsonl   (default: from the file name or content)\n"
         "  --list ID,...  --threshold X  --limit N  --all   as in vet screen\n"
         "  --matches N           matches written per row (default 3)\n"
         "  --threads N           workers (default: one per core)\n"
         "  --strict              stop at the first malformed row\n"
         "  --resume              continue an interrupted run (same input and options)\n"
         "  -q, --quiet           no progress bar and no summary\n\n"
         "Malformed rows (wrong column count, broken quoting, invalid UTF-8, empty name)\n"
         "are reported with their line and skipped. Ctrl-C stops cleanly; the output then\n"
         "holds whole rows and OUTPUT.checkpoint lets --resume continue.\n"
         "Exit status: 0 no match, 1 some row matched, 2 error, 130 interrupted.\n");
}

static int parse_format(const char *s, vet_batch_format *out) {
  if (!strcmp(s, "csv")) *out = VET_BATCH_CSV;
  else if (!strcmp(s, "tsv")) *out = VET_BATCH_TSV;
  else if (!strcmp(s, "jsonl") || !strcmp(s, "json")) *out = VET_BATCH_JSONL;
  else return -1;
  return 0;
}

/* Splits "a,b,c" into a NULL-terminated array; the caller frees both. */
static const char **split_lists(char *s, size_t *n) {
  size_t cap = 1;
  for (const char *p = s; *p; p++) cap += *p == ',';
  const char **v = calloc(cap + 1, sizeof *v);
  *n = 0;
  if (!v) return NULL;
  for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ","))
    if (*tok) v[(*n)++] = tok;
  return v;
}

int cmd_batch(int argc, char **argv) {
  const char *snap_path = vet_default_snapshot_path(), *input = NULL, *output = "-";
  char *lists_arg = NULL;
  int quiet = 0;
  vet_batch_options o = vet_batch_options_default();
  vet_query filters = vet_query_default();
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (cli_is_help(a)) { usage(); return 0; }
    else if (!strcmp(a, "-i") && more) snap_path = argv[++i];
    else if (!strcmp(a, "-o") && more) output = argv[++i];
    else if (!strcmp(a, "--name-column") && more) o.name_column = argv[++i];
    else if (!strcmp(a, "--id-column") && more) o.id_column = argv[++i];
    else if (!strcmp(a, "--type-column") && more) o.type_column = argv[++i];
    else if (!strcmp(a, "--country-column") && more) o.country_column = argv[++i];
    else if (!strcmp(a, "--dob-column") && more) o.dob_column = argv[++i];
    else if (!strcmp(a, "--format") && more) {
      if (parse_format(argv[++i], &o.output_format)) return cli_fail("batch: --format is csv, tsv or jsonl");
    } else if (!strcmp(a, "--input-format") && more) {
      if (parse_format(argv[++i], &o.input_format)) return cli_fail("batch: --input-format is csv, tsv or jsonl");
    } else if (!strcmp(a, "--list") && more) lists_arg = argv[++i];
    else if (!strcmp(a, "--threshold") && more) {
      char *end;
      filters.threshold = strtod(argv[++i], &end);
      if (*end || filters.threshold < 0 || filters.threshold > 1)
        return cli_fail("batch: --threshold is a number from 0 to 1");
    } else if (!strcmp(a, "--limit") && more) {
      long v = atol(argv[++i]);
      if (v <= 0) return cli_fail("batch: --limit is a positive number");
      filters.limit = (size_t)v;
    } else if (!strcmp(a, "--all")) filters.all = 1;
    else if (!strcmp(a, "--matches") && more) {
      long v = atol(argv[++i]);
      if (v <= 0) return cli_fail("batch: --matches is a positive number");
      o.max_matches = (size_t)v;
    } else if (!strcmp(a, "--threads") && more) {
      long v = atol(argv[++i]);
      if (v <= 0 || v > 256) return cli_fail("batch: --threads is a number from 1 to 256");
      o.threads = (size_t)v;
    } else if (!strcmp(a, "--strict")) o.strict = 1;
    else if (!strcmp(a, "--resume")) o.resume = 1;
    else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) quiet = 1;
    else if (a[0] == '-' && a[1]) return cli_fail("batch: unknown option %s (see vet batch --help)", a);
    else if (!input) input = a;
    else return cli_fail("batch: one input file only");
  }
  if (!input) return cli_fail("batch: no input file (see vet batch --help)");
  if (!o.name_column) return cli_fail("batch: --name-column is required");
  size_t n_lists = 0;
  const char **lists = NULL;
  if (lists_arg) {
    if (!(lists = split_lists(lists_arg, &n_lists))) return cli_fail("batch: out of memory");
    filters.lists = lists;
    filters.n_lists = n_lists;
  }
  o.filters = &filters;

  vet_snapshot *snap;
  vet_error err;
  if (vet_snapshot_open(snap_path, &snap, &err)) {
    free(lists);
    return cli_fail_err(&err);
  }
  ui u;
  memset(&u, 0, sizeof u);
  u.bar = !quiet && isatty(STDERR_FILENO);
  u.t0 = now_s();
  o.diag = on_diag;
  o.diag_userdata = &u;
  o.progress = on_progress;
  o.progress_userdata = &u;
  o.stop = &stop_requested;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  vet_batch_progress st;
  memset(&st, 0, sizeof st);
  int rc = vet_batch_run(snap, input, output, &o, &st, &err);
  clear_bar(&u);
  double el = now_s() - u.t0;
  if (!quiet && (rc == VET_OK || rc == VET_ECANCELLED || rc == VET_ESTRICT)) {
    fprintf(stderr, "%s: %llu rows read, %llu written, %llu with hits, %llu rejected; "
            "%llu distinct queries screened, %llu rows from the cache; %.1f s, %.0f rows/s\n",
            rc == VET_OK ? "done" : rc == VET_ECANCELLED ? "stopped" : "stopped at a bad row",
            (unsigned long long)st.rows_read, (unsigned long long)st.rows_written,
            (unsigned long long)st.rows_hit, (unsigned long long)st.rows_rejected,
            (unsigned long long)st.queries_screened, (unsigned long long)st.rows_cached, el,
            el > 0 ? (double)(st.rows_read - st.rows_resumed) / el : 0.0);
    if (st.rows_resumed)
      fprintf(stderr, "  resumed after %llu rows done by the interrupted run\n",
              (unsigned long long)st.rows_resumed);
    for (unsigned long k = 0; k < u.n_rejects && k < SUMMARY_REJECTS; k++)
      fprintf(stderr, "  rejected line %lu: %s\n", u.lines[k], u.reasons[k]);
    if (u.n_rejects > SUMMARY_REJECTS)
      fprintf(stderr, "  ... and %lu more rejected rows (each reported above)\n",
              u.n_rejects - SUMMARY_REJECTS);
  }
  vet_snapshot_close(snap);
  free(lists);
  if (rc == VET_ECANCELLED) {
    fprintf(stderr, "vet: batch: %s\n", strcmp(output, "-") ? "stopped; continue with --resume" : "stopped");
    return 130;
  }
  if (rc) return cli_fail_err(&err);
  return st.rows_hit ? 1 : 0;
}
