/* harness.h — the tiny test harness every unit test uses.
 *
 * A test file defines test functions and lists them in main() with RUN().
 * CHECK() records a failure with file and line and goes on; REQUIRE() stops
 * the current test. main() returns non-zero when any check failed, which is
 * what CTest reads. Each test file is its own process, so a crash in one
 * file never hides the results of another. */
#ifndef VET_TEST_HARNESS_H
#define VET_TEST_HARNESS_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static int harness_failures;
static int harness_checks;

/* A fixed-seed generator for tests (xorshift64): advances *state, which
 * the test seeds (never 0), and returns a number in [0, n), 0 when n is 0.
 * The same seed gives the same sequence on every machine. */
static inline uint32_t harness_rand(uint64_t *state, uint32_t n) {
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return n ? (uint32_t)(*state % n) : 0;
}

#define CHECK(cond) do { harness_checks++; if (!(cond)) { harness_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define REQUIRE(cond) do { harness_checks++; if (!(cond)) { harness_failures++; \
    fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); return; } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); harness_checks++; \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) { harness_failures++; \
    fprintf(stderr, "%s:%d: CHECK_STR failed: %s = \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
            #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } } while (0)
#define CHECK_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); harness_checks++; \
    if (a_ != b_) { harness_failures++; \
    fprintf(stderr, "%s:%d: CHECK_INT failed: %s = %lld, expected %lld\n", __FILE__, __LINE__, \
            #a, a_, b_); } } while (0)
#define RUN(fn) do { int before_ = harness_failures; fn(); \
    fprintf(stderr, "%s %s\n", harness_failures == before_ ? "ok  " : "FAIL", #fn); } while (0)
#define HARNESS_DONE() (fprintf(stderr, "%d checks, %d failed\n", harness_checks, harness_failures), \
    harness_failures ? 1 : 0)

#define SHARED(path) VET_SHARED_DIR "/data/lists/" path
#endif
