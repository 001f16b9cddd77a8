/* el_cell.c — see el_cell.h for the shapes of the text.
 *
 * The parsers work on a NUL-terminated copy of the cell text and only move
 * forward through it; every decision looks at most one word ahead, so a
 * cell is parsed in time linear in its length. Where the text does not
 * follow a known shape the rest of it is kept as address text rather than
 * dropped: the alias-count check in the callers catches the cases where the
 * split went wrong. */
#include "readers/el_cell.h"
#include "core/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ cell text */

static int put_space(vet__buf *b) {
  if (!b->len || b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n') return 0;
  return vet__buf_putc(b, ' ');
}

static int put_newline(vet__buf *b) {
  while (b->len && b->data[b->len - 1] == ' ') b->data[--b->len] = '\0';
  return vet__buf_putc(b, '\n');
}

static int put_text(vet__buf *b, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    int rc = (c == ' ' || c == '\t' || c == '\n' || c == '\r') ? put_space(b) : vet__buf_putc(b, (char)c);
    if (rc) return VET_ENOMEM;
  }
  return 0;
}

static int is_tag(xmlNodePtr n, const char *name) {
  return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* 1 if the element's whole text is "and" (an italic list conjunction). */
static int is_list_and(xmlNodePtr n) {
  xmlChar *t = xmlNodeGetContent(n);
  if (!t) return 0;
  const char *s = (const char *)t;
  size_t len = strlen(s);
  vet__trim(&s, &len);
  int r = len == 3 && !memcmp(s, "and", 3);
  xmlFree(t);
  return r;
}

static int walk(vet__buf *b, xmlNodePtr n, int lines) {
  for (; n; n = n->next) {
    int rc = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      rc = n->content ? put_text(b, (const char *)n->content) : 0;
    } else if (n->type != XML_ELEMENT_NODE) {
      continue;
    } else if (is_tag(n, "sup") || is_tag(n, "SU") || is_tag(n, "FTREF")) {
      continue; /* footnote marks */
    } else if (is_tag(n, "br")) {
      rc = lines ? put_newline(b) : put_space(b);
    } else if (is_tag(n, "LI") || is_tag(n, "P")) {
      rc = lines ? put_newline(b) : put_space(b);
      if (!rc) rc = walk(b, n->children, lines);
    } else if (lines && is_tag(n, "E") && is_list_and(n)) {
      rc = vet__buf_putc(b, ';');
    } else if (lines && is_tag(n, "E") && (!b->len || b->data[b->len - 1] == '\n')) {
      /* Italics that open a line: a name set in italics (see VET__EL_ITALIC). */
      rc = vet__buf_putc(b, VET__EL_ITALIC);
      if (!rc) rc = walk(b, n->children, lines);
      if (!rc) rc = vet__buf_putc(b, VET__EL_ITALIC_END);
    } else {
      rc = walk(b, n->children, lines);
    }
    if (rc) return VET_ENOMEM;
  }
  return 0;
}

int vet__el_cell_text(vet__buf *b, xmlNodePtr cell, int lines) {
  size_t start = b->len;
  if (walk(b, cell->children, lines)) return VET_ENOMEM;
  /* Trim the cell: no white space or line breaks at either end. */
  size_t k = start;
  while (k < b->len && (b->data[k] == ' ' || b->data[k] == '\n')) k++;
  if (k > start) {
    memmove(b->data + start, b->data + k, b->len - k + 1);
    b->len -= k - start;
  }
  while (b->len > start && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n'))
    b->data[--b->len] = '\0';
  return 0;
}

/* ------------------------------------------------------------- words */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_alnum(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* Case-insensitive: does t[i..] start with p? */
static int starts(const char *t, size_t i, const char *p) {
  for (size_t k = 0; p[k]; k++)
    if (!t[i + k] || lower((unsigned char)t[i + k]) != lower((unsigned char)p[k])) return 0;
  return 1;
}

/* Case-insensitive: is the word w at t[i] (followed by a non-letter)? */
static int starts_word(const char *t, size_t i, const char *w) {
  return starts(t, i, w) && !is_alnum((unsigned char)t[i + strlen(w)]);
}

/* An alias marker at t[i] (at a word start): its length, and the kind. */
static size_t marker_at(const char *t, size_t i, vet_name_kind *kind) {
  if (i > 0 && is_alnum((unsigned char)t[i - 1])) return 0;
  static const struct { const char *p; vet_name_kind k; } m[] = {
    {"a.k.a", VET_NAME_AKA}, {"f.k.a", VET_NAME_FKA}, {"also known as", VET_NAME_AKA},
    {"formerly known as", VET_NAME_FKA}, {"formerly", VET_NAME_FKA},
  };
  for (size_t k = 0; k < sizeof m / sizeof *m; k++) {
    size_t n = strlen(m[k].p);
    if (starts(t, i, m[k].p) && !is_alnum((unsigned char)t[i + n])) {
      if (kind) *kind = m[k].k;
      return n;
    }
  }
  return 0;
}

/* The word at t[i] (letters, digits, '.', '\'', '-'), lower-cased with
 * dots removed, into w (cap bytes). Returns its length in t. */
static size_t word_at(const char *t, size_t i, char *w, size_t cap) {
  size_t k = i, o = 0;
  while (t[k] && (is_alnum((unsigned char)t[k]) || t[k] == '.' || t[k] == '\'' || t[k] == '-')) {
    if (t[k] != '.' && o + 1 < cap) w[o++] = (char)lower((unsigned char)t[k]);
    k++;
  }
  w[o] = '\0';
  return k - i;
}

static int in_list(const char *w, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(w, *list)) return 1;
  return 0;
}

/* Legal-form words that may follow a comma inside a name ("Co., Ltd."). */
static const char *const legal_forms[] = {
  "ltd", "limited", "inc", "incorporated", "llc", "co", "corp", "corporation", "sa", "sas",
  "sarl", "srl", "sl", "spa", "gmbh", "ag", "kg", "jsc", "ojsc", "pjsc", "cjsc", "ao", "oao",
  "zao", "pao", "ooo", "llp", "lp", "plc", "pte", "pvt", "bv", "nv", "sdn", "bhd", "fze",
  "fzco", "fzc", "fz-llc", "dmcc", "kft", "sro", "oy", "ab", "ltda", "pty", "lda", "sac",
  "saic", "sae", "kk", "tic", "lc", "pc", "s", "de", "cv", "dooel", "doo", "ad", "eood", "ood",
  "uab", "sp", "zoo", "private", "pjs", "jv", "sirketi", "sti", "şirketi", "şti", NULL};

/* Words after which a full stop is an abbreviation, not the end of a name. */
static const char *const abbreviations[] = {
  "co", "ltd", "inc", "corp", "st", "no", "nr", "dr", "mr", "mrs", "ms", "jr", "sr", "bros",
  "intl", "int'l", "mfg", "pvt", "pte", "bhd", "sdn", "dept", "univ", "inst", "tech", "ind",
  "eng", "est", "assn", "assoc", "govt", "gen", "col", "lt", "capt", "prof", "sq", "ave", "rd",
  "blvd", "bldg", "apt", "fl", "ft", "mt", "sa", "llc", "plc", "jsc", "ao", "gmbh", "bv", "nv",
  "srl", "sarl", "spa", "ag", "sl", "cia", "ste", "vs", "etc", "int", "elec", "mach", "equip",
  "ent", "grp", "hldgs", "telecom", "comm", "sci", "res", "acad", "natl", "e", "p",
  "tic", "san", "bilg", "ith", "ihr", "ins", "paz", "muh", "tur", NULL};

/* Words that only organizations carry in their names. */
static const char *const org_words[] = {
  "ltd", "limited", "inc", "llc", "co", "corp", "corporation", "company", "companies", "group",
  "jsc", "ojsc", "pjsc", "cjsc", "gmbh", "ag", "sa", "sarl", "srl", "spa", "plc", "llp", "pte",
  "pvt", "bhd", "fze", "fzco", "dmcc", "ooo", "oao", "zao", "pao", "ao", "bv", "nv", "kft",
  "institute", "institution", "university", "academy", "bureau", "center", "centre",
  "laboratory", "laboratories", "lab", "labs", "technology", "technologies", "tech",
  "industries", "industry", "industrial", "enterprise", "enterprises", "factory", "plant",
  "trading", "trade", "holding", "holdings", "international", "intl", "systems", "solutions",
  "electronics", "electronic", "services", "service", "association", "ministry", "department",
  "agency", "organization", "organisation", "research", "bank", "airlines", "airline",
  "shipping", "network", "networks", "aviation", "logistics", "engineering", "development",
  "science", "sciences", "scientific", "corporate", "office", "import", "export", "works",
  "products", "instruments", "equipment", "machinery", "supply", "supplies", "store", "shop",
  "partners", "committee", "council", "foundation", "society", "school", "college", "hospital",
  "plant", "base", "division", "unit", "project", "establishment", "authority", "army", "navy",
  "force", "forces", "guard", "party", "front", "brigade", "communications", "telecom",
  "semiconductor", "semiconductors", "microelectronics", "aerospace", "energy", "petroleum",
  "oil", "gas", "chemical", "chemicals", "pharmaceutical", "biotech", "software", "computer",
  "computing", "digital", "media", "marine", "maritime", "cargo", "freight", "express", "motors",
  "industrie", "firma", "obshchestvo", "otvetstvennostyu", "aktsionernoe", "zavod",
  "kombinat", "nauchno", "proizvodstvennoe", "predpriyatie", "tsentr", "llp", "ventures",
  "consultancy", "consulting", "consultants", "security", "defense", "defence", "military",
  "armed", "technical", "tehnologii", "limitada", "sociedad", "societe", "societa", NULL};

/* Words of a subordinate unit's name ("Academy of Military Medical
 * Sciences, Institute of Basic Medicine") and words of addresses. */
static const char *const unit_words[] = {
  "institute", "institution", "academy", "plant", "factory", "bureau", "company", "corporation",
  "research", "laboratory", "university", "college", "school", "hospital", "department",
  "division", "branch", "enterprise", "works", "design", "jsc", "ojsc", "pjsc", "ao", "oao",
  "zao", "pao", "ooo", "llc", "ltd", "limited", "concern", "association", "group", "holding", NULL};
static const char *const address_words[] = {
  "street", "st", "road", "rd", "avenue", "ave", "building", "bldg", "floor", "fl", "room", "rm",
  "no", "district", "lane", "highway", "box", "suite", "unit", "block", "ulitsa", "ul", "prospekt",
  "pr", "str", "house", "village", "city", "province", "oblast", "region", "zone", "park", "tower",
  "plaza", "square", "sq", "boulevard", "blvd", "shosse", "pereulok", "per", "km", "d", "office",
  "offices", "industrial", "town", "county", "estate", "area", "center", "centre", "market", NULL};

/* 1 if the comma-separated segment at t[k] names a unit of the entity
 * rather than starting its address: it holds a unit word and no address
 * word. */
static int unit_segment(const char *t, size_t k) {
  int unit = 0;
  for (size_t i = k; t[i] && t[i] != ',' && t[i] != ';' && t[i] != '\n' && t[i] != '(';) {
    if (!is_alnum((unsigned char)t[i])) {
      i++;
      continue;
    }
    char w[32];
    size_t n = word_at(t, i, w, sizeof w);
    if (marker_at(t, i, NULL)) break;
    if (in_list(w, address_words)) return 0;
    if (in_list(w, unit_words)) unit = 1;
    i += n ? n : 1;
  }
  return unit;
}

/* Legal forms that end a name when written with a full stop. */
static const char *const terminal_forms[] = {
  "ltd", "llc", "inc", "plc", "jsc", "gmbh", "bv", "nv", "srl", "sarl", "spa", "ag", "ao", "ooo",
  "limited", "corp", "llp", "pjsc", "ojsc", "cjsc", "fze", "fzco", "bhd", "ltda", NULL};

/* The word that ends just before t[dot], lower-cased without dots, into w. */
static void prev_word(const char *t, size_t from, size_t dot, char *w, size_t cap) {
  size_t k = dot;
  while (k > from && (is_alnum((unsigned char)t[k - 1]) || t[k - 1] == '\'' || t[k - 1] == '.')) k--;
  w[0] = '\0';
  if (k < dot) word_at(t, k, w, cap);
}

static size_t list_intro(const char *t, size_t i, int *count);
static size_t skip_spaces(const char *t, size_t i);
static size_t skip_dash(const char *t, size_t i, int *had);

/* 1 if an alias marker follows on this line with no digit before it:
 * "Tactical Missile Corporation, Joint-Stock Company “Research Center for
 * Automated Design, a.k.a., ...": what stands between the first comma and
 * the aliases is still the name (addresses follow the aliases). */
static int marker_ahead(const char *t, size_t k) {
  int dummy;
  for (size_t i = k; t[i] && t[i] != '\n' && t[i] != ';' && t[i] != '('; i++) {
    if (is_digit((unsigned char)t[i])) return 0;
    if ((i == k || t[i - 1] == ' ') && (marker_at(t, i, NULL) || list_intro(t, i, &dummy))) return i > k;
  }
  return 0;
}

static int abbrev_before(const char *t, size_t from, size_t dot) {
  size_t k = dot;
  while (k > from && (is_alnum((unsigned char)t[k - 1]) || t[k - 1] == '\'' || t[k - 1] == '.')) k--;
  if (k == dot) return 0;
  char w[32];
  word_at(t, k, w, sizeof w);
  size_t len = dot - k;
  if (len == 1) return 1;                    /* an initial: "John A. Smith" */
  if (memchr(t + k, '.', len)) return 1;     /* "S.A.", "L.L.C." */
  return in_list(w, abbreviations);
}

/* The end (exclusive) of a name that starts at t[i]; see el_cell.h. */
static size_t name_end(const char *t, size_t i, int in_paren) {
  size_t j = i;
  int depth = 0;
  for (; t[j]; j++) {
    unsigned char c = (unsigned char)t[j];
    if (c == '\n' || c == ';') break;
    if (c == '(') {
      if (marker_at(t, j + 1, NULL) || starts(t, j + 1, "see ")) break;
      depth++;
      continue;
    }
    if (c == ')') {
      if (depth) depth--;
      else if (in_paren) break;
      continue;
    }
    if (depth) continue;
    if (c == ' ' && j > i && marker_at(t, j + 1, NULL)) break;
    if (in_paren) continue; /* "(a.k.a. X, G. Yekaterinburg OAO; ...)": only ';' and ')' end a name */
    if (c == ',') {
      size_t k = j + 1;
      while (t[k] == ' ') k++;
      if (marker_at(t, k, NULL)) break;
      int n_intro;
      if (list_intro(t, k, &n_intro) || (starts_word(t, k, "and") && list_intro(t, skip_spaces(t, k + 3), &n_intro)))
        break; /* ", and the following three aliases:" */
      char w[32];
      if (is_upper((unsigned char)t[k]) && word_at(t, k, w, sizeof w) && in_list(w, legal_forms)) continue;
      if (t[k] == '(' && !marker_at(t, k + 1, NULL)) continue; /* "Poly Asia Pacific Ltd., (PAPL)" */
      if (unit_segment(t, k) || marker_ahead(t, k)) continue;
      break;
    }
    if (c == '.' && (t[j + 1] == ' ')) {
      size_t k = j + 2;
      char prev[32], next[32];
      prev_word(t, i, j, prev, sizeof prev);
      /* "LLC. 5 Dzerzhinsky Ave.": a number after a full stop starts the
       * address, unless the stop closes "No."; a capital starts it after a
       * word that is no abbreviation, or after a legal form that ends a
       * name ("Ltd. Espoo") unless another legal form follows ("Co. Ltd."). */
      int abbrev = abbrev_before(t, i, j), stop = 0;
      word_at(t, k, next, sizeof next);
      if (is_digit((unsigned char)t[k])) stop = strcmp(prev, "no") && strcmp(prev, "nr");
      else if (is_upper((unsigned char)t[k]))
        stop = !abbrev || (in_list(prev, terminal_forms) && !in_list(next, legal_forms));
      else /* "Gazmash. d. 54": a lower-case address word after a full stop */
        stop = !abbrev && in_list(next, address_words);
      if (stop) {
        if (abbrev) j++; /* keep the abbreviation's full stop: "Ltd." */
        break;
      }
    }
  }
  return j;
}

/* Copies t[i..e) trimmed of spaces and trailing separators (a final full
 * stop too, unless it closes an abbreviation) into the arena. */
static const char *take_name(vet__arena *a, const char *t, size_t i, size_t e) {
  while (i < e && (t[i] == ' ' || t[i] == ',' || t[i] == ':')) i++;
  if (e - i > 2 && t[i] == '\'' && t[i + 1] == ' ') i += 2; /* "'Zaliv;' JSC": a stray closing quote */
  for (;;) {
    while (e > i && (t[e - 1] == ' ' || t[e - 1] == ',' || t[e - 1] == ';' || t[e - 1] == ':')) e--;
    if (e > i && t[e - 1] == '.' && !abbrev_before(t, i, e - 1)) {
      e--;
      continue;
    }
    break;
  }
  if (e <= i) return NULL;
  return vet__arena_strndup(a, t + i, e - i);
}

static int has_alnum(const char *s) {
  for (; *s; s++)
    if (is_alnum((unsigned char)*s)) return 1;
  return 0;
}

/* ------------------------------------------------------------ numbers */

int vet__el_number_word(const char *s, size_t n) {
  static const char *const ones[] = {"zero", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen"};
  static const char *const tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety"};
  if (n == 0) return -1;
  if (is_digit((unsigned char)s[0])) {
    int v = 0;
    for (size_t k = 0; k < n; k++) {
      if (!is_digit((unsigned char)s[k]) || v > 10000) return -1;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  }
  char w[40];
  if (n >= sizeof w) return -1;
  for (size_t k = 0; k < n; k++) w[k] = (char)lower((unsigned char)s[k]);
  w[n] = '\0';
  for (int k = 0; k < 20; k++)
    if (!strcmp(w, ones[k])) return k;
  for (int k = 0; k < 8; k++) {
    size_t tl = strlen(tens[k]);
    if (strncmp(w, tens[k], tl)) continue;
    if (!w[tl]) return 20 + 10 * k;
    if (w[tl] == '-')
      for (int o = 1; o < 10; o++)
        if (!strcmp(w + tl + 1, ones[o])) return 20 + 10 * k + o;
  }
  return -1;
}

/* ------------------------------------------------------------ entity cell */

typedef struct parser {
  vet__arena *a;
  const char *t;
  vet__el_cell *out;
  size_t cap_aliases;
} parser;

static int add_alias(parser *p, const char *text, vet_name_kind kind) {
  if (!text) return 0;
  vet__el_cell *c = p->out;
  if (c->n_aliases == p->cap_aliases) {
    size_t cap = p->cap_aliases ? p->cap_aliases * 2 : 8;
    vet__el_alias *v = vet__arena_alloc(p->a, cap * sizeof *v);
    if (!v) return VET_ENOMEM;
    if (c->n_aliases) memcpy(v, c->aliases, c->n_aliases * sizeof *v);
    c->aliases = v;
    p->cap_aliases = cap;
  }
  c->aliases[c->n_aliases].text = text;
  c->aliases[c->n_aliases].kind = kind;
  c->n_aliases++;
  return 0;
}

static int add_remark(parser *p, const char *r) {
  vet__el_cell *c = p->out;
  if (!c->remarks) {
    c->remarks = r;
    return 0;
  }
  size_t a = strlen(c->remarks), b = strlen(r);
  char *s = vet__arena_alloc(p->a, a + b + 2);
  if (!s) return VET_ENOMEM;
  memcpy(s, c->remarks, a);
  s[a] = ' ';
  memcpy(s + a + 1, r, b + 1);
  c->remarks = s;
  return 0;
}

static size_t skip_spaces(const char *t, size_t i) {
  while (t[i] == ' ') i++;
  return i;
}

/* Skips a list dash: "—" (U+2014), "–" (U+2013) or "-". */
static size_t skip_dash(const char *t, size_t i, int *had) {
  *had = 0;
  if (!strncmp(t + i, "\xE2\x80\x94", 3) || !strncmp(t + i, "\xE2\x80\x93", 3)) {
    *had = 1;
    return skip_spaces(t, i + 3);
  }
  if (t[i] == '-' && t[i + 1] != '-') {
    *had = 1;
    return skip_spaces(t, i + 1);
  }
  return i;
}

/* Skips separators between list items (spaces, line breaks, ';', "and ").
 * Sets *para when a blank line (paragraph break) was crossed. */
static size_t skip_between(const char *t, size_t i, int *para) {
  int nl = 0;
  *para = 0;
  for (;;) {
    if (t[i] == ' ' || t[i] == ';' || t[i] == ',') i++;
    else if (t[i] == '\n') {
      if (++nl >= 2) *para = 1;
      i++;
    } else if (starts_word(t, i, "and")) i += 3;
    else break;
  }
  return i;
}

/* "the following seven aliases:" at t[i]: returns the position after it
 * and the count (-1 if the phrase gives none but is a list), or 0 when the
 * text is not such a phrase. */
static size_t list_intro(const char *t, size_t i, int *count) {
  if (!starts(t, i, "the ") && !starts(t, i, "following ")) return 0;
  size_t k = i, limit = i + 120;
  int n = -1;
  while (t[k] && k < limit && t[k] != '\n') {
    while (t[k] == ' ') k++;
    size_t w0 = k;
    while (t[k] && (is_alnum((unsigned char)t[k]) || t[k] == '-')) k++;
    if (k == w0) {
      if (!t[k] || t[k] == '\n' || t[k] == ':' || t[k] == ';') return 0;
      k++;
      continue;
    }
    if (starts(t, w0, "alia") || starts(t, w0, "entit")) { /* "aliaes", "the following one entity:" */
      if (n < 0) n = 1; /* "the following alias:" */
      /* Past the phrase: to just after its ':' (or before its line break or dash). */
      size_t e = k;
      while (t[e] && t[e] != ':' && t[e] != '\n' && strncmp(t + e, "\xE2\x80\x94", 3) && e < k + 80) e++;
      if (t[e] == ':') e++;
      else if (t[e] != '\n' && strncmp(t + e, "\xE2\x80\x94", 3)) e = k;
      *count = n;
      return e;
    }
    int v = vet__el_number_word(t + w0, k - w0);
    if (v >= 0 && n < 0) n = v;
  }
  return 0;
}

/* The end of a list item that starts at t[i]: the next ';' or line break
 * outside parentheses, or the end of the text. */
static size_t item_end(const char *t, size_t i) {
  int depth = 0;
  for (; t[i]; i++) {
    if (t[i] == '(') depth++;
    else if (t[i] == ')' && depth) depth--;
    else if (t[i] == '\n' || (t[i] == ';' && !depth)) break;
  }
  return i;
}

/* An announced list of aliases starting at t[*pos]. Items are the text up
 * to the next ';' or line break (commas belong to the alias); only the
 * last item, when the address follows it on the same line ("—Lubov
 * Skvortsova, 7150 Rue Chouinard, ..."), is cut where a name ends. The
 * list is over when the next item has no dash and the announced number has
 * been read, or at a blank line. *pos ends after the last item. */
static int parse_list(parser *p, size_t *pos, vet_name_kind kind, int announced, size_t *parsed) {
  const char *t = p->t;
  size_t i = *pos;
  size_t count = 0;
  int para = 0, dash;
  i = skip_between(t, i, &para);
  for (;;) {
    size_t s = skip_dash(t, i, &dash);
    if (starts_word(t, s, "and")) s = skip_spaces(t, s + 3);
    size_t e = item_end(t, s);
    size_t n2 = skip_between(t, e, &para);
    int next_dash;
    skip_dash(t, n2, &next_dash);
    /* A blank line ends the list unless a dashed item follows it. */
    int last = !t[n2] || (!next_dash && (para || announced < 0 || count + 1 >= (size_t)announced));
    if (last && t[e] != '\n') e = name_end(t, s, 0);
    const char *nm = take_name(p->a, t, s, e);
    if (!nm) break;
    if (nm[0] == '(' && nm[strlen(nm) - 1] == ')') {
      /* "(all of preceding located in or near Mianyang)": a remark, no alias */
      if (add_remark(p, nm)) return VET_ENOMEM;
    } else if (has_alnum(nm)) { /* a stray quote between ';' and "and" is no alias */
      if (add_alias(p, nm, kind)) return VET_ENOMEM;
      count++;
    }
    i = e;
    if (last) break;
    i = n2;
  }
  *parsed += count;
  *pos = i;
  return 0;
}

static void find_remarks(parser *p, char *t) {
  vet__buf r = VET__BUF_INIT;
  for (size_t i = 0; t[i]; i++) {
    if (t[i] != '(' || !starts(t, i + 1, "see ")) continue;
    size_t k = i + 1;
    int depth = 1;
    while (t[k] && depth) {
      if (t[k] == '(') depth++;
      if (t[k] == ')') depth--;
      k++;
    }
    if ((r.len && vet__buf_putc(&r, ' ')) || vet__buf_append(&r, t + i, k - i)) vet__arena_fail(p->a);
    memset(t + i, ' ', k - i);
  }
  if (r.len) p->out->remarks = vet__arena_strndup(p->a, r.data, r.len);   /* NULL marks the arena */
  vet__buf_free(&r);
}

static int add_address(parser *p, const char *t, size_t i, size_t e, const char ***v, size_t *cap) {
  for (;;) {
    while (i < e && (t[i] == ' ' || t[i] == '.' || t[i] == ',' || t[i] == ':')) i++;
    if (e - i >= 4 && starts(t, i, "and ")) {
      i += 4;
      continue;
    }
    break;
  }
  while (e > i && (t[e - 1] == ' ' || t[e - 1] == ',' || t[e - 1] == '.')) e--;
  int alnum = 0;
  for (size_t k = i; k < e && !alnum; k++) alnum = is_alnum((unsigned char)t[k]);
  if (!alnum || (e - i == 3 && starts(t, i, "and"))) return 0;
  /* Alias text left here means the cell had a shape the parser does not
   * know (subordinate entities listed inline, ...): say so. */
  int dash;
  skip_dash(t, i, &dash);
  for (size_t k = i; k < e && !p->out->doubt; k++)
    if (marker_at(t, k, NULL)) p->out->doubt = "an alias marker (a.k.a./f.k.a.) is left in the address text";
  if (!p->out->doubt && dash && t[i] != '-')
    p->out->doubt = "a dash-led list item is left in the address text";
  vet__el_cell *c = p->out;
  if (c->n_addresses == *cap) {
    size_t nc = *cap ? *cap * 2 : 4;
    const char **nv = vet__arena_alloc(p->a, nc * sizeof *nv);
    if (!nv) return VET_ENOMEM;
    if (c->n_addresses) memcpy(nv, *v, c->n_addresses * sizeof *nv);
    *v = nv;
    *cap = nc;
  }
  const char *s = vet__arena_strndup(p->a, t + i, e - i);
  if (!s) return VET_ENOMEM;
  (*v)[c->n_addresses++] = s;
  c->addresses = *v;
  return 0;
}

static int has_org_word(const char *s) {
  for (size_t i = 0; s[i];) {
    if (!is_alnum((unsigned char)s[i])) {
      i++;
      continue;
    }
    char w[40];
    size_t k = i, o = 0;
    while (s[k] && (is_alnum((unsigned char)s[k]) || s[k] == '.')) {
      if (s[k] != '.' && o + 1 < sizeof w) w[o++] = (char)lower((unsigned char)s[k]);
      k++;
    }
    w[o] = '\0';
    if (in_list(w, org_words)) return 1;
    i = k;
  }
  return 0;
}

int vet__el_cell_parse(vet__arena *a, const char *s, size_t n, vet__el_cell *out) {
  memset(out, 0, sizeof *out);
  out->announced = -1;
  char *t = vet__arena_strndup(a, s, n);
  if (!t) return VET_ENOMEM;
  parser p = {a, t, out, 0};
  /* A name set in italics at the start is the name, whatever it holds. */
  size_t italic_end = 0;
  {
    size_t k = 0;
    while (t[k] == ' ' || t[k] == '\n') k++;
    if (t[k] == VET__EL_ITALIC) {
      const char *q = strchr(t + k, VET__EL_ITALIC_END);
      if (q) italic_end = (size_t)(q - t);
    }
  }
  for (size_t k = 0; t[k]; k++)
    if (t[k] == VET__EL_ITALIC || t[k] == VET__EL_ITALIC_END) t[k] = ' ';
  find_remarks(&p, t);
  size_t i = 0;
  while (t[i] == ' ' || t[i] == '\n') i++;
  size_t e = italic_end > i ? italic_end : name_end(t, i, 0);
  out->name = take_name(a, t, i, e);
  if (!out->name && e > i) return VET_ENOMEM;
  i = e;
  /* Alias groups, each introduced by a marker. */
  for (;;) {
    size_t k = i;
    while (t[k] == ' ' || t[k] == ',' || t[k] == '.' || t[k] == ';') k++;
    int paren = t[k] == '(';
    if (paren) k++;
    vet_name_kind kind = VET_NAME_AKA;
    size_t ml = marker_at(t, k, &kind);
    if (!ml && !paren) { /* "Tako LLC, the following one alias:", ", and the following three aliases:" */
      int intro_only;
      size_t k2 = starts(t, k, "and ") ? k + 4 : k;
      if (!list_intro(t, k2, &intro_only)) break;
      k = k2;
    } else if (!ml) {
      break;
    }
    k += ml;
    while (t[k] == ' ' || t[k] == '.' || t[k] == ',' || t[k] == ':') k++;
    if (starts(t, k, "and ")) k += 4;
    if (starts(t, k, "as ")) k += 3;
    if (starts(t, k, "including ")) k += 10;
    int count = -1;
    size_t after = paren ? 0 : list_intro(t, k, &count);
    if (!after && !paren && t[k] == '\n') { /* "a.k.a,\n—Mohammad Akram": a list without its count */
      size_t k2 = k;
      while (t[k2] == '\n' || t[k2] == ' ') k2++;
      int d;
      skip_dash(t, k2, &d);
      if (d) after = k2;
    }
    if (after) {
      size_t uncounted = 0;
      if (count >= 0) out->announced = (out->announced < 0 ? 0 : out->announced) + count;
      i = after;
      if (parse_list(&p, &i, kind, count, count >= 0 ? &out->n_listed : &uncounted)) return VET_ENOMEM;
    } else {
      for (;;) {
        size_t ne = name_end(t, k, paren);
        const char *nm = take_name(a, t, k, ne);
        if (nm && has_alnum(nm) && add_alias(&p, nm, kind)) return VET_ENOMEM;
        k = ne;
        if (!(paren && t[k] == ';')) break;
        while (t[k] == ';' || t[k] == ' ') k++;
        if (starts_word(t, k, "and")) k = skip_spaces(t, k + 3);
        vet_name_kind k2; /* "(a.k.a., X; a.k.a. Y; f.k.a. Z)" */
        size_t m2 = marker_at(t, k, &k2);
        if (m2) {
          kind = k2;
          k += m2;
          while (t[k] == ' ' || t[k] == '.' || t[k] == ',' || t[k] == ':') k++;
        }
      }
      if (paren && t[k] == ')') k++;
      i = k;
    }
  }
  /* The rest: addresses, separated by ';' and line breaks. */
  const char **v = NULL;
  size_t cap = 0;
  size_t start = i;
  for (size_t k = i;; k++) {
    if (t[k] == ';' || t[k] == '\n' || !t[k]) {
      if (add_address(&p, t, start, k, &v, &cap)) return VET_ENOMEM;
      start = k + 1;
      if (!t[k]) break;
    }
  }
  out->organization = out->name && has_org_word(out->name);
  for (size_t k = 0; k < out->n_aliases && !out->organization; k++)
    out->organization = has_org_word(out->aliases[k].text);
  /* A copy that failed reads as an absent part (take_name() gives NULL, a
   * remark is dropped); the arena remembers it. */
  return a->failed ? VET_ENOMEM : 0;
}

/* ------------------------------------------------------------ citations */

/* A citation "VOL FR PAGE" at t[i]: fills the span of its text and returns
 * the position after it, or 0. */
static size_t citation_at(const char *t, size_t i, size_t *vol_end, size_t *page0, size_t *page1) {
  if (!is_digit((unsigned char)t[i]) || (i > 0 && (is_alnum((unsigned char)t[i - 1]) || t[i - 1] == '/')))
    return 0;
  size_t k = i;
  while (is_digit((unsigned char)t[k])) k++;
  *vol_end = k;
  if (k - i > 3) return 0;
  while (t[k] == ' ') k++;
  if (!(t[k] == 'F' && t[k + 1] == 'R' && !is_alnum((unsigned char)t[k + 2]))) return 0;
  k += 2;
  while (t[k] == ' ') k++;
  if (t[k] == 'F' && t[k + 1] == 'R' && t[k + 2] == ' ') k = skip_spaces(t, k + 2); /* "FR FR" typo */
  *page0 = k;
  while (is_digit((unsigned char)t[k])) k++;
  *page1 = k;
  return k;
}

/* A date m/d/yy or m/d/yyyy at t[i] into iso (11 bytes); returns its end or 0. */
static size_t date_at(const char *t, size_t i, char iso[11]) {
  if (i > 0 && is_digit((unsigned char)t[i - 1])) return 0;
  int f[3] = {0, 0, 0};
  size_t k = i, digits[3];
  for (int part = 0; part < 3; part++) {
    size_t d0 = k;
    while (is_digit((unsigned char)t[k]) && k - d0 < 4) f[part] = f[part] * 10 + (t[k++] - '0');
    digits[part] = k - d0;
    if (!digits[part]) return 0;
    if (part < 2) {
      if (t[k] != '/') return 0;
      k++;
    }
  }
  if (digits[0] > 2 || digits[1] > 2 || (digits[2] != 2 && digits[2] != 4)) return 0;
  if (f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31) return 0;
  int y = f[2];
  if (digits[2] == 2) y += y >= 50 ? 1900 : 2000;
  if (y > 9999) return 0;
  char buf[32]; /* wide enough for any int, so the compiler sees no truncation */
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, f[0], f[1]);
  memcpy(iso, buf, 11);
  return k;
}

int vet__el_citations_parse(vet__arena *a, const char *s, size_t n, vet_citation **out,
                            size_t *n_out) {
  *out = NULL;
  *n_out = 0;
  char *t = vet__arena_strndup(a, s, n);
  if (!t) return VET_ENOMEM;
  size_t cap = 0;
  vet_citation *v = NULL;
  for (size_t i = 0; t[i];) {
    size_t ve, p0, p1;
    size_t e = citation_at(t, i, &ve, &p0, &p1);
    if (!e) {
      i++;
      continue;
    }
    if (p1 == p0) { /* "88 FR [INSERT FR PAGE NUMBER ...]": no page */
      i = e > i ? e : i + 1;
      continue;
    }
    if (*n_out == cap) {
      size_t nc = cap ? cap * 2 : 4;
      vet_citation *nv = vet__arena_alloc(a, nc * sizeof *nv);
      if (!nv) return VET_ENOMEM;
      if (*n_out) memcpy(nv, v, *n_out * sizeof *nv);
      v = nv;
      cap = nc;
    }
    char text[48];
    snprintf(text, sizeof text, "%.*s FR %.*s", (int)(ve - i), t + i, (int)(p1 - p0), t + p0);
    vet_citation *c = &v[(*n_out)++];
    c->text = vet__arena_strdup(a, text);
    c->date = NULL;
    if (!c->text) return VET_ENOMEM;
    /* Its date: the first m/d/y before the next citation. */
    size_t k = e;
    for (; t[k]; k++) {
      size_t a1, b0, b1;
      if (citation_at(t, k, &a1, &b0, &b1)) break;
      char iso[11];
      if (date_at(t, k, iso)) {
        c->date = vet__arena_strdup(a, iso);
        if (!c->date) return VET_ENOMEM;
        break;
      }
    }
    i = e;
  }
  *out = v;
  return 0;
}
