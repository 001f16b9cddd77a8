/* store.c — the store folder of `vet update`: its lock, its manifest, and
 * the file operations that keep it consistent after a crash.
 *
 * Invariants:
 *   - manifest.json is only ever replaced by rename of a synced temporary
 *     file, so it is always a complete old or a complete new manifest;
 *   - a version folder appears under <store>/<list>/ only by rename of a
 *     complete, synced temporary folder from <store>/.tmp/, so a folder
 *     there never holds a partial download;
 *   - one update at a time: <store>/.lock is held with flock() for the run. */
#include "update/update_int.h"
#include "core/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int vet__mkdirs(const char *path, vet_error *err) {
  char buf[4096];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof buf) return vet__error_at(err, VET_EINVAL, path, 0, "bad folder name");
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] != '/' && buf[i] != '\0') continue;
    char c = buf[i];
    buf[i] = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
      return vet__error_at(err, VET_EIO, buf, 0, "cannot create folder: %s", strerror(errno));
    buf[i] = c;
  }
  return VET_OK;
}

int vet__fsync_path(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

/* The folder part of path into dir (".": none). */
static void dirname_of(const char *path, char *dir, size_t cap) {
  const char *slash = strrchr(path, '/');
  if (!slash) snprintf(dir, cap, ".");
  else if (slash == path) snprintf(dir, cap, "/");
  else snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

int vet__write_atomic(const char *path, const void *data, size_t n, vet_error *err) {
  char tmp[4200], dir[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return vet__error_at(err, VET_EIO, tmp, 0, "cannot write: %s", strerror(errno));
  const char *p = data;
  size_t left = n;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int e = errno;
      close(fd);
      unlink(tmp);
      return vet__error_at(err, VET_EIO, tmp, 0, "cannot write: %s", strerror(e));
    }
    p += w;
    left -= (size_t)w;
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp);
    return vet__error_at(err, VET_EIO, tmp, 0, "cannot sync: %s", strerror(errno));
  }
  if (rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    return vet__error_at(err, VET_EIO, path, 0, "cannot replace: %s", strerror(e));
  }
  dirname_of(path, dir, sizeof dir);
  vet__fsync_path(dir);
  return VET_OK;
}

void vet__rmtree(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    unlink(path);
    return;
  }
  struct dirent *de;
  char sub[4200];
  while ((de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
    struct stat st;
    if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) vet__rmtree(sub);
    else unlink(sub);
  }
  closedir(d);
  rmdir(path);
}

int vet__link_or_copy(const char *src, const char *dst, vet_error *err) {
  if (link(src, dst) == 0) return VET_OK;
  FILE *in = fopen(src, "rb");
  if (!in) return vet__error_at(err, VET_EIO, src, 0, "cannot read: %s", strerror(errno));
  FILE *out = fopen(dst, "wb");
  if (!out) {
    fclose(in);
    return vet__error_at(err, VET_EIO, dst, 0, "cannot write: %s", strerror(errno));
  }
  char buf[65536];
  size_t n;
  int bad = 0;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, n, out) != n) bad = 1;
  bad |= ferror(in);
  fclose(in);
  bad |= fclose(out) != 0;
  if (bad) {
    unlink(dst);
    return vet__error_at(err, VET_EIO, dst, 0, "cannot copy %s", src);
  }
  return VET_OK;
}

int vet__store_lock(const char *store, int *fd, vet_error *err) {
  *fd = -1;
  int rc = vet__mkdirs(store, err);
  if (rc) return rc;
  char path[4200];
  snprintf(path, sizeof path, "%s/.lock", store);
  int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (f < 0) return vet__error_at(err, VET_EIO, path, 0, "cannot open lock: %s", strerror(errno));
  if (flock(f, LOCK_EX | LOCK_NB) != 0) {
    close(f);
    return vet__error_at(err, VET_ESTATE, store, 0, "another vet update is running on this store");
  }
  *fd = f;
  return VET_OK;
}

void vet__store_unlock(int fd) {
  if (fd < 0) return;
  flock(fd, LOCK_UN);
  close(fd);
}

int vet__store_manifest_load(const char *store, json_t **out, vet_error *err) {
  char path[4200];
  snprintf(path, sizeof path, "%s/manifest.json", store);
  *out = NULL;
  if (access(path, F_OK) != 0) {
    json_t *m = json_pack("{s:i, s:{}}", "format", 1, "lists");
    if (!m) return vet__error_set(err, VET_ENOMEM, "out of memory");
    *out = m;
    return VET_OK;
  }
  json_error_t je;
  json_t *m = json_load_file(path, 0, &je);
  if (!m || !json_is_object(json_object_get(m, "lists"))) {
    json_decref(m);
    return vet__error_at(err, VET_ECORRUPT, path, m ? 0 : (unsigned long)je.line,
                         "the store's manifest cannot be read: %s",
                         m ? "no \"lists\" object" : je.text);
  }
  if (json_integer_value(json_object_get(m, "format")) != 1) {
    json_decref(m);
    return vet__error_at(err, VET_EVERSION, path, 0, "manifest of another format version");
  }
  *out = m;
  return VET_OK;
}

int vet__store_manifest_save(const char *store, const json_t *m, vet_error *err) {
  char path[4200];
  snprintf(path, sizeof path, "%s/manifest.json", store);
  char *s = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  if (!s) return vet__error_set(err, VET_ENOMEM, "out of memory");
  size_t n = strlen(s);
  char *t = realloc(s, n + 2);
  if (!t) {
    free(s);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  t[n] = '\n';
  t[n + 1] = '\0';
  int rc = vet__write_atomic(path, t, n + 1, err);
  free(t);
  return rc;
}

void vet__today(char out[16]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 16, "%Y-%m-%d", &tm);
}

void vet__now_iso(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
