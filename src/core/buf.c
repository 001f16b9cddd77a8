/* buf.c — see buf.h. */
#include "core/buf.h"
#include "vet.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vet__buf_reserve(vet__buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) return VET_ENOMEM;
  b->data = p;
  b->cap = cap;
  return 0;
}

int vet__buf_append(vet__buf *b, const void *p, size_t n) {
  if (vet__buf_reserve(b, n)) return VET_ENOMEM;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int vet__buf_puts(vet__buf *b, const char *s) { return vet__buf_append(b, s, strlen(s)); }
int vet__buf_putc(vet__buf *b, char c) { return vet__buf_append(b, &c, 1); }

int vet__buf_printf(vet__buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return VET_EINVAL;
  if (vet__buf_reserve(b, (size_t)n)) return VET_ENOMEM;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

void vet__buf_clear(vet__buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

char *vet__buf_take(vet__buf *b) {
  char *p = b->data;
  if (!p) p = calloc(1, 1);
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void vet__buf_free(vet__buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
