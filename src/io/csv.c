/* csv.c — see csv.h.
 *
 * One pass over the bytes per record. Unescaped field text is appended to
 * one buffer with a NUL after each field; the field table is built after the
 * record is complete because the buffer may move while it grows. */
#include "io/csv.h"
#include "vet.h"

#include <stdlib.h>
#include <string.h>

void vet__csv_init(vet__csv *c, const char *data, size_t n, char delim) {
  memset(c, 0, sizeof *c);
  c->p = data;
  c->end = data + n;
  c->delim = delim;
  c->line = 1;
}

void vet__csv_free(vet__csv *c) {
  vet__buf_free(&c->store);
  free(c->starts);
  free(c->lens);
  free(c->quoted);
  free(c->fields);
  c->starts = c->lens = NULL;
  c->quoted = NULL;
  c->fields = NULL;
  c->cap = 0;
}

static int push_field(vet__csv *c, size_t nf, size_t start, int quoted) {
  if (nf == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 32;
    size_t *s = realloc(c->starts, cap * sizeof *s);
    if (!s) return VET_ENOMEM;
    c->starts = s;
    size_t *l = realloc(c->lens, cap * sizeof *l);
    if (!l) return VET_ENOMEM;
    c->lens = l;
    int *q = realloc(c->quoted, cap * sizeof *q);
    if (!q) return VET_ENOMEM;
    c->quoted = q;
    vet__csv_field *f = realloc(c->fields, cap * sizeof *f);
    if (!f) return VET_ENOMEM;
    c->fields = f;
    c->cap = cap;
  }
  c->starts[nf] = start;
  c->lens[nf] = c->store.len - start;
  c->quoted[nf] = quoted;
  return vet__buf_putc(&c->store, '\0');
}

int vet__csv_next(vet__csv *c, vet__csv_record *rec) {
  /* Skip blank lines between records. */
  while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
    if (*c->p == '\n') c->line++;
    c->p++;
  }
  if (c->p >= c->end) return 0;

  vet__buf_clear(&c->store);
  memset(rec, 0, sizeof *rec);
  rec->line = c->line;
  rec->raw = c->p;
  size_t nf = 0;
  const char *p = c->p, *end = c->end;
  const char delim = c->delim;

  for (;;) { /* one field per iteration */
    size_t start = c->store.len;
    int quoted = 0;
    if (p < end && *p == '"') {
      quoted = 1;
      p++;
      for (;;) {
        const char *q = p;
        while (q < end && *q != '"') {
          if (*q == '\n') c->line++;
          q++;
        }
        if (vet__buf_append(&c->store, p, (size_t)(q - p))) return VET_ENOMEM;
        if (q >= end) {
          c->p = end;
          c->error = "a quoted field is never closed";
          return VET_ETRUNCATED;
        }
        p = q + 1;
        if (p < end && *p == '"') { /* doubled quote */
          if (vet__buf_putc(&c->store, '"')) return VET_ENOMEM;
          p++;
          continue;
        }
        break;
      }
      /* After the closing quote: text up to the delimiter is kept, flagged. */
      const char *q = p;
      while (q < end && *q != delim && *q != '\n' && *q != '\r') q++;
      if (q > p) {
        rec->bad_quote = 1;
        if (vet__buf_append(&c->store, p, (size_t)(q - p))) return VET_ENOMEM;
      }
      p = q;
    } else {
      const char *q = p;
      while (q < end && *q != delim && *q != '\n' && *q != '\r') q++;
      if (vet__buf_append(&c->store, p, (size_t)(q - p))) return VET_ENOMEM;
      p = q;
    }
    if (push_field(c, nf++, start, quoted)) return VET_ENOMEM;
    if (p < end && *p == delim) {
      p++;
      continue;
    }
    /* End of record: CRLF, LF, lone CR or end of input. */
    rec->raw_n = (size_t)(p - rec->raw);
    if (p < end && *p == '\r') p++;
    if (p < end && *p == '\n') p++;
    break;
  }
  rec->end_line = c->line;
  c->line++;
  c->p = p;
  for (size_t i = 0; i < nf; i++) {
    c->fields[i].s = c->store.data + c->starts[i];
    c->fields[i].n = c->lens[i];
    c->fields[i].quoted = c->quoted[i];
  }
  rec->f = c->fields;
  rec->n = nf;
  return 1;
}

/* ---- streaming mode ---------------------------------------------------- */

#include <errno.h>
#include <unistd.h>

int vet__csv_stream_init(vet__csv_stream *s, int fd, char delim, unsigned long long offset,
                         unsigned long line, size_t chunk) {
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->cap = chunk ? chunk : (size_t)1 << 20;
  s->buf = malloc(s->cap);
  if (!s->buf) return VET_ENOMEM;
  s->base = offset;
  vet__csv_init(&s->c, s->buf, 0, delim);
  s->c.line = line;
  return VET_OK;
}

void vet__csv_stream_free(vet__csv_stream *s) {
  vet__csv_free(&s->c);
  free(s->buf);
  s->buf = NULL;
}

/* Drops the consumed bytes before `keep`, then reads until buf holds at
 * least one more chunk's worth or the input ends. The parser is pointed at
 * the kept bytes again; its line counter is the caller's to restore. */
static int refill(vet__csv_stream *s, const char *keep) {
  size_t drop = (size_t)(keep - s->buf);
  memmove(s->buf, keep, s->len - drop);
  s->len -= drop;
  s->base += drop;
  if (s->len == s->cap) { /* one record fills the buffer: grow it */
    char *nb = realloc(s->buf, s->cap * 2);
    if (!nb) return VET_ENOMEM;
    s->buf = nb;
    s->cap *= 2;
  }
  while (s->len < s->cap) {
    ssize_t r = read(s->fd, s->buf + s->len, s->cap - s->len);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return VET_EIO;
    if (r == 0) {
      s->eof = 1;
      break;
    }
    s->len += (size_t)r;
  }
  s->c.p = s->buf;
  s->c.end = s->buf + s->len;
  return VET_OK;
}

int vet__csv_stream_next(vet__csv_stream *s, vet__csv_record *rec) {
  for (;;) {
    const char *start = s->c.p;
    unsigned long line = s->c.line;
    int rc = vet__csv_next(&s->c, rec);
    if (rc == VET_ENOMEM) return rc;
    /* Complete: the input has ended, or a line terminator was consumed and
     * more bytes follow (so a CR is not the first half of a split CRLF). */
    if (s->eof || (rc == 1 && s->c.p < s->c.end)) {
      if (rc == 1) {
        s->rec_offset = s->base + (unsigned long long)(rec->raw - s->buf);
        s->next_offset = s->base + (unsigned long long)(s->c.p - s->buf);
      }
      return rc;
    }
    int r = refill(s, start);
    if (r) return r;
    s->c.line = line;
  }
}

int vet__csv_resume_after(vet__csv *c, const char *start, unsigned long line) {
  const char *nl = start < c->end ? memchr(start, '\n', (size_t)(c->end - start)) : NULL;
  if (!nl) {
    c->p = c->end;
    return 0;
  }
  c->p = nl + 1;
  c->line = line + 1;
  return c->p < c->end;
}
