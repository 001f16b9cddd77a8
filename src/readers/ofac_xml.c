/* ofac_xml.c — OFAC's `sdnList` XML (reader "ofac-xml").
 *
 * The same XML schema (namespace http://tempuri.org/sdnList.xsd) carries
 * both OFAC lists: sdn.xml and consolidated.xml (the non-SDN lists). One
 * <publshInformation><Publish_Date>MM/DD/YYYY</Publish_Date> gives the as-of
 * date (written here as ISO); each <sdnEntry> is one entity:
 *
 *   uid, firstName, lastName, title, sdnType, remarks, programList/program,
 *   idList/id (idType, idNumber, idCountry, issueDate, expirationDate),
 *   akaList/aka (type a.k.a./f.k.a./n.k.a., category strong/weak, names),
 *   addressList/address (address1..3, city, stateOrProvince, postalCode,
 *   country), nationalityList, citizenshipList, dateOfBirthList,
 *   placeOfBirthList, vesselInfo (callSign, vesselType, vesselFlag,
 *   vesselOwner, tonnage, grossRegisteredTonnage).
 *
 * Person names are written "LAST, First" (as in OFAC's CSV files) so that one
 * person reads the same from either format. Each <id> goes through the OFAC
 * feature vocabulary (ofac_remarks.h): "Gender", "Linked To", sanctions
 * information and the like become attributes, "Vessel Registration
 * Identification IMO 1234567" an IMO identifier; an idType outside the
 * vocabulary stays an identifier of that type. issueDate and expirationDate
 * go into the identifier's note ("issued 10 Jul 1991; expires ...").
 *
 * Which list: the file does not say, so it is told by content: when more
 * than half of the entries carry a non-SDN mark (vet__ofac_nonsdn_marked():
 * "Not on the SDN List", an SSI directive determination, an NS-/FSE- program
 * tag, ...) the list is "ofac-nonsdn", else "ofac-sdn". On the real files
 * this is 639 of 639 for consolidated.xml (2018) and under 1% for SDN files.
 *
 * The file (about 1 MB for the non-SDN list, 30 MB for the SDN list) is
 * parsed into a DOM with network access off and libxml2's own error printing
 * off; a parse error is reported as file:line. */
#include "readers/reader.h"
#include "readers/ofac_remarks.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/text.h"

#include <limits.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  if (!vet__ascii_istr(head, n, "<sdnList")) return 0;
  return vet__ascii_istr(head, n, "sdnList.xsd") || vet__ascii_istr(head, n, "<sdnEntry") ? 95 : 60;
}

static int is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is(c, name)) return c;
  return NULL;
}

/* The text of element `name` under n, trimmed, copied into the builder's
 * arena (valid until the next vet__eb_begin); NULL when absent or empty. */
static const char *text_of(vet__eb *eb, const xmlNode *n, const char *name) {
  const xmlNode *c = name ? child(n, name) : n;
  if (!c) return NULL;
  xmlChar *s = xmlNodeGetContent(c);
  if (!s) return NULL;
  const char *p = (const char *)s;
  size_t len = strlen(p);
  vet__trim(&p, &len);
  char *out = len ? vet__arena_strndup(vet__eb_arena(eb), p, len) : NULL;
  xmlFree(s);
  return out;
}

/* "LAST, First" when both are given, else whichever is. Arena storage. */
static const char *full_name(vet__eb *eb, const xmlNode *n) {
  const char *last = text_of(eb, n, "lastName"), *first = text_of(eb, n, "firstName");
  if (!last || !first) return last ? last : first;
  size_t a = strlen(last), b = strlen(first);
  char *s = vet__arena_alloc(vet__eb_arena(eb), a + b + 3);
  if (!s) return NULL;
  memcpy(s, last, a);
  memcpy(s + a, ", ", 2);
  memcpy(s + a + 2, first, b + 1);
  return s;
}

static int add_ids(vet__eb *eb, const xmlNode *list) {
  for (const xmlNode *c = list ? list->children : NULL; c; c = c->next) {
    if (!is(c, "id")) continue;
    const char *type = text_of(eb, c, "idType"), *num = text_of(eb, c, "idNumber");
    const char *country = text_of(eb, c, "idCountry");
    const char *issued = text_of(eb, c, "issueDate"), *expires = text_of(eb, c, "expirationDate");
    char note[160];
    note[0] = '\0';
    if (issued) snprintf(note, sizeof note, "issued %s", issued);
    if (expires)
      snprintf(note + strlen(note), sizeof note - strlen(note), "%sexpires %s", issued ? "; " : "",
               expires);
    const char *nt = note[0] ? note : NULL;
    if (!type) type = "Identifier";
    int rc = vet__ofac_feature(eb, type, strlen(type), num ? num : "", num ? strlen(num) : 0,
                               country, nt);
    if (rc < 0) return rc;
    if (rc == 0 && num && (rc = vet__eb_id(eb, type, num, country, nt))) return rc;
  }
  return 0;
}

static int add_akas(vet__eb *eb, const xmlNode *list) {
  for (const xmlNode *c = list ? list->children : NULL; c; c = c->next) {
    if (!is(c, "aka")) continue;
    const char *name = full_name(eb, c), *type = text_of(eb, c, "type");
    const char *cat = text_of(eb, c, "category");
    if (!name) continue;
    vet_name_kind kind = VET_NAME_AKA;
    if (type && vet__ascii_istarts(type, strlen(type), "f.k.a")) kind = VET_NAME_FKA;
    else if (type && vet__ascii_istarts(type, strlen(type), "n.k.a")) kind = VET_NAME_NKA;
    vet_name_strength st = VET_STRENGTH_NORMAL;
    if (cat && !vet__ascii_casecmp(cat, "weak")) st = VET_STRENGTH_WEAK;
    else if (cat && !vet__ascii_casecmp(cat, "strong")) st = VET_STRENGTH_STRONG;
    int rc = vet__eb_name(eb, name, strlen(name), kind, st, cat, NULL);
    if (rc) return rc;
  }
  return 0;
}

static int add_addresses(vet__eb *eb, const xmlNode *list) {
  for (const xmlNode *c = list ? list->children : NULL; c; c = c->next) {
    if (!is(c, "address")) continue;
    vet_address a;
    memset(&a, 0, sizeof a);
    const char *l1 = text_of(eb, c, "address1"), *l2 = text_of(eb, c, "address2"),
               *l3 = text_of(eb, c, "address3");
    vet__buf b = VET__BUF_INIT;
    const char *lines[] = {l1, l2, l3};
    int rc = 0;
    for (int i = 0; i < 3 && !rc; i++)
      if (lines[i]) rc = vet__buf_printf(&b, "%s%s", b.len ? ", " : "", lines[i]);
    a.street = b.data;
    a.city = text_of(eb, c, "city");
    a.state = text_of(eb, c, "stateOrProvince");
    a.postal_code = text_of(eb, c, "postalCode");
    a.country = text_of(eb, c, "country");
    if (!rc) rc = vet__eb_address(eb, &a);
    vet__buf_free(&b);
    if (rc) return rc;
  }
  return 0;
}

/* Items of a list such as dateOfBirthList/dateOfBirthItem/dateOfBirth. */
static int add_items(vet__eb *eb, const xmlNode *n, const char *list, const char *item,
                     const char *field, int which) {
  for (const xmlNode *c = child(n, list) ? child(n, list)->children : NULL; c; c = c->next) {
    if (!is(c, item)) continue;
    const char *v = text_of(eb, c, field);
    if (!v) continue;
    int rc = which < 0 ? vet__eb_birth(eb, v, strlen(v))
                       : vet__eb_strlist(eb, (vet__eb_list_id)which, v, strlen(v));
    if (rc) return rc;
  }
  return 0;
}

static int entry(vet__read_ctx *ctx, const xmlNode *e, const char *list_id) {
  vet__eb *eb = ctx->eb;
  unsigned long line = (unsigned long)xmlGetLineNo(e);
  int rc = vet__eb_begin(eb, list_id);
  if (rc) return rc;
  const char *uid = text_of(eb, e, "uid");
  if (uid) {
    for (const char *p = uid; *p; p++)
      if (*p < '0' || *p > '9') return vet__read_reject(ctx, NULL, line, "uid \"%.40s\" is not a number", uid);
    rc = vet__eb_field(eb, VET__F_SOURCE_ID, uid, strlen(uid));
  }
  const char *type = text_of(eb, e, "sdnType");
  vet_entity_type t = type ? vet_entity_type_parse(type) : VET_TYPE_UNKNOWN;
  vet__eb_type(eb, t);
  if (type && t == VET_TYPE_UNKNOWN) vet__read_warn(ctx, NULL, line, "unknown sdnType \"%s\"", type);
  const char *name = full_name(eb, e);
  if (!rc && name) rc = vet__eb_name(eb, name, strlen(name), VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  const char *title = text_of(eb, e, "title");
  if (!rc && title) rc = vet__eb_attr(eb, "title", title, strlen(title));
  const xmlNode *pl = child(e, "programList");
  for (const xmlNode *c = pl ? pl->children : NULL; c && !rc; c = c->next) {
    const char *p = is(c, "program") ? text_of(eb, c, NULL) : NULL;
    if (p) rc = vet__ofac_programs(eb, p, strlen(p));
  }
  if (!rc) rc = add_ids(eb, child(e, "idList"));
  if (!rc) rc = add_akas(eb, child(e, "akaList"));
  if (!rc) rc = add_addresses(eb, child(e, "addressList"));
  if (!rc) rc = add_items(eb, e, "nationalityList", "nationality", "country", VET__SL_NATIONALITY);
  if (!rc) rc = add_items(eb, e, "citizenshipList", "citizenship", "country", VET__SL_CITIZENSHIP);
  if (!rc) rc = add_items(eb, e, "dateOfBirthList", "dateOfBirthItem", "dateOfBirth", -1);
  if (!rc) rc = add_items(eb, e, "placeOfBirthList", "placeOfBirthItem", "placeOfBirth",
                          VET__SL_PLACE_OF_BIRTH);
  const xmlNode *vi = child(e, "vesselInfo");
  static const char *const vessel[][2] = {
    {"callSign", "call_sign"}, {"vesselType", "vessel_type"}, {"vesselFlag", "vessel_flag"},
    {"vesselOwner", "vessel_owner"}, {"tonnage", "tonnage"},
    {"grossRegisteredTonnage", "gross_registered_tonnage"}};
  for (size_t i = 0; vi && i < sizeof vessel / sizeof *vessel && !rc; i++) {
    const char *v = text_of(eb, vi, vessel[i][0]);
    if (v) rc = vet__eb_attr(eb, vessel[i][1], v, strlen(v));
  }
  const char *remarks = text_of(eb, e, "remarks");
  if (!rc && remarks) {
    rc = vet__eb_field(eb, VET__F_REMARKS, remarks, strlen(remarks));
    if (!rc) rc = vet__ofac_remarks(eb, remarks, strlen(remarks));
  }
  if (rc) return vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
  return vet__read_emit(ctx, NULL, line);
}

/* Publish_Date MM/DD/YYYY as YYYY-MM-DD into ctx->date_buf; NULL if not in that form. */
static const char *iso_date(vet__read_ctx *ctx, const char *s) {
  unsigned m, d, y;
  char extra;
  if (!s || sscanf(s, "%u/%u/%u%c", &m, &d, &y, &extra) != 3 || m < 1 || m > 12 || d < 1 ||
      d > 31 || y < 1900 || y > 2999)
    return NULL;
  snprintf(ctx->date_buf, sizeof ctx->date_buf, "%04u-%02u-%02u", y, m, d);
  return ctx->date_buf;
}

static int read_xml(vet__read_ctx *ctx) {
  if (ctx->file->size > (size_t)INT_MAX)
    return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0, "too large for an OFAC XML list");
  xmlParserCtxtPtr pc = xmlNewParserCtxt();
  if (!pc) return vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
  xmlDocPtr doc = xmlCtxtReadMemory(pc, ctx->file->data, (int)ctx->file->size, ctx->path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                        XML_PARSE_NOBLANKS | XML_PARSE_HUGE);
  if (!doc) {
    const xmlError *xe = xmlCtxtGetLastError(pc);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", xe && xe->message ? xe->message : "not well-formed XML");
    size_t ml = strlen(msg);
    while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == ' ')) msg[--ml] = '\0';
    int rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, xe ? (unsigned long)xe->line : 0,
                           "%s", msg);
    xmlFreeParserCtxt(pc);
    return rc;
  }
  int rc = 0;
  const xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || !is(root, "sdnList")) {
    rc = vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0, "the root element is not <sdnList>");
  } else {
    unsigned long entries = 0, marked = 0;
    for (const xmlNode *c = root->children; c; c = c->next) {
      if (!is(c, "sdnEntry")) continue;
      entries++;
      xmlChar *all = xmlNodeGetContent(c);
      if (all) marked += vet__ofac_nonsdn_marked((const char *)all, strlen((const char *)all));
      xmlFree(all);
    }
    int cons = entries && 2 * marked > entries;
    snprintf(ctx->id_buf, sizeof ctx->id_buf, "%s", cons ? "ofac-nonsdn" : "ofac-sdn");
    ctx->info.list_id = ctx->id_buf;
    ctx->info.name = cons ? "OFAC Consolidated Sanctions List (non-SDN lists)"
                          : "OFAC Specially Designated Nationals and Blocked Persons List";
    const xmlNode *pub = child(root, "publshInformation");
    xmlChar *pd = pub && child(pub, "Publish_Date") ? xmlNodeGetContent(child(pub, "Publish_Date")) : NULL;
    ctx->info.date = iso_date(ctx, (const char *)pd);
    xmlFree(pd);
    if (!ctx->info.date) ctx->info.date = vet__date_from_path(ctx, ctx->path);
    for (const xmlNode *c = root->children; c && !rc; c = c->next)
      if (is(c, "sdnEntry")) rc = entry(ctx, c, ctx->id_buf);
  }
  xmlFreeDoc(doc);
  xmlFreeParserCtxt(pc);
  return rc;
}

const vet__reader vet__reader_ofac_xml = {
  "ofac-xml", "OFAC sdnList XML (sdn.xml, consolidated.xml)", sniff, NULL, read_xml,
};
