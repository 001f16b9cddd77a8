/* el_key.h — the stable key of an Entity List entry.
 *
 * The Entity List has no ids of its own: an entry is a row under a country
 * heading. vet keys it as "<ISO2>:<slug>", the country's ISO 3166-1 alpha-2
 * code and a slug of the entry's primary name ("IL:nso-group",
 * "IL:candiru"). The slug is the name folded to ASCII (compatibility
 * decomposition, marks dropped), lower-cased, with every run of characters
 * that are not ASCII letters or digits turned into one '-', and no '-' at
 * either end. A country without an ISO code ("ZZ") and a name with no ASCII
 * letter or digit ("entity") still give a key. The readers (eCFR, Federal
 * Register) and the registry derive keys only through this function, so a
 * key means the same thing everywhere; two rows with the same key are told
 * apart by the caller (the eCFR reader appends "-2", "-3", ... in file
 * order and warns). Stateless and thread-safe. */
#ifndef VET_MODEL_EL_KEY_H
#define VET_MODEL_EL_KEY_H
#include <stddef.h>
#include "core/buf.h"

/* The ISO 3166-1 alpha-2 code of an Entity List country heading, or NULL.
 * Headings are mostly plain names ("ISRAEL"); the others are read as the
 * part before a comma ("CHINA, PEOPLE'S REPUBLIC OF" -> CN) or after a
 * final " OF " ("CRIMEA REGION OF UKRAINE" -> UA). Static storage. */
const char *vet__el_country_code(const char *heading);

/* Appends the key of name[0..n) under country_code (NULL: "ZZ") to out.
 * Returns 0 or VET_ENOMEM. */
int vet__el_key(const char *country_code, const char *name, size_t n, vet__buf *out);
#endif
