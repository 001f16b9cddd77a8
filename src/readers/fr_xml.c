/* fr_xml.c — a Federal Register rule amending the Entity List ("fr-xml").
 *
 * Reads one rule document (FR XML, root <RULE>) with fr_rule.h and emits
 * the entries it adds or revises as "bis-el" entities: names, aliases and
 * addresses from the table row (parsed like the eCFR's rows), the license
 * requirement and policy, and one citation, the rule's own ("88 FR 12171",
 * dated with the publication date), which is also the listing date. The
 * table's citation cell is a printing placeholder ("88 FR [INSERT FR PAGE
 * NUMBER AND 2/27/2023]") and is not used as such. Keys are the eCFR
 * reader's (model/el_key.h), so a rule's entries meet the codified list's.
 * Removals are no entities; each is reported as a note. The list's date is
 * the publication date. */
#include "readers/reader.h"
#include "readers/fr_rule.h"
#include "core/error.h"
#include "core/text.h"

#include <string.h>

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  const char *r = vet__ascii_istr(head, n, "<RULE>");
  if (!r) return 0;
  return vet__ascii_istr(head, n, "Entity List") || vet__ascii_istr(head, n, "Part 744") ? 90 : 20;
}

static void forward(void *ud, const vet_diag *d) {
  vet__read_ctx *ctx = ud;
  vet__read_warn(ctx, d->file, d->line, "%s", d->reason);
}

static int emit_change(vet__read_ctx *ctx, const vet__fr_rule *r, const vet__fr_change *c) {
  vet__eb *eb = ctx->eb;
  int rc = vet__eb_begin(eb, "bis-el");
  const vet__el_cell *ec = &c->cell;
  if (!rc) rc = vet__eb_field(eb, VET__F_SOURCE_ID, c->key, strlen(c->key));
  if (!rc) rc = vet__eb_name(eb, c->name, strlen(c->name), VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  for (size_t i = 0; i < ec->n_aliases && !rc; i++)
    rc = vet__eb_name(eb, ec->aliases[i].text, strlen(ec->aliases[i].text), ec->aliases[i].kind,
                      VET_STRENGTH_NORMAL, NULL, NULL);
  for (size_t i = 0; i < ec->n_addresses && !rc; i++) {
    vet_address a;
    memset(&a, 0, sizeof a);
    a.text = ec->addresses[i];
    a.country = c->country;
    a.country_code = c->country_code;
    rc = vet__eb_address(eb, &a);
  }
  vet__eb_type(eb, ec->organization ? VET_TYPE_ORGANIZATION : VET_TYPE_UNKNOWN);
  if (!rc && c->license_requirement)
    rc = vet__eb_field(eb, VET__F_LICENSE_REQUIREMENT, c->license_requirement, strlen(c->license_requirement));
  if (!rc && c->license_policy)
    rc = vet__eb_field(eb, VET__F_LICENSE_POLICY, c->license_policy, strlen(c->license_policy));
  if (!rc && r->citation) rc = vet__eb_citation(eb, r->citation, r->publication_date);
  if (!rc && r->publication_date)
    rc = vet__eb_field(eb, VET__F_LISTING_DATE, r->publication_date, strlen(r->publication_date));
  if (!rc && ec->remarks) rc = vet__eb_field(eb, VET__F_REMARKS, ec->remarks, strlen(ec->remarks));
  const char *act = vet__fr_action_name(c->action);
  if (!rc) rc = vet__eb_attr(eb, "fr_action", act, strlen(act));
  if (!rc && r->document_number)
    rc = vet__eb_attr(eb, "fr_document", r->document_number, strlen(r->document_number));
  if (!rc && r->document_number) {
    char url[96];
    int n = snprintf(url, sizeof url, "https://www.federalregister.gov/d/%s", r->document_number);
    rc = vet__eb_field(eb, VET__F_SOURCE_URL, url, (size_t)n);
  }
  if (rc) return vet__error_at(ctx->err, VET_ENOMEM, ctx->path, c->line, "out of memory");
  return vet__read_emit(ctx, NULL, c->line);
}

static int read_list(vet__read_ctx *ctx) {
  vet__fr_rule *r = NULL;
  int rc = vet__fr_rule_parse(ctx->path, ctx->file->data, ctx->file->size, forward, ctx, &r, ctx->err);
  if (rc) return rc;
  snprintf(ctx->id_buf, sizeof ctx->id_buf, "bis-el");
  ctx->info.list_id = ctx->id_buf;
  snprintf(ctx->name_buf, sizeof ctx->name_buf, "BIS Entity List changes of %s (FR Doc. %s)",
           r->citation ? r->citation : "a Federal Register rule",
           r->document_number ? r->document_number : "?");
  ctx->info.name = ctx->name_buf;
  if (r->publication_date) {
    snprintf(ctx->date_buf, sizeof ctx->date_buf, "%s", r->publication_date);
    ctx->info.date = ctx->date_buf;
  }
  for (size_t i = 0; i < r->n_changes && !rc; i++) {
    const vet__fr_change *c = &r->changes[i];
    if (c->action == VET__FR_REMOVE) {
      if (ctx->cb && ctx->cb->diag) {
        char reason[512];
        snprintf(reason, sizeof reason, "the rule removes \"%s\" under %s (%s); no entity", c->name,
                 c->country, c->key);
        vet_diag d = {VET_DIAG_NOTE, ctx->path, c->line, reason};
        ctx->cb->diag(ctx->cb->userdata, &d);
      }
      continue;
    }
    rc = emit_change(ctx, r, c);
  }
  vet__fr_rule_free(r);
  return rc;
}

const vet__reader vet__reader_fr_xml = {
  "fr-xml", "Federal Register rule amending the BIS Entity List (FR XML)", sniff, NULL, read_list,
};
