/* delta_info.c — what a delta snapshot is a delta of.
 *
 * A delta snapshot (vet_diff_write_snapshot) holds only NEW's added and
 * changed entities. Screening against it is complete only when it was made
 * from exactly the lists screened last time (OLD) to exactly the lists
 * screened now (NEW); a delta of other lists silently misses hits. So the
 * delta records its provenance, and vet_monitor_run() checks it.
 *
 * The record is the optional snapshot section DELTA (snapshot/extra.h), one
 * JSON object:
 *
 *   {"kinds": ["added", "changed"], "added": 7, "changed": 0,
 *    "made_at": "2026-11-28T05:30:00Z", "made_by": "vet 0.1.0",
 *    "base":   {"origin": "snapshot", "checksum": "sha256:...", "path": "...",
 *               "lists": [ {vet_list_info as in the LISTS section}, ... ]},
 *    "target": { same for NEW }}
 *
 * "checksum" is present only when the side was exactly one snapshot (its
 * vet_snapshot_checksum()); list files are identified by their lists (id,
 * date, SHA-256 of each file read), a set filled by hand by nothing more
 * than its lists. Why a section and not a format change: opening ignores
 * sections it does not know, so an older vet opens a new delta (without the
 * check) and a new vet opens an old delta (and reports "no provenance");
 * the format version stays 1. The section is covered by the header's
 * SHA-256, hence by the delta's own checksum. */
#include "diff/diff_int.h"
#include "snapshot/ext.h"
#include "snapshot/snapshot_int.h"
#include "core/error.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DELTA_TAG "DELTA"

/* The JSON of one side, or NULL on ENOMEM. */
static json_t *side_json(const vet_diff_set *s) {
  json_t *lists = json_array();
  json_t *o = json_object();
  if (!lists || !o) {
    json_decref(lists);
    json_decref(o);
    return NULL;
  }
  for (size_t i = 0; i < s->n_lists; i++) json_array_append_new(lists, vet__list_info_json(&s->lists[i]));
  json_object_set_new(o, "origin", json_string(s->origin));
  int exact = s->checksum && s->n == s->snap_n && s->n_lists == s->snap_lists;
  if (exact) json_object_set_new(o, "checksum", json_string(s->checksum));
  if (s->path) json_object_set_new(o, "path", json_string(s->path));
  json_object_set_new(o, "lists", lists);
  return o;
}

char *vet__delta_info_json(const struct vet_diff *d, unsigned kinds, size_t added, size_t changed) {
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  json_t *k = json_array();
  if (k && (kinds & VET_DIFF_SNAP_ADDED)) json_array_append_new(k, json_string("added"));
  if (k && (kinds & VET_DIFF_SNAP_CHANGED)) json_array_append_new(k, json_string("changed"));
  json_t *base = side_json(vet__diff_old_set(d)), *target = side_json(vet__diff_new_set(d));
  json_t *o = (k && base && target)
                  ? json_pack("{s:o, s:I, s:I, s:s, s:s, s:o, s:o}", "kinds", k, "added",
                              (json_int_t)added, "changed", (json_int_t)changed, "made_at", now,
                              "made_by", "vet " VET_VERSION_STRING, "base", base, "target", target)
                  : NULL;
  if (!o) {
    /* json_pack's "o" steals its references even on failure. */
    if (!(k && base && target)) {
      json_decref(k);
      json_decref(base);
      json_decref(target);
    }
    return NULL;
  }
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}

/* ---- reading */

typedef struct delta_rec {
  vet_delta_info info;
  char *json;
  json_t *root;                /* the strings of info point into it */
  vet__list_rec *lists[2];
  size_t n_lists[2];
  vet_list_info *infos[2];
} delta_rec;

void vet_delta_info_free(vet_delta_info *info) {
  if (!info) return;
  delta_rec *r = (delta_rec *)info;   /* info is the first member */
  for (int k = 0; k < 2; k++) {
    for (size_t i = 0; i < r->n_lists[k]; i++) vet__list_rec_free(&r->lists[k][i]);
    free(r->lists[k]);
    free(r->infos[k]);
  }
  json_decref(r->root);
  free(r->json);
  free(r);
}

/* Fills side k of r from its JSON object; VET_ECORRUPT or VET_ENOMEM. */
static int read_side(delta_rec *r, int k, const json_t *o, vet_delta_side *side) {
  if (!json_is_object(o)) return VET_ECORRUPT;
  side->origin = json_string_value(json_object_get(o, "origin"));
  side->checksum = json_string_value(json_object_get(o, "checksum"));
  side->path = json_string_value(json_object_get(o, "path"));
  if (!side->origin) return VET_ECORRUPT;
  const json_t *arr = json_object_get(o, "lists");
  if (!json_is_array(arr)) return VET_ECORRUPT;
  size_t n = json_array_size(arr);
  r->lists[k] = calloc(n + 1, sizeof *r->lists[k]);
  r->infos[k] = calloc(n + 1, sizeof *r->infos[k]);
  if (!r->lists[k] || !r->infos[k]) return VET_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    int rc = vet__list_rec_from_json(&r->lists[k][i], json_array_get(arr, i));
    if (rc) return rc;
    r->n_lists[k]++;
    r->infos[k][i] = r->lists[k][i].info;
  }
  side->n_lists = n;
  side->lists = r->infos[k];
  return VET_OK;
}

int vet_snapshot_delta_info(const vet_snapshot *snap, vet_delta_info **out, vet_error *err) {
  if (!snap || !out) return vet__error_set(err, VET_EINVAL, "no snapshot or no output given");
  *out = NULL;
  uint64_t size = 0;
  const char *data = vet__snapshot_section(snap, DELTA_TAG, &size);
  if (!data)
    return vet__error_at(err, VET_ENOTFOUND, vet_snapshot_path(snap), 0,
                         "the snapshot records no delta provenance (an ordinary snapshot, or a delta "
                         "written before vet recorded what it is a delta of)");
  delta_rec *r = calloc(1, sizeof *r);
  if (!r || !(r->json = malloc((size_t)size + 1))) {
    free(r);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  memcpy(r->json, data, (size_t)size);
  r->json[size] = 0;
  r->info.json = r->json;
  json_error_t je;
  r->root = json_loadb(data, (size_t)size, 0, &je);
  int rc = json_is_object(r->root) ? VET_OK : VET_ECORRUPT;
  if (!rc) rc = read_side(r, 0, json_object_get(r->root, "base"), &r->info.base);
  if (!rc) rc = read_side(r, 1, json_object_get(r->root, "target"), &r->info.target);
  if (!rc) {
    const json_t *k = json_object_get(r->root, "kinds"), *v;
    size_t i;
    if (!json_is_array(k)) rc = VET_ECORRUPT;
    json_array_foreach(k, i, v) {
      const char *s = json_string_value(v);
      if (s && !strcmp(s, "added")) r->info.kinds |= VET_DIFF_SNAP_ADDED;
      else if (s && !strcmp(s, "changed")) r->info.kinds |= VET_DIFF_SNAP_CHANGED;
      else rc = VET_ECORRUPT;
    }
    r->info.added = (size_t)json_integer_value(json_object_get(r->root, "added"));
    r->info.changed = (size_t)json_integer_value(json_object_get(r->root, "changed"));
    r->info.made_at = json_string_value(json_object_get(r->root, "made_at"));
    r->info.made_by = json_string_value(json_object_get(r->root, "made_by"));
    if (!r->info.made_at) rc = VET_ECORRUPT;
  }
  if (rc) {
    vet_delta_info_free(&r->info);
    return rc == VET_ENOMEM ? vet__error_set(err, rc, "out of memory")
                            : vet__error_at(err, rc, vet_snapshot_path(snap), 0,
                                            "the delta provenance (section DELTA) is unreadable");
  }
  *out = &r->info;
  return VET_OK;
}
