/* snapshot.c — opening a snapshot by mmap.
 *
 * Opening maps the file, checks its header and section table (format.h),
 * parses the small LISTS section and opens each extension. Nothing is
 * copied: entity records are decoded on demand from the mapping. The whole
 * file's SHA-256 is checked only by vet_snapshot_verify(), so that opening
 * stays fast. An open snapshot is immutable and safe to share between threads. */
#include "snapshot/ext.h"
#include "snapshot/codec.h"
#include "snapshot/format.h"
#include "snapshot/snapshot_int.h"
#include "core/error.h"
#include "io/file.h"
#include "snapshot/snapshot_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_EXTS 16

struct vet_snapshot {
  char *path;
  const unsigned char *map;
  size_t size;
  const vet__snap_header *hdr;
  const vet__snap_section *table;
  vet__list_rec *lists;
  size_t n_lists;
  const char *ents;
  uint64_t ents_size;
  const uint64_t *eoff;
  const uint32_t *ekeys;
  uint32_t n_entities;
  char checksum[72];
  void *ext_state[MAX_EXTS];
  size_t n_ext_open;
};

const void *vet__snapshot_section(const vet_snapshot *s, const char *tag, uint64_t *size) {
  for (uint32_t i = 0; i < s->hdr->n_sections; i++)
    if (!strncmp(s->table[i].tag, tag, 8)) {
      if (size) *size = s->table[i].size;
      return s->map + s->table[i].offset;
    }
  return NULL;
}

void *vet__snapshot_ext_state(const vet_snapshot *s, const char *name) {
  for (size_t i = 0; i < s->n_ext_open; i++)
    if (!strcmp(vet__snapshot_exts[i]->name, name)) return s->ext_state[i];
  return NULL;
}

static int corrupt(vet_error *err, const char *path, const char *why) {
  return vet__error_at(err, VET_ECORRUPT, path, 0, "not a valid vet snapshot: %s", why);
}

int vet_snapshot_open(const char *path, vet_snapshot **out, vet_error *err) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return vet__error_at(err, VET_EIO, path, 0, "cannot open snapshot: %s (build one with "
                                   "`vet index build -o %s LIST...`)", strerror(errno), path);
  struct stat st;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
    close(fd);
    return vet__error_at(err, VET_EIO, path, 0, "not a regular file");
  }
  if ((size_t)st.st_size < sizeof(vet__snap_header)) {
    close(fd);
    return corrupt(err, path, "shorter than the header");
  }
  void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return vet__error_at(err, VET_EIO, path, 0, "cannot map: %s", strerror(errno));
  vet_snapshot *s = calloc(1, sizeof *s);
  if (!s) {
    munmap(map, (size_t)st.st_size);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  s->map = map;
  s->size = (size_t)st.st_size;
  s->path = strdup(path);
  s->hdr = map;
  int rc = 0;
  const vet__snap_header *h = s->hdr;
  if (!s->path) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  else if (memcmp(h->magic, VET__SNAP_MAGIC, 8) != 0) rc = corrupt(err, path, "bad magic number");
  else if (h->bom != VET__SNAP_BOM) rc = corrupt(err, path, "written with another byte order");
  else if (h->version != VET__SNAP_VERSION)
    rc = vet__error_at(err, VET_EVERSION, path, 0, "snapshot format version %u, this vet reads %u; "
                       "rebuild it with `vet index build`", h->version, VET__SNAP_VERSION);
  else if (h->file_size != s->size) rc = corrupt(err, path, "file size differs from the header (truncated?)");
  else if (h->n_sections > 4096 ||
           sizeof *h + (uint64_t)h->n_sections * sizeof(vet__snap_section) > s->size)
    rc = corrupt(err, path, "section table out of bounds");
  if (!rc) {
    s->table = (const vet__snap_section *)(s->map + sizeof *h);
    for (uint32_t i = 0; i < h->n_sections && !rc; i++) {
      const vet__snap_section *t = &s->table[i];
      if (t->offset % 8 || t->offset > s->size || t->size > s->size - t->offset)
        rc = corrupt(err, path, "a section lies outside the file");
    }
  }
  uint64_t n = 0, ln = 0;
  if (!rc) {
    const char *lists = vet__snapshot_section(s, "LISTS", &ln);
    s->ents = vet__snapshot_section(s, "ENTS", &s->ents_size);
    s->eoff = vet__snapshot_section(s, "EOFF", &n);
    uint64_t nk = 0;
    s->ekeys = vet__snapshot_section(s, "EKEYS", &nk);
    if (!lists || !s->ents || !s->eoff || !s->ekeys) rc = corrupt(err, path, "a section is missing");
    else if (n % 8 || n < 8 || nk != (n / 8 - 1) * 4) rc = corrupt(err, path, "entity tables disagree");
    else {
      s->n_entities = (uint32_t)(n / 8 - 1);
      json_error_t je;
      json_t *arr = json_loadb(lists, (size_t)ln, 0, &je);
      if (!json_is_array(arr)) rc = corrupt(err, path, "list table unreadable");
      else {
        s->lists = calloc(json_array_size(arr) + 1, sizeof *s->lists);
        if (!s->lists) rc = vet__error_at(err, VET_ENOMEM, path, 0, "out of memory");
        size_t i;
        json_t *o;
        json_array_foreach(arr, i, o) {
          if (rc) break;
          int lr = vet__list_rec_from_json(&s->lists[s->n_lists], o);
          if (lr == VET_ENOMEM) rc = vet__error_at(err, VET_ENOMEM, path, 0, "out of memory");
          else if (lr) rc = corrupt(err, path, "list table unreadable");
          else s->n_lists++;
        }
      }
      json_decref(arr);
    }
    if (!rc && s->eoff[s->n_entities] > s->ents_size) rc = corrupt(err, path, "entity offsets out of bounds");
    for (uint32_t i = 0; !rc && i < s->n_entities; i++)
      if (s->eoff[i] > s->eoff[i + 1]) rc = corrupt(err, path, "entity offsets out of order");
  }
  if (!rc) {
    memcpy(s->checksum, "sha256:", 7);
    for (int i = 0; i < 32; i++) snprintf(s->checksum + 7 + 2 * i, 3, "%02x", h->sha256[i]);
    for (size_t i = 0; vet__snapshot_exts[i] && !rc; i++) {
      if (i >= MAX_EXTS) { rc = corrupt(err, path, "too many extensions"); break; }
      rc = vet__snapshot_exts[i]->open(s, &s->ext_state[i], err);
      if (!rc) s->n_ext_open = i + 1;
      else if (err) {   /* name the file: an extension knows only its section */
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        vet__error_at(err, rc, path, 0, "%s", why);
      }
    }
  }
  if (rc) {
    vet_snapshot_close(s);
    return rc;
  }
  *out = s;
  return 0;
}

void vet_snapshot_close(vet_snapshot *s) {
  if (!s) return;
  for (size_t i = s->n_ext_open; i-- > 0;)
    if (vet__snapshot_exts[i]->close) vet__snapshot_exts[i]->close(s->ext_state[i]);
  for (size_t i = 0; i < s->n_lists; i++) vet__list_rec_free(&s->lists[i]);
  free(s->lists);
  if (s->map) munmap((void *)s->map, s->size);
  free(s->path);
  free(s);
}

int vet_snapshot_verify(const vet_snapshot *s, vet_error *err) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s->map + sizeof(vet__snap_header), s->size - sizeof(vet__snap_header), md, &len,
             EVP_sha256(), NULL);
  if (len != 32 || memcmp(md, s->hdr->sha256, 32) != 0)
    return corrupt(err, s->path, "checksum mismatch (the file was changed or damaged)");
  return 0;
}

size_t vet_snapshot_list_count(const vet_snapshot *s) { return s->n_lists; }
const vet_list_info *vet_snapshot_list(const vet_snapshot *s, size_t i) {
  return i < s->n_lists ? &s->lists[i].info : NULL;
}
uint32_t vet_snapshot_entity_count(const vet_snapshot *s) { return s->n_entities; }
const char *vet_snapshot_checksum(const vet_snapshot *s) { return s->checksum; }
const char *vet_snapshot_path(const vet_snapshot *s) { return s->path; }

int vet_snapshot_entity(const vet_snapshot *s, uint32_t i, vet_entity **out, vet_error *err) {
  *out = NULL;
  if (i >= s->n_entities) return vet__error_set(err, VET_ENOTFOUND, "no entity number %u", i);
  int rc = vet__entity_decode(s->ents + s->eoff[i], (size_t)(s->eoff[i + 1] - s->eoff[i]), out);
  return rc ? vet__error_at(err, rc, s->path, 0, "entity %u: %s", i, vet_strerror(rc)) : 0;
}

int vet__snapshot_entity_key(const vet_snapshot *s, uint32_t i, const char **list_id,
                             const char **source_id) {
  if (i >= s->n_entities) return VET_ENOTFOUND;
  return vet__entity_peek_key(s->ents + s->eoff[i], (size_t)(s->eoff[i + 1] - s->eoff[i]),
                              list_id, source_id);
}

int vet_snapshot_find(const vet_snapshot *s, const char *list_id, const char *source_id,
                      uint32_t *index) {
  size_t lo = 0, hi = s->n_entities;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *l, *id;
    if (vet__snapshot_entity_key(s, s->ekeys[mid], &l, &id)) return VET_ECORRUPT;
    int c = strcmp(l, list_id);
    if (!c) c = strcmp(id, source_id);
    if (c == 0) {
      *index = s->ekeys[mid];
      return 0;
    }
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return VET_ENOTFOUND;
}

const char *vet_default_snapshot_path(void) {
  const char *p = getenv("VET_SNAPSHOT");
  return p && *p ? p : "vet.snap";
}
