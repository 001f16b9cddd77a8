/* skeleton.c — the consonant skeleton of a token.
 *
 * Scripts such as Arabic and Hebrew write no short vowels, so ICU renders
 * محمد as "mhmd" while the same name in Latin letters is "Mohammed". The
 * skeleton keeps what both spellings share: consonants, with vowels and the
 * semi-vowels w and y dropped, k/q/g and c to k ("gh" as g: غ is written
 * either way, Laghwb = Laagoub; c before e, i, y to s, and "ch" to "sh", as
 * French spellings write them: Akkacha, Chaker), "dj" to j (French for ج:
 * Djamel), x to ks, "ph" and v to f, p to b (Arabic has neither p nor v), digits
 * dropped, and a letter written twice in a row kept once. "mhmd", "mohammed",
 * "muhammad" → "mhmd"; "qdhafi", "qadhafi" → "kdhf"; "ywsf", "yusuf" → "sf";
 * "zyz", "aziz" → "zz". A final h after a vowel is left out (ta marbuta's
 * -ah: "jamaah" and "jmaa" → "jm"), except in -lah (Allah).
 *
 * The skeleton only counts when one side of a comparison was written in such
 * a script (VET__TOK_VOWELLESS): between two Latin spellings it would make
 * Hassan = Hussein. */
#include "normalize/normalize.h"

#include <string.h>

/* Writes the skeleton of t[0..n) into out[0..cap) (NUL-terminated); returns
 * its length. cap must be at least 1. */
size_t vet__skeleton(const char *t, size_t n, char *out, size_t cap) {
  size_t k = 0;
  char last = 0;
  /* A final h after a vowel is the -ah of ta marbuta (Usamah, Hamzah,
   * Jama'ah), which a vowelless rendering drops, or an h both spellings
   * write after a long vowel (Shah, شاه "shah"): it is left out on both
   * sides. Not in -lah, Allah's h, which Arabic writes (الله "allh"). */
  if (n >= 3 && t[n - 1] == 'h' && strchr("aeiouy", t[n - 2]) && !(t[n - 2] == 'a' && t[n - 3] == 'l')) n--;
  for (size_t i = 0; i < n && k + 2 < cap; i++) {
    char c = t[i], o;
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w':
        last = 0;   /* "aziz" keeps both z: only letters written together collapse */
        continue;
      case 'c': o = (i + 1 < n && (t[i + 1] == 'e' || t[i + 1] == 'i' || t[i + 1] == 'y' || t[i + 1] == 'h')) ? 's' : 'k'; break;
      case 'q': o = 'k'; break;
      case 'g': o = 'k'; if (i + 1 < n && t[i + 1] == 'h') i++; break;   /* gh (غ) is written g too: Laagoub */
      case 'd': if (i + 1 < n && t[i + 1] == 'j') { o = 'j'; i++; } else o = 'd'; break;
      case 'p': if (i + 1 < n && t[i + 1] == 'h') { o = 'f'; i++; } else o = 'b'; break;
      case 'v': o = 'f'; break;
      case 'x': o = 'k'; if (last != 'k') out[k++] = 'k'; last = 'k'; o = 's'; break;
      default:
        if (c < 'a' || c > 'z') continue;
        o = c;
    }
    if (o == last) continue;
    out[k++] = o;
    last = o;
  }
  out[k] = 0;
  return k;
}

/* Writes skel with every run of one letter kept once ("mmr" → "mr") into
 * out (NUL-terminated, at most cap-1 bytes); returns its length. Arabic
 * writes a geminated consonant once (معمر, "mmr" after the ayin is gone) where
 * Latin doubles it (Muammar, "mmr" with a vowel between the m's), and the
 * other way round for الله; comparing the collapsed forms too covers both. */
size_t vet__skeleton_collapse(const char *skel, char *out, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; skel[i] && k + 1 < cap; i++)
    if (!k || out[k - 1] != skel[i]) out[k++] = skel[i];
  out[k] = 0;
  return k;
}
