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
  const char *raw;          /* the record's bytes as written, without its line terminator */
  size_t raw_n;             /* (borrowed from the input, valid until the next call) */
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
/* After vet__csv_next() returned VET_ETRUNCATED for the record that began at
 * `start` (a pointer into the buffer given to vet__csv_init()) on line
 * `line`: goes on at the line after that one, so a quote left open costs one
 * row, not the rest of the file. Returns 1 if input remains, 0 at its end. */
int vet__csv_resume_after(vet__csv *c, const char *start, unsigned long line);
void vet__csv_free(vet__csv *c);

/* Streaming mode: the same parser over a file descriptor read in chunks, for
 * inputs too large to map (vet batch). The unread tail of the input lives in
 * buf; when a record may continue past the end of buf (no line terminator
 * seen yet, or a quote still open) the partial record is moved to the front
 * of buf, more bytes are read and the record is parsed again, so a record
 * is never split across refills. buf grows only to hold the longest record.
 * Each record carries the file offsets where it starts and where the next
 * one starts, so a caller can checkpoint and later resume by seeking.
 * Not thread-safe; the fd stays the caller's. */
typedef struct vet__csv_stream {
  vet__csv c;
  int fd;
  char *buf;
  size_t len, cap;               /* buf[0..len) holds input not yet consumed */
  unsigned long long base;       /* file offset of buf[0] */
  int eof;
  unsigned long long rec_offset; /* OUT of _next: offset of the record's first byte */
  unsigned long long next_offset;/* OUT of _next: offset just after the record */
} vet__csv_stream;

/* Starts reading fd at file offset `offset` (where the caller positioned it)
 * whose physical line number is `line`. chunk: bytes per read (0: 1 MiB). */
int vet__csv_stream_init(vet__csv_stream *s, int fd, char delim, unsigned long long offset,
                         unsigned long line, size_t chunk);
/* As vet__csv_next(), plus VET_EIO when read() fails (errno kept). */
int vet__csv_stream_next(vet__csv_stream *s, vet__csv_record *rec);
/* Frees the buffers (not the fd). */
void vet__csv_stream_free(vet__csv_stream *s);
#endif
