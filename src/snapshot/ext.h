/* ext.h — how subsystems put their own data into a snapshot.
 *
 * A snapshot is a set of tagged sections. The snapshot module writes the
 * lists and the entities; every other part that needs precomputed data at
 * query time (the name dictionaries, the candidate index) is an extension:
 * at build time it reads the entities through a vet__build_view and adds
 * sections through a vet__section_sink; at open time it gets the mapped
 * sections back and keeps whatever state it builds from them (pointers into
 * the mapping, ideally, so that opening stays a matter of milliseconds).
 *
 * Extensions are listed in ext.c in the order they are built and opened; an
 * extension may read the sections of those before it. */
#ifndef VET_SNAPSHOT_EXT_H
#define VET_SNAPSHOT_EXT_H
#include <stdint.h>
#include "vet.h"

typedef struct vet__build_view vet__build_view;
typedef struct vet__section_sink vet__section_sink;

/* The entities being built into a snapshot, in snapshot order. */
uint32_t vet__view_entity_count(const vet__build_view *v);
/* Decodes entity i; the caller frees it with vet_entity_free(). */
int vet__view_entity(const vet__build_view *v, uint32_t i, vet_entity **out, vet_error *err);
/* The builder's options (dict_dir, ...). */
const vet_builder_options *vet__view_options(const vet__build_view *v);
/* Sections added so far by earlier extensions (NULL if absent). */
const void *vet__view_section(const vet__build_view *v, const char *tag, uint64_t *size);

/* Adds a section. Tags are at most 7 ASCII characters and unique. The data is
 * copied (the caller keeps ownership). Sections are 8-byte aligned in the file. */
int vet__sink_add(vet__section_sink *sink, const char *tag, const void *data, uint64_t size);

typedef struct vet__snapshot_ext {
  const char *name;
  int (*build)(const vet__build_view *view, vet__section_sink *sink, vet_error *err);
  /* Called at open with the snapshot whose sections are mapped; *state is
   * kept for the snapshot's life and passed to close(). */
  int (*open)(const vet_snapshot *snap, void **state, vet_error *err);
  void (*close)(void *state);
} vet__snapshot_ext;

/* NULL-terminated, in build/open order. */
extern const vet__snapshot_ext *const vet__snapshot_exts[];

/* A mapped section of an open snapshot; NULL if absent. */
const void *vet__snapshot_section(const vet_snapshot *snap, const char *tag, uint64_t *size);
/* The state an extension's open() returned; NULL if the extension is unknown. */
void *vet__snapshot_ext_state(const vet_snapshot *snap, const char *name);
#endif
