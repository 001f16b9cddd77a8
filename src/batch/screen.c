/* screen.c — the shipped scorer of vet batch and vet text: vet_screen()
 * with one vet_matcher per worker thread (or per text scanner), and the
 * public entry points vet_batch_run() and vet_text_scanner_new() that use
 * it. Kept apart from the pipeline and the scanner so that their tests can
 * link them with a stand-in scorer.
 *
 * The worker turns each vet_match into the pipeline's vet__batch_hit: the
 * fields it writes, the match's JSON (vet_match_to_json, the shape of
 * docs/API.md) and a one-line explanation built from the token alignment
 * and the adjustments, e.g. "nso~nso exact, group~group exact; country
 * +0.05". */
#include "batch/batch_int.h"
#include "core/error.h"
#include "text/text_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct screen_worker {
  vet_matcher *m;
  vet__batch_hit *hits;
  size_t cap;
  vet__buf why;                     /* the explanations, NUL-separated */
  char **json;                      /* malloc'd, one per hit of the last call */
  size_t n_json;
  size_t want_json;                 /* build hit->json (vet_match_to_json) of the first want_json hits */
  size_t want_why;                  /* explain the first want_why hits */
} screen_worker;

static void *worker_new(void *ctx) {
  screen_worker *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  if (!(w->m = vet_matcher_new((const vet_snapshot *)ctx))) {
    free(w);
    return NULL;
  }
  w->want_json = (size_t)-1;
  w->want_why = (size_t)-1;
  return w;
}

/* vet batch's CSV output shows the first hit's explanation and no JSON; its
** JSON-lines output shows the JSON of the hits it writes, nothing else. vet
** text asks for everything (it never calls this). */
static void needs(void *p, size_t json, size_t n_why) {
  screen_worker *w = p;
  w->want_json = json;
  w->want_why = n_why;
}

static void drop_json(screen_worker *w) {
  for (size_t i = 0; i < w->n_json; i++) free(w->json[i]);
  w->n_json = 0;
}

static void worker_free(void *p) {
  screen_worker *w = p;
  if (!w) return;
  drop_json(w);
  free(w->json);
  free(w->hits);
  vet__buf_free(&w->why);
  vet_matcher_free(w->m);
  free(w);
}

/* "q~n how" for each aligned pair, then each adjustment, into w->why. */
static int explain(vet__buf *b, const vet_match *m) {
  for (size_t i = 0; i < m->n_tokens; i++) {
    const vet_token_match *t = &m->tokens[i];
    if (vet__buf_puts(b, i ? ", " : "") || vet__buf_puts(b, t->query_token ? t->query_token : "-") ||
        vet__buf_putc(b, '~') || vet__buf_puts(b, t->name_token ? t->name_token : "-") ||
        vet__buf_putc(b, ' ') || vet__buf_puts(b, t->how ? t->how : ""))
      return VET_ENOMEM;
  }
  for (size_t i = 0; i < m->n_adjustments; i++) {
    const vet_adjustment *a = &m->adjustments[i];
    char d[48];
    int dn = snprintf(d, sizeof d, " %+.2f", a->delta);
    if (vet__buf_puts(b, i ? ", " : "; ") || vet__buf_puts(b, a->what ? a->what : "(null)") ||
        (dn > 0 && (size_t)dn < sizeof d ? vet__buf_append(b, d, (size_t)dn)
                                         : vet__buf_printf(b, " %+.2f", a->delta) < 0))
      return VET_ENOMEM;
  }
  return vet__buf_putc(b, '\0');
}

static int screen(void *p, const vet_query *q, const vet__batch_hit **out, size_t *n_out,
                  vet_error *err) {
  screen_worker *w = p;
  const vet_match *ms;
  size_t n;
  drop_json(w);
  int rc = vet_screen(w->m, q, &ms, &n, err);
  if (rc) return rc;
  if (n > w->cap) {
    vet__batch_hit *h = realloc(w->hits, n * sizeof *h);
    char **j = realloc(w->json, n * sizeof *j);
    if (h) w->hits = h;
    if (j) w->json = j;
    if (!h || !j) return vet__error_set(err, VET_ENOMEM, "out of memory");
    w->cap = n;
  }
  vet__buf_clear(&w->why);
  size_t *at = malloc((n ? n : 1) * sizeof *at);
  if (!at) return vet__error_set(err, VET_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) {
    const vet_match *m = &ms[i];
    at[i] = i < w->want_why ? w->why.len : (size_t)-1;
    w->json[i] = NULL;
    if ((i < w->want_why && explain(&w->why, m)) ||
        (i < w->want_json && !(w->json[i] = vet_match_to_json(m, VET_JSON_COMPACT)))) {
      free(at);
      return vet__error_set(err, VET_ENOMEM, "out of memory");
    }
    w->n_json = i + 1;
    int weak = 0;
    for (size_t k = 0; k < m->n_adjustments; k++)
      weak |= m->adjustments[k].what && !strcmp(m->adjustments[k].what, "weak_alias");
    w->hits[i] = (vet__batch_hit){m->score, m->is_match, m->type, weak, m->list_id, m->source_id,
                                  m->name, m->matched_name, NULL, w->json[i]};
  }
  for (size_t i = 0; i < n; i++) w->hits[i].why = at[i] == (size_t)-1 ? NULL : w->why.data + at[i];
  free(at);
  *out = w->hits;
  *n_out = n;
  return VET_OK;
}

vet__batch_scorer vet__screen_scorer(const vet_snapshot *snap) {
  vet__batch_scorer s = {worker_new, worker_free, screen, (void *)snap, needs};
  return s;
}

int vet_batch_run(const vet_snapshot *snap, const char *input, const char *output,
                  const vet_batch_options *options, vet_batch_progress *stats, vet_error *err) {
  if (!snap || !input || !output) return vet__error_set(err, VET_EINVAL, "no snapshot, input or output");
  vet__batch_scorer s = vet__screen_scorer(snap);
  return vet__batch_run_with(&s, input, output, options, stats, err);
}

int vet_text_scanner_new(const vet_snapshot *snap, const vet_text_options *options,
                         vet_text_scanner **out, vet_error *err) {
  vet__batch_scorer sc = vet__screen_scorer(snap);
  return vet__text_scanner_new_with(snap, options, &sc, out, err);
}
