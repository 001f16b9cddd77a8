/* ext.c — the snapshot extensions, in build and open order (see ext.h). */
#include "snapshot/ext.h"

const vet__snapshot_ext *const vet__snapshot_exts[] = {
  NULL,
};
