/* bis_dpl.c — the BIS Denied Persons List (DPL), tab-separated text.
 *
 * BIS publishes the DPL as one table: a header row, then one row per
 * (person or firm, address) with every field in double quotes and tabs
 * between them:
 *
 *   Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
 *   Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation
 *
 * A person with two addresses is two rows; the DPL does not say they are
 * one, so each row is one entity, as BIS lists them. Columns are found by
 * header name. Dates are MM/DD/YYYY (Effective_Date becomes the listing
 * date, ISO) except Last_Update, which is already ISO. FR_Citation is
 * parsed into citations (fr_citation.h). The DPL says nothing of entity
 * type, so entities are of unknown type.
 *
 * Names. A few names carry another name inside: "SIBERIAN AIRLINES D/B/A S7
 * AIRLINES", "PEARL (A.K.A. NEI-CHIEN CHU) LI". The name before "D/B/A",
 * "A.K.A." or "F/K/A" (with a parenthesized alias cut out and the rest
 * closed up) is the primary name, the other one an alias of the matching
 * kind (split_name()).
 *
 * Ids. The DPL has none. source_id is the first 16 hex digits of the
 * SHA-256 of name, street, city, state, country, postal code and effective
 * date joined by tabs (after trimming): stable while the row's identity is,
 * and unaffected by Action or Last_Update edits. The ids must be unique in
 * a list, so they are checked: a row identical in every field to an
 * earlier one (the 2022-09 file has two such pairs) adds nothing and is
 * skipped with a warning; a different row whose key collides gets "-2",
 * "-3", ... appended, with a warning.
 *
 * The DPL carries no as-of date (Last_Update is per row, and has typos
 * such as "3017-08-22"), so the list's date comes only from a
 * YYYY-MM-DD in the file name.
 *
 * Encoding: UTF-8 when the bytes are UTF-8 (the 2022 file is ASCII), else
 * Windows-1252 with a note. */
#include "readers/reader.h"
#include "readers/textlist.h"
#include "readers/fr_citation.h"
#include "core/error.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

enum { D_NAME, D_STREET, D_CITY, D_STATE, D_COUNTRY, D_POSTAL, D_EFFECTIVE, D_EXPIRATION,
       D_STDORDER, D_LASTUPDATE, D_ACTION, D_FR, D_COUNT };

static const char *const col_names[D_COUNT] = {
  "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
  "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
};

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  const char *nl = memchr(head, '\n', n);
  size_t len = nl ? (size_t)(nl - head) : n;
  if (memchr(head, '\t', len) && vet__ascii_istr(head, len, "Street_Address") &&
      vet__ascii_istr(head, len, "Effective_Date") && vet__ascii_istr(head, len, "FR_Citation"))
    return 90;
  return 0;
}

static const char *trimmed(const vet__csv_record *r, int col, size_t *n) {
  const char *s = vet__record_field(r, col, n);
  vet__trim(&s, n);
  return s;
}

/* The identity key of a row (see the design note) into key. */
static int row_key(const int *col, const vet__csv_record *r, vet__buf *key, int all) {
  vet__buf_clear(key);
  int last = all ? D_COUNT : D_EFFECTIVE + 1;
  for (int i = 0; i < last; i++) {
    if (!all && i > D_POSTAL && i != D_EFFECTIVE) continue;
    size_t n;
    const char *s = trimmed(r, col[i], &n);
    if (vet__buf_append(key, s, n) || vet__buf_putc(key, '\t')) return VET_ENOMEM;
  }
  return 0;
}

/* Where marker m (e.g. "A.K.A.") stands in s[0..n) as a word: its offset, or n. */
static size_t find_marker(const char *s, size_t n, const char *m) {
  size_t ml = strlen(m);
  for (size_t i = 0; i + ml <= n; i++)
    if (!memcmp(s + i, m, ml) && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(') &&
        (i + ml == n || s[i + ml] == ' '))
      return i;
  return n;
}

static size_t trim_len(const char *s, size_t n) {
  while (n && (s[n - 1] == ' ' || s[n - 1] == ',')) n--;
  return n;
}

/* Adds the row's name: the primary, and the alias a D/B/A, A.K.A. or F/K/A
 * marker introduces (see the note at the top). */
static int split_name(vet__eb *eb, const char *s, size_t n) {
  static const struct { const char *m; vet_name_kind kind; } markers[] = {
    {"D/B/A", VET_NAME_AKA}, {"A.K.A.", VET_NAME_AKA}, {"F/K/A", VET_NAME_FKA},
  };
  for (size_t k = 0; k < sizeof markers / sizeof *markers; k++) {
    size_t at = find_marker(s, n, markers[k].m);
    if (at == n) continue;
    size_t after = at + strlen(markers[k].m);
    while (after < n && s[after] == ' ') after++;
    int rc;
    if (at > 0 && s[at - 1] == '(') {   /* "PEARL (A.K.A. NEI-CHIEN CHU) LI" */
      size_t close = after;
      while (close < n && s[close] != ')') close++;
      if (close == n) continue;
      size_t open = at - 1, end = close + 1;
      char buf[512];
      size_t l1 = trim_len(s, open), l2 = n - end;
      const char *rest = s + end;
      while (l2 && *rest == ' ') rest++, l2--;
      if (l1 + 1 + l2 >= sizeof buf || !l1) continue;
      memcpy(buf, s, l1);
      size_t l = l1;
      if (l2) buf[l++] = ' ';
      memcpy(buf + l, rest, l2);
      l += l2;
      if ((rc = vet__eb_name(eb, buf, l, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL))) return rc;
      return vet__eb_name(eb, s + after, trim_len(s + after, close - after), markers[k].kind,
                          VET_STRENGTH_NORMAL, NULL, NULL);
    }
    size_t l1 = trim_len(s, at), l2 = trim_len(s + after, n - after);
    if (!l1 || !l2) continue;
    if ((rc = vet__eb_name(eb, s, l1, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL))) return rc;
    return vet__eb_name(eb, s + after, l2, markers[k].kind, VET_STRENGTH_NORMAL, NULL, NULL);
  }
  return vet__eb_name(eb, s, n, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
}

static int build_row(vet__read_ctx *ctx, const int *col, const vet__csv_record *r, const char *id) {
  vet__eb *eb = ctx->eb;
  int rc = vet__eb_begin(eb, "bis-dpl");
  if (rc) return rc;
  size_t n;
  const char *s;
  if ((rc = vet__eb_field(eb, VET__F_SOURCE_ID, id, strlen(id)))) return rc;
  s = trimmed(r, col[D_NAME], &n);
  if ((rc = split_name(eb, s, n))) return rc;

  vet__arena *a = vet__eb_arena(eb);
  vet_address ad;
  memset(&ad, 0, sizeof ad);
  const char **parts[] = {&ad.street, &ad.city, &ad.state, &ad.country, &ad.postal_code};
  const int cols[] = {D_STREET, D_CITY, D_STATE, D_COUNTRY, D_POSTAL};
  for (int i = 0; i < 5; i++) {
    s = trimmed(r, col[cols[i]], &n);
    if (n && !(*parts[i] = vet__arena_strndup(a, s, n))) return VET_ENOMEM;
  }
  if ((rc = vet__eb_address(eb, &ad))) return rc;

  char iso[11];
  s = trimmed(r, col[D_EFFECTIVE], &n);
  if (vet__dmy_to_iso(s, n, 1, iso)) rc = vet__eb_field(eb, VET__F_LISTING_DATE, iso, 10);
  else if (n) rc = vet__eb_attr(eb, "effective_date", s, n);
  if (rc) return rc;
  s = trimmed(r, col[D_EXPIRATION], &n);
  if (vet__dmy_to_iso(s, n, 1, iso)) rc = vet__eb_attr(eb, "expiration_date", iso, 10);
  else rc = vet__eb_attr(eb, "expiration_date", s, n);
  if (rc) return rc;
  static const struct { int col; const char *key; } attrs[] = {
    {D_STDORDER, "standard_order"}, {D_LASTUPDATE, "last_update"}, {D_ACTION, "action"},
  };
  for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++) {
    s = trimmed(r, col[attrs[i].col], &n);
    if ((rc = vet__eb_attr(eb, attrs[i].key, s, n))) return rc;
  }
  s = vet__record_field(r, col[D_FR], &n);
  return vet__fr_citations(eb, s, n, NULL);
}

static int read_list(vet__read_ctx *ctx) {
  vet__text t;
  int rc = vet__text_decode(ctx, &t, 0);
  if (rc) return vet__error_at(ctx->err, rc, ctx->path, 0, "out of memory");
  ctx->info.list_id = "bis-dpl";
  ctx->info.name = "BIS Denied Persons List";
  ctx->info.date = vet__date_from_path(ctx, ctx->path);

  int col[D_COUNT];
  size_t nhdr = 0;
  vet__csv c;
  vet__csv_record r;
  vet__strset ids, rows;          /* ids given; whole rows seen */
  vet__strset_init(&ids);
  vet__strset_init(&rows);
  vet__buf key = VET__BUF_INIT;
  vet__csv_init(&c, t.data, t.n, '\t');
  int have_header = 0;
  for (;;) {
    size_t pos = (size_t)(c.p - t.data);
    int got = vet__csv_next(&c, &r);
    if (got == 0) break;
    if (got == VET_ENOMEM) { rc = vet__error_at(ctx->err, got, ctx->path, 0, "out of memory"); break; }
    if (got == VET_ETRUNCATED) {
      if ((rc = vet__read_reject(ctx, NULL, r.line, "%s", c.error))) break;
      if (!vet__csv_resume_after(&c, t.data + pos, r.line)) break;
      continue;
    }
    if (!have_header) {
      for (int i = 0; i < D_COUNT; i++) col[i] = vet__header_col(&r, col_names[i]);
      if (col[D_NAME] < 0) {
        rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, r.line, "not a DPL header: no \"Name\" column");
        break;
      }
      nhdr = r.n;
      have_header = 1;
      continue;
    }
    long bad;
    if (r.n != nhdr) {
      rc = vet__read_reject(ctx, NULL, r.line, "%zu fields where the header has %zu", r.n, nhdr);
    } else if (r.bad_quote) {
      rc = vet__read_reject(ctx, NULL, r.line, "broken quoting: text after a closing quote");
    } else if (t.check_rows && (bad = vet__fields_utf8_bad(&r)) >= 0) {
      rc = vet__read_reject(ctx, NULL, r.line, "invalid UTF-8 in field %ld", bad + 1);
    } else {
      /* Exact repeats of an earlier row add nothing. */
      uint32_t first;
      if ((rc = row_key(col, &r, &key, 1)) == 0 &&
          (rc = vet__strset_add(&rows, key.data, key.len, &first)) == 0) {
        vet__read_warn(ctx, NULL, r.line, "row repeats an earlier row exactly; skipped");
        continue;
      }
      if (rc < 0) { rc = vet__error_at(ctx->err, rc, ctx->path, r.line, "out of memory"); break; }
      char id[32], h[17];
      if ((rc = row_key(col, &r, &key, 0))) { rc = vet__error_at(ctx->err, rc, ctx->path, r.line, "out of memory"); break; }
      vet__short_hash(key.data, key.len, h);
      snprintf(id, sizeof id, "%s", h);
      int k = 1;
      while ((rc = vet__strset_add(&ids, id, strlen(id), NULL)) == 0) snprintf(id, sizeof id, "%s-%d", h, ++k);
      if (rc < 0) { rc = vet__error_at(ctx->err, rc, ctx->path, r.line, "out of memory"); break; }
      if (k > 1) vet__read_warn(ctx, NULL, r.line, "derived id %s collides with an earlier row; this row is %s", h, id);
      rc = build_row(ctx, col, &r, id);
      if (rc == VET_ENOMEM) rc = vet__error_at(ctx->err, rc, ctx->path, r.line, "out of memory");
      else if (rc == 0) rc = vet__read_emit(ctx, NULL, r.line);
    }
    if (rc) break;
  }
  if (rc == 0 && !have_header) rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0, "no DPL header row");
  vet__buf_free(&key);
  vet__strset_free(&ids);
  vet__strset_free(&rows);
  vet__csv_free(&c);
  vet__text_free(&t);
  return rc;
}

const vet__reader vet__reader_bis_dpl = {
  "bis-dpl", "BIS Denied Persons List, tab-separated text with a header", sniff, NULL, read_list,
};
