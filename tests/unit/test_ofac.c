/* test_ofac.c — the OFAC readers (ofac-csv, ofac-xml) on the real files in
 * shared/data/lists/ofac.
 *
 * Every expected count below comes from tests/unit/ofac_counts.py, which
 * reads the same files with Python's csv and xml.etree modules and no vet
 * code:
 *
 *   python3 tests/unit/ofac_counts.py ../shared/data/lists/ofac/{sdn-2021-07,non-sdn-2025-12,\
 *       sdn-history/sdn-2024-03-05.csv,non-sdn-2018-04-xml/consolidated.xml,malformed-2019}
 *
 *   entities: primary rows with 12 columns and a numeric ent_num (XML: sdnEntry)
 *   names:    per entity, the distinct texts of the primary name, the alt.csv
 *             names and the a.k.a./f.k.a./n.k.a. items of the remarks joined
 *             with their *_comments.csv spillover (XML: primary + aka names,
 *             "LAST, First"); aliases = names - entities
 *   addresses: per entity, distinct add.csv rows with any non-null part
 *   births:   per entity, distinct "DOB x" / "alt. DOB x" remarks items
 *             (XML: distinct <dateOfBirth>)
 *
 * Spot checks name the entity (ent_num / uid) and quote the file. */
#include "harness.h"
#include "core/buf.h"
#include "model/builder.h"
#include "readers/ofac_remarks.h"
#include "vet.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OFAC(p) SHARED("ofac/" p)

/* ------------------------------------------------------------ helpers */

static const vet_name *name_of(const vet_entity *e, const char *text) {
  for (size_t i = 0; i < e->n_names; i++)
    if (!strcmp(e->names[i].text, text)) return &e->names[i];
  return NULL;
}

static const vet_identifier *id_of(const vet_entity *e, const char *type, const char *number) {
  for (size_t i = 0; i < e->n_ids; i++)
    if (e->ids[i].type && !strcmp(e->ids[i].type, type) && !strcmp(e->ids[i].number, number))
      return &e->ids[i];
  return NULL;
}

static int has_attr(const vet_entity *e, const char *key, const char *value) {
  for (size_t i = 0; i < e->n_attrs; i++)
    if (!strcmp(e->attrs[i].key, key) && !strcmp(e->attrs[i].value, value)) return 1;
  return 0;
}

static int has_str(const char *const *v, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(v[i], s)) return 1;
  return 0;
}

typedef struct rejects {
  char where[16][128];    /* "basename:line" of each rejected row */
  int n;
  int notes;
  char note_file[128];
} rejects;

typedef struct run {
  int lists;
  vet_list_info info;      /* counts of the last list (strings not kept) */
  char list_id[32], format[32], date[32], checksum[80];
  int spots;               /* spot-checked entities seen */
  int intellexa;           /* primary names with INTELLEXA or CYTROX */
  int (*spot)(struct run *, const vet_entity *);
  rejects rj;
  unsigned long max_id;
  unsigned char *seen;     /* ent_nums seen, to check each entity comes once */
  int repeats;
} run;

static void on_list(void *ud, const vet_list_info *li) {
  run *r = ud;
  r->lists++;
  r->info = *li;
  snprintf(r->list_id, sizeof r->list_id, "%s", li->list_id ? li->list_id : "");
  snprintf(r->format, sizeof r->format, "%s", li->format ? li->format : "");
  snprintf(r->date, sizeof r->date, "%s", li->date ? li->date : "");
  snprintf(r->checksum, sizeof r->checksum, "%s", li->checksum ? li->checksum : "");
}

static int on_entity(void *ud, const vet_entity *e) {
  run *r = ud;
  unsigned long id = strtoul(e->source_id, NULL, 10);
  if (id < 100000) {
    if (!r->seen) r->seen = calloc(100000, 1);
    if (r->seen[id]) r->repeats++;
    r->seen[id] = 1;
  }
  const char *n = e->names[0].text;
  if (strstr(n, "INTELLEXA") || strstr(n, "CYTROX")) r->intellexa++;
  if (r->spot) r->spots += r->spot(r, e);
  return 0;
}

static void on_diag(void *ud, const vet_diag *d) {
  run *r = ud;
  const char *base = strrchr(d->file, '/');
  base = base ? base + 1 : d->file;
  if (d->level == VET_DIAG_REJECT && r->rj.n < 16)
    snprintf(r->rj.where[r->rj.n++], sizeof r->rj.where[0], "%s:%lu", base, d->line);
  if (d->level == VET_DIAG_NOTE) {
    r->rj.notes++;
    snprintf(r->rj.note_file, sizeof r->rj.note_file, "%s:%lu", base, d->line);
  }
}

static int read_into(run *r, const char *path, int strict, vet_error *err) {
  vet_read_callbacks cb = {on_entity, on_list, on_diag, r};
  vet_read_options o = vet_read_options_default();
  o.strict = strict;
  return vet_read_path(path, &o, &cb, err);
}

static void run_free(run *r) { free(r->seen); }

/* ------------------------------------------------- the remarks grammar */

static void test_remarks_items(void) {
  /* The remarks forms OFAC uses, one of each (items copied from sdn.csv rows). */
  const char *rem =
      "DOB 12 Mar 1971; alt. DOB 1972; POB Baghdad, Iraq; nationality Iran; citizen Iran; "
      "Passport A1234 (Iran) expires 2020; National ID No. 0012 (Iran); Tax ID No. 7744001497 "
      "(Russia); Cedula No. 16247821 (Colombia); NIT # 800146749-7 (Colombia); Vessel Registration "
      "Identification IMO 1234567; SWIFT/BIC BNCUCUHH; Website www.example.ir; Email Address "
      "a@example.ir; Gender Male; Linked To: HIZBALLAH; a.k.a. 'BNC'; f.k.a. 'OLD NAME'; "
      "Additional Sanctions Information - Subject to Secondary Sanctions; Secondary sanctions "
      "risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886; "
      "Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo; all offices worldwide.";
  vet__eb *eb = vet__eb_new();
  REQUIRE(eb);
  vet__eb_begin(eb, "t");
  vet__eb_name(eb, "X", 1, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  CHECK_INT(vet__ofac_remarks(eb, rem, strlen(rem)), 0);
  const vet_entity *e = vet__eb_finish(eb);
  CHECK_INT(e->n_births, 2);
  if (e->n_births == 2) {
    CHECK_STR(e->births[0].text, "12 Mar 1971");
    CHECK_INT(e->births[0].month, 3);
    CHECK_STR(e->births[1].text, "1972");
  }
  CHECK(has_str(e->places_of_birth, e->n_places_of_birth, "Baghdad, Iraq"));
  CHECK(has_str(e->nationalities, e->n_nationalities, "Iran"));
  CHECK(has_str(e->citizenships, e->n_citizenships, "Iran"));
  const vet_identifier *id = id_of(e, "Passport", "A1234");
  CHECK(id && id->country && !strcmp(id->country, "Iran") && id->note && !strcmp(id->note, "expires 2020"));
  CHECK(id_of(e, "National ID No.", "0012") != NULL);
  CHECK(id_of(e, "Tax ID No.", "7744001497") != NULL);
  CHECK(id_of(e, "Cedula No.", "16247821") != NULL);
  CHECK(id_of(e, "NIT #", "800146749-7") != NULL);
  CHECK(id_of(e, "IMO", "1234567") != NULL);
  CHECK(id_of(e, "SWIFT/BIC", "BNCUCUHH") != NULL);
  CHECK(id_of(e, "Website", "www.example.ir") != NULL);
  CHECK(id_of(e, "Email Address", "a@example.ir") != NULL);
  CHECK(id_of(e, "Digital Currency Address - XBT", "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo") != NULL);
  CHECK_INT(e->n_ids, 10);
  CHECK(has_attr(e, "gender", "Male"));
  CHECK(has_attr(e, "linked_to", "HIZBALLAH"));
  CHECK(has_attr(e, "additional_sanctions_information", "Subject to Secondary Sanctions"));
  CHECK(has_attr(e, "secondary_sanctions_risk",
                 "section 1(b) of Executive Order 13224, as amended by Executive Order 13886"));
  const vet_name *bnc = name_of(e, "BNC"), *old = name_of(e, "OLD NAME");
  CHECK(bnc && bnc->kind == VET_NAME_AKA && bnc->strength == VET_STRENGTH_WEAK);
  CHECK(old && old->kind == VET_NAME_FKA);
  CHECK_INT(e->n_names, 3);
  vet__eb_free(eb);
}

static void test_nonsdn_marks(void) {
  CHECK(vet__ofac_nonsdn_marked("NS-PLC", 6));
  CHECK(vet__ofac_nonsdn_marked("SYRIA] [FSE-SY", 14));
  CHECK(!vet__ofac_nonsdn_marked("SDGT] [IRGC", 11));
  CHECK(!vet__ofac_nonsdn_marked("ANS-X", 5)); /* not at a word start */
}

/* ------------------------------------------------------- SDN set 2021-07 */

static int spot_sdn2021(run *r, const vet_entity *e) {
  (void)r;
  const char *id = e->source_id;
  if (!strcmp(id, "306")) {
    /* 306,"BANCO NACIONAL DE CUBA",... ,"a.k.a. 'BNC'." and alt.csv 306,220,"aka","NATIONAL BANK OF CUBA" */
    CHECK_STR(e->names[0].text, "BANCO NACIONAL DE CUBA");
    CHECK_INT(e->type, VET_TYPE_ORGANIZATION);
    const vet_name *bnc = name_of(e, "BNC"), *nbc = name_of(e, "NATIONAL BANK OF CUBA");
    CHECK(bnc && bnc->kind == VET_NAME_AKA && bnc->strength == VET_STRENGTH_WEAK);
    CHECK(nbc && nbc->kind == VET_NAME_AKA && nbc->strength == VET_STRENGTH_STRONG);
    CHECK_INT(e->n_addresses, 4);  /* grep -c '^306,' add.csv */
    CHECK_STR(e->remarks, "a.k.a. 'BNC'.");
    CHECK(e->n_programs == 1 && !strcmp(e->programs[0], "CUBA"));
    return 1;
  }
  if (!strcmp(id, "15037")) {
    /* 15037,"ARK","vessel","IRAN",-0- ,"9HDQ9","Crude/Oil Products Tanker","99,030","56,068","Panama",
     * ... Vessel Registration Identification IMO 9187655; MMSI 256842000; ... */
    CHECK_INT(e->type, VET_TYPE_VESSEL);
    CHECK(id_of(e, "IMO", "9187655") != NULL);
    CHECK(id_of(e, "MMSI", "256842000") != NULL);
    CHECK(has_attr(e, "call_sign", "9HDQ9"));
    CHECK(has_attr(e, "vessel_type", "Crude/Oil Products Tanker"));
    CHECK(has_attr(e, "tonnage", "99,030"));
    CHECK(has_attr(e, "gross_registered_tonnage", "56,068"));
    CHECK(has_attr(e, "vessel_flag", "Panama"));
    CHECK(has_attr(e, "former_vessel_flag", "Malta"));
    return 1;
  }
  if (!strcmp(id, "7828")) {
    /* 7828,"AMDOUNI, Mehrez","individual","SDGT",...,"DOB 18 Dec 1969; alt. DOB 25 May 1968; alt. DOB
     * 18 Dec 1968; alt. DOB 14 Jul 1969; POB Tunis, Tunisia; alt. POB Naples, Italy; alt. POB Algeria;
     * nationality Tunisia; Passport G737411 (Tunisia) issued 24 Oct 1990 expires 20 Sep 1997; alt.
     * Passport 0801888 (Bosnia and Herzegovina); a.k.a. 'ABU THALE'." */
    CHECK_STR(e->names[0].text, "AMDOUNI, Mehrez");
    CHECK_INT(e->type, VET_TYPE_PERSON);
    CHECK_INT(e->n_births, 4);
    if (e->n_births) {
      CHECK_STR(e->births[0].text, "18 Dec 1969");
      CHECK_INT(e->births[0].year_from, 1969);
      CHECK_INT(e->births[0].month, 12);
      CHECK_INT(e->births[0].day, 18);
    }
    CHECK_INT(e->n_places_of_birth, 3);
    CHECK(has_str(e->nationalities, e->n_nationalities, "Tunisia"));
    const vet_identifier *p = id_of(e, "Passport", "G737411");
    CHECK(p && p->country && !strcmp(p->country, "Tunisia"));
    CHECK(p && p->note && !strcmp(p->note, "issued 24 Oct 1990 expires 20 Sep 1997"));
    p = id_of(e, "Passport", "0801888");
    CHECK(p && p->country && !strcmp(p->country, "Bosnia and Herzegovina"));
    const vet_name *w = name_of(e, "ABU THALE");
    CHECK(w && w->strength == VET_STRENGTH_WEAK);
    CHECK(e->remarks && !strncmp(e->remarks, "DOB 18 Dec 1969; alt. DOB", 25));
    return 1;
  }
  if (!strcmp(id, "12300")) {
    /* sdn.csv cuts the remarks at 1,000 characters: "...; Linked To: PROMO RAI"; sdn_comments.csv
     * row 12300 goes on "Z S.A.S.; Linked To: RED MUNDIAL ...". */
    CHECK(e->remarks && strlen(e->remarks) > 1000);
    CHECK(e->remarks && strstr(e->remarks, "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL"));
    CHECK(has_attr(e, "linked_to", "PROMO RAIZ S.A.S."));
    CHECK(has_attr(e, "linked_to", "DESARROLLO MINERO RESPONSABLE C.I. S.A.S."));
    return 1;
  }
  if (!strcmp(id, "28263")) {
    /* The cut falls inside an alias: "a.k.a. 'snowsjo" + "hn'; Linked To: LAZARUS GROUP." */
    const vet_name *w = name_of(e, "snowsjohn");
    CHECK(w && w->strength == VET_STRENGTH_WEAK);
    CHECK(has_attr(e, "linked_to", "LAZARUS GROUP"));
    return 1;
  }
  if (!strcmp(id, "9659")) {
    /* 9659,"HAMMAD, Fathi Ahmad Mohammad","individual","SDGT] [NS-PLC",... */
    CHECK_INT(e->n_programs, 2);
    CHECK(has_str(e->programs, e->n_programs, "SDGT") && has_str(e->programs, e->n_programs, "NS-PLC"));
    return 1;
  }
  return 0;
}

static void test_sdn_set(void) {
  run r;
  memset(&r, 0, sizeof r);
  r.spot = spot_sdn2021;
  vet_error err;
  CHECK_INT(read_into(&r, OFAC("sdn-2021-07"), 0, &err), 0);
  CHECK_INT(r.lists, 1);
  CHECK_STR(r.list_id, "ofac-sdn");
  CHECK_STR(r.format, "ofac-csv");
  CHECK_STR(r.date, "2021-07");              /* the folder "sdn-2021-07" names a month */
  CHECK(!strncmp(r.checksum, "sha256:", 7) && strlen(r.checksum) == 71);
  CHECK_INT(r.info.n_entities, 8976);
  CHECK_INT(r.info.n_names - r.info.n_entities, 14345);  /* aliases */
  CHECK_INT(r.info.n_names, 23321);
  CHECK_INT(r.info.n_addresses, 11440);
  CHECK_INT(r.info.n_births, 5124);
  CHECK_INT(r.info.n_rejected, 0);
  CHECK_INT(r.repeats, 0);
  CHECK_INT(r.spots, 6);
  run_free(&r);
}

/* -------------------------------------------------- non-SDN set 2025-12 */

static int spot_nonsdn(run *r, const vet_entity *e) {
  (void)r;
  if (!strcmp(e->source_id, "30930")) {
    /* cons_prim.csv is cut at "... (USCC) 91110000710934369E "; cons_comments.csv goes on
     * "(China); a.k.a. 'CCCC'." */
    CHECK(id_of(e, "Unified Social Credit Code (USCC)", "91110000710934369E") != NULL);
    const vet_name *w = name_of(e, "CCCC");
    CHECK(w && w->strength == VET_STRENGTH_WEAK);
    return 1;
  }
  if (!strcmp(e->source_id, "9639")) {
    /* 9639,"HANIYA, Ismail Abdul Salah","individual","NS-PLC",...,"DOB 1962; POB Shati." */
    CHECK_INT(e->type, VET_TYPE_PERSON);
    CHECK(e->n_births == 1 && e->births[0].year_from == 1962);
    CHECK(has_str(e->places_of_birth, e->n_places_of_birth, "Shati"));
    CHECK(name_of(e, "HANIYYA, Ismaeel") != NULL);  /* cons_alt.csv 9639,9151 */
    return 1;
  }
  return 0;
}

static void test_nonsdn_set(void) {
  run r;
  memset(&r, 0, sizeof r);
  r.spot = spot_nonsdn;
  vet_error err;
  CHECK_INT(read_into(&r, OFAC("non-sdn-2025-12"), 0, &err), 0);
  CHECK_INT(r.lists, 1);
  CHECK_STR(r.list_id, "ofac-nonsdn");
  CHECK_INT(r.info.n_entities, 442);
  CHECK_INT(r.info.n_names - r.info.n_entities, 1143);
  CHECK_INT(r.info.n_addresses, 522);
  CHECK_INT(r.info.n_births, 74);
  CHECK_INT(r.info.n_rejected, 0);
  CHECK_INT(r.repeats, 0);
  CHECK_INT(r.spots, 2);
  run_free(&r);
}

/* ---------------------------------------------- sdn.csv alone, two dates */

static void test_history_file(void) {
  run r;
  memset(&r, 0, sizeof r);
  vet_error err;
  CHECK_INT(read_into(&r, OFAC("sdn-history/sdn-2024-03-05.csv"), 0, &err), 0);
  CHECK_STR(r.list_id, "ofac-sdn");
  CHECK_STR(r.format, "ofac-csv");
  CHECK_STR(r.date, "2024-03-05");
  CHECK_INT(r.info.n_entities, 14432);
  CHECK_INT(r.info.n_names - r.info.n_entities, 3527);   /* weak a.k.a.s of the remarks only */
  CHECK_INT(r.info.n_addresses, 0);
  CHECK_INT(r.info.n_births, 7383);
  CHECK_INT(r.info.n_rejected, 0);
  /* INTELLEXA S.A., INTELLEXA LIMITED, CYTROX AD, CYTROX HOLDINGS ... were designated on 5 March
   * 2024 (python: primary names containing INTELLEXA or CYTROX: 4 on 03-05, 0 on 03-04). */
  CHECK_INT(r.intellexa, 4);
  run_free(&r);

  memset(&r, 0, sizeof r);
  CHECK_INT(read_into(&r, OFAC("sdn-history/sdn-2024-03-04.csv"), 0, &err), 0);
  CHECK_STR(r.date, "2024-03-04");
  CHECK_INT(r.info.n_entities, 14426);   /* 12-column rows of the file */
  CHECK_INT(r.intellexa, 0);
  run_free(&r);
}

/* ------------------------------------------------------------- the XML */

static int spot_xml(run *r, const vet_entity *e) {
  (void)r;
  if (!strcmp(e->source_id, "15036")) {
    /* <uid>15036</uid><lastName>SHONA</lastName><sdnType>Vessel</sdnType>
     * <remarks>(Linked To: NATIONAL IRANIAN TANKER COMPANY)</remarks> ... MMSI 572469210,
     * Vessel Registration Identification IMO 9187629, Former Vessel Flag Malta,
     * <callSign>T2EU4</callSign> <vesselFlag>Tanzania</vesselFlag> <tonnage>99144</tonnage> */
    CHECK_INT(e->type, VET_TYPE_VESSEL);
    CHECK(id_of(e, "IMO", "9187629") != NULL);
    CHECK(id_of(e, "MMSI", "572469210") != NULL);
    CHECK(has_attr(e, "former_vessel_flag", "Malta"));
    CHECK(has_attr(e, "call_sign", "T2EU4"));
    CHECK(has_attr(e, "vessel_flag", "Tanzania"));
    CHECK(has_attr(e, "tonnage", "99144"));
    CHECK(has_attr(e, "linked_to", "NATIONAL IRANIAN TANKER COMPANY"));
    const vet_name *f = name_of(e, "ABADAN");
    CHECK(f && f->kind == VET_NAME_FKA && f->strength == VET_STRENGTH_STRONG);
    return 1;
  }
  if (!strcmp(e->source_id, "4637")) {
    /* BANK OF INDUSTRY AND MINE (OF IRAN): <aka><category>weak</category><lastName>BIM</lastName> */
    const vet_name *w = name_of(e, "BIM");
    CHECK(w && w->strength == VET_STRENGTH_WEAK && w->quality && !strcmp(w->quality, "weak"));
    return 1;
  }
  if (!strcmp(e->source_id, "9639")) {
    /* firstName Ismail Abdul Salah, lastName HANIYA, dateOfBirth 1962, placeOfBirth Shati */
    CHECK_STR(e->names[0].text, "HANIYA, Ismail Abdul Salah");
    CHECK_INT(e->type, VET_TYPE_PERSON);
    CHECK(e->n_births == 1 && !strcmp(e->births[0].text, "1962"));
    CHECK(has_str(e->places_of_birth, e->n_places_of_birth, "Shati"));
    const vet_name *a = name_of(e, "HANIYA, Ismail");
    CHECK(a && a->strength == VET_STRENGTH_STRONG);
    CHECK(has_str(e->programs, e->n_programs, "NS-PLC"));
    return 1;
  }
  if (!strcmp(e->source_id, "4632")) {
    /* BANK MARKAZI: address1 "213 Ferdowsi Avenue", city Tehran, postalCode 11365, country Iran;
     * id "Additional Sanctions Information -" "Not on the SDN List and ..." */
    CHECK_INT(e->n_addresses, 2);
    int found = 0;
    for (size_t i = 0; i < e->n_addresses; i++)
      found |= e->addresses[i].text && !strcmp(e->addresses[i].text, "213 Ferdowsi Avenue, Tehran, 11365, Iran");
    CHECK(found);
    CHECK(e->n_attrs >= 1 && !strcmp(e->attrs[0].key, "additional_sanctions_information") &&
          !strncmp(e->attrs[0].value, "Not on the SDN List", 19));
    return 1;
  }
  for (size_t i = 0; i < e->n_ids; i++)
    if (!strcmp(e->ids[i].number, "86936")) {
      /* <idType>Registration ID</idType><idNumber>86936</idNumber><idCountry>Iran</idCountry>
       * <issueDate>10 Jul 1991</issueDate> */
      CHECK_STR(e->ids[i].type, "Registration ID");
      CHECK_STR(e->ids[i].country, "Iran");
      CHECK_STR(e->ids[i].note, "issued 10 Jul 1991");
      return 1;
    }
  return 0;
}

static void test_xml(void) {
  run r;
  memset(&r, 0, sizeof r);
  r.spot = spot_xml;
  vet_error err;
  CHECK_INT(read_into(&r, OFAC("non-sdn-2018-04-xml/consolidated.xml"), 0, &err), 0);
  CHECK_INT(r.lists, 1);
  CHECK_STR(r.list_id, "ofac-nonsdn");   /* 639 of 639 entries carry a non-SDN mark */
  CHECK_STR(r.format, "ofac-xml");
  CHECK_STR(r.date, "2018-04-06");        /* <Publish_Date>04/06/2018</Publish_Date> */
  CHECK_INT(r.info.n_entities, 639);
  CHECK_INT(r.info.n_names - r.info.n_entities, 1252);  /* 1255 <aka>, 3 repeat the primary name */
  CHECK_INT(r.info.n_addresses, 711);
  CHECK_INT(r.info.n_births, 87);
  CHECK_INT(r.info.n_rejected, 0);
  CHECK_INT(r.spots, 5);
  run_free(&r);
}

/* ------------------------------------------------------ malformed-2019 */

static void test_malformed(void) {
  run r;
  memset(&r, 0, sizeof r);
  vet_error err;
  CHECK_INT(read_into(&r, OFAC("malformed-2019"), 0, &err), 0);
  CHECK_STR(r.list_id, "ofac-sdn");
  CHECK_INT(r.info.n_entities, 7379);
  CHECK_INT(r.info.n_names, 19091);
  CHECK_INT(r.info.n_addresses, 9474);
  CHECK_INT(r.info.n_births, 4274);
  /* python csv: the only rows without the right column count are the "||||" last lines:
   * alt.csv 9683, add.csv 11697, sdn_comments.csv 4, sdn.csv 7380 (the line numbers of
   * csv.reader's line_num); every other row is well formed. */
  CHECK_INT(r.info.n_rejected, 4);
  CHECK_INT(r.rj.n, 4);
  const char *want[] = {"alt.csv:9683", "add.csv:11697", "sdn_comments.csv:4", "sdn.csv:7380"};
  for (int i = 0; i < 4 && i < r.rj.n; i++) CHECK_STR(r.rj.where[i], want[i]);
  CHECK(r.rj.notes == 1 && !strcmp(r.rj.note_file, "csl.csv:0"));  /* csl.csv is not read with the set */
  run_free(&r);

  memset(&r, 0, sizeof r);
  CHECK_INT(read_into(&r, OFAC("malformed-2019"), 1, &err), VET_ESTRICT);
  CHECK_INT(err.code, VET_ESTRICT);
  CHECK(strstr(err.message, "malformed-2019/alt.csv:9683: ") != NULL);
  CHECK_INT(r.lists, 0);
  run_free(&r);
}

/* ----------------------------------------- quirks on files made from real rows */

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)len + 1);
  if (s && fread(s, 1, (size_t)len, f) != (size_t)len) { free(s); s = NULL; }
  fclose(f);
  if (s) { s[len] = '\0'; *n = (size_t)len; }
  return s;
}

/* The first `lines` lines of a real file. */
static void head_lines(vet__buf *b, const char *path, int lines) {
  size_t n;
  char *s = slurp(path, &n);
  if (!s) return;
  const char *p = s;
  for (int i = 0; i < lines && *p; i++) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
    vet__buf_append(b, p, len);
    p += len;
  }
  free(s);
}

static void write_file(const char *dir, const char *name, const vet__buf *b) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  if (!f) return;
  fwrite(b->data, 1, b->len, f);
  fclose(f);
}

static void test_quirks(void) {
  char dir[] = "/tmp/vet_ofac_XXXXXX";
  REQUIRE(mkdtemp(dir));
  /* sdn.csv: the first three rows of the real 2021-07 file (36, 173, 306), a row in
   * Windows-1252 (0xC9 = É), a row repeating ent_num 36 and the DOS end-of-file byte. */
  vet__buf b = VET__BUF_INIT;
  head_lines(&b, OFAC("sdn-2021-07/sdn.csv"), 3);
  REQUIRE(b.len > 100);
  vet__buf_puts(&b, "99001,\"CAF\xC9 NOIR S.A.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
                    "\"a.k.a. 'CAF\xC9'.\"\r\n");
  vet__buf_puts(&b, "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
  vet__buf_puts(&b, "\x1A");
  write_file(dir, "sdn.csv", &b);
  /* alt.csv: the real first three rows (36, 173, 306), one for an ent_num sdn.csv does not list,
   * one with a non-numeric ent_num. add.csv: the real first row. */
  vet__buf_clear(&b);
  head_lines(&b, OFAC("sdn-2021-07/alt.csv"), 3);
  vet__buf_puts(&b, "424242,1,\"aka\",\"NOBODY\",-0- \r\nx12,2,\"aka\",\"BAD\",-0- \r\n");
  write_file(dir, "alt.csv", &b);
  vet__buf_clear(&b);
  head_lines(&b, OFAC("sdn-2021-07/add.csv"), 1);
  write_file(dir, "add.csv", &b);
  vet__buf_free(&b);

  run r;
  memset(&r, 0, sizeof r);
  vet_error err;
  CHECK_INT(read_into(&r, dir, 0, &err), 0);
  CHECK_INT(r.info.n_entities, 4);          /* 36, 173, 306, 99001 */
  CHECK_INT(r.info.n_names, 4 + 3 + 2);     /* 4 primary, 3 alt.csv aliases, BNC and CAFÉ */
  CHECK_INT(r.info.n_rejected, 3);
  CHECK_INT(r.rj.n, 3);
  if (r.rj.n == 3) {
    CHECK_STR(r.rj.where[0], "alt.csv:5");  /* x12: not a number (reported while indexing) */
    CHECK_STR(r.rj.where[1], "sdn.csv:5");  /* 36 again */
    CHECK_STR(r.rj.where[2], "alt.csv:4");  /* 424242: no such entity */
  }
  /* The note for the Windows-1252 line, and one for the missing sdn_comments.csv. */
  CHECK_INT(r.rj.notes, 2);
  run_free(&r);

  /* The converted name, read from the file alone. */
  char p[512];
  snprintf(p, sizeof p, "%s/sdn.csv", dir);
  memset(&r, 0, sizeof r);
  r.spot = NULL;
  CHECK_INT(read_into(&r, p, 0, &err), 0);
  CHECK_INT(r.info.n_entities, 4);
  CHECK_STR(r.rj.note_file, "sdn.csv:4");
  run_free(&r);

  for (const char *const *f = (const char *const[]){"sdn.csv", "alt.csv", "add.csv", NULL}; *f; f++) {
    snprintf(p, sizeof p, "%s/%s", dir, *f);
    unlink(p);
  }
  rmdir(dir);
}

/* A quote left open in a side file: the rest of that file is one reject at the line where the
 * record began; the primary file and the rows before it still load. */
static void test_open_quote(void) {
  char dir[] = "/tmp/vet_ofac_XXXXXX";
  REQUIRE(mkdtemp(dir));
  vet__buf b = VET__BUF_INIT;
  head_lines(&b, OFAC("sdn-2021-07/sdn.csv"), 3);
  write_file(dir, "sdn.csv", &b);
  vet__buf_clear(&b);
  head_lines(&b, OFAC("sdn-2021-07/alt.csv"), 3);       /* aliases of 36, 173, 306 */
  vet__buf_puts(&b, "306,9,\"aka\",\"NEVER CLOSED,-0- \r\n36,10,\"aka\",\"LOST\",-0- \r\n");
  write_file(dir, "alt.csv", &b);
  vet__buf_free(&b);
  run r;
  memset(&r, 0, sizeof r);
  vet_error err;
  CHECK_INT(read_into(&r, dir, 0, &err), 0);
  CHECK_INT(r.info.n_entities, 3);
  CHECK_INT(r.info.n_names, 3 + 3 + 1);   /* primaries, the 3 good aliases, BNC from remarks */
  CHECK_INT(r.info.n_rejected, 1);
  CHECK_STR(r.rj.where[0], "alt.csv:4");
  run_free(&r);
  char p[512];
  for (const char *const *f = (const char *const[]){"sdn.csv", "alt.csv", NULL}; *f; f++) {
    snprintf(p, sizeof p, "%s/%s", dir, *f);
    unlink(p);
  }
  rmdir(dir);
}

static int spot_cafe(run *r, const vet_entity *e) {
  (void)r;
  if (strcmp(e->source_id, "99001")) return 0;
  CHECK_STR(e->names[0].text, "CAF\xC3\x89 NOIR S.A.");
  CHECK(name_of(e, "CAF\xC3\x89") != NULL);
  return 1;
}

static void test_cp1252(void) {
  char dir[] = "/tmp/vet_ofac_XXXXXX";
  REQUIRE(mkdtemp(dir));
  vet__buf b = VET__BUF_INIT;
  head_lines(&b, OFAC("sdn-history/sdn-2024-03-05.csv"), 2);
  vet__buf_puts(&b, "99001,\"CAF\xC9 NOIR S.A.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
                    "\"a.k.a. 'CAF\xC9'.\"\r\n\x1A");
  char p[512];
  snprintf(p, sizeof p, "%s/sdn-2024-03-05.csv", dir);
  write_file(dir, "sdn-2024-03-05.csv", &b);
  vet__buf_free(&b);
  run r;
  memset(&r, 0, sizeof r);
  r.spot = spot_cafe;
  vet_error err;
  CHECK_INT(read_into(&r, p, 0, &err), 0);
  CHECK_INT(r.info.n_entities, 3);
  CHECK_INT(r.spots, 1);
  CHECK_STR(r.date, "2024-03-05");
  CHECK_INT(r.rj.notes, 1);
  CHECK_STR(r.rj.note_file, "sdn-2024-03-05.csv:3");
  run_free(&r);
  unlink(p);
  rmdir(dir);
}

/* XML that breaks: a bad entry is rejected at its line; a cut-off file fails naming its line. */
static void test_xml_bad(void) {
  char dir[] = "/tmp/vet_ofac_XXXXXX";
  REQUIRE(mkdtemp(dir));
  size_t n;
  char *real = slurp(OFAC("non-sdn-2018-04-xml/consolidated.xml"), &n);
  REQUIRE(real);
  const char *end = strstr(real, "</sdnEntry>");
  REQUIRE(end);
  /* The real head up to the end of the first entry (BANK MARKAZI, lines 1-60), then two bad ones. */
  vet__buf b = VET__BUF_INIT;
  vet__buf_append(&b, real, (size_t)(end - real) + strlen("</sdnEntry>"));
  unsigned long head_lines = 1;
  for (size_t i = 0; i < b.len; i++) head_lines += b.data[i] == '\n';
  vet__buf_puts(&b, "\n  <sdnEntry><uid>12a</uid><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry>"
                    "\n  <sdnEntry><uid>5</uid><sdnType>Entity</sdnType></sdnEntry>\n</sdnList>\n");
  write_file(dir, "bad.xml", &b);
  char p[512];
  snprintf(p, sizeof p, "%s/bad.xml", dir);
  run r;
  memset(&r, 0, sizeof r);
  vet_error err;
  CHECK_INT(read_into(&r, p, 0, &err), 0);
  CHECK_STR(r.format, "ofac-xml");
  CHECK_INT(r.info.n_entities, 1);
  CHECK_INT(r.info.n_rejected, 2);
  char want[64];
  snprintf(want, sizeof want, "bad.xml:%lu", head_lines + 1);
  CHECK_STR(r.rj.where[0], want);    /* uid 12a is not a number */
  snprintf(want, sizeof want, "bad.xml:%lu", head_lines + 2);
  CHECK_STR(r.rj.where[1], want);    /* no name */
  run_free(&r);

  /* Cut in the middle of the first entry. */
  vet__buf_clear(&b);
  vet__buf_append(&b, real, (size_t)(end - real) / 2);
  write_file(dir, "bad.xml", &b);
  memset(&r, 0, sizeof r);
  CHECK_INT(read_into(&r, p, 0, &err), VET_EFORMAT);
  CHECK(strstr(err.message, "bad.xml:") != NULL);
  CHECK_INT(r.lists, 0);
  run_free(&r);
  vet__buf_free(&b);
  free(real);
  unlink(p);
  rmdir(dir);
}

/* The sdn-history folder is no set: each of its six files is its own list. */
static void test_history_folder(void) {
  run r;
  memset(&r, 0, sizeof r);
  vet_error err;
  CHECK_INT(read_into(&r, OFAC("sdn-history"), 0, &err), 0);
  CHECK_INT(r.lists, 6);
  CHECK_STR(r.list_id, "ofac-sdn");
  CHECK_STR(r.date, "2024-05-03");          /* the last file read, in name order */
  CHECK_INT(r.info.n_entities, 14965);      /* 12-column rows of sdn-2024-05-03.csv */
  run_free(&r);
}

int main(void) {
  RUN(test_remarks_items);
  RUN(test_nonsdn_marks);
  RUN(test_sdn_set);
  RUN(test_nonsdn_set);
  RUN(test_history_file);
  RUN(test_xml);
  RUN(test_malformed);
  RUN(test_xml_bad);
  RUN(test_quirks);
  RUN(test_open_quote);
  RUN(test_cp1252);
  RUN(test_history_folder);
  return HARNESS_DONE();
}
