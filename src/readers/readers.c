/* readers.c — the table of list readers, in detection order. A new format
 * is a new file in src/readers/ and one line here. */
#include "readers/reader.h"

const vet__reader *const vet__readers[] = {
  &vet__reader_vet_jsonl,
  NULL,
};
