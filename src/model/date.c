/* date.c — reading dates of birth as the lists write them.
 *
 * The text is always kept as published; what this adds is the year range
 * (and month and day for an exact date) that matching compares. The parser
 * scans for the pieces rather than matching whole patterns: the first and
 * last dates found give the range ("between 1958 and 1963", "1958 to 1963",
 * "01 Jan 1958 to 31 Dec 1959"), words such as "circa" or "approximately"
 * set the approximate flag. A lone date keeps its month and day. */
#include "model/builder.h"
#include "core/text.h"

#include <ctype.h>
#include <string.h>

static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_of(const char *s, size_t n) {
  if (n < 3) return 0;
  for (int i = 0; i < 12; i++)
    if (vet__ascii_ncasecmp(s, months[i], 3) == 0) return i + 1;
  return 0;
}

typedef struct piece { int y, m, d; } piece;

static int num(const char *s, size_t n) {
  int v = 0;
  /* At most 9 digits: no date part is longer, and more would overflow int. */
  for (size_t i = 0; i < n && i < 9; i++) v = v * 10 + (s[i] - '0');
  return v;
}

int vet__date_parse(const char *text, int us_order, vet_date *out) {
  memset(out, 0, sizeof *out);
  out->text = text;
  if (!text) return 0;
  size_t n = strlen(text);
  if (vet__ascii_istr(text, n, "circa") || vet__ascii_istr(text, n, "approx") ||
      vet__ascii_istr(text, n, "about") || vet__ascii_istr(text, n, "ca.") ||
      vet__ascii_istr(text, n, "c.") == text)
    out->approximate = 1;

  /* Tokenize into numbers and words; collect dates as we go. */
  piece found[8];
  int nf = 0;
  size_t i = 0;
  int pend_d = 0, pend_m = 0; /* a day and month waiting for their year */
  int nums[3], nn = 0;        /* a numeric date being read: 12/03/1971, 1971-03-12 */
  while (i <= n && nf < 8) {
    if (i < n && isdigit((unsigned char)text[i])) {
      size_t j = i;
      while (j < n && isdigit((unsigned char)text[j])) j++;
      int v = num(text + i, j - i);
      char sep = j < n ? text[j] : '\0';
      if (nn < 3) nums[nn++] = v;
      int joined = (sep == '/' || sep == '-' || sep == '.') && j + 1 < n &&
                   isdigit((unsigned char)text[j + 1]) && nn < 3;
      if (!joined) {
        piece p = {0, 0, 0};
        if (nn == 3) {
          if (nums[0] > 31) { p.y = nums[0]; p.m = nums[1]; p.d = nums[2]; }
          else if (us_order) { p.m = nums[0]; p.d = nums[1]; p.y = nums[2]; }
          else { p.d = nums[0]; p.m = nums[1]; p.y = nums[2]; }
        } else if (nn == 2) {
          if (nums[0] > 31) { p.y = nums[0]; p.m = nums[1]; }
          else { p.m = nums[0]; p.y = nums[1]; }
        } else if (v >= 1000 && j - i == 4) {
          p.y = v; p.m = pend_m; p.d = pend_m ? pend_d : 0;
          pend_d = pend_m = 0;
        } else if (v >= 1 && v <= 31) {
          pend_d = v;
        }
        if (p.y >= 1000 && p.y <= 2100) {
          if (p.m < 1 || p.m > 12) p.m = p.d = 0;
          if (p.d < 0 || p.d > 31) p.d = 0;
          found[nf++] = p;
        }
        nn = 0;
      }
      i = j + (joined ? 1 : 0);
      continue;
    }
    if (i < n && isalpha((unsigned char)text[i])) {
      size_t j = i;
      while (j < n && isalpha((unsigned char)text[j])) j++;
      int m = month_of(text + i, j - i);
      if (m && j - i <= 9) pend_m = m;
      i = j;
      continue;
    }
    i++;
  }
  if (nf == 0) return 0;
  out->year_from = found[0].y;
  out->year_to = found[nf - 1].y;
  if (out->year_to < out->year_from) {
    int t = out->year_to;
    out->year_to = out->year_from;
    out->year_from = t;
  }
  if (nf == 1) {
    out->month = found[0].m;
    out->day = found[0].d;
  }
  return 1;
}
