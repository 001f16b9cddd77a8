/* diff.c — comparing two entity sets field by field.
 *
 * Every entity of NEW is looked up in OLD by its key (hash lookup, so the
 * whole comparison is linear in the size of the two sets). Matched pairs are
 * compared field by field: single-valued fields by their text; list fields
 * by rendering each item as one line (see item_text()) and taking the
 * multiset difference of the two sorted item lists, so that order does not
 * count but a repeat does. OLD entities no NEW entity matched are removed.
 *
 * Everything a diff hands out (entries, changes, item strings) lives in its
 * own arena; entities are borrowed from the sets. */
#include "diff/diff_int.h"
#include "snapshot/extra.h"
#include "core/buf.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

struct vet_diff {
  vet__arena arena;
  vet_diff_entry *entries;     /* malloc'd */
  size_t n, cap;
  vet_diff_summary summary;
  const vet_diff_set *old_set, *new_set;
};

const char *vet_diff_kind_name(vet_diff_kind kind) {
  switch (kind) {
  case VET_DIFF_ADDED: return "added";
  case VET_DIFF_REMOVED: return "removed";
  case VET_DIFF_CHANGED: return "changed";
  }
  return "changed";
}

/* 1 if s is a non-empty run of ASCII digits. */
static int all_digits(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

int vet__diff_idcmp(const char *a, const char *b) {
  a = a ? a : "";
  b = b ? b : "";
  if (all_digits(a) && all_digits(b)) {
    const char *x = a, *y = b;
    while (*x == '0' && x[1]) x++;
    while (*y == '0' && y[1]) y++;
    size_t lx = strlen(x), ly = strlen(y);
    if (lx != ly) return lx < ly ? -1 : 1;
    int c = strcmp(x, y);
    if (c) return c;
  }
  return strcmp(a, b);
}

/* ---- rendering list items as one line each */

typedef enum list_field {
  LF_ALIASES, LF_ADDRESSES, LF_BIRTHS, LF_PLACES_OF_BIRTH, LF_NATIONALITIES, LF_CITIZENSHIPS,
  LF_IDS, LF_PROGRAMS, LF_CITATIONS, LF_ATTRS
} list_field;

/* How many items field f of e has (aliases: the names after the primary one). */
static size_t item_count(const vet_entity *e, list_field f) {
  switch (f) {
  case LF_ALIASES: return e->n_names > 1 ? e->n_names - 1 : 0;
  case LF_ADDRESSES: return e->n_addresses;
  case LF_BIRTHS: return e->n_births;
  case LF_PLACES_OF_BIRTH: return e->n_places_of_birth;
  case LF_NATIONALITIES: return e->n_nationalities;
  case LF_CITIZENSHIPS: return e->n_citizenships;
  case LF_IDS: return e->n_ids;
  case LF_PROGRAMS: return e->n_programs;
  case LF_CITATIONS: return e->n_citations;
  case LF_ATTRS: return e->n_attrs;
  }
  return 0;
}

/* Appends " [a; b]" for the non-NULL annotations given. */
static int annotate(vet__buf *b, const char *const *notes, size_t n) {
  int open = 0, rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    if (!notes[i] || !notes[i][0]) continue;
    rc = vet__buf_puts(b, open ? "; " : " [");
    if (!rc) rc = vet__buf_puts(b, notes[i]);
    open = 1;
  }
  if (open && !rc) rc = vet__buf_putc(b, ']');
  return rc;
}

static const char *strength_label(vet_name_strength s) {
  return s == VET_STRENGTH_STRONG ? "strong" : s == VET_STRENGTH_WEAK ? "weak" : NULL;
}

/* Item i of field f as one line, into b (cleared first). */
static int item_text(vet__buf *b, const vet_entity *e, list_field f, size_t i) {
  vet__buf_clear(b);
  int rc = 0;
  switch (f) {
  case LF_ALIASES: {
    const vet_name *n = &e->names[i + 1];
    const char *notes[] = {n->kind == VET_NAME_AKA ? NULL : vet_name_kind_name(n->kind),
                           strength_label(n->strength), n->quality, n->script};
    rc = vet__buf_puts(b, n->text ? n->text : "");
    if (!rc) rc = annotate(b, notes, 4);
    break;
  }
  case LF_ADDRESSES: {
    const vet_address *a = &e->addresses[i];
    if (a->text) rc = vet__buf_puts(b, a->text);
    else {
      const char *parts[] = {a->street, a->city, a->state, a->postal_code, a->country};
      for (size_t k = 0; k < 5 && !rc; k++)
        if (parts[k]) rc = vet__buf_printf(b, "%s%s", b->len ? ", " : "", parts[k]);
    }
    if (!rc) rc = annotate(b, &a->note, 1);
    break;
  }
  case LF_BIRTHS: rc = vet__buf_puts(b, e->births[i].text ? e->births[i].text : ""); break;
  case LF_PLACES_OF_BIRTH: rc = vet__buf_puts(b, e->places_of_birth[i]); break;
  case LF_NATIONALITIES: rc = vet__buf_puts(b, e->nationalities[i]); break;
  case LF_CITIZENSHIPS: rc = vet__buf_puts(b, e->citizenships[i]); break;
  case LF_PROGRAMS: rc = vet__buf_puts(b, e->programs[i]); break;
  case LF_IDS: {
    const vet_identifier *d = &e->ids[i];
    const char *notes[] = {d->country, d->note};
    rc = vet__buf_printf(b, "%s%s%s", d->type ? d->type : "", d->type && d->number ? " " : "",
                         d->number ? d->number : "");
    if (!rc) rc = annotate(b, notes, 2);
    break;
  }
  case LF_CITATIONS:
    rc = vet__buf_puts(b, e->citations[i].text ? e->citations[i].text : "");
    if (!rc) rc = annotate(b, &e->citations[i].date, 1);
    break;
  case LF_ATTRS:
    rc = vet__buf_printf(b, "%s: %s", e->attrs[i].key ? e->attrs[i].key : "",
                         e->attrs[i].value ? e->attrs[i].value : "");
    break;
  }
  if (!rc && !b->data) rc = vet__buf_puts(b, "");
  return rc;
}

/* qsort comparator of C strings, bytewise. */
static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The items of field f of e, rendered and sorted, in the arena. */
static int items(vet__arena *arena, vet__buf *b, const vet_entity *e, list_field f,
                 const char ***out, size_t *n) {
  *n = e ? item_count(e, f) : 0;
  *out = NULL;
  if (!*n) return VET_OK;
  const char **v = vet__arena_alloc(arena, *n * sizeof *v);
  if (!v) return VET_ENOMEM;
  for (size_t i = 0; i < *n; i++) {
    if (item_text(b, e, f, i)) return VET_ENOMEM;
    if (!(v[i] = vet__arena_strndup(arena, b->data, b->len))) return VET_ENOMEM;
  }
  qsort(v, *n, sizeof *v, cmp_cstr);
  *out = v;
  return VET_OK;
}

/* ---- comparing one pair */

typedef struct change_list {
  vet_diff_change v[32];
  size_t n;
} change_list;

static const char *opt(const char *s) { return s && s[0] ? s : NULL; }

/* Records a single-valued field when a and b differ (NULL and "" are "not set").
 * The strings stay borrowed from the entities. */
static void single(change_list *cl, const char *field, const char *a, const char *b) {
  a = opt(a);
  b = opt(b);
  if ((!a && !b) || (a && b && !strcmp(a, b))) return;
  vet_diff_change *c = &cl->v[cl->n++];
  memset(c, 0, sizeof *c);
  c->field = field;
  c->old_value = a;
  c->new_value = b;
}

static int multi(vet__arena *arena, vet__buf *b, change_list *cl, const char *field,
                 const vet_entity *o, const vet_entity *n, list_field f) {
  const char **ov, **nv;
  size_t on, nn;
  if (items(arena, b, o, f, &ov, &on) || items(arena, b, n, f, &nv, &nn)) return VET_ENOMEM;
  size_t i = 0, j = 0, nr = 0, na = 0;
  const char **rem = on ? vet__arena_alloc(arena, on * sizeof *rem) : NULL;
  const char **add = nn ? vet__arena_alloc(arena, nn * sizeof *add) : NULL;
  if ((on && !rem) || (nn && !add)) return VET_ENOMEM;
  while (i < on || j < nn) {
    int c = i == on ? 1 : j == nn ? -1 : strcmp(ov[i], nv[j]);
    if (c == 0) i++, j++;
    else if (c < 0) rem[nr++] = ov[i++];
    else add[na++] = nv[j++];
  }
  if (!nr && !na) return VET_OK;
  vet_diff_change *c = &cl->v[cl->n++];
  memset(c, 0, sizeof *c);
  c->field = field;
  c->is_list = 1;
  c->removed = rem;
  c->n_removed = nr;
  c->added = add;
  c->n_added = na;
  return VET_OK;
}

/* Fills cl with the fields that differ between o and n, in report order. */
static int compare(vet__arena *arena, vet__buf *b, const vet_entity *o, const vet_entity *n,
                   change_list *cl) {
  cl->n = 0;
  single(cl, "name", o->n_names ? o->names[0].text : NULL, n->n_names ? n->names[0].text : NULL);
  single(cl, "type", vet_entity_type_name(o->type), vet_entity_type_name(n->type));
  static const struct { const char *name; list_field f; } lists1[] = {
    {"aliases", LF_ALIASES}, {"addresses", LF_ADDRESSES}, {"dates_of_birth", LF_BIRTHS},
    {"places_of_birth", LF_PLACES_OF_BIRTH}, {"nationalities", LF_NATIONALITIES},
    {"citizenships", LF_CITIZENSHIPS}, {"ids", LF_IDS}, {"programs", LF_PROGRAMS}};
  for (size_t i = 0; i < sizeof lists1 / sizeof *lists1; i++)
    if (multi(arena, b, cl, lists1[i].name, o, n, lists1[i].f)) return VET_ENOMEM;
  single(cl, "listing_date", o->listing_date, n->listing_date);
  single(cl, "license_requirement", o->license_requirement, n->license_requirement);
  single(cl, "license_policy", o->license_policy, n->license_policy);
  if (multi(arena, b, cl, "citations", o, n, LF_CITATIONS)) return VET_ENOMEM;
  single(cl, "remarks", o->remarks, n->remarks);
  if (multi(arena, b, cl, "attributes", o, n, LF_ATTRS)) return VET_ENOMEM;
  single(cl, "source_list", o->source_list, n->source_list);
  single(cl, "source_url", o->source_url, n->source_url);
  return VET_OK;
}

/* ---- the whole diff */

static vet_diff_entry *push(vet_diff *d) {
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 256;
    vet_diff_entry *v = realloc(d->entries, cap * sizeof *v);
    if (!v) return NULL;
    d->entries = v;
    d->cap = cap;
  }
  vet_diff_entry *e = &d->entries[d->n++];
  memset(e, 0, sizeof *e);
  return e;
}

/* The order of vet_diff_entry_at(): kind, list id, source id. */
static int cmp_entry(const void *pa, const void *pb) {
  const vet_diff_entry *a = pa, *b = pb;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  int c = strcmp(a->list_id ? a->list_id : "", b->list_id ? b->list_id : "");
  if (c) return c;
  c = vet__diff_idcmp(a->source_id, b->source_id);
  if (c) return c;
  /* Repeated keys: keep them in a stable order by their entity's address. */
  const vet_entity *ea = a->new_entity ? a->new_entity : a->old_entity;
  const vet_entity *eb = b->new_entity ? b->new_entity : b->old_entity;
  return ea < eb ? -1 : ea > eb;
}

static const char *primary(const vet_entity *e) {
  return e && e->n_names ? e->names[0].text : NULL;
}

int vet_diff_compute(const vet_diff_set *os, const vet_diff_set *ns, vet_diff **out,
                     vet_error *err) {
  if (!os || !ns || !out) return vet__error_set(err, VET_EINVAL, "no set or no output given");
  *out = NULL;
  vet_diff *d = calloc(1, sizeof *d);
  unsigned char *matched = calloc(os->n ? os->n : 1, 1);
  vet__buf b = VET__BUF_INIT;
  if (!d || !matched) goto nomem;
  vet__arena_init(&d->arena, 65536);
  d->old_set = os;
  d->new_set = ns;
  d->summary.old_entities = os->n;
  d->summary.new_entities = ns->n;
  for (size_t i = 0; i < ns->n; i++) {
    const vet_entity *ne = &ns->entities[i];
    long k = vet__diff_set_find(os, ne->list_id, ne->source_id, ns->occurrence[i]);
    if (k < 0) {
      vet_diff_entry *x = push(d);
      if (!x) goto nomem;
      x->kind = VET_DIFF_ADDED;
      x->new_entity = ne;
      d->summary.added++;
    } else {
      const vet_entity *oe = &os->entities[k];
      matched[k] = 1;
      change_list cl;
      if (compare(&d->arena, &b, oe, ne, &cl)) goto nomem;
      if (!cl.n) {
        d->summary.unchanged++;
        continue;
      }
      vet_diff_change *ch = vet__arena_alloc(&d->arena, cl.n * sizeof *ch);
      vet_diff_entry *x = push(d);
      if (!ch || !x) goto nomem;
      memcpy(ch, cl.v, cl.n * sizeof *ch);
      x->kind = VET_DIFF_CHANGED;
      x->old_entity = oe;
      x->new_entity = ne;
      x->changes = ch;
      x->n_changes = cl.n;
      d->summary.changed++;
    }
  }
  for (size_t k = 0; k < os->n; k++) {
    if (matched[k]) continue;
    vet_diff_entry *x = push(d);
    if (!x) goto nomem;
    x->kind = VET_DIFF_REMOVED;
    x->old_entity = &os->entities[k];
    d->summary.removed++;
  }
  for (size_t i = 0; i < d->n; i++) {
    vet_diff_entry *x = &d->entries[i];
    const vet_entity *e = x->new_entity ? x->new_entity : x->old_entity;
    x->list_id = e->list_id;
    x->source_id = e->source_id;
    x->name = primary(x->new_entity) ? primary(x->new_entity) : primary(x->old_entity);
  }
  if (d->n) qsort(d->entries, d->n, sizeof *d->entries, cmp_entry);
  free(matched);
  vet__buf_free(&b);
  *out = d;
  return VET_OK;
nomem:
  free(matched);
  vet__buf_free(&b);
  vet_diff_free(d);
  return vet__error_set(err, VET_ENOMEM, "out of memory");
}

void vet_diff_free(vet_diff *d) {
  if (!d) return;
  vet__arena_free(&d->arena);
  free(d->entries);
  free(d);
}

vet_diff_summary vet_diff_get_summary(const vet_diff *d) {
  vet_diff_summary s;
  memset(&s, 0, sizeof s);
  return d ? d->summary : s;
}

size_t vet_diff_entry_count(const vet_diff *d) { return d ? d->n : 0; }

const vet_diff_entry *vet_diff_entry_at(const vet_diff *d, size_t i) {
  return d && i < d->n ? &d->entries[i] : NULL;
}

const vet_diff_set *vet__diff_old_set(const vet_diff *d) { return d->old_set; }
const vet_diff_set *vet__diff_new_set(const vet_diff *d) { return d->new_set; }

int vet_diff_write_snapshot(const vet_diff *d, unsigned kinds, const char *path, vet_error *err) {
  if (!d || !path) return vet__error_set(err, VET_EINVAL, "no diff or no path given");
  size_t n = 0;
  for (size_t i = 0; i < d->n; i++) {
    vet_diff_kind k = d->entries[i].kind;
    n += (k == VET_DIFF_ADDED && (kinds & VET_DIFF_SNAP_ADDED)) ||
         (k == VET_DIFF_CHANGED && (kinds & VET_DIFF_SNAP_CHANGED));
  }
  if (!n) return vet__error_set(err, VET_EEMPTY, "no added or changed entity to write to %s", path);
  vet_builder *b = vet_builder_new(NULL);
  if (!b) return vet__error_set(err, VET_ENOMEM, "out of memory");
  int rc = VET_OK;
  const vet_diff_set *ns = d->new_set;
  /* List by list of NEW, in NEW's order, the entries of that list. */
  for (size_t k = 0; k < ns->n_lists && !rc; k++) {
    const vet_list_info *li = &ns->lists[k];
    int open = 0;
    for (size_t i = 0; i < d->n && !rc; i++) {
      const vet_diff_entry *x = &d->entries[i];
      int want = (x->kind == VET_DIFF_ADDED && (kinds & VET_DIFF_SNAP_ADDED)) ||
                 (x->kind == VET_DIFF_CHANGED && (kinds & VET_DIFF_SNAP_CHANGED));
      if (!want || !x->list_id || !li->list_id || strcmp(x->list_id, li->list_id)) continue;
      if (!open) {
        rc = vet_builder_begin_list(b, li, err);
        open = !rc;
      }
      if (!rc) rc = vet_builder_add_entity(b, x->new_entity, err);
    }
    if (open && !rc) rc = vet_builder_end_list(b, err);
  }
  /* What this is a delta of (delta_info.c), counted from what was added. */
  if (!rc) {
    size_t added = 0, changed = 0;
    for (size_t i = 0; i < d->n; i++) {
      const vet_diff_entry *x = &d->entries[i];
      if (x->kind == VET_DIFF_ADDED && (kinds & VET_DIFF_SNAP_ADDED)) added++;
      if (x->kind == VET_DIFF_CHANGED && (kinds & VET_DIFF_SNAP_CHANGED)) changed++;
    }
    char *prov = vet__delta_info_json(d, kinds & (VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED),
                                      added, changed);
    rc = prov ? vet__builder_add_section(b, "DELTA", prov, strlen(prov)) : VET_ENOMEM;
    free(prov);
    if (rc) rc = vet__error_set(err, rc, "recording the delta's provenance: %s", vet_strerror(rc));
  }
  if (!rc) rc = vet_builder_write(b, path, err);
  vet_builder_free(b);
  return rc;
}
