/* ofac_remarks.h — OFAC's feature vocabulary, shared by the CSV and XML readers.
 *
 * OFAC keeps one set of "features" per entry (date of birth, passport,
 * IMO number, gender, "Linked To", sanctions information ...). The XML
 * (sdnList) gives each as an <id> with idType/idNumber/idCountry; the legacy
 * CSV files write the same features into the remarks column as items
 * separated by "; ", e.g.
 *
 *   DOB 12 Mar 1971; alt. DOB 1972; POB Baghdad, Iraq; nationality Iraq;
 *   Passport A1234 (Iraq) expires 2020; a.k.a. 'BNC'; Linked To: X.
 *
 * Both readers hand a (label, value) pair to vet__ofac_feature(), so the same
 * feature lands in the same field of vet_entity whichever file it came from.
 * Labels not in the vocabulary are left alone here (the remarks text is kept
 * whole by the reader in any case). */
#ifndef VET_READERS_OFAC_REMARKS_H
#define VET_READERS_OFAC_REMARKS_H
#include <stddef.h>
#include "model/builder.h"

/* Adds one feature to the entity in eb: `label` as OFAC writes it ("Passport",
 * "alt. DOB", "Vessel Registration Identification"), `value` the rest.
 * country and note may be NULL; when country is NULL an identifier's value is
 * split as "NUMBER (COUNTRY) NOTE". Returns 1 when the label is known and the
 * feature was added, 0 when the label is not in the vocabulary (nothing
 * added), or VET_ENOMEM. All strings are copied by the builder. */
int vet__ofac_feature(vet__eb *eb, const char *label, size_t label_n, const char *value,
                      size_t value_n, const char *country, const char *note);

/* Parses a remarks text (CSV remarks with its spillover comments joined, or
 * the XML <remarks>) item by item into eb: features through
 * vet__ofac_feature(), "a.k.a. 'X'" / "f.k.a. 'X'" / "n.k.a. 'X'" as names
 * (weak: OFAC writes only its weak aliases into remarks), unknown items are
 * skipped. Does not set the remarks field itself. Returns 0 or VET_ENOMEM. */
int vet__ofac_remarks(vet__eb *eb, const char *text, size_t n);

/* Adds the programs of an OFAC program column ("SDGT] [IRGC", "[CUBA]") as
 * separate programs. Returns 0 or VET_ENOMEM. */
int vet__ofac_programs(vet__eb *eb, const char *text, size_t n);

/* 1 when the text of one entry carries a sign that it is on one of OFAC's
 * non-SDN lists: "Not on the SDN List", an SSI "Directive Determination", an
 * "EO 14024 Directive" listing, or an NS-*, FSE-*, 561List or CMIC-EO program
 * tag. A list most of whose entries are so marked is the consolidated
 * (non-SDN) list; the SDN list has a few dual-listed entries (under 1%). */
int vet__ofac_nonsdn_marked(const char *text, size_t n);
#endif
