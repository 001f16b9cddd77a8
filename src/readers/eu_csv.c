/* eu_csv.c — the EU financial sanctions list (FSF), CSV format v1.0.
 *
 * The v1.0 CSV is the flattening of a join: one ";"-separated row per
 * (entity × one name, address, birth, identity document or citizenship),
 * each row repeating the entity's columns (Entity_logical_id, Subject_type,
 * Leba_* — the legal act —, Programme, Entity_remark, EU_ref_num) and
 * filling one of the Naal_*, Addr_*, Birt_*, Iden_*, Citi_* blocks (the
 * one whose *_logical_id is set). Columns are found by header name (the
 * first "Entity_logical_id" is the entity's; the others repeat it). The
 * rows of one Entity_logical_id are one entity, collected with an index
 * pass (textlist.h) so they need not be adjacent.
 *
 * Spreadsheet re-saves. The copy we test with was opened and saved by a
 * spreadsheet: every line became one quoted field ("...;...;...\t\t\t")
 * with inner quotes doubled and tab padding inside the quotes, commas in
 * fields turned into tabs, and the text into Windows-1252 (letters outside
 * it, Greek and some Czech, are "?" in the file and cannot be recovered).
 * The reader therefore parses each line with ";" and, when a line is a
 * single quoted field holding ";", parses that field's text again (the CSV
 * reader has already undone the doubled quotes), after dropping trailing
 * blanks; trailing empty fields beyond the header's count are dropped; a
 * tab inside a field is read as ", ". Unwrapped files read the same way.
 *
 * Mapping. source_id = Entity_logical_id; Subject_type P/E → person /
 * organization. Names: Naal_wholename (else first, middle and last name);
 * the first name whose Naal_language is empty or EN is the primary name,
 * else the first name; all others are AKA. Naal_title, Naal_function,
 * Naal_gender → attrs title, function, gender. Addr_number + Addr_street →
 * street, Addr_zipcode, Addr_city, Addr_country (ISO alpha-3 as given),
 * Addr_other → note. Birt_date (ISO; "N/A" is no date) → birth,
 * Birt_place + Birt_country → place of birth. Iden_number "AD001095
 * (passport-National passport) ((passport))" → number "AD001095", type
 * "National passport", note the rest; Iden_country. Citi_country →
 * citizenship. Programme → programs; Entity_remark → remarks (its literal
 * "\n" become line breaks); EU_ref_num → attr eu_ref_num. Every legal act
 * (Leba_numtitle, Leba_publication_date) is a citation; the earliest
 * publication date is the listing date, its Leba_url the source url.
 * Date_file (DD/MM/YYYY) is the list's date.
 *
 * Cut files. The test file is the first 999 rows of the list, so its last
 * entity may have lost rows. A reader cannot see that from the rows; it
 * emits the last entity as it is, and warns that it may be incomplete when
 * the file looks cut: it does not end with a line break, or its line count
 * is a round hundred (as "first N rows" extracts are). */
#include "readers/reader.h"
#include "readers/textlist.h"
#include "core/error.h"
#include "core/text.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  E_DATEFILE, E_ENTITY, E_SUBJECT, E_LEBA_NUM, E_LEBA_DATE, E_LEBA_URL, E_PROGRAMME, E_REMARK,
  E_NAAL_ID, E_LASTNAME, E_FIRSTNAME, E_MIDDLENAME, E_WHOLENAME, E_GENDER, E_TITLE, E_FUNCTION,
  E_LANGUAGE, E_ADDR_ID, E_ADDR_NUMBER, E_STREET, E_ZIP, E_CITY, E_ADDR_COUNTRY, E_ADDR_OTHER,
  E_BIRT_ID, E_BIRT_DATE, E_BIRT_PLACE, E_BIRT_COUNTRY, E_IDEN_ID, E_IDEN_NUMBER, E_IDEN_COUNTRY,
  E_CITI_ID, E_CITI_COUNTRY, E_REFNUM, E_COUNT
};

static const char *const col_names[E_COUNT] = {
  "Date_file", "Entity_logical_id", "Subject_type", "Leba_numtitle", "Leba_publication_date",
  "Leba_url", "Programme", "Entity_remark", "Naal_logical_id", "Naal_lastname", "Naal_firstname",
  "Naal_middlename", "Naal_wholename", "Naal_gender", "Naal_title", "Naal_function",
  "Naal_language", "Addr_logical_id", "Addr_number", "Addr_street", "Addr_zipcode", "Addr_city",
  "Addr_country", "Addr_other", "Birt_logical_id", "Birt_date", "Birt_place", "Birt_country",
  "Iden_logical_id", "Iden_number", "Iden_country", "Citi_logical_id", "Citi_country",
  "EU_ref_num",
};

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  const char *nl = memchr(head, '\n', n);
  size_t len = nl ? (size_t)(nl - head) : n;
  if (vet__ascii_istr(head, len, "Entity_logical_id") && vet__ascii_istr(head, len, "Naal_wholename") &&
      memchr(head, ';', len))
    return 90;
  return 0;
}

typedef struct eu_state {
  vet__read_ctx *ctx;
  vet__text t;
  vet__csv outer, inner;
  vet__buf unwrapped;
  int col[E_COUNT];
  size_t nhdr;
  vet__buf primary;
  vet__buf scratch;
} eu_state;

/* Reads the record at the reader's position (or at `off` when off !=
 * (size_t)-1) into *rec, unwrapping a spreadsheet-wrapped line. *wrapped
 * (may be NULL) says whether it was. Returns as vet__csv_next(). */
static int next_row(eu_state *st, size_t off, unsigned long line, vet__csv_record *rec, int *wrapped) {
  int got = off == (size_t)-1 ? vet__csv_next(&st->outer, rec)
                              : vet__csv_at(&st->outer, st->t.data, st->t.n, ';', off, line, rec);
  if (wrapped) *wrapped = 0;
  if (got != 1) return got;
  if (!(rec->n == 1 && rec->f[0].quoted && memchr(rec->f[0].s, ';', rec->f[0].n))) return 1;
  if (wrapped) *wrapped = 1;
  const char *s = rec->f[0].s;
  size_t n = rec->f[0].n;
  while (n && (s[n - 1] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\r')) n--;
  vet__buf_clear(&st->unwrapped);
  if (vet__buf_append(&st->unwrapped, s, n)) return VET_ENOMEM;
  unsigned long l = rec->line, el = rec->end_line;
  int bad_quote = rec->bad_quote;
  got = vet__csv_at(&st->inner, st->unwrapped.data ? st->unwrapped.data : "", st->unwrapped.len,
                    ';', 0, l, rec);
  if (got == 0) {
    memset(rec, 0, sizeof *rec);
    rec->line = l;
    return 1;
  }
  if (got != 1) {
    rec->line = l;
    st->outer.error = st->inner.error;
    return got;
  }
  rec->line = l;
  rec->end_line = el;
  rec->bad_quote |= bad_quote;
  return 1;
}

/* Field i, trimmed, with the re-save's tabs read as ", " (into scratch
 * when there is a tab). Out of memory, "" and the entity's arena marked:
 * vet__read_emit() then fails the read rather than lose the field. */
static const char *nomem(eu_state *st, size_t *n) {
  vet__arena_fail(vet__eb_arena(st->ctx->eb));
  *n = 0;
  return "";
}
static const char *fld(eu_state *st, const vet__csv_record *r, int col, size_t *n) {
  const char *s = vet__record_field(r, st->col[col], n);
  vet__trim(&s, n);
  if (!memchr(s, '\t', *n)) return s;
  vet__buf_clear(&st->scratch);
  for (size_t i = 0; i < *n; i++) {
    if (s[i] != '\t') {
      if (vet__buf_putc(&st->scratch, s[i])) return nomem(st, n);
      continue;
    }
    if (vet__buf_puts(&st->scratch, i + 1 < *n && s[i + 1] == ' ' ? "," : ", ")) return nomem(st, n);
  }
  *n = st->scratch.len;
  return st->scratch.data;
}

static int is_set(eu_state *st, const vet__csv_record *r, int col) {
  size_t n;
  fld(st, r, col, &n);
  return n > 0;
}

/* The name of a Naal row into st->scratch; returns its text (borrowed). */
static const char *row_name(eu_state *st, const vet__csv_record *r, size_t *n) {
  const char *s = fld(st, r, E_WHOLENAME, n);
  if (*n) return s;
  vet__buf nm = VET__BUF_INIT;
  static const int parts[] = {E_FIRSTNAME, E_MIDDLENAME, E_LASTNAME};
  for (int i = 0; i < 3; i++) {
    size_t k;
    const char *p = fld(st, r, parts[i], &k);
    if (!k) continue;
    if ((nm.len && vet__buf_putc(&nm, ' ')) || vet__buf_append(&nm, p, k)) break;
  }
  vet__buf_clear(&st->scratch);
  vet__buf_append(&st->scratch, nm.data ? nm.data : "", nm.len);
  vet__buf_free(&nm);
  *n = st->scratch.len;
  return st->scratch.data ? st->scratch.data : "";
}

/* "AD001095 (passport-National passport) ((passport))": number, type, note. */
static int add_iden(vet__eb *eb, const char *s, size_t n, const char *country, size_t cn) {
  vet__arena *a = vet__eb_arena(eb);
  const char *open = memchr(s, '(', n);
  const char *num = s, *type = NULL, *note = NULL;
  size_t nn = open ? (size_t)(open - s) : n, tn = 0, notel = 0;
  if (open) {
    const char *close = memchr(open, ')', n - (size_t)(open - s));
    if (close) {
      const char *dash = memchr(open, '-', (size_t)(close - open));
      type = dash ? dash + 1 : open + 1;
      tn = (size_t)(close - type);
      note = close + 1;
      notel = (size_t)(s + n - note);
      vet__trim(&note, &notel);
    }
  }
  vet__trim(&num, &nn);
  if (!nn) return 0;
  char *nu = vet__arena_strndup(a, num, nn);
  char *ty = type ? vet__arena_strndup(a, type, tn) : NULL;
  char *no = notel ? vet__arena_strndup(a, note, notel) : NULL;
  char *co = cn ? vet__arena_strndup(a, country, cn) : NULL;
  if (!nu || (type && !ty) || (notel && !no) || (cn && !co)) return VET_ENOMEM;
  return vet__eb_id(eb, ty, nu, co, no);
}

static int add_row(eu_state *st, const vet__csv_record *r, int *primary_done) {
  vet__eb *eb = st->ctx->eb;
  vet__arena *a = vet__eb_arena(eb);
  size_t n, k;
  const char *s;
  int rc = 0;
  if (!*primary_done && st->primary.len) {
    if ((rc = vet__eb_name(eb, st->primary.data, st->primary.len, VET_NAME_PRIMARY,
                           VET_STRENGTH_NORMAL, NULL, NULL))) return rc;
    *primary_done = 1;
  }
  /* The entity's own columns, repeated on every row. */
  s = fld(st, r, E_PROGRAMME, &n);
  if ((rc = vet__eb_strlist(eb, VET__SL_PROGRAM, s, n))) return rc;
  s = fld(st, r, E_REFNUM, &n);
  if ((rc = vet__eb_attr(eb, "eu_ref_num", s, n))) return rc;
  s = fld(st, r, E_REMARK, &n);
  if (n) {
    char *text = vet__arena_alloc(a, n + 1), *w = text;
    if (!text) return VET_ENOMEM;
    for (size_t i = 0; i < n; i++) {
      if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'n') { *w++ = '\n'; i++; }
      else *w++ = s[i];
    }
    *w = '\0';
    const char *old = vet__eb_get_field(eb, VET__F_REMARKS);
    if (!old || !strstr(old, text))
      if ((rc = vet__eb_field_append(eb, VET__F_REMARKS, text, strlen(text), "\n"))) return rc;
  }
  s = fld(st, r, E_LEBA_NUM, &n);
  char *act = n ? vet__arena_strndup(a, s, n) : NULL;
  if (n && !act) return VET_ENOMEM;
  const char *date = fld(st, r, E_LEBA_DATE, &k);
  char iso[11] = "";
  if (k == 10 && date[4] == '-' && date[7] == '-') {
    memcpy(iso, date, 10);
    iso[10] = '\0';
  }
  if (act && (rc = vet__eb_citation(eb, act, iso[0] ? iso : NULL))) return rc;
  if (iso[0]) {
    const char *old = vet__eb_get_field(eb, VET__F_LISTING_DATE);
    if (!old || strcmp(iso, old) < 0) {
      if ((rc = vet__eb_field(eb, VET__F_LISTING_DATE, iso, 10))) return rc;
      s = fld(st, r, E_LEBA_URL, &n);
      if ((rc = vet__eb_field(eb, VET__F_SOURCE_URL, s, n))) return rc;
    }
  }

  if (is_set(st, r, E_NAAL_ID)) {
    s = row_name(st, r, &n);
    if ((rc = vet__eb_name(eb, s, n, VET_NAME_AKA, VET_STRENGTH_NORMAL, NULL, NULL))) return rc;
    static const struct { int col; const char *key; } attrs[] = {
      {E_TITLE, "title"}, {E_FUNCTION, "function"}, {E_GENDER, "gender"},
    };
    for (size_t i = 0; i < 3; i++) {
      s = fld(st, r, attrs[i].col, &n);
      if ((rc = vet__eb_attr(eb, attrs[i].key, s, n))) return rc;
    }
  }
  if (is_set(st, r, E_ADDR_ID)) {
    vet_address ad;
    memset(&ad, 0, sizeof ad);
    size_t nn, sn;
    const char *num = fld(st, r, E_ADDR_NUMBER, &nn);
    char *numc = nn ? vet__arena_strndup(a, num, nn) : NULL;
    const char *street = fld(st, r, E_STREET, &sn);
    if (nn || sn) {
      char *t = vet__arena_alloc(a, nn + sn + 2);
      if (!t) return VET_ENOMEM;
      snprintf(t, nn + sn + 2, "%s%s%.*s", numc ? numc : "", nn && sn ? " " : "", (int)sn, street);
      ad.street = t;
    }
    static const struct { int col; size_t off; } parts[] = {
      {E_ZIP, offsetof(vet_address, postal_code)}, {E_CITY, offsetof(vet_address, city)},
      {E_ADDR_COUNTRY, offsetof(vet_address, country)}, {E_ADDR_OTHER, offsetof(vet_address, note)},
    };
    for (size_t i = 0; i < 4; i++) {
      s = fld(st, r, parts[i].col, &n);
      if (!n) continue;
      char *c = vet__arena_strndup(a, s, n);
      if (!c) return VET_ENOMEM;
      *(const char **)((char *)&ad + parts[i].off) = c;
    }
    if ((rc = vet__eb_address(eb, &ad))) return rc;
  }
  if (is_set(st, r, E_BIRT_ID)) {
    s = fld(st, r, E_BIRT_DATE, &n);
    if (n && !(n == 3 && vet__ascii_ncasecmp(s, "N/A", 3) == 0) && (rc = vet__eb_birth(eb, s, n))) return rc;
    size_t pn, cn;
    const char *place = fld(st, r, E_BIRT_PLACE, &pn);
    char *placec = pn && !(pn == 3 && vet__ascii_ncasecmp(place, "N/A", 3) == 0)
                       ? vet__arena_strndup(a, place, pn) : NULL;
    const char *country = fld(st, r, E_BIRT_COUNTRY, &cn);
    if (placec || cn) {
      size_t cap = (placec ? strlen(placec) : 0) + cn + 3;
      char *pob = vet__arena_alloc(a, cap);
      if (!pob) return VET_ENOMEM;
      snprintf(pob, cap, "%s%s%.*s", placec ? placec : "", placec && cn ? ", " : "", (int)cn, country);
      if ((rc = vet__eb_strlist(eb, VET__SL_PLACE_OF_BIRTH, pob, strlen(pob)))) return rc;
    }
  }
  if (is_set(st, r, E_IDEN_ID)) {
    size_t cn;
    const char *country = fld(st, r, E_IDEN_COUNTRY, &cn);
    char *cc = cn ? vet__arena_strndup(a, country, cn) : NULL;
    if (cn && !cc) return VET_ENOMEM;
    s = fld(st, r, E_IDEN_NUMBER, &n);
    if ((rc = add_iden(eb, s, n, cc, cn))) return rc;
  }
  if (is_set(st, r, E_CITI_ID)) {
    s = fld(st, r, E_CITI_COUNTRY, &n);
    if ((rc = vet__eb_strlist(eb, VET__SL_CITIZENSHIP, s, n))) return rc;
  }
  return 0;
}

static int emit_group(void *ud, const vet__groups *g, size_t from, size_t to) {
  eu_state *st = ud;
  vet__read_ctx *ctx = st->ctx;
  vet__eb *eb = ctx->eb;
  vet__csv_record r;
  int rc;
  unsigned long first_line = g->rows[from].line;
  /* Pass 1: the primary name and the type. */
  vet__buf_clear(&st->primary);
  int primary_en = 0;
  vet_entity_type type = VET_TYPE_UNKNOWN;
  for (size_t i = from; i < to; i++) {
    if ((rc = next_row(st, g->rows[i].off, g->rows[i].line, &r, NULL)) != 1)
      return vet__error_at(ctx->err, rc == VET_ENOMEM ? rc : VET_EFORMAT, ctx->path, g->rows[i].line,
                           "row changed between passes");
    size_t n;
    const char *s = fld(st, &r, E_SUBJECT, &n);
    if (type == VET_TYPE_UNKNOWN && n == 1)
      type = (s[0] == 'P' || s[0] == 'p') ? VET_TYPE_PERSON
           : (s[0] == 'E' || s[0] == 'e') ? VET_TYPE_ORGANIZATION : VET_TYPE_UNKNOWN;
    if (primary_en || !is_set(st, &r, E_NAAL_ID)) continue;
    size_t ln;
    const char *lang = fld(st, &r, E_LANGUAGE, &ln);
    int en = ln == 0 || (ln == 2 && vet__ascii_ncasecmp(lang, "EN", 2) == 0);
    if (st->primary.len && !en) continue;
    s = row_name(st, &r, &n);
    vet__trim(&s, &n);
    if (!n) continue;
    vet__buf_clear(&st->primary);
    if (vet__buf_append(&st->primary, s, n)) return VET_ENOMEM;
    primary_en = en;
  }
  if ((rc = vet__eb_begin(eb, "eu-fsf"))) return rc;
  if ((rc = next_row(st, g->rows[from].off, first_line, &r, NULL)) != 1)
    return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, first_line, "row changed between passes");
  size_t idn;
  const char *id = fld(st, &r, E_ENTITY, &idn);
  if ((rc = vet__eb_field(eb, VET__F_SOURCE_ID, id, idn))) return rc;
  vet__eb_type(eb, type);
  int primary_done = 0;
  for (size_t i = from; i < to; i++) {
    if ((rc = next_row(st, g->rows[i].off, g->rows[i].line, &r, NULL)) != 1)
      return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, g->rows[i].line, "row changed between passes");
    if ((rc = add_row(st, &r, &primary_done))) return rc;
  }
  return vet__read_emit(ctx, NULL, first_line);
}

static int read_rows(eu_state *st) {
  vet__read_ctx *ctx = st->ctx;
  vet__csv_record r;
  vet__groups g;
  vet__groups_init(&g);
  int rc = 0, have_header = 0;
  unsigned long last_line = 0;
  for (;;) {
    size_t pos = (size_t)(st->outer.p - st->t.data);
    int wrapped;
    int got = next_row(st, (size_t)-1, 0, &r, &wrapped);
    if (got == 0) break;
    if (got == VET_ENOMEM) { rc = vet__error_at(ctx->err, got, ctx->path, 0, "out of memory"); break; }
    if (got == VET_ETRUNCATED) {
      if ((rc = vet__read_reject(ctx, NULL, r.line, "%s", st->outer.error))) break;
      if (wrapped) continue; /* the outer line was whole; only its content was broken */
      if (!vet__csv_resume_after(&st->outer, st->t.data + pos, r.line)) break;
      continue;
    }
    last_line = r.end_line;
    if (!have_header) {
      for (int i = 0; i < E_COUNT; i++) st->col[i] = vet__header_col(&r, col_names[i]);
      if (st->col[E_DATEFILE] < 0) {
        /* The 2018 file spells it "Date_filexxxx". */
        size_t n;
        const char *s = vet__record_field(&r, 0, &n);
        if (vet__ascii_istarts(s, n, "Date_file")) st->col[E_DATEFILE] = 0;
      }
      if (st->col[E_ENTITY] < 0 || st->col[E_WHOLENAME] < 0) {
        rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, r.line,
                           "not an EU FSF header: no \"Entity_logical_id\" or \"Naal_wholename\" column");
        break;
      }
      st->nhdr = r.n;
      while (st->nhdr > 0 && r.f[st->nhdr - 1].n == 0) st->nhdr--;
      have_header = 1;
      if (wrapped)
        vet__text_note(ctx, r.line, "lines are wrapped in quotes (a spreadsheet re-save); unwrapped");
      continue;
    }
    /* Trailing empty fields beyond the header's count are padding. */
    size_t nf = r.n;
    while (nf > st->nhdr && r.f[nf - 1].n == 0) nf--;
    long bad;
    size_t idn;
    const char *id = vet__record_field(&r, st->col[E_ENTITY], &idn);
    vet__trim(&id, &idn);
    if (nf != st->nhdr) {
      rc = vet__read_reject(ctx, NULL, r.line, "%zu fields where the header has %zu", nf, st->nhdr);
    } else if (r.bad_quote) {
      rc = vet__read_reject(ctx, NULL, r.line, "broken quoting: text after a closing quote");
    } else if (st->t.check_rows && (bad = vet__fields_utf8_bad(&r)) >= 0) {
      rc = vet__read_reject(ctx, NULL, r.line, "invalid UTF-8 in field %ld", bad + 1);
    } else if (!idn) {
      rc = vet__read_reject(ctx, NULL, r.line, "row has no Entity_logical_id");
    } else {
      if (!ctx->info.date) {
        size_t dn;
        const char *d = vet__record_field(&r, st->col[E_DATEFILE], &dn);
        char iso[11];
        if (vet__dmy_to_iso(d, dn, 0, iso)) {
          memcpy(ctx->date_buf, iso, 11);
          ctx->info.date = ctx->date_buf;
        }
      }
      if (vet__groups_add(&g, id, idn, pos, r.line))
        rc = vet__error_at(ctx->err, VET_ENOMEM, ctx->path, r.line, "out of memory");
    }
    if (rc) break;
  }
  if (rc == 0 && !have_header) rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0, "no header row");
  if (rc == 0 && g.n) {
    int no_eol = st->t.n && st->t.data[st->t.n - 1] != '\n';
    if (no_eol || (last_line && last_line % 100 == 0)) {
      /* The group of the file's last row. */
      uint32_t last_group = 0;
      for (size_t i = 0; i < g.n; i++)
        if (g.rows[i].seq == g.n - 1) last_group = g.rows[i].group;
      vet__read_warn(ctx, NULL, last_line,
                     "the file looks cut (%s): entity %s, the last in the file, may be incomplete",
                     no_eol ? "no line break at its end" : "its line count is a round hundred",
                     g.keys.keys[last_group]);
    }
    rc = vet__groups_each(&g, ctx, emit_group, st);
  }
  vet__groups_free(&g);
  return rc;
}

static int read_list(vet__read_ctx *ctx) {
  eu_state st;
  memset(&st, 0, sizeof st);
  st.ctx = ctx;
  int rc = vet__text_decode(ctx, &st.t, 0);
  if (rc) return vet__error_at(ctx->err, rc, ctx->path, 0, "out of memory");
  ctx->info.list_id = "eu-fsf";
  ctx->info.name = "EU Financial Sanctions Files (consolidated list)";
  vet__csv_init(&st.outer, st.t.data, st.t.n, ';');
  vet__csv_init(&st.inner, "", 0, ';');
  rc = read_rows(&st);
  vet__csv_free(&st.outer);
  vet__csv_free(&st.inner);
  vet__buf_free(&st.unwrapped);
  vet__buf_free(&st.primary);
  vet__buf_free(&st.scratch);
  vet__text_free(&st.t);
  return rc;
}

const vet__reader vet__reader_eu_csv = {
  "eu-csv", "EU financial sanctions list, CSV v1.0 (';'-separated, one row per entity part)",
  sniff, NULL, read_list,
};
