/* fr_rule.c — see fr_rule.h.
 *
 * The whole document is small (tens of kilobytes), so it is expanded into
 * one DOM tree and walked in document order. Three things need care:
 *
 *   - Pages. <PRTPAGE P="n"/> marks where page n begins. The rule's
 *     citation uses the page on which the amendment of supplement no. 4
 *     begins (the page in force at that <AMDPAR>), which is the page the
 *     eCFR cites for the entries the rule adds ("88 FR 12171" for FR Doc.
 *     2023-03929, whose first page is 12170). Both are kept.
 *   - Dates. FR XML of a single document carries no publication date
 *     element; the table's citation cells do ("88 FR [INSERT FR PAGE NUMBER
 *     AND 2/27/2023]"). Failing that, the day after the filing date in
 *     <FRDOC> ("Filed 2-24-23"), skipping weekends, is used. The volume is
 *     the publication year minus 1935.
 *   - Continuation rows. An entry may span several <ROW>s: a row with only
 *     the country and entity cells continues the entity text of the entry
 *     above (its addresses).
 *
 * Which change each table row makes comes from the amendatory instruction
 * that quotes its name under its country (names compared by their
 * vet__el_key slug); a row no instruction names is taken as an addition,
 * with a warning. */
#include "readers/fr_rule.h"
#include "readers/xml_stream.h"
#include "model/el_key.h"
#include "core/error.h"
#include "core/text.h"
#include "io/file.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *vet__fr_action_name(vet__fr_action a) {
  switch (a) {
    case VET__FR_ADD: return "add";
    case VET__FR_MODIFY: return "modify";
    case VET__FR_REMOVE: return "remove";
  }
  return "add";
}

/* One name quoted in an amendatory instruction. */
typedef struct instr {
  vet__fr_action action;
  const char *country;
  const char *name;
  const char *slug;          /* key without the country: compared across spellings */
  unsigned long line;
  int used;
} instr;

/* One table entry before parsing. */
typedef struct raw_row {
  const char *country;
  vet__buf entity;
  const char *req, *pol, *cit;
  unsigned long line;
} raw_row;

typedef struct parse {
  vet__fr_rule *r;
  const char *path;
  vet_diag_fn diag;
  void *ud;
  int page;                  /* current page (last PRTPAGE seen), 0 before the first */
  int seen_text;             /* non-blank text seen before the first PRTPAGE */
  int in_supp4;              /* after the AMDPAR that amends supplement no. 4 */
  const char *country;       /* current table country */
  instr *ins;
  size_t n_ins, cap_ins;
  raw_row *rows;
  size_t n_rows, cap_rows;
  char pub_from_table[11];
} parse;

static void warn(parse *p, unsigned long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warn(parse *p, unsigned long line, const char *fmt, ...) {
  p->r->n_warnings++;
  if (!p->diag) return;
  char reason[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  vet_diag d = {VET_DIAG_WARNING, p->path, line, reason};
  p->diag(p->ud, &d);
}

/* The collapsed, trimmed text of n in the rule's arena (NULL if empty).
 * A failed allocation also gives NULL, and marks the arena: the parse then
 * fails (vet__fr_rule_parse()) rather than read the text as absent. */
static const char *node_text(parse *p, xmlNodePtr n) { return vet__xml_node_text(&p->r->arena, n); }

static const char *cell_plain(parse *p, xmlNodePtr n, int lines) {
  vet__buf b = VET__BUF_INIT;
  const char *out = NULL;
  if (vet__el_cell_text(&b, n, lines)) vet__arena_fail(&p->r->arena);
  else if (b.len) out = vet__arena_strndup(&p->r->arena, b.data, b.len);
  vet__buf_free(&b);
  return out;
}

/* ------------------------------------------------------------- dates */

/* Writes "YYYY-MM-DD" (fields reduced to their widths) into iso. */
static void iso_date(char iso[11], int y, int m, int d) {
  snprintf(iso, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

static int month_of(const char *s, size_t n) {
  static const char *const m[] = {"january", "february", "march", "april", "may", "june", "july",
                                  "august", "september", "october", "november", "december"};
  for (int i = 0; i < 12; i++)
    if (n >= 3 && vet__ascii_ncasecmp(s, m[i], n < strlen(m[i]) ? n : strlen(m[i])) == 0 &&
        n <= strlen(m[i]))
      return i + 1;
  return 0;
}

/* "February 24, 2023" anywhere in s into iso; 1 if found. */
static int long_date(const char *s, char iso[11]) {
  for (const char *p = s; *p; p++) {
    if (!((*p >= 'A' && *p <= 'Z') && (p == s || p[-1] == ' '))) continue;
    const char *e = p;
    while ((*e >= 'A' && *e <= 'Z') || (*e >= 'a' && *e <= 'z')) e++;
    int mon = month_of(p, (size_t)(e - p));
    if (!mon || *e != ' ') continue;
    int day = 0, year = 0;
    const char *q = e + 1;
    while (*q >= '0' && *q <= '9') day = day * 10 + (*q++ - '0');
    if (*q != ',' || day < 1 || day > 31) continue;
    q++;
    while (*q == ' ') q++;
    const char *y0 = q;
    while (*q >= '0' && *q <= '9') year = year * 10 + (*q++ - '0');
    if (q - y0 != 4) continue;
    iso_date(iso, year, mon, day);
    return 1;
  }
  return 0;
}

/* m/d/yyyy (or m-d-yy with sep '-') anywhere in s into iso; 1 if found. */
static int numeric_date(const char *s, char sep, char iso[11]) {
  for (const char *p = s; *p; p++) {
    if (!(*p >= '0' && *p <= '9') || (p > s && p[-1] >= '0' && p[-1] <= '9')) continue;
    int f[3] = {0, 0, 0}, nd[3] = {0, 0, 0};
    const char *q = p;
    int ok = 1;
    for (int k = 0; k < 3 && ok; k++) {
      while (*q >= '0' && *q <= '9' && nd[k] < 4) f[k] = f[k] * 10 + (*q++ - '0'), nd[k]++;
      if (!nd[k]) ok = 0;
      if (k < 2) ok = ok && *q++ == sep;
    }
    if (!ok || nd[0] > 2 || nd[1] > 2 || (nd[2] != 2 && nd[2] != 4)) continue;
    if (f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31) continue;
    int y = nd[2] == 2 ? f[2] + (f[2] >= 50 ? 1900 : 2000) : f[2];
    iso_date(iso, y, f[0], f[1]);
    return 1;
  }
  return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The next weekday after ISO date iso, in place. */
static void next_weekday(char iso[11]) {
  int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
  long z = days_from_civil(y, m, d);
  do z++;
  while (((z % 7) + 7 + 4) % 7 == 0 || ((z % 7) + 7 + 4) % 7 == 6); /* 1970-01-01 was a Thursday */
  civil_from_days(z, &y, &m, &d);
  iso_date(iso, y, m, d);
}

/* ------------------------------------------------------- instructions */

static int push_instr(parse *p, vet__fr_action a, const char *country, const char *name, size_t n,
                      unsigned long line) {
  if (p->n_ins == p->cap_ins) {
    size_t cap = p->cap_ins ? p->cap_ins * 2 : 16;
    instr *v = realloc(p->ins, cap * sizeof *v);
    if (!v) return VET_ENOMEM;
    p->ins = v;
    p->cap_ins = cap;
  }
  const char *nm = vet__arena_strndup(&p->r->arena, name, n);
  vet__buf slug = VET__BUF_INIT;
  if (!nm || vet__el_key(NULL, name, n, &slug)) {
    vet__buf_free(&slug);
    return VET_ENOMEM;
  }
  const char *sl = vet__arena_strdup(&p->r->arena, slug.data + 3); /* past "ZZ:" */
  vet__buf_free(&slug);
  if (!sl) return VET_ENOMEM;
  instr *in = &p->ins[p->n_ins++];
  in->action = a;
  in->country = country;
  in->name = nm;
  in->slug = sl;
  in->line = line;
  in->used = 0;
  return 0;
}

/* The verb that governs text at offset `at`: the last one before it. */
static int verb_before(const char *s, size_t at, vet__fr_action *a) {
  static const struct { const char *w; vet__fr_action a; } verbs[] = {
    {"adding", VET__FR_ADD}, {"removing", VET__FR_REMOVE}, {"revising", VET__FR_MODIFY},
    {"amending", VET__FR_MODIFY}, {"modifying", VET__FR_MODIFY}, {"correcting", VET__FR_MODIFY},
  };
  const char *best = NULL;
  for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++) {
    const char *q = s;
    while ((q = vet__ascii_istr(q, at - (size_t)(q - s), verbs[k].w)) && (size_t)(q - s) < at) {
      if (!best || q > best) {
        best = q;
        *a = verbs[k].a;
      }
      q++;
    }
  }
  return best != NULL;
}

/* "a. Under CANADA, by adding ... entries for “X” and “Y”;" */
static int instruction(parse *p, const char *s, unsigned long line) {
  const char *u = vet__ascii_istr(s, strlen(s), "under ");
  if (!u) return 0;
  const char *c0 = u + 6;
  const char *c1 = vet__ascii_istr(c0, strlen(c0), ", by ");
  if (!c1) c1 = strchr(c0, ',');
  if (!c1) return 0;
  const char *country = vet__arena_strndup(&p->r->arena, c0, (size_t)(c1 - c0));
  if (!country) return VET_ENOMEM;
  static const char lq[] = "\xE2\x80\x9C", rq[] = "\xE2\x80\x9D";
  for (const char *q = s; (q = strstr(q, lq));) {
    const char *b = q + 3, *e = strstr(b, rq);
    if (!e) break;
    vet__fr_action a = VET__FR_ADD;
    verb_before(s, (size_t)(q - s), &a);
    const char *ns = b;
    size_t nn = (size_t)(e - b);
    vet__trim(&ns, &nn);
    if (nn && push_instr(p, a, country, ns, nn, line)) return VET_ENOMEM;
    q = e + 3;
  }
  return 0;
}

/* -------------------------------------------------------------- table */

/* 1 for an empty cell, a row of stars ("*   *   *": rows left out) or one
 * holding only spaces such as U+2003 EM SPACE: no ASCII letter or digit. */
static int is_stars(const char *s) {
  if (!s) return 1;
  for (; *s; s++)
    if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')) return 0;
  return 1;
}

static int table_row(parse *p, xmlNodePtr row) {
  xmlNodePtr ent[8];
  int n = 0;
  for (xmlNodePtr c = row->children; c; c = c->next)
    if (vet__xml_is(c, "ENT") && n < 8) ent[n++] = c;
  if (n == 0) return 0;
  const char *c0 = node_text(p, ent[0]);
  if (c0 && !strcmp(c0, "Country")) return 0; /* the header row */
  if (c0 && !is_stars(c0)) p->country = c0;
  if (n < 2) return 0;
  const char *ent_text = cell_plain(p, ent[1], 1);
  if (!ent_text || is_stars(ent_text)) return 0;
  unsigned long line = vet__xml_line(row);
  if (n < 5) { /* continues the entity text of the row above */
    if (!p->n_rows) {
      warn(p, line, "a table row with only an entity cell follows no entry; ignored: \"%.60s\"", ent_text);
      return 0;
    }
    raw_row *prev = &p->rows[p->n_rows - 1];
    if (vet__buf_putc(&prev->entity, '\n') || vet__buf_puts(&prev->entity, ent_text)) return VET_ENOMEM;
    return 0;
  }
  if (!p->country) {
    warn(p, line, "a table row comes before any country; ignored");
    return 0;
  }
  if (p->n_rows == p->cap_rows) {
    size_t cap = p->cap_rows ? p->cap_rows * 2 : 16;
    raw_row *v = realloc(p->rows, cap * sizeof *v);
    if (!v) return VET_ENOMEM;
    p->rows = v;
    p->cap_rows = cap;
  }
  raw_row *r = &p->rows[p->n_rows++];
  memset(r, 0, sizeof *r);
  r->country = p->country;
  r->line = line;
  r->req = cell_plain(p, ent[2], 0);
  r->pol = cell_plain(p, ent[3], 0);
  r->cit = cell_plain(p, ent[4], 0);
  if (r->cit && !p->pub_from_table[0]) numeric_date(r->cit, '/', p->pub_from_table);
  return vet__buf_puts(&r->entity, ent_text) ? VET_ENOMEM : 0;
}

/* --------------------------------------------------------------- walk */

static int walk(parse *p, xmlNodePtr n) {
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE) {
      if (!p->page && n->content) {
        for (const xmlChar *c = n->content; *c && !p->seen_text; c++)
          p->seen_text = *c != ' ' && *c != '\n' && *c != '\t' && *c != '\r';
      }
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    int rc = 0;
    if (vet__xml_is(n, "PRTPAGE")) {
      xmlChar *v = xmlGetProp(n, (const xmlChar *)"P");
      int pg = v ? atoi((const char *)v) : 0;
      xmlFree(v);
      if (pg > 0) {
        if (!p->page) p->r->first_page = p->seen_text ? pg - 1 : pg;
        p->page = pg;
      }
      continue;
    }
    if (vet__xml_is(n, "AMDPAR")) {
      const char *s = node_text(p, n);
      if (!s) continue;
      if (vet__ascii_istr(s, strlen(s), "supplement no. 4 to part 744")) {
        if (!p->in_supp4) p->r->page = p->page ? p->page : p->r->first_page;
        p->in_supp4 = 1;
        if ((rc = instruction(p, s, vet__xml_line(n)))) return rc;
      } else if (s[0] >= '0' && s[0] <= '9') {
        p->in_supp4 = 0; /* "3. Section 744.21 is amended ...": another numbered instruction */
      } else if (p->in_supp4) {
        if ((rc = instruction(p, s, vet__xml_line(n)))) return rc;
      }
      /* A PRTPAGE inside the instruction moves the page on. */
      for (xmlNodePtr c = n->children; c; c = c->next)
        if (vet__xml_is(c, "PRTPAGE")) {
          xmlChar *v = xmlGetProp(c, (const xmlChar *)"P");
          if (v && atoi((const char *)v) > 0) p->page = atoi((const char *)v);
          xmlFree(v);
        }
      continue;
    }
    if (vet__xml_is(n, "ROW")) {
      if (p->in_supp4 && (rc = table_row(p, n))) return rc;
      for (xmlNodePtr c = n->children; c; c = c->next) /* pages may break inside a row */
        if (vet__xml_is(c, "PRTPAGE")) {
          xmlChar *v = xmlGetProp(c, (const xmlChar *)"P");
          if (v && atoi((const char *)v) > 0) p->page = atoi((const char *)v);
          xmlFree(v);
        }
      continue;
    }
    if ((rc = walk(p, n->children))) return rc;
  }
  return 0;
}

static const char *child_text(parse *p, xmlNodePtr n, const char *name) {
  xmlNodePtr c = vet__xml_child(n, name);
  return c ? node_text(p, c) : NULL;
}

static int metadata(parse *p, xmlNodePtr root) {
  vet__fr_rule *r = p->r;
  xmlNodePtr pre = vet__xml_child(root, "PREAMB");
  if (pre) {
    r->agency = child_text(p, pre, "AGENCY");
    r->subagency = child_text(p, pre, "SUBAGY");
    r->subject = child_text(p, pre, "SUBJECT");
    r->rin = child_text(p, pre, "RIN");
    r->docket = child_text(p, pre, "DEPDOC");
    xmlNodePtr act = vet__xml_child(pre, "ACT");
    if (act) r->action = child_text(p, act, "P");
    xmlNodePtr eff = vet__xml_child(pre, "EFFDATE");
    char iso[11];
    const char *t = eff ? node_text(p, eff) : NULL;
    if (t && long_date(t, iso)) r->effective_date = vet__arena_strdup(&r->arena, iso);
  }
  const char *frdoc = child_text(p, root, "FRDOC");
  if (frdoc) {
    const char *d = vet__ascii_istr(frdoc, strlen(frdoc), "FR Doc.");
    if (d) {
      d += 7;
      while (*d == ' ') d++;
      size_t n = 0;
      while ((d[n] >= '0' && d[n] <= '9') || d[n] == '-') n++;
      if (n) r->document_number = vet__arena_strndup(&r->arena, d, n);
    }
  }
  char iso[11];
  if (p->pub_from_table[0]) {
    r->publication_date = vet__arena_strdup(&r->arena, p->pub_from_table);
  } else if (frdoc) {
    const char *f = vet__ascii_istr(frdoc, strlen(frdoc), "Filed");
    if (f && numeric_date(f, '-', iso)) {
      next_weekday(iso);
      r->publication_date = vet__arena_strdup(&r->arena, iso);
    }
  }
  if (r->publication_date) r->volume = atoi(r->publication_date) - 1935;
  else if (r->document_number) r->volume = atoi(r->document_number) - 1935;
  if (r->volume > 0 && r->page > 0) {
    char c[32];
    snprintf(c, sizeof c, "%d FR %d", r->volume, r->page);
    r->citation = vet__arena_strdup(&r->arena, c);
  }
  return 0;
}

/* Builds the changes from the table rows and the instructions. */
static int changes(parse *p) {
  vet__fr_rule *r = p->r;
  size_t cap = p->n_rows + p->n_ins;
  r->changes = cap ? vet__arena_alloc(&r->arena, cap * sizeof *r->changes) : NULL;
  if (cap && !r->changes) return VET_ENOMEM;
  vet__buf key = VET__BUF_INIT;
  for (size_t i = 0; i < p->n_rows; i++) {
    raw_row *row = &p->rows[i];
    vet__fr_change *c = &r->changes[r->n_changes];
    memset(c, 0, sizeof *c);
    c->country = row->country;
    c->country_code = vet__el_country_code(row->country);
    c->entity_text = vet__arena_strndup(&r->arena, row->entity.data, row->entity.len);
    if (!c->entity_text || vet__el_cell_parse(&r->arena, row->entity.data, row->entity.len, &c->cell))
      goto nomem;
    if (!c->cell.name) {
      warn(p, row->line, "no entity name could be read in \"%.80s\"; row ignored", row->entity.data);
      continue;
    }
    c->name = c->cell.name;
    if (c->cell.announced >= 0 && (size_t)c->cell.announced != c->cell.n_listed)
      warn(p, row->line, "\"%s\": the text announces %d aliases but %zu were read", c->name,
           c->cell.announced, c->cell.n_listed);
    vet__buf_clear(&key);
    if (vet__el_key(c->country_code, c->name, strlen(c->name), &key)) goto nomem;
    if (!(c->key = vet__arena_strdup(&r->arena, key.data))) goto nomem;
    c->license_requirement = row->req;
    c->license_policy = row->pol;
    c->citation_text = row->cit;
    c->line = row->line;
    c->action = VET__FR_ADD;
    const char *slug = strchr(c->key, ':') + 1;
    int found = 0;
    for (size_t k = 0; k < p->n_ins && !found; k++) {
      instr *in = &p->ins[k];
      if (in->used || vet__ascii_casecmp(in->country, row->country) || strcmp(in->slug, slug)) continue;
      in->used = found = 1;
      c->action = in->action == VET__FR_REMOVE ? VET__FR_MODIFY : in->action;
    }
    if (!found)
      warn(p, row->line, "\"%s\" under %s is in the table but no amendatory instruction names it; "
           "taken as an addition", c->name, row->country);
    r->n_changes++;
  }
  for (size_t k = 0; k < p->n_ins; k++) {
    instr *in = &p->ins[k];
    if (in->used) continue;
    if (in->action != VET__FR_REMOVE) {
      warn(p, in->line, "the instructions %s \"%s\" under %s but the table has no such row",
           in->action == VET__FR_ADD ? "add" : "revise", in->name, in->country);
      continue;
    }
    vet__fr_change *c = &r->changes[r->n_changes++];
    memset(c, 0, sizeof *c);
    c->action = VET__FR_REMOVE;
    c->country = in->country;
    c->country_code = vet__el_country_code(in->country);
    c->name = in->name;
    c->line = in->line;
    vet__buf_clear(&key);
    if (vet__el_key(c->country_code, c->name, strlen(c->name), &key)) goto nomem;
    if (!(c->key = vet__arena_strdup(&r->arena, key.data))) goto nomem;
  }
  vet__buf_free(&key);
  return 0;
nomem:
  vet__buf_free(&key);
  return VET_ENOMEM;
}

void vet__fr_rule_free(vet__fr_rule *rule) {
  if (!rule) return;
  vet__arena_free(&rule->arena);
  free(rule);
}

int vet__fr_rule_parse(const char *path, const char *data, size_t size, vet_diag_fn diag,
                       void *diag_userdata, vet__fr_rule **out, vet_error *err) {
  *out = NULL;
  vet__fr_rule *r = calloc(1, sizeof *r);
  if (!r) return vet__error_set(err, VET_ENOMEM, "out of memory");
  vet__arena_init(&r->arena, 16384);
  parse p;
  memset(&p, 0, sizeof p);
  p.r = r;
  p.path = path;
  p.diag = diag;
  p.ud = diag_userdata;
  vet__xml x;
  int rc = vet__xml_open(&x, path, data, size);
  if (rc) {
    vet__fr_rule_free(r);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  /* Up to the root element, then the whole document as one tree. */
  while ((rc = vet__xml_next(&x, err)) == 1 && xmlTextReaderNodeType(x.reader) != XML_READER_TYPE_ELEMENT) {}
  xmlNodePtr root = NULL;
  if (rc == 1) {
    if (!vet__xml_at(&x, "RULE")) {
      rc = vet__error_at(err, VET_EFORMAT, path, (unsigned long)xmlTextReaderGetParserLineNumber(x.reader),
                         "not a Federal Register rule: the document element is <%s>, not <RULE>",
                         (const char *)xmlTextReaderConstName(x.reader));
    } else if (!(root = vet__xml_expand(&x, err))) {
      rc = err ? err->code : VET_EFORMAT;
    } else {
      /* The tree belongs to the stream: use it before moving on. */
      rc = walk(&p, root->children);
      if (rc == 0) rc = metadata(&p, root);
      if (rc == 0 && !p.n_rows && !p.n_ins)
        rc = vet__error_at(err, VET_EFORMAT, path, 0,
                           "this rule does not amend the Entity List (supplement no. 4 to part 744)");
      if (rc == 0) rc = changes(&p);
      /* Whatever follows the root's end tag must still parse. */
      if (rc == 0) {
        rc = vet__xml_skip(&x, err);
        while (rc == 1) rc = vet__xml_next(&x, err);
      }
    }
  } else if (rc == 0) {
    rc = vet__error_at(err, VET_EEMPTY, path, 0, "no XML document");
  }
  if (rc == 0 && r->arena.failed) rc = VET_ENOMEM;   /* a text read as absent (node_text()) */
  if (rc == VET_ENOMEM) vet__error_set(err, rc, "%s: out of memory", path);
  vet__xml_close(&x);
  for (size_t i = 0; i < p.n_rows; i++) vet__buf_free(&p.rows[i].entity);
  free(p.rows);
  free(p.ins);
  if (rc) {
    vet__fr_rule_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

int vet__fr_rule_read(const char *path, vet_diag_fn diag, void *diag_userdata,
                      vet__fr_rule **out, vet_error *err) {
  vet__file f;
  *out = NULL;
  int rc = vet__file_open(&f, path, err);
  if (rc) return rc;
  rc = vet__fr_rule_parse(path, f.data, f.size, diag, diag_userdata, out, err);
  vet__file_close(&f);
  return rc;
}
