/* uk_csv.c — the UK HM Treasury / OFSI consolidated list, CSV.
 *
 * Layout (the 2014 file; columns are found by header name):
 *
 *   Last Updated,02/04/2014                      <- the list's date
 *   Name 6,Name 1,...,Name 5,Title,DOB,Town of Birth,Country of Birth,
 *   Nationality,Passport Details,NI Number,Position,Address 1..6,
 *   Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,
 *   Listed On,Last Updated,Group ID
 *
 * One row per name (and per date of birth or address where a person has
 * several), grouped by Group ID: the rows of one Group ID are one entity,
 * and source_id is the Group ID. The rows of a group are not always
 * adjacent (747 of 2,297 groups in the 2014 file are split), so the reader
 * makes an index pass (group, offset, line per row; textlist.h), sorts it,
 * and builds each entity from its rows re-parsed in file order.
 *
 * Names: Name 1..Name 5 then Name 6 (the surname, or the whole name of an
 * entity), joined with spaces. The first "Prime Alias" row of a group gives
 * the primary name; other rows are AKA ("AKA") or FKA ("FKA"); a second
 * prime alias with another spelling is kept as an AKA (one primary name). A
 * group with no prime alias takes its first row's name, with a warning.
 *
 * DOB is DD/MM/YYYY with 00 for an unknown part: "00/00/1965" is the year
 * 1965, kept as text "1965"; "00/03/1965" is "1965-03"; a full date is
 * ISO. Town and Country of Birth form one place of birth. Passport Details
 * and NI Number are identifiers ("Passport", "National Insurance Number")
 * kept as published. Address 1..5 are the street, Address 6 the city, then
 * Post/Zip Code and Country. Group Type Individual/Entity/Ship →
 * person/organization/vessel. Regime → programs. Listed On → listing date
 * (the earliest of the group). Other Information → remarks. Title,
 * Position and the rows' Last Updated (the latest) are attrs.
 *
 * Encoding: the 2014 file is Windows-1252 (’ is byte 0x92). The file is
 * read as UTF-8 when it is valid UTF-8 or starts with a UTF-8 byte order
 * mark (then a row with invalid bytes is rejected), else as Windows-1252
 * with a note. */
#include "readers/reader.h"
#include "readers/textlist.h"
#include "core/error.h"
#include "core/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  U_N1, U_N2, U_N3, U_N4, U_N5, U_N6, U_TITLE, U_DOB, U_TOWN, U_COB, U_NATION, U_PASSPORT,
  U_NI, U_POSITION, U_A1, U_A2, U_A3, U_A4, U_A5, U_A6, U_POST, U_COUNTRY, U_OTHER,
  U_GTYPE, U_ATYPE, U_REGIME, U_LISTED, U_UPDATED, U_GROUP, U_COUNT
};

static const char *const col_names[U_COUNT] = {
  "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6", "Title", "DOB", "Town of Birth",
  "Country of Birth", "Nationality", "Passport Details", "NI Number", "Position", "Address 1",
  "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country",
  "Other Information", "Group Type", "Alias Type", "Regime", "Listed On", "Last Updated",
  "Group ID",
};

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
    head += 3;
    n -= 3;
  }
  size_t len = n < 4096 ? n : 4096;
  if (vet__ascii_istr(head, len, "Group ID") && vet__ascii_istr(head, len, "Alias Type") &&
      vet__ascii_istr(head, len, "Name 6"))
    return vet__ascii_istarts(head, n, "Last Updated") ? 95 : 85;
  return 0;
}

typedef struct uk_state {
  vet__read_ctx *ctx;
  vet__text t;
  vet__csv c;
  int col[U_COUNT];
  size_t nhdr;
  vet__buf name;          /* scratch: a row's joined name */
  vet__buf primary;       /* the group's primary name */
} uk_state;

static const char *trimmed(const vet__csv_record *r, int col, size_t *n) {
  const char *s = vet__record_field(r, col, n);
  vet__trim(&s, n);
  return s;
}

/* Name 1..5 then Name 6, joined with single spaces, into st->name. */
static int row_name(uk_state *st, const vet__csv_record *r) {
  vet__buf_clear(&st->name);
  static const int order[] = {U_N1, U_N2, U_N3, U_N4, U_N5, U_N6};
  for (size_t i = 0; i < 6; i++) {
    size_t n;
    const char *s = trimmed(r, st->col[order[i]], &n);
    if (!n) continue;
    if (st->name.len && vet__buf_putc(&st->name, ' ')) return VET_ENOMEM;
    if (vet__buf_append(&st->name, s, n)) return VET_ENOMEM;
  }
  return 0;
}

/* "DD/MM/YYYY" with 00 for unknown parts into d, text "YYYY[-MM[-DD]]"
 * in buf. Anything else is kept as text and parsed by vet__date_parse. */
static void uk_dob(const char *s, size_t n, char *buf, size_t cap, vet_date *d) {
  int v[3] = {0, 0, 0};
  int ok = n == 10 && s[2] == '/' && s[5] == '/';
  for (size_t i = 0; ok && i < 10; i++) {
    if (i == 2 || i == 5) continue;
    if (!isdigit((unsigned char)s[i])) ok = 0;
    else v[i < 2 ? 0 : i < 5 ? 1 : 2] = v[i < 2 ? 0 : i < 5 ? 1 : 2] * 10 + (s[i] - '0');
  }
  if (!ok || v[2] == 0 || v[1] > 12 || v[0] > 31 || (v[1] == 0 && v[0] != 0)) {
    snprintf(buf, cap, "%.*s", (int)n, s);
    vet__date_parse(buf, 0, d);
    return;
  }
  memset(d, 0, sizeof *d);
  if (v[1] == 0) snprintf(buf, cap, "%04d", v[2]);
  else if (v[0] == 0) snprintf(buf, cap, "%04d-%02d", v[2], v[1]);
  else snprintf(buf, cap, "%04d-%02d-%02d", v[2], v[1], v[0]);
  d->text = buf;
  d->year_from = d->year_to = v[2];
  d->month = v[1];
  d->day = v[0];
}

/* Adds what one row says to the entity. */
static int add_row(uk_state *st, const vet__csv_record *r, int *primary_done) {
  vet__eb *eb = st->ctx->eb;
  vet__arena *a = vet__eb_arena(eb);
  const int *col = st->col;
  size_t n;
  const char *s;
  int rc;
  if ((rc = row_name(st, r))) return rc;
  s = trimmed(r, col[U_ATYPE], &n);
  vet_name_kind kind = VET_NAME_AKA;
  if (n == 3 && vet__ascii_ncasecmp(s, "FKA", 3) == 0) kind = VET_NAME_FKA;
  else if (n == 3 && vet__ascii_ncasecmp(s, "NKA", 3) == 0) kind = VET_NAME_NKA;
  if (!*primary_done && st->primary.len) {
    if ((rc = vet__eb_name(eb, st->primary.data, st->primary.len, VET_NAME_PRIMARY,
                           VET_STRENGTH_NORMAL, NULL, NULL))) return rc;
    *primary_done = 1;
  }
  if ((rc = vet__eb_name(eb, st->name.data, st->name.len, kind, VET_STRENGTH_NORMAL, NULL, NULL)))
    return rc;

  s = trimmed(r, col[U_DOB], &n);
  if (n) {
    char buf[64];
    vet_date d;
    uk_dob(s, n, buf, sizeof buf, &d);
    if ((rc = vet__eb_birth_parsed(eb, &d))) return rc;
  }
  size_t tn, cn;
  const char *town = trimmed(r, col[U_TOWN], &tn), *cob = trimmed(r, col[U_COB], &cn);
  if (tn || cn) {
    char *pob = vet__arena_alloc(a, tn + cn + 3);
    if (!pob) return VET_ENOMEM;
    snprintf(pob, tn + cn + 3, "%.*s%s%.*s", (int)tn, town, tn && cn ? ", " : "", (int)cn, cob);
    if ((rc = vet__eb_strlist(eb, VET__SL_PLACE_OF_BIRTH, pob, strlen(pob)))) return rc;
  }
  s = trimmed(r, col[U_NATION], &n);
  if ((rc = vet__eb_strlist(eb, VET__SL_NATIONALITY, s, n))) return rc;
  s = trimmed(r, col[U_PASSPORT], &n);
  if (n && (rc = vet__eb_id(eb, "Passport", vet__arena_strndup(a, s, n), NULL, NULL))) return rc;
  s = trimmed(r, col[U_NI], &n);
  if (n && (rc = vet__eb_id(eb, "National Insurance Number", vet__arena_strndup(a, s, n), NULL, NULL)))
    return rc;

  /* The address: Address 1..5 the street, Address 6 the city. */
  vet__buf street = VET__BUF_INIT;
  for (int i = U_A1; i <= U_A5; i++) {
    s = trimmed(r, col[i], &n);
    if (!n) continue;
    if ((street.len && vet__buf_puts(&street, ", ")) || vet__buf_append(&street, s, n)) {
      vet__buf_free(&street);
      return VET_ENOMEM;
    }
  }
  vet_address ad;
  memset(&ad, 0, sizeof ad);
  ad.street = street.len ? vet__arena_strndup(a, street.data, street.len) : NULL;
  vet__buf_free(&street);
  s = trimmed(r, col[U_A6], &n);
  ad.city = n ? vet__arena_strndup(a, s, n) : NULL;
  s = trimmed(r, col[U_POST], &n);
  ad.postal_code = n ? vet__arena_strndup(a, s, n) : NULL;
  s = trimmed(r, col[U_COUNTRY], &n);
  ad.country = n ? vet__arena_strndup(a, s, n) : NULL;
  if ((rc = vet__eb_address(eb, &ad))) return rc;

  s = trimmed(r, col[U_REGIME], &n);
  if ((rc = vet__eb_strlist(eb, VET__SL_PROGRAM, s, n))) return rc;
  s = trimmed(r, col[U_TITLE], &n);
  if ((rc = vet__eb_attr(eb, "title", s, n))) return rc;
  s = trimmed(r, col[U_POSITION], &n);
  if ((rc = vet__eb_attr(eb, "position", s, n))) return rc;
  s = trimmed(r, col[U_OTHER], &n);
  if (n) {
    /* The rows of a group repeat the same text; keep each text once. */
    const char *old = vet__eb_get_field(eb, VET__F_REMARKS);
    char *text = vet__arena_strndup(a, s, n);
    if (!text) return VET_ENOMEM;
    if (!old || !strstr(old, text))
      if ((rc = vet__eb_field_append(eb, VET__F_REMARKS, s, n, " "))) return rc;
  }
  char iso[11];
  s = trimmed(r, col[U_LISTED], &n);
  if (vet__dmy_to_iso(s, n, 0, iso)) {
    const char *old = vet__eb_get_field(eb, VET__F_LISTING_DATE);
    if (!old || strcmp(iso, old) < 0) rc = vet__eb_field(eb, VET__F_LISTING_DATE, iso, 10);
  }
  if (rc) return rc;
  return 0;
}

/* Builds and emits the entity of the rows g->rows[from..to). */
static int emit_group(void *ud, const vet__groups *g, size_t from, size_t to) {
  uk_state *st = ud;
  vet__read_ctx *ctx = st->ctx;
  vet__eb *eb = ctx->eb;
  vet__csv_record r;
  int rc;
  /* Pass 1: the primary name, the group's type and id, the latest update. */
  vet__buf_clear(&st->primary);
  vet_entity_type type = VET_TYPE_UNKNOWN;
  char updated[11] = "";
  int prime_rows = 0;
  unsigned long first_line = g->rows[from].line;
  for (size_t i = from; i < to; i++) {
    rc = vet__csv_at(&st->c, st->t.data, st->t.n, ',', g->rows[i].off, g->rows[i].line, &r);
    if (rc != 1) return vet__error_at(ctx->err, rc == VET_ENOMEM ? rc : VET_EFORMAT, ctx->path,
                                      g->rows[i].line, "row changed between passes");
    size_t n;
    const char *s = trimmed(&r, st->col[U_ATYPE], &n);
    int prime = n == 11 && vet__ascii_ncasecmp(s, "Prime Alias", 11) == 0;
    /* The first prime alias, or failing one the first row. */
    if (i == from || (prime && !prime_rows)) {
      if ((rc = row_name(st, &r))) return rc;
      vet__buf_clear(&st->primary);
      if (vet__buf_append(&st->primary, st->name.data, st->name.len)) return VET_ENOMEM;
    }
    prime_rows += prime;
    if (type == VET_TYPE_UNKNOWN) {
      s = trimmed(&r, st->col[U_GTYPE], &n);
      if (n == 4 && vet__ascii_ncasecmp(s, "Ship", 4) == 0) type = VET_TYPE_VESSEL;
      else if (n) type = vet_entity_type_parse(s);
    }
    char iso[11];
    s = trimmed(&r, st->col[U_UPDATED], &n);
    if (vet__dmy_to_iso(s, n, 0, iso) && strcmp(iso, updated) > 0) memcpy(updated, iso, 11);
  }
  if (!prime_rows)
    vet__read_warn(ctx, NULL, first_line, "group has no \"Prime Alias\" row; its first name is the primary name");

  if ((rc = vet__eb_begin(eb, "uk-ofsi"))) return rc;
  size_t idn;
  rc = vet__csv_at(&st->c, st->t.data, st->t.n, ',', g->rows[from].off, g->rows[from].line, &r);
  if (rc != 1) return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, first_line, "row changed between passes");
  const char *id = trimmed(&r, st->col[U_GROUP], &idn);
  if ((rc = vet__eb_field(eb, VET__F_SOURCE_ID, id, idn))) return rc;
  vet__eb_type(eb, type);
  if (updated[0] && (rc = vet__eb_attr(eb, "last_updated", updated, 10))) return rc;
  /* Pass 2: everything, the primary name first. */
  int primary_done = 0;
  for (size_t i = from; i < to; i++) {
    rc = vet__csv_at(&st->c, st->t.data, st->t.n, ',', g->rows[i].off, g->rows[i].line, &r);
    if (rc != 1) return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, g->rows[i].line, "row changed between passes");
    if ((rc = add_row(st, &r, &primary_done))) return rc;
  }
  return vet__read_emit(ctx, NULL, first_line);
}

static int read_rows(uk_state *st) {
  vet__read_ctx *ctx = st->ctx;
  vet__csv_record r;
  vet__groups g;
  vet__groups_init(&g);
  int rc = 0, have_header = 0;
  for (;;) {
    size_t pos = (size_t)(st->c.p - st->t.data);
    int got = vet__csv_next(&st->c, &r);
    if (got == 0) break;
    if (got == VET_ENOMEM) { rc = vet__error_at(ctx->err, got, ctx->path, 0, "out of memory"); break; }
    if (got == VET_ETRUNCATED) {
      if ((rc = vet__read_reject(ctx, NULL, r.line, "%s", st->c.error))) break;
      if (!vet__csv_resume_after(&st->c, st->t.data + pos, r.line)) break;
      continue;
    }
    if (!have_header) {
      size_t n;
      const char *s = vet__record_field(&r, 0, &n);
      if (vet__ascii_istarts(s, n, "Last Updated")) {
        /* "Last Updated,DD/MM/YYYY": the list's date. */
        char iso[11];
        size_t dn;
        const char *d = vet__record_field(&r, 1, &dn);
        if (vet__dmy_to_iso(d, dn, 0, iso)) {
          memcpy(ctx->date_buf, iso, 11);
          ctx->info.date = ctx->date_buf;
        }
        continue;
      }
      for (int i = 0; i < U_COUNT; i++) st->col[i] = vet__header_col(&r, col_names[i]);
      if (st->col[U_GROUP] < 0 || st->col[U_N6] < 0) {
        rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, r.line,
                           "not a UK consolidated list header: no \"Group ID\" or \"Name 6\" column");
        break;
      }
      st->nhdr = r.n;
      have_header = 1;
      continue;
    }
    long bad;
    size_t idn;
    const char *id = vet__record_field(&r, st->col[U_GROUP], &idn);
    vet__trim(&id, &idn);
    if (r.n != st->nhdr) {
      rc = vet__read_reject(ctx, NULL, r.line, "%zu fields where the header has %zu", r.n, st->nhdr);
    } else if (r.bad_quote) {
      rc = vet__read_reject(ctx, NULL, r.line, "broken quoting: text after a closing quote");
    } else if (st->t.check_rows && (bad = vet__fields_utf8_bad(&r)) >= 0) {
      rc = vet__read_reject(ctx, NULL, r.line, "invalid UTF-8 in field %ld", bad + 1);
    } else if (!idn) {
      rc = vet__read_reject(ctx, NULL, r.line, "row has no Group ID");
    } else if (vet__groups_add(&g, id, idn, pos, r.line)) {
      rc = vet__error_at(ctx->err, VET_ENOMEM, ctx->path, r.line, "out of memory");
    }
    if (rc) break;
  }
  if (rc == 0 && !have_header) rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0, "no header row");
  if (rc == 0) {
    rc = vet__groups_each(&g, ctx, emit_group, st);
  }
  vet__groups_free(&g);
  return rc;
}

static int read_list(vet__read_ctx *ctx) {
  uk_state st;
  memset(&st, 0, sizeof st);
  st.ctx = ctx;
  int rc = vet__text_decode(ctx, &st.t, 0);
  if (rc) return vet__error_at(ctx->err, rc, ctx->path, 0, "out of memory");
  ctx->info.list_id = "uk-ofsi";
  ctx->info.name = "UK HM Treasury / OFSI Consolidated List";
  vet__csv_init(&st.c, st.t.data, st.t.n, ',');
  rc = read_rows(&st);
  vet__csv_free(&st.c);
  vet__buf_free(&st.name);
  vet__buf_free(&st.primary);
  vet__text_free(&st.t);
  return rc;
}

const vet__reader vet__reader_uk_csv = {
  "uk-csv", "UK HM Treasury / OFSI consolidated list, CSV (one row per name, grouped by Group ID)",
  sniff, NULL, read_list,
};
