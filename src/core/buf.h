/* buf.h — a growable byte buffer, always NUL-terminated.
 *
 * The owner frees the data with vet__buf_free(); vet__buf_take() hands the
 * malloc'd string to the caller instead. Appends return 0 or VET_ENOMEM; after
 * a failed append the buffer keeps its previous contents. Not thread-safe. */
#ifndef VET_CORE_BUF_H
#define VET_CORE_BUF_H
#include <stddef.h>

typedef struct vet__buf {
  char *data;
  size_t len, cap;
} vet__buf;

#define VET__BUF_INIT {NULL, 0, 0}

int vet__buf_reserve(vet__buf *b, size_t extra);
int vet__buf_append(vet__buf *b, const void *p, size_t n);
int vet__buf_puts(vet__buf *b, const char *s);
int vet__buf_putc(vet__buf *b, char c);
int vet__buf_printf(vet__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vet__buf_clear(vet__buf *b);
/* The contents as a malloc'd string the caller frees; the buffer is left empty. */
char *vet__buf_take(vet__buf *b);
void vet__buf_free(vet__buf *b);
#endif
