/* alloc_fail.h — failing one allocation at a time, for the test_alloc_fail*
 * tests (one header, included by one test file each: its definitions are
 * static or the link-time wrappers).
 *
 * The tests are linked with --wrap=malloc,calloc,realloc,strdup,strndup
 * (tests/CMakeLists.txt, for every test named test_alloc_fail*), so every
 * allocation vet's own code makes goes through the counter below; ICU's,
 * libxml2's and SQLite's allocations inside their shared libraries do not.
 * every_failure() runs an operation once to count its allocations and take
 * its reference result, then once for every k with only the k-th
 * allocation failing: it must either fail with an error status and a
 * message, or succeed with the reference result. */
#ifndef VET_TEST_ALLOC_FAIL_H
#define VET_TEST_ALLOC_FAIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "vet.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

/* Atomic: vet batch allocates from its reader, workers and writer. */
static long n_alloc, fail_at = -1;
static int failed;

static int fail_now(void) {
  if (__atomic_fetch_add(&n_alloc, 1, __ATOMIC_RELAXED) != fail_at) return 0;
  __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
  return 1;
}
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return fail_now() ? NULL : __real_strndup(s, n); }

/* What a test adds to every_failure_with(): after(k) runs after the run
 * with allocation k failing (a recovery check); tolerate(got) says that a
 * run which succeeded with another result than the reference is fine (a
 * failure reported inside the result). Either may be NULL. */
typedef struct af_hooks {
  void (*after)(long k);
  int (*tolerate)(const char *got);
} af_hooks;

/* Runs op failing each allocation in turn (every `step`-th beyond the
 * first 2,000, to bound the run); checks the outcomes. */
static void every_failure_with(const char *what, int (*op)(vet_error *, char *, size_t), const char *want,
                               const af_hooks *h) {
  static char got[8192];
  long total = 0, errors = 0, successes = 0, tolerated = 0;
  vet_error err;
  n_alloc = 0;
  fail_at = -1;
  memset(&err, 0, sizeof err);
  REQUIRE(op(&err, got, sizeof got) == 0);
  total = n_alloc;
  CHECK(total > 10);
  long step = total > 2000 ? 1 + (total - 2000) / 2000 : 1;
  for (long k = 0; k < total; k += k < 2000 ? 1 : step) {
    n_alloc = 0;
    fail_at = k;
    failed = 0;
    memset(&err, 0, sizeof err);
    int rc = op(&err, got, sizeof got);
    fail_at = -1;
    if (rc) {
      errors++;
      CHECK(failed);          /* an error only because an allocation failed */
      if (!err.message[0]) fprintf(stderr, "%s: allocation %ld failed: status %d and no message\n", what, k, rc);
      CHECK(err.message[0]);  /* and it says so */
    } else if (want && strcmp(got, want)) {
      if (h && h->tolerate && h->tolerate(got)) {
        tolerated++;
      } else {
        fprintf(stderr, "%s: allocation %ld failed, the call succeeded, and the result differs:\n%s\n", what, k, got);
        CHECK(0);
      }
    } else {
      successes++;
    }
    if (h && h->after) h->after(k);
  }
  fprintf(stderr, "%s: %ld allocations; with one failing: %ld errors, %ld successes", what, total, errors,
          successes);
  if (tolerated) fprintf(stderr, ", %ld failures reported in the result", tolerated);
  fprintf(stderr, "\n");
  CHECK(errors + tolerated > 0);   /* the failures were seen, one way or the other */
}

static inline void every_failure(const char *what, int (*op)(vet_error *, char *, size_t), const char *want) {
  every_failure_with(what, op, want, NULL);
}

#endif
