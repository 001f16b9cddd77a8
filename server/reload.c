/* reload.c — the snapshot holder and swapping a new snapshot in without
 * downtime.
 *
 * What: the server keeps one current vet__holder (a snapshot plus the
 * matchers made over it). A request takes a reference at its start and
 * drops it at its end; a reload opens and checks the new snapshot off to the
 * side and then swaps the current pointer under a mutex. The server's own
 * reference to the old holder is dropped at the swap, so the old snapshot is
 * closed by the last request that was still using it, never under it.
 *
 * Why a mutex for acquire: reading the pointer and incrementing its count
 * must be one step, or a reload could free the holder between the two. The
 * critical section is two instructions long; the count itself is atomic so
 * that release needs no lock.
 *
 * Matchers: vet_matcher is one thread's context and belongs to one snapshot,
 * so each holder keeps a small pool of them, each with its result cache
 * (result_cache.c). A request borrows one for its duration and gives it
 * back; the pool grows to the number of requests that ever ran at the same
 * time (at most the number of worker threads, since a request runs start to
 * finish on one thread) and dies with the holder — which is what drops the
 * cached results of a snapshot that was reloaded away.
 *
 * A reload is refused — and the old snapshot stays — when the file cannot be
 * opened, fails vet_snapshot_verify() (its SHA-256 no longer matches), is of
 * another format version, or no matcher can be made over it. */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vet__matcher_pool {
  pthread_mutex_t lock;
  vet__worker **free;   /* owned workers not in use */
  size_t n, cap;
};

static void worker_free(vet__worker *w) {
  if (!w) return;
  vet__rcache_free(w->cache);
  vet_matcher_free(w->m);
  free(w);
}

/* A new worker over h->snap; NULL when no matcher can be made (err, which
 * may be NULL, says why). A cache that cannot be allocated is left out (the
 * worker screens every query). */
static vet__worker *worker_new(const vet__holder *h, vet_error *err) {
  vet__worker *w = calloc(1, sizeof *w);
  if (!w) {
    if (err) {
      err->code = VET_ENOMEM;
      snprintf(err->message, sizeof err->message, "out of memory");
    }
    return NULL;
  }
  if (vet_matcher_open(h->snap, &w->m, err)) {
    free(w);
    return NULL;
  }
  w->cache = vet__rcache_new(h->cache_slots);
  return w;
}

static vet__matcher_pool *pool_new(void) {
  vet__matcher_pool *p = calloc(1, sizeof *p);
  if (p) pthread_mutex_init(&p->lock, NULL);
  return p;
}

static void pool_free(vet__matcher_pool *p) {
  if (!p) return;
  for (size_t i = 0; i < p->n; i++) worker_free(p->free[i]);
  free(p->free);
  pthread_mutex_destroy(&p->lock);
  free(p);
}

/* The latest "loaded_at" (build time) among the snapshot's lists, or 0. */
static time_t built_at(const vet_snapshot *snap) {
  time_t best = 0;
  for (size_t i = 0; i < vet_snapshot_list_count(snap); i++) {
    const vet_list_info *li = vet_snapshot_list(snap, i);
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!li->loaded_at || sscanf(li->loaded_at, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon,
                                 &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
      continue;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    if (t > best) best = t;
  }
  return best;
}

/* Takes ownership of snap; on ENOMEM closes it and returns NULL. */
static vet__holder *holder_new(vet_snapshot *snap, size_t cache_slots) {
  vet__holder *h = calloc(1, sizeof *h);
  vet__matcher_pool *p = pool_new();
  if (!h || !p) {
    free(h);
    pool_free(p);
    vet_snapshot_close(snap);
    return NULL;
  }
  h->snap = snap;
  atomic_init(&h->refs, 1);
  h->loaded_at = time(NULL);
  h->built_at = built_at(snap);
  h->pool = p;
  h->cache_slots = cache_slots;
  return h;
}

vet__holder *vet__holder_acquire(vet_server *srv) {
  pthread_mutex_lock(&srv->cur_lock);
  vet__holder *h = srv->cur;
  if (h) atomic_fetch_add(&h->refs, 1);
  pthread_mutex_unlock(&srv->cur_lock);
  return h;
}

/* The matchers go before the snapshot they point into. */
void vet__holder_release(vet__holder *h) {
  if (!h || atomic_fetch_sub(&h->refs, 1) != 1) return;
  pool_free(h->pool);
  vet_snapshot_close(h->snap);
  free(h);
}

vet__worker *vet__holder_worker_get(vet__holder *h) {
  vet__worker *w = NULL;
  pthread_mutex_lock(&h->pool->lock);
  if (h->pool->n) w = h->pool->free[--h->pool->n];
  pthread_mutex_unlock(&h->pool->lock);
  if (!w) w = worker_new(h, NULL);
  return w;
}

/* If the pool cannot grow, the worker is freed instead of kept. */
void vet__holder_worker_put(vet__holder *h, vet__worker *w) {
  if (!w) return;
  vet__matcher_pool *p = h->pool;
  pthread_mutex_lock(&p->lock);
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 8;
    vet__worker **a = realloc(p->free, cap * sizeof *a);
    if (!a) {
      pthread_mutex_unlock(&p->lock);
      worker_free(w);
      return;
    }
    p->free = a;
    p->cap = cap;
  }
  p->free[p->n++] = w;
  pthread_mutex_unlock(&p->lock);
}

/* err = "path: why", cut to fit. */
static int fail(vet_error *err, int code, const char *path, const char *why) {
  if (err) {
    err->code = code;
    size_t n = 0, cap = sizeof err->message - 1;
    const char *parts[3] = {path, ": ", why};
    for (int i = 0; i < 3; i++)
      for (const char *c = parts[i]; *c && n < cap; c++) err->message[n++] = *c;
    err->message[n] = '\0';
  }
  return code;
}

int vet__server_reload(vet_server *srv, const char *path, vet_error *err) {
  vet_error e;
  memset(&e, 0, sizeof e);
  pthread_mutex_lock(&srv->reload_lock);
  const char *p = path && *path ? path : srv->snapshot_path;
  char *pcopy = strdup(p);
  vet_snapshot *snap = NULL;
  int rc = pcopy ? VET_OK : VET_ENOMEM;
  if (!rc) rc = vet_snapshot_open(pcopy, &snap, &e);
  if (!rc) rc = vet_snapshot_verify(snap, &e);
  if (!rc && vet_snapshot_list_count(snap) == 0)
    rc = fail(&e, VET_EEMPTY, pcopy, "the snapshot holds no list");
  vet__holder *h = NULL;
  if (!rc) {
    h = holder_new(snap, srv->opt.cache_slots);
    snap = NULL;
    if (!h) rc = fail(&e, VET_ENOMEM, pcopy, "out of memory");
  }
  /* A matcher made now proves the snapshot carries what matching needs, and
   * the first request does not pay for it. */
  if (!rc) {
    vet_error me;
    memset(&me, 0, sizeof me);
    vet__worker *w = worker_new(h, &me);
    if (!w) rc = fail(&e, me.code ? me.code : VET_ENOMEM, pcopy, me.message[0] ? me.message : "out of memory");
    else vet__holder_worker_put(h, w);
  }
  if (rc) {
    if (!e.message[0]) fail(&e, rc, p, vet_strerror(rc));
    vet_snapshot_close(snap);
    vet__holder_release(h);
    free(pcopy);
    snprintf(srv->last_reload_error, sizeof srv->last_reload_error, "%s", e.message);
    atomic_fetch_add(&srv->metrics.reloads_failed, 1);
    pthread_mutex_unlock(&srv->reload_lock);
    if (err) *err = e;
    return rc;
  }
  pthread_mutex_lock(&srv->cur_lock);
  vet__holder *old = srv->cur;
  srv->cur = h;
  pthread_mutex_unlock(&srv->cur_lock);
  vet__holder_release(old);
  free(srv->snapshot_path);
  srv->snapshot_path = pcopy;
  srv->last_reload_error[0] = 0;
  if (old) atomic_fetch_add(&srv->metrics.reloads_ok, 1);
  pthread_mutex_unlock(&srv->reload_lock);
  return VET_OK;
}
