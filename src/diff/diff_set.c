/* diff_set.c — one side of a diff: every entity of one version of the lists.
 *
 * Entities are deep-copied into the set's arena as they arrive (from a
 * reader's callback, a snapshot or the caller) and indexed by their key
 * (list_id, source_id, occurrence) in an open-addressing hash table with
 * linear probing, kept at most half full. The provenance of each list read
 * (date, checksum, path) is kept for the report. */
#include "diff/diff_int.h"
#include "core/hash.h"
#include "core/error.h"
#include "snapshot/format.h"
#include "io/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vet_diff_set *vet_diff_set_new(void) {
  vet_diff_set *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  vet__arena_init(&s->arena, 65536);
  s->origin = "entities";
  return s;
}

void vet_diff_set_free(vet_diff_set *s) {
  if (!s) return;
  vet__arena_free(&s->arena);
  free(s->entities);
  free(s->occurrence);
  free(s->slots);
  free(s->lists);
  free(s);
}

/* FNV-1a over the key; never 0, which marks an empty slot. */
static uint64_t key_hash(const char *list_id, const char *source_id, uint32_t occ) {
  const char *l = list_id ? list_id : "", *s = source_id ? source_id : "";
  const unsigned char o[4] = {occ & 0xFF, (occ >> 8) & 0xFF, (occ >> 16) & 0xFF, occ >> 24};
  uint64_t h = vet__fnv1a64_more(VET__FNV64_BASIS, l, strlen(l) + 1);   /* with the NUL: a separator */
  h = vet__fnv1a64_more(h, s, strlen(s) + 1);
  h = vet__fnv1a64_more(h, o, sizeof o);
  return h ? h : 1;
}

/* String equality with NULL read as "". */
static int streq(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "") == 0;
}

long vet__diff_set_find(const vet_diff_set *s, const char *list_id, const char *source_id,
                        uint32_t occ) {
  if (!s->n_slots) return -1;
  uint64_t h = key_hash(list_id, source_id, occ);
  size_t mask = s->n_slots - 1;
  for (size_t i = (size_t)h & mask; s->slots[i].hash; i = (i + 1) & mask) {
    if (s->slots[i].hash != h) continue;
    const vet_entity *e = &s->entities[s->slots[i].entity];
    if (s->occurrence[s->slots[i].entity] == occ && streq(e->list_id, list_id) &&
        streq(e->source_id, source_id))
      return (long)s->slots[i].entity;
  }
  return -1;
}

/* Puts entity number `entity` with hash h in the first free slot (linear probing). */
static void slot_put(vet__diff_slot *slots, size_t n_slots, uint64_t h, uint32_t entity) {
  size_t mask = n_slots - 1, i = (size_t)h & mask;
  while (slots[i].hash) i = (i + 1) & mask;
  slots[i].hash = h;
  slots[i].entity = entity;
}

/* Doubles the table when adding one more entry would make it more than half full. */
static int grow_slots(vet_diff_set *s) {
  if ((s->n + 1) * 2 <= s->n_slots) return VET_OK;
  size_t n = s->n_slots ? s->n_slots * 2 : 1024;
  vet__diff_slot *slots = calloc(n, sizeof *slots);
  if (!slots) return VET_ENOMEM;
  for (size_t i = 0; i < s->n_slots; i++)
    if (s->slots[i].hash) slot_put(slots, n, s->slots[i].hash, s->slots[i].entity);
  free(s->slots);
  s->slots = slots;
  s->n_slots = n;
  return VET_OK;
}

int vet_diff_set_add_entity(vet_diff_set *s, const vet_entity *e, vet_error *err) {
  if (!s || !e) return vet__error_set(err, VET_EINVAL, "no set or no entity given");
  if (s->n >= UINT32_MAX - 1) return vet__error_set(err, VET_EINVAL, "too many entities");
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    vet_entity *v = realloc(s->entities, cap * sizeof *v);
    if (!v) return vet__error_set(err, VET_ENOMEM, "out of memory");
    s->entities = v;
    uint32_t *o = realloc(s->occurrence, cap * sizeof *o);
    if (!o) return vet__error_set(err, VET_ENOMEM, "out of memory");
    s->occurrence = o;
    s->cap = cap;
  }
  if (grow_slots(s)) return vet__error_set(err, VET_ENOMEM, "out of memory");
  vet_entity *dst = &s->entities[s->n];
  if (vet__entity_copy(&s->arena, e, dst)) return vet__error_set(err, VET_ENOMEM, "out of memory");
  uint32_t occ = 0;
  while (vet__diff_set_find(s, e->list_id, e->source_id, occ) >= 0) occ++;
  if (occ) s->duplicates++;
  s->occurrence[s->n] = occ;
  slot_put(s->slots, s->n_slots, key_hash(e->list_id, e->source_id, occ), (uint32_t)s->n);
  s->n++;
  return VET_OK;
}

int vet_diff_set_add_list(vet_diff_set *s, const vet_list_info *info, vet_error *err) {
  if (!s || !info) return vet__error_set(err, VET_EINVAL, "no set or no list given");
  if (s->n_lists == s->cap_lists) {
    size_t cap = s->cap_lists ? s->cap_lists * 2 : 8;
    vet_list_info *v = realloc(s->lists, cap * sizeof *v);
    if (!v) return vet__error_set(err, VET_ENOMEM, "out of memory");
    s->lists = v;
    s->cap_lists = cap;
  }
  vet_list_info *d = &s->lists[s->n_lists];
  *d = *info;
  const char **fields[] = {&d->list_id, &d->name, &d->format, &d->path, &d->date,
                           &d->checksum, &d->loaded_at};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    if (!*fields[i]) continue;
    const char *c = vet__arena_strdup(&s->arena, *fields[i]);
    if (!c) return vet__error_set(err, VET_ENOMEM, "out of memory");
    *fields[i] = c;
  }
  s->n_lists++;
  return VET_OK;
}

size_t vet_diff_set_count(const vet_diff_set *s) { return s ? s->n : 0; }
size_t vet_diff_set_duplicates(const vet_diff_set *s) { return s ? s->duplicates : 0; }
size_t vet_diff_set_list_count(const vet_diff_set *s) { return s ? s->n_lists : 0; }
const char *vet_diff_set_origin(const vet_diff_set *s) { return s ? s->origin : "entities"; }

const vet_list_info *vet_diff_set_list(const vet_diff_set *s, size_t i) {
  return s && i < s->n_lists ? &s->lists[i] : NULL;
}

const vet_entity *vet_diff_set_entity(const vet_diff_set *s, size_t i) {
  return s && i < s->n ? &s->entities[i] : NULL;
}

/* ---- loading */

typedef struct load_ctx {
  vet_diff_set *set;
  vet_diag_fn diag;
  void *diag_userdata;
  vet_error *err;
  int failed;
} load_ctx;

/* Reader callbacks of a load: entities and list infos are copied into the set. */
static int on_entity(void *ud, const vet_entity *e) {
  load_ctx *c = ud;
  if (vet_diff_set_add_entity(c->set, e, c->err)) {
    c->failed = 1;
    return 1;
  }
  return 0;
}

static void on_list(void *ud, const vet_list_info *info) {
  load_ctx *c = ud;
  if (!c->failed && vet_diff_set_add_list(c->set, info, c->err)) c->failed = 1;
}

static void on_diag(void *ud, const vet_diag *d) {
  load_ctx *c = ud;
  if (c->diag) c->diag(c->diag_userdata, d);
}

static int load_lists(vet_diff_set *s, const char *path, const vet_read_options *options,
                      vet_diag_fn diag, void *diag_userdata, vet_error *err) {
  vet_error inner;
  memset(&inner, 0, sizeof inner);
  load_ctx c = {s, diag, diag_userdata, &inner, 0};
  vet_read_callbacks cb = {on_entity, on_list, on_diag, &c};
  int rc = vet_read_path(path, options, &cb, &inner);
  if (c.failed) rc = inner.code ? inner.code : VET_ENOMEM;
  if (rc) {
    if (err) *err = inner;
    return rc;
  }
  s->origin = "lists";
  return VET_OK;
}

/* Copies every list info and entity of the snapshot at path into s; the snapshot
 * is closed again before returning. */
static int load_snapshot(vet_diff_set *s, const char *path, vet_error *err) {
  vet_snapshot *snap = NULL;
  int rc = vet_snapshot_open(path, &snap, err);
  if (rc) return rc;
  for (size_t i = 0; i < vet_snapshot_list_count(snap) && !rc; i++)
    rc = vet_diff_set_add_list(s, vet_snapshot_list(snap, i), err);
  uint32_t n = vet_snapshot_entity_count(snap);
  for (uint32_t i = 0; i < n && !rc; i++) {
    vet_entity *e = NULL;
    rc = vet_snapshot_entity(snap, i, &e, err);
    if (!rc) rc = vet_diff_set_add_entity(s, e, err);
    vet_entity_free(e);
  }
  if (!rc) {
    s->origin = "snapshot";
    /* Only a set that is exactly this snapshot is identified by its checksum. */
    if (s->n_loads == 0 && s->n == vet_snapshot_entity_count(snap) &&
        s->n_lists == vet_snapshot_list_count(snap)) {
      s->checksum = vet__arena_strdup(&s->arena, vet_snapshot_checksum(snap));
      if (!s->checksum) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
      s->snap_n = s->n;
      s->snap_lists = s->n_lists;
    }
  }
  vet_snapshot_close(snap);
  return rc;
}

/* 1 if the file at path starts with the snapshot magic (format.h). */
static int is_snapshot(const char *path) {
  char head[8] = {0};
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  return n == sizeof head && !memcmp(head, VET__SNAP_MAGIC, sizeof VET__SNAP_MAGIC);
}

int vet_diff_set_load(vet_diff_set *s, const char *path, const vet_read_options *options,
                      vet_diag_fn diag, void *diag_userdata, vet_error *err) {
  if (!s || !path) return vet__error_set(err, VET_EINVAL, "no set or no path given");
  int first = s->n_loads == 0 && s->n == 0 && s->n_lists == 0;
  s->checksum = NULL;
  s->path = NULL;
  int rc = !vet__is_dir(path) && is_snapshot(path)
               ? load_snapshot(s, path, err)
               : load_lists(s, path, options, diag, diag_userdata, err);
  s->n_loads++;
  if (!rc && first) {
    s->path = vet__arena_strdup(&s->arena, path);
    if (!s->path) return vet__error_set(err, VET_ENOMEM, "out of memory");
  } else s->checksum = NULL;
  return rc;
}
