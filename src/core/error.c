/* error.c — status messages and vet_error filling. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *vet_strerror(int status) {
  switch (status) {
  case VET_OK: return "success";
  case VET_ENOMEM: return "out of memory";
  case VET_EIO: return "input/output error";
  case VET_EFORMAT: return "not a recognised list format, or malformed";
  case VET_EINVAL: return "invalid argument";
  case VET_ENOTFOUND: return "not found";
  case VET_EENCODING: return "invalid or unexpected character encoding";
  case VET_ETRUNCATED: return "file is truncated";
  case VET_ESTRICT: return "bad row (strict mode)";
  case VET_ECORRUPT: return "corrupt file";
  case VET_EVERSION: return "incompatible format version";
  case VET_EDENIED: return "permission denied for this role";
  case VET_ESTATE: return "not allowed in the current state";
  case VET_EDB: return "database error";
  case VET_EEMPTY: return "empty input";
  case VET_ECANCELLED: return "cancelled";
  }
  return "unknown error";
}

static void put(vet_error *err, int code, const char *file, unsigned long line,
                const char *fmt, va_list ap) {
  size_t off = 0;
  err->code = code;
  err->message[0] = '\0';
  if (file) {
    int n = line ? snprintf(err->message, sizeof err->message, "%s:%lu: ", file, line)
                 : snprintf(err->message, sizeof err->message, "%s: ", file);
    if (n > 0) off = (size_t)n < sizeof err->message ? (size_t)n : sizeof err->message - 1;
  }
  vsnprintf(err->message + off, sizeof err->message - off, fmt, ap);
  /* Keep the message on one line whatever the reason contained. */
  for (char *p = err->message; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
}

int vet__error_set(vet_error *err, int code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    put(err, code, NULL, 0, fmt, ap);
    va_end(ap);
  }
  return code;
}

int vet__error_at(vet_error *err, int code, const char *file, unsigned long line,
                  const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    put(err, code, file, line, fmt, ap);
    va_end(ap);
  }
  return code;
}

void vet__error_clear(vet_error *err) {
  if (err) {
    err->code = VET_OK;
    err->message[0] = '\0';
  }
}
