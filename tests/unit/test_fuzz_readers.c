/* test_fuzz_readers.c — every reader survives damaged versions of real files.
 *
 * For each real list file in the shared folder, the first 48 KiB (where the
 * headers and the first records are) are damaged in seeded, repeatable ways:
 * cut at a random point, random bytes flipped, a quote or separator
 * inserted, a line repeated, a 0x1A or NUL byte put in. Each damaged file is
 * read once with content detection and once by each reader forced. Any
 * status is acceptable; a crash or a sanitizer report (this test runs under
 * ASan+UBSan in CI) is a failure, and so is success without a list report
 * or an error without a message. */
#include "harness.h"
#include "vet.h"

#include <stdint.h>
#include <unistd.h>

static const char *const files[] = {
  "ofac/sdn-2021-07/sdn.csv", "ofac/sdn-2021-07/alt.csv", "ofac/non-sdn-2025-12/cons_prim.csv",
  "ofac/non-sdn-2018-04-xml/consolidated.xml", "un/consolidated-2026-02-27.xml",
  "csl/consolidated-2025-06-sample.csv", "csl/csl-2019-12-old-format.csv", "bis/dpl-2022-09.txt",
  "ecfr/title-15-part-744-2026-03-25.xml", "federal-register/2023-03929.xml",
  "uk/ofsi-conlist-2014-04-02.csv", "eu/eu-fsf-v1.0-2018-07-04-first-999-rows.csv",
};

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static int lists_seen;
static void on_list(void *ud, const vet_list_info *li) {
  (void)ud;
  (void)li;
  lists_seen++;
}
static int on_entity(void *ud, const vet_entity *e) {
  (void)ud;
  CHECK(e->n_names > 0 && e->names[0].text && e->source_id);
  return 0;
}

static void read_all_ways(const char *path) {
  const char *const *formats = vet_read_formats();
  for (int f = -1; f == -1 || formats[f]; f++) {
    vet_read_options o = vet_read_options_default();
    o.format = f >= 0 ? formats[f] : NULL;
    vet_read_callbacks cb = {on_entity, on_list, NULL, NULL};
    vet_error err;
    err.message[0] = '\0';
    lists_seen = 0;
    int rc = vet_read_path(path, &o, &cb, &err);
    if (rc == 0) CHECK(lists_seen == 1);
    else CHECK(err.message[0] != '\0');
  }
}

static void test_damaged_files(void) {
  char path[] = "/tmp/vet-fuzz-test-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  static char buf[49152 + 64];
  for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
    char src[1024];
    snprintf(src, sizeof src, "%s", SHARED("") );
    strncat(src, files[k], sizeof src - strlen(src) - 1);
    FILE *in = fopen(src, "rb");
    if (!in) {
      fprintf(stderr, "missing fixture %s\n", src);
      CHECK(0);
      continue;
    }
    size_t n = fread(buf, 1, 49152, in);
    fclose(in);
    for (int round = 0; round < 6; round++) {
      static char mut[49152 + 64];
      size_t m = n;
      memcpy(mut, buf, n);
      switch (round) {
      case 0: m = rnd() % (n + 1); break;                          /* cut */
      case 1: for (int i = 0; i < 20; i++) mut[rnd() % m] ^= (char)(1 << (rnd() % 8)); break;
      case 2: for (int i = 0; i < 10; i++) mut[rnd() % m] = "\",;\t\n<>&"[rnd() % 9]; break;
      case 3: mut[rnd() % m] = 0x1A; mut[rnd() % m] = '\0'; break;
      case 4: { size_t at = rnd() % m, len = 1 + rnd() % 200;       /* repeat a span */
                if (at + 2 * len < sizeof mut && at + len <= m) {
                  memmove(mut + at + len, mut + at, m - at < sizeof mut - at - len ? m - at : sizeof mut - at - len);
                  m = m + len < sizeof mut ? m + len : sizeof mut;
                } } break;
      case 5: for (size_t i = 0; i < m; i++) if ((unsigned char)mut[i] >= 0x80) mut[i] = (char)0xE9; break;
      }
      FILE *out = fopen(path, "wb");
      REQUIRE(out);
      fwrite(mut, 1, m, out);
      fclose(out);
      read_all_ways(path);
    }
  }
  unlink(path);
}

int main(void) {
  RUN(test_damaged_files);
  return HARNESS_DONE();
}
