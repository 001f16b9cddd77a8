/* un_xml.c — the UN Security Council Consolidated List, XML ("un-xml").
 *
 * The file is <CONSOLIDATED_LIST dateGenerated="..."> holding <INDIVIDUALS>
 * and <ENTITIES>; each <INDIVIDUAL> or <ENTITY> is one entity, keyed by its
 * DATAID. The schema (un/sc-sanctions.xsd) is flat and verbose: every
 * repeated part has its own element (INDIVIDUAL_ALIAS, ENTITY_ADDRESS, ...)
 * and most of them also appear empty ("<INDIVIDUAL_ALIAS><QUALITY/>
 * <ALIAS_NAME/></INDIVIDUAL_ALIAS>"), which we skip.
 *
 * How the parts map onto vet_entity (docs/LISTS.md, "## UN", says why):
 *   - FIRST_NAME .. FOURTH_NAME joined by spaces: the primary name.
 *   - NAME_ORIGINAL_SCRIPT: a name with original_script = 1 and the ISO 15924
 *     code of its dominant script; line breaks inside it are formatting and
 *     are collapsed. An alias written wholly in a non-Latin script is
 *     flagged the same way.
 *   - alias QUALITY "Good" -> strong a.k.a., "Low" -> weak a.k.a., "a.k.a."
 *     and "f.k.a." -> the kind; the label itself is kept in vet_name.quality.
 *     Alias-level DATE_OF_BIRTH / CITY_OF_BIRTH / COUNTRY_OF_BIRTH become
 *     births and places of birth of the entity; an alias NOTE an attribute.
 *   - INDIVIDUAL_DATE_OF_BIRTH: the text is rendered from the parts as given
 *     ("1971", "1978-04-28", "approximately 1966", "between 1973 and 1974",
 *     a NOTE in parentheses or alone) and the parts are parsed into the
 *     vet_date directly (not re-parsed from the text).
 *   - documents: type (and TYPE_OF_DOCUMENT2 in parentheses), number,
 *     issuing country, and the date/city of issue and NOTE as the note; a
 *     document with a note but no number keeps the note as its number.
 *   - UN_LIST_TYPE -> program; REFERENCE_NUMBER, TITLE, DESIGNATION, GENDER,
 *     LIST_TYPE, VERSIONNUM, LAST_DAY_UPDATED, SUBMITTED_BY -> attributes;
 *     LISTED_ON -> listing_date; COMMENTS1 -> remarks.
 *
 * Streaming: each record is expanded to a DOM subtree on its own
 * (xmlTextReaderExpand) and dropped when the reader moves past it, so memory
 * does not grow with the file. */
#include "readers/reader.h"
#include "readers/xml_stream.h"
#include "core/error.h"
#include "core/text.h"
#include "model/script.h"

#include <stdlib.h>
#include <string.h>

#define LIST_ID "un-sc"

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  return vet__ascii_istr(head, n, "<CONSOLIDATED_LIST") ? 100 : 0;
}

/* A child's text or NULL, in the entity's arena. */
static const char *ctext(vet__read_ctx *ctx, xmlNodePtr n, const char *name) {
  return vet__xml_child_text(vet__eb_arena(ctx->eb), n, name);
}

static int streq(const char *a, const char *b) { return a && b && !strcmp(a, b); }

/* Adds each non-empty <VALUE> of the children named `name`: as attribute
 * `attr` when given, else to the string list `list`. */
static int values(vet__read_ctx *ctx, xmlNodePtr rec, const char *name, const char *attr,
                  vet__eb_list_id list) {
  for (xmlNodePtr c = rec->children; c; c = c->next) {
    if (!vet__xml_is(c, name)) continue;
    for (xmlNodePtr v = c->children; v; v = v->next) {
      if (!vet__xml_is(v, "VALUE")) continue;
      vet__buf b = VET__BUF_INIT;
      int rc = vet__xml_text(&b, v);
      const char *s = b.data;
      size_t len = b.len;
      if (!rc && len) {
        vet__trim(&s, &len);
        rc = attr ? vet__eb_attr(ctx->eb, attr, s, len) : vet__eb_strlist(ctx->eb, list, s, len);
      }
      vet__buf_free(&b);
      if (rc) return rc;
    }
  }
  return 0;
}

static int add_attr(vet__read_ctx *ctx, const char *key, const char *v) {
  return v ? vet__eb_attr(ctx->eb, key, v, strlen(v)) : 0;
}

static int add_alias(vet__read_ctx *ctx, xmlNodePtr al) {
  const char *quality = ctext(ctx, al, "QUALITY");
  const char *name = ctext(ctx, al, "ALIAS_NAME");
  int rc = 0;
  if (name) {
    vet_name_kind kind = VET_NAME_AKA;
    vet_name_strength strength = VET_STRENGTH_NORMAL;
    if (streq(quality, "Good")) strength = VET_STRENGTH_STRONG;
    else if (streq(quality, "Low")) strength = VET_STRENGTH_WEAK;
    else if (streq(quality, "f.k.a.")) kind = VET_NAME_FKA;
    size_t n = strlen(name);
    const char *script = vet__script_non_latin(name, n) ? vet__script_of(name, n) : NULL;
    rc = vet__eb_name(ctx->eb, name, n, kind, strength, quality, script);
    const char *note = ctext(ctx, al, "NOTE");
    if (!rc && note) {
      vet__buf b = VET__BUF_INIT;
      rc = vet__buf_printf(&b, "%s: %s", name, note) ? VET_ENOMEM
                                                     : vet__eb_attr(ctx->eb, "alias_note", b.data, b.len);
      vet__buf_free(&b);
    }
  }
  const char *dob = ctext(ctx, al, "DATE_OF_BIRTH");
  if (!rc && dob) rc = vet__eb_birth(ctx->eb, dob, strlen(dob));
  const char *city = ctext(ctx, al, "CITY_OF_BIRTH"), *country = ctext(ctx, al, "COUNTRY_OF_BIRTH");
  if (!rc && (city || country)) {
    vet__buf b = VET__BUF_INIT;
    int e = vet__buf_printf(&b, "%s%s%s", city ? city : "", city && country ? ", " : "",
                            country ? country : "");
    rc = e ? VET_ENOMEM : vet__eb_strlist(ctx->eb, VET__SL_PLACE_OF_BIRTH, b.data, b.len);
    vet__buf_free(&b);
  }
  return rc;
}

static int add_address(vet__read_ctx *ctx, xmlNodePtr ad) {
  vet_address a;
  memset(&a, 0, sizeof a);
  a.street = ctext(ctx, ad, "STREET");
  a.city = ctext(ctx, ad, "CITY");
  a.state = ctext(ctx, ad, "STATE_PROVINCE");
  a.postal_code = ctext(ctx, ad, "ZIP_CODE");
  a.country = ctext(ctx, ad, "COUNTRY");
  a.note = ctext(ctx, ad, "NOTE");
  return vet__eb_address(ctx->eb, &a);
}

/* A year as written ("1971"), or 0. */
static int year_of(const char *s) {
  if (!s) return 0;
  int y = atoi(s);
  return y >= 1000 && y <= 2999 ? y : 0;
}

static int add_birth(vet__read_ctx *ctx, xmlNodePtr d) {
  const char *type = ctext(ctx, d, "TYPE_OF_DATE");
  const char *date = ctext(ctx, d, "DATE"), *year = ctext(ctx, d, "YEAR");
  const char *from = ctext(ctx, d, "FROM_YEAR"), *to = ctext(ctx, d, "TO_YEAR");
  const char *note = ctext(ctx, d, "NOTE");
  vet__buf core = VET__BUF_INIT, text = VET__BUF_INIT;
  int rc = 0;
  vet_date v;
  memset(&v, 0, sizeof v);
  if (date) {
    vet__date_parse(date, 0, &v);
    rc = vet__buf_puts(&core, date);
  } else if (year) {
    v.year_from = v.year_to = year_of(year);
    rc = vet__buf_puts(&core, year);
  } else if (from || to) {
    v.year_from = year_of(from ? from : to);
    v.year_to = year_of(to ? to : from);
    rc = vet__buf_printf(&core, "between %s and %s", from ? from : to, to ? to : from);
  }
  int approx = streq(type, "APPROXIMATELY") ||
               (note && vet__ascii_istr(note, strlen(note), "approx"));
  if (!rc && core.len) {
    rc = vet__buf_printf(&text, "%s%s", streq(type, "APPROXIMATELY") ? "approximately " : "", core.data);
    if (!rc && note) rc = vet__buf_printf(&text, " (%s)", note);
  } else if (!rc && note) {
    /* Only a note ("Nov. 1973", "30-35 years old"): it is the date as given. */
    vet__date_parse(note, 0, &v);
    rc = vet__buf_puts(&text, note);
  }
  if (!rc && text.len) {
    v.text = text.data;
    v.approximate = v.approximate || approx;
    rc = vet__eb_birth_parsed(ctx->eb, &v);
  }
  vet__buf_free(&core);
  vet__buf_free(&text);
  return rc;
}

static int add_place_of_birth(vet__read_ctx *ctx, xmlNodePtr p) {
  const char *parts[] = {ctext(ctx, p, "STREET"), ctext(ctx, p, "CITY"),
                         ctext(ctx, p, "STATE_PROVINCE"), ctext(ctx, p, "COUNTRY")};
  const char *note = ctext(ctx, p, "NOTE");
  vet__buf b = VET__BUF_INIT;
  int rc = 0;
  for (size_t i = 0; i < 4 && !rc; i++)
    if (parts[i]) rc = vet__buf_printf(&b, "%s%s", b.len ? ", " : "", parts[i]);
  if (!rc && note) rc = b.len ? vet__buf_printf(&b, " (%s)", note) : vet__buf_puts(&b, note);
  if (!rc && b.len) rc = vet__eb_strlist(ctx->eb, VET__SL_PLACE_OF_BIRTH, b.data, b.len);
  vet__buf_free(&b);
  return rc;
}

static int add_document(vet__read_ctx *ctx, xmlNodePtr d) {
  const char *type = ctext(ctx, d, "TYPE_OF_DOCUMENT"), *type2 = ctext(ctx, d, "TYPE_OF_DOCUMENT2");
  const char *number = ctext(ctx, d, "NUMBER");
  const char *country = ctext(ctx, d, "ISSUING_COUNTRY");
  if (!country) country = ctext(ctx, d, "COUNTRY_OF_ISSUE");
  const char *issued = ctext(ctx, d, "DATE_OF_ISSUE"), *city = ctext(ctx, d, "CITY_OF_ISSUE");
  const char *note = ctext(ctx, d, "NOTE");
  if (!type && !number && !note) return 0;
  vet__buf t = VET__BUF_INIT, nb = VET__BUF_INIT;
  int rc = 0;
  if (type) rc = vet__buf_printf(&t, type2 ? "%s (%s)" : "%s", type, type2);
  else if (type2) rc = vet__buf_puts(&t, type2);
  if (!rc && issued) rc = vet__buf_printf(&nb, "issued %s", issued);
  if (!rc && city) rc = vet__buf_printf(&nb, "%sissued in %s", nb.len ? "; " : "", city);
  if (!rc && note && number) rc = vet__buf_printf(&nb, "%s%s", nb.len ? "; " : "", note);
  if (!rc) {
    const char *num = number ? number : note;
    if (num) rc = vet__eb_id(ctx->eb, t.len ? t.data : NULL, num, country, nb.len ? nb.data : NULL);
  }
  vet__buf_free(&t);
  vet__buf_free(&nb);
  return rc;
}

static int add_record(vet__read_ctx *ctx, xmlNodePtr rec, int individual) {
  vet__eb *eb = ctx->eb;
  int rc = vet__eb_begin(eb, LIST_ID);
  if (rc) return rc;
  vet__eb_type(eb, individual ? VET_TYPE_PERSON : VET_TYPE_ORGANIZATION);
  const char *id = ctext(ctx, rec, "DATAID");
  if (id && (rc = vet__eb_field(eb, VET__F_SOURCE_ID, id, strlen(id)))) return rc;

  static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
  vet__buf name = VET__BUF_INIT;
  for (size_t i = 0; i < 4 && !rc; i++) {
    const char *p = ctext(ctx, rec, parts[i]);
    if (p) rc = vet__buf_printf(&name, "%s%s", name.len ? " " : "", p);
  }
  if (!rc && name.len)
    rc = vet__eb_name(eb, name.data, name.len, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  vet__buf_free(&name);
  if (rc) return rc;

  for (xmlNodePtr c = rec->children; c && !rc; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const char *tag = (const char *)c->name;
    if (!strcmp(tag, "NAME_ORIGINAL_SCRIPT")) {
      vet__buf b = VET__BUF_INIT;
      rc = vet__xml_text(&b, c);
      const char *s = b.data;
      size_t len = b.len;
      if (!rc && len) {
        vet__trim(&s, &len);
        const char *script = vet__script_of(s, len);
        rc = vet__eb_name(eb, s, len, VET_NAME_AKA, VET_STRENGTH_NORMAL, NULL, script ? script : "Zyyy");
      }
      vet__buf_free(&b);
    } else if (!strcmp(tag, "INDIVIDUAL_ALIAS") || !strcmp(tag, "ENTITY_ALIAS")) {
      rc = add_alias(ctx, c);
    } else if (!strcmp(tag, "INDIVIDUAL_ADDRESS") || !strcmp(tag, "ENTITY_ADDRESS")) {
      rc = add_address(ctx, c);
    } else if (!strcmp(tag, "INDIVIDUAL_DATE_OF_BIRTH")) {
      rc = add_birth(ctx, c);
    } else if (!strcmp(tag, "INDIVIDUAL_PLACE_OF_BIRTH")) {
      rc = add_place_of_birth(ctx, c);
    } else if (!strcmp(tag, "INDIVIDUAL_DOCUMENT")) {
      rc = add_document(ctx, c);
    }
  }
  if (rc) return rc;

  const char *v;
  if ((v = ctext(ctx, rec, "UN_LIST_TYPE"))) rc = vet__eb_strlist(eb, VET__SL_PROGRAM, v, strlen(v));
  if (!rc) rc = add_attr(ctx, "reference_number", ctext(ctx, rec, "REFERENCE_NUMBER"));
  if (!rc) rc = add_attr(ctx, "gender", ctext(ctx, rec, "GENDER"));
  if (!rc) rc = add_attr(ctx, "version", ctext(ctx, rec, "VERSIONNUM"));
  if (!rc) rc = add_attr(ctx, "submitted_by", ctext(ctx, rec, "SUBMITTED_BY"));
  if (!rc) rc = add_attr(ctx, "submitted_on", ctext(ctx, rec, "SUBMITTED_ON"));
  if (!rc && (v = ctext(ctx, rec, "LISTED_ON"))) rc = vet__eb_field(eb, VET__F_LISTING_DATE, v, strlen(v));
  if (!rc && (v = ctext(ctx, rec, "COMMENTS1"))) rc = vet__eb_field(eb, VET__F_REMARKS, v, strlen(v));
  if (!rc) rc = values(ctx, rec, "TITLE", "title", 0);
  if (!rc) rc = values(ctx, rec, "DESIGNATION", "designation", 0);
  if (!rc) rc = values(ctx, rec, "LIST_TYPE", "list_type", 0);
  if (!rc) rc = values(ctx, rec, "LAST_DAY_UPDATED", "last_updated", 0);
  if (!rc) rc = values(ctx, rec, "NATIONALITY", NULL, VET__SL_NATIONALITY);
  return rc;
}

static int read_list(vet__read_ctx *ctx) {
  vet__xml x;
  if (vet__xml_open(&x, ctx->path, ctx->file->data, ctx->file->size))
    return vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
  snprintf(ctx->id_buf, sizeof ctx->id_buf, "%s", LIST_ID);
  ctx->info.list_id = ctx->id_buf;
  ctx->info.name = "UN Security Council Consolidated List";
  int seen_root = 0;
  int rc = vet__xml_next(&x, ctx->err);
  while (rc == 1) {
    int ind = vet__xml_at(&x, "INDIVIDUAL");
    if (!seen_root && vet__xml_at(&x, "CONSOLIDATED_LIST")) {
      seen_root = 1;
      xmlChar *d = xmlTextReaderGetAttribute(x.reader, (const xmlChar *)"dateGenerated");
      if (d && strlen((const char *)d) >= 10) {
        memcpy(ctx->date_buf, d, 10);
        ctx->date_buf[10] = '\0';
        ctx->info.date = ctx->date_buf;
      }
      xmlFree(d);
      if (!ctx->info.date) ctx->info.date = vet__date_from_path(ctx, ctx->path);
      rc = vet__xml_next(&x, ctx->err);
    } else if (seen_root && (ind || vet__xml_at(&x, "ENTITY"))) {
      xmlNodePtr rec = vet__xml_expand(&x, ctx->err);
      if (!rec) {
        rc = ctx->err ? ctx->err->code : VET_EFORMAT;
        break;
      }
      unsigned long line = vet__xml_line(rec);
      rc = add_record(ctx, rec, ind);
      if (rc) {
        rc = vet__error_at(ctx->err, rc, ctx->path, line, "out of memory");
        break;
      }
      if ((rc = vet__read_emit(ctx, NULL, line))) break;
      /* Past the record's end tag; its subtree is freed by the reader. */
      rc = vet__xml_skip(&x, ctx->err);
    } else {
      rc = vet__xml_next(&x, ctx->err);
    }
  }
  vet__xml_close(&x);
  if (rc < 0) return rc;
  if (!seen_root)
    return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0,
                         "not a UN consolidated list: no <CONSOLIDATED_LIST> element");
  return 0;
}

const vet__reader vet__reader_un_xml = {
  "un-xml", "UN Security Council Consolidated List (XML)", sniff, NULL, read_list,
};
