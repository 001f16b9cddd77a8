/*
** vet_match.h — screening a name against a snapshot (part of the public
** contract; included by vet.h).
**
** A vet_matcher is one thread's screening context over an open snapshot:
** it owns scratch memory and the results of its last call. Create one per
** thread; the snapshot itself is shared. Every front end — `vet screen`,
** `vet batch`, `vet text`, the HTTP server, monitoring — calls vet_screen()
** and formats its results; none re-implements matching.
**
** Scores are in [0, 1]. A name identical to a listed name after
** normalization scores 1.0. VET_DEFAULT_THRESHOLD is the score at which a
** hit is worth an analyst's review (see docs/MATCHING.md for how it was
** chosen). Every match explains itself: which listed name matched, the
** alignment of query tokens to name tokens with each token's similarity and
** weight, and each adjustment (type, country, date of birth, identifiers,
** weak alias) with its reason.
*/
#ifndef VET_MATCH_H
#define VET_MATCH_H

#include "vet.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VET_DEFAULT_THRESHOLD 0.80
#define VET_DEFAULT_LIMIT 10

typedef struct vet_matcher vet_matcher;  /* one per thread; not thread-safe */

/* One query. Only `name` is required; zero/NULL fields are not used. */
typedef struct vet_query {
  const char *name;                 /* UTF-8, any script */
  vet_entity_type type;             /* VET_TYPE_UNKNOWN: any */
  const char *country;              /* ISO 3166 alpha-2 or a country name */
  const char *dob;                  /* "1971", "1971-03-12", "12 Mar 1971" */
  const char *const *lists;         /* only these list ids; NULL: all */
  size_t n_lists;
  const char *const *ids;           /* identifiers the caller holds (passport no., IMO, ...) */
  size_t n_ids;
  double threshold;                 /* < 0: VET_DEFAULT_THRESHOLD */
  size_t limit;                     /* 0: VET_DEFAULT_LIMIT */
  int all;                          /* 1: also return candidates below the threshold (up to limit) */
} vet_query;

/* A query with every field empty and threshold -1. */
VET_API vet_query vet_query_default(void);

/* How one query token lines up with one token of the matched name. */
typedef struct vet_token_match {
  const char *query_token;          /* normalized query token; NULL: a name token with no partner */
  const char *name_token;           /* normalized name token; NULL: a query token with no partner */
  double similarity;                /* 0..1 */
  double weight;                    /* share of the name score this pair carries */
  const char *how;                  /* "exact", "variant", "typo", "initial", "joined",
                                       "transliteration", "missing", "extra" */
  double kept;                      /* "missing" and "extra": the share of the token's
                                       weight that counts against the score: 1, or less
                                       where leaving it out is common (0.35 for a person's
                                       middle name, a weak two-letter word or an Arabic
                                       father's name; 0.8 for a company's middle word);
                                       1 for a pair. See docs/MATCHING.md §2. */
} vet_token_match;

/* Something that raised or lowered the score beyond the name. */
typedef struct vet_adjustment {
  const char *what;                 /* "type", "country", "dob", "id", "weak_alias", ... */
  double delta;                     /* added to the score (may be negative) */
  const char *reason;               /* a sentence */
} vet_adjustment;

/* One result. All pointers are borrowed from the matcher and valid until its
** next vet_screen() call or vet_matcher_free(). */
typedef struct vet_match {
  uint32_t entity;                  /* index in the snapshot (vet_snapshot_entity) */
  const char *list_id;
  const char *source_id;
  const char *source_list;          /* CSL source code, else NULL */
  const char *name;                 /* the entity's primary name */
  const char *matched_name;         /* the listed name (primary or alias) that matched */
  vet_name_kind matched_kind;
  vet_entity_type type;
  double score;                     /* final score in [0, 1] */
  double name_score;                /* before adjustments */
  int is_match;                     /* score >= threshold */
  const vet_token_match *tokens;
  size_t n_tokens;
  const vet_adjustment *adjustments;
  size_t n_adjustments;
} vet_match;

/* A matcher over `snap`, which must stay open while the matcher lives.
** NULL on ENOMEM, or when the snapshot has no matching index;
** vet_matcher_open() says which. Free with vet_matcher_free(). */
VET_API vet_matcher *vet_matcher_new(const vet_snapshot *snap);
/* The same, with the reason when it fails: VET_ENOTFOUND (the snapshot has
** no matching index: build it with `vet index build`) or VET_ENOMEM. */
VET_API int vet_matcher_open(const vet_snapshot *snap, vet_matcher **out, vet_error *err);
VET_API void vet_matcher_free(vet_matcher *m);

/* Screens one query. On success *out points to *n_out results, best first
** (borrowed, see vet_match). Returns VET_EINVAL for an empty name and
** VET_EENCODING for a name that is not UTF-8. */
VET_API int vet_screen(vet_matcher *m, const vet_query *q, const vet_match **out,
                       size_t *n_out, vet_error *err);

/* One result as a JSON object in the shape documented in docs/API.md:
** {"list", "source_id", "name", "matched_name", "type", "score", "match",
**  "explanation": {"name_score", "tokens": [...], "adjustments": [...]}}.
** Returns a malloc'd string the caller frees with free(); NULL on ENOMEM. */
VET_API char *vet_match_to_json(const vet_match *match, int flags);

/* The normalized form of a name, tokens separated by single spaces, as the
** matcher sees it (for explanations and debugging). Malloc'd; caller frees. */
VET_API char *vet_normalize_name(const vet_matcher *m, const char *name);

#ifdef __cplusplus
}
#endif
#endif /* VET_MATCH_H */
