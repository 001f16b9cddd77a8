/* readers.c — the table of list readers, in detection order. A new format
 * is a new file in src/readers/ and one line here. */
#include "readers/reader.h"

extern const vet__reader vet__reader_ofac_csv;
extern const vet__reader vet__reader_ofac_xml;
extern const vet__reader vet__reader_csl_csv;
extern const vet__reader vet__reader_bis_dpl;
extern const vet__reader vet__reader_uk_csv;
extern const vet__reader vet__reader_eu_csv;
extern const vet__reader vet__reader_un_xml;
extern const vet__reader vet__reader_ecfr_xml;
extern const vet__reader vet__reader_fr_xml;

const vet__reader *const vet__readers[] = {
  &vet__reader_vet_jsonl,
  &vet__reader_ofac_csv,
  &vet__reader_ofac_xml,
  &vet__reader_csl_csv,
  &vet__reader_bis_dpl,
  &vet__reader_uk_csv,
  &vet__reader_eu_csv,
  &vet__reader_un_xml,
  &vet__reader_ecfr_xml,
  &vet__reader_fr_xml,
  NULL,
};
