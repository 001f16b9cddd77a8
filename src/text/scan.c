/* scan.c — finding listed names in text: windows, their weight, screening.
 *
 * Two passes over the text. The first notes which listed words the text
 * also uses in lower case in mid-sentence (there they are ordinary words,
 * "group" or "casa"), and whether the text has ordinary capitalization at
 * all (a text all in capitals or all in lower case gives no case evidence).
 * The second goes segment by segment (sentence boundaries, about 64 KiB
 * each, so memory does not grow with the text) and, for each token that
 * can begin a name, grows windows of up to max_tokens tokens that do not
 * cross a sentence end or a bracket, quote, colon or semicolon.
 *
 * Each token carries a weight (info): 0 for particles and common English
 * words; for a listed word, more the fewer names hold it; for an unknown
 * capitalized word in mid-sentence a little (it may be a typo or another
 * transliteration of a listed word). A window is screened only when it
 * holds a listed word that is not a common English word (or one a typo
 * away), when its weight reaches
 * MIN_INFO (MIN_INFO_NOCASE without case evidence), and, in a normally
 * capitalized text, when all its words but the particles are capitalized.
 * A screened window becomes a mention when its best match reaches the
 * threshold, not by a weak alias (which OFAC itself says does not identify
 * anyone alone), and: the window holds every distinctive word of the matched
 * name (covers()); a person needs two words or more; a one-word name needs a
 * distinctive word of four letters or more and a near-exact score
 * (SINGLE_WORD_MIN_SCORE: one word with a typo is too weak a sign).
 *
 * A name made only of common words ("Positive Technologies") has no
 * distinctive word to start or anchor a window. In a normally capitalized
 * text it is looked for where it is written as a proper noun: a run of
 * capitalized common words in mid-sentence with nothing capitalized right
 * before or after it (plain_runs()). Such a run is a mention only of an
 * organization's own name (not an alias), near exactly (SINGLE_WORD_MIN_SCORE),
 * every word of the name in the run and every word of the run in the name
 * (covers_plain()). Overlapping mentions: the highest score wins, then the
 * longer.
 *
 * Strings in the mentions live in the scanner's `strings` buffer until the
 * next scan. */
#include "text/text_int.h"
#include "core/error.h"
#include "core/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_INFO 1.0
#define MIN_INFO_NOCASE 1.0
#define SINGLE_WORD_MIN_SCORE 0.97
#define SEGMENT_BYTES ((size_t)64 << 10)

typedef struct tokinfo {
  float info;
  int32_t word;                      /* listed word, or -1 */
  uint8_t typo;                      /* word is a typo away */
  uint8_t connector;                 /* 1: inside a name only; 2: may begin one */
  uint8_t common;                    /* a common English word (or a legal form) */
  uint8_t legal;                     /* a legal form: Ltd, LLC, GmbH, ... */
  uint8_t sentence_initial;
} tokinfo;

typedef struct cand {
  size_t first, last;                /* token range in the segment */
  size_t start, end;                 /* bytes */
  double score;
  vet_entity_type type;
  size_t s_list, s_source, s_name, s_matched, s_why, s_json; /* offsets into strings */
} cand;

struct vet_text_scanner {
  const vet_snapshot *snap;
  vet_text_options o;
  vet__batch_scorer scorer;
  void *worker;
  vet__text_folder folder;
  vet__text_vocab vocab;
  uint32_t *lower_seen;              /* per word: generation of the scan that saw it in lower case */
  uint32_t gen;
  vet__text_token *toks;
  size_t n_toks, cap_toks;
  tokinfo *info;
  size_t cap_info;
  vet__buf keys, query, strings;
  vet__text_token *ntoks;            /* a matched name's tokens, for the coverage check */
  size_t n_ntoks, cap_ntoks;
  vet__buf nkeys;
  cand *cands;
  size_t n_cands, cap_cands;
  vet_mention *mentions;
  size_t n_mentions, cap_mentions;
  int mixed;                         /* the text has ordinary capitalization */
  const char *text;                  /* the text being scanned, and its length */
  size_t text_n;
};

vet_text_options vet_text_options_default(void) {
  vet_text_options o;
  memset(&o, 0, sizeof o);
  o.threshold = -1;
  return o;
}

int vet__text_scanner_new_with(const vet_snapshot *snap, const vet_text_options *o,
                               const vet__batch_scorer *scorer, vet_text_scanner **out,
                               vet_error *err) {
  *out = NULL;
  vet_text_scanner *s = calloc(1, sizeof *s);
  if (!s) return vet__error_set(err, VET_ENOMEM, "out of memory");
  s->snap = snap;
  s->o = o ? *o : vet_text_options_default();
  if (s->o.threshold < 0) s->o.threshold = VET_TEXT_DEFAULT_THRESHOLD;
  if (!s->o.max_tokens) s->o.max_tokens = VET_TEXT_DEFAULT_MAX_TOKENS;
  s->scorer = *scorer;
  int rc = vet__text_vocab_build(&s->vocab, snap, &s->folder, err);
  if (!rc && !(s->lower_seen = calloc(s->vocab.n_words + 1, sizeof *s->lower_seen)))
    rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  if (!rc && !(s->worker = s->scorer.worker_new(s->scorer.ctx)))
    rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  if (rc) {
    vet_text_scanner_free(s);
    return rc;
  }
  *out = s;
  return VET_OK;
}

void vet_text_scanner_free(vet_text_scanner *s) {
  if (!s) return;
  if (s->worker) s->scorer.worker_free(s->worker);
  vet__text_vocab_free(&s->vocab);
  vet__text_folder_free(&s->folder);
  free(s->lower_seen);
  free(s->toks);
  free(s->ntoks);
  vet__buf_free(&s->nkeys);
  free(s->info);
  free(s->cands);
  free(s->mentions);
  vet__buf_free(&s->keys);
  vet__buf_free(&s->query);
  vet__buf_free(&s->strings);
  free(s);
}

/* ---- weights ------------------------------------------------------------------ */

static int capitalized(const vet__text_token *t) {
  return (t->cls & (VET__TOK_CAP | VET__TOK_UPPER | VET__TOK_NOCASE)) != 0;
}

static int text_is_ascii(const vet_text_scanner *s, const vet__text_token *t) {
  for (size_t k = t->start; k < t->end; k++)
    if ((unsigned char)s->text[k] >= 0x80) return 0;
  return 1;
}

static void weigh(vet_text_scanner *s, size_t i) {
  const vet__text_token *t = &s->toks[i];
  tokinfo *ti = &s->info[i];
  const char *key = s->keys.data + t->key_off;
  memset(ti, 0, sizeof *ti);
  ti->word = -1;
  ti->sentence_initial = t->brk == VET__BRK_SENTENCE;
  int mid_cap = s->mixed && capitalized(t) && !ti->sentence_initial;
  int32_t c = vet__strtab_get(&s->vocab.common, key, t->key_n);
  if (c == 3) {
    ti->legal = 1;
    c = 0;
  }
  if (c > 0) ti->connector = (uint8_t)c;
  if (t->key_n == 1 && !(t->cls & VET__TOK_DIGIT)) { /* an initial: inside a name only */
    ti->connector = 1;
    return;
  }
  ti->word = vet__strtab_get(&s->vocab.words, key, t->key_n);
  if (ti->word < 0 && c < 0 && t->key_n >= 5 && (capitalized(t) || !s->mixed)) {
    ti->word = vet__text_vocab_typo(&s->vocab, key, t->key_n);
    ti->typo = ti->word >= 0;
  }
  if (c > 0) return;                                /* a particle */
  if (t->cls & VET__TOK_DIGIT) return;
  if (c == 0) {                                     /* a common word */
    ti->common = 1;
    ti->info = mid_cap ? 0.5f : 0.0f;
    return;
  }
  if (ti->word < 0) {
    ti->info = mid_cap ? 0.3f : 0.0f;
    return;
  }
  uint32_t df = s->vocab.df[ti->word];
  float w = df <= 3 ? 1.0f : df <= 20 ? 0.7f : df <= 200 ? 0.35f : 0.1f;
  /* A typo weighs less; a word of another script one letter from a listed
  ** word after transliteration ("Кандиру") is a transliteration, not a typo. */
  if (ti->typo && !(t->cls & VET__TOK_NOCASE) && text_is_ascii(s, t)) w *= 0.7f;
  if (s->mixed && s->lower_seen[ti->word] == s->gen) w *= 0.3f;
  ti->info = w;
}

/* ---- pass one ------------------------------------------------------------------ */

static int first_pass(vet_text_scanner *s, const char *text, size_t n) {
  size_t lower = 0, cased = 0;
  s->gen++;
  for (size_t from = 0; from < n;) {
    size_t to = from + SEGMENT_BYTES < n ? from + SEGMENT_BYTES : n;
    while (to < n && text[to] != '\n' && text[to] != ' ') to++; /* not inside a token */
    s->n_toks = 0;
    vet__buf_clear(&s->keys);
    if (vet__text_tokenize(&s->folder, text, from, to, &s->toks, &s->n_toks, &s->cap_toks, &s->keys))
      return VET_ENOMEM;
    for (size_t i = 0; i < s->n_toks; i++) {
      const vet__text_token *t = &s->toks[i];
      if (t->cls & (VET__TOK_CAP | VET__TOK_UPPER)) cased++;
      if (!(t->cls & VET__TOK_LOWER)) continue;
      lower++;
      if (t->brk == VET__BRK_SENTENCE) continue;
      int32_t w = vet__strtab_get(&s->vocab.words, s->keys.data + t->key_off, t->key_n);
      if (w >= 0) s->lower_seen[w] = s->gen;
    }
    from = to;
  }
  /* Ordinary capitalization: most words in lower case, some capitalized. */
  s->mixed = lower + cased > 0 && lower >= (lower + cased) * 4 / 10 && cased > 0;
  return VET_OK;
}

/* ---- pass two --------------------------------------------------------------------- */

static size_t put_string(vet_text_scanner *s, const char *v, int *nomem) {
  size_t off = s->strings.len;
  if (vet__buf_puts(&s->strings, v ? v : "") || vet__buf_putc(&s->strings, '\0')) *nomem = 1;
  return off;
}

/* Edit distance of a and b if it is at most max, else max + 1. */
static size_t bounded_lev(const char *a, size_t la, const char *b, size_t lb, size_t max) {
  if ((la > lb ? la - lb : lb - la) > max || la > 63 || lb > 63) return max + 1;
  size_t row[64];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0], best;
    row[0] = best = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t v = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < v) v = up + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      row[j] = v;
      diag = up;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
  }
  return row[lb];
}

/* Typos a word of n letters may carry and still be the same word. */
static size_t edits_allowed(size_t n) { return n <= 4 ? 0 : n <= 8 ? 1 : 2; }

/* Tokenizes a matched name into s->ntoks (keys in s->nkeys), as the text
** is. 0, or VET_ENOMEM. */
static int tokenize_name(vet_text_scanner *s, const char *name) {
  s->n_ntoks = 0;
  vet__buf_clear(&s->nkeys);
  return vet__text_tokenize(&s->folder, name, 0, strlen(name), &s->ntoks, &s->n_ntoks, &s->cap_ntoks, &s->nkeys);
}

/* Words of `name` that are common but not legal forms or particles
** ("general" in "Pegasus General Trading FZC"): their number, or -1 when
** out of memory. */
static long plain_common_words(vet_text_scanner *s, const char *name) {
  if (tokenize_name(s, name)) return -1;
  long n = 0;
  for (size_t k = 0; k < s->n_ntoks; k++)
    n += vet__strtab_get(&s->vocab.common, s->nkeys.data + s->ntoks[k].key_off, s->ntoks[k].key_n) == 0;
  return n;
}

/* Whether the window [i, j] holds every distinctive word of the matched
** name (not a particle, common word or legal form), each exactly or within
** edits_allowed() edits, and the name every distinctive word of
** the window. A matcher may score "Major Component" high against
** "Component Logistic LLC" because it forgives a missing word; in running
** text a missing or an extra word means another name. 1 or 0; -1 when out
** of memory (a mention must not be dropped for that). */
static int covers(vet_text_scanner *s, size_t i, size_t j, const char *name) {
  size_t plain_common = 0; /* name words that are common but not legal forms or particles */
  if (tokenize_name(s, name)) return -1;
  size_t distinctive = 0;
  for (size_t k = 0; k < s->n_ntoks; k++) {
    const char *nk = s->nkeys.data + s->ntoks[k].key_off;
    size_t nn = s->ntoks[k].key_n;
    int32_t c = vet__strtab_get(&s->vocab.common, nk, nn);
    if (c == 0) plain_common++;
    if (nn < 2 || c >= 0) continue;
    distinctive++;
    size_t max = edits_allowed(nn);
    int found = 0;
    for (size_t w = i; w <= j && !found; w++) {
      const vet__text_token *t = &s->toks[w];
      found = bounded_lev(s->keys.data + t->key_off, t->key_n, nk, nn, max) <= max;
    }
    if (!found) return 0;
  }
  if (!distinctive) return 0;
  /* One word stands for a name only when the rest of the name is legal
  ** forms: "Pegasus" is not "Pegasus General Trading FZC". */
  if (i == j && plain_common) return 0;
  /* And the other way: no distinctive word of the window is missing from
  ** the name ("Tom Lord" is not the listed "Tom"). */
  for (size_t w = i; w <= j; w++) {
    const vet__text_token *t = &s->toks[w];
    const tokinfo *ti = &s->info[w];
    if (ti->common || ti->connector || (t->cls & VET__TOK_DIGIT) || t->key_n < 2) continue;
    const char *wk = s->keys.data + t->key_off;
    size_t max = edits_allowed(t->key_n);
    int found = 0;
    for (size_t k = 0; k < s->n_ntoks && !found; k++)
      found = bounded_lev(wk, t->key_n, s->nkeys.data + s->ntoks[k].key_off, s->ntoks[k].key_n, max) <= max;
    if (!found) return 0;
  }
  return 1;
}

/* Whether the window [i, j], made of common words only, is exactly the
** matched name: every name word that is no particle or legal form is a word
** of the window, spelled the same, and every word of the window is a word
** of the name. Such a name ("Positive Technologies") has no distinctive
** word for covers() to find; only the whole of it, written as a proper
** noun, names it. 1 or 0; -1 when out of memory. */
static int covers_plain(vet_text_scanner *s, size_t i, size_t j, const char *name) {
  if (tokenize_name(s, name)) return -1;
  size_t plain = 0;
  for (size_t k = 0; k < s->n_ntoks; k++) {
    const char *nk = s->nkeys.data + s->ntoks[k].key_off;
    size_t nn = s->ntoks[k].key_n;
    if (vet__strtab_get(&s->vocab.common, nk, nn) != 0) continue;   /* a particle or legal form */
    plain++;
    int found = 0;
    for (size_t w = i; w <= j && !found; w++)
      found = s->toks[w].key_n == nn && !memcmp(s->keys.data + s->toks[w].key_off, nk, nn);
    if (!found) return 0;
  }
  for (size_t w = i; w <= j; w++) {
    if (s->info[w].connector || s->info[w].legal) continue;
    const char *wk = s->keys.data + s->toks[w].key_off;
    size_t wn = s->toks[w].key_n;
    int found = 0;
    for (size_t k = 0; k < s->n_ntoks && !found; k++)
      found = s->ntoks[k].key_n == wn && !memcmp(s->nkeys.data + s->ntoks[k].key_off, wk, wn);
    if (!found) return 0;
  }
  return plain >= 2;
}

static int standalone_neighbour(const vet_text_scanner *s, size_t k, int dir);

/* Non-common, non-particle, non-digit words in [i, j]. */
static size_t distinctive_words(const vet_text_scanner *s, size_t i, size_t j) {
  size_t n = 0;
  for (size_t k = i; k <= j; k++)
    n += !s->info[k].common && !s->info[k].connector && !(s->toks[k].cls & VET__TOK_DIGIT);
  return n;
}

/* A legal form in [i, j] or in the two words after it (no bracket, quote
** or sentence end between). */
static int legal_form_near(const vet_text_scanner *s, size_t i, size_t j) {
  for (size_t k = i; k <= j + 2 && k < s->n_toks; k++) {
    if (k > j && s->toks[k].brk >= VET__BRK_WINDOW) break;
    if (s->info[k].legal) return 1;
  }
  return 0;
}

/* Whether `hit`, a match of window [i, j] of `words` words, is a mention:
** 1 or 0; -1 when out of memory. */
static int accept(vet_text_scanner *s, size_t i, size_t j, size_t words, const vet__batch_hit *hit) {
  if (hit->type == VET_TYPE_PERSON && distinctive_words(s, i, j) < 2) return 0; /* a person: two distinctive words */
  if ((hit->type == VET_TYPE_PERSON || hit->type == VET_TYPE_UNKNOWN) &&
      (standalone_neighbour(s, i, -1) || standalone_neighbour(s, j, +1)))
    return 0; /* part of a longer name: "André Luís Lopes" is not "Luis Lopez" */
  if ((hit->type == VET_TYPE_PERSON || hit->type == VET_TYPE_VESSEL || hit->type == VET_TYPE_AIRCRAFT) &&
      legal_form_near(s, i, j))
    return 0; /* "Sierra, Inc" names a company, not the vessel Sierra */
  int cov = covers(s, i, j, hit->matched_name ? hit->matched_name : "");
  if (cov <= 0) return cov;
  /* A one-word alias that is a short form of the entity's name ("Pegasus"
  ** for "Pegasus General Trading FZC") says too little alone. */
  if (i == j && hit->name && hit->matched_name && strcmp(hit->name, hit->matched_name)) {
    long common = plain_common_words(s, hit->name);
    if (common < 0) return -1;
    if (common) return 0;
  }
  if (words == 1) {
    const vet__text_token *t = &s->toks[i];
    if (hit->score < SINGLE_WORD_MIN_SCORE) return 0;
    if (t->end - t->start < 4 || s->info[i].info < 1.0f) return 0;
    if (s->mixed && !capitalized(t)) return 0;
  }
  return 1;
}

/* The same for a window of common words written as a proper noun
** (plain_runs()): only an organization's whole own name, near exactly. Not
** an alias: the DPRK's MINISTRY OF NATIONAL DEFENCE is also listed as
** "Ministry of Defence", which most countries have. */
static int accept_plain(vet_text_scanner *s, size_t i, size_t j, const vet__batch_hit *hit) {
  if (hit->type != VET_TYPE_ORGANIZATION && hit->type != VET_TYPE_UNKNOWN) return 0;
  if (hit->score < SINGLE_WORD_MIN_SCORE) return 0;
  if (!hit->name || !hit->matched_name || strcmp(hit->name, hit->matched_name)) return 0;
  return covers_plain(s, i, j, hit->matched_name ? hit->matched_name : "");
}

/* Screens tokens [i, j] as one query; adds a candidate when it passes. */
static int screen_window(vet_text_scanner *s, const char *text, size_t i, size_t j, double info,
                         size_t words, int plain, vet_error *err) {
  const vet__text_token *a = &s->toks[i], *b = &s->toks[j];
  vet__buf_clear(&s->query);
  for (size_t k = a->start; k < b->end; k++) {
    char c = text[k];
    if (vet__buf_putc(&s->query, c == '\n' || c == '\r' || c == '\t' ? ' ' : c)) return VET_ENOMEM;
  }
  /* Invalid bytes between the words are spaces, as for the tokenizer
   * (vet_screen() refuses a name that is not UTF-8). */
  for (size_t at = 0, len = s->query.len, bad; (bad = vet__utf8_invalid_at(s->query.data + at, len - at)) < len - at;
       at += bad + 1)
    s->query.data[at + bad] = ' ';
  vet_query q;
  memset(&q, 0, sizeof q);
  q.name = s->query.data;
  q.threshold = s->o.threshold;
  q.limit = 3;
  q.lists = s->o.lists;
  q.n_lists = s->o.n_lists;
  const vet__batch_hit *hits;
  size_t n = 0;
  int rc = s->scorer.screen(s->worker, &q, &hits, &n, err);
  if (rc == VET_EINVAL) return VET_OK; /* nothing to match in this window */
  if (rc) return rc;
  for (size_t h = 0; h < n; h++) {
    const vet__batch_hit *hit = &hits[h];
    if (!hit->is_match || hit->score < s->o.threshold) continue;
    if (hit->type == VET_TYPE_PERSON && words < 2) continue;
    if (hit->weak) continue; /* a weak alias does not identify anyone alone */
    int ok = plain ? accept_plain(s, i, j, hit) : accept(s, i, j, words, hit);
    if (ok < 0) return VET_ENOMEM;
    if (!ok) continue;
    if (s->n_cands == s->cap_cands) {
      size_t nc = s->cap_cands ? s->cap_cands * 2 : 32;
      cand *p = realloc(s->cands, nc * sizeof *p);
      if (!p) return VET_ENOMEM;
      s->cands = p;
      s->cap_cands = nc;
    }
    cand *c = &s->cands[s->n_cands++];
    int nomem = 0;
    c->first = i;
    c->last = j;
    c->start = a->start;
    c->end = b->end;
    c->score = hit->score;
    c->type = hit->type;
    c->s_list = put_string(s, hit->list_id, &nomem);
    c->s_source = put_string(s, hit->source_id, &nomem);
    c->s_name = put_string(s, hit->name, &nomem);
    c->s_matched = put_string(s, hit->matched_name, &nomem);
    c->s_why = s->strings.len;
    if (vet__buf_printf(&s->strings, "%s%swindow of %zu word%s, weight %.2f%s", hit->why ? hit->why : "",
                        hit->why && *hit->why ? "; " : "", words, words == 1 ? "" : "s", info,
                        s->mixed ? ", capitalized" : "") ||
        vet__buf_putc(&s->strings, '\0'))
      nomem = 1;
    c->s_json = put_string(s, hit->json, &nomem);
    if (nomem) return VET_ENOMEM;
    break; /* the best match of this window */
  }
  return VET_OK;
}

/* Whether the word at [a, b) is joined by a hyphen to another ("Fortuna-like"). */
static int hyphenated(const char *text, size_t a, size_t b, size_t n) {
  return (b + 1 < n && text[b] == '-' && text[b + 1] != ' ' && text[b + 1] != '\n') ||
         (a >= 2 && text[a - 1] == '-' && text[a - 2] != ' ' && text[a - 2] != '\n');
}

/* Whether the token next to k (dir -1 or +1, across a soft break only:
** "In Lahore, Hafiz Muhammad Saeed" has two names) is
** a capitalized word that is neither common nor a particle, or an initial. */
static int standalone_neighbour(const vet_text_scanner *s, size_t k, int dir) {
  if (!s->mixed) return 0;
  if (dir < 0 ? k == 0 || s->toks[k].brk != VET__BRK_SOFT
              : k + 1 >= s->n_toks || s->toks[k + 1].brk != VET__BRK_SOFT)
    return 0;
  size_t o = dir < 0 ? k - 1 : k + 1;
  const tokinfo *t = &s->info[o];
  const vet__text_token *tok = &s->toks[o];
  if (!capitalized(tok) || (tok->cls & VET__TOK_DIGIT)) return 0;
  return tok->key_n == 1 || (!t->common && !t->connector); /* "L. Drake": an initial is a name too */
}

/* Proper nouns made of common words ("Positive Technologies"): in a
** normally capitalized text, a run of two or more capitalized common words
** starting in mid-sentence, with no capitalized word right before or after
** it across a space (that would be a longer proper noun, "GNU General
** Public License", or a sentence's first words, "The General Public was
** invited"). Particles may stand inside a run ("Bank of ..."), so the words
** before each particle make a run too ("Positive Technologies" in
** "Positive Technologies in Moscow", where "Moscow" is a common word); a
** legal form ends a run. Writes the last token of each such run starting
** at token i into ends[] and its number of words (legal forms and
** particles not counted) into words[]; returns how many (at most cap). */
static size_t plain_runs(const vet_text_scanner *s, size_t i, size_t *ends, size_t *words, size_t cap) {
  const tokinfo *ti = &s->info[i];
  if (!s->mixed || !ti->common || ti->legal || ti->connector || ti->sentence_initial ||
      !capitalized(&s->toks[i]) || (s->toks[i].cls & VET__TOK_DIGIT))
    return 0;
  if (i > 0 && s->toks[i].brk == VET__BRK_SOFT && capitalized(&s->toks[i - 1])) return 0;
  size_t n = s->n_toks, last = i, w = 0, found = 0, j = i;
  int gap = 0;   /* particles since the last word */
  for (; j < n && j < i + s->o.max_tokens; j++) {
    const vet__text_token *t = &s->toks[j];
    const tokinfo *tj = &s->info[j];
    if (j > i && t->brk != VET__BRK_SOFT) break;
    if (tj->connector) {
      if (!gap && w >= 2 && found < cap) {
        ends[found] = last;
        words[found++] = w;
      }
      gap = 1;
      continue;
    }
    if (!capitalized(t)) break;
    if (!tj->common || (t->cls & VET__TOK_DIGIT)) {
      if (!gap) return 0;   /* a distinctive word: scan_segment's windows */
      break;
    }
    if (w && s->info[last].legal) break;   /* a legal form ends it */
    w += !tj->legal;
    last = j;
    gap = 0;
  }
  size_t k = last + 1;   /* the word after the whole run */
  int longer = (k < n && s->toks[k].brk == VET__BRK_SOFT && capitalized(&s->toks[k]) && !s->info[k].connector);
  if (!longer && w >= 2 && found < cap && (!found || ends[found - 1] != last)) {
    ends[found] = last;
    words[found++] = w;
  }
  return found;
}

static int scan_segment(vet_text_scanner *s, const char *text, vet_error *err) {
  size_t n = s->n_toks;
  if (n > s->cap_info) {
    tokinfo *p = realloc(s->info, n * sizeof *p);
    if (!p) return VET_ENOMEM;
    s->info = p;
    s->cap_info = n;
  }
  for (size_t i = 0; i < n; i++) weigh(s, i);
  const double min_info = s->mixed ? MIN_INFO : MIN_INFO_NOCASE;
  for (size_t i = 0; i < n; i++) {
    const tokinfo *ti = &s->info[i];
    const vet__text_token *ts = &s->toks[i];
    size_t ends[4], words_of[4];
    for (size_t r = 0, nr = plain_runs(s, i, ends, words_of, 4); r < nr; r++) {
      int rc = screen_window(s, text, i, ends[r], 0, words_of[r], 1, err);
      if (rc) return rc;
    }
    /* A name begins with a distinctive word or a particle such as "Abu". */
    if (ti->connector == 1 || (ti->common && ti->connector != 2) || (ts->cls & VET__TOK_DIGIT)) continue;
    if (!ti->connector && ti->word < 0) continue;
    if (s->mixed && !capitalized(ts)) continue;
    double info = 0;
    size_t words = 0, unknown = 0;
    int anchor = 0;
    for (size_t j = i; j < n && j < i + s->o.max_tokens; j++) {
      const vet__text_token *t = &s->toks[j];
      const tokinfo *tj = &s->info[j];
      if (j > i && t->brk >= VET__BRK_WINDOW) break;
      if (tj->connector) continue;              /* inside a name; never its end */
      if (s->mixed && !capitalized(t) && !(t->cls & VET__TOK_DIGIT)) break;
      int unknown_here = tj->word < 0 && !tj->common && !(t->cls & VET__TOK_DIGIT);
      if (unknown_here && ++unknown > 1) break; /* one unlisted word (a variant) at most */
      info += tj->info;
      words++;
      anchor |= tj->word >= 0 && tj->info > 0 && !tj->common;
      if (!anchor || info < min_info || unknown_here || (t->cls & VET__TOK_DIGIT)) continue;
      /* One word next to another distinctive capitalized word is part of a
      ** longer name ("Noah Friedman"), not this one. */
      if (words == 1 && (standalone_neighbour(s, i, -1) || standalone_neighbour(s, j, +1) ||
                         hyphenated(text, s->toks[i].start, s->toks[j].end, s->text_n)))
        continue;
      int rc = screen_window(s, text, i, j, info, words, 0, err);
      if (rc) return rc;
    }
  }
  return VET_OK;
}

static int by_position(const void *a, const void *b) {
  const vet_mention *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static int by_quality(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  size_t lx = x->end - x->start, ly = y->end - y->start;
  if (lx != ly) return lx > ly ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* The sentence around [start, end): back to the previous . ! ? or blank line. */
static void sentence_of(const char *text, size_t n, size_t start, size_t end, size_t *from, size_t *to) {
  size_t a = start;
  while (a > 0) {
    char c = text[a - 1];
    if ((c == '.' || c == '!' || c == '?') && (a == start || text[a] == ' ' || text[a] == '\n')) break;
    if (c == '\n' && a >= 2 && text[a - 2] == '\n') break;
    if (start - a > 400) break;
    a--;
  }
  while (a < start && (text[a] == ' ' || text[a] == '\n' || text[a] == '\r' || text[a] == '\t')) a++;
  size_t b = end;
  while (b < n) {
    char c = text[b];
    b++;
    if ((c == '.' || c == '!' || c == '?') && (b == n || text[b] == ' ' || text[b] == '\n')) break;
    if (c == '\n' && b < n && text[b] == '\n') { b--; break; }
    if (b - end > 400) break;
  }
  *from = a;
  *to = b;
}

/* Tells options.diag of each line of text[0, n) that holds bytes that are
 * not UTF-8: nothing read as a space goes unsaid. */
static void report_invalid(const vet_text_scanner *s, const char *text, size_t n) {
  unsigned long line = 1;
  size_t line_at = 0;   /* where the counted lines end */
  for (size_t at = 0, bad; at < n && (bad = vet__utf8_invalid_at(text + at, n - at)) < n - at;) {
    size_t first = at + bad, count = 0;
    for (; line_at < first; line_at++) line += text[line_at] == '\n';
    size_t eol = first;
    while (eol < n && text[eol] != '\n') eol++;
    /* The bad bytes of this line, however many runs. */
    for (at = first; at < eol;) {
      size_t b = vet__utf8_invalid_at(text + at, eol - at);
      if (b == eol - at) break;
      count++;
      at += b + 1;
    }
    char reason[160];
    snprintf(reason, sizeof reason, "%zu byte%s not UTF-8 (the first at byte %zu of the text), read as space%s",
             count, count == 1 ? "" : "s", first + 1, count == 1 ? "" : "s");
    vet_diag d = {VET_DIAG_WARNING, NULL, line, reason};
    s->o.diag(s->o.diag_userdata, &d);
    at = eol;
  }
}

int vet_text_scan(vet_text_scanner *s, const char *text, size_t n, const vet_mention **out,
                  size_t *n_out, vet_error *err) {
  *out = NULL;
  *n_out = 0;
  if (s->o.diag) report_invalid(s, text, n);
  s->n_mentions = 0;
  s->text = text;
  s->text_n = n;
  vet__buf_clear(&s->strings);
  if (first_pass(s, text, n)) return vet__error_set(err, VET_ENOMEM, "out of memory");
  size_t kept_total = 0;
  for (size_t from = 0; from < n;) {
    /* A segment ends at a blank line or a sentence end past SEGMENT_BYTES. */
    size_t to = from + SEGMENT_BYTES < n ? from + SEGMENT_BYTES : n;
    while (to < n && !(text[to - 1] == '.' && (text[to] == ' ' || text[to] == '\n')) &&
           !(text[to] == '\n' && text[to - 1] == '\n') && to - from < 4 * SEGMENT_BYTES)
      to++;
    while (to < n && to - from >= 4 * SEGMENT_BYTES && text[to] != ' ' && text[to] != '\n') to++;
    s->n_toks = 0;
    s->n_cands = 0;
    vet__buf_clear(&s->keys);
    if (vet__text_tokenize(&s->folder, text, from, to, &s->toks, &s->n_toks, &s->cap_toks, &s->keys))
      return vet__error_set(err, VET_ENOMEM, "out of memory");
    int rc = scan_segment(s, text, err);
    if (rc) return rc == VET_ENOMEM ? vet__error_set(err, rc, "out of memory") : rc;
    /* Best first; drop those overlapping a better one. */
    if (s->n_cands) qsort(s->cands, s->n_cands, sizeof *s->cands, by_quality);
    for (size_t c = 0; c < s->n_cands; c++) {
      cand *x = &s->cands[c];
      int overlap = 0;
      for (size_t m = kept_total; m < s->n_mentions && !overlap; m++)
        overlap = x->start < s->mentions[m].end && s->mentions[m].start < x->end;
      if (overlap) continue;
      if (s->n_mentions == s->cap_mentions) {
        size_t nc = s->cap_mentions ? s->cap_mentions * 2 : 16;
        vet_mention *p = realloc(s->mentions, nc * sizeof *p);
        if (!p) return vet__error_set(err, VET_ENOMEM, "out of memory");
        s->mentions = p;
        s->cap_mentions = nc;
      }
      vet_mention *m = &s->mentions[s->n_mentions++];
      memset(m, 0, sizeof *m);
      m->start = x->start;
      m->end = x->end;
      m->score = x->score;
      m->type = x->type;
      /* Offsets for now; made pointers once the strings stop moving. */
      m->list_id = (const char *)(uintptr_t)x->s_list;
      m->source_id = (const char *)(uintptr_t)x->s_source;
      m->name = (const char *)(uintptr_t)x->s_name;
      m->matched_name = (const char *)(uintptr_t)x->s_matched;
      m->explanation = (const char *)(uintptr_t)x->s_why;
      m->json = (const char *)(uintptr_t)x->s_json;
      sentence_of(text, n, m->start, m->end, &m->sentence_start, &m->sentence_end);
    }
    kept_total = s->n_mentions;
    from = to;
  }
  for (size_t i = 0; i < s->n_mentions; i++) {
    vet_mention *m = &s->mentions[i];
    m->list_id = s->strings.data + (uintptr_t)m->list_id;
    m->source_id = s->strings.data + (uintptr_t)m->source_id;
    m->name = s->strings.data + (uintptr_t)m->name;
    m->matched_name = s->strings.data + (uintptr_t)m->matched_name;
    m->explanation = s->strings.data + (uintptr_t)m->explanation;
    m->json = *(s->strings.data + (uintptr_t)m->json) ? s->strings.data + (uintptr_t)m->json : NULL;
  }
  if (s->n_mentions) qsort(s->mentions, s->n_mentions, sizeof *s->mentions, by_position);
  *out = s->mentions;
  *n_out = s->n_mentions;
  return VET_OK;
}
