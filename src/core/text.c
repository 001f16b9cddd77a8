/* text.c — see text.h. */
#include "core/text.h"
#include "vet.h"

#include <ctype.h>
#include <string.h>

size_t vet__utf8_invalid_at(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return i;
    if (i + len > n) return i;
    unsigned cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return n;
}

unsigned long vet__line_of(const char *s, size_t at) {
  unsigned long line = 1;
  for (size_t i = 0; i < at; i++)
    if (s[i] == '\n') line++;
  return line;
}

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes, kept as U+FFFD. */
static const unsigned short cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
  0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

int vet__cp1252_to_utf8(vet__buf *out, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  if (vet__buf_reserve(out, n + n / 4)) return VET_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    unsigned cp = s[i];
    if (cp >= 0x80 && cp < 0xA0) cp = cp1252_high[cp - 0x80] ? cp1252_high[cp - 0x80] : 0xFFFD;
    char tmp[3];
    int rc;
    if (cp < 0x80) rc = vet__buf_putc(out, (char)cp);
    else if (cp < 0x800) {
      tmp[0] = (char)(0xC0 | (cp >> 6));
      tmp[1] = (char)(0x80 | (cp & 0x3F));
      rc = vet__buf_append(out, tmp, 2);
    } else {
      tmp[0] = (char)(0xE0 | (cp >> 12));
      tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
      tmp[2] = (char)(0x80 | (cp & 0x3F));
      rc = vet__buf_append(out, tmp, 3);
    }
    if (rc) return rc;
  }
  return 0;
}

void vet__trim(const char **s, size_t *n) {
  const char *p = *s;
  size_t len = *n;
  for (;;) {
    if (len && isspace((unsigned char)p[0])) { p++; len--; }
    else if (len >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) { p += 2; len -= 2; }
    else break;
  }
  for (;;) {
    if (len && isspace((unsigned char)p[len - 1])) len--;
    else if (len >= 2 && (unsigned char)p[len - 2] == 0xC2 && (unsigned char)p[len - 1] == 0xA0) len -= 2;
    else break;
  }
  *s = p;
  *n = len;
}

int vet__ascii_casecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
    if (ca != cb || !ca) return ca - cb;
  }
}

int vet__ascii_ncasecmp(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int ca = tolower((unsigned char)a[i]), cb = tolower((unsigned char)b[i]);
    if (ca != cb || !ca) return ca - cb;
  }
  return 0;
}

int vet__ascii_istarts(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  return m <= n && vet__ascii_ncasecmp(s, p, m) == 0;
}

const char *vet__ascii_istr(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  if (m == 0) return s;
  for (size_t i = 0; i + m <= n; i++)
    if (vet__ascii_ncasecmp(s + i, p, m) == 0) return s + i;
  return NULL;
}
