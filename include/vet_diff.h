/*
** vet_diff.h — what changed between two versions of the lists.
**
** A diff compares two entity sets, OLD and NEW. Each set is loaded from a
** snapshot file or from list files and folders (anything vet_read_path()
** reads), or filled entity by entity. Entities are matched by their key,
** (list_id, source_id); an id published twice in one set is matched in
** order of appearance (first with first, second with second).
**
**   added     key in NEW only
**   removed   key in OLD only
**   changed   key in both, and at least one field differs
**
** A changed entity carries its changes field by field. Single-valued fields
** (the primary name, type, remarks, license fields, ...) give their old and
** new value; list fields (aliases, addresses, ids, programs, dates of birth,
** nationalities, citations, ...) give the items removed and the items added,
** each item rendered as one line of text, so a reordering alone is no change.
**
** Objects are not thread-safe. A vet_diff borrows from the two sets it was
** computed from: free the diff before the sets.
*/
#ifndef VET_DIFF_H
#define VET_DIFF_H

#include "vet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ entity set */

typedef struct vet_diff_set vet_diff_set;

/* A new, empty set; NULL on ENOMEM. Free with vet_diff_set_free(). */
VET_API vet_diff_set *vet_diff_set_new(void);
VET_API void vet_diff_set_free(vet_diff_set *set);

/* Copies an entity into the set (the caller keeps its own). */
VET_API int vet_diff_set_add_entity(vet_diff_set *set, const vet_entity *entity, vet_error *err);
/* Records a list the set holds (copied), for the report's provenance lines.
** Counts are taken as given. */
VET_API int vet_diff_set_add_list(vet_diff_set *set, const vet_list_info *info, vet_error *err);

/* Loads `path` into the set: a snapshot file when it is one (recognised by
** its magic number), else a list file or folder read with vet_read_path()
** and `options` (may be NULL). Rejected rows and warnings go to diag (may be
** NULL). On failure the set may hold part of what was read: free it. */
VET_API int vet_diff_set_load(vet_diff_set *set, const char *path,
                              const vet_read_options *options, vet_diag_fn diag,
                              void *diag_userdata, vet_error *err);

/* Number of entities held, and how many of them repeat a key already held. */
VET_API size_t vet_diff_set_count(const vet_diff_set *set);
VET_API size_t vet_diff_set_duplicates(const vet_diff_set *set);
/* Lists recorded (borrowed from the set). */
VET_API size_t vet_diff_set_list_count(const vet_diff_set *set);
VET_API const vet_list_info *vet_diff_set_list(const vet_diff_set *set, size_t i);
/* "snapshot", "lists" (read from list files) or "entities" (filled by hand). Static. */
VET_API const char *vet_diff_set_origin(const vet_diff_set *set);
/* Entity number i (0-based, in order of addition); borrowed from the set. */
VET_API const vet_entity *vet_diff_set_entity(const vet_diff_set *set, size_t i);

/* ------------------------------------------------------------------ diff */

typedef enum vet_diff_kind {
  VET_DIFF_ADDED = 1,
  VET_DIFF_REMOVED = 2,
  VET_DIFF_CHANGED = 3
} vet_diff_kind;

/* "added", "removed", "changed". */
VET_API const char *vet_diff_kind_name(vet_diff_kind kind);

/* One field that differs. Strings are borrowed from the diff. */
typedef struct vet_diff_change {
  const char *field;            /* "name", "aliases", "addresses", "programs", ... */
  int is_list;                  /* 1: removed/added are set; 0: old_value/new_value are */
  const char *old_value;        /* single-valued: NULL when not set */
  const char *new_value;
  const char *const *removed;   /* list fields: items in OLD only, sorted */
  size_t n_removed;
  const char *const *added;     /* items in NEW only, sorted */
  size_t n_added;
} vet_diff_change;

/* One added, removed or changed entity. */
typedef struct vet_diff_entry {
  vet_diff_kind kind;
  const char *list_id;
  const char *source_id;
  const char *name;             /* primary name (NEW's, else OLD's) */
  const vet_entity *old_entity; /* borrowed from the OLD set; NULL when added */
  const vet_entity *new_entity; /* borrowed from the NEW set; NULL when removed */
  const vet_diff_change *changes; /* changed only */
  size_t n_changes;
} vet_diff_entry;

typedef struct vet_diff_summary {
  size_t old_entities, new_entities;
  size_t added, removed, changed, unchanged;
} vet_diff_summary;

typedef struct vet_diff vet_diff;

/* Compares OLD with NEW. On success *out owns the diff (vet_diff_free()); it
** borrows from both sets, which must outlive it. */
VET_API int vet_diff_compute(const vet_diff_set *old_set, const vet_diff_set *new_set,
                             vet_diff **out, vet_error *err);
VET_API void vet_diff_free(vet_diff *diff);

VET_API vet_diff_summary vet_diff_get_summary(const vet_diff *diff);
/* Entries sorted by kind (added, removed, changed), then list id, then
** source id (numerically when both are numbers). Borrowed from the diff. */
VET_API size_t vet_diff_entry_count(const vet_diff *diff);
VET_API const vet_diff_entry *vet_diff_entry_at(const vet_diff *diff, size_t i);

/* Flags of vet_diff_to_json(), with VET_JSON_COMPACT / VET_JSON_PRETTY. */
#define VET_DIFF_JSON_NO_ENTITIES 0x100  /* leave out the full entity of added/removed ones */
#define VET_DIFF_JSON_SUMMARY     0x200  /* only "old", "new", "summary" and "lists" */

/* The diff as JSON (format in docs/UPDATES.md). Malloc'd string the caller
** frees with free(); NULL on ENOMEM. */
VET_API char *vet_diff_to_json(const vet_diff *diff, int flags);
/* Flags of vet_diff_to_text(). */
#define VET_DIFF_TEXT_SUMMARY 0x1   /* only the provenance, the totals and the lines per list */

/* The diff as a report for people (format in docs/UPDATES.md). Malloc'd
** string the caller frees with free(); NULL on ENOMEM. */
VET_API char *vet_diff_to_text(const vet_diff *diff, int flags);

/* Kinds for vet_diff_write_snapshot(), or'ed. */
#define VET_DIFF_SNAP_ADDED   0x1
#define VET_DIFF_SNAP_CHANGED 0x2

/* Writes a snapshot (atomically, with the public builder) holding only NEW's
** entities that were added and/or changed, as `kinds` says, under NEW's list
** infos. It is what re-screening after an update needs: a customer base
** screened against this small snapshot meets exactly the entities that can
** produce a new hit. VET_EEMPTY when no entity qualifies (nothing is written).
** The snapshot records what it is a delta of (vet_snapshot_delta_info()). */
VET_API int vet_diff_write_snapshot(const vet_diff *diff, unsigned kinds, const char *path,
                                    vet_error *err);

/* --------------------------------------------------- delta provenance */

/* One side of the diff a delta snapshot was written from. */
typedef struct vet_delta_side {
  const char *origin;          /* "snapshot", "lists" or "entities" (see vet_diff_set_origin) */
  const char *checksum;        /* vet_snapshot_checksum() of the side when it was exactly one
                                  snapshot; NULL otherwise (list files, several loads, by hand) */
  const char *path;            /* the path it was loaded from; NULL if several or none */
  size_t n_lists;              /* the side's lists: id, date, checksum of the file read, counts */
  const vet_list_info *lists;
} vet_delta_side;

/* What a delta snapshot is a delta of. Strings and arrays are owned by the
** record. */
typedef struct vet_delta_info {
  vet_delta_side base;         /* OLD: the lists the delta starts from */
  vet_delta_side target;       /* NEW: the lists the delta leads to */
  unsigned kinds;              /* VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED, as written */
  size_t added, changed;       /* entities of each kind written */
  const char *made_at;         /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
  const char *made_by;         /* "vet VERSION" */
  const char *json;            /* the whole record as stored (docs/UPDATES.md) */
} vet_delta_info;

/* Reads the provenance a delta snapshot records. On success *out owns a
** record the caller frees with vet_delta_info_free(). VET_ENOTFOUND (with a
** message) when the snapshot records none: an ordinary snapshot, or a delta
** written before vet recorded provenance. VET_ECORRUPT when the record is
** unreadable. */
VET_API int vet_snapshot_delta_info(const vet_snapshot *snap, vet_delta_info **out,
                                    vet_error *err);
VET_API void vet_delta_info_free(vet_delta_info *info);

#ifdef __cplusplus
}
#endif
#endif /* VET_DIFF_H */
