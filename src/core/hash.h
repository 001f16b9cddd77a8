/* hash.h — FNV-1a (64-bit) over bytes: the string hash of the library's
 * in-memory hash tables (vet batch's query cache, the readers' string sets,
 * vet text's vocabulary). Nothing stored on disk depends on it. The server
 * keeps its own copy: it uses the public API only. Header-only; stateless. */
#ifndef VET_CORE_HASH_H
#define VET_CORE_HASH_H
#include <stddef.h>
#include <stdint.h>

/* FNV-1a of s[0..n). */
static inline uint64_t vet__fnv1a64(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}
#endif
