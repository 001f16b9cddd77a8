/* import_fr.c — a Federal Register rule document as a rule with its changes.
 *
 * BIS amends the Entity List by final rules in the Federal Register. The rule
 * parser (readers/fr_rule.h) reads the document's metadata (document number,
 * citation, publication and effective dates) and its changes — each an add,
 * revise or remove of one entry, with the entry cell parsed exactly as the
 * eCFR reader parses the codified list and keyed with the same vet__el_key.
 * This file records them as one published rule:
 *
 *   - an added entry becomes an add (or, when its key is already listed, a
 *     modify if the rule's text differs from the entry, else nothing);
 *   - a revised entry becomes a modify (an add when it is not listed);
 *   - a removed entry becomes a remove (nothing when it is not listed).
 *
 * The entry's citation is the rule's own ("88 FR 12171, 2023-02-27"): the
 * table in the rule prints a placeholder ("88 FR [INSERT FR PAGE NUMBER AND
 * 2/27/2023]") that the eCFR later fills in. One transaction. */
#include "registry/registry_int.h"
#include "readers/fr_rule.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entry a change describes, into x. */
static int change_entry(vet__entry *x, const vet__fr_rule *r, const vet__fr_change *c, const char *citation,
                        const vet_registry_entry *prev) {
  vet_registry_entry e;
  memset(&e, 0, sizeof e);
  const char *aliases[256], *cits[64];
  e.key = c->key;
  e.country = c->country;
  e.name = c->cell.name ? c->cell.name : c->name;
  size_t na = c->cell.n_aliases < 256 ? c->cell.n_aliases : 256;
  for (size_t i = 0; i < na; i++) aliases[i] = c->cell.aliases[i].text;
  e.aliases = aliases;
  e.n_aliases = na;
  e.addresses = c->cell.addresses;
  e.n_addresses = c->cell.n_addresses;
  e.license_requirement = c->license_requirement;
  e.license_policy = c->license_policy;
  e.footnotes = c->cell.remarks;
  /* Citations: those the entry had, then this rule's. */
  size_t nc = 0;
  for (size_t i = 0; prev && i < prev->n_citations && nc < 63; i++) cits[nc++] = prev->citations[i];
  cits[nc++] = citation;
  e.citations = cits;
  e.n_citations = nc;
  (void)r;
  return vet__entry_copy(x, &e);
}

int vet_registry_import_fr(vet_registry *reg, const char *path, vet_registry_import_stats *stats,
                           vet_error *err) {
  vet_registry_import_stats local;
  if (!stats) stats = &local;
  memset(stats, 0, sizeof *stats);
  int rc = vet__require(reg, VET__P_IMPORT, "import-fr", path, err);
  if (rc) return rc;
  vet__fr_rule *r = NULL;
  if ((rc = vet__fr_rule_read(path, NULL, NULL, &r, err))) return rc;
  const char *doc = r->document_number, *pub = r->publication_date;
  const char *eff = r->effective_date ? r->effective_date : pub;
  if (!doc || !r->citation || !vet__date_valid(pub) || !vet__date_valid(eff)) {
    vet__fr_rule_free(r);
    return vet__error_set(err, VET_EFORMAT, "%s: the rule's document number, citation or dates could not be read",
                          path);
  }
  snprintf(reg->rule_buf, sizeof reg->rule_buf, "%s", doc);
  stats->rule = reg->rule_buf;
  int64_t rule_id = 0;
  if (vet__rule_find(reg, doc, &rule_id, NULL, NULL) == 0) {
    vet__fr_rule_free(r);
    return vet__refuse_as(reg, VET_ESTATE, "import-fr", reg->rule_buf, "this rule was already imported", err);
  }
  char citation[128], reason[512];
  snprintf(citation, sizeof citation, "%s, %s", r->citation, pub);
  vet__entry prev, next;
  vet__entry_init(&prev);
  vet__entry_init(&next);
  if ((rc = vet__store_begin(reg->st, err))) goto out;
  rc = vet__rule_create(reg, doc, r->citation, r->subject, NULL, NULL, &rule_id, err);
  for (size_t i = 0; i < r->n_changes && !rc; i++) {
    const vet__fr_change *c = &r->changes[i];
    stats->n_read++;
    if (!c->key) {
      stats->n_rejected++;
      continue;
    }
    int found = 0;
    if ((rc = vet__entry_current(reg, c->key, NULL, 1, &prev, &found, err))) break;
    snprintf(reason, sizeof reason, "%s %s (%s)", vet__fr_action_name(c->action), r->subject ? r->subject : "",
             r->citation);
    if (c->action == VET__FR_REMOVE) {
      if (!found) {
        stats->n_unchanged++;
        continue;
      }
      rc = vet__amend(reg, rule_id, VET_AMEND_REMOVE, &prev.e, &prev.e, reason, 0, NULL, err);
      stats->n_removed++;
      continue;
    }
    if ((rc = change_entry(&next, r, c, citation, found ? &prev.e : NULL))) {
      vet__error_set(err, rc, "out of memory");
      break;
    }
    if (!found) {
      rc = vet__amend(reg, rule_id, VET_AMEND_ADD, NULL, &next.e, reason, 0, NULL, err);
      stats->n_added++;
    } else {
      char *a = vet__entry_to_json(&prev.e), *b = vet__entry_to_json(&next.e);
      int same = a && b && !strcmp(a, b);
      free(a);
      free(b);
      if (same) {
        stats->n_unchanged++;
        continue;
      }
      rc = vet__amend(reg, rule_id, VET_AMEND_MODIFY, &prev.e, &next.e, reason, 0, NULL, err);
      stats->n_modified++;
    }
  }
  if (!rc)
    rc = vet__store_exec(reg->st, err,
                         "UPDATE rules SET status = 'published', pub_date = ?, effective_date = ?, published_at = ? "
                         "WHERE id = ?", "ttti", pub, eff, reg->now, rule_id);
  if (!rc) {
    char object[48], detail[512];
    snprintf(object, sizeof object, "rule:%lld", (long long)rule_id);
    snprintf(detail, sizeof detail, "%s: %s %s published %s effective %s: added %lld, modified %lld, removed %lld",
             path, doc, r->citation, pub, eff, (long long)stats->n_added, (long long)stats->n_modified,
             (long long)stats->n_removed);
    rc = vet__audit_object(reg, "import-fr", object, NULL, detail, err);
  }
  if (!rc) rc = vet__store_commit(reg->st, err);
  if (rc) vet__store_rollback(reg->st);
out:
  vet__entry_free(&prev);
  vet__entry_free(&next);
  vet__fr_rule_free(r);
  return rc;
}
