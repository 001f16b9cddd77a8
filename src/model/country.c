/* country.c — country names as lists write them, to ISO 3166-1 alpha-2.
 *
 * The English names of every ISO country come from ICU's locale data
 * (uloc_getISOCountries + uloc_getDisplayCountry), so nothing is typed by
 * hand that ICU already knows. Lists also use their own spellings ("Iran
 * (Islamic Republic of)", "Korea, North", "DPRK", "Burma", "Russian
 * Federation"); those are the alias table below. Names are compared after
 * folding to lower-case ASCII letters only, so "Côte d'Ivoire", "Cote
 * d'Ivoire" and "COTE D IVOIRE" meet.
 *
 * The table is built once per process (pthread_once) and never changes
 * afterwards, so lookups are thread-safe. */
#include "model/builder.h"
#include "core/text.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

typedef struct entry {
  char key[64];
  char code[3];
} entry;

static entry *table;
static size_t table_n;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *const aliases[][2] = {
  {"iran islamic republic of", "IR"}, {"islamic republic of iran", "IR"},
  {"korea north", "KP"}, {"north korea", "KP"}, {"dprk", "KP"},
  {"democratic peoples republic of korea", "KP"}, {"korea democratic peoples republic of", "KP"},
  {"korea dem peoples rep", "KP"}, {"korea south", "KR"}, {"south korea", "KR"},
  {"republic of korea", "KR"}, {"korea republic of", "KR"},
  {"burma", "MM"}, {"myanmar burma", "MM"}, {"russian federation", "RU"}, {"russia", "RU"},
  {"syrian arab republic", "SY"}, {"syria", "SY"}, {"uae", "AE"},
  {"united arab emirates", "AE"}, {"uk", "GB"}, {"united kingdom", "GB"}, {"great britain", "GB"},
  {"united kingdom of great britain and northern ireland", "GB"}, {"england", "GB"},
  {"usa", "US"}, {"united states of america", "US"}, {"us", "US"}, {"united states", "US"},
  {"venezuela bolivarian republic of", "VE"}, {"bolivia plurinational state of", "BO"},
  {"tanzania united republic of", "TZ"}, {"united republic of tanzania", "TZ"},
  {"moldova republic of", "MD"}, {"republic of moldova", "MD"},
  {"lao peoples democratic republic", "LA"}, {"laos", "LA"}, {"viet nam", "VN"},
  {"vietnam", "VN"}, {"congo democratic republic of the", "CD"},
  {"democratic republic of the congo", "CD"}, {"congo democratic republic", "CD"},
  {"drc", "CD"}, {"congo republic of the", "CG"}, {"republic of the congo", "CG"},
  {"cote divoire", "CI"}, {"ivory coast", "CI"}, {"macedonia", "MK"},
  {"the former yugoslav republic of macedonia", "MK"}, {"north macedonia", "MK"},
  {"turkey", "TR"}, {"turkiye", "TR"}, {"czech republic", "CZ"}, {"czechia", "CZ"},
  {"palestinian territory occupied", "PS"}, {"west bank", "PS"}, {"gaza", "PS"},
  {"palestine", "PS"}, {"state of palestine", "PS"}, {"holy see", "VA"},
  {"brunei darussalam", "BN"}, {"cabo verde", "CV"}, {"cape verde", "CV"},
  {"eswatini", "SZ"}, {"swaziland", "SZ"}, {"timor leste", "TL"}, {"east timor", "TL"},
  {"micronesia federated states of", "FM"}, {"hong kong", "HK"}, {"macau", "MO"},
  {"macao", "MO"}, {"taiwan", "TW"}, {"china", "CN"}, {"peoples republic of china", "CN"},
  {"prc", "CN"}, {"kosovo", "XK"}, {"bosnia herzegovina", "BA"},
  {"bosnia and herzegovina", "BA"}, {"st kitts and nevis", "KN"},
  {"saint vincent and the grenadines", "VC"}, {"st vincent and the grenadines", "VC"},
  {"st lucia", "LC"}, {"the gambia", "GM"}, {"gambia the", "GM"}, {"bahamas the", "BS"},
  {"the bahamas", "BS"}, {"netherlands antilles", "AN"}, {"curacao", "CW"},
  {"sudan south", "SS"}, {"south sudan", "SS"}, {"yemen republic of", "YE"},
  {"libyan arab jamahiriya", "LY"}, {"libya", "LY"}, {"kyrgyz republic", "KG"},
  {"slovak republic", "SK"}, {"the netherlands", "NL"}, {"holland", "NL"},
  {"region crimea", "UA"}, {"crimea", "UA"}, {"serbia and montenegro", "RS"},
  {"yugoslavia", "RS"}, {"federal republic of yugoslavia", "RS"},
};

/* Lower-case ASCII letters of s (after ICU folding of accents), single spaces. */
static void fold(const char *s, size_t n, char *out, size_t cap) {
  size_t w = 0;
  int space = 0;
  for (size_t i = 0; i < n && w + 1 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) {
      /* Latin-1 supplement letters with accents fold to their base letter;
       * anything else is dropped. Good enough for country names. */
      if (c == 0xC3 && i + 1 < n) {
        static const char base[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
        unsigned char d = (unsigned char)s[++i];
        if (d >= 0xA0 && d <= 0xBF) c = (unsigned char)base[d - 0xA0];
        else if (d >= 0x80 && d <= 0x9F) c = (unsigned char)base[d - 0x80];
        else continue;
      } else continue;
    }
    if (isalpha(c)) {
      if (space && w) out[w++] = ' ';
      space = 0;
      out[w++] = (char)tolower(c);
    } else if (c != '\'' && c != '.') {
      space = 1;
    }
  }
  out[w] = '\0';
}

static int cmp(const void *a, const void *b) {
  return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static void build(void) {
  const char *const *codes = uloc_getISOCountries();
  size_t ncodes = 0;
  while (codes[ncodes]) ncodes++;
  size_t cap = ncodes * 3 + sizeof aliases / sizeof *aliases;
  table = calloc(cap, sizeof *table);
  if (!table) return;
  for (size_t i = 0; i < ncodes; i++) {
    char loc[8] = "en_";
    strncat(loc, codes[i], 4);
    UChar u[128];
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = uloc_getDisplayCountry(loc, "en", u, 128, &st);
    if (U_FAILURE(st) || len <= 0) continue;
    char utf8[256];
    int32_t blen = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(utf8, sizeof utf8, &blen, u, len, &st);
    if (U_FAILURE(st)) continue;
    entry *e = &table[table_n++];
    fold(utf8, (size_t)blen, e->key, sizeof e->key);
    memcpy(e->code, codes[i], 2);
    e = &table[table_n++];
    fold(codes[i], 2, e->key, sizeof e->key);
    memcpy(e->code, codes[i], 2);
    /* The alpha-3 code too: the EU lists write countries as "IRQ". */
    const char *a3 = uloc_getISO3Country(loc);
    if (a3 && strlen(a3) == 3) {
      e = &table[table_n++];
      fold(a3, 3, e->key, sizeof e->key);
      memcpy(e->code, codes[i], 2);
    }
  }
  for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++) {
    entry *e = &table[table_n++];
    fold(aliases[i][0], strlen(aliases[i][0]), e->key, sizeof e->key);
    memcpy(e->code, aliases[i][1], 2);
  }
  qsort(table, table_n, sizeof *table, cmp);
}

const char *vet__country_code(const char *name, size_t n) {
  pthread_once(&once, build);
  if (!table || !name) return NULL;
  vet__trim(&name, &n);
  entry key;
  fold(name, n, key.key, sizeof key.key);
  if (!key.key[0]) return NULL;
  const entry *e = bsearch(&key, table, table_n, sizeof *table, cmp);
  return e ? e->code : NULL;
}
