/* test_snapshot_damage.c — a damaged snapshot never crashes vet.
 *
 * vet_snapshot_open() checks a snapshot's header and the bounds of its
 * sections, not the SHA-256 of the whole file (vet_snapshot_verify() does,
 * reading every byte: a 40 MB file would cost the load time many times
 * over). So a file damaged where its structure still holds opens, and the
 * matcher, the entity decoder and the lookups must then cope with whatever
 * bytes they meet: return an error or some answer, never read out of
 * bounds. test_snapshot.c checks single damages at known places; this test
 * damages a real snapshot (vet's own Entity List sample and the UN list of
 * 2018) at random places, many times, with a fixed seed: bytes set, runs of
 * extreme values (0, 0xff, 0x7f, 0x80), 32-bit fields set to 0, 1,
 * 0x7fffffff, 0xffffffff or about the file's size, and truncation. Each
 * damaged file is opened; when it opens, vet_snapshot_verify() must find it
 * damaged (unless the damage changed no byte), and every entity is decoded,
 * looked up by key, every query screened with its JSON, and (for every
 * eighth) a text scanned for mentions. An error must
 * carry a message. The sanitizers (ASan + UBSan build) catch the rest. */
#include "harness.h"
#include "vet.h"
#include "vet_match.h"
#include "vet_text.h"

#include <stdlib.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define N_DAMAGES 1000
#else
#define N_DAMAGES 2000
#endif

static char tmpdir[] = "/tmp/vet-test-snapdmg-XXXXXX";
static char good[256], bad[256];
static unsigned char *orig;
static size_t orig_n;

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint32_t rnd(uint32_t n) { return harness_rand(&rng, n); }

static int build(void) {
  vet_error err;
  vet_builder *b = vet_builder_new(NULL);
  if (!b) return 1;
  int rc = vet_builder_add_path(b, VET_SOURCE_DIR "/data", &err);
  if (!rc) rc = vet_builder_add_path(b, SHARED("un/consolidated-2018-10-29.xml"), &err);
  if (!rc) rc = vet_builder_write(b, good, &err);
  vet_builder_free(b);
  if (rc) {
    fprintf(stderr, "build: %s\n", err.message);
    return rc;
  }
  FILE *f = fopen(good, "rb");
  if (!f) return 1;
  fseek(f, 0, SEEK_END);
  orig_n = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  orig = malloc(orig_n);
  rc = !orig || fread(orig, 1, orig_n, f) != orig_n;
  fclose(f);
  return rc;
}

/* Writes a damaged copy of the snapshot to `bad`; returns its length and
 * sets *same when no byte changed. */
static size_t damage(unsigned char *d, int *same) {
  size_t n = orig_n;
  memcpy(d, orig, n);
  for (int k = 1 + (int)rnd(6); k > 0; k--) {
    size_t p = rnd((uint32_t)n);
    switch (rnd(4)) {
      case 0:
        d[p] = (unsigned char)rnd(256);
        break;
      case 1: {
        static const unsigned char ext[] = {0, 0xff, 0x7f, 0x80};
        for (size_t j = p, e = p + 1 + rnd(8); j < e && j < n; j++) d[j] = ext[rnd(4)];
        break;
      }
      case 2: {
        const uint32_t vals[] = {0, 1, 0x7fffffffu, 0xffffffffu, (uint32_t)n, (uint32_t)n + 1 + rnd(64)};
        uint32_t v = vals[rnd(6)];
        for (size_t j = 0; j < 4 && p + j < n; j++) d[p + j] = (unsigned char)(v >> (8 * j));
        break;
      }
      default:
        if (rnd(4) == 0) n = p;   /* truncation, rarer: most of it is caught by the header */
        break;
    }
  }
  *same = n == orig_n && !memcmp(d, orig, n);
  FILE *f = fopen(bad, "wb");
  if (f) {
    fwrite(d, 1, n, f);
    fclose(f);
  }
  return n;
}

static const char *const QUERIES[] = {"NSO Group", "Candiru", "Saito Tech", "Abu Bakr al-Baghdadi",
                                      "J.P. Morgan", "Mohammed", "\xd0\x9d\xd0\xa1\xd0\x9e", "Z", NULL};

/* Uses every part of an opened snapshot; returns 1 if an error came without a message. */
static int exercise(vet_snapshot *s, int with_text) {
  int silent = 0;
  vet_error err;
  uint32_t n = vet_snapshot_entity_count(s);
  for (size_t i = 0; i < vet_snapshot_list_count(s); i++) (void)vet_snapshot_list(s, i);
  for (uint32_t i = 0; i < n && i < 2000; i++) {
    vet_entity *e = NULL;
    err.message[0] = 0;
    if (vet_snapshot_entity(s, i, &e, &err)) {
      silent |= !err.message[0];
      continue;
    }
    char *j = vet_entity_to_json(e, VET_JSON_COMPACT);
    uint32_t at;
    if (e->list_id && e->source_id) (void)vet_snapshot_find(s, e->list_id, e->source_id, &at);
    free(j);
    vet_entity_free(e);
  }
  vet_matcher *m = NULL;
  err.message[0] = 0;
  if (vet_matcher_open(s, &m, &err)) return silent | !err.message[0];
  for (size_t q = 0; QUERIES[q]; q++) {
    vet_query qq = vet_query_default();
    qq.name = QUERIES[q];
    qq.threshold = 0.3;
    qq.all = 1;
    const vet_match *r;
    size_t nr;
    err.message[0] = 0;
    if (vet_screen(m, &qq, &r, &nr, &err)) {
      silent |= !err.message[0];
      continue;
    }
    for (size_t k = 0; k < nr; k++) free(vet_match_to_json(&r[k], VET_JSON_COMPACT));
  }
  vet_matcher_free(m);
  /* vet text builds its vocabulary from the index: every name read, so
   * only for every eighth copy. */
  if (!with_text) return silent;
  vet_text_scanner *ts = NULL;
  err.message[0] = 0;
  if (vet_text_scanner_new(s, NULL, &ts, &err)) return silent | !err.message[0];
  static const char text[] = "Researchers said the Israeli spyware maker NSO Group sold Pegasus; "
                             "Candiru, also known as Saito Tech, was listed with it.";
  const vet_mention *men;
  size_t nm;
  err.message[0] = 0;
  if (vet_text_scan(ts, text, sizeof text - 1, &men, &nm, &err)) silent |= !err.message[0];
  vet_text_scanner_free(ts);
  return silent;
}

static void test_random_damage(void) {
  unsigned char *d = malloc(orig_n);
  REQUIRE(d);
  int opened = 0, refused = 0, silent = 0, undetected = 0;
  for (int i = 0; i < N_DAMAGES; i++) {
    int same;
    damage(d, &same);
    vet_snapshot *s = NULL;
    vet_error err;
    err.message[0] = 0;
    int rc = vet_snapshot_open(bad, &s, &err);
    if (rc) {
      refused++;
      silent += !err.message[0];
      continue;
    }
    opened++;
    if (!same && vet_snapshot_verify(s, &err) != VET_ECORRUPT) undetected++;
    silent += exercise(s, i % 8 == 0);
    vet_snapshot_close(s);
  }
  fprintf(stderr, "%d damaged copies: %d refused at open, %d opened and used\n", N_DAMAGES, refused, opened);
  CHECK(refused > 0 && opened > 0);   /* both paths were taken */
  CHECK_INT(silent, 0);
  CHECK_INT(undetected, 0);
  free(d);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 1;
  snprintf(good, sizeof good, "%s/good.snap", tmpdir);
  snprintf(bad, sizeof bad, "%s/bad.snap", tmpdir);
  if (build()) return 1;
  RUN(test_random_damage);
  unlink(good);
  unlink(bad);
  rmdir(tmpdir);
  free(orig);
  return HARNESS_DONE();
}
