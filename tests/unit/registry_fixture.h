/* registry_fixture.h — a small real registry for the registry tests.
 *
 * fx_setup() creates a fresh SQLite registry file under the build folder
 * with one identity of every role (an administrator, the chair, State,
 * Defense, Energy and Treasury members, a requester for IL:nso-group and one
 * for RU:positive-technologies) and, when `with_list`, rule 2021-24123
 * (86 FR 60760) published 2021-11-03, effective 2021-11-04, adding NSO Group
 * and Positive Technologies. fx_as() opens the registry as one identity at a
 * given clock; the caller closes it. Everything is static: each test file
 * is its own process. */
#ifndef VET_TEST_REGISTRY_FIXTURE_H
#define VET_TEST_REGISTRY_FIXTURE_H
#include "harness.h"
#include "vet.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
  char path[512];
  char admin[VET_REGISTRY_TOKEN_SIZE], chair[VET_REGISTRY_TOKEN_SIZE];
  char member[4][VET_REGISTRY_TOKEN_SIZE];     /* State, Defense, Energy, Treasury */
  char nso[VET_REGISTRY_TOKEN_SIZE], pt[VET_REGISTRY_TOKEN_SIZE];
} fixture;

static const char *const fx_agencies[4] = {"State", "Defense", "Energy", "Treasury"};

static inline void fx_remove_db(const char *path) {
  char p[600];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

static inline vet_registry *fx_as(const fixture *fx, const char *token, const char *now) {
  vet_registry_options o = vet_registry_options_default();
  o.token = token;
  o.now = now;
  vet_registry *reg = NULL;
  vet_error err;
  int rc = vet_registry_open(fx->path, &o, &reg, &err);
  if (rc) fprintf(stderr, "fx_as: %s\n", err.message);
  return reg;
}

static const char *fx_nso_aliases[1];
static const char *fx_nso_addr[] = {"22 Galgalei Haplada, Herzliya, Tel Aviv-Yafo, Israel 4672222."};
static const char *fx_cit[] = {"86 FR 60760, 2021-11-04"};
static const char *fx_pt_addr[] = {"8 Preobrzhenskaya Square, Moscow, Russia 107061."};

static inline vet_registry_entry fx_entry(const char *key, const char *country, const char *name,
                                   const char **addr) {
  vet_registry_entry e;
  memset(&e, 0, sizeof e);
  e.key = key;
  e.country = country;
  e.name = name;
  e.aliases = fx_nso_aliases;
  e.addresses = addr;
  e.n_addresses = 1;
  e.license_requirement = "All items subject to the EAR. (See § 744.11 of the EAR)";
  e.license_policy = "Presumption of denial";
  e.citations = fx_cit;
  e.n_citations = 1;
  return e;
}

static inline int fx_setup(fixture *fx, const char *name, int with_list) {
  memset(fx, 0, sizeof *fx);
  snprintf(fx->path, sizeof fx->path, "%s/%s.db", VET_BINARY_DIR, name);
  fx_remove_db(fx->path);
  vet_registry_options o = vet_registry_options_default();
  o.create = 1;
  o.now = "2021-10-01";
  vet_registry *reg = NULL;
  vet_error err;
  if (vet_registry_open(fx->path, &o, &reg, &err)) return fprintf(stderr, "%s\n", err.message), -1;
  int rc = vet_registry_init_admin(reg, "admin", fx->admin, &err);
  vet_registry_close(reg);
  if (rc) return -1;
  reg = fx_as(fx, fx->admin, "2021-10-01");
  if (!reg) return -1;
  rc = vet_registry_identity_add(reg, "chair", VET_ROLE_CHAIR, NULL, NULL, fx->chair, &err);
  for (int i = 0; i < 4 && !rc; i++)
    rc = vet_registry_identity_add(reg, fx_agencies[i], VET_ROLE_ERC_MEMBER, fx_agencies[i], NULL, fx->member[i], &err);
  if (!rc) rc = vet_registry_identity_add(reg, "nso counsel", VET_ROLE_REQUESTER, NULL, "IL:nso-group", fx->nso, &err);
  if (!rc) rc = vet_registry_identity_add(reg, "pt counsel", VET_ROLE_REQUESTER, NULL, "RU:positive-technologies",
                                          fx->pt, &err);
  vet_registry_close(reg);
  if (rc) return fprintf(stderr, "%s\n", err.message), -1;
  if (!with_list) return 0;
  reg = fx_as(fx, fx->chair, "2021-11-01");
  rc = vet_registry_rule_draft(reg, "2021-24123", "86 FR 60760", "Addition of Certain Entities", NULL, &err);
  vet_registry_entry nso = fx_entry("IL:nso-group", "ISRAEL", "NSO Group", fx_nso_addr);
  vet_registry_entry pt = fx_entry("RU:positive-technologies", "RUSSIA", "Positive Technologies", fx_pt_addr);
  if (!rc) rc = vet_registry_amend(reg, "2021-24123", VET_AMEND_ADD, &nso, "spyware", NULL, &err);
  if (!rc) rc = vet_registry_amend(reg, "2021-24123", VET_AMEND_ADD, &pt, "cyber tools", NULL, &err);
  if (!rc) rc = vet_registry_rule_publish(reg, "2021-24123", NULL, "2021-11-03", "2021-11-04", &err);
  vet_registry_close(reg);
  if (rc) return fprintf(stderr, "%s\n", err.message), -1;
  return 0;
}

typedef struct fx_names {
  char keys[64][128];
  char names[64][256];
  int n;
} fx_names;

static inline int fx_collect(void *ud, const vet_registry_entry *e) {
  fx_names *c = ud;
  if (c->n < 64) {
    snprintf(c->keys[c->n], sizeof c->keys[0], "%s", e->key);
    snprintf(c->names[c->n], sizeof c->names[0], "%s", e->name ? e->name : "");
  }
  c->n++;
  return 0;
}

/* The number of entries in force on date (as the public sees them); -1 on error. */
static inline int fx_count(const fixture *fx, const char *date, fx_names *out) {
  vet_registry *reg = fx_as(fx, NULL, "2030-01-01");
  fx_names local;
  fx_names *c = out ? out : &local;
  memset(c, 0, sizeof *c);
  vet_error err;
  int rc = reg ? vet_registry_asof(reg, date, fx_collect, c, &err) : -1;
  vet_registry_close(reg);
  return rc ? -1 : c->n;
}

static inline int fx_has(const fx_names *c, const char *key) {
  for (int i = 0; i < c->n && i < 64; i++)
    if (!strcmp(c->keys[i], key)) return 1;
  return 0;
}
#endif
