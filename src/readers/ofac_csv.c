/* ofac_csv.c — OFAC's legacy CSV files (reader "ofac-csv").
 *
 * OFAC publishes each of its two lists as a set of four headerless CSV files
 * (see shared/data/lists/ofac/cons_dat_spec.txt):
 *
 *   SDN list                 consolidated non-SDN list   columns
 *   sdn.csv                  cons_prim.csv               ent_num, SDN_Name, SDN_Type, Program,
 *                                                        Title, Call_Sign, Vess_type, Tonnage,
 *                                                        GRT, Vess_flag, Vess_owner, Remarks
 *   alt.csv                  cons_alt.csv                ent_num, alt_num, alt_type, alt_name,
 *                                                        alt_remarks
 *   add.csv                  cons_add.csv                ent_num, add_num, address,
 *                                                        city/state/postal code, country,
 *                                                        add_remarks
 *   sdn_comments.csv         cons_comments.csv           ent_num, remarks spillover
 *
 * A folder holding the primary file is one list ("ofac-sdn" for sdn.csv,
 * "ofac-nonsdn" for cons_prim.csv); a primary file given alone is read
 * without aliases or addresses, and its list is told by content (see
 * vet__ofac_nonsdn_marked(): a file most of whose rows are marked non-SDN is
 * the consolidated list). The as-of date comes from a YYYY-MM-DD in the file
 * or folder name, when there is one.
 *
 * How a set is read: the three side files are small, so each is parsed
 * first into a table of rows sorted by ent_num (stable, so file order is
 * kept within an entity); then the primary file is streamed and each entity
 * is emitted once, complete: its row, its aliases, addresses and remarks
 * spillover. Side rows no entity claimed are rejected at the end, naming
 * their own file and line.
 *
 * Quirks handled: "-0-" (usually "-0- " with a trailing space) is null;
 * CRLF or LF; a trailing 0x1A (DOS end-of-file) byte; a line that is not
 * valid UTF-8 is read as Windows-1252 and converted, with a note naming the
 * file and the first such line; the spillover text continues the remarks
 * exactly where they were cut at 1,000 characters (mid-word), so it is joined
 * with no separator. Names are kept as published ("LAST, First"). Rows with
 * the wrong number of columns or a non-numeric ent_num (such as the "||||"
 * line at the end of each 2019 file) are rejected with file:line.
 *
 * Invariants: every entity is emitted once, with all of its side rows; every
 * row read is either part of an emitted entity or reported. */
#include "readers/reader.h"
#include "readers/ofac_remarks.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/text.h"
#include "io/csv.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRIMARY_FIELDS 12

/* ------------------------------------------------------------ file text */

/* One file of a set as UTF-8 text: mapped, or converted into conv. */
typedef struct src {
  char *path;          /* malloc'd */
  vet__file f;
  int mapped;
  vet__buf conv;
  const char *data;    /* the text to parse */
  size_t n;
} src;

static void src_close(src *s) {
  if (s->mapped) vet__file_close(&s->f);
  vet__buf_free(&s->conv);
  free(s->path);
  memset(s, 0, sizeof *s);
}

static void note(vet__read_ctx *ctx, const char *file, unsigned long line, const char *reason) {
  if (!ctx->cb || !ctx->cb->diag) return;
  vet_diag d = {VET_DIAG_NOTE, file, line, reason};
  ctx->cb->diag(ctx->cb->userdata, &d);
}

/* Drops the trailing 0x1A and converts lines that are not UTF-8 from
 * Windows-1252, line by line, so that a file mixing both is read right.
 * s->data/n are set; s->conv owns converted text. */
static int src_prepare(vet__read_ctx *ctx, src *s, const char *data, size_t n) {
  while (n && (data[n - 1] == 0x1A || data[n - 1] == '\0')) n--;
  s->data = data;
  s->n = n;
  if (vet__utf8_invalid_at(data, n) == n) return 0;
  unsigned long line = 1, first = 0, converted = 0;
  const char *p = data, *end = data + n;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl + 1 : end;
    size_t len = (size_t)(eol - p);
    int rc;
    if (vet__utf8_invalid_at(p, len) == len) {
      rc = vet__buf_append(&s->conv, p, len);
    } else {
      rc = vet__cp1252_to_utf8(&s->conv, p, len);
      if (!first) first = line;
      converted++;
    }
    if (rc) return vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
    p = eol;
    line++;
  }
  s->data = s->conv.data ? s->conv.data : "";
  s->n = s->conv.len;
  char reason[160];
  snprintf(reason, sizeof reason,
           "not UTF-8: %lu line(s) read as Windows-1252 and converted (the first is this one)",
           converted);
  note(ctx, s->path, first, reason);
  return 0;
}

static int src_open(vet__read_ctx *ctx, src *s, const char *path) {
  memset(s, 0, sizeof *s);
  s->path = strdup(path);
  if (!s->path) return vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
  int rc = vet__file_open(&s->f, s->path, ctx->err);
  if (rc) return rc;
  s->mapped = 1;
  return src_prepare(ctx, s, s->f.data, s->f.size);
}

/* ----------------------------------------------------------- field help */

static int is_null(const char *s, size_t n) {
  vet__trim(&s, &n);
  return n == 0 || (n == 3 && !memcmp(s, "-0-", 3));
}

/* Parses a trimmed all-digit ent_num; 0 when it is not one. */
static int parse_ent(const char *s, size_t n, unsigned long *out) {
  vet__trim(&s, &n);
  if (n == 0 || n > 12) return 0;
  unsigned long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (unsigned long)(s[i] - '0');
  }
  *out = v;
  return 1;
}

/* ------------------------------------------------------------ side files */

enum { SIDE_ALT, SIDE_ADD, SIDE_COMMENTS, SIDE_COUNT };
static const size_t side_fields[SIDE_COUNT] = {5, 6, 2};
static const char *const side_what[SIDE_COUNT] = {"alias", "address", "remarks spillover"};

typedef struct side_row {
  unsigned long ent, line;
  size_t seq;
  const char *f[6];      /* arena copies; NULL for null fields */
  int used;
} side_row;

typedef struct side {
  src file;
  int present;
  side_row *rows;
  size_t n, cap;
  vet__arena strings;
} side;

static int row_cmp(const void *a, const void *b) {
  const side_row *x = a, *y = b;
  if (x->ent != y->ent) return x->ent < y->ent ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Parses one side file into sd->rows, rejecting bad rows. */
static int side_load(vet__read_ctx *ctx, side *sd, int which) {
  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, sd->file.data, sd->file.n, ',');
  int rc = 0, got;
  while ((got = vet__csv_next(&c, &r)) == 1) {
    unsigned long ent;
    if (r.n != side_fields[which]) {
      rc = vet__read_reject(ctx, sd->file.path, r.line, "expected %zu columns, found %zu",
                            side_fields[which], r.n);
    } else if (!parse_ent(r.f[0].s, r.f[0].n, &ent)) {
      rc = vet__read_reject(ctx, sd->file.path, r.line, "ent_num \"%.40s\" is not a number",
                            r.f[0].s);
    } else {
      if (sd->n == sd->cap) {
        size_t cap = sd->cap ? sd->cap * 2 : 1024;
        side_row *p = realloc(sd->rows, cap * sizeof *p);
        if (!p) { rc = vet__error_set(ctx->err, VET_ENOMEM, "out of memory"); break; }
        sd->rows = p;
        sd->cap = cap;
      }
      side_row *row = &sd->rows[sd->n];
      memset(row, 0, sizeof *row);
      row->ent = ent;
      row->line = r.line;
      row->seq = sd->n;
      for (size_t i = 1; i < r.n; i++) {
        if (is_null(r.f[i].s, r.f[i].n)) continue;
        /* Spillover text is kept untrimmed: it continues a cut-off word. */
        row->f[i] = vet__arena_strndup(&sd->strings, r.f[i].s, r.f[i].n);
        if (!row->f[i]) { rc = vet__error_set(ctx->err, VET_ENOMEM, "out of memory"); break; }
      }
      sd->n++;
    }
    if (rc) break;
  }
  if (got < 0 && !rc) {
    if (got == VET_ENOMEM) rc = vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
    else rc = vet__read_reject(ctx, sd->file.path, r.line, "%s", c.error);
  }
  vet__csv_free(&c);
  if (!rc) qsort(sd->rows, sd->n, sizeof *sd->rows, row_cmp);
  return rc;
}

/* The first row of ent in sd (sorted), or NULL. */
static side_row *side_find(side *sd, unsigned long ent) {
  size_t lo = 0, hi = sd->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (sd->rows[mid].ent < ent) lo = mid + 1;
    else hi = mid;
  }
  return lo < sd->n && sd->rows[lo].ent == ent ? &sd->rows[lo] : NULL;
}

/* ------------------------------------------------------ seen ent_nums */

/* An open-addressing set of the ent_nums emitted, to catch a repeated one. */
typedef struct seen_set {
  unsigned long *key, *line;  /* key 0 = empty slot; keys stored as ent + 1 */
  size_t cap, n;
} seen_set;

/* Adds ent; returns the line it was first seen on, 0 if new, or (unsigned long)-1 on ENOMEM. */
static unsigned long seen_add(seen_set *s, unsigned long ent, unsigned long line) {
  if (2 * (s->n + 1) > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 4096;
    unsigned long *k = calloc(cap, sizeof *k), *l = calloc(cap, sizeof *l);
    if (!k || !l) { free(k); free(l); return (unsigned long)-1; }
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->key[i]) continue;
      size_t j = (s->key[i] * 2654435761u) & (cap - 1);
      while (k[j]) j = (j + 1) & (cap - 1);
      k[j] = s->key[i];
      l[j] = s->line[i];
    }
    free(s->key);
    free(s->line);
    s->key = k;
    s->line = l;
    s->cap = cap;
  }
  size_t j = ((ent + 1) * 2654435761u) & (s->cap - 1);
  while (s->key[j]) {
    if (s->key[j] == ent + 1) return s->line[j];
    j = (j + 1) & (s->cap - 1);
  }
  s->key[j] = ent + 1;
  s->line[j] = line;
  s->n++;
  return 0;
}

/* ------------------------------------------------------------- entities */

typedef struct reading {
  vet__read_ctx *ctx;
  const char *list_id;
  src primary;
  side sides[SIDE_COUNT];
  vet__buf remarks;      /* scratch: remarks joined with their spillover */
  seen_set seen;
} reading;

static vet_name_kind alt_kind(const char *t) {
  if (!t) return VET_NAME_AKA;
  const char *s = t;
  size_t n = strlen(t);
  vet__trim(&s, &n);
  if (vet__ascii_istarts(s, n, "fka") || vet__ascii_istarts(s, n, "f.k.a")) return VET_NAME_FKA;
  if (vet__ascii_istarts(s, n, "nka") || vet__ascii_istarts(s, n, "n.k.a")) return VET_NAME_NKA;
  return VET_NAME_AKA;
}

static int attr_field(vet__eb *eb, const char *key, const vet__csv_field *f) {
  if (is_null(f->s, f->n)) return 0;
  return vet__eb_attr(eb, key, f->s, f->n);
}

/* Builds the entity of one primary row (already checked) in ctx->eb, with its side rows
 * (marked used), and emits it. Returns 0, VET_ESTRICT or VET_ECANCELLED (ctx->err filled),
 * or VET_ENOMEM (not filled; the caller reports it). */
static int entity(reading *rd, const vet__csv_record *r, unsigned long ent) {
  vet__read_ctx *ctx = rd->ctx;
  vet__eb *eb = ctx->eb;
  const vet__csv_field *f = r->f;
  int rc = vet__eb_begin(eb, rd->list_id);
  if (!rc) rc = vet__eb_field(eb, VET__F_SOURCE_ID, f[0].s, f[0].n);
  if (!rc && !is_null(f[1].s, f[1].n))
    rc = vet__eb_name(eb, f[1].s, f[1].n, VET_NAME_PRIMARY, VET_STRENGTH_NORMAL, NULL, NULL);
  if (rc) return rc;
  /* SDN_Type: individual, vessel, aircraft; null means an organization. */
  if (is_null(f[2].s, f[2].n)) {
    vet__eb_type(eb, VET_TYPE_ORGANIZATION);
  } else {
    char t[32];
    const char *s = f[2].s;
    size_t n = f[2].n;
    vet__trim(&s, &n);
    snprintf(t, sizeof t, "%.*s", (int)n, s);
    vet_entity_type type = vet_entity_type_parse(t);
    vet__eb_type(eb, type);
    if (type == VET_TYPE_UNKNOWN)
      vet__read_warn(ctx, rd->primary.path, r->line, "unknown SDN_Type \"%s\"", t);
  }
  if (!is_null(f[3].s, f[3].n)) rc = vet__ofac_programs(eb, f[3].s, f[3].n);
  static const char *const keys[] = {NULL, NULL, NULL, NULL, "title", "call_sign", "vessel_type",
                                     "tonnage", "gross_registered_tonnage", "vessel_flag",
                                     "vessel_owner"};
  for (int i = 4; i <= 10 && !rc; i++) rc = attr_field(eb, keys[i], &f[i]);
  if (rc) return rc;

  /* Remarks, continued by the spillover rows, then parsed into fields. */
  vet__buf_clear(&rd->remarks);
  if (!is_null(f[11].s, f[11].n) && vet__buf_append(&rd->remarks, f[11].s, f[11].n)) return VET_ENOMEM;
  side *cm = &rd->sides[SIDE_COMMENTS];
  for (side_row *row = side_find(cm, ent); row && row < cm->rows + cm->n && row->ent == ent; row++) {
    row->used = 1;
    if (row->f[1] && vet__buf_puts(&rd->remarks, row->f[1])) return VET_ENOMEM;
  }
  if (rd->remarks.len) {
    rc = vet__eb_field(eb, VET__F_REMARKS, rd->remarks.data, rd->remarks.len);
    if (!rc) rc = vet__ofac_remarks(eb, rd->remarks.data, rd->remarks.len);
    if (rc) return rc;
  }

  /* Aliases: alt.csv holds OFAC's strong aliases (its weak ones are in the remarks). */
  side *al = &rd->sides[SIDE_ALT];
  for (side_row *row = side_find(al, ent); row && row < al->rows + al->n && row->ent == ent; row++) {
    row->used = 1;
    if (!row->f[3]) continue;
    vet_name_strength st = row->f[4] && vet__ascii_istr(row->f[4], strlen(row->f[4]), "weak")
                               ? VET_STRENGTH_WEAK : VET_STRENGTH_STRONG;
    rc = vet__eb_name(eb, row->f[3], strlen(row->f[3]), alt_kind(row->f[2]), st, NULL, NULL);
    if (rc) return rc;
  }
  side *ad = &rd->sides[SIDE_ADD];
  for (side_row *row = side_find(ad, ent); row && row < ad->rows + ad->n && row->ent == ent; row++) {
    row->used = 1;
    vet_address a;
    memset(&a, 0, sizeof a);
    a.street = row->f[2];
    a.city = row->f[3];     /* OFAC's one "City/State/Province/Postal Code" column */
    a.country = row->f[4];
    a.note = row->f[5];
    if ((rc = vet__eb_address(eb, &a))) return rc;
  }
  return vet__read_emit(ctx, rd->primary.path, r->line);
}

/* Streams the primary file. */
static int read_primary(reading *rd) {
  vet__read_ctx *ctx = rd->ctx;
  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, rd->primary.data, rd->primary.n, ',');
  int rc = 0, got;
  while (!rc && (got = vet__csv_next(&c, &r)) == 1) {
    unsigned long ent, first;
    if (r.n != PRIMARY_FIELDS) {
      rc = vet__read_reject(ctx, rd->primary.path, r.line, "expected %d columns, found %zu",
                            PRIMARY_FIELDS, r.n);
    } else if (!parse_ent(r.f[0].s, r.f[0].n, &ent)) {
      rc = vet__read_reject(ctx, rd->primary.path, r.line, "ent_num \"%.40s\" is not a number",
                            r.f[0].s);
    } else if ((first = seen_add(&rd->seen, ent, r.line)) == (unsigned long)-1) {
      rc = vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
    } else if (first) {
      rc = vet__read_reject(ctx, rd->primary.path, r.line, "ent_num %lu repeats line %lu",
                            ent, first);
    } else {
      rc = entity(rd, &r, ent);
      if (rc == VET_ENOMEM) rc = vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
    }
  }
  if (!rc && got < 0) {
    if (got == VET_ENOMEM) rc = vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
    else rc = vet__read_reject(ctx, rd->primary.path, r.line, "%s", c.error);
  }
  vet__csv_free(&c);
  return rc;
}

static int seq_cmp(const void *a, const void *b) {
  const side_row *x = *(side_row *const *)a, *y = *(side_row *const *)b;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Side rows no entity claimed are rejected, each at its own file and line. */
static int reject_orphans(reading *rd) {
  const char *prim = strrchr(rd->primary.path, '/');
  prim = prim ? prim + 1 : rd->primary.path;
  for (int w = 0; w < SIDE_COUNT; w++) {
    side *sd = &rd->sides[w];
    /* Reported in file order (the table is sorted by ent_num). */
    side_row **orph = NULL;
    size_t n = 0;
    for (size_t i = 0; i < sd->n; i++) n += !sd->rows[i].used;
    if (!n) continue;
    orph = malloc(n * sizeof *orph);
    if (!orph) return vet__error_set(rd->ctx->err, VET_ENOMEM, "out of memory");
    n = 0;
    for (size_t i = 0; i < sd->n; i++)
      if (!sd->rows[i].used) orph[n++] = &sd->rows[i];
    qsort(orph, n, sizeof *orph, seq_cmp);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
      rc = vet__read_reject(rd->ctx, sd->file.path, orph[i]->line,
                            "%s for ent_num %lu, which %s does not list (or whose row was rejected)",
                            side_what[w], orph[i]->ent, prim);
    free(orph);
    if (rc) return rc;
  }
  return 0;
}

/* --------------------------------------------------------- the reader */

static const char *const sdn_names[] = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"};
static const char *const cons_names[] = {"cons_prim.csv", "cons_alt.csv", "cons_add.csv",
                                         "cons_comments.csv"};

/* The path of the file of `dir` named `name` (ignoring ASCII case) into buf; 0 if none. */
static int find_in_dir(const char *dir, const char *name, char *buf, size_t cap) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  struct dirent *de;
  int found = 0;
  while ((de = readdir(d))) {
    if (!vet__ascii_casecmp(de->d_name, name)) {
      size_t len = strlen(dir);
      while (len > 1 && dir[len - 1] == '/') len--;
      found = snprintf(buf, cap, "%.*s/%s", (int)len, dir, de->d_name) < (int)cap;
      break;
    }
  }
  closedir(d);
  return found;
}

static int sniff_dir(const char *dir) {
  char p[4096];
  return find_in_dir(dir, "sdn.csv", p, sizeof p) || find_in_dir(dir, "cons_prim.csv", p, sizeof p);
}

/* A primary file alone: its first record has 12 columns, a numeric ent_num
 * and an SDN_Type OFAC uses. */
static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  const char *nl = memchr(head, '\n', n);
  size_t len = nl ? (size_t)(nl - head) : n;
  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, head, len, ',');
  int score = 0;
  unsigned long ent;
  int got = vet__csv_next(&c, &r);
  if (got == VET_ENOMEM) score = VET_ENOMEM;
  else if (got == 1 && r.n == PRIMARY_FIELDS && parse_ent(r.f[0].s, r.f[0].n, &ent)) {
    const char *t = r.f[2].s;
    size_t tn = r.f[2].n;
    vet__trim(&t, &tn);
    if (is_null(t, tn) || (tn == 10 && !vet__ascii_ncasecmp(t, "individual", 10)) ||
        (tn == 6 && !vet__ascii_ncasecmp(t, "vessel", 6)) ||
        (tn == 8 && !vet__ascii_ncasecmp(t, "aircraft", 8)))
      score = 90;
  }
  vet__csv_free(&c);
  return score;
}

/* For a primary file alone: 1 when most of its rows are marked non-SDN. */
static int mostly_nonsdn(const src *s) {
  vet__csv c;
  vet__csv_record r;
  vet__csv_init(&c, s->data, s->n, ',');
  unsigned long rows = 0, marked = 0;
  while (vet__csv_next(&c, &r) == 1) {
    if (r.n != PRIMARY_FIELDS) continue;
    rows++;
    marked += vet__ofac_nonsdn_marked(r.f[3].s, r.f[3].n) ||
              vet__ofac_nonsdn_marked(r.f[11].s, r.f[11].n);
  }
  vet__csv_free(&c);
  return rows && 2 * marked > rows;
}

/* A note for each file of the folder that is not part of the set (such as
 * the csl.csv beside the 2019 files): it is not read with the set. */
static void note_strangers(vet__read_ctx *ctx, const char *const *names) {
  DIR *d = opendir(ctx->path);
  if (!d) return;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    int mine = 0;
    for (int i = 0; i < 4; i++) mine |= !vet__ascii_casecmp(de->d_name, names[i]);
    if (mine) continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", ctx->path, de->d_name);
    note(ctx, p, 0, "not part of the OFAC CSV set in this folder: not read (read it on its own)");
  }
  closedir(d);
}

static const char *const sdn_title = "OFAC Specially Designated Nationals and Blocked Persons List";
static const char *const cons_title = "OFAC Consolidated Sanctions List (non-SDN lists)";

static int read_set(vet__read_ctx *ctx) {
  reading rd;
  memset(&rd, 0, sizeof rd);
  rd.ctx = ctx;
  for (int i = 0; i < SIDE_COUNT; i++) vet__arena_init(&rd.sides[i].strings, 65536);
  int rc = 0;
  char path[4096];
  const char *const *names = NULL;
  if (ctx->file) {
    rd.primary.path = strdup(ctx->path);
    if (!rd.primary.path) return vet__error_set(ctx->err, VET_ENOMEM, "out of memory");
    rc = src_prepare(ctx, &rd.primary, ctx->file->data, ctx->file->size);
    int cons = !rc && mostly_nonsdn(&rd.primary);
    rd.list_id = cons ? "ofac-nonsdn" : "ofac-sdn";
    ctx->info.name = cons ? cons_title : sdn_title;
  } else {
    if (find_in_dir(ctx->path, sdn_names[0], path, sizeof path)) {
      names = sdn_names;
      rd.list_id = "ofac-sdn";
      ctx->info.name = sdn_title;
      char other[4096];
      if (find_in_dir(ctx->path, cons_names[0], other, sizeof other))
        note(ctx, other, 0, "not read: this folder is read as the SDN set; read cons_prim.csv "
                            "from a folder of its own");
    } else if (find_in_dir(ctx->path, cons_names[0], path, sizeof path)) {
      names = cons_names;
      rd.list_id = "ofac-nonsdn";
      ctx->info.name = cons_title;
    } else {
      return vet__error_at(ctx->err, VET_EFORMAT, ctx->path, 0, "no sdn.csv or cons_prim.csv here");
    }
    rc = src_open(ctx, &rd.primary, path);
  }
  snprintf(ctx->id_buf, sizeof ctx->id_buf, "%s", rd.list_id);
  ctx->info.list_id = ctx->id_buf;
  ctx->info.date = vet__date_from_path(ctx, ctx->path);

  /* The side files, in the order OFAC lists them; a missing one is a note. */
  vet__buf sums = VET__BUF_INIT;
  if (!rc && names) {
    rc = vet__buf_printf(&sums, "%s %s\n", sdn_names[0], rd.primary.f.checksum);
    static const int order[SIDE_COUNT] = {SIDE_ALT, SIDE_ADD, SIDE_COMMENTS};
    for (int k = 0; k < SIDE_COUNT && !rc; k++) {
      int w = order[k];
      if (!find_in_dir(ctx->path, names[1 + w], path, sizeof path)) {
        char why[128];
        snprintf(why, sizeof why, "no %s in this folder: the list is read without it", names[1 + w]);
        note(ctx, ctx->path, 0, why);
        continue;
      }
      rc = src_open(ctx, &rd.sides[w].file, path);
      if (!rc) rc = side_load(ctx, &rd.sides[w], w);
      if (!rc) rc = vet__buf_printf(&sums, "%s %s\n", names[1 + w], rd.sides[w].file.f.checksum);
    }
    /* The set's checksum: SHA-256 over "name sha256:..." lines of its files.
     * ctx->name_buf is free (the list name is a constant) and outlives the read. */
    if (!rc) {
      char hex[72];
      vet__sha256_hex(sums.data, sums.len, hex);
      snprintf(ctx->name_buf, sizeof ctx->name_buf, "%s", hex);
      ctx->info.checksum = ctx->name_buf;
    }
  }
  vet__buf_free(&sums);
  if (!rc && names) note_strangers(ctx, names);

  if (!rc) rc = read_primary(&rd);
  if (!rc) rc = reject_orphans(&rd);

  src_close(&rd.primary);
  for (int i = 0; i < SIDE_COUNT; i++) {
    src_close(&rd.sides[i].file);
    free(rd.sides[i].rows);
    vet__arena_free(&rd.sides[i].strings);
  }
  vet__buf_free(&rd.remarks);
  free(rd.seen.key);
  free(rd.seen.line);
  return rc;
}

const vet__reader vet__reader_ofac_csv = {
  "ofac-csv",
  "OFAC legacy CSV: a folder with sdn.csv or cons_prim.csv (+ alt, add, comments), or a primary file alone",
  sniff, sniff_dir, read_set,
};
