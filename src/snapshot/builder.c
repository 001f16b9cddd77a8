/* builder.c — collecting entities from lists and writing a snapshot.
 *
 * Entities are encoded (codec.h) into one growing buffer as they are read,
 * so a build holds the compact records, not the parsed structures. A second
 * read of the same (list id, source id) is reported and skipped: the first
 * one read wins, and the report names both places. At write time the
 * snapshot's own sections are laid out, then the sections a caller added
 * (extra.h), then each extension (ext.h) adds its sections, and the file is
 * written to a temporary name, fsync'd and renamed, so a reader never sees a
 * half-written snapshot. */
#include "snapshot/ext.h"
#include "core/hash.h"
#include "snapshot/extra.h"
#include "snapshot/codec.h"
#include "snapshot/format.h"
#include "snapshot/snapshot_int.h"
#include "core/error.h"
#include "core/buf.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct section {
  char tag[8];
  char *data;
  uint64_t size;
} section;

struct vet__section_sink {
  section *v;
  size_t n, cap;
};

struct vet_builder {
  vet_builder_options opts;
  vet__buf records;
  uint64_t *offsets;           /* n_entities + 1 */
  uint32_t n_entities;
  size_t cap_offsets;
  /* (list id, source id) → entity number, open addressing; key hashes kept */
  uint32_t *slots;             /* entity number + 1; 0 = empty */
  size_t n_slots;
  vet__list_rec *lists;
  size_t n_lists, cap_lists;
  vet_list_info current;       /* the list being added by begin_list/add_entity */
  int in_list;
  char loaded_at[32];
  vet_error *err;              /* during add_path */
  int failed;                  /* an entity callback failed (ENOMEM) */
  vet__section_sink extra;     /* sections a caller added (extra.h), written after LISTS..EKEYS */
};

static void sink_free(vet__section_sink *s);

struct vet__build_view {
  const vet_builder *b;
  const vet__section_sink *sink;
};

vet_builder_options vet_builder_options_default(void) {
  vet_builder_options o;
  memset(&o, 0, sizeof o);
  return o;
}

vet_builder *vet_builder_new(const vet_builder_options *options) {
  vet_builder *b = calloc(1, sizeof *b);
  if (!b) return NULL;
  b->opts = options ? *options : vet_builder_options_default();
  b->offsets = malloc(1024 * sizeof *b->offsets);
  b->cap_offsets = 1024;
  if (!b->offsets) {
    free(b);
    return NULL;
  }
  b->offsets[0] = 0;
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(b->loaded_at, sizeof b->loaded_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return b;
}

void vet_builder_free(vet_builder *b) {
  if (!b) return;
  vet__buf_free(&b->records);
  free(b->offsets);
  free(b->slots);
  for (size_t i = 0; i < b->n_lists; i++) vet__list_rec_free(&b->lists[i]);
  free(b->lists);
  sink_free(&b->extra);
  free(b);
}

static uint64_t hash_key(const char *list, const char *id) {
  static const unsigned char sep = 0xFF;   /* no byte of UTF-8 text */
  uint64_t h = vet__fnv1a64_more(VET__FNV64_BASIS, list, strlen(list));
  h = vet__fnv1a64_more(h, &sep, 1);
  return vet__fnv1a64_more(h, id, strlen(id));
}

static const char *record(const vet_builder *b, uint32_t i, size_t *n) {
  *n = (size_t)(b->offsets[i + 1] - b->offsets[i]);
  return b->records.data + b->offsets[i];
}

/* Finds the slot of (list, id): its entity number + 1, or 0 with *slot the free slot. */
static uint32_t lookup(const vet_builder *b, const char *list, const char *id, size_t *slot) {
  size_t mask = b->n_slots - 1, i = (size_t)hash_key(list, id) & mask;
  for (;; i = (i + 1) & mask) {
    uint32_t v = b->slots[i];
    if (!v) { *slot = i; return 0; }
    size_t n;
    const char *rec = record(b, v - 1, &n), *l, *s;
    if (vet__entity_peek_key(rec, n, &l, &s) == 0 && !strcmp(l, list) && !strcmp(s, id)) {
      *slot = i;
      return v;
    }
  }
}

static int grow_slots(vet_builder *b) {
  size_t n = b->n_slots ? b->n_slots * 2 : 4096;
  uint32_t *old = b->slots;
  size_t old_n = b->n_slots;
  b->slots = calloc(n, sizeof *b->slots);
  if (!b->slots) {
    b->slots = old;
    return VET_ENOMEM;
  }
  b->n_slots = n;
  for (size_t i = 0; i < old_n; i++) {
    if (!old[i]) continue;
    size_t len, slot;
    const char *rec = record(b, old[i] - 1, &len), *l, *s;
    vet__entity_peek_key(rec, len, &l, &s);
    lookup(b, l, s, &slot);
    b->slots[slot] = old[i];
  }
  free(old);
  return 0;
}

static void diag(vet_builder *b, vet_diag_level level, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void diag(vet_builder *b, vet_diag_level level, const char *file, const char *fmt, ...) {
  if (!b->opts.diag) return;
  char reason[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  vet_diag d = {level, file ? file : "(input)", 0, reason};
  b->opts.diag(b->opts.diag_userdata, &d);
}

/* Adds one entity; 1 if it was a duplicate (reported), 0 if added, <0 on error. */
static int add(vet_builder *b, const vet_entity *e, const char *path) {
  if (!e->list_id || !e->source_id || e->n_names == 0) return VET_EINVAL;
  if ((b->n_entities + 1) * 2 > b->n_slots && grow_slots(b)) return VET_ENOMEM;
  size_t slot;
  uint32_t found = lookup(b, e->list_id, e->source_id, &slot);
  if (found) {
    diag(b, VET_DIAG_REJECT, path, "duplicate entity %s/%s: already read; the first one is kept",
         e->list_id, e->source_id);
    return 1;
  }
  if (b->n_entities + 2 > b->cap_offsets) {
    size_t cap = b->cap_offsets * 2;
    uint64_t *p = realloc(b->offsets, cap * sizeof *p);
    if (!p) return VET_ENOMEM;
    b->offsets = p;
    b->cap_offsets = cap;
  }
  size_t before = b->records.len;
  int rc = vet__entity_encode(&b->records, e);
  if (rc) {
    b->records.len = before;
    return rc;
  }
  b->slots[slot] = b->n_entities + 1;
  b->n_entities++;
  b->offsets[b->n_entities] = b->records.len;
  return 0;
}

static int list_push(vet_builder *b, const vet_list_info *li) {
  if (b->n_lists == b->cap_lists) {
    size_t cap = b->cap_lists ? b->cap_lists * 2 : 8;
    vet__list_rec *p = realloc(b->lists, cap * sizeof *p);
    if (!p) return VET_ENOMEM;
    b->lists = p;
    b->cap_lists = cap;
  }
  int rc = vet__list_rec_copy(&b->lists[b->n_lists], li);
  if (!rc) b->n_lists++;
  return rc;
}

/* ---- reading lists */

typedef struct add_state {
  vet_builder *b;
  const char *path;
  uint64_t dups;
  int rc;
} add_state;

static int on_entity(void *ud, const vet_entity *e) {
  add_state *st = ud;
  int rc = add(st->b, e, st->path);
  if (rc == 1) st->dups++;
  else if (rc < 0) {
    st->rc = rc;
    return 1;
  }
  return 0;
}

static void on_list(void *ud, const vet_list_info *li) {
  add_state *st = ud;
  vet_list_info copy = *li;
  copy.n_entities -= st->dups;
  copy.n_rejected += st->dups;
  st->dups = 0;
  if (list_push(st->b, &copy)) st->rc = VET_ENOMEM;
}

static void on_diag(void *ud, const vet_diag *d) {
  add_state *st = ud;
  if (st->b->opts.diag) st->b->opts.diag(st->b->opts.diag_userdata, d);
}

int vet_builder_add_path(vet_builder *b, const char *path, vet_error *err) {
  add_state st = {b, path, 0, 0};
  vet_read_options ro = vet_read_options_default();
  ro.strict = b->opts.strict;
  vet_read_callbacks cb = {on_entity, on_list, on_diag, &st};
  int rc = vet_read_path(path, &ro, &cb, err);
  if (st.rc) return vet__error_at(err, st.rc, path, 0, "%s", vet_strerror(st.rc));
  return rc;
}

/* ---- entities from elsewhere */

int vet_builder_begin_list(vet_builder *b, const vet_list_info *info, vet_error *err) {
  if (b->in_list) return vet__error_set(err, VET_ESTATE, "a list is already open in this builder");
  if (!info || !info->list_id) return vet__error_set(err, VET_EINVAL, "a list needs an id");
  b->current = *info;
  b->current.n_entities = b->current.n_names = b->current.n_addresses = 0;
  b->current.n_births = b->current.n_ids = b->current.n_rejected = b->current.n_warnings = 0;
  if (!b->current.loaded_at) b->current.loaded_at = b->loaded_at;
  b->in_list = 1;
  /* info's strings are copied at end_list; the caller keeps them alive until then. */
  return 0;
}

int vet_builder_add_entity(vet_builder *b, const vet_entity *e, vet_error *err) {
  if (!b->in_list) return vet__error_set(err, VET_ESTATE, "vet_builder_begin_list() first");
  if (!e || !e->list_id || strcmp(e->list_id, b->current.list_id) != 0)
    return vet__error_set(err, VET_EINVAL, "entity of another list than \"%s\"", b->current.list_id);
  int rc = add(b, e, b->current.path);
  if (rc < 0) return vet__error_set(err, rc, "entity %s/%s: %s", e->list_id,
                                    e->source_id ? e->source_id : "(no id)", vet_strerror(rc));
  if (rc == 1) {
    b->current.n_rejected++;
    return 0;
  }
  b->current.n_entities++;
  b->current.n_names += e->n_names;
  b->current.n_addresses += e->n_addresses;
  b->current.n_births += e->n_births;
  b->current.n_ids += e->n_ids;
  return 0;
}

int vet_builder_end_list(vet_builder *b, vet_error *err) {
  if (!b->in_list) return vet__error_set(err, VET_ESTATE, "no list is open");
  b->in_list = 0;
  int rc = list_push(b, &b->current);
  return rc ? vet__error_set(err, rc, "out of memory") : 0;
}

size_t vet_builder_list_count(const vet_builder *b) { return b->n_lists; }
const vet_list_info *vet_builder_list(const vet_builder *b, size_t i) {
  return i < b->n_lists ? &b->lists[i].info : NULL;
}

/* ---- the build view and section sink given to extensions */

uint32_t vet__view_entity_count(const vet__build_view *v) { return v->b->n_entities; }

int vet__view_entity(const vet__build_view *v, uint32_t i, vet_entity **out, vet_error *err) {
  if (i >= v->b->n_entities) return vet__error_set(err, VET_EINVAL, "no entity %u", i);
  size_t n;
  const char *rec = record(v->b, i, &n);
  int rc = vet__entity_decode(rec, n, out);
  return rc ? vet__error_set(err, rc, "entity %u: %s", i, vet_strerror(rc)) : 0;
}

const vet_builder_options *vet__view_options(const vet__build_view *v) { return &v->b->opts; }

const void *vet__view_section(const vet__build_view *v, const char *tag, uint64_t *size) {
  for (size_t i = 0; i < v->sink->n; i++)
    if (!strncmp(v->sink->v[i].tag, tag, 8)) {
      if (size) *size = v->sink->v[i].size;
      return v->sink->v[i].data;
    }
  return NULL;
}

int vet__sink_add(vet__section_sink *s, const char *tag, const void *data, uint64_t size) {
  if (!tag || strlen(tag) > 7) return VET_EINVAL;
  for (size_t i = 0; i < s->n; i++)
    if (!strncmp(s->v[i].tag, tag, 8)) return VET_EINVAL;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    section *p = realloc(s->v, cap * sizeof *p);
    if (!p) return VET_ENOMEM;
    s->v = p;
    s->cap = cap;
  }
  section *sec = &s->v[s->n];
  memset(sec->tag, 0, sizeof sec->tag);
  memcpy(sec->tag, tag, strlen(tag));
  sec->data = malloc(size ? (size_t)size : 1);
  if (!sec->data) return VET_ENOMEM;
  if (size) memcpy(sec->data, data, (size_t)size);
  sec->size = size;
  s->n++;
  return 0;
}

static void sink_free(vet__section_sink *s) {
  for (size_t i = 0; i < s->n; i++) free(s->v[i].data);
  free(s->v);
}

int vet__builder_add_section(vet_builder *b, const char *tag, const void *data, uint64_t size) {
  static const char *const own[] = {"LISTS", "ENTS", "EOFF", "EKEYS"};
  for (size_t i = 0; tag && i < sizeof own / sizeof *own; i++)
    if (!strcmp(tag, own[i])) return VET_EINVAL;
  return vet__sink_add(&b->extra, tag, data, size);
}

/* ---- writing */

static int key_cmp_r(const void *x, const void *y, void *ctx) {
  const vet_builder *b = ctx;
  uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
  size_t n1, n2;
  const char *r1 = record(b, i, &n1), *r2 = record(b, j, &n2), *l1, *s1, *l2, *s2;
  vet__entity_peek_key(r1, n1, &l1, &s1);
  vet__entity_peek_key(r2, n2, &l2, &s2);
  int c = strcmp(l1, l2);
  return c ? c : strcmp(s1, s2);
}

/* qsort_r is a GNU extension not declared under strict C11; a small
 * merge sort keeps the code portable and free of global state. */
static void sort_keys(uint32_t *v, uint32_t *tmp, size_t n, const vet_builder *b) {
  if (n < 2) return;
  size_t h = n / 2;
  sort_keys(v, tmp, h, b);
  sort_keys(v + h, tmp, n - h, b);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = key_cmp_r(&v[i], &v[j], (void *)b) <= 0 ? v[i++] : v[j++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

static int write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t w = write(fd, c, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    c += w;
    n -= (size_t)w;
  }
  return 0;
}

int vet_builder_write(vet_builder *b, const char *path, vet_error *err) {
  if (b->in_list) return vet__error_set(err, VET_ESTATE, "a list is still open (vet_builder_end_list)");
  if (b->n_entities == 0) return vet__error_set(err, VET_EEMPTY, "no entities to write");
  vet__section_sink sink = {NULL, 0, 0};
  int rc = 0;
  /* LISTS */
  json_t *arr = json_array();
  for (size_t i = 0; i < b->n_lists; i++) json_array_append_new(arr, vet__list_info_json(&b->lists[i].info));
  char *lists = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(arr);
  if (!lists) return vet__error_set(err, VET_ENOMEM, "out of memory");
  rc = vet__sink_add(&sink, "LISTS", lists, strlen(lists));
  free(lists);
  if (!rc) rc = vet__sink_add(&sink, "ENTS", b->records.data ? b->records.data : "", b->records.len);
  if (!rc) rc = vet__sink_add(&sink, "EOFF", b->offsets, (uint64_t)(b->n_entities + 1) * sizeof *b->offsets);
  if (!rc) {
    uint32_t *keys = malloc((size_t)b->n_entities * sizeof *keys);
    uint32_t *tmp = malloc((size_t)b->n_entities * sizeof *tmp);
    if (!keys || !tmp) rc = VET_ENOMEM;
    else {
      for (uint32_t i = 0; i < b->n_entities; i++) keys[i] = i;
      sort_keys(keys, tmp, b->n_entities, b);
      rc = vet__sink_add(&sink, "EKEYS", keys, (uint64_t)b->n_entities * sizeof *keys);
    }
    free(keys);
    free(tmp);
  }
  for (size_t i = 0; i < b->extra.n && !rc; i++)
    rc = vet__sink_add(&sink, b->extra.v[i].tag, b->extra.v[i].data, b->extra.v[i].size);
  if (rc) {
    sink_free(&sink);
    return vet__error_set(err, rc, "building the snapshot: %s", vet_strerror(rc));
  }
  /* Extensions. */
  vet__build_view view = {b, &sink};
  for (size_t i = 0; vet__snapshot_exts[i]; i++) {
    rc = vet__snapshot_exts[i]->build(&view, &sink, err);
    if (rc) {
      sink_free(&sink);
      return rc;
    }
  }
  /* Layout. */
  vet__snap_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, VET__SNAP_MAGIC, 8);
  h.version = VET__SNAP_VERSION;
  h.n_sections = (uint32_t)sink.n;
  h.bom = VET__SNAP_BOM;
  vet__snap_section *table = calloc(sink.n, sizeof *table);
  if (!table) {
    sink_free(&sink);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  uint64_t off = sizeof h + sink.n * sizeof *table;
  for (size_t i = 0; i < sink.n; i++) {
    off = (off + 7) & ~(uint64_t)7;
    memcpy(table[i].tag, sink.v[i].tag, 8);
    table[i].offset = off;
    table[i].size = sink.v[i].size;
    off += sink.v[i].size;
  }
  h.file_size = off;
  /* SHA-256 of everything after the header, as it will be written. */
  static const char zeros[8] = {0};
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sha256(), NULL);
  EVP_DigestUpdate(md, table, sink.n * sizeof *table);
  uint64_t pos = sizeof h + sink.n * sizeof *table;
  for (size_t i = 0; i < sink.n; i++) {
    if (table[i].offset > pos) EVP_DigestUpdate(md, zeros, (size_t)(table[i].offset - pos));
    EVP_DigestUpdate(md, sink.v[i].data, (size_t)sink.v[i].size);
    pos = table[i].offset + table[i].size;
  }
  unsigned int mdlen = 0;
  EVP_DigestFinal_ex(md, h.sha256, &mdlen);
  EVP_MD_CTX_free(md);

  size_t plen = strlen(path);
  char *tmp = malloc(plen + 32);
  if (!tmp) {
    free(table);
    sink_free(&sink);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    rc = vet__error_at(err, VET_EIO, tmp, 0, "cannot create: %s", strerror(errno));
  } else {
    int bad = write_all(fd, &h, sizeof h) || write_all(fd, table, sink.n * sizeof *table);
    pos = sizeof h + sink.n * sizeof *table;
    for (size_t i = 0; i < sink.n && !bad; i++) {
      if (table[i].offset > pos) bad = write_all(fd, zeros, (size_t)(table[i].offset - pos));
      if (!bad) bad = write_all(fd, sink.v[i].data, (size_t)sink.v[i].size);
      pos = table[i].offset + table[i].size;
    }
    if (!bad) bad = fsync(fd);
    int e = errno;
    if (close(fd) && !bad) { bad = 1; e = errno; }
    if (bad) {
      unlink(tmp);
      rc = vet__error_at(err, VET_EIO, path, 0, "cannot write: %s", strerror(e));
    } else if (rename(tmp, path)) {
      e = errno;
      unlink(tmp);
      rc = vet__error_at(err, VET_EIO, path, 0, "cannot rename into place: %s", strerror(e));
    }
  }
  free(tmp);
  free(table);
  sink_free(&sink);
  return rc;
}
