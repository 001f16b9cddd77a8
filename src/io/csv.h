/* csv.h — the one delimited-text reader (RFC 4180 and its real-world cousins).
 *
 * Reads records from an in-memory buffer: any one-byte delimiter (',', ';',
 * '\t'), quoted fields with doubled quotes, line breaks inside quotes, CRLF
 * or LF. Physical line numbers are tracked so every problem can be reported
 * as file:line. Lenient where lists are sloppy, and says so: a stray quote
 * inside an unquoted field is kept as text; text after a closing quote is
 * kept and flagged (rec->bad_quote); a quote left open at end of input is
 * an error naming the line where the record began.
 *
 * Field pointers in a record point into the reader's own storage and are
 * valid until the next call to vet__csv_next(). Not thread-safe. */
#ifndef VET_IO_CSV_H
#define VET_IO_CSV_H
#include <stddef.h>
#include "core/buf.h"

typedef struct vet__csv_field {
  const char *s;    /* NUL-terminated, unescaped */
  size_t n;
  int quoted;       /* the field was written in quotes */
} vet__csv_field;

typedef struct vet__csv_record {
  vet__csv_field *f;
  size_t n;                 /* number of fields */
  unsigned long line;       /* physical line where the record starts (1-based) */
  unsigned long end_line;   /* physical line where it ends */
  int bad_quote;            /* text followed a closing quote somewhere in the record */
} vet__csv_record;

typedef struct vet__csv {
  const char *p, *end;
  char delim;
  unsigned long line;
  vet__buf store;                /* unescaped field bytes, NUL-separated */
  size_t *starts, *lens;         /* offsets into store */
  int *quoted;
  vet__csv_field *fields;
  size_t cap;
  const char *error;             /* reason of the last failure (static) */
} vet__csv;

void vet__csv_init(vet__csv *c, const char *data, size_t n, char delim);
/* 1: a record was read into *rec; 0: end of input; VET_ETRUNCATED: a quoted
 * field never closed (c->error says so, rec->line names where it began);
 * VET_ENOMEM. Blank lines are skipped. */
int vet__csv_next(vet__csv *c, vet__csv_record *rec);
void vet__csv_free(vet__csv *c);
#endif
