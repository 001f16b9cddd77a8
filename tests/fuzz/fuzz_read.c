/* fuzz_read.c — a libFuzzer target for every list reader.
 *
 * The input's first byte picks a reader (or content detection); the rest is
 * written to a temporary file and read. Any status is fine; a crash, leak
 * or sanitizer report is a bug. Build with clang:
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DVET_FUZZ=ON && cmake --build build-fuzz --target fuzz_read
 *   build-fuzz/tests/fuzz_read -max_len=65536 CORPUS_DIR
 * The same mutations, made deterministically, run as an ordinary test in
 * tests/unit/test_fuzz_readers.c. */
#include "vet.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int on_entity(void *ud, const vet_entity *e) {
  (void)ud;
  char *j = vet_entity_to_json(e, VET_JSON_COMPACT);
  free(j);
  return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size < 1) return 0;
  const char *const *formats = vet_read_formats();
  size_t nf = 0;
  while (formats[nf]) nf++;
  vet_read_options o = vet_read_options_default();
  size_t pick = data[0] % (nf + 1);
  o.format = pick < nf ? formats[pick] : NULL;
  char path[] = "/tmp/vet-fuzz-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 0;
  if (write(fd, data + 1, size - 1) < 0) { close(fd); unlink(path); return 0; }
  close(fd);
  vet_read_callbacks cb = {on_entity, NULL, NULL, NULL};
  vet_error err;
  vet_read_path(path, &o, &cb, &err);
  unlink(path);
  return 0;
}
