/* server.h — the internals of `vet serve`, shared by the files in server/.
 *
 * What: an HTTP front end over one open snapshot, built on libmicrohttpd.
 * server.c owns the daemon (worker threads, limits, timeouts) and routes each
 * request to one handler in routes_*.c; reload.c owns the snapshot holder
 * that handlers borrow; metrics.c counts requests; respond.c builds the JSON
 * replies; screening.c is the one place that calls the matcher, and
 * result_cache.c keeps the answers to recent queries of each matcher.
 *
 * Why this shape: every handler is a small function `(srv, req) -> status`
 * that reads a borrowed holder and queues one response, so the lifetime
 * rules live in exactly two places: server.c (a request) and reload.c (a
 * snapshot).
 *
 * Invariants:
 *   - A request acquires the current holder once, at its start, and releases
 *     it when it completes; a reload swaps the current holder, and the old
 *     one is closed by whichever release brings its count to zero. A handler
 *     therefore never sees two snapshots in one request.
 *   - Only the public API (include/vet.h, include/vet_match.h) is used.
 *   - Nothing here prints except cmd_serve (cli/cmd_serve.c) and the reload
 *     log line, which goes through the server's log callback. */
#ifndef VET_SERVER_H
#define VET_SERVER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <time.h>
#include "vet.h"

/* Limits (documented in docs/API.md). */
#define VET_SRV_MAX_BODY (4u << 20)       /* bytes in one request body */
#define VET_SRV_MAX_NAME 1000u            /* bytes in one name */
#define VET_SRV_MAX_BATCH 1000u           /* queries in one POST /v1/screen or /match */
#define VET_SRV_MAX_LIMIT 100u            /* results per query */

/* ------------------------------------------------------------ strbuf */

/* A growable string. An allocation failure sets `failed` and later appends
 * do nothing, so callers check once at the end. The owner frees `data`
 * (or takes it with vet__sb_take). Not thread-safe. */
typedef struct vet__sb {
  char *data;
  size_t len, cap;
  int failed;
} vet__sb;

void vet__sb_add(vet__sb *b, const char *p, size_t n);
void vet__sb_puts(vet__sb *b, const char *s);
void vet__sb_printf(vet__sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal with quotes; NULL appends null. */
void vet__sb_json_str(vet__sb *b, const char *s);
/* The malloc'd string (caller frees), or NULL if an append failed; the
 * buffer is left empty either way. */
char *vet__sb_take(vet__sb *b);

/* ------------------------------------------------------------ holder */

typedef struct vet__matcher_pool vet__matcher_pool;

/* ------------------------------------------------------------ result_cache.c */

/* Values larger than this are not kept (a reply of many long explanations). */
#define VET__RCACHE_MAX_VALUE ((size_t)16 << 10)
/* The default number of slots per matcher (vet serve --cache). */
#define VET__RCACHE_DEFAULT 1024u

typedef struct vet__rcache vet__rcache;
/* A cache of `slots` entries; NULL when slots is 0 or on ENOMEM (no cache).
 * Free with vet__rcache_free (NULL is a no-op). */
vet__rcache *vet__rcache_new(size_t slots);
void vet__rcache_free(vet__rcache *c);
/* Appends the cache key of q (every field that decides its results) to k;
 * -1 when an append failed. */
int vet__rcache_key(vet__sb *k, const vet_query *q);
/* The value stored for key, borrowed until the next put, or NULL. */
const char *vet__rcache_get(vet__rcache *c, const char *key, size_t key_n, size_t *value_n,
                            size_t *n_results);
/* Stores a copy of value for key (replacing what its slot held); values
 * over VET__RCACHE_MAX_VALUE, or a failed allocation, store nothing. */
void vet__rcache_put(vet__rcache *c, const char *key, size_t key_n, const char *value,
                     size_t value_n, size_t n_results);

/* What a request borrows from the holder's pool to screen with: a matcher
 * and its result cache (NULL: none), used by one request at a time. */
typedef struct vet__worker {
  vet_matcher *m;               /* owned by the pool */
  vet__rcache *cache;           /* owned by the pool; may be NULL */
} vet__worker;

/* One open snapshot in service, shared by every request that started while
 * it was current. Reference counted; the last release closes the snapshot
 * and frees the matchers made for it. */
typedef struct vet__holder {
  vet_snapshot *snap;           /* owned */
  atomic_long refs;
  time_t loaded_at;             /* when this server put it in service */
  time_t built_at;              /* latest list loaded_at in the snapshot; 0 if unknown */
  vet__matcher_pool *pool;      /* owned; matchers over snap, made on demand */
  size_t cache_slots;           /* result cache slots per matcher; 0: no cache */
} vet__holder;

/* ------------------------------------------------------------ metrics */

typedef enum vet__route {
  VET_ROUTE_PAGE = 0, VET_ROUTE_SEARCH, VET_ROUTE_SCREEN, VET_ROUTE_MATCH, VET_ROUTE_ENTITY,
  VET_ROUTE_LISTS, VET_ROUTE_HEALTHZ, VET_ROUTE_READYZ, VET_ROUTE_METRICS, VET_ROUTE_RELOAD,
  VET_ROUTE_OTHER, VET_ROUTE_COUNT
} vet__route;

#define VET_METRICS_N_STATUS 11       /* 200 400 401 403 404 405 413 422 500 503 other */
#define VET_METRICS_N_BUCKETS 14

/* Counters, all atomics: any thread adds, /metrics reads. */
typedef struct vet__metrics {
  atomic_ullong requests[VET_ROUTE_COUNT][VET_METRICS_N_STATUS];
  atomic_ullong latency_bucket[VET_ROUTE_COUNT][VET_METRICS_N_BUCKETS]; /* not cumulative */
  atomic_ullong latency_sum_us[VET_ROUTE_COUNT];
  atomic_ullong reloads_ok, reloads_failed;
  atomic_ullong queries;                  /* names screened, over every route */
  atomic_ullong cache_hits, cache_misses; /* of the result cache (/v1/search, /v1/screen) */
  atomic_llong in_flight;
} vet__metrics;

const char *vet__route_name(vet__route r);
void vet__metrics_observe(vet__metrics *m, vet__route r, unsigned status, uint64_t micros);

/* ------------------------------------------------------------ server */

typedef void (*vet__log_fn)(void *userdata, const char *line);

typedef struct vet_server_options {
  const char *snapshot_path;
  const char *listen;           /* "HOST:PORT", "[v6]:PORT"; default 127.0.0.1:8080 */
  const char *admin_token;      /* NULL: admin endpoints answer 401 to everyone */
  unsigned threads;             /* worker threads; 0: the number of CPUs */
  unsigned timeout_s;           /* idle connection timeout in seconds; 0: 30 */
  unsigned max_connections;     /* 0: 1024 */
  unsigned cache_slots;         /* result cache slots per matcher; 0: no cache */
  vet__log_fn log;              /* may be NULL */
  void *log_userdata;
} vet_server_options;

typedef struct vet_server {
  vet_server_options opt;
  char *snapshot_path;          /* owned; where SIGHUP reloads from */
  char *admin_token;            /* owned copy; NULL when admin is off */
  pthread_mutex_t cur_lock;     /* guards cur and the acquire of a reference */
  vet__holder *cur;             /* the snapshot in service; one reference is the server's */
  pthread_mutex_t reload_lock;  /* one reload at a time */
  char last_reload_error[1024]; /* guarded by reload_lock */
  time_t started_at;
  vet__metrics metrics;
  struct MHD_Daemon *daemon;
  uint16_t port;                /* the bound port (useful with port 0) */
  char bound[128];              /* "127.0.0.1:PORT" */
} vet_server;

/* One HTTP request in progress; owned by server.c. */
typedef struct vet__req {
  struct MHD_Connection *conn;
  const char *url;              /* borrowed from MHD for the handler call */
  const char *method;
  vet__holder *h;               /* acquired at the first call, released on completion */
  vet__route route;
  unsigned status;
  struct timespec started;
  char *body;                   /* owned; the request body, NUL-terminated */
  size_t body_len;
  int body_too_large;
  int answered;
} vet__req;

/* Starts the server: opens and verifies the snapshot, binds, starts the
 * worker threads. On failure returns a vet_status and fills err; the caller
 * then calls vet__server_free() on *out (which may be NULL). */
int vet__server_start(const vet_server_options *opt, vet_server **out, vet_error *err);
/* Stops the daemon (waiting for requests in progress) and frees everything. */
void vet__server_free(vet_server *srv);

/* ------------------------------------------------------------ reload.c */

/* Opens the snapshot at path (NULL: srv->snapshot_path), verifies it, makes
 * a matcher over it and, only if all of that worked, swaps it in. On failure
 * the snapshot in service stays, and err says why. Thread-safe. */
int vet__server_reload(vet_server *srv, const char *path, vet_error *err);
/* A new reference to the current holder; never NULL after a successful start. */
vet__holder *vet__holder_acquire(vet_server *srv);
/* Drops a reference; the last one closes the snapshot. NULL is a no-op. */
void vet__holder_release(vet__holder *h);
/* A worker (a matcher over h->snap and its result cache), from the pool or
 * new; NULL if no matcher could be made (ENOMEM). Give it back with _put. */
vet__worker *vet__holder_worker_get(vet__holder *h);
void vet__holder_worker_put(vet__holder *h, vet__worker *w);

/* ------------------------------------------------------------ screening.c */

/* One screening query as the handlers parse it from JSON or a query string.
 * All strings are borrowed from the request. */
typedef struct vet__sq {
  const char *name;
  const char *type;             /* "person", ...; NULL: any */
  const char *country;
  const char *dob;
  const char *lists[32];
  size_t n_lists;
  const char *ids[32];
  size_t n_ids;
  double threshold;             /* < 0: default */
  size_t limit;                 /* 0: default */
  int all;                      /* 1: also candidates below the threshold */
} vet__sq;

/* Checks a query's values; on a problem writes the reason to why and
 * returns -1 (the handler answers 400). */
int vet__sq_check(const vet__sq *q, char *why, size_t whysz);
/* Screens q with w's matcher and appends the results as a JSON array of
 * vet_match_to_json objects to out; a query w's result cache holds is not
 * screened again (*cached says which: 1 a hit, 0 a miss, -1 no cache).
 * Returns VET_OK or a vet_status with err. */
int vet__screen_json(vet__worker *w, const vet__sq *q, vet__sb *out, size_t *n_results,
                     int *cached, vet_error *err);
/* Screens q and calls fn for each result (borrowed for the call). */
typedef int (*vet__match_fn)(void *ud, const vet_match *match);
int vet__screen_each(vet_matcher *m, const vet__sq *q, vet__match_fn fn, void *ud, vet_error *err);
/* vet_match_to_json, or NULL when there is no matcher; caller frees. */
char *vet__match_json(const vet_match *match);

/* ------------------------------------------------------------ respond.c */

/* Queue a reply. body is malloc'd and taken over (NULL: 500 out of memory). */
int vet__reply(vet__req *req, unsigned status, const char *content_type, char *body);
/* A static body (not freed). */
int vet__reply_static(vet__req *req, unsigned status, const char *content_type,
                      const void *body, size_t len, const char *cache_control);
/* {"error": "<message>", "status": N}. */
int vet__reply_error(vet__req *req, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A request argument (query string), or NULL. */
const char *vet__arg(vet__req *req, const char *key);
/* A request header, or NULL. */
const char *vet__header(vet__req *req, const char *key);

/* ------------------------------------------------------------ routes */

typedef int (*vet__handler)(vet_server *srv, vet__req *req);

int vet__route_page(vet_server *srv, vet__req *req);       /* GET / and /static/... */
int vet__route_search(vet_server *srv, vet__req *req);     /* GET /v1/search */
int vet__route_screen(vet_server *srv, vet__req *req);     /* POST /v1/screen */
int vet__route_match(vet_server *srv, vet__req *req);      /* POST /match/{dataset} */
int vet__route_entity(vet_server *srv, vet__req *req);     /* GET /v1/entities/{list}/{id} */
int vet__route_lists(vet_server *srv, vet__req *req);      /* GET /v1/lists */
int vet__route_healthz(vet_server *srv, vet__req *req);
int vet__route_readyz(vet_server *srv, vet__req *req);
int vet__route_metrics(vet_server *srv, vet__req *req);
int vet__route_reload(vet_server *srv, vet__req *req);     /* POST /admin/reload */

/* The page's files, embedded at build time (server/embed.cmake); the table
 * ends with a NULL name. */
typedef struct vet__asset {
  const char *name;
  const unsigned char *data;
  size_t len;
} vet__asset;
extern const vet__asset vet__assets[];

/* Formats a time_t as ISO 8601 UTC into buf (at least 21 bytes). */
const char *vet__iso_time(time_t t, char *buf, size_t bufsz);

#endif /* VET_SERVER_H */
