/* test_diff.c — vet diff's engine: entity sets, matching by key, field-by-field
 * changes, repeated keys, the JSON and text forms, loading vet JSONL files
 * from disk, and a reference-model test against a naive comparison. */
#include "harness.h"
#include "model/builder.h"
#include "diff/diff_int.h"
#include "vet.h"

#include <jansson.h>
#include <stdint.h>
#include <unistd.h>

/* A small entity made with the readers' builder: id, primary name, aliases
 * (NULL-terminated), programs (NULL-terminated) and remarks. */
static const vet_entity *make(vet__eb *eb, const char *list, const char *id, const char *name,
                              const char *const *aliases, const char *const *programs,
                              const char *remarks) {
  vet__eb_begin(eb, list);
  vet__eb_type(eb, VET_TYPE_ORGANIZATION);
  vet__eb_field(eb, VET__F_SOURCE_ID, id, strlen(id));
  vet__eb_name(eb, name, strlen(name), VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  for (; aliases && *aliases; aliases++)
    vet__eb_name(eb, *aliases, strlen(*aliases), VET_NAME_AKA, VET_STRENGTH_NORMAL, NULL, NULL);
  for (; programs && *programs; programs++)
    vet__eb_strlist(eb, VET__SL_PROGRAM, *programs, strlen(*programs));
  if (remarks) vet__eb_field(eb, VET__F_REMARKS, remarks, strlen(remarks));
  return vet__eb_finish(eb);
}

static const vet_diff_change *change(const vet_diff_entry *x, const char *field) {
  for (size_t i = 0; x && i < x->n_changes; i++)
    if (!strcmp(x->changes[i].field, field)) return &x->changes[i];
  return NULL;
}

static const vet_diff_entry *entry(const vet_diff *d, vet_diff_kind kind, const char *id) {
  for (size_t i = 0; i < vet_diff_entry_count(d); i++) {
    const vet_diff_entry *x = vet_diff_entry_at(d, i);
    if (x->kind == kind && !strcmp(x->source_id, id)) return x;
  }
  return NULL;
}

static void test_added_removed_changed(void) {
  vet__eb *eb = vet__eb_new();
  vet_diff_set *o = vet_diff_set_new(), *n = vet_diff_set_new();
  REQUIRE(eb && o && n);
  const char *al1[] = {"Alpha One", "Alpha Two", NULL}, *al2[] = {"Alpha Two", "Alpha One", NULL};
  const char *pr1[] = {"SDGT", NULL}, *pr2[] = {"SDGT", "IRGC", NULL};
  const char *al3[] = {"Beta Old", NULL}, *al4[] = {"Beta New", NULL};
  vet_error err;
  /* OLD: A, B, C (ofac-sdn) and 7 (un-sc). NEW: A with its aliases reordered only,
   * B with a program and an alias changed and new remarks, D, and 7 unchanged. */
  CHECK_INT(vet_diff_set_add_entity(o, make(eb, "ofac-sdn", "10", "Alpha", al1, pr1, NULL), &err), 0);
  CHECK_INT(vet_diff_set_add_entity(o, make(eb, "ofac-sdn", "20", "Beta", al3, pr1, "old"), &err), 0);
  CHECK_INT(vet_diff_set_add_entity(o, make(eb, "ofac-sdn", "3", "Gamma", NULL, pr1, NULL), &err), 0);
  CHECK_INT(vet_diff_set_add_entity(o, make(eb, "un-sc", "7", "Alpha", NULL, NULL, NULL), &err), 0);
  CHECK_INT(vet_diff_set_add_entity(n, make(eb, "ofac-sdn", "10", "Alpha", al2, pr1, NULL), &err), 0);
  CHECK_INT(vet_diff_set_add_entity(n, make(eb, "ofac-sdn", "20", "Beta", al4, pr2, "new"), &err), 0);
  CHECK_INT(vet_diff_set_add_entity(n, make(eb, "ofac-sdn", "40", "Delta", NULL, pr2, NULL), &err), 0);
  CHECK_INT(vet_diff_set_add_entity(n, make(eb, "un-sc", "7", "Alpha", NULL, NULL, NULL), &err), 0);
  /* The builder's entity is reused: the set must have copied it. */
  make(eb, "x", "999", "Overwritten", NULL, NULL, NULL);
  CHECK_STR(vet_diff_set_entity(o, 0)->names[0].text, "Alpha");
  CHECK_STR(vet_diff_set_entity(o, 0)->names[2].text, "Alpha Two");

  vet_diff *d = NULL;
  REQUIRE(vet_diff_compute(o, n, &d, &err) == 0);
  vet_diff_summary s = vet_diff_get_summary(d);
  CHECK_INT(s.added, 1);
  CHECK_INT(s.removed, 1);
  CHECK_INT(s.changed, 1);
  CHECK_INT(s.unchanged, 2);
  CHECK_INT(s.old_entities, 4);
  CHECK_INT(s.new_entities, 4);
  CHECK_INT(vet_diff_entry_count(d), 3);
  /* Sorted: added, removed, changed. */
  CHECK_INT(vet_diff_entry_at(d, 0)->kind, VET_DIFF_ADDED);
  CHECK_STR(vet_diff_entry_at(d, 0)->source_id, "40");
  CHECK_STR(vet_diff_entry_at(d, 0)->name, "Delta");
  CHECK(vet_diff_entry_at(d, 0)->old_entity == NULL);
  CHECK_INT(vet_diff_entry_at(d, 1)->kind, VET_DIFF_REMOVED);
  CHECK_STR(vet_diff_entry_at(d, 1)->source_id, "3");
  CHECK(vet_diff_entry_at(d, 1)->new_entity == NULL);
  const vet_diff_entry *b = vet_diff_entry_at(d, 2);
  CHECK_INT(b->kind, VET_DIFF_CHANGED);
  CHECK_STR(b->source_id, "20");
  CHECK_INT(b->n_changes, 3);
  const vet_diff_change *c = change(b, "programs");
  REQUIRE(c);
  CHECK(c->is_list);
  CHECK_INT(c->n_removed, 0);
  CHECK_INT(c->n_added, 1);
  CHECK_STR(c->added[0], "IRGC");
  c = change(b, "aliases");
  REQUIRE(c);
  CHECK_INT(c->n_removed, 1);
  CHECK_STR(c->removed[0], "Beta Old");
  CHECK_STR(c->added[0], "Beta New");
  c = change(b, "remarks");
  REQUIRE(c);
  CHECK(!c->is_list);
  CHECK_STR(c->old_value, "old");
  CHECK_STR(c->new_value, "new");
  CHECK(change(b, "name") == NULL);

  char *txt = vet_diff_to_text(d, VET_DIFF_TEXT_SUMMARY);
  REQUIRE(txt);
  CHECK(strstr(txt, "1 added, 1 removed, 1 changed, 2 unchanged") != NULL);
  CHECK(strstr(txt, "Delta") == NULL);
  free(txt);
  txt = vet_diff_to_text(d, 0);
  REQUIRE(txt);
  CHECK(strstr(txt, "1 added, 1 removed, 1 changed, 2 unchanged") != NULL);
  CHECK(strstr(txt, "  + ofac-sdn 40  Delta (organization)") != NULL);
  CHECK(strstr(txt, "  - ofac-sdn 3  Gamma") != NULL);
  CHECK(strstr(txt, "      remarks: \"old\" -> \"new\"") != NULL);
  CHECK(strstr(txt, "        + IRGC") != NULL);
  free(txt);

  char *js = vet_diff_to_json(d, VET_JSON_COMPACT);
  REQUIRE(js);
  json_error_t je;
  json_t *root = json_loads(js, 0, &je);
  free(js);
  REQUIRE(root);
  CHECK_INT(json_integer_value(json_object_get(json_object_get(root, "summary"), "changed")), 1);
  json_t *added = json_object_get(root, "added");
  CHECK_INT(json_array_size(added), 1);
  CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(added, 0), "entity"),
                                              "name")), "Delta");
  json_t *ch = json_object_get(json_array_get(json_object_get(root, "changed"), 0), "changes");
  CHECK_INT(json_array_size(ch), 3);
  json_t *lists = json_object_get(root, "lists");
  CHECK_INT(json_array_size(lists), 2);
  CHECK_STR(json_string_value(json_object_get(json_array_get(lists, 0), "list_id")), "ofac-sdn");
  CHECK_INT(json_integer_value(json_object_get(json_array_get(lists, 0), "unchanged")), 1);
  CHECK_INT(json_integer_value(json_object_get(json_array_get(lists, 1), "unchanged")), 1);
  json_decref(root);

  /* A diff of a set with itself is empty. */
  vet_diff *same = NULL;
  REQUIRE(vet_diff_compute(n, n, &same, &err) == 0);
  CHECK_INT(vet_diff_entry_count(same), 0);
  CHECK_INT(vet_diff_get_summary(same).unchanged, 4);
  vet_diff_free(same);

  vet_diff_free(d);
  vet_diff_set_free(o);
  vet_diff_set_free(n);
  vet__eb_free(eb);
}

/* Each field of the model is compared: one change per field, checked by name. */
static void test_every_field(void) {
  vet__eb *eb = vet__eb_new();
  vet_diff_set *o = vet_diff_set_new(), *n = vet_diff_set_new();
  REQUIRE(eb && o && n);
  vet_error err;
  for (int side = 0; side < 2; side++) {
    const char *v = side ? "new" : "old";
    size_t k = strlen(v);
    vet__eb_begin(eb, "bis-el");
    vet__eb_type(eb, side ? VET_TYPE_PERSON : VET_TYPE_ORGANIZATION);
    vet__eb_field(eb, VET__F_SOURCE_ID, "E1", 2);
    vet__eb_name(eb, side ? "Name B" : "Name A", 6, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
    vet__eb_name(eb, "Same alias", 10, VET_NAME_AKA, side ? VET_STRENGTH_WEAK : VET_STRENGTH_NORMAL,
                 NULL, NULL);
    vet_address a = {0};
    a.city = v;
    a.country = "Iran";
    vet__eb_address(eb, &a);
    vet__eb_strlist(eb, VET__SL_NATIONALITY, v, k);
    vet__eb_strlist(eb, VET__SL_CITIZENSHIP, v, k);
    vet__eb_strlist(eb, VET__SL_PLACE_OF_BIRTH, v, k);
    vet__eb_strlist(eb, VET__SL_PROGRAM, v, k);
    vet__eb_birth(eb, side ? "1970" : "1971", 4);
    vet__eb_id(eb, "Passport", v, "Iran", NULL);
    vet__eb_citation(eb, "86 FR 60760", side ? "2021-11-04" : NULL);
    vet__eb_attr(eb, "Gender", v, k);
    vet__eb_field(eb, VET__F_LISTING_DATE, side ? "2021-11-04" : "2021-11-03", 10);
    vet__eb_field(eb, VET__F_LICENSE_REQUIREMENT, v, k);
    vet__eb_field(eb, VET__F_LICENSE_POLICY, v, k);
    vet__eb_field(eb, VET__F_REMARKS, v, k);
    vet__eb_field(eb, VET__F_SOURCE_LIST, v, k);
    vet__eb_field(eb, VET__F_SOURCE_URL, v, k);
    CHECK_INT(vet_diff_set_add_entity(side ? n : o, vet__eb_finish(eb), &err), 0);
  }
  vet_diff *d = NULL;
  REQUIRE(vet_diff_compute(o, n, &d, &err) == 0);
  REQUIRE(vet_diff_entry_count(d) == 1);
  const vet_diff_entry *x = vet_diff_entry_at(d, 0);
  static const char *const fields[] = {
    "name", "type", "aliases", "addresses", "dates_of_birth", "places_of_birth", "nationalities",
    "citizenships", "ids", "programs", "listing_date", "license_requirement", "license_policy",
    "citations", "remarks", "attributes", "source_list", "source_url"};
  CHECK_INT(x->n_changes, sizeof fields / sizeof *fields);
  for (size_t i = 0; i < sizeof fields / sizeof *fields && i < x->n_changes; i++)
    CHECK_STR(x->changes[i].field, fields[i]);
  const vet_diff_change *c = change(x, "aliases");
  REQUIRE(c && c->n_added == 1 && c->n_removed == 1);
  CHECK_STR(c->removed[0], "Same alias");
  CHECK_STR(c->added[0], "Same alias [weak]");
  c = change(x, "ids");
  REQUIRE(c && c->n_added == 1);
  CHECK_STR(c->added[0], "Passport new [Iran]");
  c = change(x, "citations");
  REQUIRE(c && c->n_added == 1);
  CHECK_STR(c->added[0], "86 FR 60760 [2021-11-04]");
  c = change(x, "type");
  REQUIRE(c);
  CHECK_STR(c->old_value, "organization");
  CHECK_STR(c->new_value, "person");
  vet_diff_free(d);
  vet_diff_set_free(o);
  vet_diff_set_free(n);
  vet__eb_free(eb);
}

/* A key published twice is matched in order: nothing is dropped. */
static void test_repeated_keys(void) {
  vet__eb *eb = vet__eb_new();
  vet_diff_set *o = vet_diff_set_new(), *n = vet_diff_set_new();
  REQUIRE(eb && o && n);
  vet_error err;
  vet_diff_set_add_entity(o, make(eb, "csl", "X", "First", NULL, NULL, NULL), &err);
  vet_diff_set_add_entity(o, make(eb, "csl", "X", "Second", NULL, NULL, NULL), &err);
  vet_diff_set_add_entity(n, make(eb, "csl", "X", "First", NULL, NULL, NULL), &err);
  vet_diff_set_add_entity(n, make(eb, "csl", "X", "Second, renamed", NULL, NULL, NULL), &err);
  vet_diff_set_add_entity(n, make(eb, "csl", "X", "Third", NULL, NULL, NULL), &err);
  CHECK_INT(vet_diff_set_duplicates(o), 1);
  CHECK_INT(vet_diff_set_duplicates(n), 2);
  vet_diff *d = NULL;
  REQUIRE(vet_diff_compute(o, n, &d, &err) == 0);
  vet_diff_summary s = vet_diff_get_summary(d);
  CHECK_INT(s.unchanged, 1);
  CHECK_INT(s.changed, 1);
  CHECK_INT(s.added, 1);
  CHECK_INT(s.removed, 0);
  const vet_diff_entry *x = entry(d, VET_DIFF_CHANGED, "X");
  REQUIRE(x);
  CHECK_STR(change(x, "name")->new_value, "Second, renamed");
  CHECK_STR(entry(d, VET_DIFF_ADDED, "X")->name, "Third");
  vet_diff_free(d);
  vet_diff_set_free(o);
  vet_diff_set_free(n);
  vet__eb_free(eb);
}

static void test_idcmp(void) {
  CHECK(vet__diff_idcmp("9", "10") < 0);
  CHECK(vet__diff_idcmp("010", "10") < 0);   /* same number: the bytes break the tie */
  CHECK(vet__diff_idcmp("100", "20") > 0);
  CHECK(vet__diff_idcmp("A9", "A10") > 0);   /* not numbers: bytes */
  CHECK(vet__diff_idcmp("", "1") < 0);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static int rejects;
static void count_diag(void *ud, const vet_diag *d) {
  (void)ud;
  if (d->level == VET_DIAG_REJECT) rejects++;
}

/* Two vet JSONL files written to a temporary folder and loaded from disk. */
static void test_jsonl_files(void) {
  char dir[] = "/tmp/vet-test-diff-XXXXXX";
  REQUIRE(mkdtemp(dir));
  char a[300], b[300];
  snprintf(a, sizeof a, "%s/old.jsonl", dir);
  snprintf(b, sizeof b, "%s/new.jsonl", dir);
  write_file(a,
    "{\"vet_list\": {\"id\": \"bis-el\", \"date\": \"2026-03-25\"}}\n"
    "{\"source_id\": \"1\", \"type\": \"organization\", \"name\": \"Keep Co\", \"programs\": [\"EAR\"]}\n"
    "{\"source_id\": \"2\", \"type\": \"organization\", \"name\": \"Gone Co\"}\n"
    "{\"source_id\": \"3\", \"type\": \"organization\", \"name\": \"Moved Co\", "
    "\"addresses\": [{\"city\": \"Moscow\", \"country\": \"Russia\"}]}\n");
  write_file(b,
    "{\"vet_list\": {\"id\": \"bis-el\", \"date\": \"2026-07-23\"}}\n"
    "{\"source_id\": \"1\", \"type\": \"organization\", \"name\": \"Keep Co\", \"programs\": [\"EAR\"]}\n"
    "{\"source_id\": \"3\", \"type\": \"organization\", \"name\": \"Moved Co\", "
    "\"addresses\": [{\"city\": \"Minsk\", \"country\": \"Belarus\"}], "
    "\"license_policy\": \"Presumption of denial\"}\n"
    "{\"source_id\": \"4\", \"type\": \"organization\", \"name\": \"New Co\"}\n"
    "this line is not JSON\n");
  vet_diff_set *o = vet_diff_set_new(), *n = vet_diff_set_new();
  vet_error err;
  rejects = 0;
  CHECK_INT(vet_diff_set_load(o, a, NULL, count_diag, NULL, &err), 0);
  CHECK_INT(vet_diff_set_load(n, b, NULL, count_diag, NULL, &err), 0);
  CHECK_INT(rejects, 1);      /* the bad line is reported, not dropped silently */
  CHECK_INT(vet_diff_set_count(o), 3);
  CHECK_INT(vet_diff_set_count(n), 3);
  CHECK_STR(vet_diff_set_origin(o), "lists");
  REQUIRE(vet_diff_set_list_count(n) == 1);
  CHECK_STR(vet_diff_set_list(n, 0)->date, "2026-07-23");
  CHECK(!strncmp(vet_diff_set_list(n, 0)->checksum, "sha256:", 7));
  vet_diff *d = NULL;
  REQUIRE(vet_diff_compute(o, n, &d, &err) == 0);
  vet_diff_summary s = vet_diff_get_summary(d);
  CHECK_INT(s.added, 1);
  CHECK_INT(s.removed, 1);
  CHECK_INT(s.changed, 1);
  CHECK_INT(s.unchanged, 1);
  const vet_diff_entry *x = entry(d, VET_DIFF_CHANGED, "3");
  REQUIRE(x);
  const vet_diff_change *c = change(x, "addresses");
  REQUIRE(c && c->n_removed == 1 && c->n_added == 1);
  CHECK_STR(c->removed[0], "Moscow, Russia");
  CHECK_STR(c->added[0], "Minsk, Belarus");
  c = change(x, "license_policy");
  REQUIRE(c);
  CHECK(c->old_value == NULL);
  CHECK_STR(c->new_value, "Presumption of denial");
  vet_diff_free(d);

  /* A snapshot built from NEW loads as a snapshot and equals NEW read from the file. */
  char snap[320];
  snprintf(snap, sizeof snap, "%s/new.snap", dir);
  vet_builder *bld = vet_builder_new(NULL);
  REQUIRE(bld);
  CHECK_INT(vet_builder_add_path(bld, b, &err), 0);
  CHECK_INT(vet_builder_write(bld, snap, &err), 0);
  vet_builder_free(bld);
  vet_diff_set *sn = vet_diff_set_new();
  CHECK_INT(vet_diff_set_load(sn, snap, NULL, NULL, NULL, &err), 0);
  CHECK_STR(vet_diff_set_origin(sn), "snapshot");
  CHECK_INT(vet_diff_set_count(sn), 3);
  REQUIRE(vet_diff_compute(n, sn, &d, &err) == 0);
  CHECK_INT(vet_diff_entry_count(d), 0);
  CHECK_INT(vet_diff_get_summary(d).unchanged, 3);
  vet_diff_free(d);
  REQUIRE(vet_diff_compute(o, sn, &d, &err) == 0);
  CHECK_INT(vet_diff_get_summary(d).changed, 1);
  /* The delta snapshot: the added "4" and the changed "3", nothing else. */
  char delta[320];
  snprintf(delta, sizeof delta, "%s/delta.snap", dir);
  CHECK_INT(vet_diff_write_snapshot(d, VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED, delta, &err), 0);
  vet_snapshot *ds = NULL;
  REQUIRE(vet_snapshot_open(delta, &ds, &err) == 0);
  CHECK_INT(vet_snapshot_entity_count(ds), 2);
  uint32_t at;
  CHECK_INT(vet_snapshot_find(ds, "bis-el", "4", &at), 0);
  CHECK_INT(vet_snapshot_find(ds, "bis-el", "3", &at), 0);
  CHECK(vet_snapshot_find(ds, "bis-el", "1", &at) != 0);
  CHECK_STR(vet_snapshot_list(ds, 0)->date, "2026-07-23");
  /* It records what it is a delta of: OLD was a list file (no snapshot
   * checksum, its list's date and file checksum instead), NEW the snapshot. */
  vet_delta_info *di = NULL;
  REQUIRE(vet_snapshot_delta_info(ds, &di, &err) == 0);
  CHECK_STR(di->base.origin, "lists");
  CHECK(di->base.checksum == NULL);
  CHECK_STR(di->base.path, a);
  REQUIRE(di->base.n_lists == 1);
  CHECK_STR(di->base.lists[0].list_id, "bis-el");
  CHECK_STR(di->base.lists[0].date, "2026-03-25");
  CHECK_STR(di->base.lists[0].checksum, vet_diff_set_list(o, 0)->checksum);
  CHECK_STR(di->target.origin, "snapshot");
  vet_snapshot *ns_snap = NULL;
  REQUIRE(vet_snapshot_open(snap, &ns_snap, &err) == 0);
  CHECK_STR(di->target.checksum, vet_snapshot_checksum(ns_snap));
  /* An ordinary snapshot records no provenance. */
  vet_delta_info *none = NULL;
  CHECK_INT(vet_snapshot_delta_info(ns_snap, &none, &err), VET_ENOTFOUND);
  CHECK(none == NULL);
  CHECK(strstr(err.message, "no delta provenance") != NULL);
  vet_snapshot_close(ns_snap);
  CHECK_STR(di->target.path, snap);
  CHECK_INT(di->kinds, VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED);
  CHECK_INT(di->added, 1);
  CHECK_INT(di->changed, 1);
  CHECK(di->made_at && strlen(di->made_at) == 20);
  CHECK(strstr(di->json, "\"kinds\":[\"added\",\"changed\"]") != NULL);
  vet_delta_info_free(di);
  vet_snapshot_close(ds);
  unlink(delta);
  CHECK_INT(vet_diff_write_snapshot(d, VET_DIFF_SNAP_ADDED, delta, &err), 0);
  REQUIRE(vet_snapshot_open(delta, &ds, &err) == 0);
  CHECK_INT(vet_snapshot_entity_count(ds), 1);
  REQUIRE(vet_snapshot_delta_info(ds, &di, &err) == 0);
  CHECK_INT(di->kinds, VET_DIFF_SNAP_ADDED);
  CHECK_INT(di->added, 1);
  CHECK_INT(di->changed, 0);
  vet_delta_info_free(di);
  vet_snapshot_close(ds);
  unlink(delta);
  vet_diff_free(d);
  /* Nothing added or changed: nothing written. */
  REQUIRE(vet_diff_compute(n, sn, &d, &err) == 0);
  CHECK_INT(vet_diff_write_snapshot(d, VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED, delta, &err), VET_EEMPTY);
  CHECK(access(delta, F_OK) != 0);
  vet_diff_free(d);
  vet_diff_set_free(sn);
  unlink(snap);

  /* A path that does not exist fails with a message naming it. */
  vet_diff_set *z = vet_diff_set_new();
  char missing[320];
  snprintf(missing, sizeof missing, "%s/missing.jsonl", dir);
  CHECK(vet_diff_set_load(z, missing, NULL, NULL, NULL, &err) != 0);
  CHECK(strstr(err.message, "missing.jsonl") != NULL);
  vet_diff_set_free(z);
  vet_diff_set_free(o);
  vet_diff_set_free(n);
  unlink(a);
  unlink(b);
  rmdir(dir);
}

/* Reference model: random sets with random edits, the diff's counts against a
 * naive quadratic comparison of the entities' full JSON (edits never reorder a
 * field, so equal JSON means equal entities). */
static uint32_t rnd(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(*s >> 33);
}

static void test_reference_model(void) {
  uint64_t seed = 12345;
  vet__eb *eb = vet__eb_new();
  vet_diff_set *o = vet_diff_set_new(), *n = vet_diff_set_new();
  REQUIRE(eb && o && n);
  vet_error err;
  const char *progs[] = {"SDGT", "IRGC", "CYBER2", "RUSSIA-EO14024", NULL};
  for (int i = 0; i < 600; i++) {
    char id[16], name[32], name2[48];
    snprintf(id, sizeof id, "%d", (int)(rnd(&seed) % 800)); /* some ids repeat */
    snprintf(name, sizeof name, "Name %u", rnd(&seed) % 50);
    const char *p1[] = {progs[rnd(&seed) % 4], NULL};
    unsigned what = rnd(&seed) % 10;
    const char *list = rnd(&seed) % 3 ? "ofac-sdn" : "un-sc";
    if (what != 0) /* 10% only in NEW */
      vet_diff_set_add_entity(o, make(eb, list, id, name, NULL, p1, NULL), &err);
    if (what == 1) continue; /* 10% only in OLD */
    snprintf(name2, sizeof name2, "%s%s", name, what == 2 ? " Renamed" : "");
    const char *p2[] = {what == 3 ? progs[(rnd(&seed) % 4)] : p1[0], NULL};
    vet_diff_set_add_entity(n, make(eb, list, id, name2, NULL, p2, what == 4 ? "new remark" : NULL),
                            &err);
  }
  vet_diff *d = NULL;
  REQUIRE(vet_diff_compute(o, n, &d, &err) == 0);
  /* Naive: for each NEW entity the first unused OLD entity with the same key. */
  size_t no = vet_diff_set_count(o), nn = vet_diff_set_count(n);
  char *used = calloc(no + 1, 1);
  size_t added = 0, changed = 0, unchanged = 0, removed = 0;
  for (size_t i = 0; i < nn; i++) {
    const vet_entity *ne = vet_diff_set_entity(n, i);
    size_t k = 0;
    for (; k < no; k++) {
      const vet_entity *oe = vet_diff_set_entity(o, k);
      if (!used[k] && !strcmp(oe->list_id, ne->list_id) && !strcmp(oe->source_id, ne->source_id)) break;
    }
    if (k == no) { added++; continue; }
    used[k] = 1;
    char *a = vet_entity_to_json(vet_diff_set_entity(o, k), 0), *b = vet_entity_to_json(ne, 0);
    if (strcmp(a, b)) changed++;
    else unchanged++;
    free(a);
    free(b);
  }
  for (size_t k = 0; k < no; k++) removed += !used[k];
  free(used);
  vet_diff_summary s = vet_diff_get_summary(d);
  CHECK_INT(s.added, added);
  CHECK_INT(s.removed, removed);
  CHECK_INT(s.changed, changed);
  CHECK_INT(s.unchanged, unchanged);
  CHECK(added > 10 && removed > 10 && changed > 10 && unchanged > 100); /* the test exercises all */
  vet_diff_free(d);
  vet_diff_set_free(o);
  vet_diff_set_free(n);
  vet__eb_free(eb);
}

int main(void) {
  RUN(test_added_removed_changed);
  RUN(test_every_field);
  RUN(test_repeated_keys);
  RUN(test_idcmp);
  RUN(test_jsonl_files);
  RUN(test_reference_model);
  return HARNESS_DONE();
}
