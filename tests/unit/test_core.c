/* test_core.c — the building blocks: CSV reader, dates, countries, UTF-8,
 * the entity builder and vet's own JSONL list format. */
#include "harness.h"
#include "io/csv.h"
#include "core/text.h"
#include "model/builder.h"
#include "vet.h"

static void test_csv_quirks(void) {
  const char *in = "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\n\"multi\nline\",x\"y,\"z\"tail\n\"open";
  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, in, strlen(in), ',');
  REQUIRE(vet__csv_next(&c, &r) == 1);
  CHECK_INT(r.n, 3);
  CHECK_STR(r.f[1].s, "b,1");
  CHECK_STR(r.f[2].s, "say \"hi\"");
  CHECK_INT(r.line, 1);
  REQUIRE(vet__csv_next(&c, &r) == 1);
  CHECK_INT(r.line, 3);            /* the blank line 2 is skipped */
  CHECK_STR(r.f[0].s, "multi\nline");
  CHECK_STR(r.f[1].s, "x\"y");     /* stray quote kept as text */
  CHECK_STR(r.f[2].s, "ztail");
  CHECK(r.bad_quote);
  CHECK_INT(r.end_line, 4);
  CHECK_INT(vet__csv_next(&c, &r), VET_ETRUNCATED);
  CHECK_INT(r.line, 5);
  vet__csv_free(&c);

  vet__csv_init(&c, "x\ty\t\n", 5, '\t');
  REQUIRE(vet__csv_next(&c, &r) == 1);
  CHECK_INT(r.n, 3);
  CHECK_INT(r.f[2].n, 0);
  CHECK_INT(vet__csv_next(&c, &r), 0);
  vet__csv_free(&c);
}

static void test_csv_resume(void) {
  /* An unclosed quote on line 2 swallows the rest; resuming costs that one row. */
  const char *in = "a,b\n\"broken,c\nd,e\nf,g\n";
  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, in, strlen(in), ',');
  REQUIRE(vet__csv_next(&c, &r) == 1);
  const char *start = c.p;
  CHECK_INT(vet__csv_next(&c, &r), VET_ETRUNCATED);
  CHECK_INT(r.line, 2);
  CHECK_INT(vet__csv_resume_after(&c, start, r.line), 1);
  REQUIRE(vet__csv_next(&c, &r) == 1);
  CHECK_INT(r.line, 3);
  CHECK_STR(r.f[0].s, "d");
  REQUIRE(vet__csv_next(&c, &r) == 1);
  CHECK_INT(r.line, 4);
  CHECK_INT(vet__csv_next(&c, &r), 0);
  CHECK_INT(vet__csv_resume_after(&c, in + strlen(in) - 1, 4), 0);
  vet__csv_free(&c);
}

static void test_dates(void) {
  vet_date d;
  CHECK(vet__date_parse("1965", 0, &d));
  CHECK_INT(d.year_from, 1965);
  CHECK_INT(d.year_to, 1965);
  CHECK(vet__date_parse("circa 1970", 0, &d));
  CHECK(d.approximate);
  CHECK_INT(d.year_from, 1970);
  CHECK(vet__date_parse("between 1958 and 1963", 0, &d));
  CHECK_INT(d.year_from, 1958);
  CHECK_INT(d.year_to, 1963);
  CHECK(vet__date_parse("12 Mar 1971", 0, &d));
  CHECK_INT(d.month, 3);
  CHECK_INT(d.day, 12);
  CHECK(vet__date_parse("1971-03-12", 0, &d));
  CHECK_INT(d.month, 3);
  CHECK_INT(d.day, 12);
  CHECK(vet__date_parse("12/03/1971", 0, &d));
  CHECK_INT(d.month, 3);
  CHECK(vet__date_parse("03/12/1971", 1, &d));
  CHECK_INT(d.month, 3);
  CHECK_INT(d.day, 12);
  CHECK(vet__date_parse("01 Jan 1958 to 31 Dec 1959", 0, &d));
  CHECK_INT(d.year_from, 1958);
  CHECK_INT(d.year_to, 1959);
  CHECK_INT(d.month, 0);
  CHECK(!vet__date_parse("unknown", 0, &d));
  CHECK_STR(d.text, "unknown");
}

static void test_countries(void) {
  CHECK_STR(vet__country_code("Iran", 4), "IR");
  CHECK_STR(vet__country_code("Iran (Islamic Republic of)", 26), "IR");
  CHECK_STR(vet__country_code("RUSSIA", 6), "RU");
  CHECK_STR(vet__country_code("Korea, North", 12), "KP");
  CHECK_STR(vet__country_code("Côte d'Ivoire", strlen("Côte d'Ivoire")), "CI");
  CHECK_STR(vet__country_code("Israel", 6), "IL");
  CHECK(vet__country_code("Atlantis", 8) == NULL);
}

static void test_utf8(void) {
  CHECK_INT(vet__utf8_invalid_at("abc", 3), 3);
  CHECK_INT(vet__utf8_invalid_at("a\xC3\xA9z", 4), 4);
  CHECK_INT(vet__utf8_invalid_at("ab\xE9z", 4), 2);     /* Latin-1 byte */
  CHECK_INT(vet__utf8_invalid_at("\xED\xA0\x80", 3), 0); /* surrogate */
  vet__buf b = VET__BUF_INIT;
  CHECK(vet__cp1252_to_utf8(&b, "caf\xE9 \x93q\x94", 8) == 0);
  CHECK_STR(b.data, "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D");
  vet__buf_free(&b);
}

static void test_builder(void) {
  vet__eb *eb = vet__eb_new();
  REQUIRE(eb);
  vet__eb_begin(eb, "test");
  vet__eb_name(eb, "  Alias One ", 12, VET_NAME_AKA, VET_STRENGTH_WEAK, NULL, NULL);
  vet__eb_name(eb, "Primary", 7, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  vet__eb_name(eb, "Alias One", 9, VET_NAME_AKA, VET_STRENGTH_WEAK, NULL, NULL);
  vet__eb_name(eb, "", 0, VET_NAME_AKA, VET_STRENGTH_NORMAL, NULL, NULL);
  vet_address a = {0};
  a.city = "Tehran";
  a.country = "Iran";
  vet__eb_address(eb, &a);
  vet__eb_field(eb, VET__F_SOURCE_ID, "42", 2);
  const vet_entity *e = vet__eb_finish(eb);
  CHECK_INT(e->n_names, 2);
  CHECK_STR(e->names[0].text, "Primary");
  CHECK_STR(e->names[1].text, "Alias One");
  CHECK_INT(e->n_addresses, 1);
  CHECK_STR(e->addresses[0].text, "Tehran, Iran");
  CHECK_STR(e->addresses[0].country_code, "IR");
  CHECK_STR(e->source_id, "42");
  vet__eb_begin(eb, "test");
  e = vet__eb_finish(eb);
  CHECK_INT(e->n_names, 0);
  vet__eb_free(eb);
}

typedef struct seen { int entities; int lists; const char *nso_country; } seen;
static int on_entity(void *ud, const vet_entity *e) {
  seen *s = ud;
  s->entities++;
  if (!strcmp(e->source_id, "IL:nso-group")) s->nso_country = e->addresses[0].country_code;
  return 0;
}
static void on_list(void *ud, const vet_list_info *li) {
  seen *s = ud;
  s->lists++;
  CHECK_STR(li->list_id, "bis-el");
  CHECK_STR(li->date, "2021-11-04");
  CHECK_INT(li->n_entities, 4);
  CHECK_INT(li->n_names, 4 + 7 + 1);   /* four primary names, Candiru's seven aliases, COSEINC */
  CHECK(li->checksum && !strncmp(li->checksum, "sha256:", 7));
}

static void test_shipped_list(void) {
  seen s = {0, 0, NULL};
  vet_read_callbacks cb = {on_entity, on_list, NULL, &s};
  vet_error err;
  CHECK_INT(vet_read_path(VET_SOURCE_DIR "/data", NULL, &cb, &err), 0);
  CHECK_INT(s.entities, 4);
  CHECK_INT(s.lists, 1);
  CHECK_STR(s.nso_country, "IL");
}

int main(void) {
  RUN(test_csv_quirks);
  RUN(test_csv_resume);
  RUN(test_dates);
  RUN(test_countries);
  RUN(test_utf8);
  RUN(test_builder);
  RUN(test_shipped_list);
  return HARNESS_DONE();
}
