/* test_alloc_fail_import.c — any allocation of importing the Entity List
 * into the registry may fail, and each failure is an error with a message
 * or the reference result; the registry file always verifies afterwards,
 * and importing again, with nothing failing, gives the reference list.
 *
 * The operation, from an empty registry: the administrator imports a
 * Federal Register rule (2023-03929, 13 entries), then the eCFR part 744
 * of 2026-03-25 and of 2026-07-23, each cut to the first rows of each
 * table (list_samples.h) so that the run stays quick; then the list in
 * force is read back. Method: alloc_fail.h. */
#include "alloc_fail.h"
#include "harness.h"
#include "list_samples.h"
#include "registry_fixture.h"
#include "vet.h"
#include "vet_registry.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256], db[300], ecfr_a[300], ecfr_b[300];


static int reg_open(const char *token, int create, vet_registry **reg, vet_error *err) {
  vet_registry_options o = vet_registry_options_default();
  o.token = token;
  o.now = "2026-08-01";
  o.create = create;
  return vet_registry_open(db, &o, reg, err);
}

typedef struct listing {
  long n;
  uint64_t h;
} listing;

static void mix(listing *l, const char *s) {
  l->h ^= 0xff;
  l->h *= 1099511628211ull;
  for (; s && *s; s++) l->h = (l->h ^ (unsigned char)*s) * 1099511628211ull;
}

static int one_entry(void *ud, const vet_registry_entry *e) {
  listing *l = ud;
  l->n++;
  mix(l, e->key);
  mix(l, e->name);
  for (size_t i = 0; i < e->n_aliases; i++) mix(l, e->aliases[i]);
  for (size_t i = 0; i < e->n_addresses; i++) mix(l, e->addresses[i]);
  mix(l, e->license_requirement);
  mix(l, e->license_policy);
  mix(l, e->footnotes);
  mix(l, e->country);
  for (size_t i = 0; i < e->n_citations; i++) mix(l, e->citations[i]);
  return 0;
}

static char admin[VET_REGISTRY_TOKEN_SIZE];
static listing ref;   /* the list in force after the reference run */

static int import_op(vet_error *err, char *out, size_t cap) {
  vet_registry *reg = NULL;
  fx_remove_db(db);
  out[0] = 0;
  admin[0] = 0;
  char token[VET_REGISTRY_TOKEN_SIZE];
  int rc = reg_open(NULL, 1, &reg, err);
  if (!rc) rc = vet_registry_init_admin(reg, "admin", token, err);
  if (!rc) memcpy(admin, token, sizeof admin);   /* the administrator exists */
  vet_registry_close(reg);
  reg = NULL;
  if (!rc) rc = reg_open(admin, 0, &reg, err);
  vet_registry_import_stats s[3];
  memset(s, 0, sizeof s);
  if (!rc) rc = vet_registry_import_fr(reg, VET_SHARED_DIR "/data/lists/federal-register/2023-03929.xml", &s[0], err);
  if (!rc) rc = vet_registry_import_ecfr(reg, ecfr_a, NULL, NULL, &s[1], err);
  if (!rc) rc = vet_registry_import_ecfr(reg, ecfr_b, NULL, NULL, &s[2], err);
  listing l = {0, 14695981039346656037ull};
  if (!rc) rc = vet_registry_asof(reg, "2026-08-01", one_entry, &l, err);
  vet_registry_close(reg);
  if (!rc && !ref.n) ref = l;   /* the first, reference run */
  if (!rc) {
    size_t used = 0;
    for (int i = 0; i < 3; i++)
      used += (size_t)snprintf(out + used, used < cap ? cap - used : 0,
                               "read %lld, added %lld, modified %lld, removed %lld, unchanged %lld; ",
                               (long long)s[i].n_read, (long long)s[i].n_added, (long long)s[i].n_modified,
                               (long long)s[i].n_removed, (long long)s[i].n_unchanged);
    snprintf(out + used, used < cap ? cap - used : 0, "in force: %ld %016llx", l.n, (unsigned long long)l.h);
  }
  return rc;
}

/* After a run with a failure: the file verifies, and the imports run
 * again without failures (each either recorded now or refused as already
 * recorded) give the reference list. Not before an administrator exists. */
static long unverified, not_recovered;
static void check_after(long k) {
  if (access(db, F_OK) || !admin[0]) return;
  vet_registry *reg = NULL;
  vet_error err;
  memset(&err, 0, sizeof err);
  vet_registry_verify_report rep;
  memset(&rep, 0, sizeof rep);
  int rc = reg_open(admin, 0, &reg, &err);
  if (!rc) rc = vet_registry_verify(reg, &rep, &err);
  if (rc) {
    unverified++;
    fprintf(stderr, "import: after allocation %ld failed, the registry does not verify: %s\n", k, err.message);
    vet_registry_close(reg);
    return;
  }
  const char *files[3] = {VET_SHARED_DIR "/data/lists/federal-register/2023-03929.xml", ecfr_a, ecfr_b};
  for (int i = 0; i < 3 && !rc; i++) {
    rc = i ? vet_registry_import_ecfr(reg, files[i], NULL, NULL, NULL, &err)
           : vet_registry_import_fr(reg, files[i], NULL, &err);
    if (rc == VET_ESTATE) rc = 0;   /* recorded before the failure */
  }
  listing l = {0, 14695981039346656037ull};
  if (!rc) rc = vet_registry_asof(reg, "2026-08-01", one_entry, &l, &err);
  vet_registry_close(reg);
  if (rc || l.n != ref.n || l.h != ref.h) {
    not_recovered++;
    fprintf(stderr, "import: after allocation %ld failed, importing again gives %ld entries (want %ld): %s\n", k,
            l.n, ref.n, rc ? err.message : "");
  }
}

static void test_import(void) {
  static char want[2048];
  vet_error err;
  memset(&err, 0, sizeof err);
  int rc = import_op(&err, want, sizeof want);
  if (rc) fprintf(stderr, "%s\n", err.message);
  REQUIRE(rc == 0);
  /* The rule's 13 additions, then entries of the cut eCFR files. */
  CHECK(strncmp(want, "read 13, added 13", 17) == 0);
  CHECK(strstr(want, "in force: 0 ") == NULL);
  af_hooks h = {check_after, NULL};
  every_failure_with("import", import_op, want, &h);
  CHECK(unverified == 0);
  CHECK(not_recovered == 0);
}

int main(void) {
  snprintf(dir, sizeof dir, "%s/test_alloc_fail_import-%d", VET_BINARY_DIR, (int)getpid());
  snprintf(db, sizeof db, "%s/registry.db", dir);
  snprintf(ecfr_a, sizeof ecfr_a, "%s/ecfr-2026-03-25.xml", dir);
  snprintf(ecfr_b, sizeof ecfr_b, "%s/ecfr-2026-07-23.xml", dir);
  static const char *const rows[] = {"TR", "ROW", NULL};
  if (mkdir(dir, 0700) ||
      xml_sample(VET_SHARED_DIR "/data/lists/ecfr/title-15-part-744-2026-03-25.xml", ecfr_a, rows, 6) ||
      xml_sample(VET_SHARED_DIR "/data/lists/ecfr/title-15-part-744-2026-07-23.xml", ecfr_b, rows, 6)) {
    fprintf(stderr, "cannot make the samples in %s\n", dir);
    return 1;
  }
  RUN(test_import);
  fx_remove_db(db);
  unlink(ecfr_a);
  unlink(ecfr_b);
  rmdir(dir);
  return HARNESS_DONE();
}
