/* el_key.c — see el_key.h. The ASCII folding uses ICU's NFKD normalizer
 * (a process-wide immutable singleton) only for names that hold non-ASCII
 * characters; combining marks are dropped, anything else that is not ASCII
 * separates words like punctuation does. */
#include "model/el_key.h"
#include "vet.h"

#include <unicode/unorm2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include "model/builder.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

static int put_folded(vet__buf *out, UChar32 c, int *pending_dash) {
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
    if (*pending_dash && vet__buf_putc(out, '-')) return VET_ENOMEM;
    *pending_dash = 0;
    return vet__buf_putc(out, (char)c) ? VET_ENOMEM : 0;
  }
  return 0;
}

int vet__el_key(const char *country_code, const char *name, size_t n, vet__buf *out) {
  const char *cc = country_code && country_code[0] ? country_code : "ZZ";
  if (vet__buf_printf(out, "%s:", cc)) return VET_ENOMEM;
  size_t start = out->len;
  int pending = 0;
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&st);
  int32_t i = 0, len = (int32_t)n;
  while (i < len) {
    UChar32 c;
    U8_NEXT(name, i, len, c);
    if (c < 0x80 && c >= 0) {
      int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum) {
        pending = out->len > start;
        continue;
      }
      if (put_folded(out, c, &pending)) return VET_ENOMEM;
      continue;
    }
    if (c < 0 || U_FAILURE(st)) {
      pending = out->len > start;
      continue;
    }
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    UChar dec[32];
    UErrorCode st2 = U_ZERO_ERROR;
    UChar src[2];
    int32_t sn = 0;
    U16_APPEND_UNSAFE(src, sn, c);
    int32_t dn = unorm2_normalize(nfkd, src, sn, dec, 32, &st2);
    if (U_FAILURE(st2)) dn = 0;
    int any = 0;
    for (int32_t k = 0; k < dn; k++) {
      UChar32 d = dec[k];
      if (u_getCombiningClass(d) != 0 || u_charType(d) == U_NON_SPACING_MARK) continue;
      if (d < 0x80 && ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9'))) {
        if (put_folded(out, d, &pending)) return VET_ENOMEM;
        any = 1;
      } else {
        pending = out->len > start;
      }
    }
    if (!any) pending = out->len > start;
  }
  if (out->len == start && vet__buf_puts(out, "entity")) return VET_ENOMEM;
  return 0;
}

const char *vet__el_country_code(const char *heading) {
  if (!heading) return NULL;
  size_t n = strlen(heading);
  const char *cc = vet__country_code(heading, n);
  if (cc) return cc;
  const char *comma = memchr(heading, ',', n);
  if (comma && (cc = vet__country_code(heading, (size_t)(comma - heading)))) return cc;
  const char *of = NULL;
  for (const char *p = heading; (p = vet__ascii_istr(p, n - (size_t)(p - heading), " of ")); p += 4) of = p;
  if (of) return vet__country_code(of + 4, n - (size_t)(of + 4 - heading));
  return NULL;
}
