/* script.c — see script.h. Uses ICU's script property (uscript_getScript),
 * so every script Unicode knows is recognized, not a hand-made range table.
 * Han text written with kana is reported as Han or the kana script,
 * whichever has more letters; that is enough to tell lists' scripts apart. */
#include "model/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#define MAX_SEEN 8

typedef struct tally {
  UScriptCode code[MAX_SEEN];
  size_t count[MAX_SEEN];
  int n;
  int bad;
} tally;

static void count_scripts(const char *s, size_t n, tally *t) {
  t->n = 0;
  t->bad = 0;
  int32_t i = 0, len = (int32_t)n;
  while (i < len) {
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c < 0) {
      t->bad = 1;
      return;
    }
    if (!u_isalpha(c)) continue;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &st);
    if (U_FAILURE(st) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN)
      continue;
    int k = 0;
    while (k < t->n && t->code[k] != sc) k++;
    if (k == t->n) {
      if (t->n == MAX_SEEN) continue;
      t->code[t->n] = sc;
      t->count[t->n++] = 0;
    }
    t->count[k]++;
  }
}

const char *vet__script_of(const char *s, size_t n) {
  tally t;
  count_scripts(s, n, &t);
  if (t.bad || t.n == 0) return NULL;
  int best = 0;
  for (int k = 1; k < t.n; k++)
    if (t.count[k] > t.count[best]) best = k;
  return uscript_getShortName(t.code[best]);
}

int vet__script_non_latin(const char *s, size_t n) {
  tally t;
  count_scripts(s, n, &t);
  if (t.bad || t.n == 0) return 0;
  for (int k = 0; k < t.n; k++)
    if (t.code[k] == USCRIPT_LATIN) return 0;
  return 1;
}
