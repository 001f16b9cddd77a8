/* textlist.h — what the delimited-text list readers share.
 *
 * The CSL, BIS Denied Persons, UK and EU readers all read one table of
 * text through io/csv.h. They share four small needs, kept here so each
 * fact is stated once:
 *
 *   - Decoding: a list file is read as UTF-8 when it is valid UTF-8 (or
 *     declares itself so with a byte order mark, or its format is defined
 *     as UTF-8); otherwise it is Windows-1252, converted to UTF-8 once, and
 *     a note says so. Encoding is decided from the bytes, never assumed.
 *   - Columns by header name: lists add, drop and move columns between
 *     editions, so readers look columns up by name, never by position.
 *   - A string set that numbers strings by first appearance: used to group
 *     rows by an id (UK Group ID, EU Entity_logical_id) and to check that
 *     derived source ids are unique.
 *   - Row groups: rows of one entity need not be adjacent. A first pass
 *     records (group, byte offset, line) of every row, 24 bytes a row; a
 *     stable sort then gives the rows of each group in file order, and the
 *     reader re-parses each row from its offset. Memory stays at the decoded
 *     text plus the index, whatever the size of the groups.
 *
 * Not thread-safe; every object here belongs to one read. */
#ifndef VET_READERS_TEXTLIST_H
#define VET_READERS_TEXTLIST_H
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "io/csv.h"
#include "readers/reader.h"

/* ------------------------------------------------------------ decoding */

typedef struct vet__text {
  const char *data;     /* the text to parse: the file's bytes or conv.data */
  size_t n;
  int cp1252;           /* 1: converted from Windows-1252 */
  int check_rows;       /* 1: UTF-8 was declared but the bytes are not all valid:
                           the reader must check each row (vet__fields_utf8_bad) */
  vet__buf conv;        /* owned; freed by vet__text_free() */
} vet__text;

/* Decides the encoding of ctx->file. declared_utf8: the format is defined
 * as UTF-8 (the CSL), so invalid bytes are bad rows rather than another
 * encoding; a UTF-8 byte order mark declares UTF-8 in any file. The BOM is
 * skipped. Returns 0 or VET_ENOMEM; t is to be freed with vet__text_free(). */
int vet__text_decode(vet__read_ctx *ctx, vet__text *t, int declared_utf8);
void vet__text_free(vet__text *t);

/* Index of the first field of rec that is not valid UTF-8, or -1. */
long vet__fields_utf8_bad(const vet__csv_record *rec);

/* Reports a note (not counted as a warning) through the read's callback. */
void vet__text_note(vet__read_ctx *ctx, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------- columns */

/* Index of the first header field equal to name (ASCII case-insensitive,
 * surrounding blanks ignored), or -1. */
int vet__header_col(const vet__csv_record *hdr, const char *name);
/* The text of field i of rec and its length, or "" when i < 0 or the
 * record is shorter. Borrowed from the record. */
const char *vet__record_field(const vet__csv_record *rec, int i, size_t *len);

/* ---------------------------------------------------------- string set */

typedef struct vet__strset {
  vet__arena arena;     /* the keys */
  const char **keys;    /* in order of first appearance */
  size_t *lens;
  size_t n, cap;
  uint32_t *slots;      /* open addressing: index + 1, 0 = empty */
  size_t nslots;
} vet__strset;

void vet__strset_init(vet__strset *s);
void vet__strset_free(vet__strset *s);
/* Adds s[0..n) if absent. *index receives its number (order of first
 * appearance). Returns 1 when it was new, 0 when already present, or
 * VET_ENOMEM. */
int vet__strset_add(vet__strset *s, const char *key, size_t n, uint32_t *index);
/* 1 if present. */
int vet__strset_has(const vet__strset *s, const char *key, size_t n);

/* ---------------------------------------------------------- row groups */

typedef struct vet__rowref {
  size_t off;             /* byte offset of the row in the parsed text */
  unsigned long line;     /* its physical line */
  uint32_t group;         /* the group's number, by first appearance */
  uint32_t seq;           /* the row's number in the file */
} vet__rowref;

typedef struct vet__groups {
  vet__strset keys;
  vet__rowref *rows;
  size_t n, cap;
} vet__groups;

void vet__groups_init(vet__groups *g);
void vet__groups_free(vet__groups *g);
/* Records a row of group `key`. Returns 0 or VET_ENOMEM. */
int vet__groups_add(vet__groups *g, const char *key, size_t n, size_t off, unsigned long line);
/* Sorts the rows by group (first appearance), then file order. After it,
 * the rows of group k are a run in g->rows. */
void vet__groups_sort(vet__groups *g);
/* Sorts the rows (vet__groups_sort) and calls fn once per group with the
 * run [from, to) of its rows, in order of first appearance, until fn
 * returns non-zero. A VET_ENOMEM from fn becomes an error naming the
 * group's first line in ctx->err. Returns 0 or fn's status. */
int vet__groups_each(vet__groups *g, vet__read_ctx *ctx,
                     int (*fn)(void *ud, const vet__groups *g, size_t from, size_t to), void *ud);

/* Re-reads the one record that starts at `off` of text into rec, with line
 * numbers starting at `line`. c is the caller's reader (re-initialized
 * here). Returns as vet__csv_next(). */
int vet__csv_at(vet__csv *c, const char *text, size_t n, char delim, size_t off,
                unsigned long line, vet__csv_record *rec);

/* ------------------------------------------------------------ ids, dates */

/* A derived id: the first 16 hex digits of the SHA-256 of s[0..n), into out. */
void vet__short_hash(const char *s, size_t n, char out[17]);
/* "DD/MM/YYYY" (day first, or MM/DD/YYYY with us_order) into "YYYY-MM-DD"
 * in out (11 bytes). Returns 1 when s held such a date, else 0 (out empty). */
int vet__dmy_to_iso(const char *s, size_t n, int us_order, char out[11]);
#endif
