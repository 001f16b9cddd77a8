/* file.h — a whole list file mapped into memory, with its checksum.
 *
 * List files are at most tens of megabytes and every reader parses them
 * front to back, so each is mapped read-only (no copy) and its SHA-256
 * computed once for the list's provenance. The mapping belongs to the
 * vet__file and is released by vet__file_close(). */
#ifndef VET_IO_FILE_H
#define VET_IO_FILE_H
#include <stddef.h>
#include "vet.h"

typedef struct vet__file {
  const char *path;       /* borrowed from the caller */
  const char *data;       /* size bytes, not NUL-terminated */
  size_t size;
  char checksum[72];      /* "sha256:<64 hex>" */
  void *map;              /* internal */
} vet__file;

/* Maps `path`. An empty file is VET_EEMPTY, a folder or unreadable file VET_EIO;
 * each with a one-line message naming the path. */
int vet__file_open(vet__file *f, const char *path, vet_error *err);
void vet__file_close(vet__file *f);
/* "sha256:<hex>" of n bytes into out (72 bytes). */
void vet__sha256_hex(const void *data, size_t n, char out[72]);
/* 1 if path is a directory. */
int vet__is_dir(const char *path);
#endif
