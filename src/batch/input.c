/* input.c — vet batch's row reader: CSV, TSV or JSON lines as a stream.
 *
 * CSV and TSV go through the one CSV parser in its streaming mode; JSON
 * lines through a chunked line reader and jansson. Each row is validated
 * here: a row is rejected, with a reason naming what is wrong, when its
 * quoting is broken, its field count differs from the header's, its bytes
 * are not UTF-8, it is not a JSON object, or its name is empty. The reader
 * never stops at a bad row; the pipeline decides (strict mode).
 *
 * Invariant: row->offset .. row->next_offset covers exactly the bytes of
 * the row, so a checkpoint at next_offset resumes at the following row. */
#include "batch/batch_int.h"
#include "core/error.h"
#include "core/text.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const col_label[VET__NCOLS] = {"name", "id", "type", "country", "dob"};

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !vet__ascii_casecmp(s + n - k, suffix);
}

/* Chooses the format from the file name, else from the first bytes (which
** are read into buf and stay there for the parser). */
static vet_batch_format detect(const char *path, const char *head, size_t n) {
  if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".json"))
    return VET_BATCH_JSONL;
  if (ends_with(path, ".tsv") || ends_with(path, ".tab")) return VET_BATCH_TSV;
  if (ends_with(path, ".csv")) return VET_BATCH_CSV;
  size_t i = 0;
  if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r')) i++;
  if (i < n && head[i] == '{') return VET_BATCH_JSONL;
  size_t tabs = 0, commas = 0;
  for (; i < n && head[i] != '\n'; i++) {
    if (head[i] == '\t') tabs++;
    else if (head[i] == ',') commas++;
  }
  return tabs > commas ? VET_BATCH_TSV : VET_BATCH_CSV;
}

/* Reads up to cap bytes (less at end of input). */
static ssize_t read_full(int fd, char *buf, size_t cap) {
  size_t got = 0;
  while (got < cap) {
    ssize_t r = read(fd, buf + got, cap - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += (size_t)r;
  }
  return (ssize_t)got;
}

static void free_header(vet__batch_input *in) {
  for (size_t i = 0; i < in->n_header; i++) free(in->header[i]);
  free(in->header);
  in->header = NULL;
  in->n_header = 0;
}

/* Reads the header record and maps the column options to indexes. */
static int read_header(vet__batch_input *in, vet_error *err) {
  vet__csv_record rec;
  int rc = vet__csv_stream_next(&in->cs, &rec);
  if (rc == 0) return vet__error_set(err, VET_EEMPTY, "%s: empty file", in->path);
  if (rc == VET_EIO) return vet__error_set(err, VET_EIO, "%s: %s", in->path, strerror(errno));
  if (rc < 0) return vet__error_at(err, VET_EFORMAT, in->path, rec.line, "the header row: %s",
                                   in->cs.c.error ? in->cs.c.error : vet_strerror(rc));
  if (vet__utf8_invalid_at(rec.raw, rec.raw_n) != rec.raw_n)
    return vet__error_at(err, VET_EENCODING, in->path, rec.line, "the header row is not UTF-8");
  in->header = calloc(rec.n, sizeof *in->header);
  if (!in->header) return VET_ENOMEM;
  for (size_t i = 0; i < rec.n; i++) {
    const char *s = rec.f[i].s;
    size_t n = rec.f[i].n;
    if (i == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, n -= 3; /* BOM */
    vet__trim(&s, &n);
    if (!(in->header[i] = strndup(s, n))) return VET_ENOMEM;
    in->n_header++;
  }
  if (vet__buf_append(&in->header_line, rec.raw, rec.raw_n)) return VET_ENOMEM;
  for (int k = 0; k < VET__NCOLS; k++) {
    in->col[k] = -1;
    if (!in->col_name[k]) continue;
    for (size_t i = 0; i < in->n_header; i++)
      if (!strcmp(in->header[i], in->col_name[k])) { in->col[k] = (long)i; break; }
    if (in->col[k] < 0) { /* then case-insensitively */
      for (size_t i = 0; i < in->n_header; i++)
        if (!vet__ascii_casecmp(in->header[i], in->col_name[k])) { in->col[k] = (long)i; break; }
    }
    if (in->col[k] < 0)
      return vet__error_set(err, VET_EINVAL, "%s: no column \"%s\" (the %s column) in the header",
                            in->path, in->col_name[k], col_label[k]);
  }
  return VET_OK;
}

int vet__batch_input_open(vet__batch_input *in, const char *path, const vet_batch_options *o,
                          unsigned long long offset, unsigned long line, vet_error *err) {
  memset(in, 0, sizeof *in);
  in->path = path;
  in->fd = -1;
  in->col_name[VET__COL_NAME] = o->name_column;
  in->col_name[VET__COL_ID] = o->id_column;
  in->col_name[VET__COL_TYPE] = o->type_column;
  in->col_name[VET__COL_COUNTRY] = o->country_column;
  in->col_name[VET__COL_DOB] = o->dob_column;
  if (!o->name_column || !*o->name_column)
    return vet__error_set(err, VET_EINVAL, "the name column is required");
  if (!strcmp(path, "-")) {
    in->fd = STDIN_FILENO;
    if (offset) return vet__error_set(err, VET_EINVAL, "cannot resume reading standard input");
  } else {
    in->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (in->fd < 0) return vet__error_set(err, VET_EIO, "%s: %s", path, strerror(errno));
    in->own_fd = 1;
    struct stat st;
    if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode)) {
      in->size = (unsigned long long)st.st_size;
      in->mtime = (long long)st.st_mtime;
    } else if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      return vet__error_set(err, VET_EIO, "%s: is a folder", path);
    }
  }
  /* The first chunk decides the format and then feeds the parser. */
  in->cap = (size_t)1 << 20;
  if (!(in->buf = malloc(in->cap))) return VET_ENOMEM;
  ssize_t got = read_full(in->fd, in->buf, in->cap);
  if (got < 0) return vet__error_set(err, VET_EIO, "%s: %s", path, strerror(errno));
  in->len = (size_t)got;
  in->eof = in->len < in->cap;
  if (in->len == 0) return vet__error_set(err, VET_EEMPTY, "%s: empty file", path);
  in->format = o->input_format ? o->input_format : detect(path, in->buf, in->len);
  in->out_format = o->output_format ? o->output_format :
                   in->format == VET_BATCH_JSONL ? VET_BATCH_JSONL : in->format;
  if (in->format == VET_BATCH_JSONL && in->out_format != VET_BATCH_JSONL)
    return vet__error_set(err, VET_EINVAL, "CSV or TSV output needs CSV or TSV input");
  if (in->format != VET_BATCH_JSONL && in->out_format != VET_BATCH_JSONL && in->out_format != in->format)
    return vet__error_set(err, VET_EINVAL, "CSV or TSV output keeps the input's rows as written: "
                          "ask for %s output (or jsonl)", in->format == VET_BATCH_TSV ? "tsv" : "csv");
  in->line = 1;
  if (in->format == VET_BATCH_JSONL) {
    if (offset) {
      if (lseek(in->fd, (off_t)offset, SEEK_SET) < 0)
        return vet__error_set(err, VET_EIO, "%s: cannot seek: %s", path, strerror(errno));
      in->len = 0;
      in->eof = 0;
      in->base = offset;
      in->line = line;
    }
    return VET_OK;
  }
  in->delim = in->format == VET_BATCH_TSV ? '\t' : ',';
  /* Hand the first chunk to the CSV stream: its buffer becomes ours. */
  int rc = vet__csv_stream_init(&in->cs, in->fd, in->delim, 0, 1, 0);
  if (rc) return rc;
  free(in->cs.buf);
  in->cs.buf = in->buf;
  in->cs.cap = in->cap;
  in->cs.len = in->len;
  in->cs.eof = in->eof;
  in->cs.c.p = in->buf;
  in->cs.c.end = in->buf + in->len;
  in->buf = NULL;
  in->len = in->cap = 0;
  if ((rc = read_header(in, err))) return rc;
  if (offset) {
    if (lseek(in->fd, (off_t)offset, SEEK_SET) < 0)
      return vet__error_set(err, VET_EIO, "%s: cannot seek: %s", path, strerror(errno));
    in->cs.len = 0;
    in->cs.eof = 0;
    in->cs.base = offset;
    in->cs.c.p = in->cs.c.end = in->cs.buf;
    in->cs.c.line = line;
  }
  return VET_OK;
}

void vet__batch_input_close(vet__batch_input *in) {
  if (in->own_fd && in->fd >= 0) close(in->fd);
  in->fd = -1;
  if (in->format != VET_BATCH_JSONL) vet__csv_stream_free(&in->cs);
  free(in->buf);
  in->buf = NULL;
  free_header(in);
  vet__buf_free(&in->header_line);
  vet__buf_free(&in->prefix);
  if (in->obj) json_decref(in->obj);
  in->obj = NULL;
}

static int reject(vet__batch_input *in, vet__batch_row *row, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int reject(vet__batch_input *in, vet__batch_row *row, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(in->reason, sizeof in->reason, fmt, ap);
  va_end(ap);
  row->reject = in->reason;
  return 1;
}

/* Checks the query fields every format shares: a non-empty name. */
static int check_name(vet__batch_input *in, vet__batch_row *row) {
  const char *s = row->col[VET__COL_NAME];
  size_t n = s ? strlen(s) : 0;
  if (s) vet__trim(&s, &n);
  if (n == 0) return reject(in, row, "empty name in the \"%s\" column", in->col_name[VET__COL_NAME]);
  return 1;
}

/* CSV output from CSV input: the record as written is the prefix. JSON
** output from CSV input: an object of every column. */
static int csv_prefix(vet__batch_input *in, vet__batch_row *row, const vet__csv_record *rec) {
  if (in->out_format != VET_BATCH_JSONL) {
    row->prefix = rec->raw;
    row->prefix_n = rec->raw_n;
    return VET_OK;
  }
  vet__buf *b = &in->prefix;
  vet__buf_clear(b);
  if (vet__buf_putc(b, '{')) return VET_ENOMEM;
  for (size_t i = 0; i < rec->n; i++) {
    if (i && vet__buf_putc(b, ',')) return VET_ENOMEM;
    if (vet__json_put_string(b, in->header[i], strlen(in->header[i])) || vet__buf_putc(b, ':') ||
        vet__json_put_string(b, rec->f[i].s, rec->f[i].n))
      return VET_ENOMEM;
  }
  row->prefix = b->data;
  row->prefix_n = b->len;
  row->prefix_empty_object = rec->n == 0;
  return VET_OK;
}

static int next_csv(vet__batch_input *in, vet__batch_row *row, vet_error *err) {
  vet__csv_record rec;
  int rc = vet__csv_stream_next(&in->cs, &rec);
  if (rc == 0) return 0;
  if (rc == VET_ENOMEM) return rc;
  if (rc == VET_EIO) return vet__error_set(err, VET_EIO, "%s: %s", in->path, strerror(errno));
  row->line = rec.line;
  if (rc == VET_ETRUNCATED) {
    /* The open quote ran to the end of the input: nothing after it can be
    ** told apart, and the rows it swallowed are named. */
    row->offset = row->next_offset = in->cs.base + in->cs.len;
    row->next_line = in->cs.c.line;
    return reject(in, row, "a quoted field opened on this line is never closed "
                  "(lines %lu to %lu are not read)", rec.line, in->cs.c.line - 1);
  }
  row->offset = in->cs.rec_offset;
  row->next_offset = in->cs.next_offset;
  row->next_line = in->cs.c.line;
  /* The id names the row in reports, even a malformed one, where it can. */
  if (in->col[VET__COL_ID] >= 0 && (size_t)in->col[VET__COL_ID] < rec.n &&
      vet__utf8_invalid_at(rec.f[in->col[VET__COL_ID]].s, rec.f[in->col[VET__COL_ID]].n) ==
          rec.f[in->col[VET__COL_ID]].n)
    row->col[VET__COL_ID] = rec.f[in->col[VET__COL_ID]].s;
  size_t bad = vet__utf8_invalid_at(rec.raw, rec.raw_n);
  if (bad != rec.raw_n) return reject(in, row, "invalid UTF-8 (byte %zu of the row)", bad + 1);
  if (rec.bad_quote) return reject(in, row, "broken quoting: text after a closing quote");
  if (rec.n != in->n_header)
    return reject(in, row, "%zu fields, the header has %zu", rec.n, in->n_header);
  for (int k = 0; k < VET__NCOLS; k++)
    row->col[k] = in->col[k] >= 0 ? rec.f[in->col[k]].s : NULL;
  if (!check_name(in, row)) return 1;
  if ((rc = csv_prefix(in, row, &rec))) return rc;
  return 1;
}

/* The next line of a JSON-lines input, blank lines skipped. */
static int next_line(vet__batch_input *in, const char **s, size_t *n, vet_error *err) {
  for (;;) {
    char *nl = memchr(in->buf + in->pos, '\n', in->len - in->pos);
    if (!nl && !in->eof) {
      memmove(in->buf, in->buf + in->pos, in->len - in->pos);
      in->base += in->pos;
      in->len -= in->pos;
      in->pos = 0;
      if (in->len == in->cap) {
        char *nb = realloc(in->buf, in->cap * 2);
        if (!nb) return VET_ENOMEM;
        in->buf = nb;
        in->cap *= 2;
      }
      ssize_t r = read_full(in->fd, in->buf + in->len, in->cap - in->len);
      if (r < 0) return vet__error_set(err, VET_EIO, "%s: %s", in->path, strerror(errno));
      in->eof = (size_t)r < in->cap - in->len;
      in->len += (size_t)r;
      continue;
    }
    size_t end = nl ? (size_t)(nl - in->buf) : in->len;
    if (end == in->pos && !nl) return 0; /* end of input */
    *s = in->buf + in->pos;
    *n = end - in->pos;
    in->pos = nl ? end + 1 : end;
    return 1;
  }
}

static int next_jsonl(vet__batch_input *in, vet__batch_row *row, vet_error *err) {
  const char *s = NULL;
  size_t n = 0, t = 0;
  for (;;) {
    unsigned long long off = in->base + in->pos;
    int rc = next_line(in, &s, &n, err);
    if (rc <= 0) return rc;
    row->line = in->line++;
    row->next_line = in->line;
    row->offset = off;
    row->next_offset = in->base + in->pos;
    t = n;
    while (t && (s[t - 1] == '\r' || s[t - 1] == ' ' || s[t - 1] == '\t')) t--;
    size_t lead = 0;
    if (row->line == 1 && t >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) lead = 3; /* a BOM */
    while (lead < t && (s[lead] == ' ' || s[lead] == '\t')) lead++;
    if (lead == t) continue; /* a blank line */
    s += lead;
    t -= lead;
    break;
  }
  if (in->obj) json_decref(in->obj);
  in->obj = NULL;
  size_t bad = vet__utf8_invalid_at(s, t);
  if (bad != t) return reject(in, row, "invalid UTF-8 (byte %zu of the line)", bad + 1);
  json_error_t jerr;
  in->obj = json_loadb(s, t, JSON_REJECT_DUPLICATES, &jerr);
  if (!in->obj) return reject(in, row, "invalid JSON: %s", jerr.text);
  if (!json_is_object(in->obj)) return reject(in, row, "not a JSON object");
  for (int k = 0; k < VET__NCOLS; k++) {
    row->col[k] = NULL;
    if (!in->col_name[k]) continue;
    json_t *v = json_object_get(in->obj, in->col_name[k]);
    if (json_is_string(v)) row->col[k] = json_string_value(v);
    else if (json_is_integer(v) && k != VET__COL_NAME) {
      snprintf(in->scratch[k], sizeof in->scratch[k], "%lld", (long long)json_integer_value(v));
      row->col[k] = in->scratch[k];
    } else if (k == VET__COL_NAME && v && !json_is_null(v)) {
      return reject(in, row, "the \"%s\" member is not a string", in->col_name[k]);
    }
  }
  if (!check_name(in, row)) return 1;
  /* The prefix: the object as written, without its closing brace. */
  row->prefix = s;
  row->prefix_n = t - 1;
  row->prefix_empty_object = json_object_size(in->obj) == 0;
  return 1;
}

int vet__batch_input_next(vet__batch_input *in, vet__batch_row *row, vet_error *err) {
  memset(row, 0, sizeof *row);
  return in->format == VET_BATCH_JSONL ? next_jsonl(in, row, err) : next_csv(in, row, err);
}
