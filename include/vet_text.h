/*
** vet_text.h — finding mentions of listed names in free text (part of the
** public contract; included by vet.h).
**
** A vet_text_scanner reads UTF-8 text in any script (news, contracts,
** invoices, e-mails) and reports each mention of a listed name with its
** byte offsets, the entity and list, a score and an explanation. It splits
** the text into word tokens, and screens candidate windows of 1..N tokens
** with vet_screen(), so typos and transliterations are found as in
** `vet screen`; a multi-word name may run across line breaks, punctuation
** and case.
**
** Precision comes first: most of any text is not a name, and a listed name
** made of common words must not fire on ordinary prose. A window is screened
** only when its words are distinctive enough: words that are common in
** English or in the lists' own names (how many listed names hold the word),
** and words that the same text also uses in lower case, count for little;
** a capitalized word in mid-sentence counts for more. A person is never
** found by one word; a single-word name must be distinctive and, in text
** with normal capitalization, capitalized. Matches overlap rarely: of
** overlapping ones the best-scoring is kept.
**
** A scanner is one thread's (it owns a vet_matcher); the snapshot is shared.
*/
#ifndef VET_TEXT_H
#define VET_TEXT_H

#include "vet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Stricter than vet screen's threshold: a text is mostly not names. */
#define VET_TEXT_DEFAULT_THRESHOLD 0.88
#define VET_TEXT_DEFAULT_MAX_TOKENS 6

typedef struct vet_text_options {
  double threshold;                 /* < 0: VET_TEXT_DEFAULT_THRESHOLD */
  size_t max_tokens;                /* longest window; 0: VET_TEXT_DEFAULT_MAX_TOKENS */
  const char *const *lists;         /* only these list ids; NULL: all */
  size_t n_lists;
  vet_diag_fn diag;                 /* told of each line with bytes that are not UTF-8
                                       (read as spaces), with `file` NULL; may be NULL */
  void *diag_userdata;
} vet_text_options;

VET_API vet_text_options vet_text_options_default(void);

/* One mention. Strings are borrowed from the scanner until its next scan. */
typedef struct vet_mention {
  size_t start, end;                /* byte offsets: the mention is text[start, end) */
  size_t sentence_start, sentence_end; /* the sentence around it, for showing */
  const char *list_id;
  const char *source_id;
  const char *name;                 /* the entity's primary name */
  const char *matched_name;         /* the listed name that matched */
  vet_entity_type type;
  double score;
  const char *explanation;          /* one line: token alignment, then why the window counted */
  const char *json;                 /* the match as a JSON object (vet_match_to_json) */
} vet_mention;

typedef struct vet_text_scanner vet_text_scanner;

/* A scanner over `snap` (which must outlive it). Reads every listed name
** once to learn how distinctive each word is. On success *out owns the
** scanner; free it with vet_text_scanner_free(). */
VET_API int vet_text_scanner_new(const vet_snapshot *snap, const vet_text_options *options,
                                 vet_text_scanner **out, vet_error *err);
VET_API void vet_text_scanner_free(vet_text_scanner *s);

/* Finds the mentions in text[0, n) (UTF-8; invalid bytes are treated as
** spaces, and options.diag hears of each line that holds some). *out: *n_out mentions in text order, borrowed until the next
** call or the scanner is freed. */
VET_API int vet_text_scan(vet_text_scanner *s, const char *text, size_t n,
                          const vet_mention **out, size_t *n_out, vet_error *err);

/* The text of an HTML document (libxml2's HTML parser, markup and scripts
** dropped, block elements as line breaks). *text is malloc'd; the caller
** frees it. Offsets of mentions then refer to this text. */
VET_API int vet_text_from_html(const char *html, size_t n, char **text, size_t *text_n,
                               vet_error *err);

#ifdef __cplusplus
}
#endif
#endif /* VET_TEXT_H */
