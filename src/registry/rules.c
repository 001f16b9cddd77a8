/* rules.c — Federal Register rules: drafting, publication, listing.
 *
 * A rule is the unit in which the Entity List changes: every amendment
 * belongs to one. A rule is created as a draft (its amendments are prepared
 * but in force nowhere) and published once, with its publication and
 * effective dates; from then on it is frozen (a trigger refuses updates) and
 * its amendments count from the effective date on.
 *
 * Publication is one transaction: the rule's status and dates, and the audit
 * record carrying the digest of the rule with all its amendments, are
 * committed together or not at all. A crash in the middle (the test hook
 * "publish:mid" lets a test _exit() there) leaves the rule a draft. */
#include "registry/registry_int.h"
#include "core/error.h"

#include <stdio.h>
#include <string.h>

int vet__rule_find(vet_registry *reg, const char *fr_doc, int64_t *id, int *published,
                   vet_error *err) {
  vet__stmt *s = NULL;
  int rc = vet__store_query(reg->st, &s, err, "SELECT id, status FROM rules WHERE fr_doc = ?", "t",
                            fr_doc);
  if (rc) return rc;
  rc = vet__stmt_step(s, err);
  if (rc == 1) {
    *id = vet__stmt_int(s, 0);
    if (published) *published = !strcmp(vet__stmt_text(s, 1), "published");
    rc = 0;
  } else if (rc == 0) {
    rc = vet__error_set(err, VET_ENOTFOUND, "no rule with document number %s", fr_doc);
  }
  vet__stmt_finalize(s);
  return rc;
}

int vet__rule_create(vet_registry *reg, const char *fr_doc, const char *citation,
                     const char *title, const char *pub_date, const char *effective_date,
                     int64_t *id, vet_error *err) {
  int rc = vet__store_exec(reg->st, err,
                           "INSERT INTO rules (fr_doc, citation, title, status, pub_date, "
                           "effective_date, created_at, published_at) VALUES (?,?,?,?,?,?,?,?)",
                           "tttttttt", fr_doc, citation, title, pub_date ? "published" : "draft",
                           pub_date, pub_date ? effective_date : NULL, reg->now,
                           pub_date ? reg->now : NULL);
  if (rc) return rc;
  *id = vet__store_last_id(reg->st);
  char object[48], detail[512];
  snprintf(object, sizeof object, "rule:%lld", (long long)*id);
  snprintf(detail, sizeof detail, "fr_doc=%s citation=%s", fr_doc, citation ? citation : "-");
  return vet__audit_object(reg, "rule-draft", object, title, detail, err);
}

int vet_registry_rule_draft(vet_registry *reg, const char *fr_doc, const char *citation,
                            const char *title, int64_t *id_out, vet_error *err) {
  int rc = vet__require(reg, VET__P_RULE, "rule-draft", fr_doc, err);
  if (rc) return rc;
  if (!fr_doc || !*fr_doc) return vet__error_set(err, VET_EINVAL, "a rule needs its document number");
  int64_t id = 0;
  if (vet__rule_find(reg, fr_doc, &id, NULL, NULL) == 0)
    return vet__refuse_as(reg, VET_ESTATE, "rule-draft", fr_doc, "a rule with this document number exists", err);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__rule_create(reg, fr_doc, citation, title, NULL, NULL, &id, err);
  if (!rc) rc = vet__store_commit(reg->st, err);
  if (rc) vet__store_rollback(reg->st);
  if (!rc && id_out) *id_out = id;
  return rc;
}

int vet_registry_rule_publish(vet_registry *reg, const char *fr_doc, const char *citation,
                              const char *pub_date, const char *effective_date, vet_error *err) {
  int rc = vet__require(reg, VET__P_RULE, "rule-publish", fr_doc, err);
  if (rc) return rc;
  if (!vet__date_valid(pub_date) || !vet__date_valid(effective_date))
    return vet__error_set(err, VET_EINVAL, "publication and effective dates must be YYYY-MM-DD");
  /* The effective date may precede publication: BIS rules often take effect
   * on the day they are filed for public inspection, before the printed issue. */
  int64_t id = 0, n = 0;
  int published = 0;
  if ((rc = vet__rule_find(reg, fr_doc, &id, &published, err))) return rc;
  if (published)
    return vet__refuse_as(reg, VET_ESTATE, "rule-publish", fr_doc, "the rule is already published", err);
  if ((rc = vet__store_int(reg->st, &n, err, "SELECT count(*) FROM amendments WHERE rule_id = ?", "i", id)))
    return rc;
  if (n == 0)
    return vet__refuse_as(reg, VET_ESTATE, "rule-publish", fr_doc, "the rule has no amendments", err);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__store_exec(reg->st, err,
                       "UPDATE rules SET status = 'published', citation = coalesce(?, citation), "
                       "pub_date = ?, effective_date = ?, published_at = ? WHERE id = ?",
                       "tttti", citation, pub_date, effective_date, reg->now, id);
  vet__registry_point(reg, "publish:mid");
  if (!rc) {
    int64_t nc = 0;
    rc = vet__store_int(reg->st, &nc, err, "SELECT count(*) FROM rules WHERE id = ? AND citation IS NULL",
                        "i", id);
    if (!rc && nc) rc = vet__error_set(err, VET_EINVAL, "rule %s needs its citation (e.g. \"86 FR 60760\")", fr_doc);
  }
  if (!rc) {
    char object[48], detail[256];
    snprintf(object, sizeof object, "rule:%lld", (long long)id);
    snprintf(detail, sizeof detail, "fr_doc=%s published=%s effective=%s amendments=%lld", fr_doc,
             pub_date, effective_date, (long long)n);
    rc = vet__audit_object(reg, "rule-publish", object, NULL, detail, err);
  }
  vet__registry_point(reg, "publish:before-commit");
  if (!rc) rc = vet__store_commit(reg->st, err);
  if (rc) vet__store_rollback(reg->st);
  else vet__registry_point(reg, "publish:after-commit");
  return rc;
}

int vet_registry_rules(vet_registry *reg, int (*fn)(void *, const vet_registry_rule *), void *userdata,
                       vet_error *err) {
  int drafts = vet__role_allows(reg->role, VET__P_READ_DRAFTS);
  vet__stmt *s = NULL;
  int rc = vet__store_query(reg->st, &s, err,
                            "SELECT r.id, r.fr_doc, r.citation, r.title, r.pub_date, r.effective_date, "
                            "r.status, (SELECT count(*) FROM amendments a WHERE a.rule_id = r.id) "
                            "FROM rules r WHERE r.status = 'published' OR ? = 1 ORDER BY r.id",
                            "d", drafts);
  if (rc) return rc;
  while ((rc = vet__stmt_step(s, err)) == 1) {
    vet_registry_rule r = {vet__stmt_int(s, 0), vet__stmt_text(s, 1), vet__stmt_text(s, 2),
                           vet__stmt_text(s, 3), vet__stmt_text(s, 4), vet__stmt_text(s, 5),
                           vet__stmt_text(s, 6), vet__stmt_int(s, 7)};
    if (fn(userdata, &r)) {
      rc = VET_ECANCELLED;
      break;
    }
  }
  vet__stmt_finalize(s);
  return rc;
}
