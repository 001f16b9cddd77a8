/* entity_json.c — reading an entity back from its JSON form.
 *
 * The inverse of vet__entity_json(): the format of vet's own list files
 * (the .jsonl files in data/, one entity a line) and of entities the registry publishes.
 * Unknown keys are an error, so a typo in a hand-written list is caught. */
#include "model/entity_int.h"
#include "model/builder.h"

#include <string.h>

static const char *str(const json_t *o, const char *k) {
  const json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

#define ADD(call) do { int rc_ = (call); if (rc_) return rc_; } while (0)

int vet__entity_from_json(vet__eb *eb, const json_t *o, const char **why) {
  static const char *const known[] = {
    "list", "source_id", "source_list", "type", "name", "names", "addresses", "nationalities",
    "citizenships", "dates_of_birth", "places_of_birth", "ids", "programs", "citations",
    "listing_date", "license_requirement", "license_policy", "remarks", "source_url",
    "attributes", NULL};
  *why = NULL;
  if (!json_is_object(o)) { *why = "a line is not a JSON object"; return VET_EFORMAT; }
  const char *key;
  const json_t *val;
  json_object_foreach((json_t *)o, key, val) {
    int ok = 0;
    for (int i = 0; known[i]; i++) ok |= !strcmp(key, known[i]);
    if (!ok) { *why = "unknown field (see vet_entity in include/vet.h)"; return VET_EFORMAT; }
  }
  const char *sid = str(o, "source_id");
  if (!sid) { *why = "no \"source_id\""; return VET_EFORMAT; }
  ADD(vet__eb_field(eb, VET__F_SOURCE_ID, sid, strlen(sid)));
  vet__eb_type(eb, vet_entity_type_parse(str(o, "type")));
  static const struct { const char *k; vet__eb_field_id f; } fields[] = {
    {"source_list", VET__F_SOURCE_LIST}, {"listing_date", VET__F_LISTING_DATE},
    {"license_requirement", VET__F_LICENSE_REQUIREMENT}, {"license_policy", VET__F_LICENSE_POLICY},
    {"remarks", VET__F_REMARKS}, {"source_url", VET__F_SOURCE_URL}};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    const char *v = str(o, fields[i].k);
    if (v) ADD(vet__eb_field(eb, fields[i].f, v, strlen(v)));
  }
  const char *name = str(o, "name");
  if (name) ADD(vet__eb_name(eb, name, strlen(name), VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL));
  size_t i;
  json_array_foreach(json_object_get(o, "names"), i, val) {
    const char *t = json_is_string(val) ? json_string_value(val) : str(val, "name");
    if (!t) { *why = "a name without text"; return VET_EFORMAT; }
    vet_name_kind kind = json_is_string(val) ? VET_NAME_AKA : vet__name_kind_parse(str(val, "kind"));
    if (name && kind == VET_NAME_PRIMARY && strcmp(t, name) != 0) kind = VET_NAME_AKA;
    ADD(vet__eb_name(eb, t, strlen(t), kind, vet__strength_parse(str(val, "strength")),
                     str(val, "quality"), str(val, "script")));
  }
  if (vet__eb_name_count(eb) == 0) { *why = "no name"; return VET_EFORMAT; }
  json_array_foreach(json_object_get(o, "addresses"), i, val) {
    vet_address a = {str(val, "text"), str(val, "street"), str(val, "city"), str(val, "state"),
                     str(val, "postal_code"), str(val, "country"), str(val, "country_code"),
                     str(val, "note")};
    ADD(vet__eb_address(eb, &a));
  }
  static const struct { const char *k; vet__eb_list_id l; } lists[] = {
    {"nationalities", VET__SL_NATIONALITY}, {"citizenships", VET__SL_CITIZENSHIP},
    {"places_of_birth", VET__SL_PLACE_OF_BIRTH}, {"programs", VET__SL_PROGRAM}};
  for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
    json_array_foreach(json_object_get(o, lists[k].k), i, val)
      if (json_is_string(val))
        ADD(vet__eb_strlist(eb, lists[k].l, json_string_value(val), json_string_length(val)));
  json_array_foreach(json_object_get(o, "dates_of_birth"), i, val) {
    const char *t = json_is_string(val) ? json_string_value(val) : str(val, "text");
    if (t) ADD(vet__eb_birth(eb, t, strlen(t)));
  }
  json_array_foreach(json_object_get(o, "ids"), i, val)
    ADD(vet__eb_id(eb, str(val, "type"), str(val, "number"), str(val, "country"), str(val, "note")));
  json_array_foreach(json_object_get(o, "citations"), i, val)
    ADD(vet__eb_citation(eb, json_is_string(val) ? json_string_value(val) : str(val, "text"),
                         str(val, "date")));
  json_object_foreach((json_t *)json_object_get(o, "attributes"), key, val) {
    if (json_is_string(val)) ADD(vet__eb_attr(eb, key, json_string_value(val), json_string_length(val)));
    else if (json_is_array(val)) {
      size_t j;
      const json_t *x;
      json_array_foreach(val, j, x)
        if (json_is_string(x)) ADD(vet__eb_attr(eb, key, json_string_value(x), json_string_length(x)));
    }
  }
  return VET_OK;
}
