/* diff_format.c — a diff as JSON and as a report for people.
 *
 * Both forms carry the same facts: the provenance of each side (lists with
 * date, path and checksum), the totals, a breakdown per list, and the
 * entries in the order vet_diff_entry_at() gives them. The JSON form is
 * described in docs/UPDATES.md; added and removed entries include the full
 * entity (vet_entity_to_json's form) unless VET_DIFF_JSON_NO_ENTITIES. */
#include "diff/diff_int.h"
#include "model/entity_int.h"
#include "core/buf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- per-list breakdown */

typedef struct list_stat {
  const char *list_id;
  size_t old_n, new_n, added, removed, changed;
} list_stat;

typedef struct list_stats {
  list_stat *v;
  size_t n, cap;
} list_stats;

/* The counts of list `id` (borrowed, not copied), added if new; NULL on ENOMEM. */
static list_stat *stat_for(list_stats *ls, const char *id) {
  id = id ? id : "";
  for (size_t i = 0; i < ls->n; i++)
    if (!strcmp(ls->v[i].list_id, id)) return &ls->v[i];
  if (ls->n == ls->cap) {
    size_t cap = ls->cap ? ls->cap * 2 : 8;
    list_stat *v = realloc(ls->v, cap * sizeof *v);
    if (!v) return NULL;
    ls->v = v;
    ls->cap = cap;
  }
  list_stat *s = &ls->v[ls->n++];
  memset(s, 0, sizeof *s);
  s->list_id = id;
  return s;
}

/* Orders the per-list counts by list id. */
static int cmp_stat(const void *a, const void *b) {
  return strcmp(((const list_stat *)a)->list_id, ((const list_stat *)b)->list_id);
}

/* Counts per list id; the caller frees ls->v. Lists are few, so a linear
 * search per entity is cheap next to reading them. */
static int compute_stats(const vet_diff *d, list_stats *ls) {
  memset(ls, 0, sizeof *ls);
  const vet_diff_set *sets[2] = {vet__diff_old_set(d), vet__diff_new_set(d)};
  for (int k = 0; k < 2; k++) {
    list_stat *last = NULL;
    for (size_t i = 0; i < vet_diff_set_count(sets[k]); i++) {
      const vet_entity *e = vet_diff_set_entity(sets[k], i);
      const char *id = e->list_id ? e->list_id : "";
      if (!last || strcmp(last->list_id, id)) last = stat_for(ls, id);
      if (!last) return VET_ENOMEM;
      if (k == 0) last->old_n++;
      else last->new_n++;
    }
  }
  for (size_t i = 0; i < vet_diff_entry_count(d); i++) {
    const vet_diff_entry *x = vet_diff_entry_at(d, i);
    list_stat *s = stat_for(ls, x->list_id);
    if (!s) return VET_ENOMEM;
    if (x->kind == VET_DIFF_ADDED) s->added++;
    else if (x->kind == VET_DIFF_REMOVED) s->removed++;
    else s->changed++;
  }
  if (ls->n) qsort(ls->v, ls->n, sizeof *ls->v, cmp_stat);
  return VET_OK;
}

/* ---- JSON */

static void set_str(json_t *o, const char *k, const char *v) {
  if (v) json_object_set_new(o, k, json_string(v));
}

/* The provenance of one side as a new JSON object (the caller owns the reference). */
static json_t *side_json(const vet_diff_set *s) {
  json_t *o = json_object();
  json_object_set_new(o, "origin", json_string(vet_diff_set_origin(s)));
  json_object_set_new(o, "entities", json_integer((json_int_t)vet_diff_set_count(s)));
  json_object_set_new(o, "duplicate_keys", json_integer((json_int_t)vet_diff_set_duplicates(s)));
  json_t *a = json_array();
  for (size_t i = 0; i < vet_diff_set_list_count(s); i++) {
    const vet_list_info *li = vet_diff_set_list(s, i);
    json_t *x = json_object();
    set_str(x, "list_id", li->list_id);
    set_str(x, "name", li->name);
    set_str(x, "format", li->format);
    set_str(x, "path", li->path);
    set_str(x, "date", li->date);
    set_str(x, "checksum", li->checksum);
    json_object_set_new(x, "entities", json_integer((json_int_t)li->n_entities));
    json_object_set_new(x, "rejected", json_integer((json_int_t)li->n_rejected));
    json_array_append_new(a, x);
  }
  json_object_set_new(o, "lists", a);
  return o;
}

/* A new JSON array of the n strings (copied; the caller owns the reference). */
static json_t *str_array(const char *const *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(v[i]));
  return a;
}

/* One entry as a new JSON object (the caller owns the reference). */
static json_t *entry_json(const vet_diff_entry *x, int flags) {
  json_t *o = json_object();
  set_str(o, "list_id", x->list_id);
  set_str(o, "source_id", x->source_id);
  set_str(o, "name", x->name);
  const vet_entity *e = x->new_entity ? x->new_entity : x->old_entity;
  json_object_set_new(o, "type", json_string(vet_entity_type_name(e->type)));
  if (x->kind == VET_DIFF_CHANGED) {
    json_t *a = json_array();
    for (size_t i = 0; i < x->n_changes; i++) {
      const vet_diff_change *c = &x->changes[i];
      json_t *y = json_object();
      json_object_set_new(y, "field", json_string(c->field));
      if (c->is_list) {
        json_object_set_new(y, "removed", str_array(c->removed, c->n_removed));
        json_object_set_new(y, "added", str_array(c->added, c->n_added));
      } else {
        json_object_set_new(y, "old", c->old_value ? json_string(c->old_value) : json_null());
        json_object_set_new(y, "new", c->new_value ? json_string(c->new_value) : json_null());
      }
      json_array_append_new(a, y);
    }
    json_object_set_new(o, "changes", a);
  } else if (!(flags & VET_DIFF_JSON_NO_ENTITIES)) {
    json_object_set_new(o, "entity", vet__entity_json(e));
  }
  return o;
}

char *vet_diff_to_json(const vet_diff *d, int flags) {
  if (!d) return NULL;
  list_stats ls;
  if (compute_stats(d, &ls)) {
    free(ls.v);
    return NULL;
  }
  vet_diff_summary s = vet_diff_get_summary(d);
  json_t *root = json_object();
  json_object_set_new(root, "old", side_json(vet__diff_old_set(d)));
  json_object_set_new(root, "new", side_json(vet__diff_new_set(d)));
  json_t *sum = json_object();
  json_object_set_new(sum, "old_entities", json_integer((json_int_t)s.old_entities));
  json_object_set_new(sum, "new_entities", json_integer((json_int_t)s.new_entities));
  json_object_set_new(sum, "added", json_integer((json_int_t)s.added));
  json_object_set_new(sum, "removed", json_integer((json_int_t)s.removed));
  json_object_set_new(sum, "changed", json_integer((json_int_t)s.changed));
  json_object_set_new(sum, "unchanged", json_integer((json_int_t)s.unchanged));
  json_object_set_new(root, "summary", sum);
  json_t *lists = json_array();
  for (size_t i = 0; i < ls.n; i++) {
    const list_stat *t = &ls.v[i];
    json_t *x = json_object();
    json_object_set_new(x, "list_id", json_string(t->list_id));
    json_object_set_new(x, "old_entities", json_integer((json_int_t)t->old_n));
    json_object_set_new(x, "new_entities", json_integer((json_int_t)t->new_n));
    json_object_set_new(x, "added", json_integer((json_int_t)t->added));
    json_object_set_new(x, "removed", json_integer((json_int_t)t->removed));
    json_object_set_new(x, "changed", json_integer((json_int_t)t->changed));
    json_object_set_new(x, "unchanged",
                        json_integer((json_int_t)(t->new_n - t->added - t->changed)));
    json_array_append_new(lists, x);
  }
  json_object_set_new(root, "lists", lists);
  free(ls.v);
  json_t *arr[3] = {json_array(), json_array(), json_array()};
  for (size_t i = 0; i < vet_diff_entry_count(d) && !(flags & VET_DIFF_JSON_SUMMARY); i++) {
    const vet_diff_entry *x = vet_diff_entry_at(d, i);
    json_array_append_new(arr[x->kind - 1], entry_json(x, flags));
  }
  if (flags & VET_DIFF_JSON_SUMMARY) {
    for (int k = 0; k < 3; k++) json_decref(arr[k]);
  } else {
    json_object_set_new(root, "added", arr[0]);
    json_object_set_new(root, "removed", arr[1]);
    json_object_set_new(root, "changed", arr[2]);
  }
  char *out = json_dumps(root, JSON_PRESERVE_ORDER |
                                   ((flags & VET_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT));
  json_decref(root);
  return out;
}

/* ---- text */

#define P(...) do { if (vet__buf_printf(b, __VA_ARGS__)) return VET_ENOMEM; } while (0)

/* Appends the provenance lines of one side to b. */
static int side_text(vet__buf *b, const char *label, const vet_diff_set *s) {
  P("%s: %zu entities from %s", label, vet_diff_set_count(s),
    !strcmp(vet_diff_set_origin(s), "snapshot") ? "a snapshot" : "list files");
  if (vet_diff_set_duplicates(s)) P(" (%zu repeat a list id already seen)", vet_diff_set_duplicates(s));
  P("\n");
  for (size_t i = 0; i < vet_diff_set_list_count(s); i++) {
    const vet_list_info *li = vet_diff_set_list(s, i);
    const char *ck = li->checksum ? li->checksum : "";
    if (!strncmp(ck, "sha256:", 7)) ck += 7;
    P("  %-12s %-10s %7llu entities  %s  sha256 %.12s  %s\n", li->list_id ? li->list_id : "?",
      li->date ? li->date : "-", (unsigned long long)li->n_entities, li->format ? li->format : "",
      ck[0] ? ck : "-", li->path ? li->path : "");
  }
  return VET_OK;
}

/* A list of items on one line, separated by "; ". */
static int joined(vet__buf *b, const char *label, const vet_entity *e, size_t n,
                  const char *(*get)(const vet_entity *, size_t)) {
  if (!n) return VET_OK;
  P("      %s: ", label);
  for (size_t i = 0; i < n; i++) P("%s%s", i ? "; " : "", get(e, i));
  P("\n");
  return VET_OK;
}
static const char *get_program(const vet_entity *e, size_t i) { return e->programs[i]; }
static const char *get_alias(const vet_entity *e, size_t i) { return e->names[i + 1].text; }
static const char *get_address(const vet_entity *e, size_t i) {
  return e->addresses[i].text ? e->addresses[i].text : "";
}
static const char *get_citation(const vet_entity *e, size_t i) { return e->citations[i].text; }

/* Appends what an added or removed entity is: aliases, addresses, programs, ... */
static int entity_brief(vet__buf *b, const vet_entity *e) {
  if (joined(b, "aliases", e, e->n_names > 1 ? e->n_names - 1 : 0, get_alias) ||
      joined(b, "addresses", e, e->n_addresses, get_address) ||
      joined(b, "programs", e, e->n_programs, get_program) ||
      joined(b, "citations", e, e->n_citations, get_citation))
    return VET_ENOMEM;
  if (e->n_ids || e->n_births) P("      %zu ids, %zu dates of birth\n", e->n_ids, e->n_births);
  if (e->license_requirement) P("      license requirement: %s\n", e->license_requirement);
  return VET_OK;
}

/* Appends one entry: its head line and, for a changed one, each change. */
static int entry_text(vet__buf *b, const vet_diff_entry *x) {
  static const char mark[] = {' ', '+', '-', '~'};
  const vet_entity *e = x->new_entity ? x->new_entity : x->old_entity;
  P("  %c %s %s  %s (%s)\n", mark[x->kind], x->list_id ? x->list_id : "?",
    x->source_id ? x->source_id : "?", x->name ? x->name : "", vet_entity_type_name(e->type));
  if (x->kind != VET_DIFF_CHANGED) return entity_brief(b, e);
  for (size_t i = 0; i < x->n_changes; i++) {
    const vet_diff_change *c = &x->changes[i];
    if (!c->is_list) {
      P("      %s: %s%s%s -> %s%s%s\n", c->field, c->old_value ? "\"" : "",
        c->old_value ? c->old_value : "(none)", c->old_value ? "\"" : "",
        c->new_value ? "\"" : "", c->new_value ? c->new_value : "(none)",
        c->new_value ? "\"" : "");
      continue;
    }
    P("      %s:\n", c->field);
    for (size_t k = 0; k < c->n_removed; k++) P("        - %s\n", c->removed[k]);
    for (size_t k = 0; k < c->n_added; k++) P("        + %s\n", c->added[k]);
  }
  return VET_OK;
}

/* Appends the whole report (see docs/UPDATES.md) to b; VET_ENOMEM on failure. */
static int report(vet__buf *b, const vet_diff *d, int flags) {
  vet_diff_summary s = vet_diff_get_summary(d);
  if (side_text(b, "old", vet__diff_old_set(d)) || side_text(b, "new", vet__diff_new_set(d)))
    return VET_ENOMEM;
  P("\n%zu added, %zu removed, %zu changed, %zu unchanged\n", s.added, s.removed, s.changed,
    s.unchanged);
  list_stats ls;
  int rc = compute_stats(d, &ls);
  for (size_t i = 0; i < ls.n && !rc; i++) {
    const list_stat *t = &ls.v[i];
    rc = vet__buf_printf(b, "  %-12s %7zu -> %7zu entities   +%zu -%zu ~%zu\n", t->list_id,
                         t->old_n, t->new_n, t->added, t->removed, t->changed);
  }
  free(ls.v);
  if (rc) return VET_ENOMEM;
  if (flags & VET_DIFF_TEXT_SUMMARY) return VET_OK;
  static const char *const titles[] = {"", "Added", "Removed", "Changed"};
  int kind = 0;
  for (size_t i = 0; i < vet_diff_entry_count(d); i++) {
    const vet_diff_entry *x = vet_diff_entry_at(d, i);
    if ((int)x->kind != kind) {
      kind = (int)x->kind;
      size_t n = kind == VET_DIFF_ADDED ? s.added : kind == VET_DIFF_REMOVED ? s.removed : s.changed;
      P("\n%s (%zu)\n", titles[kind], n);
    }
    if (entry_text(b, x)) return VET_ENOMEM;
  }
  return VET_OK;
}

char *vet_diff_to_text(const vet_diff *d, int flags) {
  if (!d) return NULL;
  vet__buf b = VET__BUF_INIT;
  if (report(&b, d, flags)) {
    vet__buf_free(&b);
    return NULL;
  }
  return vet__buf_take(&b);
}
