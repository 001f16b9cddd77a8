/* test_snapshot.c — a snapshot gives back exactly the entities that went in,
 * finds them by key, and refuses damaged files. */
#include "harness.h"
#include "vet.h"

#include <stdlib.h>
#include <unistd.h>

typedef struct collected {
  char *json[64];
  char *key[64];
  int n;
} collected;

static int collect(void *ud, const vet_entity *e) {
  collected *c = ud;
  if (c->n >= 64) return 1;
  c->json[c->n] = vet_entity_to_json(e, VET_JSON_COMPACT);
  size_t len = strlen(e->list_id) + strlen(e->source_id) + 2;
  c->key[c->n] = malloc(len);
  snprintf(c->key[c->n], len, "%s\t%s", e->list_id, e->source_id);
  c->n++;
  return 0;
}

static char tmpdir[] = "/tmp/vet-test-snapshot-XXXXXX";

static void path_in_tmp(char *out, size_t n, const char *name) {
  snprintf(out, n, "%s/%s", tmpdir, name);
}

static int diags;
static void count_diag(void *ud, const vet_diag *d) {
  (void)ud;
  if (d->level == VET_DIAG_REJECT) diags++;
}

static void test_round_trip(void) {
  collected c = {{0}, {0}, 0};
  vet_read_callbacks cb = {collect, NULL, NULL, &c};
  vet_error err;
  REQUIRE(vet_read_path(VET_SOURCE_DIR "/data", NULL, &cb, &err) == 0);

  char snap[256];
  path_in_tmp(snap, sizeof snap, "a.snap");
  vet_builder_options o = vet_builder_options_default();
  o.diag = count_diag;
  vet_builder *b = vet_builder_new(&o);
  REQUIRE(b);
  CHECK_INT(vet_builder_add_path(b, VET_SOURCE_DIR "/data", &err), 0);
  diags = 0;
  CHECK_INT(vet_builder_add_path(b, VET_SOURCE_DIR "/data", &err), 0); /* the same list again */
  CHECK_INT(diags, 4);                                                   /* each entity a duplicate */
  CHECK_INT(vet_builder_list_count(b), 2);
  CHECK_INT(vet_builder_list(b, 1)->n_entities, 0);
  CHECK_INT(vet_builder_list(b, 1)->n_rejected, 4);

  /* A list added entity by entity, as the registry publishes. */
  vet_list_info li;
  memset(&li, 0, sizeof li);
  li.list_id = "own";
  li.name = "an in-house list";
  CHECK_INT(vet_builder_begin_list(b, &li, &err), 0);
  vet_name nm = {"ACME Widgets Ltd", VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, 0, NULL};
  vet_entity e;
  memset(&e, 0, sizeof e);
  e.list_id = "own";
  e.source_id = "1";
  e.type = VET_TYPE_ORGANIZATION;
  e.names = &nm;
  e.n_names = 1;
  CHECK_INT(vet_builder_add_entity(b, &e, &err), 0);
  e.list_id = "other";
  CHECK_INT(vet_builder_add_entity(b, &e, &err), VET_EINVAL);
  CHECK_INT(vet_builder_end_list(b, &err), 0);
  CHECK_INT(vet_builder_write(b, snap, &err), 0);
  vet_builder_free(b);

  vet_snapshot *s;
  REQUIRE(vet_snapshot_open(snap, &s, &err) == 0);
  CHECK_INT(vet_snapshot_entity_count(s), 5);
  CHECK_INT(vet_snapshot_list_count(s), 3);
  CHECK_STR(vet_snapshot_list(s, 0)->date, "2021-11-04");
  CHECK_INT(vet_snapshot_verify(s, &err), 0);
  for (int i = 0; i < c.n; i++) {
    char *tab = strchr(c.key[i], '\t');
    *tab = '\0';
    uint32_t idx;
    REQUIRE(vet_snapshot_find(s, c.key[i], tab + 1, &idx) == 0);
    vet_entity *got;
    REQUIRE(vet_snapshot_entity(s, idx, &got, &err) == 0);
    char *j = vet_entity_to_json(got, VET_JSON_COMPACT);
    CHECK_STR(j, c.json[i]);
    free(j);
    vet_entity_free(got);
  }
  uint32_t idx;
  CHECK_INT(vet_snapshot_find(s, "own", "1", &idx), 0);
  CHECK_INT(vet_snapshot_find(s, "bis-el", "XX:nobody", &idx), VET_ENOTFOUND);
  vet_snapshot_close(s);
  for (int i = 0; i < c.n; i++) {
    free(c.json[i]);
    free(c.key[i]);
  }
}

static void copy_file(const char *from, const char *to, long truncate_to, long flip_at) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  if (!in || !out) {
    if (in) fclose(in);
    if (out) fclose(out);
    return;
  }
  int ch;
  long pos = 0;
  while ((ch = fgetc(in)) != EOF && (truncate_to < 0 || pos < truncate_to)) {
    if (pos == flip_at) ch ^= 0x20;
    fputc(ch, out);
    pos++;
  }
  fclose(in);
  fclose(out);
}

static void test_damaged(void) {
  char good[256], bad[256];
  path_in_tmp(good, sizeof good, "a.snap");
  path_in_tmp(bad, sizeof bad, "bad.snap");
  vet_snapshot *s;
  vet_error err;

  copy_file(good, bad, 100, -1);
  CHECK_INT(vet_snapshot_open(bad, &s, &err), VET_ECORRUPT);
  CHECK(strstr(err.message, "bad.snap") != NULL);

  copy_file(good, bad, -1, 2);   /* magic */
  CHECK_INT(vet_snapshot_open(bad, &s, &err), VET_ECORRUPT);
  CHECK(strstr(err.message, "magic") != NULL);

  copy_file(good, bad, -1, 8);   /* version */
  CHECK_INT(vet_snapshot_open(bad, &s, &err), VET_EVERSION);

  copy_file(good, bad, -1, 600); /* a byte of content: opens, fails verification */
  int rc = vet_snapshot_open(bad, &s, &err);
  if (rc == 0) {
    CHECK_INT(vet_snapshot_verify(s, &err), VET_ECORRUPT);
    vet_snapshot_close(s);
  } else {
    CHECK_INT(rc, VET_ECORRUPT);
  }

  CHECK_INT(vet_snapshot_open(VET_SOURCE_DIR "/README.md", &s, &err), VET_ECORRUPT);
  CHECK_INT(vet_snapshot_open("/nonexistent/x.snap", &s, &err), VET_EIO);
  unlink(bad);
  unlink(good);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 1;
  RUN(test_round_trip);
  RUN(test_damaged);
  rmdir(tmpdir);
  return HARNESS_DONE();
}
