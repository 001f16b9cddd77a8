/* common.c — what every vet subcommand shares: error and diagnostic output. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

int cli_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("vet: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 2;
}

int cli_fail_err(const vet_error *err) {
  fprintf(stderr, "vet: %s\n", err->message[0] ? err->message : vet_strerror(err->code));
  return 2;
}

void cli_print_diag(void *userdata, const vet_diag *d) {
  int verbose = userdata ? *(int *)userdata : 0;
  if (d->level == VET_DIAG_NOTE && !verbose) return;
  const char *what = d->level == VET_DIAG_REJECT ? "rejected" :
                     d->level == VET_DIAG_WARNING ? "warning" : "note";
  if (d->line) fprintf(stderr, "%s:%lu: %s: %s\n", d->file, d->line, what, d->reason);
  else fprintf(stderr, "%s: %s: %s\n", d->file, what, d->reason);
}

int cli_is_help(const char *arg) {
  return arg && (!strcmp(arg, "-h") || !strcmp(arg, "--help"));
}
