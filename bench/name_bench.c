/* name_bench.c — quality of the name score on the shared evaluation sets.
 *
 * usage: name_bench SNAPSHOT [THRESHOLD] [--sweep] [--errors]
 *
 * name_bench.csv (OpenSanctions' labelled pairs): each pair is scored with
 * name1 as the query and name2 as the listed name, using the token weights
 * of SNAPSHOT (IDF over its names); a pair is predicted a match when the
 * name score reaches THRESHOLD (default VET_DEFAULT_THRESHOLD). Prints
 * precision, recall and F1 overall and per case group, and the reference
 * matcher's (logic-v2) numbers from name_bench_logicv2_reference.csv.
 * ofac_parity.csv: every pair OFAC's own tool scores 100 should reach the
 * threshold; prints how many do and lists those that do not.
 * --sweep prints F1 for thresholds 0.50..0.95; --errors lists misclassified
 * pairs. The machine (uname, CPU model) is printed first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "io/csv.h"
#include "io/file.h"
#include "match/matcher.h"
#include "snapshot/ext.h"

typedef struct row {
  char *group, *a, *b;
  int label, org;
  double score, ref;
} row;

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)sz + 1);
  if (p && fread(p, 1, (size_t)sz, f) != (size_t)sz) {
    free(p);
    p = NULL;
  }
  if (p) p[sz] = 0;
  fclose(f);
  *n = (size_t)sz;
  return p;
}

static void machine(void) {
  struct utsname u;
  uname(&u);
  char model[256] = "unknown";
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (f) {
    char line[512];
    while (fgets(line, sizeof line, f))
      if (!strncmp(line, "model name", 10)) {
        char *c = strchr(line, ':');
        if (c) snprintf(model, sizeof model, "%s", c + 2);
        model[strcspn(model, "\n")] = 0;
        break;
      }
    fclose(f);
  }
  printf("machine: %s %s %s, CPU %s\n", u.sysname, u.release, u.machine, model);
}

static void prf(const char *label, const row *r, size_t n, double t, int use_ref, const char *group) {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  for (size_t i = 0; i < n; i++) {
    if (group && strcmp(r[i].group, group)) continue;
    if (use_ref && r[i].ref < 0) continue;
    int pred = (use_ref ? r[i].ref : r[i].score) >= t;
    if (pred && r[i].label) tp++;
    else if (pred) fp++;
    else if (r[i].label) fn++;
    else tn++;
  }
  double p = tp + fp ? (double)tp / (tp + fp) : 0, rc = tp + fn ? (double)tp / (tp + fn) : 0;
  double f1 = p + rc ? 2 * p * rc / (p + rc) : 0;
  printf("  %-22s n=%4d  P=%.3f R=%.3f F1=%.3f  (tp %d fp %d fn %d tn %d)\n", label,
         tp + fp + fn + tn, p, rc, f1, tp, fp, fn, tn);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: name_bench SNAPSHOT [THRESHOLD] [--sweep] [--errors]\n");
    return 2;
  }
  double t = VET_DEFAULT_THRESHOLD;
  int sweep = 0, errors = 0;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--sweep")) sweep = 1;
    else if (!strcmp(argv[i], "--errors")) errors = 1;
    else t = atof(argv[i]);
  }
  machine();
  vet_snapshot *snap;
  vet_error err;
  if (vet_snapshot_open(argv[1], &snap, &err)) {
    fprintf(stderr, "%s\n", err.message);
    return 2;
  }
  const vet__mstate *st = vet__snapshot_ext_state(snap, "match");
  if (!st) {
    fprintf(stderr, "the snapshot has no matching index\n");
    return 2;
  }
  vet_matcher *m = vet__matcher_new_state(st);
  printf("snapshot: %s (%u entities, %u names: the token weights)\n", argv[1],
         vet_snapshot_entity_count(snap), st->idx.h->n_names);

  size_t n;
  char *data = slurp(VET_SHARED_DIR "/data/eval/name_bench.csv", &n);
  size_t rn;
  char *ref = slurp(VET_SHARED_DIR "/data/eval/name_bench_logicv2_reference.csv", &rn);
  if (!data || !ref) {
    fprintf(stderr, "cannot read the eval files under " VET_SHARED_DIR "/data/eval\n");
    return 2;
  }
  row *rows = calloc(2000, sizeof *rows);
  size_t nr = 0;
  vet__csv c;
  vet__csv_record rec;
  vet__csv_init(&c, data, n, ',');
  vet__csv_next(&c, &rec);
  while (vet__csv_next(&c, &rec) == 1 && nr < 2000) {
    if (rec.n < 5) continue;
    rows[nr].group = strdup(rec.f[0].s);
    rows[nr].a = strdup(rec.f[2].s);
    rows[nr].b = strdup(rec.f[3].s);
    rows[nr].label = !strcmp(rec.f[4].s, "true");
    rows[nr].org = strcmp(rec.f[1].s, "Person") != 0;
    rows[nr].score = vet__score_texts(m, rows[nr].a, rows[nr].b, rows[nr].org, NULL);
    rows[nr].ref = -1;
    nr++;
  }
  vet__csv_free(&c);
  /* The reference file has the same pairs in the same order, plus an id. */
  vet__csv_init(&c, ref, rn, ',');
  vet__csv_next(&c, &rec);
  while (vet__csv_next(&c, &rec) == 1) {
    if (rec.n < 12) continue;
    for (size_t k = 0; k < nr; k++)
      if (!strcmp(rec.f[3].s, rows[k].a) && !strcmp(rec.f[4].s, rows[k].b)) rows[k].ref = atof(rec.f[9].s);
  }
  vet__csv_free(&c);

  printf("\nname_bench.csv: %zu pairs, vet at threshold %.2f\n", nr, t);
  prf("all", rows, nr, t, 0, NULL);
  const char *groups[] = {"nk_checks", "nk_unit_tests", "synth_people", "synth_companies",
                          "cluster_align", "cust_cases"};
  for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) prf(groups[g], rows, nr, t, 0, groups[g]);
  size_t with_ref = 0;
  for (size_t i = 0; i < nr; i++) with_ref += rows[i].ref >= 0;
  printf("reference matcher (logic-v2, threshold 0.70), %zu pairs with a reference score:\n", with_ref);
  prf("all", rows, nr, 0.70, 1, NULL);
  for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) prf(groups[g], rows, nr, 0.70, 1, groups[g]);
  if (sweep) {
    printf("threshold sweep (vet):\n");
    for (double x = 0.50; x < 0.96; x += 0.05) {
      char l[32];
      snprintf(l, sizeof l, "t=%.2f", x);
      prf(l, rows, nr, x, 0, NULL);
    }
  }
  if (errors) {
    printf("misclassified at %.2f:\n", t);
    for (size_t i = 0; i < nr; i++)
      if ((rows[i].score >= t) != rows[i].label)
        printf("  %s %.3f  %s | %s\n", rows[i].label ? "FN" : "FP", rows[i].score, rows[i].a, rows[i].b);
  }

  /* OFAC parity. */
  char *od = slurp(VET_SHARED_DIR "/data/eval/ofac_parity.csv", &n);
  if (od) {
    vet__csv_init(&c, od, n, ',');
    vet__csv_next(&c, &rec);
    int total = 0, ok = 0;
    char miss[8192] = "";
    while (vet__csv_next(&c, &rec) == 1) {
      if (rec.n < 3 || atoi(rec.f[2].s) != 100) continue;
      double s = vet__score_texts(m, rec.f[0].s, rec.f[1].s, 0, NULL);
      total++;
      if (s >= t) ok++;
      else {
        size_t l = strlen(miss);
        snprintf(miss + l, sizeof miss - l, "    %.3f  %s | %s\n", s, rec.f[0].s, rec.f[1].s);
      }
    }
    vet__csv_free(&c);
    printf("\nofac_parity.csv: %d of %d pairs OFAC scores 100 reach %.2f\n%s", ok, total, t, miss);
    free(od);
  }
  vet_matcher_free(m);
  vet_snapshot_close(snap);
  return 0;
}
