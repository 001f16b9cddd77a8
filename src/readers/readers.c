/* readers.c — the table of list readers, in detection order. A new format
 * is a new file in src/readers/ and one line here. */
#include "readers/reader.h"

extern const vet__reader vet__reader_ofac_csv;
extern const vet__reader vet__reader_ofac_xml;

const vet__reader *const vet__readers[] = {
  &vet__reader_vet_jsonl,
  &vet__reader_ofac_csv,
  &vet__reader_ofac_xml,
  NULL,
};
