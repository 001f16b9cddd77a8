/* text.h — small byte-level text helpers shared by the readers.
 *
 * UTF-8 validation with the position of the first bad byte, Windows-1252 to
 * UTF-8 conversion, trimming, and case-insensitive ASCII comparison. These
 * work on bytes and know nothing of names; normalization for matching lives
 * in src/normalize/. */
#ifndef VET_CORE_TEXT_H
#define VET_CORE_TEXT_H
#include <stddef.h>
#include "core/buf.h"

/* Returns the offset of the first byte that is not valid UTF-8, or n when all is valid. */
size_t vet__utf8_invalid_at(const char *s, size_t n);
/* 1-based line number of byte offset `at` in s. */
unsigned long vet__line_of(const char *s, size_t at);
/* Appends s[0..n) converted from Windows-1252 to UTF-8. */
int vet__cp1252_to_utf8(vet__buf *out, const char *s, size_t n);
/* Strips ASCII white space (and U+00A0 NBSP) from both ends: updates *s and *n. */
void vet__trim(const char **s, size_t *n);
int vet__ascii_casecmp(const char *a, const char *b);
int vet__ascii_ncasecmp(const char *a, const char *b, size_t n);
/* 1 if s[0..n) starts with the ASCII prefix p, ignoring case. */
int vet__ascii_istarts(const char *s, size_t n, const char *p);
/* Finds p (ASCII, case-insensitive) in s[0..n); NULL if absent. */
const char *vet__ascii_istr(const char *s, size_t n, const char *p);
#endif
