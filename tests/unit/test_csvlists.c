/* test_csvlists.c — the four delimited-text list readers (csl-csv,
 * bis-dpl, uk-csv, eu-csv) on the real published files, the Federal
 * Register citation parser, and bad rows made in temporary files.
 *
 * Every expected count below was made independently of vet with python3's
 * csv module over the same file (the script is quoted in each test's
 * comment) or with grep. Counts follow the entity model's rules: names,
 * addresses and dates of birth are counted once per entity after trimming
 * (the builder keeps exact repeats once), "aliases" is names minus the one
 * primary name per entity. */
#include "harness.h"
#include "readers/fr_citation.h"
#include "model/builder.h"
#include "vet.h"

#include <stdint.h>
#include <unistd.h>

#define MAX_IDS 8192
#define MAX_DIAG 64

typedef struct probe {
  /* What the read saw. */
  long entities, names, addresses, births, ids_total;
  long rejects, warnings, notes;
  unsigned long reject_lines[MAX_DIAG];
  char reject_file[512];
  char last_warning[768];
  unsigned long last_warning_line;
  int saw_note_line2;           /* a note at line 2 (the CSL's repeated header) */
  vet_list_info info;           /* copied in list_done (strings borrowed: only counts used) */
  char format[32], list_id[32], date[16];
  /* Distinct source ids. */
  char *ids[MAX_IDS];
  long n_ids;
  /* Per-test spot check, called for every entity. */
  void (*check)(struct probe *p, const vet_entity *e);
  int spot_hits;                /* how many spot checks found their entity */
  long count_el;                /* entities with source_list "EL" */
} probe;

static int on_entity(void *ud, const vet_entity *e) {
  probe *p = ud;
  p->entities++;
  p->names += (long)e->n_names;
  p->addresses += (long)e->n_addresses;
  p->births += (long)e->n_births;
  p->ids_total += (long)e->n_ids;
  if (e->source_list && strcmp(e->source_list, "EL") == 0) p->count_el++;
  if (p->n_ids < MAX_IDS) p->ids[p->n_ids++] = strdup(e->source_id);
  if (p->check) p->check(p, e);
  return 0;
}

static void on_done(void *ud, const vet_list_info *info) {
  probe *p = ud;
  p->info = *info;
  snprintf(p->format, sizeof p->format, "%s", info->format ? info->format : "");
  snprintf(p->list_id, sizeof p->list_id, "%s", info->list_id ? info->list_id : "");
  snprintf(p->date, sizeof p->date, "%s", info->date ? info->date : "");
}

static void on_diag(void *ud, const vet_diag *d) {
  probe *p = ud;
  if (d->level == VET_DIAG_REJECT) {
    if (p->rejects < MAX_DIAG) p->reject_lines[p->rejects] = d->line;
    snprintf(p->reject_file, sizeof p->reject_file, "%s", d->file);
    p->rejects++;
  } else if (d->level == VET_DIAG_WARNING) {
    p->warnings++;
    snprintf(p->last_warning, sizeof p->last_warning, "%s", d->reason);
    p->last_warning_line = d->line;
  } else {
    p->notes++;
    if (d->line == 2) p->saw_note_line2 = 1;
  }
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static long distinct_ids(probe *p) {
  qsort(p->ids, (size_t)p->n_ids, sizeof *p->ids, cmpstr);
  long d = p->n_ids ? 1 : 0;
  for (long i = 1; i < p->n_ids; i++) d += strcmp(p->ids[i], p->ids[i - 1]) != 0;
  return d;
}

static void probe_free(probe *p) {
  for (long i = 0; i < p->n_ids; i++) free(p->ids[i]);
  p->n_ids = 0;
}

static int read_with(const char *path, probe *p, int strict, vet_error *err) {
  vet_read_callbacks cb = {on_entity, on_done, on_diag, p};
  vet_read_options o = vet_read_options_default();
  o.strict = strict;
  return vet_read_path(path, &o, &cb, err);
}

static const vet_attr *attr(const vet_entity *e, const char *key) {
  for (size_t i = 0; i < e->n_attrs; i++)
    if (strcmp(e->attrs[i].key, key) == 0) return &e->attrs[i];
  return NULL;
}

/* ------------------------------------------------------------------ CSL */

static void check_csl_current(probe *p, const vet_entity *e) {
  /* The repeated header row (line 2) must not become an entity. */
  CHECK(strcmp(e->names[0].text, "name") != 0);
  if (strcmp(e->source_id, "b6e959b59898e975daaae8fae3a8da1ec522f9f888cafc0e6401a16d") == 0) {
    /* Line 101 of the file: an Entity List row.
     * grep -n b6e959b5 csl/consolidated-2023-11-partial.csv */
    p->spot_hits++;
    CHECK_STR(e->source_list, "EL");
    CHECK_STR(e->names[0].text, "Abdul Satar Ghoura");
    CHECK_STR(e->license_policy, "Presumption of denial.");
    CHECK_STR(e->license_requirement, "For all items subject to the EAR. (See \xC2\xA7" "744.11 of the EAR).");
    CHECK_STR(e->listing_date, "2011-11-21");
    CHECK_INT(e->n_addresses, 4);
    if (e->n_addresses == 4) CHECK_STR(e->addresses[3].country_code, "PK");
    REQUIRE(e->n_citations == 1);
    CHECK_STR(e->citations[0].text, "76 FR 71867");
  }
  if (strcmp(e->source_id, "2677") == 0) {
    /* An SDN individual: 5 aliases, DOB 1947-04-19, "Gender, Male" is an attr. */
    p->spot_hits++;
    CHECK_STR(e->source_list, "SDN");
    CHECK_INT(e->type, VET_TYPE_PERSON);
    CHECK_INT(e->n_names, 6);
    REQUIRE(e->n_births == 1);
    CHECK_INT(e->births[0].year_from, 1947);
    CHECK_INT(e->births[0].day, 19);
    CHECK(attr(e, "gender") && strcmp(attr(e, "gender")->value, "Male") == 0);
    CHECK_INT(e->n_ids, 0);
  }
  if (strcmp(e->source_id, "30882") == 0) {
    /* First data row: CMIC; ids are "type, number, country" triples. */
    p->spot_hits++;
    CHECK_STR(e->source_list, "CMIC");
    REQUIRE(e->n_ids > 0);
    CHECK_STR(e->ids[0].type, "Unified Social Credit Code (USCC)");
    CHECK_STR(e->ids[0].number, "9111000071093019X7");
    CHECK_STR(e->ids[0].country, "CN");
  }
  if (strcmp(e->source_id, "17014-SSI") == 0) p->spot_hits++; /* the repeated _id, made unique */
}

static void test_csl_current(void) {
  /* python3: rows = csv.reader(file); hdr = rows[0]; data = rows that are
   * != hdr and have 29 fields -> 4226; names = sum(len({name.strip()} |
   * {alt.strip() for alt in alt_names.split(';')} - {''})) -> 10355, so
   * aliases 10355 - 4226 = 6129; addresses = sum of distinct stripped
   * ';'-parts of addresses -> 6114; dates of birth likewise -> 1257.
   * The last record (line 4233, `awk 'END{print NR}'` = 4233) is cut
   * inside a quoted field: 1 rejected. Entity List rows: 919 (README, and
   * python: rows whose source starts with "Entity List (EL)"). 7 `_id`s
   * repeat under a second source (python Counter of _id) -> 7 warnings. */
  probe p = {0};
  p.check = check_csl_current;
  vet_error err = {0};
  int rc = read_with(SHARED("csl/consolidated-2023-11-partial.csv"), &p, 0, &err);
  REQUIRE(rc == 0);
  CHECK_STR(p.format, "csl-csv");
  CHECK_STR(p.list_id, "csl");
  CHECK_INT(p.entities, 4226);
  CHECK_INT(p.names - p.entities, 6129);
  CHECK_INT(p.addresses, 6114);
  CHECK_INT(p.births, 1257);
  CHECK_INT(p.count_el, 919);
  CHECK_INT(p.rejects, 1);
  CHECK_INT(p.reject_lines[0], 4233);
  CHECK_INT(p.warnings, 7);
  CHECK(p.saw_note_line2);
  CHECK_INT(p.spot_hits, 4);
  CHECK_INT(distinct_ids(&p), p.entities);
  probe_free(&p);
}

static void test_csl_sample(void) {
  /* Same python count on csl/consolidated-2025-06-sample.csv: 13 rows,
   * 28 names -> 15 aliases, 13 addresses, 4 dates of birth. */
  probe p = {0};
  vet_error err = {0};
  REQUIRE(read_with(SHARED("csl/consolidated-2025-06-sample.csv"), &p, 0, &err) == 0);
  CHECK_INT(p.entities, 13);
  CHECK_INT(p.names - p.entities, 15);
  CHECK_INT(p.addresses, 13);
  CHECK_INT(p.births, 4);
  CHECK_INT(p.rejects, 0);
  probe_free(&p);
}

static void check_csl_old(probe *p, const vet_entity *e) {
  if (strcmp(e->names[0].text, "200G PSA HOLDINGS LLC") == 0) {
    /* Line 5: no _id, entity_number 20264; ids "US, 80-0890696, Tax ID No."
     * in the old "country, number, type" order. */
    p->spot_hits++;
    CHECK_STR(e->source_id, "SDN-20264");
    CHECK_STR(e->source_list, "SDN");
    REQUIRE(e->n_ids == 1);
    CHECK_STR(e->ids[0].type, "Tax ID No.");
    CHECK_STR(e->ids[0].number, "80-0890696");
    CHECK_STR(e->ids[0].country, "US");
  }
  if (e->source_list && strcmp(e->source_list, "EL") == 0) {
    /* No entity number: "EL-" and 16 hex digits of a hash. */
    CHECK(strncmp(e->source_id, "EL-", 3) == 0 && strlen(e->source_id) == 19);
  }
  if (strcmp(e->names[0].text, "ADRIAN MANUEL HERNANDEZ") == 0) {
    /* Line 2: " ADRIAN MANUEL HERNANDEZ" (leading blank), DPL, "82 F.R. 48792 10/20/2017". */
    p->spot_hits++;
    CHECK_STR(e->source_list, "DPL");
    REQUIRE(e->n_citations == 1);
    CHECK_STR(e->citations[0].text, "82 FR 48792");
    CHECK_STR(e->citations[0].date, "2017-10-20");
  }
}

static void test_csl_old_layout(void) {
  /* python3 as above on csl/csl-2019-12-old-format.csv (28 columns, no
   * _id): 115 rows, 276 names -> 161 aliases, 127 addresses, 21 dates of
   * birth; 22 Entity List rows. */
  probe p = {0};
  p.check = check_csl_old;
  vet_error err = {0};
  REQUIRE(read_with(SHARED("csl/csl-2019-12-old-format.csv"), &p, 0, &err) == 0);
  CHECK_STR(p.format, "csl-csv");
  CHECK_INT(p.entities, 115);
  CHECK_INT(p.names - p.entities, 161);
  CHECK_INT(p.addresses, 127);
  CHECK_INT(p.births, 21);
  CHECK_INT(p.count_el, 22);
  CHECK_INT(p.rejects, 0);
  CHECK_INT(p.spot_hits, 2);
  CHECK_INT(distinct_ids(&p), p.entities);
  probe_free(&p);
}

/* ------------------------------------------------------------------ DPL */

static void check_dpl(probe *p, const vet_entity *e) {
  /* Two names carry an alias (grep -n 'A\.K\.A\.\|D/B/A' dpl-2022-09.txt: lines 427
   * and 506); every other row has one name. */
  if (strcmp(e->names[0].text, "PEARL LI") == 0) {
    p->spot_hits++;
    REQUIRE(e->n_names == 2);
    CHECK_STR(e->names[1].text, "NEI-CHIEN CHU");
    CHECK_INT(e->names[1].kind, VET_NAME_AKA);
  } else if (strcmp(e->names[0].text, "SIBERIAN AIRLINES") == 0) {
    p->spot_hits++;
    REQUIRE(e->n_names == 2);
    CHECK_STR(e->names[1].text, "S7 AIRLINES");
  } else {
    CHECK(e->n_names == 1);
  }
  if (strcmp(e->names[0].text, "I. ASH") == 0 && e->listing_date &&
      strcmp(e->listing_date, "2003-06-19") == 0) {
    /* Line 2 (three rows are named " I. ASH": grep -n 'I\. ASH'; this is the
     * one effective 06/19/2003): "68 F.R. 38290 6/27/03 71 F.R. 38843
     * 7/10/06 72 F.R. 4236 1/30/07". */
    p->spot_hits++;
    CHECK_STR(e->listing_date, "2003-06-19");
    REQUIRE(e->n_citations == 3);
    CHECK_STR(e->citations[0].text, "68 FR 38290");
    CHECK_STR(e->citations[0].date, "2003-06-27");
    CHECK_STR(e->citations[2].text, "72 FR 4236");
    CHECK_STR(e->citations[2].date, "2007-01-30");
    CHECK(attr(e, "expiration_date") && strcmp(attr(e, "expiration_date")->value, "2056-06-29") == 0);
    REQUIRE(e->n_addresses == 1);
    CHECK_STR(e->addresses[0].city, "SEAGOVILLE");
    CHECK_STR(e->addresses[0].country_code, "US");
  }
  if (strcmp(e->names[0].text, "ABU AL-JUD") == 0 && e->listing_date &&
      strcmp(e->listing_date, "2017-03-31") == 0) {
    /* Line 11: "82 F.R. 16788, 16789 4/6/2017" — a second page before the date. */
    p->spot_hits++;
    REQUIRE(e->n_citations == 1);
    CHECK_STR(e->citations[0].text, "82 FR 16788");
    CHECK_STR(e->citations[0].date, "2017-04-06");
  }
}

static void test_dpl(void) {
  /* python3: rows = list(csv.reader(f, delimiter='\t'))[1:] -> 581 rows;
   * len(set(tuple(r) for r in rows)) -> 579 distinct rows, one name and
   * one address each, no dates of birth. The two repeats are lines 144
   * and 403 (grep -n 'DAQING ZHOU\|NEI-CHIEN CHU"'): 2 warnings. */
  probe p = {0};
  p.check = check_dpl;
  vet_error err = {0};
  REQUIRE(read_with(SHARED("bis/dpl-2022-09.txt"), &p, 0, &err) == 0);
  CHECK_STR(p.format, "bis-dpl");
  CHECK_STR(p.list_id, "bis-dpl");
  CHECK_INT(p.entities, 579);
  CHECK_INT(p.names - p.entities, 2);
  CHECK_INT(p.addresses, 579);
  CHECK_INT(p.births, 0);
  CHECK_INT(p.rejects, 0);
  CHECK_INT(p.warnings, 2);
  CHECK_INT(p.last_warning_line, 403);
  CHECK_INT(p.spot_hits, 4);
  CHECK_INT(distinct_ids(&p), p.entities);
  probe_free(&p);
}

/* ------------------------------------------------------------------- UK */

static void check_uk(probe *p, const vet_entity *e) {
  if (strcmp(e->source_id, "12871") == 0) {
    /* Group 12871 has 9 rows on lines 3, 289, 2787, 2788, 5359, 6388,
     * 7483, 7570 (the Prime Alias) and 7571 (python: rows with Group ID
     * 12871): one entity, the prime alias first. Its Other Information
     * has "DPRK\x92s" in Windows-1252: U+2019 in UTF-8. */
    p->spot_hits++;
    CHECK_INT(e->type, VET_TYPE_ORGANIZATION);
    CHECK_INT(e->n_names, 9);
    CHECK_STR(e->names[0].text, "SECOND ACADEMY OF NATURAL SCIENCES");
    CHECK_INT(e->names[0].kind, VET_NAME_PRIMARY);
    CHECK_INT(e->names[1].kind, VET_NAME_AKA);
    CHECK(e->remarks && strstr(e->remarks, "DPRK\xE2\x80\x99s advanced weapons"));
    CHECK_STR(e->listing_date, "2013-04-23");
    REQUIRE(e->n_addresses == 1);
    CHECK_STR(e->addresses[0].country_code, "KP");
  }
  if (strcmp(e->source_id, "12510") == 0) {
    /* ABBAS Fayssal: DOB "00/00/1955" is the year 1955 only. */
    p->spot_hits++;
    CHECK_INT(e->type, VET_TYPE_PERSON);
    CHECK_STR(e->names[0].text, "Fayssal ABBAS");
    REQUIRE(e->n_births == 1);
    CHECK_STR(e->births[0].text, "1955");
    CHECK_INT(e->births[0].year_from, 1955);
    CHECK_INT(e->births[0].month, 0);
  }
}

static void test_uk(void) {
  /* python3: text = bytes.decode('cp1252'); rows = csv.reader(text after the
   * first line); group by Group ID -> 2297 groups; names per group =
   * distinct ' '.join(Name 1..5, Name 6) -> 5417, aliases 5417 - 2297 =
   * 3120; addresses per group = distinct non-empty "Address 1..5, Address
   * 6, Post/Zip, Country" -> 1427; dates of birth per group = distinct DOB
   * with 00-parts dropped -> 1182. List date: first line "Last
   * Updated,02/04/2014". */
  probe p = {0};
  p.check = check_uk;
  vet_error err = {0};
  REQUIRE(read_with(SHARED("uk/ofsi-conlist-2014-04-02.csv"), &p, 0, &err) == 0);
  CHECK_STR(p.format, "uk-csv");
  CHECK_STR(p.list_id, "uk-ofsi");
  CHECK_STR(p.date, "2014-04-02");
  CHECK_INT(p.entities, 2297);
  CHECK_INT(p.names - p.entities, 3120);
  CHECK_INT(p.addresses, 1427);
  CHECK_INT(p.births, 1182);
  CHECK_INT(p.rejects, 0);
  CHECK(p.notes >= 1); /* "read as Windows-1252" */
  CHECK_INT(p.spot_hits, 2);
  CHECK_INT(distinct_ids(&p), p.entities);
  probe_free(&p);
}

/* ------------------------------------------------------------------- EU */

static void check_eu(probe *p, const vet_entity *e) {
  if (strcmp(e->source_id, "1") == 0) {
    /* Entity 1, lines 2-7: Robert Gabriel Mugabe, born 1924-02-21, passport
     * "AD001095 (passport-National passport) ((passport))". */
    p->spot_hits++;
    CHECK_INT(e->type, VET_TYPE_PERSON);
    CHECK_STR(e->names[0].text, "Robert Gabriel Mugabe");
    REQUIRE(e->n_births == 1);
    CHECK_STR(e->births[0].text, "1924-02-21");
    CHECK_INT(e->births[0].month, 2);
    REQUIRE(e->n_ids == 1);
    CHECK_STR(e->ids[0].number, "AD001095");
    CHECK_STR(e->ids[0].type, "National passport");
    CHECK_STR(e->listing_date, "2002-09-13");
    CHECK(attr(e, "eu_ref_num") && strcmp(attr(e, "eu_ref_num")->value, "EU.36.64") == 0);
  }
  if (strcmp(e->source_id, "481") == 0) p->spot_hits++; /* the last, maybe cut, entity is kept */
}

static void test_eu(void) {
  /* python3: raw.decode('cp1252'); each line is one ';'-CSV field holding
   * the row: rows = [next(csv.reader([r[0].rstrip('\t ')], delimiter=';'))
   * for r in csv.reader(text, delimiter=';')] -> 999 rows of 59 fields;
   * group by Entity_logical_id -> 93; distinct Naal_wholename per entity
   * -> 743, aliases 650; distinct address rows -> 37; distinct Birt_date
   * other than N/A -> 11. The file has 1000 lines (wc -l): it looks cut,
   * one warning naming the last entity, 481. */
  probe p = {0};
  p.check = check_eu;
  vet_error err = {0};
  REQUIRE(read_with(SHARED("eu/eu-fsf-v1.0-2018-07-04-first-999-rows.csv"), &p, 0, &err) == 0);
  CHECK_STR(p.format, "eu-csv");
  CHECK_STR(p.list_id, "eu-fsf");
  CHECK_STR(p.date, "2018-07-04");
  CHECK_INT(p.entities, 93);
  CHECK_INT(p.names - p.entities, 650);
  CHECK_INT(p.addresses, 37);
  CHECK_INT(p.births, 11);
  CHECK_INT(p.rejects, 0);
  CHECK_INT(p.warnings, 1);
  CHECK(strstr(p.last_warning, "481") != NULL);
  CHECK_INT(p.last_warning_line, 1000);
  CHECK_INT(p.spot_hits, 2);
  probe_free(&p);
}

/* ---------------------------------------------------------- FR citations */

static void test_fr_citations(void) {
  vet__eb *eb = vet__eb_new();
  REQUIRE(eb);
  vet__eb_begin(eb, "t");
  size_t n = 0;
  const char *s = "84 FR 21236 (5/14/19), 85 FR 34503 (no. 108); 87 F.R.38704 6/29/2022, 9F.R. 1 1/2/45";
  CHECK_INT(vet__fr_citations(eb, s, strlen(s), &n), 0);
  CHECK_INT(n, 4);
  const vet_entity *e = vet__eb_finish(eb);
  REQUIRE(e->n_citations == 4);
  CHECK_STR(e->citations[0].text, "84 FR 21236");
  CHECK_STR(e->citations[0].date, "2019-05-14");
  CHECK_STR(e->citations[1].text, "85 FR 34503");
  CHECK(e->citations[1].date == NULL);
  CHECK_STR(e->citations[2].text, "87 FR 38704");
  CHECK_STR(e->citations[2].date, "2022-06-29");
  CHECK_STR(e->citations[3].date, "1945-01-02"); /* volume 9 -> the 1940s */

  vet__eb_begin(eb, "t");
  s = "64 F.R. 1234 9/4/99";
  vet__fr_citations(eb, s, strlen(s), &n);
  e = vet__eb_finish(eb);
  REQUIRE(e->n_citations == 1);
  CHECK_STR(e->citations[0].date, "1999-09-04");

  vet__eb_begin(eb, "t");
  s = "Vol. 83, No. 91, 05/10/2018; Notice 2";
  vet__fr_citations(eb, s, strlen(s), &n);
  e = vet__eb_finish(eb);
  CHECK_INT(n, 2);
  REQUIRE(e->n_citations == 2);
  CHECK_STR(e->citations[0].text, "Vol. 83, No. 91, 05/10/2018");
  CHECK_STR(e->citations[0].date, "2018-05-10");
  CHECK(e->citations[1].date == NULL);
  vet__eb_free(eb);
}

/* ------------------------------------------------------------ bad rows */

static void write_temp(char *path, size_t cap, const char *suffix, const char *data, size_t n) {
  snprintf(path, cap, "%s/csvlists-XXXXXX%s", VET_BINARY_DIR, suffix);
  int fd = mkstemps(path, (int)strlen(suffix));
  if (fd < 0) { path[0] = '\0'; return; }
  if (write(fd, data, n) != (ssize_t)n) path[0] = '\0';
  close(fd);
}

#define CSL_HDR "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice," \
  "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type," \
  "gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url," \
  "alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"
#define CSL_ROW(id, name) "\"" id "\",\"Entity List (EL) - Bureau of Industry and Security\",,," \
  ",\"" name "\",,,\"85 FR 83799\",2020-12-23,,,,,,,,,,,,,,,,,,,\n"

static void test_bad_rows(void) {
  /* Line 3: 28 fields; line 4: text after a closing quote; line 5: a lone
   * 0xFF byte in a file the CSL defines as UTF-8. Lines 2 and 6 are good. */
  const char csl[] = CSL_HDR CSL_ROW("a1", "Good One")
      "\"a2\",\"Entity List (EL) - Bureau of Industry and Security\",,,,\"Short\",,,,,,,,,,,,,,,,,,,,,,\n"
      "\"a3\",\"Entity List (EL) - Bureau\"x,,,,\"Broken\",,,,,,,,,,,,,,,,,,,,,,,\n"
      CSL_ROW("a4", "Bad \xFF Byte") CSL_ROW("a5", "Good Two");
  char path[600];
  write_temp(path, sizeof path, ".csv", csl, sizeof csl - 1);
  REQUIRE(path[0]);
  probe p = {0};
  vet_error err = {0};
  CHECK_INT(read_with(path, &p, 0, &err), 0);
  CHECK_STR(p.format, "csl-csv");
  CHECK_INT(p.entities, 2);
  CHECK_INT(p.rejects, 3);
  CHECK_INT(p.reject_lines[0], 3);
  CHECK_INT(p.reject_lines[1], 4);
  CHECK_INT(p.reject_lines[2], 5);
  CHECK_STR(p.reject_file, path);
  CHECK_INT(p.info.n_rejected, 3);
  probe_free(&p);

  /* strict: the first bad row fails the read, naming file and line. */
  probe q = {0};
  CHECK_INT(read_with(path, &q, 1, &err), VET_ESTRICT);
  CHECK_INT(err.code, VET_ESTRICT);
  char want[700];
  snprintf(want, sizeof want, "%s:3:", path);
  CHECK(strncmp(err.message, want, strlen(want)) == 0);
  probe_free(&q);
  unlink(path);

  /* DPL: a row of 11 fields (line 3) and a quote never closed (line 4). */
  const char dpl[] =
      "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t"
      "\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n"
      "\"A\"\t\"1 ST\"\t\"X\"\t\"\"\t\"US\"\t\"1\"\t\"01/02/2020\"\t\"\"\t\"Y\"\t\"2020-01-02\"\t\"\"\t\"85 F.R. 1 1/3/2020\"\n"
      "\"B\"\t\"1 ST\"\t\"X\"\t\"\"\t\"US\"\t\"1\"\t\"01/02/2020\"\t\"\"\t\"Y\"\t\"2020-01-02\"\t\"\"\n"
      "\"C\"\t\"1 ST\t\"X\"\t\"\"\t\"US\"\t\"1\"\t\"01/02/2020\"\t\"\"\t\"Y\"\t\"2020-01-02\"\t\"\"\t\"\n";
  write_temp(path, sizeof path, ".txt", dpl, sizeof dpl - 1);
  REQUIRE(path[0]);
  probe d = {0};
  CHECK_INT(read_with(path, &d, 0, &err), 0);
  CHECK_STR(d.format, "bis-dpl");
  CHECK_INT(d.entities, 1);
  CHECK(d.rejects >= 2);
  CHECK_INT(d.reject_lines[0], 3);
  CHECK_INT(d.reject_lines[1], 4);
  probe_free(&d);
  unlink(path);

  /* UK with a UTF-8 byte order mark (UTF-8 declared): line 4 has an invalid
   * byte and is rejected; group 7 (lines 3 and 5) is still one entity. */
  const char uk[] =
      "\xEF\xBB\xBFLast Updated,02/04/2014\n"
      "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,"
      "Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,"
      "Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,"
      "Listed On,Last Updated,Group ID\n"
      "SMITH,John,,,,,,00/03/1960,,,,,,,,,,,,,,,,Individual,AKA,Test,01/01/2010,01/01/2010,7\n"
      "JONES,Bad\xC3,,,,,,,,,,,,,,,,,,,,,,Individual,Prime Alias,Test,01/01/2010,01/01/2010,8\n"
      "SMYTHE,Jon,,,,,,,,,,,,,,,,,,,,,,Individual,Prime Alias,Test,01/01/2010,01/01/2010,7\n";
  write_temp(path, sizeof path, ".csv", uk, sizeof uk - 1);
  REQUIRE(path[0]);
  probe u = {0};
  CHECK_INT(read_with(path, &u, 0, &err), 0);
  CHECK_STR(u.format, "uk-csv");
  CHECK_INT(u.entities, 1);
  CHECK_INT(u.names, 2);
  CHECK_INT(u.rejects, 1);
  CHECK_INT(u.reject_lines[0], 4);
  probe_free(&u);
  probe us = {0};
  CHECK_INT(read_with(path, &us, 1, &err), VET_ESTRICT);
  probe_free(&us);
  unlink(path);

  /* EU, wrapped like the re-saved file: line 3 has 3 fields. */
  const char eu[] =
      "\"Date_file;Entity_logical_id;Subject_type;Naal_logical_id;Naal_wholename;Birt_logical_id;"
      "Birt_date\t\t\"\n"
      "\"04/07/2018;5;P;11;Jane Doe;;\t\t\"\n"
      "\"04/07/2018;5;P\t\"\n"
      "\"04/07/2018;5;P;;;9;1970-01-02\t\"\n";
  write_temp(path, sizeof path, ".csv", eu, sizeof eu - 1);
  REQUIRE(path[0]);
  probe e = {0};
  CHECK_INT(read_with(path, &e, 0, &err), 0);
  CHECK_STR(e.format, "eu-csv");
  CHECK_INT(e.entities, 1);
  CHECK_INT(e.births, 1);
  CHECK_INT(e.rejects, 1);
  CHECK_INT(e.reject_lines[0], 3);
  probe_free(&e);
  unlink(path);
}

int main(void) {
  RUN(test_csl_current);
  RUN(test_csl_sample);
  RUN(test_csl_old_layout);
  RUN(test_dpl);
  RUN(test_uk);
  RUN(test_eu);
  RUN(test_fr_citations);
  RUN(test_bad_rows);
  return HARNESS_DONE();
}
