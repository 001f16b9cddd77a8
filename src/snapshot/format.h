/* format.h — the snapshot file, byte by byte.
 *
 * A snapshot is the unit of deployment: every list read, its entities and
 * the data matching needs, in one file that is opened by mmap. Layout (all
 * integers little-endian, as written by the x86-64/arm64 machines vet runs
 * on; the header records the byte order and a big-endian reader refuses):
 *
 *   header   64 bytes: magic "VETSNAP\0", u32 format version, u32 section
 *            count, u64 file size, u32 byte-order mark 0x01020304, u32 zero,
 *            32 bytes SHA-256 of everything after the header
 *   table    section count × {char tag[8]; u64 offset; u64 size}
 *   sections each starting at an 8-byte aligned offset
 *
 * Sections of the snapshot module itself:
 *   LISTS  JSON array of the lists' vet_list_info
 *   ENTS   entity records (see codec.h), concatenated
 *   EOFF   u64 × (entities + 1): offsets of the records in ENTS
 *   EKEYS  u32 × entities: entity numbers sorted by (list id, source id)
 * Extensions (ext.h) add their own, and a builder's caller may add optional
 * ones (extra.h): DELTA, what a delta snapshot is a delta of (src/diff/
 * delta_info.c). Opening ignores sections it does not know, so an optional
 * section needs no new version.
 *
 * Opening checks the magic, version, byte order, size and that every
 * section lies inside the file; the SHA-256 is checked by
 * vet_snapshot_verify(), which a server runs before swapping a snapshot in. */
#ifndef VET_SNAPSHOT_FORMAT_H
#define VET_SNAPSHOT_FORMAT_H
#include <stdint.h>

#define VET__SNAP_MAGIC "VETSNAP"
#define VET__SNAP_VERSION 1u
#define VET__SNAP_BOM 0x01020304u

typedef struct vet__snap_header {
  char magic[8];
  uint32_t version;
  uint32_t n_sections;
  uint64_t file_size;
  uint32_t bom;
  uint32_t zero;
  unsigned char sha256[32];
} vet__snap_header;

typedef struct vet__snap_section {
  char tag[8];
  uint64_t offset;
  uint64_t size;
} vet__snap_section;

_Static_assert(sizeof(vet__snap_header) == 64, "snapshot header is 64 bytes");
_Static_assert(sizeof(vet__snap_section) == 24, "section entry is 24 bytes");
#endif
