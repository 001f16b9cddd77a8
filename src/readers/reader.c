/* reader.c — format detection, folder handling and the shared reporting
 * used by every reader (see reader.h). */
#include "readers/reader.h"
#include "core/error.h"
#include "core/text.h"

#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

vet_read_options vet_read_options_default(void) {
  vet_read_options o;
  memset(&o, 0, sizeof o);
  return o;
}

/* The names of the readers, built once per process from the reader table
 * (pthread_once, so concurrent first calls are safe) and never changed. */
static const char *format_names[32];
static pthread_once_t format_names_once = PTHREAD_ONCE_INIT;

static void build_format_names(void) {
  int k = 0;
  for (int i = 0; vet__readers[i] && k < 31; i++) format_names[k++] = vet__readers[i]->name;
  format_names[k] = NULL;
}

const char *const *vet_read_formats(void) {
  pthread_once(&format_names_once, build_format_names);
  return format_names;
}

static void report(vet__read_ctx *ctx, vet_diag_level level, const char *file,
                   unsigned long line, const char *fmt, va_list ap) {
  if (!ctx->cb || !ctx->cb->diag) return;
  char reason[768];
  vsnprintf(reason, sizeof reason, fmt, ap);
  vet_diag d = {level, file ? file : ctx->path, line, reason};
  ctx->cb->diag(ctx->cb->userdata, &d);
}

int vet__read_reject(vet__read_ctx *ctx, const char *file, unsigned long line, const char *fmt, ...) {
  va_list ap;
  ctx->info.n_rejected++;
  va_start(ap, fmt);
  report(ctx, VET_DIAG_REJECT, file, line, fmt, ap);
  va_end(ap);
  if (ctx->opts && ctx->opts->strict) {
    char reason[768];
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return vet__error_at(ctx->err, VET_ESTRICT, file ? file : ctx->path, line, "%s", reason);
  }
  return 0;
}

void vet__read_warn(vet__read_ctx *ctx, const char *file, unsigned long line, const char *fmt, ...) {
  va_list ap;
  ctx->info.n_warnings++;
  va_start(ap, fmt);
  report(ctx, VET_DIAG_WARNING, file, line, fmt, ap);
  va_end(ap);
}

int vet__read_emit(vet__read_ctx *ctx, const char *file, unsigned long line) {
  /* A field copy that failed reads as an absent field; the record is then
   * incomplete, not bad. */
  if (vet__eb_arena(ctx->eb)->failed)
    return vet__error_at(ctx->err, VET_ENOMEM, file ? file : ctx->path, line, "out of memory");
  const vet_entity *e = vet__eb_finish(ctx->eb);
  if (e->n_names == 0) return vet__read_reject(ctx, file, line, "record has no name");
  if (!e->source_id) return vet__read_reject(ctx, file, line, "record has no identifier");
  ctx->info.n_entities++;
  ctx->info.n_names += e->n_names;
  ctx->info.n_addresses += e->n_addresses;
  ctx->info.n_births += e->n_births;
  ctx->info.n_ids += e->n_ids;
  if (ctx->cb && ctx->cb->entity && ctx->cb->entity(ctx->cb->userdata, e))
    return vet__error_at(ctx->err, VET_ECANCELLED, file ? file : ctx->path, line,
                         "stopped by the consumer");
  return 0;
}

int vet__read_require_utf8(vet__read_ctx *ctx, const char *data, size_t n) {
  size_t bad = vet__utf8_invalid_at(data, n);
  if (bad == n) return 0;
  return vet__error_at(ctx->err, VET_EENCODING, ctx->path, vet__line_of(data, bad),
                       "invalid UTF-8 (byte 0x%02X at offset %zu)",
                       (unsigned char)data[bad], bad);
}

/* Digits and dashes of the shape "NNNN-NN-NN" (len 10) or "NNNN-NN" (len 7) at p,
 * not followed by another digit. */
static int date_shape(const char *p, size_t n, int len) {
  if (n < (size_t)len) return 0;
  for (int i = 0; i < len; i++) {
    char c = p[i];
    if ((i == 4 || i == 7) ? c != '-' : (c < '0' || c > '9')) return 0;
  }
  return (size_t)len == n || p[len] < '0' || p[len] > '9';
}

const char *vet__date_from_path(vet__read_ctx *ctx, const char *path) {
  /* The last path component, ignoring trailing slashes (a folder set). */
  size_t end = strlen(path);
  while (end > 1 && path[end - 1] == '/') end--;
  size_t start = end;
  while (start > 0 && path[start - 1] != '/') start--;
  const char *base = path + start;
  size_t n = end - start;
  for (int len = 10; len >= 7; len -= 3)
    for (size_t i = 0; i < n; i++)
      if ((i == 0 || base[i - 1] < '0' || base[i - 1] > '9') && date_shape(base + i, n - i, len)) {
        memcpy(ctx->date_buf, base + i, (size_t)len);
        ctx->date_buf[len] = '\0';
        return ctx->date_buf;
      }
  return NULL;
}

static void now_iso(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int run(const vet__reader *r, const char *path, const vet__file *file,
               const vet_read_options *opts, const vet_read_callbacks *cb, vet_error *err,
               const char *checksum) {
  vet__read_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.path = path;
  ctx.file = file;
  ctx.opts = opts;
  ctx.cb = cb;
  ctx.err = err;
  ctx.eb = vet__eb_new();
  if (!ctx.eb) return vet__error_set(err, VET_ENOMEM, "out of memory");
  ctx.info.format = r->name;
  ctx.info.path = path;
  ctx.info.checksum = checksum;
  char loaded[32];
  now_iso(loaded, sizeof loaded);
  ctx.info.loaded_at = loaded;
  int rc = r->read(&ctx);
  /* Deep helpers pass a bare VET_ENOMEM up; the read says which file. */
  if (rc == VET_ENOMEM && err && !err->message[0]) vet__error_set(err, rc, "%s: out of memory", path);
  if (rc == 0 && ctx.info.n_entities == 0)
    rc = vet__error_at(err, VET_EEMPTY, path, 0, "no entities could be read (%llu rows rejected)",
                       (unsigned long long)ctx.info.n_rejected);
  if (rc == 0 && cb && cb->list_done) cb->list_done(cb->userdata, &ctx.info);
  vet__eb_free(ctx.eb);
  return rc;
}

static const vet__reader *by_name(const char *name) {
  for (int i = 0; vet__readers[i]; i++)
    if (!strcmp(vet__readers[i]->name, name)) return vet__readers[i];
  return NULL;
}

/* in_dir: the file was found in a folder; one that no reader knows is then
 * skipped with a note rather than failing the whole folder. */
static int read_file(const char *path, const vet_read_options *opts,
                     const vet_read_callbacks *cb, vet_error *err, int in_dir) {
  vet__file f;
  int rc = vet__file_open(&f, path, err);
  if (rc) return rc;
  const vet__reader *best = NULL;
  if (opts->format) {
    best = by_name(opts->format);
    if (!best || !best->sniff) {
      vet__file_close(&f);
      return vet__error_at(err, VET_EINVAL, path, 0, "no reader for format \"%s\"", opts->format);
    }
  } else {
    int best_score = 0;
    size_t head = f.size < 65536 ? f.size : 65536;
    for (int i = 0; vet__readers[i]; i++) {
      if (!vet__readers[i]->sniff) continue;
      int s = vet__readers[i]->sniff(path, f.data, head);
      if (s == VET_ENOMEM) {
        vet__file_close(&f);
        return vet__error_at(err, VET_ENOMEM, path, 0, "out of memory");
      }
      if (s > best_score) {
        best_score = s;
        best = vet__readers[i];
      }
    }
  }
  if (!best && in_dir) {
    if (cb && cb->diag) {
      vet_diag d = {VET_DIAG_NOTE, path, 0, "skipped: not a list format vet reads"};
      cb->diag(cb->userdata, &d);
    }
    rc = 1;
  } else if (!best) {
    rc = vet__error_at(err, VET_EFORMAT, path, 0,
                       "not a list vet can read (formats: ofac-csv set, ofac-xml, un-xml, csl-csv, "
                       "bis-dpl, ecfr-xml, uk-csv, eu-csv, vet-jsonl)");
  } else {
    char checksum[72];
    memcpy(checksum, f.checksum, sizeof checksum);
    rc = run(best, path, &f, opts, cb, err, checksum);
  }
  vet__file_close(&f);
  return rc;
}

static int cmpstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_dir(const char *path, const vet_read_options *opts,
                    const vet_read_callbacks *cb, vet_error *err) {
  for (int i = 0; vet__readers[i]; i++) {
    const vet__reader *r = vet__readers[i];
    if (r->sniff_dir && r->sniff_dir(path) &&
        (!opts->format || !strcmp(opts->format, r->name)))
      return run(r, path, NULL, opts, cb, err, NULL);
  }
  DIR *d = opendir(path);
  if (!d) return vet__error_at(err, VET_EIO, path, 0, "cannot open folder");
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    if (n == cap) {
      size_t c2 = cap ? cap * 2 : 16;
      char **p = realloc(names, c2 * sizeof *p);
      if (!p) break;
      names = p;
      cap = c2;
    }
    size_t plen = strlen(path);
    while (plen > 1 && path[plen - 1] == '/') plen--;
    size_t len = plen + strlen(de->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n]) break;
    snprintf(names[n], len, "%.*s/%s", (int)plen, path, de->d_name);
    n++;
  }
  /* Stopped early for want of memory: a folder read in part would lose lists. */
  int rc = de ? vet__error_at(err, VET_ENOMEM, path, 0, "out of memory") : 0;
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmpstr);
  size_t nread = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    rc = vet__is_dir(names[i]) ? read_dir(names[i], opts, cb, err)
                               : read_file(names[i], opts, cb, err, 1);
    /* A subfolder without lists (data/dict holds the name dictionaries) is
     * skipped like a file that is not a list. */
    if (rc == VET_EEMPTY && vet__is_dir(names[i])) rc = 1;
    if (rc == 0) nread++;
    if (rc == 1) rc = 0; /* skipped */
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  if (rc == 0 && nread == 0) rc = vet__error_at(err, VET_EEMPTY, path, 0, "folder holds no list");
  return rc;
}

int vet_read_path(const char *path, const vet_read_options *options,
                  const vet_read_callbacks *cb, vet_error *err) {
  vet_read_options def = vet_read_options_default();
  if (!options) options = &def;
  if (err) memset(err, 0, sizeof *err);   /* run() tells a message set by this read */
  if (!path) return vet__error_set(err, VET_EINVAL, "no path given");
  return vet__is_dir(path) ? read_dir(path, options, cb, err) : read_file(path, options, cb, err, 0);
}
