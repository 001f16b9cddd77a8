/* screen.c — screening a stream of stored customers against a snapshot on
 * every core.
 *
 * The calling thread reads customers from SQLite in batches of BATCH rows;
 * for each batch, `threads` workers (one vet_matcher each, created once for
 * the whole stream; the snapshot is shared and read-only) take chunks of
 * CHUNK customers from an atomic counter, screen them and collect their hits
 * in per-worker vectors. After the batch the hits are sorted into customer
 * order and handed to the caller's callback on the calling thread — which is
 * the only thread that touches the database. Memory is bounded by one batch
 * of customers and its hits, not by the number of customers. */
#include "monitor/monitor_int.h"
#include "core/error.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 8192
#define CHUNK 64

typedef struct worker {
  vet_matcher *matcher;
  vet__mon_hit *hits;
  size_t n, cap;
  size_t errors;            /* customers vet_screen() failed on */
  int first_rc;             /* the first of those failures */
  int oom;
  struct shared *sh;
  pthread_t tid;
} worker;

typedef struct shared {
  vet__mon_customer *batch;
  size_t n;
  atomic_size_t next;
  double threshold;
} shared;

static char *dup0(const char *s) { return s ? strdup(s) : NULL; }

static void hit_clear(vet__mon_hit *h) {
  free(h->list_id);
  free(h->source_id);
  free(h->entity_name);
  free(h->matched_name);
}

static void *work(void *arg) {
  worker *w = arg;
  shared *sh = w->sh;
  for (;;) {
    size_t lo = atomic_fetch_add(&sh->next, CHUNK);
    if (lo >= sh->n) break;
    size_t hi = lo + CHUNK < sh->n ? lo + CHUNK : sh->n;
    for (size_t i = lo; i < hi; i++) {
      const vet__mon_customer *c = &sh->batch[i];
      vet_query q = vet_query_default();
      q.name = c->name;
      q.type = c->type ? vet_entity_type_parse(c->type) : VET_TYPE_UNKNOWN;
      q.country = c->country;
      q.dob = c->dob;
      q.threshold = sh->threshold - VET__MON_NEAR_MARGIN;
      q.limit = VET__MON_MAX_HITS;  /* every entity over the threshold, not a top 10 */
      const vet_match *res = NULL;
      size_t nres = 0;
      int src = vet_screen(w->matcher, &q, &res, &nres, NULL);
      if (src) {   /* reported after the batch: a customer not screened must not pass for clean */
        if (!w->errors++) w->first_rc = src;
        continue;
      }
      for (size_t k = 0; k < nres; k++) {
        if (res[k].score < sh->threshold) {  /* a near miss: under the threshold, within the margin */
          sh->batch[i].near = 1;
          continue;
        }
        if (w->n == w->cap) {
          size_t cap = w->cap ? 2 * w->cap : 64;
          vet__mon_hit *nh = realloc(w->hits, cap * sizeof *nh);
          if (!nh) {
            w->oom = 1;
            return NULL;
          }
          w->hits = nh;
          w->cap = cap;
        }
        vet__mon_hit *h = &w->hits[w->n++];
        h->customer = c;
        h->entity = res[k].entity;
        h->score = res[k].score;
        h->list_id = dup0(res[k].list_id);
        h->source_id = dup0(res[k].source_id);
        h->entity_name = dup0(res[k].name);
        h->matched_name = dup0(res[k].matched_name);
        if (!h->list_id || !h->source_id || !h->matched_name || (res[k].name && !h->entity_name)) w->oom = 1;
      }
    }
  }
  return NULL;
}

static int by_customer(const void *a, const void *b) {
  const vet__mon_hit *x = a, *y = b;
  if (x->customer != y->customer) return x->customer < y->customer ? -1 : 1;
  return x->entity < y->entity ? -1 : x->entity > y->entity;
}

static void batch_free(vet__mon_customer *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(b[i].id);
    free(b[i].name);
    free(b[i].type);
    free(b[i].country);
    free(b[i].dob);
    free(b[i].hash);
  }
}

/* Screens one batch on all workers and passes its hits on. */
static int run_batch(shared *sh, worker *w, unsigned nt, const vet_snapshot *snap,
                     vet__mon_hits_fn fn, void *ud, vet_error *err) {
  atomic_store(&sh->next, 0);
  unsigned started = 0;
  for (unsigned t = 1; t < nt; t++)
    if (pthread_create(&w[t].tid, NULL, work, &w[t]) == 0) started = t;
    else break;
  work(&w[0]);
  for (unsigned t = 1; t <= started; t++) pthread_join(w[t].tid, NULL);
  size_t total = 0, errors = 0;
  int oom = 0, first_rc = 0;
  for (unsigned t = 0; t < nt; t++) {
    total += w[t].n;
    oom |= w[t].oom;
    if (w[t].errors && !errors) first_rc = w[t].first_rc;
    errors += w[t].errors;
  }
  vet__mon_hit *all = total ? malloc(total * sizeof *all) : NULL;
  int rc = 0;
  if (oom || (total && !all)) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  else if (errors)
    rc = vet__error_set(err, first_rc, "%zu customer%s could not be screened: %s", errors, errors == 1 ? "" : "s",
                        vet_strerror(first_rc));
  size_t k = 0;
  for (unsigned t = 0; t < nt; t++) {
    if (all && w[t].n) memcpy(all + k, w[t].hits, w[t].n * sizeof *all);
    else
      for (size_t i = 0; i < w[t].n; i++) hit_clear(&w[t].hits[i]);
    k += w[t].n;
    w[t].n = 0;
  }
  if (all) {
    qsort(all, total, sizeof *all, by_customer);
    if (!rc) rc = fn(ud, snap, all, total, err);
    for (size_t i = 0; i < total; i++) hit_clear(&all[i]);
    free(all);
  }
  return rc;
}

int vet__mon_screen(vet_monitor *m, const char *sql, const vet_snapshot *snap, unsigned threads,
                    double threshold, int near_mode, vet__mon_hits_fn fn, void *ud,
                    size_t *screened, size_t *near_seen, vet_error *err) {
  *screened = 0;
  sqlite3_stmt *upd = NULL;
  if (near_mode != VET__MON_NEAR_KEEP &&
      sqlite3_prepare_v2(m->db, "UPDATE customers SET near = ? WHERE id = ?", -1, &upd, NULL) != SQLITE_OK)
    return vet__mon_dberr(m, err, "screen");
  if (threads == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    threads = n > 0 ? (unsigned)n : 1;
  }
  if (threads > 256) threads = 256;
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(m->db, sql, -1, &s, NULL) != SQLITE_OK) {
    sqlite3_finalize(upd);
    return vet__mon_dberr(m, err, "screen");
  }
  shared sh = {.threshold = threshold};
  worker *w = calloc(threads, sizeof *w);
  sh.batch = calloc(BATCH, sizeof *sh.batch);
  int rc = (!w || !sh.batch) ? vet__error_set(err, VET_ENOMEM, "out of memory") : 0;
  for (unsigned t = 0; !rc && t < threads; t++) {
    w[t].sh = &sh;
    if (!(w[t].matcher = vet_matcher_new(snap))) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  int done = 0;
  while (!rc && !done) {
    sh.n = 0;
    while (sh.n < BATCH) {
      int st = sqlite3_step(s);
      if (st == SQLITE_DONE) {
        done = 1;
        break;
      }
      if (st != SQLITE_ROW) {
        rc = vet__mon_dberr(m, err, "reading customers");
        break;
      }
      vet__mon_customer *c = &sh.batch[sh.n++];
      c->id = dup0((const char *)sqlite3_column_text(s, 0));
      c->name = dup0((const char *)sqlite3_column_text(s, 1));
      c->type = dup0((const char *)sqlite3_column_text(s, 2));
      c->country = dup0((const char *)sqlite3_column_text(s, 3));
      c->dob = dup0((const char *)sqlite3_column_text(s, 4));
      c->hash = dup0((const char *)sqlite3_column_text(s, 5));
      c->near_before = sqlite3_column_int(s, 6);
      c->near = 0;
      /* A copy that failed is not an empty field: a missing country or
      ** date of birth would change the score. */
      if (!c->id || !c->name || !c->hash || (!c->type && sqlite3_column_text(s, 2)) ||
          (!c->country && sqlite3_column_text(s, 3)) || (!c->dob && sqlite3_column_text(s, 4)))
        rc = vet__error_set(err, VET_ENOMEM, "out of memory");
    }
    if (!rc && sh.n) {
      rc = run_batch(&sh, w, threads, snap, fn, ud, err);
      *screened += sh.n;
      for (size_t i = 0; !rc && i < sh.n; i++) {
        const vet__mon_customer *c = &sh.batch[i];
        if (c->near && near_seen) (*near_seen)++;
        int want = near_mode == VET__MON_NEAR_EXACT ? c->near : (c->near_before | c->near);
        if (!upd || want == c->near_before) continue;
        sqlite3_reset(upd);
        sqlite3_bind_int(upd, 1, want);
        sqlite3_bind_text(upd, 2, c->id, -1, SQLITE_STATIC);
        if (sqlite3_step(upd) != SQLITE_DONE) rc = vet__mon_dberr(m, err, "screen");
      }
    }
    batch_free(sh.batch, sh.n);
  }
  sqlite3_finalize(s);
  sqlite3_finalize(upd);
  for (unsigned t = 0; w && t < threads; t++) {
    vet_matcher_free(w[t].matcher);
    free(w[t].hits);
  }
  free(w);
  free(sh.batch);
  return rc;
}
