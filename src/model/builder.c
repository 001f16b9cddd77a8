/* builder.c — see builder.h.
 *
 * Arrays of the entity's parts grow in the builder and are reused from one
 * entity to the next (amortised: no allocation per entity once warm); the
 * strings live in an arena reset by vet__eb_begin(). */
#include "model/builder.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#define ARRAY(T) struct { T *v; size_t n, cap; }

struct vet__eb {
  vet__arena arena;
  const char *list_id;
  vet_entity_type type;
  const char *fields[VET__F_COUNT];
  ARRAY(vet_name) names;
  ARRAY(vet_address) addresses;
  ARRAY(const char *) lists[VET__SL_COUNT];
  ARRAY(vet_date) births;
  ARRAY(vet_identifier) ids;
  ARRAY(vet_citation) citations;
  ARRAY(vet_attr) attrs;
  vet_entity entity;
};

static int grow(void **v, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap * 2 : 8;
  while (c < need) c *= 2;
  void *p = realloc(*v, c * elem);
  if (!p) return VET_ENOMEM;
  *v = p;
  *cap = c;
  return 0;
}
#define PUSH(arr) (grow((void **)&(arr).v, &(arr).cap, (arr).n + 1, sizeof *(arr).v) \
                   ? NULL : &(arr).v[(arr).n++])

vet__eb *vet__eb_new(void) {
  vet__eb *eb = calloc(1, sizeof *eb);
  if (eb) vet__arena_init(&eb->arena, 32768);
  return eb;
}

void vet__eb_free(vet__eb *eb) {
  if (!eb) return;
  vet__arena_free(&eb->arena);
  free(eb->names.v);
  free(eb->addresses.v);
  for (int i = 0; i < VET__SL_COUNT; i++) free(eb->lists[i].v);
  free(eb->births.v);
  free(eb->ids.v);
  free(eb->citations.v);
  free(eb->attrs.v);
  free(eb);
}

vet__arena *vet__eb_arena(vet__eb *eb) { return &eb->arena; }

int vet__eb_begin(vet__eb *eb, const char *list_id) {
  vet__arena_reset(&eb->arena);
  eb->list_id = vet__arena_strdup(&eb->arena, list_id);
  eb->type = VET_TYPE_UNKNOWN;
  memset(eb->fields, 0, sizeof eb->fields);
  eb->names.n = eb->addresses.n = eb->births.n = eb->ids.n = eb->citations.n = eb->attrs.n = 0;
  for (int i = 0; i < VET__SL_COUNT; i++) eb->lists[i].n = 0;
  return eb->list_id ? VET_OK : VET_ENOMEM;
}

void vet__eb_type(vet__eb *eb, vet_entity_type type) { eb->type = type; }
vet_entity_type vet__eb_get_type(const vet__eb *eb) { return eb->type; }

/* A trimmed arena copy of s[0..n), or NULL (with *rc = 0) when it is empty. */
static const char *copy(vet__eb *eb, const char *s, size_t n, int *rc) {
  *rc = VET_OK;
  if (!s) return NULL;
  vet__trim(&s, &n);
  if (n == 0) return NULL;
  const char *p = vet__arena_strndup(&eb->arena, s, n);
  if (!p) *rc = VET_ENOMEM;
  return p;
}

static const char *copyz(vet__eb *eb, const char *s, int *rc) {
  return copy(eb, s, s ? strlen(s) : 0, rc);
}

static int same(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int vet__eb_field(vet__eb *eb, vet__eb_field_id field, const char *s, size_t n) {
  int rc;
  const char *p = copy(eb, s, n, &rc);
  if (p) eb->fields[field] = p;
  return rc;
}

int vet__eb_field_append(vet__eb *eb, vet__eb_field_id field, const char *s, size_t n,
                         const char *sep) {
  int rc;
  const char *p = copy(eb, s, n, &rc);
  if (!p) return rc;
  const char *old = eb->fields[field];
  if (!old) {
    eb->fields[field] = p;
    return VET_OK;
  }
  size_t a = strlen(old), b = strlen(sep), c = strlen(p);
  char *joined = vet__arena_alloc(&eb->arena, a + b + c + 1);
  if (!joined) return VET_ENOMEM;
  memcpy(joined, old, a);
  memcpy(joined + a, sep, b);
  memcpy(joined + a + b, p, c + 1);
  eb->fields[field] = joined;
  return VET_OK;
}

const char *vet__eb_get_field(const vet__eb *eb, vet__eb_field_id field) {
  return eb->fields[field];
}

int vet__eb_name(vet__eb *eb, const char *s, size_t n, vet_name_kind kind,
                 vet_name_strength strength, const char *quality, const char *script) {
  int rc;
  const char *text = copy(eb, s, n, &rc);
  if (!text) return rc;
  for (size_t i = 0; i < eb->names.n; i++)
    if (strcmp(eb->names.v[i].text, text) == 0 &&
        (eb->names.v[i].kind == kind || kind != VET_NAME_PRIMARY)) return VET_OK;
  vet_name *nm = PUSH(eb->names);
  if (!nm) return VET_ENOMEM;
  memset(nm, 0, sizeof *nm);
  nm->text = text;
  nm->kind = kind;
  nm->strength = strength;
  nm->quality = copyz(eb, quality, &rc);
  if (rc) return rc;
  nm->script = copyz(eb, script, &rc);
  nm->original_script = nm->script != NULL;
  /* Keep the primary name first. */
  if (kind == VET_NAME_PRIMARY && eb->names.n > 1 && eb->names.v[0].kind != VET_NAME_PRIMARY) {
    vet_name primary = *nm;
    memmove(eb->names.v + 1, eb->names.v, (eb->names.n - 1) * sizeof *nm);
    eb->names.v[0] = primary;
  }
  return rc;
}

size_t vet__eb_name_count(const vet__eb *eb) { return eb->names.n; }

int vet__eb_address(vet__eb *eb, const vet_address *a) {
  int rc = VET_OK;
  vet_address c;
  memset(&c, 0, sizeof c);
  const char **dst[] = {&c.street, &c.city, &c.state, &c.postal_code, &c.country,
                        &c.country_code, &c.note, &c.text};
  const char *src[] = {a->street, a->city, a->state, a->postal_code, a->country,
                       a->country_code, a->note, a->text};
  for (size_t i = 0; i < sizeof dst / sizeof *dst; i++) {
    *dst[i] = copyz(eb, src[i], &rc);
    if (rc) return rc;
  }
  if (!c.text) {
    /* The whole address: street, city, state, postal code, country. */
    const char *parts[] = {c.street, c.city, c.state, c.postal_code, c.country};
    size_t len = 0;
    for (size_t i = 0; i < 5; i++) if (parts[i]) len += strlen(parts[i]) + 2;
    if (len == 0 && !c.note) return VET_OK;
    if (len) {
      char *t = vet__arena_alloc(&eb->arena, len + 1), *w = t;
      if (!t) return VET_ENOMEM;
      for (size_t i = 0; i < 5; i++) {
        if (!parts[i]) continue;
        if (w != t) { *w++ = ','; *w++ = ' '; }
        size_t k = strlen(parts[i]);
        memcpy(w, parts[i], k);
        w += k;
      }
      *w = '\0';
      c.text = t;
    }
  }
  if (!c.country_code && c.country) c.country_code = vet__country_code(c.country, strlen(c.country));
  for (size_t i = 0; i < eb->addresses.n; i++) {
    const vet_address *o = &eb->addresses.v[i];
    if (same(o->text, c.text) && same(o->note, c.note) && same(o->country, c.country)) return VET_OK;
  }
  vet_address *slot = PUSH(eb->addresses);
  if (!slot) return VET_ENOMEM;
  *slot = c;
  return VET_OK;
}

int vet__eb_strlist(vet__eb *eb, vet__eb_list_id list, const char *s, size_t n) {
  int rc;
  const char *p = copy(eb, s, n, &rc);
  if (!p) return rc;
  for (size_t i = 0; i < eb->lists[list].n; i++)
    if (strcmp(eb->lists[list].v[i], p) == 0) return VET_OK;
  const char **slot = PUSH(eb->lists[list]);
  if (!slot) return VET_ENOMEM;
  *slot = p;
  return VET_OK;
}

int vet__eb_birth_parsed(vet__eb *eb, const vet_date *d) {
  int rc;
  vet_date c = *d;
  c.text = copyz(eb, d->text, &rc);
  if (!c.text) return rc;
  for (size_t i = 0; i < eb->births.n; i++)
    if (strcmp(eb->births.v[i].text, c.text) == 0) return VET_OK;
  vet_date *slot = PUSH(eb->births);
  if (!slot) return VET_ENOMEM;
  *slot = c;
  return VET_OK;
}

int vet__eb_birth(vet__eb *eb, const char *s, size_t n) {
  int rc;
  const char *text = copy(eb, s, n, &rc);
  if (!text) return rc;
  vet_date d;
  vet__date_parse(text, 0, &d);
  return vet__eb_birth_parsed(eb, &d);
}

int vet__eb_id(vet__eb *eb, const char *type, const char *number, const char *country,
               const char *note) {
  int rc = VET_OK;
  vet_identifier c;
  c.number = copyz(eb, number, &rc);
  if (!c.number) return rc;
  c.type = copyz(eb, type, &rc);
  if (rc) return rc;
  c.country = copyz(eb, country, &rc);
  if (rc) return rc;
  c.note = copyz(eb, note, &rc);
  if (rc) return rc;
  for (size_t i = 0; i < eb->ids.n; i++) {
    const vet_identifier *o = &eb->ids.v[i];
    if (same(o->type, c.type) && same(o->number, c.number) && same(o->country, c.country) &&
        same(o->note, c.note)) return VET_OK;
  }
  vet_identifier *slot = PUSH(eb->ids);
  if (!slot) return VET_ENOMEM;
  *slot = c;
  return VET_OK;
}

int vet__eb_citation(vet__eb *eb, const char *text, const char *date) {
  int rc = VET_OK;
  vet_citation c;
  c.text = copyz(eb, text, &rc);
  if (!c.text) return rc;
  c.date = copyz(eb, date, &rc);
  if (rc) return rc;
  for (size_t i = 0; i < eb->citations.n; i++)
    if (same(eb->citations.v[i].text, c.text) && same(eb->citations.v[i].date, c.date)) return VET_OK;
  vet_citation *slot = PUSH(eb->citations);
  if (!slot) return VET_ENOMEM;
  *slot = c;
  return VET_OK;
}

int vet__eb_attr(vet__eb *eb, const char *key, const char *s, size_t n) {
  int rc = VET_OK;
  vet_attr c;
  c.value = copy(eb, s, n, &rc);
  if (!c.value) return rc;
  c.key = copyz(eb, key, &rc);
  if (!c.key) return rc ? rc : VET_EINVAL;
  for (size_t i = 0; i < eb->attrs.n; i++)
    if (same(eb->attrs.v[i].key, c.key) && same(eb->attrs.v[i].value, c.value)) return VET_OK;
  vet_attr *slot = PUSH(eb->attrs);
  if (!slot) return VET_ENOMEM;
  *slot = c;
  return VET_OK;
}

const vet_entity *vet__eb_finish(vet__eb *eb) {
  vet_entity *e = &eb->entity;
  memset(e, 0, sizeof *e);
  e->list_id = eb->list_id;
  e->source_id = eb->fields[VET__F_SOURCE_ID];
  e->source_list = eb->fields[VET__F_SOURCE_LIST];
  e->type = eb->type;
  e->names = eb->names.v;
  e->n_names = eb->names.n;
  e->addresses = eb->addresses.v;
  e->n_addresses = eb->addresses.n;
  e->nationalities = eb->lists[VET__SL_NATIONALITY].v;
  e->n_nationalities = eb->lists[VET__SL_NATIONALITY].n;
  e->citizenships = eb->lists[VET__SL_CITIZENSHIP].v;
  e->n_citizenships = eb->lists[VET__SL_CITIZENSHIP].n;
  e->places_of_birth = eb->lists[VET__SL_PLACE_OF_BIRTH].v;
  e->n_places_of_birth = eb->lists[VET__SL_PLACE_OF_BIRTH].n;
  e->programs = eb->lists[VET__SL_PROGRAM].v;
  e->n_programs = eb->lists[VET__SL_PROGRAM].n;
  e->births = eb->births.v;
  e->n_births = eb->births.n;
  e->ids = eb->ids.v;
  e->n_ids = eb->ids.n;
  e->citations = eb->citations.v;
  e->n_citations = eb->citations.n;
  e->attrs = eb->attrs.v;
  e->n_attrs = eb->attrs.n;
  e->listing_date = eb->fields[VET__F_LISTING_DATE];
  e->license_requirement = eb->fields[VET__F_LICENSE_REQUIREMENT];
  e->license_policy = eb->fields[VET__F_LICENSE_POLICY];
  e->remarks = eb->fields[VET__F_REMARKS];
  e->source_url = eb->fields[VET__F_SOURCE_URL];
  return e;
}
