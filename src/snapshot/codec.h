/* codec.h — an entity as a compact record and back.
 *
 * A record is a sequence of NUL-terminated strings, bytes and LEB128
 * varints in the order of the fields of vet_entity (codec.c lists it). The
 * builder never stores empty strings, so "" stands for NULL. Decoding is
 * zero-copy for strings: the decoded entity points into the record, which
 * must outlive it (the snapshot's mapping, or the builder's buffer). Every
 * read is bounds-checked, so a corrupt record is VET_ECORRUPT, never a crash. */
#ifndef VET_SNAPSHOT_CODEC_H
#define VET_SNAPSHOT_CODEC_H
#include <stddef.h>
#include "vet.h"
#include "core/buf.h"

/* Appends the record of e to out. */
int vet__entity_encode(vet__buf *out, const vet_entity *e);
/* Decodes a record into a new entity the caller frees with vet_entity_free(). */
int vet__entity_decode(const char *rec, size_t n, vet_entity **out);
/* The list id and source id at the start of a record, without decoding the rest.
 * Returns 0, or VET_ECORRUPT. */
int vet__entity_peek_key(const char *rec, size_t n, const char **list_id, const char **source_id);
#endif
