/* fr_rule.h — a Federal Register rule that amends the Entity List, parsed.
 *
 * BIS changes the Entity List by final rules published in the Federal
 * Register. The rule's XML (federalregister.gov / govinfo "FR XML") holds
 * the metadata in <PREAMB> (agency, action, dates), amendatory instructions
 * (<AMDPAR>: "a. Under CANADA, by adding in alphabetical order, entries for
 * “CPUNTO Inc.” and “Electronic Network Inc.”;") and the new table rows of
 * supplement no. 4 in a <GPOTABLE> (country, entity, license requirement,
 * license review policy, citation). This module turns one such file into a
 * vet__fr_rule: the metadata and one vet__fr_change per entry added,
 * revised or removed. Entry text is parsed with el_cell.h, exactly as the
 * eCFR reader parses the codified list, so a change lines up with the entry
 * it creates in the eCFR.
 *
 * Used by the "fr-xml" reader (fr_xml.c) and by the registry, which imports
 * rules through it. A vet__fr_rule owns all its strings (one arena) and is
 * freed with vet__fr_rule_free(). Not thread-safe per object; independent
 * objects may be used from different threads. */
#ifndef VET_READERS_FR_RULE_H
#define VET_READERS_FR_RULE_H
#include <stddef.h>
#include "vet.h"
#include "core/arena.h"
#include "readers/el_cell.h"

typedef enum vet__fr_action {
  VET__FR_ADD = 0,      /* "by adding ... an entry for" */
  VET__FR_MODIFY,       /* "by revising" / "by amending" an entry */
  VET__FR_REMOVE        /* "by removing" an entry */
} vet__fr_action;

/* "add", "modify", "remove". */
const char *vet__fr_action_name(vet__fr_action a);

typedef struct vet__fr_change {
  vet__fr_action action;
  const char *country;              /* heading as published: "CHINA, PEOPLE'S REPUBLIC OF" */
  const char *country_code;         /* ISO 3166-1 alpha-2 (vet__el_country_code), or NULL */
  const char *name;                 /* the entry's name (parsed from the row, or quoted in the instruction) */
  const char *key;                  /* vet__el_key(country_code, name): "CA:cpunto-inc" */
  const char *entity_text;          /* the entity cell in plain form (el_cell.h); NULL for removals */
  vet__el_cell cell;                /* entity_text parsed; zeroed for removals */
  const char *license_requirement;  /* NULL for removals */
  const char *license_policy;
  const char *citation_text;        /* the table's citation cell as printed, e.g.
                                       "88 FR [INSERT FR PAGE NUMBER AND 2/27/2023]." */
  unsigned long line;               /* line of the table row (or of the instruction) */
} vet__fr_change;

typedef struct vet__fr_rule {
  const char *document_number;      /* "2023-03929" (from <FRDOC>) */
  const char *citation;             /* "88 FR 12171": volume and the page of the amendment */
  int volume;                       /* 88 */
  int page;                         /* 12171: page on which the amendment of supplement no. 4 starts */
  int first_page;                   /* page on which the document starts (0 if unknown) */
  const char *publication_date;     /* ISO "2023-02-27", or NULL */
  const char *effective_date;       /* ISO "2023-02-24", or NULL */
  const char *action;               /* "Final rule." */
  const char *agency;               /* "DEPARTMENT OF COMMERCE" */
  const char *subagency;            /* "Bureau of Industry and Security" */
  const char *subject;              /* "Additions of Entities to the Entity List" */
  const char *rin;                  /* "RIN 0694-AJ13" */
  const char *docket;               /* "[Docket No. 230221-0050]" */
  vet__fr_change *changes;
  size_t n_changes;
  size_t n_warnings;                /* warnings reported through the diag callback */
  vet__arena arena;                 /* owns every string above */
} vet__fr_rule;

/* Parses the FR XML in data[0..size) (path is for messages). On success
 * *out owns a new rule (free with vet__fr_rule_free) and 0 is returned.
 * Quirks that lose nothing (alias-count mismatch, an instruction naming an
 * entry the table lacks) are reported to diag (may be NULL) as warnings
 * with the line. Errors: VET_EFORMAT (not a rule, or no Entity List
 * amendment), VET_ETRUNCATED, VET_ENOMEM; err names the file and line. */
int vet__fr_rule_parse(const char *path, const char *data, size_t size, vet_diag_fn diag,
                       void *diag_userdata, vet__fr_rule **out, vet_error *err);
/* Reads and parses the file at path (see above). */
int vet__fr_rule_read(const char *path, vet_diag_fn diag, void *diag_userdata,
                      vet__fr_rule **out, vet_error *err);
void vet__fr_rule_free(vet__fr_rule *rule);
#endif
