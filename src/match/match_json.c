/* match_json.c — vet_match_to_json(): one result as the JSON object every
 * front end prints (vet screen, the HTTP server, monitoring), so that the
 * shape is defined once. Scores are rounded to four decimals.
 *
 * Why the text is written directly: the server and vet batch write one of
 * these per match, and building a jansson tree (an allocation per value, a
 * hash table per object) and dumping it cost about a fifth of the server's
 * CPU per search. The writer below produces exactly the bytes jansson wrote
 * before (json_dumps with JSON_COMPACT | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(6)): strings escaped as jansson escapes them (\b \f \n
 * \r \t, other control characters as \u00XX in upper case, '/' and bytes of
 * 0x7F and above as they are), a member or array element whose string is not
 * valid UTF-8 left out (json_string() refused it, so jansson never held it),
 * reals as "%.6g" with ".0" added when there is no '.' or 'e' and the
 * exponent's '+' and leading zeros dropped. tests/unit/test_match_json.c
 * checks the bytes against jansson's own dump. The pretty form is that
 * compact text parsed and dumped again by jansson with an indent, so the
 * shape still lives only here. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "match/matcher.h"

/* 1 if s is UTF-8 as jansson's json_string() accepts it (no overlong forms,
 * no surrogates, nothing past U+10FFFF). */
static int utf8_ok(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    if (c < 0x80) {
      p++;
      continue;
    }
    int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!n) return 0;
    unsigned cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (int i = 1; i < n; i++) {
      if ((p[i] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (n == 3 && cp < 0x800) ||
        (n == 4 && cp < 0x10000))
      return 0;
    p += n;
  }
  return 1;
}

/* s as a JSON string literal, escaped as jansson's dump_string() does
 * without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH. */
static int put_string(vet__buf *b, const char *s) {
  int bad = vet__buf_putc(b, '"');
  const char *run = s;
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    bad |= vet__buf_append(b, run, (size_t)(p - run));
    run = p + 1;
    char esc[8];
    switch (c) {
      case '"': memcpy(esc, "\\\"", 3); break;
      case '\\': memcpy(esc, "\\\\", 3); break;
      case '\b': memcpy(esc, "\\b", 3); break;
      case '\f': memcpy(esc, "\\f", 3); break;
      case '\n': memcpy(esc, "\\n", 3); break;
      case '\r': memcpy(esc, "\\r", 3); break;
      case '\t': memcpy(esc, "\\t", 3); break;
      default: snprintf(esc, sizeof esc, "\\u%04X", c);
    }
    bad |= vet__buf_puts(b, esc);
  }
  bad |= vet__buf_puts(b, run);
  return bad | vet__buf_putc(b, '"');
}

/* x as jansson writes a real with JSON_REAL_PRECISION(6) (jsonp_dtostr). */
static int put_real_slow(vet__buf *b, double x) {
  char t[64];
  int n = snprintf(t, sizeof t - 3, "%.6g", x);
  if (n < 0 || (size_t)n >= sizeof t - 3) return VET_ENOMEM;
  if (!strchr(t, '.') && !strchr(t, 'e')) {
    memcpy(t + n, ".0", 3);
    n += 2;
  }
  char *e = strchr(t, 'e');
  if (e) {
    char *start = e + 1, *end = e + 2;
    if (*start == '-') start++;
    while (*end == '0') end++;
    if (end != start) {
      memmove(start, end, (size_t)(n - (end - t)) + 1);
      n -= (int)(end - start);
    }
  }
  return vet__buf_append(b, t, (size_t)n);
}

/* A score as vet writes it: rounded to four decimals, then as jansson
 * writes the real. Below 100 the rounded value has at most six significant
 * digits, which "%.6g" prints exactly, so it is written from the integer
 * number of ten-thousandths without printf; the rest takes the slow path.
 * The caller has checked that x is finite. */
static int put_num(vet__buf *b, double x) {
  double r = round(x * 10000.0) / 10000.0;
  if (!(fabs(r) < 100.0)) return put_real_slow(b, r);
  long long k = llround(fabs(r) * 10000.0);
  char t[24];
  size_t n = 0;
  if (signbit(r)) t[n++] = '-';
  long long ip = k / 10000, fp = k % 10000;
  if (ip >= 10) t[n++] = (char)('0' + ip / 10);
  t[n++] = (char)('0' + ip % 10);
  t[n++] = '.';
  if (!fp) {
    t[n++] = '0';
  } else {
    char d[4] = {(char)('0' + fp / 1000), (char)('0' + fp / 100 % 10), (char)('0' + fp / 10 % 10),
                 (char)('0' + fp % 10)};
    size_t nd = 4;
    while (d[nd - 1] == '0') nd--;
    memcpy(t + n, d, nd);
    n += nd;
  }
  return vet__buf_append(b, t, n);
}

/* One object or array being written: whether a comma goes before the next
 * member, and a sticky out-of-memory flag. */
typedef struct w {
  vet__buf *b;
  int first;
  int bad;
} w;

static void key(w *o, const char *k) {
  if (!o->first) o->bad |= vet__buf_putc(o->b, ',');
  o->first = 0;
  if (k) {
    o->bad |= put_string(o->b, k);
    o->bad |= vet__buf_putc(o->b, ':');
  }
}

/* A string member (k NULL: an array element); NULL is written as null, and a
 * string that is not valid UTF-8 is left out, as jansson left it out. */
static void str_m(w *o, const char *k, const char *s) {
  if (s && !utf8_ok(s)) return;
  key(o, k);
  o->bad |= s ? put_string(o->b, s) : vet__buf_puts(o->b, "null");
}

/* A string member that jansson made with json_string() of a value that is
 * never meant to be NULL: left out when it is NULL (json_string(NULL) failed). */
static void str_req(w *o, const char *k, const char *s) {
  if (s) str_m(o, k, s);
}

/* A score member; not a finite number: left out (json_real() refused it). */
static void num_m(w *o, const char *k, double x) {
  if (!isfinite(x)) return;
  key(o, k);
  o->bad |= put_num(o->b, x);
}

static void open_m(w *o, const char *k, char c, w *inner) {
  key(o, k);
  o->bad |= vet__buf_putc(o->b, c);
  *inner = (w){o->b, 1, 0};
}

static void close_m(w *o, w *inner, char c) {
  o->bad |= inner->bad | vet__buf_putc(o->b, c);
}

/* Appends mt as compact JSON to b (the buffer owns its storage). Returns
 * VET_OK or VET_ENOMEM. */
static int append_match(vet__buf *b, const vet_match *mt) {
  w top = {b, 1, 0}, o;
  top.bad |= vet__buf_putc(b, '{');
  o = (w){b, 1, 0};
  str_m(&o, "list", mt->list_id);
  str_m(&o, "source_id", mt->source_id);
  str_req(&o, "source_list", mt->source_list);
  str_m(&o, "name", mt->name);
  str_m(&o, "matched_name", mt->matched_name);
  str_req(&o, "matched_kind", vet_name_kind_name(mt->matched_kind));
  str_req(&o, "type", vet_entity_type_name(mt->type));
  num_m(&o, "score", mt->score);
  key(&o, "match");
  o.bad |= vet__buf_puts(b, mt->is_match ? "true" : "false");
  w ex, arr, x;
  open_m(&o, "explanation", '{', &ex);
  num_m(&ex, "name_score", mt->name_score);
  open_m(&ex, "tokens", '[', &arr);
  for (size_t i = 0; i < mt->n_tokens; i++) {
    const vet_token_match *t = &mt->tokens[i];
    open_m(&arr, NULL, '{', &x);
    str_m(&x, "query", t->query_token);
    str_m(&x, "name", t->name_token);
    num_m(&x, "similarity", t->similarity);
    num_m(&x, "weight", t->weight);
    str_m(&x, "how", t->how);
    if (!t->query_token || !t->name_token) num_m(&x, "kept", t->kept);
    close_m(&arr, &x, '}');
  }
  close_m(&ex, &arr, ']');
  open_m(&ex, "adjustments", '[', &arr);
  for (size_t i = 0; i < mt->n_adjustments; i++) {
    const vet_adjustment *a = &mt->adjustments[i];
    open_m(&arr, NULL, '{', &x);
    str_m(&x, "what", a->what);
    num_m(&x, "delta", a->delta);
    str_m(&x, "reason", a->reason);
    close_m(&arr, &x, '}');
  }
  close_m(&ex, &arr, ']');
  close_m(&o, &ex, '}');
  close_m(&top, &o, '}');
  return top.bad ? VET_ENOMEM : VET_OK;
}

/* See vet_match.h. The caller frees the result with free(). */
char *vet_match_to_json(const vet_match *mt, int flags) {
  if (!mt) return NULL;
  vet__buf b = VET__BUF_INIT;
  if (vet__buf_reserve(&b, 1024) || append_match(&b, mt)) {
    vet__buf_free(&b);
    return NULL;
  }
  if (!(flags & VET_JSON_PRETTY)) return vet__buf_take(&b);
  json_t *o = json_loadb(b.data, b.len, 0, NULL);
  vet__buf_free(&b);
  if (!o) return NULL;
  char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) | JSON_INDENT(2));
  json_decref(o);
  return s;
}
