/* ext.c — the snapshot extensions, in build and open order (see ext.h). */
#include "snapshot/ext.h"

extern const vet__snapshot_ext vet__match_ext;   /* src/match/match_ext.c */

const vet__snapshot_ext *const vet__snapshot_exts[] = {
  &vet__match_ext,
  NULL,
};
