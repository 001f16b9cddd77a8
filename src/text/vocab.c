/* vocab.c — what vet text knows about words: every word of every listed
 * name with the number of entities whose names hold it (a word in
 * thousands of names, "trading" or "mohammad", tells little; a word in one,
 * "candiru", tells a lot), the 1-deletion neighbours of words of five
 * letters or more (so a typo still meets its word: symmetric deletion, as
 * in SymSpell), and a built-in list of common English words and of the
 * particles names are joined with. The common words are what keeps
 * ordinary prose quiet; they are written here rather than loaded so the
 * scanner needs no data files. */
#include "text/text_int.h"
#include "core/error.h"
#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

/* ---- a string table: open addressing, keys in one buffer ------------------ */

static uint64_t hash_key(const char *s, size_t n) {
  uint64_t h = vet__fnv1a64(s, n);
  return h ^ (h >> 29);
}

int vet__strtab_init(vet__strtab *t, size_t expect) {
  memset(t, 0, sizeof *t);
  size_t n = 64;
  while (n < expect * 2) n <<= 1;
  t->slots = malloc(n * sizeof *t->slots);
  if (!t->slots) return VET_ENOMEM;
  for (size_t i = 0; i < n; i++) t->slots[i].n = UINT32_MAX;
  t->mask = n - 1;
  return VET_OK;
}

void vet__strtab_free(vet__strtab *t) {
  free(t->slots);
  vet__buf_free(&t->keys);
  memset(t, 0, sizeof *t);
}

int32_t vet__strtab_get(const vet__strtab *t, const char *key, size_t n) {
  if (!t->slots) return -1;
  uint64_t h = hash_key(key, n);
  for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
    const vet__strtab_slot *s = &t->slots[i];
    if (s->n == UINT32_MAX) return -1;
    if (s->hash == h && s->n == n && !memcmp(t->keys.data + s->off, key, n)) return s->value;
  }
}

static int grow(vet__strtab *t) {
  size_t n = (t->mask + 1) * 2;
  vet__strtab_slot *ns = malloc(n * sizeof *ns);
  if (!ns) return VET_ENOMEM;
  for (size_t i = 0; i < n; i++) ns[i].n = UINT32_MAX;
  for (size_t i = 0; i <= t->mask; i++) {
    vet__strtab_slot *s = &t->slots[i];
    if (s->n == UINT32_MAX) continue;
    size_t j = s->hash & (n - 1);
    while (ns[j].n != UINT32_MAX) j = (j + 1) & (n - 1);
    ns[j] = *s;
  }
  free(t->slots);
  t->slots = ns;
  t->mask = n - 1;
  return VET_OK;
}

int vet__strtab_put(vet__strtab *t, const char *key, size_t n, int32_t value, int32_t **slot_value) {
  if ((t->count + 1) * 2 > t->mask + 1 && grow(t)) return VET_ENOMEM;
  uint64_t h = hash_key(key, n);
  size_t i = h & t->mask;
  for (;; i = (i + 1) & t->mask) {
    vet__strtab_slot *s = &t->slots[i];
    if (s->n == UINT32_MAX) break;
    if (s->hash == h && s->n == n && !memcmp(t->keys.data + s->off, key, n)) {
      if (slot_value) *slot_value = &s->value;
      return VET_OK;
    }
  }
  vet__strtab_slot *s = &t->slots[i];
  s->off = (uint32_t)t->keys.len;
  if (vet__buf_append(&t->keys, key, n)) return VET_ENOMEM;
  s->hash = h;
  s->n = (uint32_t)n;
  s->value = value;
  t->count++;
  if (slot_value) *slot_value = &s->value;
  return VET_OK;
}

/* ---- common words -------------------------------------------------------------- */

/* Particles that join the parts of a name: 1 inside a name only, 2 may also
** begin one ("Abu Bakr", "Al Qaida"). */
static const char *const connectors1[] = {
  "of", "the", "and", "for", "de", "del", "della", "la", "le", "les", "los", "las", "y", "e", "da",
  "do", "dos", "das", "di", "du", "van", "von", "der", "den", "und", "et", "a", "an", "in", "on",
  "at", "to", "fur", "zu", "ul", "ud", "ad", "ar", "as", "az", "o", "i", "s", "v"};
static const char *const connectors2[] = {"al", "el", "abu", "bin", "ibn", "bint", "ben", "ould",
                                          "abd", "bu", "haji", "hajji", "mac", "st", "san"};

/* Frequent English words (and a few of French, Spanish and German that
** occur in English text): in a window they add nothing, whatever the lists
** hold. Lower case, one per entry. */
static const char *const common[] = {
  "about", "above", "across", "act", "action", "after", "again", "against", "age", "agency", "ago",
  "agreement", "air", "all", "also", "american", "among", "amount", "analysis", "any", "application",
  "april", "are", "area", "arms", "army", "art", "article", "asia", "asian", "association", "august",
  "authority", "available", "back", "bad", "bank", "based", "be", "because", "been", "before", "being",
  "best", "better", "between", "big", "black", "blue", "board", "body", "book", "both", "british",
  "brown", "building", "business", "but", "by", "call", "called", "can", "capital", "car", "care",
  "case", "casa", "center", "central", "centre", "certain", "change", "chief", "china", "chinese",
  "city", "civil", "class", "clear", "close", "club", "coast", "code", "college", "come", "commerce",
  "commercial", "commission", "committee", "common", "communications", "community", "companies",
  "company", "computer", "condition", "conditions", "consulting", "contract", "control", "copy",
  "copyright", "corporation", "could", "council", "country", "court", "cover", "credit", "cuba",
  "cultural", "culture", "current", "customer", "data", "date", "day", "days", "december", "defense",
  "defence", "department", "design", "development", "did", "different", "digital", "director",
  "distribution", "document", "does", "done", "down", "during", "each", "early", "east", "eastern",
  "economic", "education", "electronic", "electronics", "end", "energy", "engineering", "enterprise",
  "enterprises", "equipment", "europe", "european", "even", "every", "exchange", "export", "fact",
  "family", "far", "february", "federal", "few", "field", "file", "final", "finance", "financial",
  "first", "five", "following", "food", "force", "forces", "foreign", "form", "foundation", "four",
  "free", "friday", "from", "fund", "future", "general", "get", "given", "global", "go", "gold",
  "golden", "good", "government", "great", "green", "group", "growth", "had", "has", "have", "he",
  "health", "her", "here", "high", "him", "his", "history", "holding", "holdings", "home", "hospital",
  "hotel", "house", "how", "however", "human", "if", "import", "important", "including", "industrial",
  "industries", "industry", "information", "institute", "insurance", "international", "investment",
  "investments", "is", "island", "islamic", "it", "its", "january", "job", "joint", "july", "june",
  "just", "justice", "key", "king", "know", "known", "land", "large", "last", "law", "lead", "leader",
  "least", "left", "legal", "less", "license", "licence", "life", "light", "like", "limited", "line",
  "list", "little", "local", "logistics", "long", "made", "main", "make", "management", "many",
  "march", "marine", "maritime", "market", "may", "me", "media", "medical", "member", "members",
  "might", "military", "minister", "ministry", "modern", "monday", "money", "more", "most", "much",
  "must", "my", "name", "nation", "national", "natural", "navy", "network", "new", "news", "next",
  "night", "no", "north", "northern", "not", "notice", "november", "now", "number", "october", "off",
  "office", "oil", "old", "one", "only", "open", "or", "order", "organization", "other", "our", "out",
  "over", "own", "page", "part", "party", "people", "person", "petroleum", "place", "plan", "point",
  "police", "policy", "political", "port", "positive", "power", "president", "press", "private",
  "product", "products", "program", "programme", "project", "property", "public", "real", "red",
  "research", "resources", "right", "rights", "river", "road", "royal", "rule", "said", "same",
  "saturday", "school", "science", "sea", "second", "section", "security", "see", "september",
  "service", "services", "she", "shipping", "should", "side", "since", "small", "so", "social",
  "software", "solutions", "some", "south", "southern", "special", "star", "state", "states", "steel",
  "still", "street", "study", "such", "sun", "sunday", "supply", "support", "system", "systems",
  "take", "tech", "technical", "technologies", "technology", "telecom", "terms", "than", "that",
  "their", "them", "then", "there", "these", "they", "third", "this", "those", "three", "through",
  "thursday", "time", "today", "total", "tower", "trade", "trading", "transport", "travel", "trust",
  "tuesday", "two", "under", "union", "united", "university", "until", "up", "upon", "us", "use",
  "used", "very", "via", "war", "was", "water", "way", "we", "wednesday", "well", "were", "west",
  "western", "what", "when", "where", "which", "while", "white", "who", "will", "with", "without",
  "work", "works", "world", "would", "year", "years", "yes", "yet", "you", "your",
  "software", "program", "programs", "source", "version", "work", "license", "licensed", "licensor",
  "contributor", "contributors", "warranty", "patent", "patents", "object", "derivative", "notice",
  "terms", "permission", "permissions", "modification", "modifications", "library", "section",
  "sections", "apache", "mozilla", "gnu", "affero", "lesser", "creative", "commons",
  "advanced", "telecommunications", "telecommunication", "communication", "institute", "labs",
  "laboratory", "laboratories", "hat", "red", "open", "applied", "scientific", "sciences",
  /* Places: names of the lists hold them ("Hong Kong Energy Technology"),
  ** texts hold them for other reasons. */
  "hong", "kong", "iran", "iranian", "russia", "russian", "syria", "syrian", "korea", "korean",
  "dubai", "moscow", "beijing", "shanghai", "tehran", "london", "paris", "berlin", "damascus",
  "baghdad", "iraq", "iraqi", "libya", "libyan", "yemen", "sudan", "cuban", "venezuela", "panama",
  "lebanon", "israel", "israeli", "turkey", "india", "pakistan", "afghanistan", "emirates", "uae",
  "arab", "africa", "african", "america", "japan", "germany", "france", "italy", "spain", "canada",
  "mexico", "brazil", "ukraine", "belarus", "crimea", "singapore", "malaysia", "thailand",
  "vietnam", "kazakhstan", "uzbekistan", "kyrgyz", "tajik", "armenia", "georgia", "cyprus",
  "greece", "hungary", "bulgaria", "switzerland", "netherlands", "belgium", "sweden", "norway",
  "finland", "poland", "austria", "ireland", "scotland", "england", "wales", "california",
  "texas", "york", "washington", "florida", "asia", "middle", "gulf", "persian", "caspian",
};

/* Legal forms: a name's suffix, never what identifies it; next to a word
** they also say it names a company, not a vessel or a person. */
static const char *const legal_forms[] = {
  "ltd", "llc", "inc", "corp", "incorporated", "co", "gmbh", "ag", "sa", "sarl", "srl", "spa",
  "bv", "nv", "plc", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "zao", "oao", "ad", "ab",
  "oy", "kg", "pte", "pty", "bhd", "sdn", "llp", "lp", "liability", "establishment", "est", "fze",
  "fzco", "fzc", "fzllc", "dmcc", "sal", "sae", "sas", "kft", "zrt", "rt", "doo", "dd",
  "sro", "ltda", "cia", "sociedad", "anonima", "societe", "anonyme", "mbh", "ek", "ohg", "kk", "tbk",
  "pt", "jv",
  "company", "corporation", "limited", "holding", "holdings", "group", "partners", "trading",
};

static int load_common(vet__strtab *t) {
  if (vet__strtab_init(t, 1024)) return VET_ENOMEM;
  for (size_t i = 0; i < sizeof common / sizeof *common; i++)
    if (vet__strtab_put(t, common[i], strlen(common[i]), 0, NULL)) return VET_ENOMEM;
  for (size_t i = 0; i < sizeof connectors1 / sizeof *connectors1; i++) {
    int32_t *v;
    if (vet__strtab_put(t, connectors1[i], strlen(connectors1[i]), 1, &v)) return VET_ENOMEM;
    *v = 1;
  }
  for (size_t i = 0; i < sizeof legal_forms / sizeof *legal_forms; i++) {
    int32_t *v;
    if (vet__strtab_put(t, legal_forms[i], strlen(legal_forms[i]), 3, &v)) return VET_ENOMEM;
    *v = 3;
  }
  for (size_t i = 0; i < sizeof connectors2 / sizeof *connectors2; i++) {
    int32_t *v;
    if (vet__strtab_put(t, connectors2[i], strlen(connectors2[i]), 2, &v)) return VET_ENOMEM;
    *v = 2;
  }
  return VET_OK;
}

/* ---- the vocabulary ---------------------------------------------------------------- */

void vet__text_vocab_free(vet__text_vocab *v) {
  vet__strtab_free(&v->words);
  vet__strtab_free(&v->deletions);
  vet__strtab_free(&v->common);
  free(v->df);
  memset(v, 0, sizeof *v);
}

static int add_deletions(vet__text_vocab *v, const char *w, size_t n, int32_t idx) {
  char tmp[64];
  if (n < 5 || n >= sizeof tmp) return VET_OK;
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)w[i] >= 0x80) return VET_OK; /* ASCII keys only */
  }
  for (size_t i = 0; i < n; i++) {
    memcpy(tmp, w, i);
    memcpy(tmp + i, w + i + 1, n - i - 1);
    if (vet__strtab_put(&v->deletions, tmp, n - 1, idx, NULL)) return VET_ENOMEM;
  }
  return VET_OK;
}

int vet__text_vocab_build(vet__text_vocab *v, const vet_snapshot *snap, vet__text_folder *f,
                          vet_error *err) {
  memset(v, 0, sizeof *v);
  if (load_common(&v->common) || vet__strtab_init(&v->words, 4096) ||
      vet__strtab_init(&v->deletions, 16384))
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  vet__text_token *toks = NULL;
  size_t nt = 0, cap = 0;
  vet__buf keys = VET__BUF_INIT;
  int32_t *seen = NULL; /* word indexes of this entity, for counting each once */
  size_t n_seen = 0, seen_cap = 0;
  int rc = VET_OK;
  uint32_t count = vet_snapshot_entity_count(snap);
  for (uint32_t e = 0; e < count && !rc; e++) {
    vet_entity *ent;
    if ((rc = vet_snapshot_entity(snap, e, &ent, err))) break;
    n_seen = 0;
    for (size_t k = 0; k < ent->n_names && !rc; k++) {
      const char *name = ent->names[k].text;
      if (!name) continue;
      nt = 0;
      vet__buf_clear(&keys);
      if ((rc = vet__text_tokenize(f, name, 0, strlen(name), &toks, &nt, &cap, &keys))) break;
      for (size_t i = 0; i < nt && !rc; i++) {
        const char *key = keys.data + toks[i].key_off;
        size_t kn = toks[i].key_n;
        if (!kn) continue;
        int32_t *slot;
        if ((rc = vet__strtab_put(&v->words, key, kn, (int32_t)v->n_words, &slot))) break;
        if (*slot == (int32_t)v->n_words) { /* new */
          if (v->n_words == v->cap) {
            size_t nc = v->cap ? v->cap * 2 : 4096;
            uint32_t *p = realloc(v->df, nc * sizeof *p);
            if (!p) { rc = VET_ENOMEM; break; }
            v->df = p;
            v->cap = nc;
          }
          v->df[v->n_words++] = 0;
          if ((rc = add_deletions(v, key, kn, *slot))) break;
        }
        int dup = 0;
        for (size_t s = 0; s < n_seen && !dup; s++) dup = seen[s] == *slot;
        if (dup) continue;
        if (n_seen == seen_cap) {
          size_t nc = seen_cap ? seen_cap * 2 : 64;
          int32_t *p = realloc(seen, nc * sizeof *p);
          if (!p) { rc = VET_ENOMEM; break; }
          seen = p;
          seen_cap = nc;
        }
        seen[n_seen++] = *slot;
        v->df[*slot]++;
      }
    }
    vet_entity_free(ent);
  }
  v->n_entities = count;
  free(toks);
  free(seen);
  vet__buf_free(&keys);
  if (rc == VET_ENOMEM) return vet__error_set(err, rc, "out of memory");
  return rc;
}

int32_t vet__text_vocab_typo(const vet__text_vocab *v, const char *key, size_t n) {
  char tmp[64];
  if (n < 5 || n >= sizeof tmp) return -1;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)key[i] >= 0x80) return -1;
  int32_t w = vet__strtab_get(&v->deletions, key, n); /* a letter missing */
  if (w >= 0) return w;
  for (size_t i = 0; i < n; i++) {
    memcpy(tmp, key, i);
    memcpy(tmp + i, key + i + 1, n - i - 1);
    if ((w = vet__strtab_get(&v->words, tmp, n - 1)) >= 0) return w;     /* a letter extra */
    if ((w = vet__strtab_get(&v->deletions, tmp, n - 1)) >= 0) return w; /* a letter changed */
  }
  return -1;
}
