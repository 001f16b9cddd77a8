/* fr_citation.c — see fr_citation.h.
 *
 * A hand-written scanner rather than a regular expression: the variants
 * are many but each is a few characters of slack around the same three
 * numbers, and the scanner can say exactly which slack it accepts. */
#include "readers/fr_citation.h"
#include "core/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int digits(const char *s, size_t n, size_t i, size_t *end, long *value) {
  size_t j = i;
  long v = 0;
  while (j < n && isdigit((unsigned char)s[j]) && j - i < 9) v = v * 10 + (s[j++] - '0');
  if (j == i) return 0;
  *end = j;
  *value = v;
  return 1;
}

/* "M/D/YY" or "M/D/YYYY" at s[i]; the ISO date into out. `volume` (0 when
 * unknown) picks the century of a two-digit year. */
static int us_date(const char *s, size_t n, size_t i, long volume, size_t *end, char out[11]) {
  long m, d, y;
  size_t j, k, l;
  if (!digits(s, n, i, &j, &m) || j - i > 2 || j >= n || s[j] != '/') return 0;
  if (!digits(s, n, j + 1, &k, &d) || k - j - 1 > 2 || k >= n || s[k] != '/') return 0;
  if (!digits(s, n, k + 1, &l, &y)) return 0;
  size_t ny = l - k - 1;
  if (ny == 2) {
    long expect = volume > 0 ? 1935 + volume : 2000;
    long a = 1900 + y, b = 2000 + y;
    y = (labs(a - expect) <= labs(b - expect)) ? a : b;
    if (volume <= 0) y = y < 1950 ? y + 100 : y; /* no volume: 1950..2049 */
  } else if (ny != 4) {
    return 0;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y % 10000, m, d);
  memcpy(out, tmp, 10);
  out[10] = '\0';
  *end = l;
  return 1;
}

/* Length of an "F.R." token at s[i] ("FR", "F.R.", "F.R", "F. R.", "FR."),
 * or 0. The letters must stand alone: no letter before or after. */
static size_t fr_token(const char *s, size_t n, size_t i) {
  if (s[i] != 'F') return 0;
  if (i > 0 && isalpha((unsigned char)s[i - 1])) return 0;
  size_t j = i + 1;
  if (j < n && s[j] == '.') j++;
  if (j < n && s[j] == ' ') j++;
  if (j >= n || s[j] != 'R') return 0;
  j++;
  if (j < n && s[j] == '.') j++;
  if (j < n && isalpha((unsigned char)s[j])) return 0;
  return j - i;
}

static size_t skip(const char *s, size_t n, size_t i, const char *set) {
  while (i < n && strchr(set, s[i])) i++;
  return i;
}

/* The field has no "F.R." at all: ";"-separated free-text citations. */
static int plain(vet__eb *eb, const char *s, size_t n, size_t *count) {
  size_t i = 0;
  while (i < n) {
    const char *semi = memchr(s + i, ';', n - i);
    size_t e = semi ? (size_t)(semi - s) : n;
    const char *p = s + i;
    size_t len = e - i;
    vet__trim(&p, &len);
    if (len) {
      char text[512], date[11] = "";
      snprintf(text, sizeof text, "%.*s", (int)len, p);
      /* A trailing MM/DD/YYYY is the date of the notice. */
      size_t b = len;
      while (b > 0 && (isdigit((unsigned char)p[b - 1]) || p[b - 1] == '/')) b--;
      size_t end;
      if (b < len && !(us_date(p, len, b, 0, &end, date) && end == len && len - b >= 8)) date[0] = '\0';
      int rc = vet__eb_citation(eb, text, date[0] ? date : NULL);
      if (rc) return rc;
      if (count) (*count)++;
    }
    i = e + 1;
  }
  return 0;
}

int vet__fr_citations(vet__eb *eb, const char *s, size_t n, size_t *count) {
  if (count) *count = 0;
  size_t found = 0;
  size_t i = 0;
  while (i < n) {
    size_t tl = fr_token(s, n, i);
    if (!tl) {
      i++;
      continue;
    }
    /* The volume: digits just before the token, perhaps with a space or dot between. */
    long volume = 0;
    size_t b = i;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '.') && i - b < 2) b--;
    size_t vs = b;
    while (vs > 0 && isdigit((unsigned char)s[vs - 1]) && b - vs < 4) vs--;
    if (vs < b) {
      size_t e;
      digits(s, n, vs, &e, &volume);
    }
    size_t j = skip(s, n, i + tl, " ");
    char text[96];
    long page;
    size_t e;
    if (j + 3 <= n && vet__ascii_istarts(s + j, n - j, "No.")) {
      /* "88 FR No. 36 (2/23/23)": an issue number instead of a page. */
      size_t k = skip(s, n, j + 3, " ");
      if (!digits(s, n, k, &e, &page)) {
        i += tl;
        continue;
      }
      if (volume) snprintf(text, sizeof text, "%ld FR No. %ld", volume, page);
      else snprintf(text, sizeof text, "FR No. %ld", page);
    } else {
      if (!digits(s, n, j, &e, &page) || (e < n && s[e] == '/')) {
        i += tl;
        continue;
      }
      if (volume) snprintf(text, sizeof text, "%ld FR %ld", volume, page);
      else snprintf(text, sizeof text, "FR %ld", page);
    }
    j = e;
    /* After the page: "(no. 182)", a second page ", 16789", then the date,
     * bare or in parentheses. */
    char date[11] = "";
    size_t k = skip(s, n, j, " ,");
    if (k + 4 <= n && s[k] == '(' && vet__ascii_istarts(s + k + 1, n - k - 1, "no.")) {
      const char *close = memchr(s + k, ')', n - k);
      if (close) {
        j = (size_t)(close - s) + 1;
        k = skip(s, n, j, " ,");
      }
    }
    long extra;
    size_t e2;
    if (digits(s, n, k, &e2, &extra) && e2 < n && s[e2] != '/' && s[e2] != '.' &&
        !fr_token(s, n, skip(s, n, e2, " ")) && (e2 - k) >= 3) {
      size_t k2 = skip(s, n, e2, " ");
      size_t e3;
      char probe[11];
      if (us_date(s, n, k2, volume, &e3, probe)) {
        j = e2;
        k = k2;
      }
    }
    int paren = k < n && s[k] == '(';
    if (us_date(s, n, k + (size_t)paren, volume, &e, date)) {
      j = e;
      if (paren && j < n && s[j] == ')') j++;
    }
    int rc = vet__eb_citation(eb, text, date[0] ? date : NULL);
    if (rc) return rc;
    found++;
    i = j > i + tl ? j : i + tl;
  }
  if (found == 0) return plain(eb, s, n, count);
  if (count) *count = found;
  return 0;
}
