/* ofac_remarks.c — see ofac_remarks.h.
 *
 * The vocabulary is a table of labels as OFAC writes them, each with what it
 * becomes: a date or place of birth, a nationality, a citizenship, an
 * identifier (type = the label as published, e.g. "National ID No.", "NIT #";
 * "Vessel Registration Identification IMO 1234567" becomes type "IMO"), or an
 * attribute (key in snake_case, value as published). The labels were
 * collected from the real files in shared/data/lists/ofac (every remarks item
 * label used more than a few times in the 2021-2025 SDN and non-SDN files) and
 * from the idType values of the XML. A label matches at the start of an item,
 * longest label first, ignoring ASCII case, and only at a word boundary.
 * Items such as "alt. DOB 1972" are matched without their "alt. ".
 *
 * An item whose label is unknown but has the form "Label: value" becomes an
 * attribute keyed by the label; anything else ("all offices worldwide",
 * "Member of the State Duma ...") stays in the remarks text only. */
#include "readers/ofac_remarks.h"
#include "core/text.h"
#include "vet.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef enum kind {
  K_BIRTH,       /* date of birth */
  K_POB,         /* place of birth */
  K_NAT,         /* nationality */
  K_CIT,         /* citizenship */
  K_ID,          /* identifier: NUMBER [(COUNTRY)] [NOTE] */
  K_VESSEL_ID,   /* "IMO 1234567" becomes type IMO; other values keep the label */
  K_CURRENCY,    /* "Digital Currency Address - XBT addr": the type names the currency */
  K_ATTR         /* attribute; key given or derived from the label */
} kind;

typedef struct term {
  const char *label;
  kind k;
  const char *out;   /* K_ID: the type (NULL: the label); K_ATTR: the key (NULL: derived) */
} term;

static const term vocab[] = {
  {"DOB", K_BIRTH, NULL},
  {"POB", K_POB, NULL},
  {"nationality", K_NAT, NULL},
  {"citizen", K_CIT, NULL},
  {"Gender", K_ATTR, "gender"},
  {"Linked To:", K_ATTR, "linked_to"},
  {"Title", K_ATTR, "title"},
  {"Additional Sanctions Information -", K_ATTR, "additional_sanctions_information"},
  {"Secondary sanctions risk:", K_ATTR, "secondary_sanctions_risk"},
  {"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
   K_ATTR, "transactions_prohibited"},
  {"Executive Order 13662 Directive Determination -", K_ATTR, "eo13662_directive_determination"},
  {"Executive Order 13846 information:", K_ATTR, "eo13846_information"},
  {"CAATSA Section 235 Information:", K_ATTR, "caatsa_section_235_information"},
  {"IFCA Determination -", K_ATTR, "ifca_determination"},
  {"For more information on directives, please visit the following link:", K_ATTR,
   "more_information"},
  {"For more information, please see:", K_ATTR, "more_information"},
  {"Organization Established Date", K_ATTR, NULL},
  {"Organization Type:", K_ATTR, NULL},
  {"Target Type", K_ATTR, NULL},
  {"Aircraft Model", K_ATTR, NULL},
  {"Aircraft Operator", K_ATTR, NULL},
  {"Aircraft Manufacture Date", K_ATTR, NULL},
  {"Former Vessel Flag", K_ATTR, NULL},
  {"Other Vessel Flag", K_ATTR, NULL},
  {"Other Vessel Type", K_ATTR, NULL},
  {"Other Vessel Call Sign", K_ATTR, NULL},
  {"Vessel Year of Build", K_ATTR, NULL},
  {"Nationality of Registration", K_ATTR, NULL},
  {"Effective Date (CMIC)", K_ATTR, NULL},
  {"Listing Date (CMIC)", K_ATTR, NULL},
  {"Purchase/Sales For Divestment Date (CMIC)", K_ATTR, NULL},
  {"Issuer Name", K_ATTR, NULL},
  {"Equity Ticker", K_ID, NULL},
  {"ISIN", K_ID, NULL},
  {"Vessel Registration Identification", K_VESSEL_ID, NULL},
  {"Digital Currency Address -", K_CURRENCY, NULL},
  {"Passport", K_ID, NULL},
  {"Diplomatic Passport", K_ID, NULL},
  {"Passport Booklet:", K_ID, "Passport Booklet"},
  {"National ID No.", K_ID, NULL},
  {"National Foreign ID Number", K_ID, NULL},
  {"Personal ID Card", K_ID, NULL},
  {"Tax ID No.", K_ID, NULL},
  {"Cedula No.", K_ID, NULL},
  {"NIT #", K_ID, NULL},
  {"RUC #", K_ID, NULL},
  {"RIF #", K_ID, NULL},
  {"RTN", K_ID, NULL},
  {"C.U.R.P.", K_ID, NULL},
  {"C.U.R.P. #", K_ID, "C.U.R.P."},
  {"R.F.C.", K_ID, NULL},
  {"R.F.C. #", K_ID, "R.F.C."},
  {"RFC", K_ID, "R.F.C."},
  {"C.U.I.", K_ID, NULL},
  {"C.U.I.T.", K_ID, NULL},
  {"C.U.I.P.", K_ID, NULL},
  {"D.N.I.", K_ID, NULL},
  {"I.F.E.", K_ID, NULL},
  {"SSN", K_ID, NULL},
  {"US FEIN", K_ID, NULL},
  {"Registration Number", K_ID, NULL},
  {"Registration ID", K_ID, NULL},
  {"Business Registration Number", K_ID, NULL},
  {"Business Registration Document #", K_ID, NULL},
  {"Business Number", K_ID, NULL},
  {"Public Registration Number", K_ID, NULL},
  {"Government Gazette Number", K_ID, NULL},
  {"Identification Number", K_ID, NULL},
  {"Folio Mercantil No.", K_ID, NULL},
  {"Commercial Registry Number", K_ID, NULL},
  {"Company Number", K_ID, NULL},
  {"UK Company Number", K_ID, NULL},
  {"Legal Entity Number", K_ID, NULL},
  {"LE Number", K_ID, NULL},
  {"License", K_ID, NULL},
  {"V.A.T. Number", K_ID, NULL},
  {"C.R. No.", K_ID, NULL},
  {"Romanian C.R.", K_ID, NULL},
  {"Economic Register Number (CBLS)", K_ID, NULL},
  {"Unified Social Credit Code (USCC)", K_ID, NULL},
  {"United Social Credit Code Certificate (USCCC)", K_ID, NULL},
  {"Trade License No.", K_ID, NULL},
  {"Matricula Mercantil No", K_ID, NULL},
  {"Chamber of Commerce Number", K_ID, NULL},
  {"Istanbul Chamber of Comm. No.", K_ID, NULL},
  {"Dubai Chamber of Commerce Membership No.", K_ID, NULL},
  {"D-U-N-S Number", K_ID, NULL},
  {"Central Registration System Number", K_ID, NULL},
  {"Certificate of Incorporation Number", K_ID, NULL},
  {"Enterprise Number", K_ID, NULL},
  {"Branch Unit Number", K_ID, NULL},
  {"Registered Charity No.", K_ID, NULL},
  {"Chinese Commercial Code", K_ID, NULL},
  {"Organization Code", K_ID, NULL},
  {"Permit Number", K_ID, NULL},
  {"SRE Permit No.", K_ID, NULL},
  {"File Number", K_ID, NULL},
  {"BIK (RU)", K_ID, NULL},
  {"SWIFT/BIC", K_ID, NULL},
  {"Birth Certificate Number", K_ID, NULL},
  {"Driver's License No.", K_ID, NULL},
  {"Electoral Registry No.", K_ID, NULL},
  {"Credencial electoral", K_ID, NULL},
  {"Cartilla de Servicio Militar Nacional", K_ID, NULL},
  {"Residency Number", K_ID, NULL},
  {"Italian Fiscal Code", K_ID, NULL},
  {"Turkish Identification Number", K_ID, NULL},
  {"Numero de Identidad", K_ID, NULL},
  {"Citizen's Card Number", K_ID, NULL},
  {"Kenyan ID No.", K_ID, NULL},
  {"Travel Document Number", K_ID, NULL},
  {"Refugee ID Card", K_ID, NULL},
  {"Tazkira National ID Card", K_ID, NULL},
  {"VisaNumberID", K_ID, NULL},
  {"Website", K_ID, NULL},
  {"Email Address", K_ID, NULL},
  {"Phone Number", K_ID, NULL},
  {"Telephone", K_ID, NULL},
  {"Telephone No.", K_ID, "Telephone"},
  {"Fax", K_ID, NULL},
  {"Fax No.", K_ID, "Fax"},
  {"MMSI", K_ID, NULL},
  {"Aircraft Manufacturer's Serial Number (MSN)", K_ID, NULL},
  {"Aircraft Tail Number", K_ID, NULL},
  {"Aircraft Construction Number (also called L/N or S/N or F/N)", K_ID, NULL},
  {"Aircraft Mode S Transponder Code", K_ID, NULL},
  {"Aircraft Serial Identification", K_ID, NULL},
};

/* Whether `label` starts s[0..n) and ends at a word boundary. */
static int starts_with_label(const char *s, size_t n, const char *label) {
  size_t m = strlen(label);
  if (!vet__ascii_istarts(s, n, label)) return 0;
  if (m == n) return 1;
  unsigned char last = (unsigned char)label[m - 1], next = (unsigned char)s[m];
  return !isalnum(last) || next == ' ' || next == ':' || next == '\t';
}

/* The vocabulary term whose label is the longest prefix of s[0..n), or NULL. */
static const term *lookup(const char *s, size_t n) {
  const term *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < sizeof vocab / sizeof *vocab; i++) {
    size_t m = strlen(vocab[i].label);
    if (m > best_len && starts_with_label(s, n, vocab[i].label)) {
      best = &vocab[i];
      best_len = m;
    }
  }
  return best;
}

/* A snake_case key from a label ("Listing Date (EO 14024 Directive 3):" ->
 * "listing_date_eo_14024_directive_3") into buf. */
static void derive_key(const char *label, size_t n, char *buf, size_t cap) {
  size_t w = 0;
  int gap = 0;
  for (size_t i = 0; i < n && w + 2 < cap; i++) {
    unsigned char c = (unsigned char)label[i];
    if (isalnum(c)) {
      if (gap && w) buf[w++] = '_';
      buf[w++] = (char)tolower(c);
      gap = 0;
    } else {
      gap = 1;
    }
  }
  buf[w] = '\0';
}

/* Splits an identifier value "NUMBER (COUNTRY) NOTE" or "NUMBER issued ..."
 * into its parts; each out-pointer points into the value (not terminated). */
typedef struct span { const char *s; size_t n; } span;

static void split_id(const char *v, size_t n, span *num, span *country, span *note) {
  num->s = v;
  num->n = n;
  country->s = note->s = NULL;
  country->n = note->n = 0;
  const char *open = n > 1 ? memchr(v + 1, '(', n - 1) : NULL;
  if (open) {
    const char *close = memchr(open, ')', (size_t)(v + n - open));
    if (close) {
      num->n = (size_t)(open - v);
      country->s = open + 1;
      country->n = (size_t)(close - open - 1);
      note->s = close + 1;
      note->n = (size_t)(v + n - close - 1);
      return;
    }
  }
  static const char *const note_words[] = {" issued ", " expires ", " Issue Date", " Expiration Date",
                                           " valid "};
  const char *cut = NULL;
  for (size_t i = 0; i < sizeof note_words / sizeof *note_words; i++) {
    const char *p = vet__ascii_istr(v, n, note_words[i]);
    if (p && (!cut || p < cut)) cut = p;
  }
  if (cut) {
    num->n = (size_t)(cut - v);
    note->s = cut + 1;
    note->n = (size_t)(v + n - cut - 1);
  }
}

static int add_id(vet__eb *eb, const char *type, size_t type_n, const char *v, size_t vn,
                  const char *country, const char *note) {
  vet__arena *a = vet__eb_arena(eb);
  span num = {v, vn}, ctry = {NULL, 0}, nt = {NULL, 0};
  if (!country) split_id(v, vn, &num, &ctry, &nt);
  vet__trim(&num.s, &num.n);
  if (num.n == 0) return 1;
  const char *t = vet__arena_strndup(a, type, type_n);
  const char *nb = vet__arena_strndup(a, num.s, num.n);
  const char *c = country ? country : ctry.s ? vet__arena_strndup(a, ctry.s, ctry.n) : NULL;
  const char *o = note ? note : nt.s ? vet__arena_strndup(a, nt.s, nt.n) : NULL;
  if (!t || !nb || (ctry.s && !c) || (nt.s && !o)) return VET_ENOMEM;
  int rc = vet__eb_id(eb, t, nb, c, o);
  return rc ? rc : 1;
}

int vet__ofac_feature(vet__eb *eb, const char *label, size_t label_n, const char *value,
                      size_t value_n, const char *country, const char *note) {
  vet__trim(&label, &label_n);
  if (vet__ascii_istarts(label, label_n, "alt. ")) {
    label += 5;
    label_n -= 5;
    vet__trim(&label, &label_n);
  }
  const term *t = lookup(label, label_n);
  if (!t) return 0;
  /* Text after the label inside `label` itself (the CSV passes the whole item as label). */
  size_t m = strlen(t->label);
  const char *v = value;
  size_t vn = value_n;
  if (value && m < label_n) return 0; /* XML: an idType longer than the label is another type */
  if (m < label_n) {
    v = label + m;
    vn = label_n - m;
  }
  vet__trim(&v, &vn);
  while (vn && (*v == ':' || *v == '-') && t->k != K_CURRENCY) {
    v++;
    vn--;
    vet__trim(&v, &vn);
  }
  if (vn == 0 && country && t->k == K_ATTR) { /* XML: "Nationality of Registration" in idCountry */
    v = country;
    vn = strlen(country);
  }
  if (vn == 0) return 1;
  int rc = 0;
  switch (t->k) {
  case K_BIRTH: rc = vet__eb_birth(eb, v, vn); break;
  case K_POB: rc = vet__eb_strlist(eb, VET__SL_PLACE_OF_BIRTH, v, vn); break;
  case K_NAT: rc = vet__eb_strlist(eb, VET__SL_NATIONALITY, v, vn); break;
  case K_CIT: rc = vet__eb_strlist(eb, VET__SL_CITIZENSHIP, v, vn); break;
  case K_ID: {
    const char *type = t->out ? t->out : t->label;
    return add_id(eb, type, strlen(type), v, vn, country, note);
  }
  case K_VESSEL_ID:
    if (vn > 4 && vet__ascii_istarts(v, vn, "IMO ")) return add_id(eb, "IMO", 3, v + 4, vn - 4, country, note);
    return add_id(eb, t->label, strlen(t->label), v, vn, country, note);
  case K_CURRENCY: {
    /* "XBT 1Kuf2R..." : the currency code joins the type. */
    while (vn && (*v == '-' || *v == ' ')) { v++; vn--; }
    const char *sp = memchr(v, ' ', vn);
    if (!sp) return add_id(eb, t->label, strlen(t->label) - 2, v, vn, country, note);
    char type[64];
    int tn = snprintf(type, sizeof type, "Digital Currency Address - %.*s", (int)(sp - v), v);
    if (tn < 0 || (size_t)tn >= sizeof type) tn = (int)sizeof type - 1;
    return add_id(eb, type, (size_t)tn, sp + 1, (size_t)(v + vn - sp - 1), country, note);
  }
  case K_ATTR: {
    char key[96];
    if (t->out) snprintf(key, sizeof key, "%s", t->out);
    else derive_key(t->label, strlen(t->label), key, sizeof key);
    rc = vet__eb_attr(eb, key, v, vn);
    break;
  }
  }
  return rc ? rc : 1;
}

/* One remarks item (trimmed, without its "; "). */
static int item(vet__eb *eb, const char *s, size_t n) {
  if (n >= 2 && s[0] == '(' && s[n - 1] == ')') { /* XML: "(Linked To: X)" */
    s++;
    n -= 2;
    vet__trim(&s, &n);
  }
  if (n == 0) return 0;
  static const struct { const char *p; vet_name_kind k; } akas[] = {
    {"a.k.a.", VET_NAME_AKA}, {"f.k.a.", VET_NAME_FKA}, {"n.k.a.", VET_NAME_NKA}};
  for (size_t i = 0; i < 3; i++) {
    if (!vet__ascii_istarts(s, n, akas[i].p)) continue;
    const char *v = s + 6;
    size_t vn = n - 6;
    vet__trim(&v, &vn);
    if (vn >= 2 && v[0] == '\'' && v[vn - 1] == '\'') { /* the quotes OFAC puts around a weak alias */
      v++;
      vn -= 2;
    }
    return vet__eb_name(eb, v, vn, akas[i].k, VET_STRENGTH_WEAK, NULL, NULL);
  }
  int rc = vet__ofac_feature(eb, s, n, NULL, 0, NULL, NULL);
  if (rc != 0) return rc < 0 ? rc : 0;
  /* "Label: value" with a label of a few words becomes an attribute keyed by the label. */
  if (vet__ascii_istarts(s, n, "alt. ")) {
    s += 5;
    n -= 5;
  }
  const char *colon = memchr(s, ':', n < 80 ? n : 80);
  if (colon && colon > s && (size_t)(colon - s) + 1 < n && colon[1] == ' ') {
    char key[96];
    derive_key(s, (size_t)(colon - s), key, sizeof key);
    if (key[0]) return vet__eb_attr(eb, key, colon + 1, (size_t)(s + n - colon - 1));
  }
  return 0;
}

int vet__ofac_remarks(vet__eb *eb, const char *text, size_t n) {
  if (!text) return 0;
  vet__trim(&text, &n);
  if (n && text[n - 1] == '.') n--; /* OFAC ends every remarks text with a period */
  const char *p = text, *end = text + n;
  while (p < end) {
    const char *semi = memchr(p, ';', (size_t)(end - p));
    const char *stop = semi ? semi : end;
    const char *s = p;
    size_t len = (size_t)(stop - p);
    vet__trim(&s, &len);
    int rc = item(eb, s, len);
    if (rc < 0) return rc;
    p = semi ? semi + 1 : end;
  }
  return 0;
}

int vet__ofac_programs(vet__eb *eb, const char *text, size_t n) {
  const char *p = text, *end = text + n;
  while (p < end) {
    while (p < end && (*p == '[' || *p == ']' || *p == ' ')) p++;
    const char *q = p;
    while (q < end && *q != ']' && *q != '[') q++;
    if (q > p) {
      int rc = vet__eb_strlist(eb, VET__SL_PROGRAM, p, (size_t)(q - p));
      if (rc) return rc;
    }
    p = q;
  }
  return 0;
}

int vet__ofac_nonsdn_marked(const char *text, size_t n) {
  if (vet__ascii_istr(text, n, "Not on the SDN List") ||
      vet__ascii_istr(text, n, "Directive Determination") ||
      vet__ascii_istr(text, n, "EO 14024 Directive") || vet__ascii_istr(text, n, "561List") ||
      vet__ascii_istr(text, n, "CMIC-EO"))
    return 1;
  /* Program tags NS-PLC, NS-ISA, ... and FSE-SY, FSE-IR, ...: at a word start, upper case. */
  for (size_t i = 0; i + 4 <= n; i++) {
    if (i > 0 && isalnum((unsigned char)text[i - 1])) continue;
    if ((!memcmp(text + i, "NS-", 3) && isupper((unsigned char)text[i + 3])) ||
        (i + 5 <= n && !memcmp(text + i, "FSE-", 4) && isupper((unsigned char)text[i + 4])))
      return 1;
  }
  return 0;
}
