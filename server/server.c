/* server.c — the HTTP daemon of `vet serve`: worker threads, routing,
 * limits and timeouts.
 *
 * What: libmicrohttpd with its own polling threads (a pool of N threads,
 * epoll on Linux). A request runs start to finish on one worker thread: the
 * access handler is called once with the headers, then with each piece of
 * the body, then once more with nothing, and that last call runs the
 * route's handler, which queues exactly one response. (Answering in the
 * first call would make it an "early response" and cost the keep-alive.) The completion
 * callback records the route, status and latency in the metrics and frees
 * the request.
 *
 * Limits (server.h): a body larger than VET_SRV_MAX_BODY is refused with 413
 * — at once when Content-Length says so (the body is then never read), or as
 * soon as a chunked body passes the limit (the rest is read and dropped);
 * connections idle longer than the timeout are closed, which is what keeps
 * a slow client from holding a worker; the number of connections is capped.
 *
 * Binding: 127.0.0.1:8080 unless --listen says otherwise; the address is
 * taken as given, so 0.0.0.0 is used only when someone writes it. */
#include "server.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct route {
  const char *method;   /* "GET" or "POST" */
  const char *path;     /* exact, or a prefix when it ends with '/' */
  vet__route id;
  vet__handler fn;
} route;

static const route routes[] = {
  {"GET", "/", VET_ROUTE_PAGE, vet__route_page},
  {"GET", "/index.html", VET_ROUTE_PAGE, vet__route_page},
  {"GET", "/static/", VET_ROUTE_PAGE, vet__route_page},
  {"GET", "/v1/search", VET_ROUTE_SEARCH, vet__route_search},
  {"POST", "/v1/screen", VET_ROUTE_SCREEN, vet__route_screen},
  {"POST", "/match/", VET_ROUTE_MATCH, vet__route_match},
  {"GET", "/v1/entities/", VET_ROUTE_ENTITY, vet__route_entity},
  {"GET", "/v1/lists", VET_ROUTE_LISTS, vet__route_lists},
  {"GET", "/healthz", VET_ROUTE_HEALTHZ, vet__route_healthz},
  {"GET", "/readyz", VET_ROUTE_READYZ, vet__route_readyz},
  {"GET", "/metrics", VET_ROUTE_METRICS, vet__route_metrics},
  {"POST", "/admin/reload", VET_ROUTE_RELOAD, vet__route_reload},
};

static int path_matches(const char *pattern, const char *url) {
  size_t n = strlen(pattern);
  if (n > 1 && pattern[n - 1] == '/') return !strncmp(pattern, url, n) && url[n];
  return !strcmp(pattern, url);
}

/* The route for (method, url). *wrong_method is set when the path exists
 * for another method (405): *allow names that method and *other is that
 * route, so the 405 is counted under its path. */
static const route *find_route(const char *method, const char *url, int *wrong_method,
                               const char **allow, const route **other) {
  int is_get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
  *wrong_method = 0;
  for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
    if (!path_matches(routes[i].path, url)) continue;
    if ((is_get && !strcmp(routes[i].method, "GET")) || !strcmp(routes[i].method, method))
      return &routes[i];
    *wrong_method = 1;
    *allow = routes[i].method;
    *other = &routes[i];
  }
  return NULL;
}

static int dispatch(vet_server *srv, vet__req *req, const route *r) {
  req->h = vet__holder_acquire(srv);
  if (!req->h) return vet__reply_error(req, 503, "no snapshot is loaded");
  int rc = r->fn(srv, req);
  vet__holder_release(req->h);   /* the handler is done with the snapshot */
  req->h = NULL;
  if (!req->answered) return vet__reply_error(req, 500, "the handler gave no answer");
  return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls) {
  vet_server *srv = cls;
  vet__req *req = *con_cls;
  if (!req) {
    req = calloc(1, sizeof *req);
    if (!req) return MHD_NO;
    clock_gettime(CLOCK_MONOTONIC, &req->started);
    req->conn = conn;
    req->route = VET_ROUTE_OTHER;
    *con_cls = req;
    atomic_fetch_add(&srv->metrics.in_flight, 1);
    req->url = url;
    req->method = method;
    int wrong;
    const char *allow = NULL;
    const route *other = NULL;
    const route *r = find_route(method, url, &wrong, &allow, &other);
    if (r || other) req->route = r ? r->id : other->id;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > VET_SRV_MAX_BODY)
      return (enum MHD_Result)vet__reply_error(req, 413, "request body of %s bytes is larger than "
                                               "the limit of %u bytes", cl, VET_SRV_MAX_BODY);
    /* Answer in a later call, once libmicrohttpd has read the whole request
     * (for GET: an empty body): a response queued in this first call would
     * count as an early reply, and the connection would not be kept alive. */
    return MHD_YES;
  }
  if (*upload_size) {
    if (!req->answered && !req->body_too_large) {
      if (req->body_len + *upload_size > VET_SRV_MAX_BODY) {
        req->body_too_large = 1;
        free(req->body);
        req->body = NULL;
        req->body_len = 0;
      } else {
        char *p = realloc(req->body, req->body_len + *upload_size + 1);
        if (!p) return MHD_NO;
        memcpy(p + req->body_len, upload_data, *upload_size);
        req->body = p;
        req->body_len += *upload_size;
        p[req->body_len] = 0;
      }
    }
    *upload_size = 0;
    return MHD_YES;
  }
  if (req->answered) return MHD_YES;
  req->url = url;
  req->method = method;
  if (req->body_too_large)
    return (enum MHD_Result)vet__reply_error(req, 413, "request body is larger than the limit of "
                                             "%u bytes", VET_SRV_MAX_BODY);
  int wrong;
  const char *allow = NULL;
  const route *other = NULL;
  const route *r = find_route(method, url, &wrong, &allow, &other);
  if (!r && wrong) {
    int rc = vet__reply_error(req, 405, "%s is not allowed on %s; use %s", method, url, allow);
    return (enum MHD_Result)rc;
  }
  if (!r) return (enum MHD_Result)vet__reply_error(req, 404, "no such endpoint: %s %s (see /)",
                                                   method, url);
  return (enum MHD_Result)dispatch(srv, req, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  vet_server *srv = cls;
  vet__req *req = *con_cls;
  if (!req) return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  int64_t us = (int64_t)(now.tv_sec - req->started.tv_sec) * 1000000 +
               (now.tv_nsec - req->started.tv_nsec) / 1000;
  vet__metrics_observe(&srv->metrics, req->route, req->status, us < 0 ? 0 : (uint64_t)us);
  atomic_fetch_sub(&srv->metrics.in_flight, 1);
  vet__holder_release(req->h);
  free(req->body);
  free(req);
  *con_cls = NULL;
}

/* Parses "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT" (host 127.0.0.1). */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
                        vet_error *err) {
  char host[256] = "127.0.0.1";
  const char *port = spec;
  const char *colon = strrchr(spec, ':');
  if (spec[0] == '[') {
    const char *close = strchr(spec, ']');
    if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof host) goto bad;
    memcpy(host, spec + 1, (size_t)(close - spec - 1));
    host[close - spec - 1] = 0;
    port = close + 2;
  } else if (colon) {
    if ((size_t)(colon - spec) >= sizeof host) goto bad;
    if (colon > spec) {
      memcpy(host, spec, (size_t)(colon - spec));
      host[colon - spec] = 0;
    }
    port = colon + 1;
  }
  char *end;
  long p = strtol(port, &end, 10);
  if (!*port || *end || p < 0 || p > 65535) goto bad;
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  int gai = getaddrinfo(host, port, &hints, &res);
  if (gai || !res) {
    if (err) {
      err->code = VET_EINVAL;
      snprintf(err->message, sizeof err->message, "--listen %s: %s", spec, gai_strerror(gai));
    }
    return VET_EINVAL;
  }
  memcpy(ss, res->ai_addr, res->ai_addrlen);
  *len = res->ai_addrlen;
  freeaddrinfo(res);
  return VET_OK;
bad:
  if (err) {
    err->code = VET_EINVAL;
    snprintf(err->message, sizeof err->message,
             "--listen %s: expected HOST:PORT, [IPV6]:PORT or PORT", spec);
  }
  return VET_EINVAL;
}

static vet_server *server_new(const vet_server_options *opt) {
  vet_server *srv = calloc(1, sizeof *srv);
  if (!srv) return NULL;
  srv->opt = *opt;
  pthread_mutex_init(&srv->cur_lock, NULL);
  pthread_mutex_init(&srv->reload_lock, NULL);
  srv->started_at = time(NULL);
  srv->snapshot_path = strdup(opt->snapshot_path ? opt->snapshot_path : vet_default_snapshot_path());
  if (opt->admin_token && *opt->admin_token) srv->admin_token = strdup(opt->admin_token);
  if (!srv->snapshot_path || (opt->admin_token && *opt->admin_token && !srv->admin_token)) {
    vet__server_free(srv);
    return NULL;
  }
  return srv;
}

int vet__server_start(const vet_server_options *opt, vet_server **out, vet_error *err) {
  vet_server *srv = *out = server_new(opt);
  if (!srv) {
    if (err) {
      err->code = VET_ENOMEM;
      snprintf(err->message, sizeof err->message, "out of memory");
    }
    return VET_ENOMEM;
  }
  struct sockaddr_storage ss;
  socklen_t sslen;
  int rc = parse_listen(opt->listen ? opt->listen : "127.0.0.1:8080", &ss, &sslen, err);
  if (rc) return rc;
  rc = vet__server_reload(srv, NULL, err);
  if (rc) return rc;
  unsigned threads = opt->threads;
  if (!threads) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    threads = n > 0 ? (unsigned)n : 2;
  }
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_TURBO;
  if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  errno = 0;
  srv->daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, srv,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_TIMEOUT, opt->timeout_s ? opt->timeout_s : 30u,
      MHD_OPTION_CONNECTION_LIMIT, opt->max_connections ? opt->max_connections : 1024u,
      /* libmicrohttpd clears a connection's pool between requests, so its
       * size is paid on every request (64 KiB cost about 0.7 us of CPU per
       * request more than 32 KiB); 32 KiB, its default, holds a request line
       * with a 1000-byte name percent-encoded many times over. */
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
      MHD_OPTION_END);
  if (!srv->daemon) {
    if (err) {
      err->code = VET_EIO;
      snprintf(err->message, sizeof err->message, "cannot listen on %s%s%s",
               opt->listen ? opt->listen : "127.0.0.1:8080", errno ? ": " : "",
               errno ? strerror(errno) : "");
    }
    return VET_EIO;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
  srv->port = info ? info->port : 0;
  char host[INET6_ADDRSTRLEN] = "?";
  if (ss.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
    snprintf(srv->bound, sizeof srv->bound, "[%s]:%u", host, srv->port);
  } else {
    inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
    snprintf(srv->bound, sizeof srv->bound, "%s:%u", host, srv->port);
  }
  return VET_OK;
}

void vet__server_free(vet_server *srv) {
  if (!srv) return;
  if (srv->daemon) MHD_stop_daemon(srv->daemon);
  vet__holder_release(srv->cur);
  pthread_mutex_destroy(&srv->cur_lock);
  pthread_mutex_destroy(&srv->reload_lock);
  free(srv->snapshot_path);
  free(srv->admin_token);
  free(srv);
}
