/* extra.h — sections a caller of the builder adds to the snapshot it writes.
 *
 * Extensions (ext.h) compute their sections from the entities; some facts
 * about a snapshot come from whoever builds it instead — the diff records
 * in a delta snapshot what it is a delta of (section DELTA, see
 * src/diff/delta_info.c). Such a section is optional: opening ignores a
 * section it does not know, so an older vet still opens the file. Its bytes
 * are covered by the header's SHA-256 like every other section, so they are
 * part of vet_snapshot_checksum(). */
#ifndef VET_SNAPSHOT_EXTRA_H
#define VET_SNAPSHOT_EXTRA_H
#include <stdint.h>
#include "vet.h"

/* Adds a section to be written by vet_builder_write(). The tag is at most 7
 * ASCII characters, unique, and not one of the snapshot's own (LISTS, ENTS,
 * EOFF, EKEYS) nor an extension's (then writing fails with VET_EINVAL). The
 * data is copied; the caller keeps ownership. Returns 0, VET_EINVAL or
 * VET_ENOMEM. */
int vet__builder_add_section(vet_builder *b, const char *tag, const void *data, uint64_t size);
#endif
