/* checkpoint.c — the sidecar file that lets an interrupted vet batch resume.
 *
 * A few "key value" lines: how far the input was read (the offset and line
 * of the first row not yet written), how many output bytes hold whole rows,
 * the counts so far, the input's size and mtime and a fingerprint of the
 * options that shape the output, so a resume against another input or with
 * other options is refused instead of producing a mixed file. The writer
 * fsyncs the output before each checkpoint, and the checkpoint is written
 * to a temporary file, fsync'd and renamed over the old one: at any moment
 * the checkpoint on disk names output bytes that are on disk. */
#include "batch/batch_int.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *vet_batch_checkpoint_path(const char *output) {
  size_t n = strlen(output);
  char *p = malloc(n + sizeof ".checkpoint");
  if (!p) return NULL;
  memcpy(p, output, n);
  memcpy(p + n, ".checkpoint", sizeof ".checkpoint");
  return p;
}

int vet__batch_checkpoint_write(const char *path, const vet__batch_checkpoint *cp, vet_error *err) {
  char text[1024];
  int n = snprintf(text, sizeof text,
                   "vet-batch-checkpoint 1\n"
                   "input_offset %llu\ninput_line %lu\noutput_size %llu\n"
                   "input_size %llu\ninput_mtime %lld\nfingerprint %016" PRIx64 "\n"
                   "rows_read %" PRIu64 "\nrows_written %" PRIu64 "\nrows_hit %" PRIu64 "\n"
                   "rows_rejected %" PRIu64 "\n",
                   cp->input_offset, cp->input_line, cp->output_size, cp->input_size,
                   cp->input_mtime, cp->fingerprint, cp->rows_read, cp->rows_written,
                   cp->rows_hit, cp->rows_rejected);
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 5);
  if (!tmp) return VET_ENOMEM;
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp", 5);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int ok = fd >= 0 && write(fd, text, (size_t)n) == n && fsync(fd) == 0;
  int saved = errno;
  if (fd >= 0) close(fd);
  if (ok && rename(tmp, path) != 0) {
    ok = 0;
    saved = errno;
  }
  if (!ok) unlink(tmp);
  free(tmp);
  if (!ok) return vet__error_set(err, VET_EIO, "%s: cannot write the checkpoint: %s", path,
                                 strerror(saved));
  return VET_OK;
}

int vet__batch_checkpoint_read(const char *path, vet__batch_checkpoint *cp, vet_error *err) {
  FILE *f = fopen(path, "r");
  if (!f) {
    if (errno == ENOENT) return vet__error_set(err, VET_ENOTFOUND, "%s: no checkpoint", path);
    return vet__error_set(err, VET_EIO, "%s: %s", path, strerror(errno));
  }
  memset(cp, 0, sizeof *cp);
  char line[256];
  int version = 0, fields = 0;
  while (fgets(line, sizeof line, f)) {
    char key[64];
    unsigned long long v;
    long long sv;
    if (sscanf(line, "vet-batch-checkpoint %d", &version) == 1) continue;
    if (sscanf(line, "fingerprint %" SCNx64, &cp->fingerprint) == 1) { fields++; continue; }
    if (sscanf(line, "input_mtime %lld", &sv) == 1) { cp->input_mtime = sv; fields++; continue; }
    if (sscanf(line, "%63s %llu", key, &v) != 2) continue;
    fields++;
    if (!strcmp(key, "input_offset")) cp->input_offset = v;
    else if (!strcmp(key, "input_line")) cp->input_line = (unsigned long)v;
    else if (!strcmp(key, "output_size")) cp->output_size = v;
    else if (!strcmp(key, "input_size")) cp->input_size = v;
    else if (!strcmp(key, "rows_read")) cp->rows_read = v;
    else if (!strcmp(key, "rows_written")) cp->rows_written = v;
    else if (!strcmp(key, "rows_hit")) cp->rows_hit = v;
    else if (!strcmp(key, "rows_rejected")) cp->rows_rejected = v;
    else fields--;
  }
  fclose(f);
  if (version != 1 || fields != 10 || cp->input_line == 0)
    return vet__error_set(err, VET_ECORRUPT, "%s: not a vet batch checkpoint", path);
  return VET_OK;
}

static uint64_t mix(uint64_t h, const char *s) {
  if (!s) s = "\x01";
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ull;
  }
  h ^= 0xff;
  return h * 1099511628211ull;
}

uint64_t vet__batch_fingerprint(const vet_batch_options *o, const char *input) {
  uint64_t h = 1469598103934665603ull;
  char num[64];
  h = mix(h, input);
  h = mix(h, o->name_column);
  h = mix(h, o->id_column);
  h = mix(h, o->type_column);
  h = mix(h, o->country_column);
  h = mix(h, o->dob_column);
  snprintf(num, sizeof num, "%d %d %zu", (int)o->input_format, (int)o->output_format,
           o->max_matches);
  h = mix(h, num);
  if (o->filters) {
    snprintf(num, sizeof num, "%.6f %zu %d", o->filters->threshold, o->filters->limit,
             o->filters->all);
    h = mix(h, num);
    for (size_t i = 0; i < o->filters->n_lists; i++) h = mix(h, o->filters->lists[i]);
  }
  return h;
}
