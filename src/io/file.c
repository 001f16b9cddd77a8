/* file.c — see file.h. */
#include "io/file.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void vet__sha256_hex(const void *data, size_t n, char out[72]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
  memcpy(out, "sha256:", 7);
  for (unsigned i = 0; i < len && i < 32; i++) snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
  out[7 + 64] = '\0';
}

int vet__is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int vet__file_open(vet__file *f, const char *path, vet_error *err) {
  memset(f, 0, sizeof *f);
  f->path = path;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return vet__error_at(err, VET_EIO, path, 0, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return vet__error_at(err, VET_EIO, path, 0, "cannot stat: %s", strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return vet__error_at(err, VET_EIO, path, 0, "not a regular file");
  }
  if (st.st_size == 0) {
    close(fd);
    return vet__error_at(err, VET_EEMPTY, path, 0, "empty file");
  }
  void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  int e = errno;
  close(fd);
  if (map == MAP_FAILED) return vet__error_at(err, VET_EIO, path, 0, "cannot map: %s", strerror(e));
  f->map = map;
  f->data = map;
  f->size = (size_t)st.st_size;
  vet__sha256_hex(f->data, f->size, f->checksum);
  return VET_OK;
}

void vet__file_close(vet__file *f) {
  if (f->map) munmap(f->map, f->size);
  f->map = NULL;
  f->data = NULL;
  f->size = 0;
}
