/* entity.c — names of the model's enums, and an entity as JSON.
 *
 * The JSON form is the one every front end shows (vet show --json, the HTTP
 * API): field names follow include/vet.h, empty fields are left out. */
#include "model/entity_int.h"
#include "core/text.h"

#include <jansson.h>
#include <stdlib.h>

const char *vet_entity_type_name(vet_entity_type type) {
  switch (type) {
  case VET_TYPE_PERSON: return "person";
  case VET_TYPE_ORGANIZATION: return "organization";
  case VET_TYPE_VESSEL: return "vessel";
  case VET_TYPE_AIRCRAFT: return "aircraft";
  case VET_TYPE_UNKNOWN: break;
  }
  return "unknown";
}

vet_entity_type vet_entity_type_parse(const char *t) {
  if (!t) return VET_TYPE_UNKNOWN;
  if (!vet__ascii_casecmp(t, "person") || !vet__ascii_casecmp(t, "individual") ||
      !vet__ascii_casecmp(t, "p")) return VET_TYPE_PERSON;
  if (!vet__ascii_casecmp(t, "organization") || !vet__ascii_casecmp(t, "organisation") ||
      !vet__ascii_casecmp(t, "entity") || !vet__ascii_casecmp(t, "company") ||
      !vet__ascii_casecmp(t, "e") || !vet__ascii_casecmp(t, "org")) return VET_TYPE_ORGANIZATION;
  if (!vet__ascii_casecmp(t, "vessel") || !vet__ascii_casecmp(t, "ship")) return VET_TYPE_VESSEL;
  if (!vet__ascii_casecmp(t, "aircraft")) return VET_TYPE_AIRCRAFT;
  return VET_TYPE_UNKNOWN;
}

const char *vet_name_kind_name(vet_name_kind kind) {
  switch (kind) {
  case VET_NAME_PRIMARY: return "primary";
  case VET_NAME_AKA: return "aka";
  case VET_NAME_FKA: return "fka";
  case VET_NAME_NKA: return "nka";
  }
  return "aka";
}

vet_name_kind vet__name_kind_parse(const char *t) {
  if (!t) return VET_NAME_AKA;
  if (!vet__ascii_casecmp(t, "primary")) return VET_NAME_PRIMARY;
  if (!vet__ascii_casecmp(t, "fka") || !vet__ascii_casecmp(t, "f.k.a.")) return VET_NAME_FKA;
  if (!vet__ascii_casecmp(t, "nka") || !vet__ascii_casecmp(t, "n.k.a.")) return VET_NAME_NKA;
  return VET_NAME_AKA;
}

const char *vet__strength_name(vet_name_strength s) {
  switch (s) {
  case VET_STRENGTH_STRONG: return "strong";
  case VET_STRENGTH_WEAK: return "weak";
  case VET_STRENGTH_NORMAL: break;
  }
  return "normal";
}

vet_name_strength vet__strength_parse(const char *t) {
  if (t && !vet__ascii_casecmp(t, "strong")) return VET_STRENGTH_STRONG;
  if (t && !vet__ascii_casecmp(t, "weak")) return VET_STRENGTH_WEAK;
  return VET_STRENGTH_NORMAL;
}

static void set_str(json_t *o, const char *k, const char *v) {
  if (v) json_object_set_new(o, k, json_string(v));
}

static json_t *str_array(const char *const *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(v[i]));
  return a;
}

static void set_array(json_t *o, const char *k, json_t *a) {
  if (json_array_size(a)) json_object_set_new(o, k, a);
  else json_decref(a);
}

json_t *vet__entity_json(const vet_entity *e) {
  json_t *o = json_object();
  set_str(o, "list", e->list_id);
  set_str(o, "source_id", e->source_id);
  set_str(o, "source_list", e->source_list);
  json_object_set_new(o, "type", json_string(vet_entity_type_name(e->type)));
  if (e->n_names) set_str(o, "name", e->names[0].text);
  json_t *a = json_array();
  for (size_t i = 0; i < e->n_names; i++) {
    const vet_name *n = &e->names[i];
    json_t *x = json_object();
    set_str(x, "name", n->text);
    json_object_set_new(x, "kind", json_string(vet_name_kind_name(n->kind)));
    if (n->strength != VET_STRENGTH_NORMAL)
      json_object_set_new(x, "strength", json_string(vet__strength_name(n->strength)));
    set_str(x, "quality", n->quality);
    set_str(x, "script", n->script);
    json_array_append_new(a, x);
  }
  set_array(o, "names", a);
  a = json_array();
  for (size_t i = 0; i < e->n_addresses; i++) {
    const vet_address *d = &e->addresses[i];
    json_t *x = json_object();
    set_str(x, "text", d->text);
    set_str(x, "street", d->street);
    set_str(x, "city", d->city);
    set_str(x, "state", d->state);
    set_str(x, "postal_code", d->postal_code);
    set_str(x, "country", d->country);
    set_str(x, "country_code", d->country_code);
    set_str(x, "note", d->note);
    json_array_append_new(a, x);
  }
  set_array(o, "addresses", a);
  set_array(o, "nationalities", str_array(e->nationalities, e->n_nationalities));
  set_array(o, "citizenships", str_array(e->citizenships, e->n_citizenships));
  a = json_array();
  for (size_t i = 0; i < e->n_births; i++) {
    const vet_date *d = &e->births[i];
    json_t *x = json_object();
    set_str(x, "text", d->text);
    if (d->year_from) json_object_set_new(x, "year_from", json_integer(d->year_from));
    if (d->year_to) json_object_set_new(x, "year_to", json_integer(d->year_to));
    if (d->month) json_object_set_new(x, "month", json_integer(d->month));
    if (d->day) json_object_set_new(x, "day", json_integer(d->day));
    if (d->approximate) json_object_set_new(x, "approximate", json_true());
    json_array_append_new(a, x);
  }
  set_array(o, "dates_of_birth", a);
  set_array(o, "places_of_birth", str_array(e->places_of_birth, e->n_places_of_birth));
  a = json_array();
  for (size_t i = 0; i < e->n_ids; i++) {
    const vet_identifier *d = &e->ids[i];
    json_t *x = json_object();
    set_str(x, "type", d->type);
    set_str(x, "number", d->number);
    set_str(x, "country", d->country);
    set_str(x, "note", d->note);
    json_array_append_new(a, x);
  }
  set_array(o, "ids", a);
  set_array(o, "programs", str_array(e->programs, e->n_programs));
  a = json_array();
  for (size_t i = 0; i < e->n_citations; i++) {
    json_t *x = json_object();
    set_str(x, "text", e->citations[i].text);
    set_str(x, "date", e->citations[i].date);
    json_array_append_new(a, x);
  }
  set_array(o, "citations", a);
  set_str(o, "listing_date", e->listing_date);
  set_str(o, "license_requirement", e->license_requirement);
  set_str(o, "license_policy", e->license_policy);
  set_str(o, "remarks", e->remarks);
  set_str(o, "source_url", e->source_url);
  if (e->n_attrs) {
    json_t *x = json_object();
    for (size_t i = 0; i < e->n_attrs; i++) {
      /* A key seen twice becomes an array of its values. */
      json_t *old = json_object_get(x, e->attrs[i].key);
      if (!old) json_object_set_new(x, e->attrs[i].key, json_string(e->attrs[i].value));
      else if (json_is_array(old)) json_array_append_new(old, json_string(e->attrs[i].value));
      else {
        json_t *arr = json_array();
        json_array_append(arr, old);
        json_array_append_new(arr, json_string(e->attrs[i].value));
        json_object_set_new(x, e->attrs[i].key, arr);
      }
    }
    json_object_set_new(o, "attributes", x);
  }
  return o;
}

char *vet_entity_to_json(const vet_entity *e, int flags) {
  json_t *o = vet__entity_json(e);
  if (!o) return NULL;
  char *s = json_dumps(o, JSON_PRESERVE_ORDER |
                              ((flags & VET_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT));
  json_decref(o);
  return s;
}
