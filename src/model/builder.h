/* builder.h — how readers build a vet_entity, one at a time.
 *
 * A reader calls vet__eb_begin(), adds fields as it parses a record, and
 * vet__eb_finish() hands out the finished entity. Every string is copied
 * (trimmed of surrounding white space) into the builder's arena, so readers
 * may pass pointers into temporary buffers; empty strings are ignored, and
 * exact repeats within one entity (the same alias twice) are kept once. The
 * finished entity and all it points to stay valid until the next
 * vet__eb_begin() or vet__eb_free(). Not thread-safe. */
#ifndef VET_MODEL_BUILDER_H
#define VET_MODEL_BUILDER_H
#include <stddef.h>
#include "vet.h"
#include "core/arena.h"

typedef struct vet__eb vet__eb;

typedef enum vet__eb_list {   /* the string-list fields */
  VET__SL_NATIONALITY,
  VET__SL_CITIZENSHIP,
  VET__SL_PLACE_OF_BIRTH,
  VET__SL_PROGRAM,
  VET__SL_COUNT
} vet__eb_list_id;

typedef enum vet__eb_field {  /* the single-valued string fields */
  VET__F_SOURCE_ID,
  VET__F_SOURCE_LIST,
  VET__F_LISTING_DATE,
  VET__F_LICENSE_REQUIREMENT,
  VET__F_LICENSE_POLICY,
  VET__F_REMARKS,
  VET__F_SOURCE_URL,
  VET__F_COUNT
} vet__eb_field_id;

vet__eb *vet__eb_new(void);
void vet__eb_free(vet__eb *eb);

/* Starts a new entity of list `list_id` (copied). Forgets the previous one. */
int vet__eb_begin(vet__eb *eb, const char *list_id);
void vet__eb_type(vet__eb *eb, vet_entity_type type);
vet_entity_type vet__eb_get_type(const vet__eb *eb);

/* Sets a single-valued field (replacing it). */
int vet__eb_field(vet__eb *eb, vet__eb_field_id field, const char *s, size_t n);
/* Appends to a single-valued field, separated by `sep` when it is already set. */
int vet__eb_field_append(vet__eb *eb, vet__eb_field_id field, const char *s, size_t n, const char *sep);
const char *vet__eb_get_field(const vet__eb *eb, vet__eb_field_id field);

/* Adds a name. The first name added with VET_NAME_PRIMARY becomes names[0]
 * whatever the order of calls. quality and script may be NULL. */
int vet__eb_name(vet__eb *eb, const char *s, size_t n, vet_name_kind kind,
                 vet_name_strength strength, const char *quality, const char *script);
size_t vet__eb_name_count(const vet__eb *eb);

/* Adds an address; each part may be NULL. When a->text is NULL the text is
 * the non-empty parts joined with ", ". country_code is derived from the
 * country name when not given. An address with no part at all is ignored. */
int vet__eb_address(vet__eb *eb, const vet_address *a);

int vet__eb_strlist(vet__eb *eb, vet__eb_list_id list, const char *s, size_t n);

/* Adds a date of birth from its text, parsed by vet__date_parse(). */
int vet__eb_birth(vet__eb *eb, const char *s, size_t n);
/* Adds a date of birth the reader has already parsed; text is kept as given. */
int vet__eb_birth_parsed(vet__eb *eb, const vet_date *d);

int vet__eb_id(vet__eb *eb, const char *type, const char *number, const char *country,
               const char *note);
int vet__eb_citation(vet__eb *eb, const char *text, const char *date);
int vet__eb_attr(vet__eb *eb, const char *key, const char *s, size_t n);

/* The entity built since vet__eb_begin(). Borrowed (see above). */
const vet_entity *vet__eb_finish(vet__eb *eb);

/* The builder's arena, for a reader's temporary strings of this entity. */
vet__arena *vet__eb_arena(vet__eb *eb);

/* Parses a date as lists write it: "1965", "circa 1970", "between 1958 and
 * 1963", "1958 to 1963", "12 Mar 1971", "March 1971", "1971-03-12",
 * "12/03/1971" (day first; see `us_order`), "01 Jan 1958 to 31 Dec 1959".
 * out->text is set to `text`. Returns 1 when a year was found, else 0 (the
 * text is still kept). */
int vet__date_parse(const char *text, int us_order, vet_date *out);

/* ISO 3166-1 alpha-2 code of a country name as lists write it ("Iran",
 * "Iran (Islamic Republic of)", "Russian Federation", "DPRK", "UAE", ...), or
 * of a code given as such; NULL if unknown. Static storage. */
const char *vet__country_code(const char *name, size_t n);
#endif
