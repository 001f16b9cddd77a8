/* match_ext.c — matching as a snapshot extension (snapshot/ext.h).
 *
 * build: reads the dictionaries (the builder's dict_dir, else the default
 * folder, see vet__dict_default_dir()), stores them, normalized to ASCII, as
 * section "mdict" (vet__dict_write), normalizes every name of every entity
 * and stores the index as section "mindex" (index.h).
 * open: parses "mdict" (about a thousand ASCII lines, no ICU: well under a
 * millisecond) and maps "mindex" in place; the
 * state is shared, read-only, by every vet_matcher of the snapshot.
 * A snapshot without the sections opens; vet_matcher_new() then fails. */
#include "match/matcher.h"

#include <stdlib.h>
#include "core/error.h"
#include "snapshot/ext.h"

static int match_build(const vet__build_view *view, vet__section_sink *sink, vet_error *err) {
  const vet_builder_options *o = vet__view_options(view);
  char *dir = NULL;
  const char *d = o ? o->dict_dir : NULL;
  if (!d) {
    dir = vet__dict_default_dir();
    if (!dir)
      return vet__error_set(err, VET_EIO,
                            "no name dictionaries found (set $VET_DATA_DIR to the folder holding dict/)");
    d = dir;
  }
  vet__buf text = VET__BUF_INIT, blob = VET__BUF_INIT, ascii = VET__BUF_INIT;
  vet__dict *dict = NULL;
  vet__mbuilder *mb = NULL;
  int rc = vet__dict_read_dir(d, &text, err);
  if (!rc) rc = vet__dict_parse(text.data ? text.data : "", text.len, &dict, err);
  if (!rc && !(mb = vet__mbuilder_new(dict))) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  uint32_t n = rc ? 0 : vet__view_entity_count(view);
  for (uint32_t i = 0; i < n && !rc; i++) {
    vet_entity *e = NULL;
    rc = vet__view_entity(view, i, &e, err);
    if (!rc) rc = vet__mbuilder_add(mb, e, err);
    vet_entity_free(e);
  }
  if (!rc) rc = vet__mbuilder_finish(mb, &blob, err);
  if (!rc && vet__dict_write(dict, &ascii)) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  if (!rc && (vet__sink_add(sink, "mdict", ascii.data ? ascii.data : "", ascii.len) ||
              vet__sink_add(sink, "mindex", blob.data, blob.len)))
    rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  vet__mbuilder_free(mb);
  vet__dict_free(dict);
  vet__buf_free(&text);
  vet__buf_free(&ascii);
  vet__buf_free(&blob);
  free(dir);
  return rc;
}

static int match_open(const vet_snapshot *snap, void **state, vet_error *err) {
  uint64_t dn = 0, in = 0;
  const void *dict = vet__snapshot_section(snap, "mdict", &dn);
  const void *idx = vet__snapshot_section(snap, "mindex", &in);
  *state = NULL;
  if (!dict || !idx) return 0;
  vet__mstate *st;
  int rc = vet__mstate_new(dict, (size_t)dn, idx, in, &st, err);
  if (rc) return rc;
  *state = st;
  return 0;
}

static void match_close(void *state) { vet__mstate_free(state); }

const vet__snapshot_ext vet__match_ext = {"match", match_build, match_open, match_close};

vet_matcher *vet_matcher_new(const vet_snapshot *snap) {
  const vet__mstate *st = snap ? vet__snapshot_ext_state(snap, "match") : NULL;
  return st ? vet__matcher_new_state(st) : NULL;
}

int vet_matcher_open(const vet_snapshot *snap, vet_matcher **out, vet_error *err) {
  *out = NULL;
  const vet__mstate *st = snap ? vet__snapshot_ext_state(snap, "match") : NULL;
  if (!st) return vet__error_set(err, VET_ENOTFOUND, "no matching index in this snapshot; build it with `vet index build`");
  *out = vet__matcher_new_state(st);
  return *out ? VET_OK : vet__error_set(err, VET_ENOMEM, "out of memory");
}
