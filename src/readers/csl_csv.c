/* csl_csv.c — the trade.gov Consolidated Screening List (CSL), CSV.
 *
 * The CSL gathers eleven US export-screening lists (Commerce: Entity List,
 * Denied Persons, Unverified, Military End User; State: ITAR Debarred,
 * Nonproliferation; Treasury: SDN and the non-SDN lists) into one table,
 * one row per entry, with the originating list in the "source" column.
 *
 * Layouts. The current CSV has 29 columns starting with `_id`; the 2019
 * layout has 28 (no `_id`). Columns are found by header name, so both, and
 * any reordering, read the same. Header rows repeated inside the file (the
 * 2023 download starts with two) are recognized and skipped.
 *
 * Ids. source_id is `_id`. The old layout has none, so one is derived:
 * "<source code>-<entity_number>" where the row has an entity number
 * (Treasury rows: "SDN-20264"), else "<source code>-<16 hex digits of the
 * SHA-256 of source, name and addresses>" — stable as long as the row is.
 * The same `_id` may appear under two sources (Treasury gives an entity
 * on the SDN and on the PLC list one number); a repeated id gets
 * "-<source code>" appended (then "-2", "-3", ...) and a warning, so ids
 * stay unique within a list.
 *
 * Fields. source → source_list, the short code in the parentheses of the
 * long name ("Entity List (EL) - Bureau of Industry and Security" → "EL";
 * "(NS-MBS List)" → "NS-MBS"); the long name is kept as attr "source".
 * Multi-value fields are ";"-separated. ids are "type, number, country"
 * triples in the current layout and "country, number, type" in the old one
 * (country only where it is a two-letter code); "Gender, Male" entries are
 * attrs, not identifiers. federal_register_notice becomes citations (see
 * fr_citation.h). start_date is the listing date; source_list_url the
 * source url; title, call sign, vessel fields, end_date, standard_order,
 * entity_number and source_information_url are attrs.
 *
 * The format is UTF-8 by definition: a row with invalid UTF-8 is rejected,
 * as are rows with the wrong number of fields or broken quoting. */
#include "readers/reader.h"
#include "readers/textlist.h"
#include "readers/fr_citation.h"
#include "core/error.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  C_ID, C_SOURCE, C_ENTNUM, C_TYPE, C_PROGRAMS, C_NAME, C_TITLE, C_ADDRESSES, C_FRN,
  C_START, C_END, C_STDORDER, C_LICREQ, C_LICPOL, C_CALLSIGN, C_VTYPE, C_GT, C_GRT,
  C_VFLAG, C_VOWNER, C_REMARKS, C_LISTURL, C_ALT, C_CITIZEN, C_DOB, C_NATION, C_POB,
  C_INFOURL, C_IDS, C_COUNT
};

static const char *const col_names[C_COUNT] = {
  "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
  "federal_register_notice", "start_date", "end_date", "standard_order",
  "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
  "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
  "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
  "source_information_url", "ids",
};

/* Attributes kept as they are: column → attr key. */
static const struct { int col; const char *key; } attr_cols[] = {
  {C_TITLE, "title"}, {C_CALLSIGN, "call_sign"}, {C_VTYPE, "vessel_type"},
  {C_GT, "gross_tonnage"}, {C_GRT, "gross_registered_tonnage"}, {C_VFLAG, "vessel_flag"},
  {C_VOWNER, "vessel_owner"}, {C_END, "end_date"}, {C_STDORDER, "standard_order"},
  {C_ENTNUM, "entity_number"}, {C_INFOURL, "source_information_url"}, {C_SOURCE, "source"},
};

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  const char *nl = memchr(head, '\n', n);
  size_t len = nl ? (size_t)(nl - head) : n;
  if (vet__ascii_istr(head, len, "source") && vet__ascii_istr(head, len, "entity_number") &&
      vet__ascii_istr(head, len, "alt_names") && vet__ascii_istr(head, len, "federal_register_notice"))
    return 90;
  return 0;
}

/* "Entity List (EL) - Bureau of Industry and Security" → "EL" into out. */
static void source_code(const char *s, size_t n, char *out, size_t cap) {
  const char *open = memchr(s, '(', n);
  const char *close = open ? memchr(open, ')', n - (size_t)(open - s)) : NULL;
  const char *p;
  size_t len;
  if (open && close) {
    p = open + 1;
    len = (size_t)(close - p);
    if (len > 5 && vet__ascii_ncasecmp(p + len - 5, " list", 5) == 0) len -= 5;
  } else {
    /* No code: the name before " - <agency>". */
    p = s;
    const char *dash = vet__ascii_istr(s, n, " - ");
    len = dash ? (size_t)(dash - s) : n;
  }
  vet__trim(&p, &len);
  snprintf(out, cap, "%.*s", (int)len, p);
}

/* Calls fn for each trimmed, non-empty ";"-separated part of s[0..n). */
typedef int (*part_fn)(vet__eb *eb, const char *s, size_t n, void *arg);
static int each_part(vet__eb *eb, const char *s, size_t n, part_fn fn, void *arg) {
  size_t i = 0;
  while (i < n) {
    const char *semi = memchr(s + i, ';', n - i);
    size_t e = semi ? (size_t)(semi - s) : n;
    const char *p = s + i;
    size_t len = e - i;
    vet__trim(&p, &len);
    if (len) {
      int rc = fn(eb, p, len, arg);
      if (rc) return rc;
    }
    i = e + 1;
  }
  return 0;
}

static int add_alias(vet__eb *eb, const char *s, size_t n, void *arg) {
  (void)arg;
  return vet__eb_name(eb, s, n, VET_NAME_AKA, VET_STRENGTH_NORMAL, NULL, NULL);
}

static int add_strlist(vet__eb *eb, const char *s, size_t n, void *arg) {
  return vet__eb_strlist(eb, *(vet__eb_list_id *)arg, s, n);
}

static int add_birth(vet__eb *eb, const char *s, size_t n, void *arg) {
  (void)arg;
  return vet__eb_birth(eb, s, n);
}

static int is_code2(const char *s, size_t n) {
  return n == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* An address: the text as given; its last part is the country when it is
 * a two-letter code ("..., Beijing, 100033, CN"). */
static int add_address(vet__eb *eb, const char *s, size_t n, void *arg) {
  (void)arg;
  vet__arena *a = vet__eb_arena(eb);
  vet_address ad;
  memset(&ad, 0, sizeof ad);
  ad.text = vet__arena_strndup(a, s, n);
  if (!ad.text) return VET_ENOMEM;
  const char *comma = NULL;
  for (size_t i = n; i > 0; i--)
    if (s[i - 1] == ',') { comma = s + i - 1; break; }
  const char *c = comma ? comma + 1 : s;
  size_t cn = (size_t)(s + n - c);
  vet__trim(&c, &cn);
  if (is_code2(c, cn)) {
    ad.country_code = vet__arena_strndup(a, c, cn);
    ad.country = ad.country_code;
  }
  return vet__eb_address(eb, &ad);
}

/* One ids entry. Current layout: "type, number[, country]"; old layout:
 * "[country, ]number, type". A middle holding commas is kept whole. */
static int add_id(vet__eb *eb, const char *s, size_t n, void *arg) {
  int old = *(int *)arg;
  vet__arena *a = vet__eb_arena(eb);
  const char *first = memchr(s, ',', n);
  if (!first) return vet__eb_id(eb, NULL, vet__arena_strndup(a, s, n), NULL, NULL);
  const char *last = s + n - 1;
  while (last > first && *last != ',') last--;
  const char *type, *num, *country = NULL;
  size_t tn, nn, cn = 0;
  if (!old) {
    type = s;
    tn = (size_t)(first - s);
    const char *rest = first + 1;
    const char *c = last + 1;
    cn = (size_t)(s + n - c);
    vet__trim(&c, &cn);
    if (last > first && is_code2(c, cn)) {
      country = c;
      num = rest;
      nn = (size_t)(last - rest);
    } else {
      num = rest;
      nn = (size_t)(s + n - rest);
      cn = 0;
    }
  } else {
    type = last + 1;
    tn = (size_t)(s + n - type);
    const char *c = s;
    size_t l0 = (size_t)(first - s);
    vet__trim(&c, &l0);
    if (last > first && is_code2(c, l0)) {
      country = c;
      cn = l0;
      num = first + 1;
      nn = (size_t)(last - num);
    } else {
      num = s;
      nn = (size_t)(last - s);
    }
  }
  vet__trim(&type, &tn);
  vet__trim(&num, &nn);
  if (tn == 6 && vet__ascii_ncasecmp(type, "Gender", 6) == 0) return vet__eb_attr(eb, "gender", num, nn);
  char *t = vet__arena_strndup(a, type, tn), *nu = vet__arena_strndup(a, num, nn);
  char *co = country ? vet__arena_strndup(a, country, cn) : NULL;
  if (!t || !nu || (country && !co)) return VET_ENOMEM;
  return vet__eb_id(eb, t, nu, co, NULL);
}

typedef struct csl_state {
  vet__read_ctx *ctx;
  int col[C_COUNT];
  int old_layout;
  size_t nhdr;                 /* fields in the header */
  vet__strset ids;             /* source ids given so far */
} csl_state;

/* The row's source id into out: `_id`, or derived (see the design note),
 * made unique within the list. */
static int row_id(csl_state *st, const vet__csv_record *r, const char *code, char *out, size_t cap,
                  unsigned long line) {
  size_t n;
  const char *id = vet__record_field(r, st->col[C_ID], &n);
  vet__trim(&id, &n);
  if (n) {
    snprintf(out, cap, "%.*s", (int)n, id);
  } else {
    size_t en;
    const char *ent = vet__record_field(r, st->col[C_ENTNUM], &en);
    vet__trim(&ent, &en);
    if (en) {
      snprintf(out, cap, "%s-%.*s", code, (int)en, ent);
    } else {
      vet__buf key = VET__BUF_INIT;
      const int parts[] = {C_SOURCE, C_NAME, C_ADDRESSES};
      for (size_t i = 0; i < 3; i++) {
        size_t k;
        const char *f = vet__record_field(r, st->col[parts[i]], &k);
        vet__trim(&f, &k);
        if (vet__buf_append(&key, f, k) || vet__buf_putc(&key, '\t')) {
          vet__buf_free(&key);
          return VET_ENOMEM;
        }
      }
      char h[17];
      vet__short_hash(key.data, key.len, h);
      vet__buf_free(&key);
      snprintf(out, cap, "%s-%s", code, h);
    }
  }
  int rc = vet__strset_add(&st->ids, out, strlen(out), NULL);
  if (rc < 0) return rc;
  if (rc == 1) return 0;
  char base[160];
  snprintf(base, sizeof base, "%.150s", out);
  snprintf(out, cap, "%s-%s", base, code);
  for (int k = 2; (rc = vet__strset_add(&st->ids, out, strlen(out), NULL)) == 0; k++)
    snprintf(out, cap, "%s-%s-%d", base, code, k);
  if (rc < 0) return rc;
  vet__read_warn(st->ctx, NULL, line, "id \"%s\" is used by an earlier row; this %s row is \"%s\"",
                 base, code, out);
  return 0;
}

static int is_header(const csl_state *st, const vet__csv_record *r) {
  size_t n;
  const char *s = vet__record_field(r, st->col[C_SOURCE], &n);
  const char *nm = vet__record_field(r, st->col[C_NAME], NULL);
  return n == 6 && memcmp(s, "source", 6) == 0 && strcmp(nm, "name") == 0;
}

static int build_row(csl_state *st, const vet__csv_record *r) {
  vet__eb *eb = st->ctx->eb;
  int rc = vet__eb_begin(eb, "csl");
  if (rc) return rc;
  size_t n;
  const char *src = vet__record_field(r, st->col[C_SOURCE], &n);
  char code[64], id[320];
  source_code(src, n, code, sizeof code);
  if ((rc = row_id(st, r, code, id, sizeof id, r->line))) return rc;
  if ((rc = vet__eb_field(eb, VET__F_SOURCE_ID, id, strlen(id)))) return rc;
  if ((rc = vet__eb_field(eb, VET__F_SOURCE_LIST, code, strlen(code)))) return rc;
  const char *s = vet__record_field(r, st->col[C_TYPE], &n);
  vet__eb_type(eb, n ? vet_entity_type_parse(s) : VET_TYPE_UNKNOWN);

  s = vet__record_field(r, st->col[C_NAME], &n);
  if ((rc = vet__eb_name(eb, s, n, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL))) return rc;
  s = vet__record_field(r, st->col[C_ALT], &n);
  if ((rc = each_part(eb, s, n, add_alias, NULL))) return rc;
  s = vet__record_field(r, st->col[C_ADDRESSES], &n);
  if ((rc = each_part(eb, s, n, add_address, NULL))) return rc;
  static const struct { int col; vet__eb_list_id list; } lists[] = {
    {C_CITIZEN, VET__SL_CITIZENSHIP}, {C_NATION, VET__SL_NATIONALITY},
    {C_POB, VET__SL_PLACE_OF_BIRTH}, {C_PROGRAMS, VET__SL_PROGRAM},
  };
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
    vet__eb_list_id list = lists[i].list;
    s = vet__record_field(r, st->col[lists[i].col], &n);
    if ((rc = each_part(eb, s, n, add_strlist, &list))) return rc;
  }
  s = vet__record_field(r, st->col[C_DOB], &n);
  if ((rc = each_part(eb, s, n, add_birth, NULL))) return rc;
  s = vet__record_field(r, st->col[C_IDS], &n);
  if ((rc = each_part(eb, s, n, add_id, &st->old_layout))) return rc;
  s = vet__record_field(r, st->col[C_FRN], &n);
  if ((rc = vet__fr_citations(eb, s, n, NULL))) return rc;

  static const struct { int col; vet__eb_field_id field; } fields[] = {
    {C_START, VET__F_LISTING_DATE}, {C_LICREQ, VET__F_LICENSE_REQUIREMENT},
    {C_LICPOL, VET__F_LICENSE_POLICY}, {C_REMARKS, VET__F_REMARKS}, {C_LISTURL, VET__F_SOURCE_URL},
  };
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    s = vet__record_field(r, st->col[fields[i].col], &n);
    if ((rc = vet__eb_field(eb, fields[i].field, s, n))) return rc;
  }
  for (size_t i = 0; i < sizeof attr_cols / sizeof *attr_cols; i++) {
    s = vet__record_field(r, st->col[attr_cols[i].col], &n);
    if ((rc = vet__eb_attr(eb, attr_cols[i].key, s, n))) return rc;
  }
  return 0;
}

static int read_list(vet__read_ctx *ctx) {
  vet__text t;
  int rc = vet__text_decode(ctx, &t, 1);
  if (rc) return vet__error_at(ctx->err, rc, ctx->path, 0, "out of memory");
  csl_state st;
  memset(&st, 0, sizeof st);
  st.ctx = ctx;
  vet__strset_init(&st.ids);
  ctx->info.list_id = "csl";
  ctx->info.name = "Consolidated Screening List (trade.gov)";
  ctx->info.date = vet__date_from_path(ctx, ctx->path);

  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, t.data, t.n, ',');
  int have_header = 0;
  for (;;) {
    size_t pos = (size_t)(c.p - t.data);
    int got = vet__csv_next(&c, &r);
    if (got == 0) break;
    if (got == VET_ENOMEM) { rc = vet__error_at(ctx->err, VET_ENOMEM, ctx->path, 0, "out of memory"); break; }
    if (got == VET_ETRUNCATED) {
      if ((rc = vet__read_reject(ctx, NULL, r.line, "%s", c.error))) break;
      if (!vet__csv_resume_after(&c, t.data + pos, r.line)) break;
      continue;
    }
    if (!have_header) {
      for (int i = 0; i < C_COUNT; i++) st.col[i] = vet__header_col(&r, col_names[i]);
      if (st.col[C_SOURCE] < 0 || st.col[C_NAME] < 0) {
        rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, r.line,
                           "not a CSL header: no \"source\" or \"name\" column");
        break;
      }
      st.old_layout = st.col[C_ID] < 0;
      st.nhdr = r.n;
      have_header = 1;
      if (st.old_layout)
        vet__text_note(ctx, r.line, "older %zu-column CSL layout (no _id): ids are derived", r.n);
      continue;
    }
    if (is_header(&st, &r)) {
      vet__text_note(ctx, r.line, "repeated header row skipped");
      continue;
    }
    long bad;
    if (r.n != st.nhdr) {
      rc = vet__read_reject(ctx, NULL, r.line, "%zu fields where the header has %zu", r.n, st.nhdr);
    } else if (r.bad_quote) {
      rc = vet__read_reject(ctx, NULL, r.line, "broken quoting: text after a closing quote");
    } else if ((bad = vet__fields_utf8_bad(&r)) >= 0) {
      const char *what = "?";
      for (int i = 0; i < C_COUNT; i++)
        if (st.col[i] == (int)bad) what = col_names[i];
      rc = vet__read_reject(ctx, NULL, r.line, "invalid UTF-8 in field %ld (%s)", bad + 1, what);
    } else {
      rc = build_row(&st, &r);
      if (rc == VET_ENOMEM) rc = vet__error_at(ctx->err, rc, ctx->path, r.line, "out of memory");
      else if (rc == 0) rc = vet__read_emit(ctx, NULL, r.line);
    }
    if (rc) break;
  }
  if (rc == 0 && !have_header)
    rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0, "no CSL header row");
  vet__csv_free(&c);
  vet__strset_free(&st.ids);
  vet__text_free(&t);
  return rc;
}

const vet__reader vet__reader_csl_csv = {
  "csl-csv", "trade.gov Consolidated Screening List, CSV (current 29-column and 2019 28-column layouts)",
  sniff, NULL, read_list,
};
