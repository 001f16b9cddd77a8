/* test_registry_model.c — entries by amendment: point-in-time views,
 * history, diff, and publication to CSL CSV/JSON and to a vet snapshot.
 *
 * Timeline built here (fixture: rule 2021-24123 effective 2021-11-04 adds NSO
 * Group and Positive Technologies):
 *   rule B, effective 2022-01-10: modify NSO Group (name, an alias added)
 *   rule C, effective 2022-06-01: remove Positive Technologies
 *   rule D, a draft: add Candiru (never in force)
 * Expected views, counted by hand from that timeline:
 *   2021-11-03: 0 entries; 2021-11-04: 2; 2022-01-09: 2, old name;
 *   2022-01-10: 2, new name; 2022-05-31: 2; 2022-06-01: 1 (NSO only). */
#include "registry_fixture.h"
#include "registry/registry_int.h"

#include <jansson.h>

static fixture fx;

static void build_timeline(void) {
  vet_registry *reg = fx_as(&fx, fx.chair, "2022-01-01");
  vet_error err;
  static const char *aliases[] = {"NSO Group Technologies Ltd."};
  vet_registry_entry nso = fx_entry("IL:nso-group", "ISRAEL", "NSO Group Technologies", fx_nso_addr);
  nso.aliases = aliases;
  nso.n_aliases = 1;
  CHECK_INT(vet_registry_rule_draft(reg, "B", "87 FR 1000", "revision", NULL, &err), 0);
  CHECK_INT(vet_registry_amend(reg, "B", VET_AMEND_MODIFY, &nso, "name revised", NULL, &err), 0);
  /* A modification that changes nothing, and an add of a listed key, are refused. */
  CHECK_INT(vet_registry_amend(reg, "B", VET_AMEND_MODIFY, &nso, "again", NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_amend(reg, "B", VET_AMEND_ADD, &nso, "again", NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_rule_publish(reg, "B", NULL, "2022-01-05", "2022-01-10", &err), 0);
  /* A published rule takes no more amendments. */
  CHECK_INT(vet_registry_amend(reg, "B", VET_AMEND_MODIFY, &nso, "late", NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_rule_draft(reg, "C", "87 FR 2000", "removal", NULL, &err), 0);
  vet_registry_entry pt = fx_entry("RU:positive-technologies", NULL, NULL, NULL);
  CHECK_INT(vet_registry_amend(reg, "C", VET_AMEND_REMOVE, &pt, "removed", NULL, &err), 0);
  CHECK_INT(vet_registry_amend(reg, "C", VET_AMEND_REMOVE, &pt, "twice", NULL, &err), VET_ESTATE);
  CHECK_INT(vet_registry_rule_publish(reg, "C", NULL, "2022-05-20", "2022-06-01", &err), 0);
  CHECK_INT(vet_registry_rule_draft(reg, "D", NULL, "a draft", NULL, &err), 0);
  static const char *caddr[] = {"21 Haarbaa, Tel Aviv-Yafo, Israel 6473921."};
  vet_registry_entry cand = fx_entry("IL:candiru", "ISRAEL", "Candiru", caddr);
  CHECK_INT(vet_registry_amend(reg, "D", VET_AMEND_ADD, &cand, "draft only", NULL, &err), 0);
  /* Publication needs a citation: D has none. */
  CHECK_INT(vet_registry_rule_publish(reg, "D", NULL, "2022-07-01", "2022-07-01", &err), VET_EINVAL);
  vet_registry_close(reg);
}

static void test_asof(void) {
  REQUIRE(fx_setup(&fx, "test_registry_model", 1) == 0);
  build_timeline();
  fx_names c;
  CHECK_INT(fx_count(&fx, "2021-11-03", &c), 0);
  CHECK_INT(fx_count(&fx, "2021-11-04", &c), 2);
  CHECK_INT(fx_count(&fx, "2022-01-09", &c), 2);
  CHECK_STR(c.names[0], "NSO Group");               /* key order: IL: before RU: */
  CHECK_INT(fx_count(&fx, "2022-01-10", &c), 2);
  CHECK_STR(c.names[0], "NSO Group Technologies");
  CHECK_INT(fx_count(&fx, "2022-05-31", &c), 2);
  CHECK_INT(fx_count(&fx, "2022-06-01", &c), 1);
  CHECK(fx_has(&c, "IL:nso-group"));
  CHECK(!fx_has(&c, "RU:positive-technologies"));
  CHECK_INT(fx_count(&fx, "2030-01-01", &c), 1);    /* the draft D is never in force */
  CHECK(!fx_has(&c, "IL:candiru"));
}

typedef struct hist {
  int n;
  char actions[8][16], docs[8][16], status[8][16];
  char fields[8][256];
} hist;

static int on_change(void *ud, const vet_registry_change *c) {
  hist *h = ud;
  if (h->n < 8) {
    snprintf(h->actions[h->n], 16, "%s", vet_registry_action_name(c->action));
    snprintf(h->docs[h->n], 16, "%s", c->fr_doc ? c->fr_doc : "");
    snprintf(h->status[h->n], 16, "%s", c->rule_status ? c->rule_status : "");
    h->fields[h->n][0] = '\0';
    for (size_t i = 0; i < c->n_fields; i++) {
      strncat(h->fields[h->n], c->fields[i].field, 200);
      strcat(h->fields[h->n], ";");
    }
  }
  h->n++;
  return 0;
}

static void test_history_diff(void) {
  vet_error err;
  vet_registry *pub = fx_as(&fx, NULL, "2030-01-01");
  hist h = {0};
  CHECK_INT(vet_registry_history(pub, "IL:nso-group", on_change, &h, &err), 0);
  CHECK_INT(h.n, 2);
  CHECK_STR(h.actions[0], "add");
  CHECK_STR(h.docs[0], "2021-24123");
  CHECK_STR(h.actions[1], "modify");
  CHECK_STR(h.docs[1], "B");
  CHECK_STR(h.fields[1], "name;aliases;");          /* field by field, canonical order */
  memset(&h, 0, sizeof h);
  /* The public does not see the draft; the chair does. */
  CHECK_INT(vet_registry_history(pub, "IL:candiru", on_change, &h, &err), 0);
  CHECK_INT(h.n, 0);
  vet_registry *chair = fx_as(&fx, fx.chair, "2030-01-01");
  CHECK_INT(vet_registry_history(chair, "IL:candiru", on_change, &h, &err), 0);
  CHECK_INT(h.n, 1);
  CHECK_STR(h.status[0], "draft");
  vet_registry_close(chair);
  /* diff across the whole timeline: NSO modified (2 fields), PT removed. */
  memset(&h, 0, sizeof h);
  CHECK_INT(vet_registry_diff(pub, "2021-11-04", "2022-06-01", on_change, &h, &err), 0);
  CHECK_INT(h.n, 2);
  CHECK_STR(h.actions[0], "modify");
  CHECK_STR(h.fields[0], "name;aliases;");
  CHECK_STR(h.actions[1], "remove");
  memset(&h, 0, sizeof h);
  CHECK_INT(vet_registry_diff(pub, "2021-11-03", "2021-11-04", on_change, &h, &err), 0);
  CHECK_INT(h.n, 2);
  CHECK_STR(h.actions[0], "add");
  CHECK_STR(h.actions[1], "add");
  memset(&h, 0, sizeof h);
  CHECK_INT(vet_registry_diff(pub, "2022-01-10", "2022-05-31", on_change, &h, &err), 0);
  CHECK_INT(h.n, 0);
  CHECK_INT(vet_registry_diff(pub, "2022-13-45", "2022-05-31", on_change, &h, &err), VET_EINVAL);
  vet_registry_close(pub);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  size_t r = fread(s, 1, (size_t)n, f);
  s[r] = '\0';
  fclose(f);
  return s;
}

static void test_publish(void) {
  vet_error err;
  vet_registry *pub = fx_as(&fx, NULL, "2030-01-01");
  char csv[600], json[600], snap_before[600], snap_after[600];
  snprintf(csv, sizeof csv, "%s/test_registry_model.csv", VET_BINARY_DIR);
  snprintf(json, sizeof json, "%s/test_registry_model.json", VET_BINARY_DIR);
  snprintf(snap_before, sizeof snap_before, "%s/test_registry_model-2022-05-31.snap", VET_BINARY_DIR);
  snprintf(snap_after, sizeof snap_after, "%s/test_registry_model-2022-06-01.snap", VET_BINARY_DIR);
  CHECK_INT(vet_registry_export_csv(pub, "2022-05-31", csv, &err), 0);
  CHECK_INT(vet_registry_export_json(pub, "2022-06-01", json, &err), 0);
  CHECK_INT(vet_registry_export_snapshot(pub, "2022-05-31", snap_before, &err), 0);
  CHECK_INT(vet_registry_export_snapshot(pub, "2022-06-01", snap_after, &err), 0);
  vet_registry_close(pub);
  /* The CSV header is the real CSL file's first line. */
  char *ours = slurp(csv), *theirs = slurp(SHARED("csl/consolidated-2023-11-partial.csv"));
  REQUIRE(ours && theirs);
  size_t hl = strcspn(theirs, "\r\n");
  CHECK(strncmp(ours, theirs, hl) == 0 && ours[hl] == '\n');
  int lines = 0;
  for (const char *p = ours; *p; p++) lines += *p == '\n';
  CHECK_INT(lines, 1 + 2);
  CHECK(strstr(ours, "\"Entity List (EL) - Bureau of Industry and Security\"") != NULL);
  CHECK(strstr(ours, "\"NSO Group Technologies\"") != NULL);
  CHECK(strstr(ours, "\"2021-11-04\"") != NULL);     /* start_date from the citation */
  free(ours);
  free(theirs);
  json_error_t je;
  json_t *doc = json_load_file(json, 0, &je);
  REQUIRE(doc);
  CHECK_INT(json_integer_value(json_object_get(doc, "total")), 1);
  json_t *r0 = json_array_get(json_object_get(doc, "results"), 0);
  CHECK_STR(json_string_value(json_object_get(r0, "name")), "NSO Group Technologies");
  CHECK_INT(json_array_size(json_object_get(r0, "alt_names")), 1);
  json_decref(doc);
  /* Screening sees what is in force: Positive Technologies until its removal
   * took effect on 2022-06-01, not from then on. */
  vet_snapshot *s = NULL;
  uint32_t idx = 0;
  REQUIRE(vet_snapshot_open(snap_before, &s, &err) == 0);
  CHECK_INT(vet_snapshot_entity_count(s), 2);
  CHECK_INT(vet_snapshot_find(s, "bis-el", "RU:positive-technologies", &idx), 0);
  vet_entity *e = NULL;
  CHECK_INT(vet_snapshot_entity(s, idx, &e, &err), 0);
  if (e) CHECK_STR(e->names[0].text, "Positive Technologies");
  vet_entity_free(e);
  vet_snapshot_close(s);
  REQUIRE(vet_snapshot_open(snap_after, &s, &err) == 0);
  CHECK_INT(vet_snapshot_entity_count(s), 1);
  CHECK(vet_snapshot_find(s, "bis-el", "RU:positive-technologies", &idx) != 0);
  CHECK_INT(vet_snapshot_find(s, "bis-el", "IL:nso-group", &idx), 0);
  CHECK_STR(vet_snapshot_list(s, 0)->list_id, "bis-el");
  CHECK_STR(vet_snapshot_list(s, 0)->date, "2022-06-01");
  vet_snapshot_close(s);
}

int main(void) {
  RUN(test_asof);
  RUN(test_history_diff);
  RUN(test_publish);
  return HARNESS_DONE();
}
