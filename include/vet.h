/*
** vet.h — the public contract of libvet.
**
** vet screens names against restricted-party lists (OFAC SDN and non-SDN,
** the UN Security Council list, the trade.gov Consolidated Screening List,
** BIS Denied Persons, the Entity List as published in the eCFR, the UK and
** EU lists) and keeps the Entity List itself as a registry.
**
** What is not declared here is not API. The pieces, in the order data flows:
**
**   1. Readers turn an official list file (or a folder holding a set of
**      files) into a stream of vet_entity values, one entity model for every
**      list. Bad rows are reported through a diagnostic callback with file,
**      line and reason, counted, and skipped; strict mode makes them fatal.
**   2. A snapshot builder collects entities from any number of lists,
**      normalizes their names, builds the candidate index and writes one
**      snapshot file.
**   3. A snapshot is opened by mmap; it is immutable and may be shared by
**      any number of threads.
**   4. A matcher (one per thread) screens a query against a snapshot and
**      returns scored, explained matches.
**
** Conventions (see docs/ARCHITECTURE.md):
**   - Functions that can fail return VET_OK (0) or a negative vet_status and,
**     when given a vet_error, fill it with a one-line message naming the
**     file, line and reason where there is one.
**   - Every pointer a function returns says who owns it. "Borrowed" means
**     valid until the named object is freed or the named call is made again.
**   - _free(NULL) and _close(NULL) are no-ops.
**   - The library never prints. Objects are not thread-safe unless stated.
*/
#ifndef VET_H
#define VET_H

#include <stddef.h>
#include <stdint.h>
#include "vet_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VET_BUILDING_LIBRARY)
#define VET_API __attribute__((visibility("default")))
#else
#define VET_API
#endif

/* ---------------------------------------------------------------- errors */

typedef enum vet_status {
  VET_OK = 0,
  VET_ENOMEM = -1,       /* out of memory */
  VET_EIO = -2,          /* a file could not be opened, read or written */
  VET_EFORMAT = -3,      /* not a list this reader knows, or malformed beyond recovery */
  VET_EINVAL = -4,       /* an argument is out of its domain */
  VET_ENOTFOUND = -5,    /* no such entity, list, entry or request */
  VET_EENCODING = -6,    /* invalid UTF-8 or an unexpected character encoding */
  VET_ETRUNCATED = -7,   /* the file ends in the middle of a record */
  VET_ESTRICT = -8,      /* a bad row in strict mode */
  VET_ECORRUPT = -9,     /* a snapshot or store that fails its checks */
  VET_EVERSION = -10,    /* a snapshot or store of another format version */
  VET_EDENIED = -11,     /* the acting identity's role does not allow this */
  VET_ESTATE = -12,      /* not allowed in the object's current state */
  VET_EDB = -13,         /* the database reported an error */
  VET_EEMPTY = -14,      /* an empty file, or a list with no entities */
  VET_ECANCELLED = -15   /* a callback asked to stop */
} vet_status;

/* The message for a status code. Static storage; never NULL. */
VET_API const char *vet_strerror(int status);

/* Details of a failure. Callers may pass NULL wherever a vet_error * is taken. */
typedef struct vet_error {
  int code;             /* a vet_status */
  char message[1024];   /* one line, no trailing newline: "file:line: reason" */
} vet_error;

/* ---------------------------------------------------------- diagnostics */

typedef enum vet_diag_level {
  VET_DIAG_NOTE = 0,     /* informative: e.g. a quirk that was handled */
  VET_DIAG_WARNING = 1,  /* data kept, but something is off (e.g. alias count mismatch) */
  VET_DIAG_REJECT = 2    /* a row was not loaded */
} vet_diag_level;

/* One diagnostic. All strings are borrowed for the duration of the callback. */
typedef struct vet_diag {
  vet_diag_level level;
  const char *file;       /* path as given */
  unsigned long line;     /* 1-based physical line; 0 if not known */
  const char *reason;     /* a sentence */
} vet_diag;

typedef void (*vet_diag_fn)(void *userdata, const vet_diag *diag);

/* -------------------------------------------------------- entity model */

typedef enum vet_entity_type {
  VET_TYPE_UNKNOWN = 0,
  VET_TYPE_PERSON,
  VET_TYPE_ORGANIZATION,
  VET_TYPE_VESSEL,
  VET_TYPE_AIRCRAFT
} vet_entity_type;

/* "person", "organization", "vessel", "aircraft", "unknown". */
VET_API const char *vet_entity_type_name(vet_entity_type type);
/* Parses the names above (case-insensitive; also "individual", "entity",
** "company"). Returns VET_TYPE_UNKNOWN for anything else. */
VET_API vet_entity_type vet_entity_type_parse(const char *text);

typedef enum vet_name_kind {
  VET_NAME_PRIMARY = 0,
  VET_NAME_AKA,          /* also known as */
  VET_NAME_FKA,          /* formerly known as */
  VET_NAME_NKA           /* now known as */
} vet_name_kind;

/* "primary", "aka", "fka", "nka". */
VET_API const char *vet_name_kind_name(vet_name_kind kind);

typedef enum vet_name_strength {
  VET_STRENGTH_NORMAL = 0,
  VET_STRENGTH_STRONG,   /* UN alias quality "Good"; OFAC strong a.k.a. */
  VET_STRENGTH_WEAK      /* OFAC weak a.k.a.; UN alias quality "Low" */
} vet_name_strength;

typedef struct vet_name {
  const char *text;            /* as published */
  vet_name_kind kind;
  vet_name_strength strength;
  const char *quality;         /* the list's own quality label, e.g. "Low"; may be NULL */
  int original_script;         /* 1: the name in its original (non-Latin) script */
  const char *script;          /* ISO 15924 code for original-script names ("Arab"), else NULL */
} vet_name;

typedef struct vet_address {
  const char *text;            /* the whole address as one line */
  const char *street;          /* parts, where the list gives them; each may be NULL */
  const char *city;
  const char *state;
  const char *postal_code;
  const char *country;         /* country name as published */
  const char *country_code;    /* ISO 3166-1 alpha-2 where known, else NULL */
  const char *note;
} vet_address;

/* A date as given, partial and approximate dates kept as published
** ("1965", "circa 1970", "between 1958 and 1963", "12 Mar 1971"). The
** parsed range is what matching uses: year_from..year_to, with month and
** day only where the list gives an exact date. */
typedef struct vet_date {
  const char *text;
  int year_from, year_to;      /* 0 when no year could be read */
  int month, day;              /* 0 when not given */
  int approximate;             /* "circa", "approximately", "about" */
} vet_date;

typedef struct vet_identifier {
  const char *type;            /* "Passport", "National ID No.", "IMO", "Tax ID No.", ... */
  const char *number;
  const char *country;         /* issuing country as published; may be NULL */
  const char *note;            /* dates of issue, expiry and other remarks; may be NULL */
} vet_identifier;

typedef struct vet_citation {
  const char *text;            /* e.g. "86 FR 60760" */
  const char *date;            /* ISO date "2021-11-04" where known, else NULL */
} vet_citation;

typedef struct vet_attr {       /* anything else the list says: call sign, gender, ... */
  const char *key;
  const char *value;
} vet_attr;

/* One entity of one list. In a reader callback every pointer is borrowed
** for the duration of the callback; from vet_snapshot_entity() the whole
** entity is owned by the caller and freed with vet_entity_free(). */
typedef struct vet_entity {
  const char *list_id;         /* stable list id, e.g. "ofac-sdn" (see vet_list_ids) */
  const char *source_id;       /* the list's own id: ent_num, DATAID, _id, Group ID, ... */
  const char *source_list;     /* for aggregated lists (CSL): the source, e.g. "EL"; else NULL */
  vet_entity_type type;

  const vet_name *names;       /* names[0] is the primary name */
  size_t n_names;
  const vet_address *addresses;
  size_t n_addresses;
  const char *const *nationalities;
  size_t n_nationalities;
  const char *const *citizenships;
  size_t n_citizenships;
  const vet_date *births;
  size_t n_births;
  const char *const *places_of_birth;
  size_t n_places_of_birth;
  const vet_identifier *ids;
  size_t n_ids;
  const char *const *programs; /* programs / regimes / sanctions bases */
  size_t n_programs;
  const vet_citation *citations;
  size_t n_citations;
  const vet_attr *attrs;
  size_t n_attrs;

  const char *listing_date;        /* ISO date where known */
  const char *license_requirement; /* Entity List */
  const char *license_policy;      /* Entity List: license review policy */
  const char *remarks;
  const char *source_url;
} vet_entity;

/* Frees an entity returned by vet_snapshot_entity(). */
VET_API void vet_entity_free(vet_entity *entity);

/* Flags of the JSON writers. */
#define VET_JSON_COMPACT 0   /* one line */
#define VET_JSON_PRETTY  1   /* indented, for people */

/* The entity as a JSON object with every field. Returns a malloc'd,
** NUL-terminated string the caller frees with free(), or NULL on ENOMEM. */
VET_API char *vet_entity_to_json(const vet_entity *entity, int flags);

/* ---------------------------------------------------------------- lists */

/* What is known of one list that was read. */
typedef struct vet_list_info {
  const char *list_id;         /* stable id: "ofac-sdn", "ofac-nonsdn", "un-sc", "csl",
                                  "bis-dpl", "bis-el", "uk-ofsi", "eu-fsf", "vet" */
  const char *name;            /* human name of the list */
  const char *format;          /* reader that read it, e.g. "ofac-csv" */
  const char *path;            /* file or folder it was read from */
  const char *date;            /* as-of date (ISO) from the content or file name; may be NULL */
  const char *checksum;        /* "sha256:<hex>" of the bytes read */
  const char *loaded_at;       /* ISO timestamp (UTC) of the build */
  uint64_t n_entities, n_names, n_addresses, n_births, n_ids;
  uint64_t n_rejected;         /* rows reported and skipped */
  uint64_t n_warnings;
} vet_list_info;

/* Callbacks of a read. Any may be NULL. Returning non-zero from entity()
** stops the read with VET_ECANCELLED. All pointers passed are borrowed for
** the duration of the call. */
typedef struct vet_read_callbacks {
  int (*entity)(void *userdata, const vet_entity *entity);
  void (*list_done)(void *userdata, const vet_list_info *info);
  vet_diag_fn diag;
  void *userdata;
} vet_read_callbacks;

typedef struct vet_read_options {
  int strict;                  /* 1: the first rejected row fails the read with VET_ESTRICT */
  const char *format;          /* force a reader by name; NULL: detect from content */
} vet_read_options;

VET_API vet_read_options vet_read_options_default(void);

/* Reads one list file, or a folder as the set of files in it (an OFAC CSV
** set is one list; other files in a folder are read one by one). The format
** is detected from content. Entities are streamed to cb->entity. */
VET_API int vet_read_path(const char *path, const vet_read_options *options,
                          const vet_read_callbacks *cb, vet_error *err);

/* Names of the formats vet reads, NULL-terminated, static storage. */
VET_API const char *const *vet_read_formats(void);

/* ------------------------------------------------------------ snapshot */

typedef struct vet_snapshot vet_snapshot;   /* immutable; thread-safe for reading */
typedef struct vet_builder vet_builder;     /* not thread-safe */

typedef struct vet_builder_options {
  int strict;                  /* as in vet_read_options */
  vet_diag_fn diag;            /* bad rows and warnings; may be NULL */
  void *diag_userdata;
  const char *dict_dir;        /* name dictionaries (data/dict); NULL: the built-in default */
} vet_builder_options;

VET_API vet_builder_options vet_builder_options_default(void);

/* A new, empty snapshot builder; NULL on ENOMEM. Free with vet_builder_free(). */
VET_API vet_builder *vet_builder_new(const vet_builder_options *options);
VET_API void vet_builder_free(vet_builder *builder);

/* Reads a list file or folder into the builder (see vet_read_path). */
VET_API int vet_builder_add_path(vet_builder *builder, const char *path, vet_error *err);

/* Adds entities from elsewhere (the registry). `info` names the list; its
** counts are computed by the builder. */
VET_API int vet_builder_begin_list(vet_builder *builder, const vet_list_info *info, vet_error *err);
VET_API int vet_builder_add_entity(vet_builder *builder, const vet_entity *entity, vet_error *err);
VET_API int vet_builder_end_list(vet_builder *builder, vet_error *err);

/* Lists read so far. Borrowed from the builder. */
VET_API size_t vet_builder_list_count(const vet_builder *builder);
VET_API const vet_list_info *vet_builder_list(const vet_builder *builder, size_t i);

/* Writes the snapshot atomically (temporary file, fsync, rename). */
VET_API int vet_builder_write(vet_builder *builder, const char *path, vet_error *err);

/* Opens a snapshot by mmap and checks it. On success *out owns it; close
** with vet_snapshot_close(). */
VET_API int vet_snapshot_open(const char *path, vet_snapshot **out, vet_error *err);
VET_API void vet_snapshot_close(vet_snapshot *snap);

VET_API size_t vet_snapshot_list_count(const vet_snapshot *snap);
/* Borrowed from the snapshot. */
VET_API const vet_list_info *vet_snapshot_list(const vet_snapshot *snap, size_t i);
VET_API uint32_t vet_snapshot_entity_count(const vet_snapshot *snap);
/* "sha256:<hex>" of the snapshot's contents (recorded at build); borrowed. */
VET_API const char *vet_snapshot_checksum(const vet_snapshot *snap);
/* The path the snapshot was opened from; borrowed. */
VET_API const char *vet_snapshot_path(const vet_snapshot *snap);
/* Recomputes the SHA-256 of the whole file and compares it with the one
** recorded at build: VET_ECORRUPT if the file was changed or damaged. Reads
** the whole file; run it before trusting a snapshot from elsewhere. */
VET_API int vet_snapshot_verify(const vet_snapshot *snap, vet_error *err);

/* Decodes entity number `index` (0-based). Caller frees with vet_entity_free();
** the entity's strings point into the snapshot, so free it before closing
** the snapshot. */
VET_API int vet_snapshot_entity(const vet_snapshot *snap, uint32_t index,
                                vet_entity **out, vet_error *err);
/* Finds an entity by list id and the list's own id. */
VET_API int vet_snapshot_find(const vet_snapshot *snap, const char *list_id,
                              const char *source_id, uint32_t *index);

/* The default snapshot path: $VET_SNAPSHOT, else ./vet.snap. Static or
** environment storage; never NULL. */
VET_API const char *vet_default_snapshot_path(void);

#ifdef __cplusplus
}
#endif

/* The other parts of the contract. */
#include "vet_match.h"
#include "vet_registry.h"
#include "vet_diff.h"
#include "vet_update.h"
#include "vet_batch.h"
#include "vet_text.h"
#include "vet_monitor.h"
#endif /* VET_H */
