/* hash.h — FNV-1a over bytes, in 64 and 32 bits: the string hash of the
 * library's hash tables (vet batch's query cache, the readers' string
 * sets, vet text's vocabulary, the builder's and the diff's entity keys,
 * the dictionary's and the matching index's keys). The matching index
 * stores vet__mhash() values (index_build.c), which start from the 32-bit
 * one: a change of these functions changes the index, and needs a new
 * index version. The server keeps its own copy: it uses the public API
 * only. Header-only; stateless.
 *
 * A key of several parts is hashed by feeding them in turn to the _more
 * form, starting from the basis, with a separator where two keys could
 * otherwise read alike ("ab"+"c", "a"+"bc"). */
#ifndef VET_CORE_HASH_H
#define VET_CORE_HASH_H
#include <stddef.h>
#include <stdint.h>

#define VET__FNV64_BASIS 1469598103934665603ull
#define VET__FNV32_BASIS 2166136261u

/* h with the bytes p[0..n) added. */
static inline uint64_t vet__fnv1a64_more(uint64_t h, const void *p, size_t n) {
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
  return h;
}
static inline uint32_t vet__fnv1a32_more(uint32_t h, const void *p, size_t n) {
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
  return h;
}

/* FNV-1a of s[0..n). */
static inline uint64_t vet__fnv1a64(const char *s, size_t n) { return vet__fnv1a64_more(VET__FNV64_BASIS, s, n); }
static inline uint32_t vet__fnv1a32(const char *s, size_t n) { return vet__fnv1a32_more(VET__FNV32_BASIS, s, n); }
#endif
