/* test_batch.c — vet batch's pipeline: the streaming CSV parser, row
 * validation and reporting, order with several workers, the identical-query
 * cache, strict mode, JSON lines, TSV, edge cases, random input, resume after
 * an interrupted (SIGINT) or killed (SIGKILL) run, and the shipped path with
 * vet_screen().
 *
 * Most tests use a stand-in scorer, so that they can count calls and make
 * workers finish out of order: it calls a name a hit when it contains
 * "acme" and sleeps a little per call when asked. test_real_matcher runs
 * vet_batch_run() itself. Expected counts are computed by the test from the
 * rows it generates, independently of the code under test, as each comment
 * says. */
#include "harness.h"
#include "batch/batch_int.h"
#include "io/csv.h"
#include "vet.h"

#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- the stand-in scorer ------------------------------------------------ */

typedef struct fake_ctx {
  atomic_int calls;
  int delay_us;       /* per call, to let workers finish out of order */
} fake_ctx;

typedef struct fake_worker {
  fake_ctx *ctx;
  vet__batch_hit hit;
  char source_id[64];
} fake_worker;

static void *fake_new(void *ctx) {
  fake_worker *w = calloc(1, sizeof *w);
  if (w) w->ctx = ctx;
  return w;
}
static void fake_free(void *w) { free(w); }

static int fake_screen(void *p, const vet_query *q, const vet__batch_hit **out, size_t *n,
                       vet_error *err) {
  fake_worker *w = p;
  atomic_fetch_add(&w->ctx->calls, 1);
  int any = 0;
  for (const char *s = q->name; *s; s++) any |= isalnum((unsigned char)*s);
  if (!any) {
    snprintf(err->message, sizeof err->message, "the name has no letters or digits");
    return VET_EINVAL;
  }
  if (w->ctx->delay_us) {
    unsigned h = 0;
    for (const char *s = q->name; *s; s++) h = h * 31 + (unsigned char)*s;
    usleep((useconds_t)(h % (unsigned)w->ctx->delay_us));
  }
  *n = 0;
  *out = &w->hit;
  if (!strstr(q->name, "acme") && !strstr(q->name, "Acme") && !strstr(q->name, "ACME")) return VET_OK;
  snprintf(w->source_id, sizeof w->source_id, "X:%zu", strlen(q->name));
  w->hit = (vet__batch_hit){0.95, 1, VET_TYPE_ORGANIZATION, 0, "test-list", w->source_id, "ACME Corp", "Acme Corp",
                            "acme~acme exact", NULL};
  *n = 1;
  return VET_OK;
}

static vet__batch_scorer fake_scorer(fake_ctx *ctx) {
  vet__batch_scorer s = {fake_new, fake_free, fake_screen, ctx, NULL};
  return s;
}

/* ---- helpers --------------------------------------------------------------- */

static char tmpdir[256];

static const char *tmp_path(const char *name) {
  static char paths[8][512];
  static int k;
  k = (k + 1) % 8;
  snprintf(paths[k], sizeof paths[k], "%s/%s", tmpdir, name);
  return paths[k];
}

static void write_file(const char *path, const char *data, size_t n) {
  FILE *f = fopen(path, "wb");
  fwrite(data, 1, n, f);
  fclose(f);
}

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *d = malloc((size_t)sz + 1);
  size_t got = fread(d, 1, (size_t)sz, f);
  d[got] = '\0';
  fclose(f);
  if (n) *n = got;
  return d;
}

static size_t count_lines(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

typedef struct diags {
  int n;
  unsigned long lines[32];
  char reasons[32][200];
} diags;

static void collect(void *ud, const vet_diag *d) {
  diags *g = ud;
  if (g->n < 32) {
    g->lines[g->n] = d->line;
    snprintf(g->reasons[g->n], sizeof g->reasons[g->n], "%s", d->reason);
  }
  g->n++;
}

/* ---- streaming CSV ----------------------------------------------------------- */

/* The streaming parser with tiny chunks must give the same records, lines
** and raw bytes as the buffer parser over the whole input, and offsets that
** point at each record's bytes. */
static void test_csv_stream(void) {
  const char *in = "id,name\r\n1,\"multi\nline\"\r\n\n2,\"say \"\"hi\"\"\"\n3,plain\r\n4,\"a,b\"\n5,last";
  const char *path = tmp_path("stream.csv");
  write_file(path, in, strlen(in));
  for (size_t chunk = 1; chunk <= 9; chunk += 2) {
    vet__csv ref;
    vet__csv_record rr, sr;
    vet__csv_init(&ref, in, strlen(in), ',');
    int fd = open(path, O_RDONLY);
    vet__csv_stream s;
    REQUIRE(vet__csv_stream_init(&s, fd, ',', 0, 1, chunk) == VET_OK);
    int records = 0;
    for (;;) {
      int a = vet__csv_next(&ref, &rr);
      int b = vet__csv_stream_next(&s, &sr);
      CHECK_INT(b, a);
      if (a != 1 || b != 1) break;
      records++;
      CHECK_INT(sr.n, rr.n);
      CHECK_INT(sr.line, rr.line);
      CHECK_INT(sr.end_line, rr.end_line);
      CHECK_INT(sr.raw_n, rr.raw_n);
      CHECK(!memcmp(sr.raw, rr.raw, rr.raw_n));
      CHECK(!memcmp(in + s.rec_offset, rr.raw, rr.raw_n));
      for (size_t i = 0; i < rr.n && i < sr.n; i++) CHECK_STR(sr.f[i].s, rr.f[i].s);
    }
    /* 6 records: the header and ids 1..5, counted by hand above. */
    CHECK_INT(records, 6);
    CHECK_INT(s.next_offset, strlen(in));
    vet__csv_stream_free(&s);
    vet__csv_free(&ref);
    close(fd);
  }
}

/* ---- pipeline ----------------------------------------------------------------- */

static vet_batch_options opts(const char *name_col) {
  vet_batch_options o = vet_batch_options_default();
  o.name_column = name_col;
  return o;
}

/* Rows come out in input order with 4 workers whose calls take random time. */
static void test_order(void) {
  const char *in = tmp_path("order.csv"), *out = tmp_path("order.out.csv");
  FILE *f = fopen(in, "w");
  fprintf(f, "customer_id,full_name\n");
  int n = 20000, acme = 0;
  for (int i = 0; i < n; i++) {
    fprintf(f, "C%d,%s %d\n", i, i % 7 == 0 ? "Acme Trading" : "Jane Doe", i);
    acme += i % 7 == 0; /* the expected hit count, counted as written */
  }
  fclose(f);
  fake_ctx ctx = {0, 300};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("full_name");
  o.threads = 4;
  vet_batch_progress st;
  vet_error err;
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, &err) == VET_OK);
  CHECK_INT(st.rows_written, n);
  CHECK_INT(st.rows_hit, acme);
  char *d = read_file(out, NULL);
  REQUIRE(d);
  char *line = strtok(d, "\n");
  CHECK_STR(line, "customer_id,full_name,vet_hits,vet_score,vet_list,vet_source_id,vet_name,"
                  "vet_matched_name,vet_explanation,vet_other_matches");
  int i = 0, in_order = 1;
  while ((line = strtok(NULL, "\n"))) {
    char want[32];
    snprintf(want, sizeof want, "C%d,", i);
    if (strncmp(line, want, strlen(want))) in_order = 0;
    i++;
  }
  CHECK(in_order);
  CHECK_INT(i, n);
  free(d);
  CHECK(access(tmp_path("order.out.csv.checkpoint"), F_OK) != 0); /* finished: removed */
}

/* 1000 rows over 37 distinct names (spelled in varying case and spacing)
** are screened 37 times. */
static void test_duplicates(void) {
  const char *in = tmp_path("dup.csv"), *out = tmp_path("dup.out.csv");
  FILE *f = fopen(in, "w");
  fprintf(f, "name\n");
  for (int i = 0; i < 1000; i++)
    fprintf(f, i % 2 ? "Name  Number %d\n" : "name number %d\n", i % 37);
  fclose(f);
  fake_ctx ctx = {0, 0};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  o.threads = 3;
  vet_batch_progress st;
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, NULL) == VET_OK);
  CHECK_INT(atomic_load(&ctx.calls), 37);  /* i % 37 takes 37 values */
  CHECK_INT(st.queries_screened, 37);
  CHECK_INT(st.rows_cached, 1000 - 37);
  CHECK_INT(st.rows_written, 1000);
  /* A cache of 4 entries still gives every row its result. */
  remove(out);
  atomic_store(&ctx.calls, 0);
  o.cache_entries = 4;
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, NULL) == VET_OK);
  CHECK_INT(st.rows_written, 1000);
  CHECK(atomic_load(&ctx.calls) >= 37);

  /* A name that keeps coming back stays in a small cache (CLOCK): 200 rows,
  ** "Popular Name" every other row and 100 different names between. */
  f = fopen(in, "w");
  fprintf(f, "name\n");
  for (int i = 0; i < 100; i++) fprintf(f, "Popular Name\nUnique Name %d\n", i);
  fclose(f);
  remove(out);
  atomic_store(&ctx.calls, 0);
  o.cache_entries = 4;
  o.threads = 1;
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, NULL) == VET_OK);
  CHECK_INT(st.rows_written, 200);
  CHECK_INT(atomic_load(&ctx.calls), 1 + 100); /* once for the popular name, once per other */
}

/* The malformed input: each bad row names its line; line numbers as written
** below (the quoted field on line 4 spans lines 4-5). */
static const char MALFORMED[] =
    "id,name,country\n"                 /* 1 */
    "1,Acme Ltd,US\n"                   /* 2 */
    "2,Too,Many,Fields\n"               /* 3: 4 fields */
    "3,\"Two\nLines\",FR\n"             /* 4-5: fine */
    "4,\"Bad\"quote,DE\n"               /* 6: broken quoting */
    "5,Caf\xe9 Latin,FR\n"              /* 7: invalid UTF-8 */
    "6,,IT\n"                           /* 8: empty name */
    "7,   ,IT\n"                        /* 9: blank name */
    "8,!!!,ES\n"                        /* 10: nothing to match (the scorer says) */
    "9,Jane Roe,GB\n"                   /* 11 */
    "10,\"never closed,GB\n"            /* 12: open quote to the end */
    "11,Lost Row,GB\n";                 /* 13: swallowed by line 12 */

static void test_malformed(void) {
  const char *in = tmp_path("bad.csv"), *out = tmp_path("bad.out.csv");
  write_file(in, MALFORMED, sizeof MALFORMED - 1);
  fake_ctx ctx = {0, 0};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  o.id_column = "id";
  diags g = {0};
  o.diag = collect;
  o.diag_userdata = &g;
  vet_batch_progress st;
  vet_error err;
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, &err) == VET_OK);
  /* Good rows: ids 1, 3, 9 (lines 2, 4, 11). */
  CHECK_INT(st.rows_written, 3);
  CHECK_INT(st.rows_rejected, 7);
  CHECK_INT(st.rows_hit, 1);
  REQUIRE(g.n == 7);
  unsigned long want[] = {3, 6, 7, 8, 9, 10, 12};
  for (int i = 0; i < 7; i++) CHECK_INT(g.lines[i], want[i]);
  CHECK(strstr(g.reasons[0], "4 fields, the header has 3"));
  CHECK(strstr(g.reasons[1], "broken quoting"));
  CHECK(strstr(g.reasons[2], "invalid UTF-8"));
  CHECK(strstr(g.reasons[3], "empty name"));
  CHECK(strstr(g.reasons[3], "(id 6)"));
  CHECK(strstr(g.reasons[4], "empty name"));
  CHECK(strstr(g.reasons[5], "no letters or digits"));
  CHECK(strstr(g.reasons[6], "never closed"));
  CHECK(strstr(g.reasons[6], "lines 12 to 13"));
  char *d = read_file(out, NULL);
  REQUIRE(d);
  CHECK_INT(count_lines(d), 5); /* header + 3 rows, one of them on two lines */
  CHECK(strstr(d, "3,\"Two\nLines\",FR,0,"));  /* the record kept as written */
  CHECK(strstr(d, "1,Acme Ltd,US,1,0.9500,test-list,X:8,ACME Corp,Acme Corp,acme~acme exact,"));
  free(d);
}

/* Strict mode stops at line 3; the rows before it are written and the
** checkpoint points at the bad row. */
static void test_strict(void) {
  const char *in = tmp_path("strict.csv"), *out = tmp_path("strict.out.csv");
  write_file(in, MALFORMED, sizeof MALFORMED - 1);
  fake_ctx ctx = {0, 0};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  o.strict = 1;
  diags g = {0};
  o.diag = collect;
  o.diag_userdata = &g;
  vet_error err;
  vet_batch_progress st;
  CHECK_INT(vet__batch_run_with(&sc, in, out, &o, &st, &err), VET_ESTRICT);
  CHECK(strstr(err.message, "bad.csv") || strstr(err.message, "strict.csv"));
  CHECK(strstr(err.message, ":3:"));
  CHECK_INT(g.n, 1);
  CHECK_INT(st.rows_written, 1);
  char *d = read_file(out, NULL);
  REQUIRE(d);
  CHECK_INT(count_lines(d), 2);
  free(d);
  vet__batch_checkpoint cp;
  REQUIRE(vet__batch_checkpoint_read(tmp_path("strict.out.csv.checkpoint"), &cp, NULL) == VET_OK);
  CHECK_INT(cp.input_line, 3);
  CHECK_INT(cp.input_offset, strlen("id,name,country\n1,Acme Ltd,US\n"));
  /* A fresh run refuses to overwrite an interrupted one. */
  CHECK_INT(vet__batch_run_with(&sc, in, out, &o, &st, &err), VET_EINVAL);
  CHECK(strstr(err.message, "--resume"));
}

/* JSON lines in and out, and CSV in with JSON out. */
static void test_jsonl(void) {
  const char *in = tmp_path("c.jsonl"), *out = tmp_path("c.out.jsonl");
  const char *data = "\xEF\xBB\xBF{\"id\": 1, \"name\": \"Acme GmbH\", \"extra\": [1,2]}\n"
                     "\n"
                     "{\"id\": 2, \"name\": \"Jane\"\n"               /* 3: invalid JSON */
                     "[1,2]\n"                                        /* 4: not an object */
                     "{\"id\": 3, \"name\": 7}\n"                     /* 5: name not a string */
                     "{\"id\": 4, \"name\": \"Bob \\\"B\\\" Smith\"}\r\n";
  write_file(in, data, strlen(data));
  fake_ctx ctx = {0, 0};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  o.id_column = "id";
  diags g = {0};
  o.diag = collect;
  o.diag_userdata = &g;
  vet_batch_progress st;
  vet_error err;
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, &err) == VET_OK);
  CHECK_INT(st.rows_written, 2);
  CHECK_INT(g.n, 3);
  CHECK_INT(g.lines[0], 3);
  CHECK_INT(g.lines[1], 4);
  CHECK_INT(g.lines[2], 5);
  char *d = read_file(out, NULL);
  REQUIRE(d);
  char *l1 = strtok(d, "\n"), *l2 = strtok(NULL, "\n");
  REQUIRE(l1 && l2);
  json_error_t je;
  json_t *a = json_loads(l1, 0, &je), *b = json_loads(l2, 0, &je);
  REQUIRE(a && b);
  CHECK_INT(json_integer_value(json_object_get(json_object_get(a, "vet"), "hits")), 1);
  CHECK_INT(json_array_size(json_object_get(a, "extra")), 2);   /* input kept */
  CHECK_STR(json_string_value(json_object_get(b, "name")), "Bob \"B\" Smith");
  CHECK_INT(json_integer_value(json_object_get(json_object_get(b, "vet"), "hits")), 0);
  json_decref(a);
  json_decref(b);
  free(d);

  /* CSV in, JSON out: every column becomes a member. */
  const char *cin = tmp_path("j.csv"), *cout = tmp_path("j.out.jsonl");
  write_file(cin, "id,name\n7,\"Acme, \"\"the\"\" firm\"\n", 32);
  o = opts("name");
  o.output_format = VET_BATCH_JSONL;
  REQUIRE(vet__batch_run_with(&sc, cin, cout, &o, &st, &err) == VET_OK);
  d = read_file(cout, NULL);
  a = json_loads(d, 0, &je);
  REQUIRE(a);
  CHECK_STR(json_string_value(json_object_get(a, "name")), "Acme, \"the\" firm");
  CHECK_STR(json_string_value(json_object_get(a, "id")), "7");
  json_t *m = json_array_get(json_object_get(json_object_get(a, "vet"), "matches"), 0);
  CHECK_STR(json_string_value(json_object_get(m, "list")), "test-list");
  json_decref(a);
  free(d);
}

/* TSV in, TSV out (detected from the content); CSV output from TSV input is refused. */
static void test_tsv(void) {
  const char *in = tmp_path("t.data"), *out = tmp_path("t.out");
  const char *data = "id\tname\tnote\n1\tAcme, Inc.\tsays \"hi\"\n2\tBob\t\n";
  write_file(in, data, strlen(data));
  fake_ctx ctx = {0, 0};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  vet_batch_progress st;
  vet_error err;
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, &err) == VET_OK);
  CHECK_INT(st.rows_written, 2);
  CHECK_INT(st.rows_hit, 1);
  char *d = read_file(out, NULL);
  REQUIRE(d);
  CHECK(!strncmp(d, "id\tname\tnote\tvet_hits\tvet_score\t", 31));
  CHECK(strstr(d, "\n1\tAcme, Inc.\tsays \"hi\"\t1\t0.9500\ttest-list\t"));
  CHECK(strstr(d, "\n2\tBob\t\t0\t\t\t\t\t\t\t\n"));
  free(d);
  remove(out);
  o.output_format = VET_BATCH_CSV;
  CHECK_INT(vet__batch_run_with(&sc, in, out, &o, &st, &err), VET_EINVAL);
  CHECK(strstr(err.message, "tsv"));
}

/* A header and no rows; an empty file; a missing column; no output folder. */
static void test_edges(void) {
  char in[512], out[512];
  snprintf(in, sizeof in, "%s", tmp_path("edge.csv"));
  snprintf(out, sizeof out, "%s", tmp_path("edge.out.csv"));
  fake_ctx ctx = {0, 0};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  vet_batch_progress st;
  vet_error err;
  write_file(in, "id,name\r\n", 9);
  REQUIRE(vet__batch_run_with(&sc, in, out, &o, &st, &err) == VET_OK);
  CHECK_INT(st.rows_read, 0);
  char *d = read_file(out, NULL);
  CHECK(d && !strncmp(d, "id,name,vet_hits,", 17) && count_lines(d) == 1);
  free(d);
  write_file(in, "", 0);
  remove(out);
  CHECK_INT(vet__batch_run_with(&sc, in, out, &o, &st, &err), VET_EEMPTY);
  CHECK(strstr(err.message, "empty file"));
  write_file(in, "id,nom\n1,x\n", 11);
  CHECK_INT(vet__batch_run_with(&sc, in, out, &o, &st, &err), VET_EINVAL);
  CHECK(strstr(err.message, "no column \"name\""));
  CHECK_INT(vet__batch_run_with(&sc, in, "/nonexistent/dir/out.csv", &o, &st, &err), VET_EINVAL);
  o.name_column = "nom";
  CHECK_INT(vet__batch_run_with(&sc, in, "/nonexistent/dir/out.csv", &o, &st, &err), VET_EIO);
  CHECK(strstr(err.message, "/nonexistent/dir/out.csv"));
  CHECK_INT(vet__batch_run_with(&sc, tmp_path("missing.csv"), out, &o, &st, &err), VET_EIO);
  CHECK(strstr(err.message, "missing.csv"));
  CHECK_INT(vet__batch_run_with(&sc, in, in, &o, &st, &err), VET_EINVAL); /* never truncates its input */
  CHECK(strstr(err.message, "the output is the input"));
  char *d2 = read_file(in, NULL);
  CHECK(d2 && !strcmp(d2, "id,nom\n1,x\n"));
  free(d2);
}

/* Random bytes shaped like CSV (quotes, delimiters, line breaks, invalid
** UTF-8) through the whole pipeline: no crash, and every row is either
** written or reported. Output rows are counted by reading the output back
** with the buffer parser; rejects through the diag callback. */
static void test_garbage(void) {
  char in[512], out[512], ck[512]; /* tmp_path()'s buffers rotate: keep copies */
  snprintf(in, sizeof in, "%s", tmp_path("garbage.csv"));
  snprintf(out, sizeof out, "%s", tmp_path("garbage.out.csv"));
  snprintf(ck, sizeof ck, "%s", tmp_path("garbage.out.csv.checkpoint"));
  static const char alphabet[] = "ab ,,\"\"\n\r\xc3\xa9\xff;\tAcme";
  unsigned seed = 12345;
  for (int round = 0; round < 20; round++) {
    FILE *f = fopen(in, "wb");
    fputs("id,name,x\n", f);
    for (int i = 0; i < 3000; i++) {
      seed = seed * 1103515245u + 12345u;
      fputc(alphabet[(seed >> 16) % (sizeof alphabet - 1)], f);
    }
    fclose(f);
    remove(out);
    remove(ck);
    fake_ctx ctx = {0, 0};
    vet__batch_scorer sc = fake_scorer(&ctx);
    vet_batch_options o = opts("name");
    o.threads = 2;
    diags g = {0};
    o.diag = collect;
    o.diag_userdata = &g;
    vet_batch_progress st;
    vet_error err;
    int rc = vet__batch_run_with(&sc, in, out, &o, &st, &err);
    if (rc) fprintf(stderr, "  round %d: %s\n", round, err.message);
    CHECK_INT(rc, VET_OK);
    CHECK_INT(st.rows_written + st.rows_rejected, st.rows_read);
    CHECK_INT(g.n, st.rows_rejected);
    size_t n;
    char *d = read_file(out, &n);
    REQUIRE(d);
    vet__csv c;
    vet__csv_record r;
    vet__csv_init(&c, d, n, ',');
    long rows = -1;
    int rc2;
    while ((rc2 = vet__csv_next(&c, &r)) == 1) {
      CHECK_INT(r.n, 11); /* 3 input columns and vet's 8 */
      rows++;
    }
    CHECK_INT(rc2, 0);
    CHECK_INT(rows, (long)st.rows_written);
    vet__csv_free(&c);
    free(d);
  }
}

/* ---- resume ---------------------------------------------------------------------- */

static volatile sig_atomic_t child_stop;
static void on_sigint(int sig) { (void)sig; child_stop = 1; }

static const char *big_in(void) {
  static int made;
  const char *path = tmp_path("big.csv");
  if (made) return path;
  FILE *f = fopen(path, "w");
  fprintf(f, "id,name,note\n");
  for (int i = 0; i < 60000; i++)
    fprintf(f, "%d,%s %d,\"n\n%d\"\n", i, i % 5 ? "Person" : "Acme", i % 20000, i);
  fclose(f);
  made = 1;
  return path;
}

/* Runs the batch in a child; returns its pid. */
static pid_t spawn(const char *in, const char *out, int resume, int delay_us) {
  pid_t pid = fork();
  if (pid) return pid;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigaction(SIGINT, &sa, NULL);
  fake_ctx ctx = {0, delay_us};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  o.threads = 2;
  o.resume = resume;
  o.stop = &child_stop;
  int rc = vet__batch_run_with(&sc, in, out, &o, NULL, NULL);
  _exit(rc == VET_OK ? 0 : rc == VET_ECANCELLED ? 3 : 4);
}

static int wait_rc(pid_t pid) {
  int st;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Waits until the output has grown past `bytes`. */
static void wait_for_output(const char *path, long bytes) {
  struct stat sb;
  for (int i = 0; i < 2000; i++) {
    if (stat(path, &sb) == 0 && sb.st_size > bytes) return;
    usleep(5000);
  }
}

/* The output holds only whole rows: every line but the header is
** "<id>,<name>,..." with ids 0, 1, 2, ... in order. Returns the row count. */
static long check_partial(const char *path) {
  size_t n;
  char *d = read_file(path, &n);
  if (!d) return -1;
  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, d, n, ',');
  long rows = -1, bad = 0;
  while (vet__csv_next(&c, &r) == 1) {
    if (rows >= 0 && (r.n != 11 || atol(r.f[0].s) != rows)) bad++;
    rows++;
  }
  vet__csv_free(&c);
  free(d);
  CHECK_INT(bad, 0);
  CHECK(n > 0 && d != NULL);
  return rows;
}

static void test_resume(void) {
  const char *in = big_in();
  const char *clean = tmp_path("clean.csv"), *part = tmp_path("part.csv");
  REQUIRE(wait_rc(spawn(in, clean, 0, 0)) == 0);
  size_t n_clean;
  char *want = read_file(clean, &n_clean);
  REQUIRE(want);
  CHECK_INT(count_lines(want), 1 + 60000 * 2); /* header + 60000 rows of two lines each */

  /* SIGINT mid-run: a clean stop, a valid partial output, then resume. */
  pid_t pid = spawn(in, part, 0, 200);
  wait_for_output(part, 200000);
  kill(pid, SIGINT);
  CHECK_INT(wait_rc(pid), 3);
  long rows = check_partial(part);
  CHECK(rows > 0 && rows < 60000);
  vet__batch_checkpoint cp;
  REQUIRE(vet__batch_checkpoint_read(tmp_path("part.csv.checkpoint"), &cp, NULL) == VET_OK);
  CHECK_INT(cp.rows_written, rows);
  REQUIRE(wait_rc(spawn(in, part, 1, 0)) == 0);
  size_t n_got;
  char *got = read_file(part, &n_got);
  CHECK_INT(n_got, n_clean);
  CHECK(got && !memcmp(got, want, n_clean));
  free(got);
  CHECK(access(tmp_path("part.csv.checkpoint"), F_OK) != 0);

  /* SIGKILL mid-run: rows past the last checkpoint are cut and redone. */
  remove(part);
  pid = spawn(in, part, 0, 1000);
  wait_for_output(part, 300000);
  usleep(1200000); /* past at least one periodic checkpoint */
  kill(pid, SIGKILL);
  CHECK_INT(wait_rc(pid), 128 + SIGKILL);
  rows = check_partial(part);
  CHECK(rows > 0 && rows < 60000);
  REQUIRE(wait_rc(spawn(in, part, 1, 0)) == 0);
  got = read_file(part, &n_got);
  CHECK_INT(n_got, n_clean);
  CHECK(got && !memcmp(got, want, n_clean));
  free(got);

  /* Nothing to resume now; and other options are refused. */
  fake_ctx ctx = {0, 0};
  vet__batch_scorer sc = fake_scorer(&ctx);
  vet_batch_options o = opts("name");
  o.resume = 1;
  vet_error err;
  CHECK_INT(vet__batch_run_with(&sc, in, part, &o, NULL, &err), VET_EINVAL);
  CHECK(strstr(err.message, "nothing to resume"));
  vet__batch_checkpoint fake = cp;
  vet__batch_checkpoint_write(tmp_path("part.csv.checkpoint"), &fake, NULL);
  o.max_matches = 5;
  CHECK_INT(vet__batch_run_with(&sc, in, part, &o, NULL, &err), VET_EINVAL);
  CHECK(strstr(err.message, "other options"));
  free(want);
}

/* The shipped path: vet_batch_run() with vet_screen() on a snapshot of
** vet's own list (the 4 entities in data/). */
static void test_real_matcher(void) {
  char snap_path[512], in[512], out[512];
  snprintf(snap_path, sizeof snap_path, "%s", tmp_path("real.snap"));
  snprintf(in, sizeof in, "%s", tmp_path("real.csv"));
  snprintf(out, sizeof out, "%s", tmp_path("real.out.csv"));
  vet_builder *b = vet_builder_new(NULL);
  REQUIRE(b);
  vet_error err;
  int rc = vet_builder_add_path(b, VET_SOURCE_DIR "/data", &err);
  if (!rc) rc = vet_builder_write(b, snap_path, &err);
  vet_builder_free(b);
  REQUIRE(rc == VET_OK);
  vet_snapshot *snap;
  REQUIRE(vet_snapshot_open(snap_path, &snap, &err) == VET_OK);
  const char *data = "id,name\n1,NSO Group\n2,Mary Smith\n3,Candiru Ltd\n4,nso  group\n";
  write_file(in, data, strlen(data));
  vet_batch_options o = opts("name");
  o.threads = 2;
  vet_batch_progress st;
  REQUIRE(vet_batch_run(snap, in, out, &o, &st, &err) == VET_OK);
  CHECK_INT(st.rows_written, 4);
  CHECK_INT(st.rows_hit, 3);            /* NSO Group twice, Candiru */
  CHECK_INT(st.queries_screened, 3);    /* "nso  group" folds to the first row's query */
  char *d = read_file(out, NULL);
  REQUIRE(d);
  CHECK(strstr(d, "\n1,NSO Group,1,1.0000,bis-el,IL:nso-group,NSO Group,NSO Group,"));
  CHECK(strstr(d, "\n2,Mary Smith,0,,"));
  CHECK(strstr(d, "\n3,Candiru Ltd,1,"));
  free(d);
  vet_snapshot_close(snap);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/vet-test-batch.XXXXXX");
  if (!mkdtemp(tmpdir)) return 1;
  RUN(test_csv_stream);
  RUN(test_order);
  RUN(test_duplicates);
  RUN(test_malformed);
  RUN(test_strict);
  RUN(test_jsonl);
  RUN(test_tsv);
  RUN(test_edges);
  RUN(test_garbage);
  RUN(test_resume);
  RUN(test_real_matcher);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd)) fprintf(stderr, "could not remove %s\n", tmpdir);
  return HARNESS_DONE();
}
