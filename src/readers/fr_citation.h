/* fr_citation.h — Federal Register citations as US lists write them.
 *
 * The BIS Denied Persons List and the CSL cite the Federal Register in
 * free text, many to a field and in many hands:
 *
 *   "68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06"   (DPL: volume, page, M/D/YY)
 *   "82 F.R. 16788, 16789 4/6/2017"                  (a second page)
 *   "85 FR 83799", "84 FR 21236 (5/14/19), 85 FR 34503 (no. 108)"  (Entity List)
 *   "87 F.R.38704 6/29/2022", "9F.R. ...", "80 F.R 57572 9/24/15"
 *
 * vet__fr_citations() finds every "<volume> F.R. <page>" in a field and adds
 * one citation for each: text normalized to "68 FR 38290", date the ISO
 * date that follows it where there is one. A two-digit year takes the
 * century that the volume implies (volume 1 was 1936, one volume a year),
 * so "6/27/03" after volume 68 is 2003 and "9/4/99" after volume 64 is 1999.
 * A field with no Federal Register citation at all (the State Department's
 * "Vol. 83, No. 91, 05/10/2018") is split on ";" and each part kept as its
 * own citation text, with a trailing MM/DD/YYYY date as its date. */
#ifndef VET_READERS_FR_CITATION_H
#define VET_READERS_FR_CITATION_H
#include <stddef.h>
#include "model/builder.h"

/* Adds the citations found in s[0..n) to the entity in eb. *count (may be
 * NULL) receives how many were found. Returns 0 or VET_ENOMEM. */
int vet__fr_citations(vet__eb *eb, const char *s, size_t n, size_t *count);
#endif
