/* format.c — what vet batch adds to each row, and the escaping it needs.
 *
 * CSV/TSV output keeps the input record exactly as written and appends
 * vet's columns (VET_COLUMNS below): the number of matches at the
 * threshold, the best match's score, list, id, name and the listed name
 * that matched, a one-line explanation, and the other matches as
 * "list:id name (score)" separated by " | ". JSON output adds one member,
 * "vet": {"hits": N, "matches": [match objects]}. */
#include "batch/batch_int.h"

#include <stdio.h>
#include <string.h>

static const char *const VET_COLUMNS[] = {"vet_hits", "vet_score", "vet_list", "vet_source_id",
                                          "vet_name", "vet_matched_name", "vet_explanation",
                                          "vet_other_matches"};

int vet__csv_put_field(vet__buf *out, const char *s, size_t n, char delim) {
  int quote = 0;
  for (size_t i = 0; i < n && !quote; i++)
    quote = s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  if (!quote) return vet__buf_append(out, s, n);
  if (vet__buf_putc(out, '"')) return VET_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"' && vet__buf_putc(out, '"')) return VET_ENOMEM;
    if (vet__buf_putc(out, s[i])) return VET_ENOMEM;
  }
  return vet__buf_putc(out, '"');
}

int vet__json_put_string(vet__buf *out, const char *s, size_t n) {
  if (vet__buf_reserve(out, n + 2)) return VET_ENOMEM;
  if (vet__buf_putc(out, '"')) return VET_ENOMEM;
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    if (vet__buf_append(out, s + run, i - run)) return VET_ENOMEM;
    run = i + 1;
    char esc[8];
    switch (c) {
      case '"': strcpy(esc, "\\\""); break;
      case '\\': strcpy(esc, "\\\\"); break;
      case '\n': strcpy(esc, "\\n"); break;
      case '\r': strcpy(esc, "\\r"); break;
      case '\t': strcpy(esc, "\\t"); break;
      default: snprintf(esc, sizeof esc, "\\u%04x", c);
    }
    if (vet__buf_puts(out, esc)) return VET_ENOMEM;
  }
  if (vet__buf_append(out, s + run, n - run)) return VET_ENOMEM;
  return vet__buf_putc(out, '"');
}

int vet__batch_format_header(vet__buf *out, const vet__batch_input *in) {
  if (vet__buf_append(out, in->header_line.data, in->header_line.len)) return VET_ENOMEM;
  for (size_t i = 0; i < sizeof VET_COLUMNS / sizeof *VET_COLUMNS; i++)
    if (vet__buf_putc(out, in->delim) || vet__buf_puts(out, VET_COLUMNS[i])) return VET_ENOMEM;
  return vet__buf_putc(out, '\n');
}

/* One number through snprintf into a small buffer, then appended: the
** formats are the ones vet__buf_printf took, without its second pass. */
static int put_fmt_double(vet__buf *out, const char *fmt, double x) {
  char t[64];
  int n = snprintf(t, sizeof t, fmt, x);
  if (n < 0 || (size_t)n >= sizeof t) return vet__buf_printf(out, fmt, x) < 0 ? VET_ENOMEM : VET_OK;
  return vet__buf_append(out, t, (size_t)n);
}

/* n in decimal, as "%zu". */
static int put_size(vet__buf *out, size_t n) {
  char t[24];
  size_t i = sizeof t;
  do t[--i] = (char)('0' + n % 10);
  while (n /= 10);
  return vet__buf_append(out, t + i, sizeof t - i);
}

static int put_str(vet__buf *out, const char *s, char delim) {
  return vet__buf_putc(out, delim) || vet__csv_put_field(out, s ? s : "", s ? strlen(s) : 0, delim)
             ? VET_ENOMEM : VET_OK;
}

static int put_json_field(vet__buf *out, const char *key, const char *v) {
  if (vet__buf_printf(out, ",\"%s\":", key) < 0) return VET_ENOMEM;
  if (!v) return vet__buf_puts(out, "null");
  return vet__json_put_string(out, v, strlen(v));
}

int vet__batch_format_suffix(vet__buf *out, vet_batch_format fmt, char delim,
                             const vet__batch_hit *hits, size_t n, size_t max_matches,
                             int *hit) {
  size_t n_match = 0;
  for (size_t i = 0; i < n; i++) n_match += hits[i].is_match != 0;
  *hit = n_match > 0;
  size_t shown = n < max_matches ? n : max_matches;
  if (fmt == VET_BATCH_JSONL) {
    if (vet__buf_printf(out, "\"vet\":{\"hits\":%zu,\"matches\":[", n_match) < 0) return VET_ENOMEM;
    for (size_t i = 0; i < shown; i++) {
      const vet__batch_hit *h = &hits[i];
      if (i && vet__buf_putc(out, ',')) return VET_ENOMEM;
      if (h->json) {
        if (vet__buf_puts(out, h->json)) return VET_ENOMEM;
        continue;
      }
      if (vet__buf_printf(out, "{\"score\":%.4f,\"match\":%s", h->score,
                          h->is_match ? "true" : "false") < 0 ||
          put_json_field(out, "list", h->list_id) || put_json_field(out, "source_id", h->source_id) ||
          put_json_field(out, "name", h->name) ||
          put_json_field(out, "matched_name", h->matched_name) ||
          put_json_field(out, "explanation", h->why) || vet__buf_putc(out, '}'))
        return VET_ENOMEM;
    }
    return vet__buf_puts(out, "]}");
  }
  if (vet__buf_putc(out, delim) || put_size(out, n_match)) return VET_ENOMEM;
  if (shown == 0) {
    for (int i = 0; i < 7; i++)
      if (vet__buf_putc(out, delim)) return VET_ENOMEM;
    return VET_OK;
  }
  const vet__batch_hit *b = &hits[0];
  if (vet__buf_putc(out, delim) || put_fmt_double(out, "%.4f", b->score) || put_str(out, b->list_id, delim) ||
      put_str(out, b->source_id, delim) || put_str(out, b->name, delim) ||
      put_str(out, b->matched_name, delim) || put_str(out, b->why, delim))
    return VET_ENOMEM;
  vet__buf others = VET__BUF_INIT;
  int rc = VET_OK;
  for (size_t i = 1; i < shown && !rc; i++)
    rc = vet__buf_puts(&others, i > 1 ? " | " : "") ||
         vet__buf_puts(&others, hits[i].list_id ? hits[i].list_id : "") || vet__buf_putc(&others, ':') ||
         vet__buf_puts(&others, hits[i].source_id ? hits[i].source_id : "") ||
         vet__buf_putc(&others, ' ') || vet__buf_puts(&others, hits[i].name ? hits[i].name : "") ||
         vet__buf_puts(&others, " (") || put_fmt_double(&others, "%.2f", hits[i].score) ||
         vet__buf_putc(&others, ')') ? VET_ENOMEM : VET_OK;
  if (!rc) rc = put_str(out, others.data ? others.data : "", delim);
  vet__buf_free(&others);
  return rc;
}
