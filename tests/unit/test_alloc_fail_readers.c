/* test_alloc_fail_readers.c — any allocation of reading an official list
 * file may fail, and each failure is an error with a message, never a
 * crash, a leak, or a read that succeeds with entities or rows lost.
 *
 * Covered: every format vet reads from ../shared — OFAC's legacy CSV set
 * (SDN and non-SDN), OFAC's XML, the UN consolidated XML (two schema
 * versions), the trade.gov Consolidated Screening List CSV (current and
 * 2019 layouts), BIS's Denied Persons text file, the UK and EU CSV files,
 * the eCFR part 744 XML and a Federal Register rule. Each is cut to its
 * first entries (rows of a CSV file, records of an XML file: a few of each
 * repeated element under each parent, which keeps the file well formed) in
 * a temporary folder, so that failing every allocation in turn stays
 * quick. A read's result is a fingerprint of every entity it streamed
 * (names, addresses, dates, identifiers, programs, citations, attributes,
 * remarks), the lists' counts and every diagnostic: a row turned into a
 * "rejected" diagnostic by a failed allocation, with the read succeeding,
 * shows as a different result. Method: alloc_fail.h. */
#include "alloc_fail.h"
#include "harness.h"
#include "list_samples.h"
#include "vet.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

/* ---- the fingerprint of a read */

typedef struct fp {
  uint64_t h;
  long entities, diags, lists, rejected, warnings;
} fp;

static void mix(fp *f, const char *s) {
  f->h ^= 0xff;
  f->h *= 1099511628211ull;
  for (; s && *s; s++) {
    f->h ^= (unsigned char)*s;
    f->h *= 1099511628211ull;
  }
}

static void mixn(fp *f, long n) {
  char b[32];
  snprintf(b, sizeof b, "%ld", n);
  mix(f, b);
}

static int on_entity(void *u, const vet_entity *e) {
  fp *f = u;
  f->entities++;
  mix(f, e->list_id);
  mix(f, e->source_id);
  mix(f, e->source_list);
  mixn(f, e->type);
  for (size_t i = 0; i < e->n_names; i++) {
    mix(f, e->names[i].text);
    mixn(f, e->names[i].kind * 10 + e->names[i].strength);
    mix(f, e->names[i].quality);
    mix(f, e->names[i].script);
  }
  for (size_t i = 0; i < e->n_addresses; i++) {
    const vet_address *a = &e->addresses[i];
    mix(f, a->text);
    mix(f, a->street);
    mix(f, a->city);
    mix(f, a->state);
    mix(f, a->postal_code);
    mix(f, a->country);
    mix(f, a->country_code);
    mix(f, a->note);
  }
  for (size_t i = 0; i < e->n_nationalities; i++) mix(f, e->nationalities[i]);
  for (size_t i = 0; i < e->n_citizenships; i++) mix(f, e->citizenships[i]);
  for (size_t i = 0; i < e->n_births; i++) {
    mix(f, e->births[i].text);
    mixn(f, e->births[i].year_from * 10000L + e->births[i].month * 100 + e->births[i].day);
  }
  for (size_t i = 0; i < e->n_places_of_birth; i++) mix(f, e->places_of_birth[i]);
  for (size_t i = 0; i < e->n_ids; i++) {
    mix(f, e->ids[i].type);
    mix(f, e->ids[i].number);
    mix(f, e->ids[i].country);
    mix(f, e->ids[i].note);
  }
  for (size_t i = 0; i < e->n_programs; i++) mix(f, e->programs[i]);
  for (size_t i = 0; i < e->n_citations; i++) {
    mix(f, e->citations[i].text);
    mix(f, e->citations[i].date);
  }
  for (size_t i = 0; i < e->n_attrs; i++) {
    mix(f, e->attrs[i].key);
    mix(f, e->attrs[i].value);
  }
  mix(f, e->listing_date);
  mix(f, e->license_requirement);
  mix(f, e->license_policy);
  mix(f, e->remarks);
  mix(f, e->source_url);
  return 0;
}

static void on_list(void *u, const vet_list_info *li) {
  fp *f = u;
  f->lists++;
  f->rejected += (long)li->n_rejected;
  f->warnings += (long)li->n_warnings;
  mix(f, li->list_id);
  mix(f, li->format);
  mix(f, li->date);
  mixn(f, (long)(li->n_entities * 7 + li->n_names * 5 + li->n_addresses * 3 + li->n_births * 2 + li->n_ids));
}

static void on_diag(void *u, const vet_diag *d) {
  fp *f = u;
  f->diags++;
  mixn(f, (long)d->level * 1000000 + (long)d->line);
  mix(f, d->reason);
}

static const char *read_path;

static int read_op(vet_error *err, char *out, size_t cap) {
  fp f = {14695981039346656037ull, 0, 0, 0, 0, 0};
  vet_read_options o = vet_read_options_default();
  vet_read_callbacks cb = {on_entity, on_list, on_diag, &f};
  int rc = vet_read_path(read_path, &o, &cb, err);
  snprintf(out, cap, "%ld entities, %ld lists, %ld rejected, %ld warnings, %ld diagnostics, %016llx\n",
           f.entities, f.lists, f.rejected, f.warnings, f.diags, (unsigned long long)f.h);
  return rc;
}

/* Reads path once for the reference (which must find `min_entities`), then
 * with every allocation failing in turn. */
static void check_read(const char *what, const char *path, long min_entities) {
  static char want[256];
  vet_error err;
  read_path = path;
  memset(&err, 0, sizeof err);
  int rc = read_op(&err, want, sizeof want);
  if (rc) fprintf(stderr, "%s: %s\n", what, err.message);
  REQUIRE(rc == 0);
  long n = strtol(want, NULL, 10);
  if (n < min_entities) fprintf(stderr, "%s: %s", what, want);
  CHECK(n >= min_entities);
  every_failure(what, read_op, want);
}

#define L VET_SHARED_DIR "/data/lists/"

static void path_in(char *buf, size_t cap, const char *name) { snprintf(buf, cap, "%s/%s", dir, name); }

static void test_ofac_csv(void) {
  static const char *const sets[][2] = {{"sdn-2021-07", "sdn"}, {"non-sdn-2025-12", "cons"}};
  static const char *const files[][2] = {{"sdn.csv", "cons_prim.csv"}, {"add.csv", "cons_add.csv"},
                                         {"alt.csv", "cons_alt.csv"}, {"sdn_comments.csv", "cons_comments.csv"}};
  for (int s = 0; s < 2; s++) {
    char sub[300], src[512], dst[512];
    snprintf(sub, sizeof sub, "%s/%s", dir, sets[s][1]);
    REQUIRE(mkdir(sub, 0700) == 0);
    for (int k = 0; k < 4; k++) {
      snprintf(src, sizeof src, L "ofac/%s/%s", sets[s][0], files[k][s]);
      snprintf(dst, sizeof dst, "%s/%s", sub, files[k][s]);
      REQUIRE(head_lines(src, dst, k == 3 ? 10 : 40) == 0);
    }
    check_read(s ? "ofac-csv non-SDN" : "ofac-csv SDN", sub, 20);
    for (int k = 0; k < 4; k++) {
      snprintf(dst, sizeof dst, "%s/%s", sub, files[k][s]);
      unlink(dst);
    }
    rmdir(sub);
  }
}

static void test_text_lists(void) {
  static const struct {
    const char *what, *src, *name;
    int lines;
    long min;
  } t[] = {
      {"csl", "csl/consolidated-2023-11-partial.csv", "csl.csv", 40, 20},
      {"csl 2019 layout", "csl/csl-2019-12-old-format.csv", "csl-2019.csv", 40, 20},
      {"bis-dpl", "bis/dpl-2022-09.txt", "dpl.txt", 40, 20},
      {"uk-ofsi", "uk/ofsi-conlist-2014-04-02.csv", "uk.csv", 60, 10},
      {"eu-fsf", "eu/eu-fsf-v1.0-2018-07-04-first-999-rows.csv", "eu.csv", 60, 3},
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    char src[512], dst[512];
    path_in(dst, sizeof dst, t[i].name);
    snprintf(src, sizeof src, L "%s", t[i].src);
    REQUIRE(head_lines(src, dst, t[i].lines) == 0);
    check_read(t[i].what, dst, t[i].min);
    unlink(dst);
  }
}

static void test_xml_lists(void) {
  static const char *const ofac[] = {"sdnEntry", NULL};
  static const char *const un[] = {"INDIVIDUAL", "ENTITY", NULL};
  static const char *const ecfr[] = {"TR", "ROW", NULL};
  static const struct {
    const char *what, *src, *name;
    const char *const *records;
    int keep;
    long min;
  } t[] = {
      {"ofac-xml", "ofac/non-sdn-2018-04-xml/consolidated.xml", "ofac.xml", ofac, 12, 12},
      {"un-xml 2026", "un/consolidated-2026-02-27.xml", "un.xml", un, 6, 12},
      {"un-xml 2018", "un/consolidated-2018-10-29.xml", "un-2018.xml", un, 6, 12},
      {"ecfr", "ecfr/title-15-part-744-2026-07-23.xml", "ecfr.xml", ecfr, 12, 10},
      {"federal register rule", "federal-register/2023-03929.xml", "fr.xml", ecfr, 1000, 1},
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    char src[512], dst[512];
    snprintf(src, sizeof src, L "%s", t[i].src);
    path_in(dst, sizeof dst, t[i].name);
    REQUIRE(xml_sample(src, dst, t[i].records, t[i].keep) == 0);
    check_read(t[i].what, dst, t[i].min);
    unlink(dst);
  }
}

int main(void) {
  snprintf(dir, sizeof dir, "%s/test_alloc_fail_readers-%d", VET_BINARY_DIR, (int)getpid());
  if (mkdir(dir, 0700)) {
    perror(dir);
    return 1;
  }
  RUN(test_ofac_csv);
  RUN(test_text_lists);
  RUN(test_xml_lists);
  rmdir(dir);
  return HARNESS_DONE();
}
