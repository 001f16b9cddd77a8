/* test_un.c — the UN Security Council Consolidated List reader ("un-xml")
 * on the real published files in shared/data/lists/un.
 *
 * Expected figures come from an independent count made with python3 and
 * xml.etree over the same files, tests/counts/un_count.py (run: python3
 * tests/counts/un_count.py FILE...), which counts:
 *
 *   entities  = number of <INDIVIDUAL> + <ENTITY> elements
 *   names     = per entity, the distinct texts among: FIRST..FOURTH_NAME joined
 *               by spaces, NAME_ORIGINAL_SCRIPT and ALIAS_NAME (white space
 *               collapsed with ' '.join(s.split())), summed
 *   original  = of those, NAME_ORIGINAL_SCRIPT texts plus aliases whose letters
 *               (unicodedata category L*) include no LATIN letter
 *   addresses = per entity, distinct (STREET, CITY, STATE_PROVINCE, ZIP_CODE,
 *               COUNTRY joined by ", ", NOTE, COUNTRY) with any part present
 *   births    = per entity, distinct dates of birth rendered as the reader
 *               documents (DATE or YEAR or "between F and T", "approximately "
 *               before it for APPROXIMATELY, " (NOTE)" after it, or the NOTE
 *               alone), plus alias-level DATE_OF_BIRTH
 *   ids       = per entity, distinct documents with a TYPE, NUMBER or NOTE
 *
 *   2026-02-27: entities 1003 names 4121 original 386 addresses 809 births 895 ids 468
 *   2018-10-29: entities 1093 names 4153 original 421 addresses 948 births 884 ids 425
 *
 * and `grep -c '<NAME_ORIGINAL_SCRIPT>[^<]' consolidated-2026-02-27.xml` plus
 * the two elements whose text spans two lines gives the 378 names in
 * NAME_ORIGINAL_SCRIPT. (The shared README's "380" counts lines that hold the
 * tag: `grep -c NAME_ORIGINAL_SCRIPT` = 380, because those two elements put
 * their start and end tags on different lines.) */
#include "harness.h"
#include "vet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct tally {
  long entities, names, original, arab, cyrl, persons, orgs;
  long strong, weak, fka;
  vet_list_info info;
  char list_id[32], format[32], checksum[80];
  char date[16];
  int saddam_ok, between_ok, approx_ok, alias_ok, cyr_ok, programs_ok;
  long rejected, warnings;
} tally;

static int on_entity(void *ud, const vet_entity *e) {
  tally *t = ud;
  t->entities++;
  t->names += (long)e->n_names;
  if (e->type == VET_TYPE_PERSON) t->persons++;
  if (e->type == VET_TYPE_ORGANIZATION) t->orgs++;
  for (size_t i = 0; i < e->n_names; i++) {
    const vet_name *n = &e->names[i];
    if (n->original_script) {
      t->original++;
      if (n->script && !strcmp(n->script, "Arab")) t->arab++;
      if (n->script && !strcmp(n->script, "Cyrl")) t->cyrl++;
    }
    if (n->strength == VET_STRENGTH_STRONG) t->strong++;
    if (n->strength == VET_STRENGTH_WEAK) t->weak++;
    if (n->kind == VET_NAME_FKA) t->fka++;
  }
  if (!strcmp(e->source_id, "6908048")) { /* SADDAM HUSSEIN AL-TIKRITI */
    int ok = !strcmp(e->names[0].text, "SADDAM HUSSEIN AL-TIKRITI") && e->type == VET_TYPE_PERSON;
    int arabic = 0;
    for (size_t i = 0; i < e->n_names; i++)
      if (e->names[i].original_script && e->names[i].script && !strcmp(e->names[i].script, "Arab") &&
          !strcmp(e->names[i].text, "\xD8\xB5\xD8\xAF\xD8\xA7\xD9\x85 \xD8\xAD\xD8\xB3\xD9\x8A\xD9\x86 "
                                    "\xD8\xA7\xD9\x84\xD8\xAA\xD9\x83\xD8\xB1\xD9\x8A\xD8\xAA\xD9\x8A"))
        arabic = 1; /* صدام حسين التكريتي */
    t->saddam_ok = ok && arabic;
  }
  if (!strcmp(e->source_id, "6908021")) { /* BETWEEN 1973 and 1974 */
    for (size_t i = 0; i < e->n_births; i++)
      if (!strcmp(e->births[i].text, "between 1973 and 1974") && e->births[i].year_from == 1973 &&
          e->births[i].year_to == 1974)
        t->between_ok = 1;
  }
  if (!strcmp(e->source_id, "6908006")) { /* EXACT 1962-03-17 and APPROXIMATELY 1966 */
    int exact = 0, approx = 0;
    for (size_t i = 0; i < e->n_births; i++) {
      const vet_date *d = &e->births[i];
      if (!strcmp(d->text, "1962-03-17") && d->year_from == 1962 && d->month == 3 && d->day == 17 &&
          !d->approximate)
        exact = 1;
      if (!strcmp(d->text, "approximately 1966") && d->year_from == 1966 && d->year_to == 1966 &&
          d->approximate)
        approx = 1;
    }
    t->approx_ok = exact && approx;
  }
  if (!strcmp(e->source_id, "6908705")) { /* Good and Low aliases */
    int good = 0, low = 0;
    for (size_t i = 0; i < e->n_names; i++) {
      const vet_name *n = &e->names[i];
      if (!strcmp(n->text, "Mus\xE2\x80\x99" "ab Abu Qarin") && n->strength == VET_STRENGTH_STRONG &&
          n->quality && !strcmp(n->quality, "Good"))
        good = 1;
      if (!strcmp(n->text, "The Doctor") && n->strength == VET_STRENGTH_WEAK && n->quality &&
          !strcmp(n->quality, "Low"))
        low = 1;
    }
    t->alias_ok = good && low;
  }
  if (!strcmp(e->source_id, "2960872")) { /* a Cyrillic original-script name */
    for (size_t i = 0; i < e->n_names; i++)
      if (e->names[i].original_script && e->names[i].script && !strcmp(e->names[i].script, "Cyrl"))
        t->cyr_ok = 1;
  }
  if (!strcmp(e->source_id, "6907993")) { /* ERIC BADEGE: DRC, CDi.001, listed 2012-12-31 */
    int ref = 0;
    for (size_t i = 0; i < e->n_attrs; i++)
      if (!strcmp(e->attrs[i].key, "reference_number") && !strcmp(e->attrs[i].value, "CDi.001")) ref = 1;
    t->programs_ok = ref && e->n_programs == 1 && !strcmp(e->programs[0], "DRC") && e->listing_date &&
                     !strcmp(e->listing_date, "2012-12-31") && e->remarks &&
                     !strncmp(e->remarks, "He fled to Rwanda", 17) && e->n_births == 1 &&
                     !strcmp(e->births[0].text, "1971") && e->n_addresses == 1 &&
                     e->addresses[0].country_code && !strcmp(e->addresses[0].country_code, "RW");
  }
  return 0;
}

static void on_list(void *ud, const vet_list_info *li) {
  tally *t = ud;
  t->info = *li; /* the strings are borrowed for the callback only: copy them */
  snprintf(t->list_id, sizeof t->list_id, "%s", li->list_id ? li->list_id : "");
  snprintf(t->format, sizeof t->format, "%s", li->format ? li->format : "");
  snprintf(t->checksum, sizeof t->checksum, "%s", li->checksum ? li->checksum : "");
  snprintf(t->date, sizeof t->date, "%s", li->date ? li->date : "");
}

static void on_diag(void *ud, const vet_diag *d) {
  tally *t = ud;
  if (d->level == VET_DIAG_REJECT) t->rejected++;
  if (d->level == VET_DIAG_WARNING) t->warnings++;
  fprintf(stderr, "  diag: %s:%lu: %s\n", d->file, d->line, d->reason);
}

static int read_un(const char *path, tally *t, vet_error *err) {
  memset(t, 0, sizeof *t);
  vet_read_callbacks cb = {on_entity, on_list, on_diag, t};
  vet_read_options o = vet_read_options_default();
  return vet_read_path(path, &o, &cb, err);
}

static void test_un_2026(void) {
  tally t;
  vet_error err;
  REQUIRE(read_un(SHARED("un/consolidated-2026-02-27.xml"), &t, &err) == 0);
  CHECK_STR(t.list_id, "un-sc");
  CHECK_STR(t.format, "un-xml");
  CHECK_STR(t.date, "2026-02-27");             /* CONSOLIDATED_LIST/@dateGenerated */
  CHECK_INT(t.entities, 1003);
  CHECK_INT(t.persons, 730);                    /* grep -c '<INDIVIDUAL>' */
  CHECK_INT(t.orgs, 273);                       /* grep -c '<ENTITY>' */
  CHECK_INT(t.info.n_names, 4121);
  CHECK_INT(t.names, 4121);
  CHECK_INT(t.original, 386);                   /* 378 NAME_ORIGINAL_SCRIPT + 8 all non-Latin aliases */
  CHECK_INT(t.arab + t.cyrl, 386 - 4);          /* python: scripts Arab 371, Cyrl 11, Hani 4 */
  CHECK_INT(t.cyrl, 11);
  CHECK_INT(t.info.n_addresses, 809);
  CHECK_INT(t.info.n_births, 895);
  CHECK_INT(t.info.n_ids, 468);
  CHECK_INT(t.fka, 18);                         /* QUALITY f.k.a.: 19 aliases, 18 not repeating a name of their entity */
  CHECK_INT(t.rejected, 0);
  CHECK_INT(t.warnings, 0);
  CHECK(t.saddam_ok);
  CHECK(t.between_ok);
  CHECK(t.approx_ok);
  CHECK(t.alias_ok);
  CHECK(t.cyr_ok);
  CHECK(t.programs_ok);
  CHECK(!strncmp(t.checksum, "sha256:", 7));
}

static void test_un_2018(void) {
  tally t;
  vet_error err;
  REQUIRE(read_un(SHARED("un/consolidated-2018-10-29.xml"), &t, &err) == 0);
  CHECK_STR(t.date, "2018-10-29");
  CHECK_INT(t.entities, 1093);
  CHECK_INT(t.persons, 703);
  CHECK_INT(t.orgs, 390);
  CHECK_INT(t.info.n_names, 4153);
  CHECK_INT(t.original, 421);
  CHECK_INT(t.info.n_addresses, 948);
  CHECK_INT(t.info.n_births, 884);
  CHECK_INT(t.info.n_ids, 425);
  CHECK_INT(t.rejected, 0);
}

/* A copy of the 2026 file cut in the middle of a record fails with
 * VET_ETRUNCATED and a message that names the file; the entities before
 * the cut were streamed (the reader does not load the whole file first). */
static void test_un_truncated(void) {
  char dir[] = "/tmp/vet-un-XXXXXX";
  REQUIRE(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/consolidated-cut.xml", dir);
  FILE *in = fopen(SHARED("un/consolidated-2026-02-27.xml"), "rb");
  REQUIRE(in);
  FILE *out = fopen(path, "wb");
  REQUIRE(out);
  char buf[65536];
  size_t total = 0, n;
  while (total < 1000000 && (n = fread(buf, 1, sizeof buf, in)) > 0) {
    fwrite(buf, 1, n, out);
    total += n;
  }
  fclose(in);
  fclose(out);
  tally t;
  vet_error err;
  memset(&err, 0, sizeof err);
  int rc = read_un(path, &t, &err);
  CHECK_INT(rc, VET_ETRUNCATED);
  CHECK(strstr(err.message, path) != NULL);
  CHECK(strstr(err.message, "truncated") != NULL);
  fprintf(stderr, "  truncated: %s\n", err.message);
  CHECK(t.entities > 100 && t.entities < 1003);

  /* Not XML at all but named like the list: a format error naming the file. */
  snprintf(path, sizeof path, "%s/garbage.xml", dir);
  out = fopen(path, "wb");
  REQUIRE(out);
  fputs("<CONSOLIDATED_LIST dateGenerated=\"2026-01-01\"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
        "<FIRST_NAME>A &bogus; B</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n", out);
  fclose(out);
  memset(&err, 0, sizeof err);
  rc = read_un(path, &t, &err);
  CHECK_INT(rc, VET_EFORMAT);
  CHECK(strstr(err.message, path) != NULL);
  fprintf(stderr, "  garbage: %s\n", err.message);
  unlink(path);
  snprintf(path, sizeof path, "%s/consolidated-cut.xml", dir);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  RUN(test_un_2026);
  RUN(test_un_2018);
  RUN(test_un_truncated);
  return HARNESS_DONE();
}
