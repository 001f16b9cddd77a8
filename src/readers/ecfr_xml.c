/* ecfr_xml.c — the Entity List as published in the eCFR ("ecfr-xml").
 *
 * The eCFR's XML for 15 CFR part 744 holds the whole part; the Entity List
 * is the table of the appendix <DIV9 N="Supplement No. 4 to Part 744">.
 * Each <TR> of its <TBODY> is one entry with five <TD>: country (blank when
 * it is the same as the row above), entity text (name, aliases, addresses;
 * parsed by el_cell.c), license requirement, license review policy, and the
 * Federal Register citations with their dates. The <THEAD> and the <TFOOT>
 * footnotes are not entries. A cell may list more than one entry (lines
 * starting "Subordinate institution", italic names after "Affiliated
 * entities:"), each emitted on its own with a remark naming the entry it is
 * part of; a row whose last three cells are empty continues the row above
 * and shares its license cells and citations (docs/LISTS.md).
 *
 * Each entry is keyed "<ISO2>:<slug of the primary name>" (model/el_key.h);
 * two entries with the same key in one file get "-2", "-3", ... in file
 * order, with a warning. listing_date is the earliest citation date. The
 * type is organization when a name holds a word only organizations use
 * ("Ltd.", "Institute", ...), else unknown: the list does not say, and the
 * absence of such a word does not make a person (docs/LISTS.md).
 *
 * The list's date: the eCFR writes its "as of" date into the hierarchy
 * metadata path ("/on/2026-03-25/title-15/..."); files fetched from the
 * "current" view carry the placeholder "_SUBSTITUTE_DATE_" instead, and then
 * the date in the file name is used.
 *
 * Rows are expanded one at a time from the streaming reader. */
#include "readers/reader.h"
#include "readers/xml_stream.h"
#include "readers/el_cell.h"
#include "model/el_key.h"
#include "core/error.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#define LIST_ID "bis-el"
#define SUPPLEMENT "Supplement No. 4 to Part 744"

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  if (vet__ascii_istr(head, n, "<DIV5") && vet__ascii_istr(head, n, "N=\"744\"")) return 90;
  return 0;
}

/* Keys handed out so far, for the duplicate check: a small open-addressing
 * set of malloc'd strings owned by the read. */
typedef struct keyset {
  char **slot;
  size_t cap, n;
} keyset;

static unsigned long hash_str(const char *s) {
  unsigned long h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

static int keyset_has(const keyset *k, const char *s) {
  if (!k->cap) return 0;
  for (size_t i = hash_str(s) & (k->cap - 1);; i = (i + 1) & (k->cap - 1)) {
    if (!k->slot[i]) return 0;
    if (!strcmp(k->slot[i], s)) return 1;
  }
}

static int keyset_add(keyset *k, const char *s) {
  if ((k->n + 1) * 2 > k->cap) {
    size_t cap = k->cap ? k->cap * 2 : 1024;
    char **v = calloc(cap, sizeof *v);
    if (!v) return VET_ENOMEM;
    for (size_t i = 0; i < k->cap; i++) {
      if (!k->slot[i]) continue;
      size_t j = hash_str(k->slot[i]) & (cap - 1);
      while (v[j]) j = (j + 1) & (cap - 1);
      v[j] = k->slot[i];
    }
    free(k->slot);
    k->slot = v;
    k->cap = cap;
  }
  size_t j = hash_str(s) & (k->cap - 1);
  while (k->slot[j]) j = (j + 1) & (k->cap - 1);
  if (!(k->slot[j] = strdup(s))) return VET_ENOMEM;
  k->n++;
  return 0;
}

static void keyset_free(keyset *k) {
  for (size_t i = 0; i < k->cap; i++) free(k->slot[i]);
  free(k->slot);
}

typedef struct state {
  vet__read_ctx *ctx;
  char country[128];        /* the country heading carried down */
  char parent[512];         /* the last entry that is not a subordinate institution */
  vet__buf req, pol, cit;   /* the last full row's license requirement, policy, citations */
  keyset keys;
  vet__buf tmp;
} state;

/* Builds and emits the entity of one entity text (a whole cell, or one
 * subordinate institution of it), with the row's other cells from st->req,
 * st->pol and st->cit. `parent`: the entry this one is listed under, or NULL. */
static int entity(state *st, const char *text, size_t len, unsigned long line, const char *parent) {
  vet__read_ctx *ctx = st->ctx;
  vet__eb *eb = ctx->eb;
  vet__arena *a = vet__eb_arena(eb);
  if (vet__eb_begin(eb, LIST_ID)) return VET_ENOMEM;
  vet__el_cell ec;
  if (vet__el_cell_parse(a, text, len, &ec)) return VET_ENOMEM;
  if (!ec.name) return vet__read_reject(ctx, NULL, line, "no entity name could be read in \"%.80s\"", text);
  if (ec.announced >= 0 && (size_t)ec.announced != ec.n_listed)
    vet__read_warn(ctx, NULL, line, "\"%s\": the text announces %d aliases but %zu were read",
                   ec.name, ec.announced, ec.n_listed);
  if (ec.doubt) vet__read_warn(ctx, NULL, line, "\"%s\": %s", ec.name, ec.doubt);
  int rc = vet__eb_name(eb, ec.name, strlen(ec.name), VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  for (size_t i = 0; i < ec.n_aliases && !rc; i++)
    rc = vet__eb_name(eb, ec.aliases[i].text, strlen(ec.aliases[i].text), ec.aliases[i].kind,
                      VET_STRENGTH_NORMAL, NULL, NULL);
  for (size_t i = 0; i < ec.n_addresses && !rc; i++) {
    vet_address ad;
    memset(&ad, 0, sizeof ad);
    ad.text = ec.addresses[i];
    ad.country = st->country;
    rc = vet__eb_address(eb, &ad);
  }
  if (!rc && parent) {
    vet__buf r = VET__BUF_INIT;
    rc = vet__buf_printf(&r, "Listed as part of the entry for %s.", parent) ? VET_ENOMEM
         : vet__eb_field(eb, VET__F_REMARKS, r.data, r.len);
    vet__buf_free(&r);
  }
  if (!rc && ec.remarks) rc = vet__eb_field_append(eb, VET__F_REMARKS, ec.remarks, strlen(ec.remarks), " ");
  vet__eb_type(eb, ec.organization || parent ? VET_TYPE_ORGANIZATION : VET_TYPE_UNKNOWN);
  if (rc) return VET_ENOMEM;

  rc = vet__eb_field(eb, VET__F_LICENSE_REQUIREMENT, st->req.data, st->req.len);
  if (!rc) rc = vet__eb_field(eb, VET__F_LICENSE_POLICY, st->pol.data, st->pol.len);
  vet_citation *cit = NULL;
  size_t n_cit = 0;
  if (!rc) rc = vet__el_citations_parse(a, st->cit.data ? st->cit.data : "", st->cit.len, &cit, &n_cit);
  const char *first = NULL;
  for (size_t i = 0; i < n_cit && !rc; i++) {
    rc = vet__eb_citation(eb, cit[i].text, cit[i].date);
    if (cit[i].date && (!first || strcmp(cit[i].date, first) < 0)) first = cit[i].date;
  }
  if (!rc && n_cit == 0)
    vet__read_warn(ctx, NULL, line, "\"%s\": no Federal Register citation could be read in \"%.60s\"",
                   ec.name, st->cit.data ? st->cit.data : "");
  if (!rc && first) rc = vet__eb_field(eb, VET__F_LISTING_DATE, first, strlen(first));
  static const char url[] =
      "https://www.ecfr.gov/current/title-15/part-744/appendix-Supplement%20No.%204%20to%20Part%20744";
  if (!rc) rc = vet__eb_field(eb, VET__F_SOURCE_URL, url, sizeof url - 1);
  if (rc) return VET_ENOMEM;

  /* The key, made unique within the file. */
  const char *cc = vet__el_country_code(st->country);
  vet__buf key = VET__BUF_INIT;
  rc = vet__el_key(cc, ec.name, strlen(ec.name), &key);
  if (!rc && keyset_has(&st->keys, key.data)) {
    size_t base = key.len;
    for (int k = 2; !rc; k++) {
      key.len = base;
      key.data[base] = '\0';
      if (vet__buf_printf(&key, "-%d", k)) rc = VET_ENOMEM;
      else if (!keyset_has(&st->keys, key.data)) break;
    }
    if (!rc) vet__read_warn(ctx, NULL, line, "\"%s\" under %s has the same key as an earlier row; keyed %s",
                            ec.name, st->country, key.data);
  }
  if (!rc) rc = keyset_add(&st->keys, key.data);
  if (!rc) rc = vet__eb_field(eb, VET__F_SOURCE_ID, key.data, key.len);
  vet__buf_free(&key);
  if (rc) return VET_ENOMEM;
  if (!parent) snprintf(st->parent, sizeof st->parent, "%s", ec.name);
  return vet__read_emit(ctx, NULL, line);
}

/* A line that starts with "Subordinate institution" or "Affiliated
 * entities": the start of another institution (or of a run of affiliates,
 * one a line) listed in the same cell. Returns the length of the marker
 * with what separates it from the text, or 0; *affiliates is set for the
 * latter kind. */
static size_t subordinate_at(const char *t, size_t i, int *affiliates) {
  static const char *const marks[] = {"Subordinate institution", "Affiliated entities"};
  if (i > 0 && t[i - 1] != '\n') return 0;
  size_t i0 = i;
  if (t[i] == VET__EL_ITALIC) i++;
  for (size_t m = 0; m < 2; m++) {
    size_t ml = strlen(marks[m]);
    if (!vet__ascii_istarts(t + i, strlen(t + i), marks[m])) continue;
    size_t k = i + ml;
    if (t[k] == ':') k++;
    if (t[k] == VET__EL_ITALIC_END) k++;
    if (t[k] == ':') k++;
    if (t[k] != ' ' && t[k] != '\n' && t[k]) return 0;
    while (t[k] == ' ' || t[k] == '\n') k++;
    *affiliates = m == 1;
    return k - i0;
  }
  return 0;
}

/* In a run of affiliates, each starts a line of its own with its name in
 * italics. */
static int affiliate_break(const char *t, size_t i, size_t start) {
  if (t[i] != '\n' || i == start) return 0;
  size_t k = i + 1;
  while (t[k] == ' ') k++;
  return t[k] == VET__EL_ITALIC;
}

static int row(state *st, xmlNodePtr tr) {
  vet__read_ctx *ctx = st->ctx;
  unsigned long line = vet__xml_line(tr);
  xmlNodePtr td[5];
  int n = 0;
  for (xmlNodePtr c = tr->children; c; c = c->next)
    if (vet__xml_is(c, "TD") || vet__xml_is(c, "TH")) {
      if (n < 5) td[n] = c;
      n++;
    }
  if (n != 5) return vet__read_reject(ctx, NULL, line, "Entity List row has %d cells, expected 5", n);
  vet__buf_clear(&st->tmp);
  if (vet__el_cell_text(&st->tmp, td[0], 0)) return VET_ENOMEM;
  int letters = 0;
  for (size_t i = 0; i < st->tmp.len && !letters; i++)
    letters = (st->tmp.data[i] >= 'A' && st->tmp.data[i] <= 'Z') || (st->tmp.data[i] >= 'a' && st->tmp.data[i] <= 'z');
  if (letters) snprintf(st->country, sizeof st->country, "%s", st->tmp.data);
  if (!st->country[0]) return vet__read_reject(ctx, NULL, line, "Entity List row before any country");
  /* A row whose last three cells are empty continues the entry above
   * (subordinate institutions, affiliates): it shares that entry's license
   * requirement, policy and citations. */
  vet__buf req = VET__BUF_INIT, pol = VET__BUF_INIT, cit = VET__BUF_INIT;
  if (vet__el_cell_text(&req, td[2], 0) || vet__el_cell_text(&pol, td[3], 0) ||
      vet__el_cell_text(&cit, td[4], 0)) {
    vet__buf_free(&req);
    vet__buf_free(&pol);
    vet__buf_free(&cit);
    return VET_ENOMEM;
  }
  int continuation = !req.len && !pol.len && !cit.len && st->parent[0];
  if (!continuation) {
    vet__buf_free(&st->req);
    vet__buf_free(&st->pol);
    vet__buf_free(&st->cit);
    st->req = req;
    st->pol = pol;
    st->cit = cit;
  } else {
    vet__buf_free(&req);
    vet__buf_free(&pol);
    vet__buf_free(&cit);
  }
  vet__buf_clear(&st->tmp);
  if (vet__el_cell_text(&st->tmp, td[1], 1)) return VET_ENOMEM;
  const char *t = st->tmp.data;
  if (!st->tmp.len) return vet__read_reject(ctx, NULL, line, "Entity List row has an empty entity cell");
  if (continuation && vet__ascii_istarts(t, st->tmp.len, "The following addresses apply")) {
    vet__read_warn(ctx, NULL, line, "a row that only adds addresses to the entry for %s is not "
                   "attached to it (the entry was already read)", st->parent);
    return 0;
  }
  /* A cell may list several subordinate institutions, each its own entry. */
  size_t start = 0, i = 0;
  int sub = 0, rc = 0, affiliates = 0;
  for (;; i++) {
    int aff = affiliates;
    size_t m = t[i] ? subordinate_at(t, i, &aff) : 0;
    int split = m || (affiliates && affiliate_break(t, i, start));
    if (split && !m) m = 1; /* past the line break */
    if (split || !t[i]) {
      size_t e = i;
      while (e > start && (t[e - 1] == '\n' || t[e - 1] == ' ')) e--;
      if (e > start) {
        rc = entity(st, t + start, e - start, line, (sub || continuation) && st->parent[0] ? st->parent : NULL);
        if (rc) return rc;
      }
      if (!t[i]) break;
      sub = 1;
      affiliates = aff;
      start = i + m;
      i = start - 1;
    }
  }
  return 0;
}

/* "/on/YYYY-MM-DD/" in the part's hierarchy metadata, into ctx->date_buf. */
static void date_from_metadata(vet__read_ctx *ctx, const char *meta) {
  const char *p = meta ? strstr(meta, "/on/") : NULL;
  if (!p) return;
  p += 4;
  for (int i = 0; i < 10; i++) {
    char c = p[i];
    if (!((i == 4 || i == 7) ? c == '-' : (c >= '0' && c <= '9'))) return;
  }
  memcpy(ctx->date_buf, p, 10);
  ctx->date_buf[10] = '\0';
  ctx->info.date = ctx->date_buf;
}

static int read_list(vet__read_ctx *ctx) {
  vet__xml x;
  if (vet__xml_open(&x, ctx->path, ctx->file->data, ctx->file->size))
    return vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
  snprintf(ctx->id_buf, sizeof ctx->id_buf, "%s", LIST_ID);
  ctx->info.list_id = ctx->id_buf;
  ctx->info.name = "BIS Entity List (15 CFR part 744, supplement no. 4, from the eCFR)";
  state st;
  memset(&st, 0, sizeof st);
  st.ctx = ctx;
  int supp_depth = -1, in_body = 0, seen_supp = 0, seen_part = 0;
  int rc = vet__xml_next(&x, ctx->err);
  while (rc == 1) {
    int type = xmlTextReaderNodeType(x.reader);
    int depth = xmlTextReaderDepth(x.reader);
    const char *name = (const char *)xmlTextReaderConstName(x.reader);
    if (type == XML_READER_TYPE_ELEMENT && !seen_part && !strcmp(name, "DIV5")) {
      seen_part = 1;
      xmlChar *m = xmlTextReaderGetAttribute(x.reader, (const xmlChar *)"hierarchy_metadata");
      date_from_metadata(ctx, (const char *)m);
      xmlFree(m);
    }
    if (supp_depth < 0) {
      if (type == XML_READER_TYPE_ELEMENT && !strcmp(name, "DIV9")) {
        xmlChar *nm = xmlTextReaderGetAttribute(x.reader, (const xmlChar *)"N");
        if (nm && !strcmp((const char *)nm, SUPPLEMENT) && !xmlTextReaderIsEmptyElement(x.reader)) {
          supp_depth = depth;
          seen_supp = 1;
        }
        xmlFree(nm);
        if (supp_depth < 0) {
          rc = vet__xml_skip(&x, ctx->err); /* another appendix: skip it whole */
          continue;
        }
      }
      rc = vet__xml_next(&x, ctx->err);
      continue;
    }
    if (type == XML_READER_TYPE_END_ELEMENT && depth == supp_depth) {
      supp_depth = -1;
    } else if (!strcmp(name, "TBODY")) {
      in_body = type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(x.reader);
    } else if (in_body && type == XML_READER_TYPE_ELEMENT && !strcmp(name, "TR")) {
      xmlNodePtr tr = vet__xml_expand(&x, ctx->err);
      if (!tr) {
        rc = ctx->err ? ctx->err->code : VET_EFORMAT;
        break;
      }
      rc = row(&st, tr);
      if (rc == VET_ENOMEM) vet__error_at(ctx->err, rc, ctx->path, vet__xml_line(tr), "out of memory");
      if (rc) break;
      rc = vet__xml_skip(&x, ctx->err);
      continue;
    }
    rc = vet__xml_next(&x, ctx->err);
  }
  vet__xml_close(&x);
  keyset_free(&st.keys);
  vet__buf_free(&st.tmp);
  vet__buf_free(&st.req);
  vet__buf_free(&st.pol);
  vet__buf_free(&st.cit);
  if (rc < 0) return rc;
  if (!seen_supp)
    return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0,
                         "no Entity List here: the file has no \"" SUPPLEMENT "\" appendix");
  if (!ctx->info.date) ctx->info.date = vet__date_from_path(ctx, ctx->path);
  return 0;
}

const vet__reader vet__reader_ecfr_xml = {
  "ecfr-xml", "BIS Entity List from the eCFR XML of 15 CFR part 744", sniff, NULL, read_list,
};
