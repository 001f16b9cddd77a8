/* entity_copy.c — a deep copy of a vet_entity into an arena.
 *
 * Readers hand out entities that are valid only during their callback; a
 * diff needs every entity of two list versions at once. The copy keeps every
 * field (including parsed dates and name annotations) and shares nothing
 * with the original. */
#include "diff/diff_int.h"

#include <string.h>

#define DUP(dst, src) do { if ((src) && !((dst) = vet__arena_strdup(arena, (src)))) \
    return VET_ENOMEM; } while (0)

/* Allocates an array of n elements of size `elem` copied from src; *dst is
 * NULL when n is 0. */
static int dup_array(vet__arena *arena, void **dst, const void *src, size_t n, size_t elem) {
  *dst = NULL;
  if (!n) return VET_OK;
  *dst = vet__arena_alloc(arena, n * elem);
  if (!*dst) return VET_ENOMEM;
  memcpy(*dst, src, n * elem);
  return VET_OK;
}

static int dup_strings(vet__arena *arena, const char *const **dst, const char *const *src,
                       size_t n) {
  *dst = NULL;
  if (!n) return VET_OK;
  const char **v = vet__arena_alloc(arena, n * sizeof *v);
  if (!v) return VET_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    v[i] = NULL;
    DUP(v[i], src[i]);
  }
  *dst = v;
  return VET_OK;
}

int vet__entity_copy(vet__arena *arena, const vet_entity *e, vet_entity *out) {
  memset(out, 0, sizeof *out);
  out->type = e->type;
  DUP(out->list_id, e->list_id);
  DUP(out->source_id, e->source_id);
  DUP(out->source_list, e->source_list);
  DUP(out->listing_date, e->listing_date);
  DUP(out->license_requirement, e->license_requirement);
  DUP(out->license_policy, e->license_policy);
  DUP(out->remarks, e->remarks);
  DUP(out->source_url, e->source_url);

  vet_name *names;
  if (dup_array(arena, (void **)&names, e->names, e->n_names, sizeof *names)) return VET_ENOMEM;
  for (size_t i = 0; i < e->n_names; i++) {
    const vet_name *s = &e->names[i];
    names[i].text = names[i].quality = names[i].script = NULL;
    DUP(names[i].text, s->text);
    DUP(names[i].quality, s->quality);
    DUP(names[i].script, s->script);
  }
  out->names = names;
  out->n_names = e->n_names;

  vet_address *addr;
  if (dup_array(arena, (void **)&addr, e->addresses, e->n_addresses, sizeof *addr))
    return VET_ENOMEM;
  for (size_t i = 0; i < e->n_addresses; i++) {
    const vet_address *s = &e->addresses[i];
    memset(&addr[i], 0, sizeof addr[i]);
    DUP(addr[i].text, s->text);
    DUP(addr[i].street, s->street);
    DUP(addr[i].city, s->city);
    DUP(addr[i].state, s->state);
    DUP(addr[i].postal_code, s->postal_code);
    DUP(addr[i].country, s->country);
    DUP(addr[i].country_code, s->country_code);
    DUP(addr[i].note, s->note);
  }
  out->addresses = addr;
  out->n_addresses = e->n_addresses;

  if (dup_strings(arena, &out->nationalities, e->nationalities, e->n_nationalities) ||
      dup_strings(arena, &out->citizenships, e->citizenships, e->n_citizenships) ||
      dup_strings(arena, &out->places_of_birth, e->places_of_birth, e->n_places_of_birth) ||
      dup_strings(arena, &out->programs, e->programs, e->n_programs))
    return VET_ENOMEM;
  out->n_nationalities = e->n_nationalities;
  out->n_citizenships = e->n_citizenships;
  out->n_places_of_birth = e->n_places_of_birth;
  out->n_programs = e->n_programs;

  vet_date *births;
  if (dup_array(arena, (void **)&births, e->births, e->n_births, sizeof *births)) return VET_ENOMEM;
  for (size_t i = 0; i < e->n_births; i++) {
    births[i].text = NULL;
    DUP(births[i].text, e->births[i].text);
  }
  out->births = births;
  out->n_births = e->n_births;

  vet_identifier *ids;
  if (dup_array(arena, (void **)&ids, e->ids, e->n_ids, sizeof *ids)) return VET_ENOMEM;
  for (size_t i = 0; i < e->n_ids; i++) {
    memset(&ids[i], 0, sizeof ids[i]);
    DUP(ids[i].type, e->ids[i].type);
    DUP(ids[i].number, e->ids[i].number);
    DUP(ids[i].country, e->ids[i].country);
    DUP(ids[i].note, e->ids[i].note);
  }
  out->ids = ids;
  out->n_ids = e->n_ids;

  vet_citation *cit;
  if (dup_array(arena, (void **)&cit, e->citations, e->n_citations, sizeof *cit)) return VET_ENOMEM;
  for (size_t i = 0; i < e->n_citations; i++) {
    cit[i].text = cit[i].date = NULL;
    DUP(cit[i].text, e->citations[i].text);
    DUP(cit[i].date, e->citations[i].date);
  }
  out->citations = cit;
  out->n_citations = e->n_citations;

  vet_attr *attrs;
  if (dup_array(arena, (void **)&attrs, e->attrs, e->n_attrs, sizeof *attrs)) return VET_ENOMEM;
  for (size_t i = 0; i < e->n_attrs; i++) {
    attrs[i].key = attrs[i].value = NULL;
    DUP(attrs[i].key, e->attrs[i].key);
    DUP(attrs[i].value, e->attrs[i].value);
  }
  out->attrs = attrs;
  out->n_attrs = e->n_attrs;
  return VET_OK;
}
