/* import_fr.c — placeholder until the Federal Register reader lands. */
#include "registry/registry_int.h"
#include "core/error.h"

int vet_registry_import_fr(vet_registry *reg, const char *path, vet_registry_import_stats *stats,
                           vet_error *err) {
  (void)reg;
  (void)stats;
  return vet__error_set(err, VET_EINVAL, "%s: the Federal Register reader is not built in yet", path);
}
