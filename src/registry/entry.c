/* entry.c — an Entity List entry as data: canonical JSON, copies, and
 * field-by-field comparison.
 *
 * An amendment stores the whole entry as it stands after the amendment, in a
 * canonical JSON form (fixed key order, compact, empty fields left out), so
 * that the state of an entry on any date is one row and two amendments can be
 * compared field by field. The eight fields, in canonical order, are those of
 * supplement no. 4 to part 744: country, name, aliases, addresses, license
 * requirement, license review policy, footnotes, Federal Register citations.
 *
 * A vet__entry owns its strings in an arena; the vet_registry_entry view in it
 * stays valid until vet__entry_free() or the next copy/parse into it. */
#include "registry/registry_int.h"
#include "model/el_key.h"

#include <ctype.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *const vet__entry_field_names[VET__ENTRY_FIELDS] = {
  "country", "name", "aliases", "addresses", "license_requirement", "license_policy",
  "footnotes", "citations",
};

void vet__entry_init(vet__entry *x) {
  memset(x, 0, sizeof *x);
  vet__arena_init(&x->arena, 4096);
}

void vet__entry_free(vet__entry *x) {
  vet__arena_free(&x->arena);
  memset(&x->e, 0, sizeof x->e);
}

static const char *dup(vet__entry *x, const char *s) {
  return s && *s ? vet__arena_strdup(&x->arena, s) : NULL;
}

static int dup_list(vet__entry *x, const char *const *in, size_t n, const char *const **out,
                    size_t *nout) {
  *out = NULL;
  *nout = 0;
  if (!n) return 0;
  const char **l = vet__arena_alloc(&x->arena, n * sizeof *l);
  if (!l) return VET_ENOMEM;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (in[i] && *in[i]) {
      if (!(l[k] = vet__arena_strdup(&x->arena, in[i]))) return VET_ENOMEM;
      k++;
    }
  *out = l;
  *nout = k;
  return 0;
}

int vet__entry_copy(vet__entry *x, const vet_registry_entry *e) {
  vet__arena_reset(&x->arena);
  memset(&x->e, 0, sizeof x->e);
  x->e.key = dup(x, e->key);
  x->e.country = dup(x, e->country);
  x->e.name = dup(x, e->name);
  x->e.license_requirement = dup(x, e->license_requirement);
  x->e.license_policy = dup(x, e->license_policy);
  x->e.footnotes = dup(x, e->footnotes);
  if (dup_list(x, e->aliases, e->n_aliases, &x->e.aliases, &x->e.n_aliases) ||
      dup_list(x, e->addresses, e->n_addresses, &x->e.addresses, &x->e.n_addresses) ||
      dup_list(x, e->citations, e->n_citations, &x->e.citations, &x->e.n_citations))
    return VET_ENOMEM;
  return 0;
}

static void set_str(json_t *o, const char *k, const char *v) {
  if (v && *v) json_object_set_new(o, k, json_string(v));
}

static void set_list(json_t *o, const char *k, const char *const *l, size_t n) {
  if (!n) return;
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    if (l[i] && *l[i]) json_array_append_new(a, json_string(l[i]));
  if (json_array_size(a)) json_object_set_new(o, k, a);
  else json_decref(a);
}

char *vet__entry_to_json(const vet_registry_entry *e) {
  json_t *o = json_object();
  if (!o) return NULL;
  set_str(o, "key", e->key);
  set_str(o, "country", e->country);
  set_str(o, "name", e->name);
  set_list(o, "aliases", e->aliases, e->n_aliases);
  set_list(o, "addresses", e->addresses, e->n_addresses);
  set_str(o, "license_requirement", e->license_requirement);
  set_str(o, "license_policy", e->license_policy);
  set_str(o, "footnotes", e->footnotes);
  set_list(o, "citations", e->citations, e->n_citations);
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
  json_decref(o);
  return s;
}

/* *out: the string member k (NULL when absent or empty). VET_ENOMEM when it
 * could not be copied: an absent field and a failed copy must not look
 * alike. */
static int get_str(vet__entry *x, json_t *o, const char *k, const char **out) {
  const char *v = json_string_value(json_object_get(o, k));
  *out = dup(x, v);
  return v && *v && !*out ? VET_ENOMEM : 0;
}

static int get_list(vet__entry *x, json_t *o, const char *k, const char *const **out, size_t *n) {
  json_t *a = json_object_get(o, k);
  *out = NULL;
  *n = 0;
  if (!a) return 0;
  if (!json_is_array(a)) return VET_ECORRUPT;
  size_t m = json_array_size(a);
  const char **l = vet__arena_alloc(&x->arena, (m ? m : 1) * sizeof *l);
  if (!l) return VET_ENOMEM;
  for (size_t i = 0; i < m; i++) {
    const char *v = json_string_value(json_array_get(a, i));
    if (!v) return VET_ECORRUPT;
    if (!(l[*n] = vet__arena_strdup(&x->arena, v))) return VET_ENOMEM;
    (*n)++;
  }
  *out = l;
  return 0;
}

int vet__entry_from_json(vet__entry *x, const char *json) {
  vet__arena_reset(&x->arena);
  memset(&x->e, 0, sizeof x->e);
  json_error_t jerr;
  json_t *o = json ? json_loads(json, 0, &jerr) : NULL;
  if (!o || !json_is_object(o)) {
    json_decref(o);
    return VET_ECORRUPT;
  }
  int rc = get_str(x, o, "key", &x->e.key);
  if (!rc) rc = get_str(x, o, "country", &x->e.country);
  if (!rc) rc = get_str(x, o, "name", &x->e.name);
  if (!rc) rc = get_str(x, o, "license_requirement", &x->e.license_requirement);
  if (!rc) rc = get_str(x, o, "license_policy", &x->e.license_policy);
  if (!rc) rc = get_str(x, o, "footnotes", &x->e.footnotes);
  if (!rc) rc = get_list(x, o, "aliases", &x->e.aliases, &x->e.n_aliases);
  if (!rc) rc = get_list(x, o, "addresses", &x->e.addresses, &x->e.n_addresses);
  if (!rc) rc = get_list(x, o, "citations", &x->e.citations, &x->e.n_citations);
  json_decref(o);
  return rc;
}

/* *out: the list joined with " | ", malloc'd, or NULL when empty. A part
 * that failed must not leave a shorter value that reads as a change:
 * VET_ENOMEM then. */
static int join(const char *const *l, size_t n, char **out) {
  *out = NULL;
  if (!n) return 0;
  vet__buf b = VET__BUF_INIT;
  for (size_t i = 0; i < n; i++)
    if ((i && vet__buf_puts(&b, " | ")) || vet__buf_puts(&b, l[i])) {
      vet__buf_free(&b);
      return VET_ENOMEM;
    }
  return (*out = vet__buf_take(&b)) ? 0 : VET_ENOMEM;
}

/* *out: a malloc'd copy of s, or NULL when s is empty; VET_ENOMEM when the
 * copy failed (not "empty"). */
static int sdup(const char *s, char **out) {
  *out = s && *s ? strdup(s) : NULL;
  return s && *s && !*out ? VET_ENOMEM : 0;
}

/* *out: the value of field i as one string, malloc'd, or NULL when empty. */
static int entry_field(const vet_registry_entry *e, int i, char **out) {
  *out = NULL;
  switch (i) {
  case 0: return sdup(e->country, out);
  case 1: return sdup(e->name, out);
  case 2: return join(e->aliases, e->n_aliases, out);
  case 3: return join(e->addresses, e->n_addresses, out);
  case 4: return sdup(e->license_requirement, out);
  case 5: return sdup(e->license_policy, out);
  case 6: return sdup(e->footnotes, out);
  case 7: return join(e->citations, e->n_citations, out);
  }
  return 0;
}

int vet__entry_diff(const vet_registry_entry *a, const vet_registry_entry *b,
                    int (*fn)(void *, const char *, const char *, const char *), void *ud) {
  int rc = 0;
  for (int i = 0; i < VET__ENTRY_FIELDS && !rc; i++) {
    char *x = NULL, *y = NULL;
    if (a) rc = entry_field(a, i, &x);
    if (!rc && b) rc = entry_field(b, i, &y);
    if (!rc && ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0)))
      rc = fn(ud, vet__entry_field_names[i], x, y);
    free(x);
    free(y);
  }
  return rc;
}

void vet__entry_make_key(const char *country, const char *name, char *out, size_t size) {
  /* The same key the readers give: vet__el_key() of the country heading's
   * ISO code and the name ("ISRAEL", "NSO Group" -> "IL:nso-group"). */
  vet__buf b = VET__BUF_INIT;
  const char *cc = country ? vet__el_country_code(country) : NULL;
  if (!cc && country && strlen(country) == 2) cc = country;
  if (vet__el_key(cc, name ? name : "", name ? strlen(name) : 0, &b) == 0 && b.data)
    snprintf(out, size, "%s", b.data);
  else
    snprintf(out, size, "ZZ:entry");
  vet__buf_free(&b);
}

int vet__entry_from_entity(vet__entry *x, const vet_entity *e) {
  vet__arena_reset(&x->arena);
  memset(&x->e, 0, sizeof x->e);
  const char *country = NULL;
  for (size_t i = 0; i < e->n_addresses && !country; i++) country = e->addresses[i].country;
  for (size_t i = 0; i < e->n_attrs && !country; i++)
    if (e->attrs[i].key && !strcmp(e->attrs[i].key, "country")) country = e->attrs[i].value;
  x->e.key = dup(x, e->source_id);
  x->e.country = dup(x, country);
  x->e.name = e->n_names ? dup(x, e->names[0].text) : NULL;
  x->e.license_requirement = dup(x, e->license_requirement);
  x->e.license_policy = dup(x, e->license_policy);
  x->e.footnotes = dup(x, e->remarks);
  size_t n = e->n_names + e->n_addresses + e->n_citations + 1;
  const char **l = vet__arena_alloc(&x->arena, n * sizeof *l);
  if (!l) return VET_ENOMEM;
  x->e.aliases = l;
  for (size_t i = 1; i < e->n_names; i++)
    if (e->names[i].text && *e->names[i].text) l[x->e.n_aliases++] = dup(x, e->names[i].text);
  l += x->e.n_aliases;
  x->e.addresses = l;
  for (size_t i = 0; i < e->n_addresses; i++)
    if (e->addresses[i].text && *e->addresses[i].text) l[x->e.n_addresses++] = dup(x, e->addresses[i].text);
  l += x->e.n_addresses;
  x->e.citations = l;
  for (size_t i = 0; i < e->n_citations; i++) {
    const vet_citation *c = &e->citations[i];
    if (!c->text || !*c->text) continue;
    if (c->date && *c->date) {
      size_t len = strlen(c->text) + strlen(c->date) + 3;
      char *s = vet__arena_alloc(&x->arena, len);
      if (!s) return VET_ENOMEM;
      snprintf(s, len, "%s, %s", c->text, c->date);
      l[x->e.n_citations++] = s;
    } else {
      l[x->e.n_citations++] = dup(x, c->text);
    }
  }
  return 0;
}
