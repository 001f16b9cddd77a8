/* metrics.c — request counters and latency histograms, and GET /metrics in
 * the Prometheus text exposition format (version 0.0.4).
 *
 * What is counted: every request by route and status class
 * (vet_http_requests_total), its latency from the first byte of headers to
 * the queued response (vet_http_request_duration_seconds, a histogram per
 * route), requests in flight, names screened, result cache hits and misses,
 * reloads, and of the snapshot
 * in service its entity count, its age (now − the latest list build time)
 * and when this server loaded it.
 *
 * Why fixed arrays of atomics: the counters are bumped on every request by
 * every worker thread; relaxed atomic adds cost nothing measurable and need
 * no lock. A reader may see a histogram a few requests behind its counter,
 * which Prometheus tolerates. Buckets are stored per bucket and summed when
 * written, so an observation touches one cache line. */
#include "server.h"

#include <stdlib.h>

static const unsigned status_codes[VET_METRICS_N_STATUS] = {200, 400, 401, 403, 404, 405,
                                                            413, 422, 500, 503, 0};
/* Upper bounds in microseconds; the last bucket is +Inf. */
static const uint64_t bucket_us[VET_METRICS_N_BUCKETS - 1] = {
    100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000, 5000000};

const char *vet__route_name(vet__route r) {
  static const char *names[VET_ROUTE_COUNT] = {"page", "search", "screen", "match", "entity",
                                               "lists", "healthz", "readyz", "metrics",
                                               "reload", "other"};
  return r < VET_ROUTE_COUNT ? names[r] : "other";
}

void vet__metrics_observe(vet__metrics *m, vet__route r, unsigned status, uint64_t us) {
  if (r >= VET_ROUTE_COUNT) r = VET_ROUTE_OTHER;
  size_t s = VET_METRICS_N_STATUS - 1;
  for (size_t i = 0; i + 1 < VET_METRICS_N_STATUS; i++)
    if (status_codes[i] == status) s = i;
  atomic_fetch_add_explicit(&m->requests[r][s], 1, memory_order_relaxed);
  size_t b = VET_METRICS_N_BUCKETS - 1;
  for (size_t i = 0; i + 1 < VET_METRICS_N_BUCKETS; i++)
    if (us <= bucket_us[i]) {
      b = i;
      break;
    }
  atomic_fetch_add_explicit(&m->latency_bucket[r][b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&m->latency_sum_us[r], us, memory_order_relaxed);
}

static unsigned long long ld(atomic_ullong *a) {
  return atomic_load_explicit(a, memory_order_relaxed);
}

int vet__route_metrics(vet_server *srv, vet__req *req) {
  vet__metrics *m = &srv->metrics;
  vet__sb b = {0};
  vet__sb_puts(&b, "# HELP vet_http_requests_total HTTP requests answered, by route and status.\n"
                   "# TYPE vet_http_requests_total counter\n");
  for (int r = 0; r < VET_ROUTE_COUNT; r++)
    for (int s = 0; s < VET_METRICS_N_STATUS; s++) {
      unsigned long long v = ld(&m->requests[r][s]);
      if (!v) continue;
      if (status_codes[s])
        vet__sb_printf(&b, "vet_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                       vet__route_name((vet__route)r), status_codes[s], v);
      else
        vet__sb_printf(&b, "vet_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
                       vet__route_name((vet__route)r), v);
    }
  vet__sb_puts(&b, "# HELP vet_http_request_duration_seconds Time from request headers to the "
                   "queued response.\n# TYPE vet_http_request_duration_seconds histogram\n");
  for (int r = 0; r < VET_ROUTE_COUNT; r++) {
    unsigned long long cum = 0;
    const char *name = vet__route_name((vet__route)r);
    unsigned long long total = 0;
    for (int i = 0; i < VET_METRICS_N_BUCKETS; i++) total += ld(&m->latency_bucket[r][i]);
    if (!total && r != VET_ROUTE_SEARCH) continue;
    for (int i = 0; i < VET_METRICS_N_BUCKETS; i++) {
      cum += ld(&m->latency_bucket[r][i]);
      if (i + 1 < VET_METRICS_N_BUCKETS)
        vet__sb_printf(&b, "vet_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                       name, (double)bucket_us[i] / 1e6, cum);
      else
        vet__sb_printf(&b, "vet_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
                       name, cum);
    }
    vet__sb_printf(&b, "vet_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name,
                   (double)ld(&m->latency_sum_us[r]) / 1e6);
    vet__sb_printf(&b, "vet_http_request_duration_seconds_count{route=\"%s\"} %llu\n", name, cum);
  }
  time_t now = time(NULL);
  vet__holder *h = req->h;
  vet__sb_printf(&b,
                 "# HELP vet_http_requests_in_flight Requests being handled now.\n"
                 "# TYPE vet_http_requests_in_flight gauge\nvet_http_requests_in_flight %lld\n"
                 "# HELP vet_screened_names_total Names screened over every endpoint.\n"
                 "# TYPE vet_screened_names_total counter\nvet_screened_names_total %llu\n"
                 "# HELP vet_result_cache_total Queries of /v1/search and /v1/screen answered "
                 "from the result cache (hit) or screened (miss).\n"
                 "# TYPE vet_result_cache_total counter\n"
                 "vet_result_cache_total{result=\"hit\"} %llu\n"
                 "vet_result_cache_total{result=\"miss\"} %llu\n"
                 "# HELP vet_snapshot_reloads_total Snapshot reloads, by result.\n"
                 "# TYPE vet_snapshot_reloads_total counter\n"
                 "vet_snapshot_reloads_total{result=\"ok\"} %llu\n"
                 "vet_snapshot_reloads_total{result=\"refused\"} %llu\n"
                 "# HELP vet_snapshot_entities Entities in the snapshot in service.\n"
                 "# TYPE vet_snapshot_entities gauge\nvet_snapshot_entities %u\n"
                 "# HELP vet_snapshot_lists Lists in the snapshot in service.\n"
                 "# TYPE vet_snapshot_lists gauge\nvet_snapshot_lists %zu\n"
                 "# HELP vet_snapshot_age_seconds Seconds since the snapshot in service was built.\n"
                 "# TYPE vet_snapshot_age_seconds gauge\nvet_snapshot_age_seconds %lld\n"
                 "# HELP vet_snapshot_loaded_timestamp_seconds When this server put the snapshot "
                 "in service (Unix time).\n"
                 "# TYPE vet_snapshot_loaded_timestamp_seconds gauge\n"
                 "vet_snapshot_loaded_timestamp_seconds %lld\n"
                 "# HELP vet_process_start_time_seconds When the server started (Unix time).\n"
                 "# TYPE vet_process_start_time_seconds gauge\nvet_process_start_time_seconds %lld\n",
                 (long long)atomic_load(&m->in_flight), ld(&m->queries), ld(&m->cache_hits),
                 ld(&m->cache_misses), ld(&m->reloads_ok),
                 ld(&m->reloads_failed), vet_snapshot_entity_count(h->snap),
                 vet_snapshot_list_count(h->snap),
                 (long long)(h->built_at ? now - h->built_at : now - h->loaded_at),
                 (long long)h->loaded_at, (long long)srv->started_at);
  return vet__reply(req, 200, "text/plain; version=0.0.4; charset=utf-8", vet__sb_take(&b));
}
