/* error.h — filling a vet_error.
 *
 * Every failing library call reports one line through vet__error_set():
 * "file:line: reason" where a file and line are known, else just the reason.
 * The functions tolerate err == NULL and always return the status they were
 * given, so a caller writes `return vet__error_set(err, VET_EIO, ...)`. */
#ifndef VET_CORE_ERROR_H
#define VET_CORE_ERROR_H
#include "vet.h"

int vet__error_set(vet_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vet__error_at(vet_error *err, int code, const char *file, unsigned long line,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void vet__error_clear(vet_error *err);
#endif
