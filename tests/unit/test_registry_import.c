/* test_registry_import.c — the eCFR and Federal Register imports on the
 * real files in VET_SHARED_DIR.
 *
 * Independent figures, and how they were counted:
 *   - the Federal Register rule 2023-03929 (88 FR 12171) adds 13 entries: its
 *     own summary says "adding 10 entities under 13 entries ... Canada (2),
 *     China (5), France (1), Luxembourg (1), Netherlands (1), and Russia (3)"
 *     (grep "under 13 entries" 2023-03929.xml); published 2023-02-27
 *     (<DATE>) and effective 2023-02-24 ("This rule is effective February 24,
 *     2023").
 *   - Candiru has seven aliases: the eCFR text says "Candiru, a.k.a., the
 *     following seven aliases" (grep over both eCFR files).
 *   - each eCFR file holds 3,460 Entity List entries: python3
 *     tests/counts/el_count.py (rows of supplement no. 4, minus the row that
 *     only adds addresses, plus the subordinate institutions and affiliates a
 *     cell lists), with no duplicate key (the reader suffixes repeats).
 *   - between the two files, 269 entries change their license requirement:
 *     the raw-XML python3 count in tests/cli/test_registry.sh (rows paired by
 *     position, entries per row as above).
 *   - between the two files 1 entry is added, 1 removed, 279 modified: the
 *     python3 diff of `vet read --json` of both files in test_registry.sh.
 * Beyond the figures, the counts' consistency with each other, with diff()
 * and with asof() is checked. */
#include "registry_fixture.h"

static fixture fx;

static int count_entries(void *ud, const vet_registry_entry *e) {
  (void)e;
  (*(long *)ud)++;
  return 0;
}

typedef struct change_counts {
  long n[3];
  long fields;
  long license_requirement;
} change_counts;

static int count_changes(void *ud, const vet_registry_change *c) {
  change_counts *k = ud;
  k->n[c->action]++;
  k->fields += (long)c->n_fields;
  for (size_t i = 0; i < c->n_fields; i++) k->license_requirement += !strcmp(c->fields[i].field, "license_requirement");
  return 0;
}

typedef struct find_one {
  const char *key;
  int found;
  size_t n_aliases;
  char citation[128];
} find_one;

static int find_entry(void *ud, const vet_registry_entry *e) {
  find_one *f = ud;
  if (strcmp(e->key, f->key) != 0) return 0;
  f->found = 1;
  f->n_aliases = e->n_aliases;
  snprintf(f->citation, sizeof f->citation, "%s", e->n_citations ? e->citations[0] : "");
  return 0;
}

static void test_ecfr(void) {
  REQUIRE(fx_setup(&fx, "test_registry_import", 0) == 0);
  vet_error err;
  vet_registry_import_stats a, b;
  vet_registry *reg = fx_as(&fx, fx.admin, "2026-08-01");
  /* Only an administrator imports. */
  vet_registry *chair = fx_as(&fx, fx.chair, "2026-08-01");
  CHECK_INT(vet_registry_import_ecfr(chair, SHARED("ecfr/title-15-part-744-2026-03-25.xml"), NULL, NULL, &a, &err),
            VET_EDENIED);
  vet_registry_close(chair);
  REQUIRE(vet_registry_import_ecfr(reg, SHARED("ecfr/title-15-part-744-2026-03-25.xml"), NULL, NULL, &a, &err) == 0);
  CHECK_STR(a.rule, "ecfr-2026-03-25");
  CHECK_INT(a.n_read, 3460);
  CHECK_INT(a.n_added, a.n_read - a.n_duplicates);
  CHECK_INT(a.n_modified + a.n_removed + a.n_unchanged, 0);
  long n1 = 0, n0 = 0;
  CHECK_INT(vet_registry_asof(reg, "2026-03-25", count_entries, &n1, &err), 0);
  CHECK_INT(n1, a.n_added);
  CHECK_INT(vet_registry_asof(reg, "2026-03-24", count_entries, &n0, &err), 0);
  CHECK_INT(n0, 0);
  find_one f = {"IL:candiru", 0, 0, ""};
  CHECK_INT(vet_registry_asof(reg, "2026-03-25", find_entry, &f, &err), 0);
  CHECK(f.found);
  CHECK_INT(f.n_aliases, 7);
  f = (find_one){"IL:nso-group", 0, 0, ""};
  CHECK_INT(vet_registry_asof(reg, "2026-03-25", find_entry, &f, &err), 0);
  CHECK(f.found);
  CHECK(strstr(f.citation, "86 FR 60760") != NULL);
  /* The same date twice is refused. */
  CHECK_INT(vet_registry_import_ecfr(reg, SHARED("ecfr/title-15-part-744-2026-03-25.xml"), NULL, NULL, &b, &err),
            VET_ESTATE);
  /* The later file records exactly the differences. */
  REQUIRE(vet_registry_import_ecfr(reg, SHARED("ecfr/title-15-part-744-2026-07-23.xml"), NULL, NULL, &b, &err) == 0);
  CHECK_STR(b.rule, "ecfr-2026-07-23");
  CHECK_INT(b.n_unchanged + b.n_modified + b.n_removed, n1);                 /* every old entry is accounted for */
  CHECK_INT(b.n_unchanged + b.n_modified + b.n_added, b.n_read - b.n_duplicates);   /* and every new one */
  CHECK_INT(b.n_read, 3460);
  CHECK_INT(b.n_added, 1);
  CHECK_INT(b.n_removed, 1);
  CHECK_INT(b.n_modified, 279);
  long n2 = 0;
  CHECK_INT(vet_registry_asof(reg, "2026-07-23", count_entries, &n2, &err), 0);
  CHECK_INT(n2, b.n_read - b.n_duplicates);
  change_counts k = {{0, 0, 0}, 0, 0};
  CHECK_INT(vet_registry_diff(reg, "2026-03-25", "2026-07-23", count_changes, &k, &err), 0);
  CHECK_INT(k.n[VET_AMEND_ADD], b.n_added);
  CHECK_INT(k.n[VET_AMEND_MODIFY], b.n_modified);
  CHECK_INT(k.n[VET_AMEND_REMOVE], b.n_removed);
  CHECK(k.fields >= k.n[VET_AMEND_MODIFY]);      /* every modification names at least one field */
  CHECK_INT(k.license_requirement, 269);
  /* The rule's amendments are the same changes. */
  change_counts r = {{0, 0, 0}, 0, 0};
  CHECK_INT(vet_registry_rule_amendments(reg, "ecfr-2026-07-23", count_changes, &r, &err), 0);
  CHECK_INT(r.n[VET_AMEND_ADD], b.n_added);
  CHECK_INT(r.n[VET_AMEND_MODIFY], b.n_modified);
  CHECK_INT(r.n[VET_AMEND_REMOVE], b.n_removed);
  CHECK_INT(r.fields, k.fields);
  /* An older file after a newer one is refused. */
  vet_registry_close(reg);
  vet_registry_verify_report rep;
  reg = fx_as(&fx, NULL, "2026-08-01");
  CHECK_INT(vet_registry_verify(reg, &rep, &err), VET_OK);
  vet_registry_close(reg);
}

static void test_order(void) {
  fixture o;
  REQUIRE(fx_setup(&o, "test_registry_import_order", 0) == 0);
  vet_error err;
  vet_registry_import_stats s;
  vet_registry *reg = fx_as(&o, o.admin, "2026-08-01");
  REQUIRE(vet_registry_import_ecfr(reg, SHARED("ecfr/title-15-part-744-2026-07-23.xml"), NULL, NULL, &s, &err) == 0);
  CHECK_INT(vet_registry_import_ecfr(reg, SHARED("ecfr/title-15-part-744-2026-03-25.xml"), NULL, NULL, &s, &err),
            VET_ESTATE);
  /* Not an eCFR file: nothing is recorded. */
  CHECK(vet_registry_import_ecfr(reg, SHARED("csl/consolidated-2025-06-sample.csv"), NULL, NULL, &s, &err) != 0);
  vet_registry_close(reg);
}

static int on_rule(void *ud, const vet_registry_rule *r) {
  vet_registry_rule *out = ud;
  if (!strcmp(r->fr_doc, "2023-03929")) {
    out->n_amendments = r->n_amendments;
    out->id = 1;
    CHECK_STR(r->citation, "88 FR 12171");
    CHECK_STR(r->pub_date, "2023-02-27");
    CHECK_STR(r->effective_date, "2023-02-24");
    CHECK_STR(r->status, "published");
  }
  return 0;
}

static void test_fr(void) {
  fixture o;
  REQUIRE(fx_setup(&o, "test_registry_import_fr", 0) == 0);
  vet_error err;
  vet_registry_import_stats s;
  vet_registry *reg = fx_as(&o, o.admin, "2026-08-01");
  REQUIRE(vet_registry_import_fr(reg, SHARED("federal-register/2023-03929.xml"), &s, &err) == 0);
  CHECK_STR(s.rule, "2023-03929");
  CHECK_INT(s.n_added, 13);
  CHECK_INT(s.n_modified + s.n_removed, 0);
  vet_registry_rule r = {0};
  CHECK_INT(vet_registry_rules(reg, on_rule, &r, &err), 0);
  CHECK_INT(r.id, 1);
  CHECK_INT(r.n_amendments, 13);
  long n = 0;
  CHECK_INT(vet_registry_asof(reg, "2023-02-23", count_entries, &n, &err), 0);
  CHECK_INT(n, 0);
  CHECK_INT(vet_registry_asof(reg, "2023-02-24", count_entries, &n, &err), 0);
  CHECK_INT(n, 13);
  find_one f = {"CA:cpunto-inc", 0, 0, ""};
  CHECK_INT(vet_registry_asof(reg, "2023-03-01", find_entry, &f, &err), 0);
  CHECK(f.found);
  CHECK_STR(f.citation, "88 FR 12171, 2023-02-27");
  CHECK_INT(vet_registry_import_fr(reg, SHARED("federal-register/2023-03929.xml"), &s, &err), VET_ESTATE);
  vet_registry_close(reg);
}

int main(void) {
  RUN(test_ecfr);
  RUN(test_order);
  RUN(test_fr);
  return HARNESS_DONE();
}
