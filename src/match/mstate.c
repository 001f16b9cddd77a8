/* mstate.c — the shared, immutable matching state of an open snapshot: the
 * parsed dictionary and the mapped index (with its bound records: index.h,
 * bounds.c). Opening parses the dictionary and checks the index header; it
 * reads no name. */
#include "match/matcher.h"

#include <stdlib.h>
#include <string.h>
#include "core/error.h"

int vet__mstate_new(const char *dict, size_t dict_n, const void *blob, uint64_t blob_n,
                    vet__mstate **out, vet_error *err) {
  vet__mstate *st = calloc(1, sizeof *st);
  if (!st) return vet__error_set(err, VET_ENOMEM, "out of memory");
  int rc = vet__dict_parse(dict ? dict : "", dict ? dict_n : 0, &st->dict, err);
  if (!rc) rc = vet__mindex_open(blob, blob_n, &st->idx, err);
  if (rc) {
    vet__mstate_free(st);
    return rc;
  }
  *out = st;
  return 0;
}

void vet__mstate_free(vet__mstate *st) {
  if (!st) return;
  vet__dict_free(st->dict);
  free(st);
}
