/* run.c — one monitoring run: decide what to screen, screen it, turn hits
 * into alerts, close alerts that no longer stand, record the run.
 *
 * What is screened (docs/MONITOR.md argues why it is complete):
 *   full         every active customer against the whole snapshot — the
 *                first run, --full, or a new snapshot with no known delta;
 *   incremental  every clean customer against the delta (entities added or
 *                changed since the last run's snapshot), and every dirty
 *                (new or changed) customer against the whole snapshot.
 *
 * The incremental screen is complete only if the delta is exactly that: a
 * delta of other snapshots silently misses hits. A delta computed here
 * (--previous) starts from a snapshot whose checksum is checked against the
 * last run's; a delta given (--delta) is checked by the provenance it
 * records (vet_snapshot_delta_info): base = the last run's snapshot, target
 * = this run's, both added and changed entities. Anything else is refused
 * (VET_ESTATE) unless trust_delta, and the run keeps the provenance and,
 * when trusted, why it failed the check.
 *
 * A hit's evidence is SHA-256(customer id, customer data hash, list, source
 * id, entity record hash): the inputs of the score, from which the matched
 * name follows. The matched name itself is not hashed: when two aliases of
 * an entity tie, which one the matcher reports depends on the snapshot's
 * layout, and a full re-screen would otherwise alert again on nothing new.
 * Alerts are unique by evidence, so the same evidence never alerts twice.
 * Every entity at or above the threshold is taken (query limit MAX_HITS, not
 * the top 10 of interactive screening), so whether a pair hits does not
 * depend on which other entities are in the snapshot screened. The entity record hash is the
 * SHA-256 of the entity's JSON (vet_entity_to_json), the same whether the
 * entity is read from the full snapshot or from a delta. A false-positive
 * decision suppresses hits for its (customer, customer hash, entity, entity
 * hash); once either hash moves, the hit alerts again.
 *
 * After screening, every open alert is checked against the current
 * snapshot and store: its entity gone from the lists, its entity's record
 * changed, or its customer's data changed — each closes it with that reason
 * (a changed pair that still hits has just raised its new alert). Everything
 * happens in one transaction, with one audit record. */
#include "monitor/monitor_int.h"
#include "core/error.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

vet_monitor_run_options vet_monitor_run_options_default(void) {
  vet_monitor_run_options o;
  memset(&o, 0, sizeof o);
  o.threshold = -1;
  return o;
}

/* ------------------------------------------------- entity hash cache */

typedef struct ecache {
  const vet_snapshot *snap;
  uint32_t *keys;     /* entity index + 1; 0 = empty */
  char (*hash)[65];
  size_t cap, n;
} ecache;

static int entity_hash(const vet_snapshot *snap, uint32_t idx, char out[65], vet_error *err) {
  vet_entity *e = NULL;
  int rc = vet_snapshot_entity(snap, idx, &e, err);
  if (rc) return rc;
  char *js = vet_entity_to_json(e, VET_JSON_COMPACT);
  vet_entity_free(e);
  if (!js) return vet__error_set(err, VET_ENOMEM, "out of memory");
  const char *f[1] = {js};
  vet__mon_hash(f, 1, out);
  free(js);
  return 0;
}

static int ecache_get(ecache *c, uint32_t idx, const char **out, vet_error *err) {
  if (c->n * 2 >= c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 256;
    uint32_t *k = calloc(cap, sizeof *k);
    char(*h)[65] = malloc(cap * sizeof *h);
    if (!k || !h) {
      free(k);
      free(h);
      return vet__error_set(err, VET_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < c->cap; i++) {
      if (!c->keys[i]) continue;
      size_t j = (c->keys[i] * 2654435761u) & (cap - 1);
      while (k[j]) j = (j + 1) & (cap - 1);
      k[j] = c->keys[i];
      memcpy(h[j], c->hash[i], 65);
    }
    free(c->keys);
    free(c->hash);
    c->keys = k;
    c->hash = h;
    c->cap = cap;
  }
  uint32_t key = idx + 1;
  size_t j = (key * 2654435761u) & (c->cap - 1);
  while (c->keys[j] && c->keys[j] != key) j = (j + 1) & (c->cap - 1);
  if (!c->keys[j]) {
    int rc = entity_hash(c->snap, idx, c->hash[j], err);
    if (rc) return rc;
    c->keys[j] = key;
    c->n++;
  }
  *out = c->hash[j];
  return 0;
}

static void ecache_free(ecache *c) {
  free(c->keys);
  free(c->hash);
}

/* ------------------------------------------------------------ the run */

typedef struct run {
  vet_monitor *m;
  int64_t run_id;
  char now[32];
  ecache full, delta;
  sqlite3_stmt *find_ev, *reopen, *find_fp, *ins, *supersede;
  vet_monitor_run_result *r;
} run;

static int prep(vet_monitor *m, const char *sql, sqlite3_stmt **s, vet_error *err) {
  return sqlite3_prepare_v2(m->db, sql, -1, s, NULL) == SQLITE_OK ? 0 : vet__mon_dberr(m, err, sql);
}

static void bt(sqlite3_stmt *s, int i, const char *v) {
  if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s, i);
}

/* One hit: dedupe, suppress, or raise an alert. */
static int on_hit(run *ru, const vet__mon_hit *h, const char *ehash, vet_error *err) {
  const vet__mon_customer *c = h->customer;
  char ev[65];
  const char *f[5] = {c->id, c->hash, h->list_id, h->source_id, ehash};
  vet__mon_hash(f, 5, ev);
  ru->r->hits++;
  sqlite3_stmt *s = ru->find_ev;
  sqlite3_reset(s);
  bt(s, 1, ev);
  int st = sqlite3_step(s);
  if (st == SQLITE_ROW) {
    /* Same evidence as before. An alert closed only because its entity or
     * customer had left is opened again: the pair is back. */
    const char *state = (const char *)sqlite3_column_text(s, 1);
    const char *why = (const char *)sqlite3_column_text(s, 2);
    int64_t id = sqlite3_column_int64(s, 0);
    if (!strcmp(state, "closed") && why &&
        (!strncmp(why, "entity removed", 14) || !strncmp(why, "customer removed", 16))) {
      sqlite3_stmt *u = ru->reopen;
      sqlite3_reset(u);
      sqlite3_bind_int64(u, 1, id);
      if (sqlite3_step(u) != SQLITE_DONE) return vet__mon_dberr(ru->m, err, "reopen alert");
      ru->r->new_alerts++;
    } else {
      ru->r->already_alerted++;
    }
    return 0;
  }
  if (st != SQLITE_DONE) return vet__mon_dberr(ru->m, err, "alerts");
  s = ru->find_fp;
  sqlite3_reset(s);
  bt(s, 1, c->id);
  bt(s, 2, c->hash);
  bt(s, 3, h->list_id);
  bt(s, 4, h->source_id);
  bt(s, 5, ehash);
  st = sqlite3_step(s);
  if (st == SQLITE_ROW) {
    ru->r->suppressed++;
    return 0;
  }
  if (st != SQLITE_DONE) return vet__mon_dberr(ru->m, err, "decisions");
  s = ru->ins;
  sqlite3_reset(s);
  bt(s, 1, c->id);
  bt(s, 2, c->name);
  bt(s, 3, c->hash);
  bt(s, 4, h->list_id);
  bt(s, 5, h->source_id);
  bt(s, 6, h->entity_name);
  bt(s, 7, ehash);
  bt(s, 8, h->matched_name);
  sqlite3_bind_double(s, 9, h->score);
  bt(s, 10, ev);
  sqlite3_bind_int64(s, 11, ru->run_id);
  bt(s, 12, ru->now);
  if (sqlite3_step(s) != SQLITE_DONE) return vet__mon_dberr(ru->m, err, "insert alert");
  int64_t id = sqlite3_last_insert_rowid(ru->m->db);
  ru->r->new_alerts++;
  /* Older open alerts of the same pair carry stale evidence now. */
  char why[96];
  snprintf(why, sizeof why, "superseded by alert %lld (new evidence)", (long long)id);
  s = ru->supersede;
  sqlite3_reset(s);
  bt(s, 1, ru->now);
  sqlite3_bind_int64(s, 2, ru->run_id);
  bt(s, 3, why);
  bt(s, 4, c->id);
  bt(s, 5, h->list_id);
  bt(s, 6, h->source_id);
  sqlite3_bind_int64(s, 7, id);
  if (sqlite3_step(s) != SQLITE_DONE) return vet__mon_dberr(ru->m, err, "supersede");
  ru->r->closed += (size_t)sqlite3_changes(ru->m->db);
  return 0;
}

static int on_hits(void *ud, const vet_snapshot *snap, vet__mon_hit *hits, size_t n, vet_error *err) {
  run *ru = ud;
  ecache *c = snap == ru->full.snap ? &ru->full : &ru->delta;
  for (size_t i = 0; i < n; i++) {
    const char *eh = NULL;
    int rc = ecache_get(c, hits[i].entity, &eh, err);
    if (!rc) rc = on_hit(ru, &hits[i], eh, err);
    if (rc) return rc;
  }
  return 0;
}

/* Closes open alerts that no longer stand (see the design note). */
static int close_stale(run *ru, vet_error *err) {
  sqlite3_stmt *s = NULL, *u = NULL;
  int rc = prep(ru->m, "SELECT a.id, a.list_id, a.source_id, a.entity_hash, a.customer_hash,"
                       " c.data_hash, c.removed FROM alerts a LEFT JOIN customers c ON c.id = a.customer_id"
                       " WHERE a.state = 'open' AND a.run_id != ?", &s, err);
  if (!rc) rc = prep(ru->m, "UPDATE alerts SET state='closed', closed_at=?, closed_run=?, closed_reason=?"
                            " WHERE id=?", &u, err);
  if (!rc) sqlite3_bind_int64(s, 1, ru->run_id);
  while (!rc && sqlite3_step(s) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(s, 0);
    const char *list = (const char *)sqlite3_column_text(s, 1);
    const char *src = (const char *)sqlite3_column_text(s, 2);
    const char *aeh = (const char *)sqlite3_column_text(s, 3);
    const char *ach = (const char *)sqlite3_column_text(s, 4);
    const char *cch = (const char *)sqlite3_column_text(s, 5);
    int removed = sqlite3_column_type(s, 5) == SQLITE_NULL || sqlite3_column_int(s, 6);
    const char *why = NULL;
    uint32_t idx;
    const char *eh = NULL;
    if (vet_snapshot_find(ru->full.snap, list, src, &idx) != 0) why = "entity removed from the lists";
    else if ((rc = ecache_get(&ru->full, idx, &eh, err))) break;
    else if (strcmp(eh, aeh)) why = "entity record changed (re-screened; a hit that stands is a new alert)";
    else if (removed) why = "customer removed from the base";
    else if (strcmp(cch, ach)) why = "customer data changed (re-screened; a hit that stands is a new alert)";
    if (!why) continue;
    sqlite3_reset(u);
    bt(u, 1, ru->now);
    sqlite3_bind_int64(u, 2, ru->run_id);
    bt(u, 3, why);
    sqlite3_bind_int64(u, 4, id);
    if (sqlite3_step(u) != SQLITE_DONE) rc = vet__mon_dberr(ru->m, err, "close alert");
    else ru->r->closed++;
  }
  sqlite3_finalize(s);
  sqlite3_finalize(u);
  return rc;
}

static json_t *lists_json(const vet_snapshot *snap) {
  json_t *a = json_array();
  for (size_t i = 0; i < vet_snapshot_list_count(snap); i++) {
    const vet_list_info *l = vet_snapshot_list(snap, i);
    json_array_append_new(a, json_pack("{s:s?, s:s?, s:s?, s:I}", "list", l->list_id, "date", l->date,
                                       "checksum", l->checksum, "entities", (json_int_t)l->n_entities));
  }
  return a;
}

/* The last run's snapshot checksum into out (empty when there was none). */
static int last_snapshot(vet_monitor *m, char *out, size_t n, vet_error *err) {
  sqlite3_stmt *s = NULL;
  out[0] = 0;
  int rc = prep(m, "SELECT snapshot_checksum FROM runs ORDER BY id DESC LIMIT 1", &s, err);
  if (!rc && sqlite3_step(s) == SQLITE_ROW) snprintf(out, n, "%s", sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return rc;
}

/* Writes NEW's added and changed entities relative to OLD into `path`;
 * *empty = 1 when there are none. */
static int make_delta(const char *old_path, const char *new_path, const char *path, int *empty,
                      vet_error *err) {
  vet_diff_set *a = vet_diff_set_new(), *b = vet_diff_set_new();
  vet_diff *d = NULL;
  int rc = (!a || !b) ? vet__error_set(err, VET_ENOMEM, "out of memory") : 0;
  if (!rc) rc = vet_diff_set_load(a, old_path, NULL, NULL, NULL, err);
  if (!rc) rc = vet_diff_set_load(b, new_path, NULL, NULL, NULL, err);
  if (!rc) rc = vet_diff_compute(a, b, &d, err);
  if (!rc) {
    rc = vet_diff_write_snapshot(d, VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED, path, err);
    *empty = rc == VET_EEMPTY;
    if (*empty) rc = 0;
  }
  vet_diff_free(d);
  vet_diff_set_free(a);
  vet_diff_set_free(b);
  return rc;
}

/* Appends one reason to why (a "; "-separated list). */
static void why_add(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void why_add(char *why, size_t n, const char *fmt, ...) {
  size_t len = strlen(why);
  if (len && len + 2 < n) {
    memcpy(why + len, "; ", 3);
    len += 2;
  }
  if (len >= n) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why + len, n - len, fmt, ap);
  va_end(ap);
}

/* Checks that the delta `dsnap` (opened from `path`) is what an incremental
 * run needs: NEW's added and changed entities from the snapshot the last run
 * used (`last`) to the snapshot screened now (`cur`), as its recorded
 * provenance (vet_snapshot_delta_info) shows. *prov receives the provenance
 * JSON (malloc'd, the caller frees it; NULL when the delta records none).
 * When the check fails, why receives the reasons; the result is VET_ESTATE,
 * or 0 when `trust` accepts the delta anyway. */
static int check_delta(const vet_snapshot *dsnap, const char *path, const char *last, const char *cur,
                       int trust, char **prov, char *why, size_t nwhy, vet_error *err) {
  vet_delta_info *di = NULL;
  vet_error derr;
  memset(&derr, 0, sizeof derr);
  why[0] = 0;
  *prov = NULL;
  int rc = vet_snapshot_delta_info(dsnap, &di, &derr);
  if (rc == VET_ENOMEM) return vet__error_set(err, rc, "out of memory");
  if (rc == VET_ENOTFOUND)
    why_add(why, nwhy, "%s records no provenance (an ordinary snapshot, or a delta written before "
            "vet recorded one): nothing shows it is the delta from the last run's snapshot %s to "
            "this run's %s", path, last, cur);
  else if (rc)
    why_add(why, nwhy, "%s: %s", path, derr.message);
  else {
    *prov = strdup(di->json);
    if (!*prov) {
      vet_delta_info_free(di);
      return vet__error_set(err, VET_ENOMEM, "out of memory");
    }
    const char *b = di->base.checksum, *t = di->target.checksum;
    if (!b)
      why_add(why, nwhy, "%s is a delta from %s, not from one snapshot: it cannot be shown to start "
              "at the snapshot the last run used, %s", path, di->base.origin, last);
    else if (strcmp(b, last))
      why_add(why, nwhy, "%s is a delta from snapshot %s, but the last run used %s: entities added "
              "or changed in between would be missed", path, b, last);
    if (!t)
      why_add(why, nwhy, "%s is a delta to %s, not to one snapshot: it cannot be shown to lead to "
              "the snapshot screened now, %s", path, di->target.origin, cur);
    else if (strcmp(t, cur))
      why_add(why, nwhy, "%s is a delta to snapshot %s, but this run screens %s", path, t, cur);
    unsigned both = VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED;
    if ((di->kinds & both) != both)
      why_add(why, nwhy, "%s holds only the %s entities; a run needs both added and changed", path,
              di->kinds & VET_DIFF_SNAP_ADDED ? "added" : di->kinds ? "changed" : "(no kind)");
    vet_delta_info_free(di);
  }
  if (!why[0] || trust) return 0;
  return vet__error_set(err, VET_ESTATE, "%s. Make the delta with `vet diff --delta-snapshot DELTA "
                        "LAST.snap NEW.snap`, give --previous LAST.snap, run --full, or accept this "
                        "delta with --trust-delta (recorded in the audit log)", why);
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int vet_monitor_run(vet_monitor *m, const vet_monitor_run_options *o, vet_monitor_run_result *out,
                    vet_error *err) {
  if (!o || !o->snapshot) return vet__error_set(err, VET_EINVAL, "run: no snapshot given");
  if (o->previous && o->delta)
    return vet__error_set(err, VET_EINVAL, "run: give --previous or --delta, not both");
  vet_monitor_run_result r;
  memset(&r, 0, sizeof r);
  double thr = o->threshold < 0 ? VET_DEFAULT_THRESHOLD : o->threshold;
  vet_snapshot *snap = NULL, *dsnap = NULL;
  char last[128], tmp[1100] = "";
  const char *delta_path = o->delta;
  int rc = vet_snapshot_open(o->snapshot, &snap, err);
  if (!rc) rc = last_snapshot(m, last, sizeof last, err);
  const char *cur = snap ? vet_snapshot_checksum(snap) : "";
  int full = o->full || !last[0];
  int delta_empty = 0;
  if (!rc && !full && o->previous) {
    vet_snapshot *old = NULL;
    rc = vet_snapshot_open(o->previous, &old, err);
    if (!rc && strcmp(vet_snapshot_checksum(old), last))
      rc = vet__error_set(err, VET_ESTATE, "%s is not the snapshot the last run used (%s): a delta from "
                          "it could miss entities; give that one, or run --full", o->previous, last);
    vet_snapshot_close(old);
    if (!rc) {
      snprintf(tmp, sizeof tmp, "%s.delta-%ld.tmp", m->path, (long)getpid());
      rc = make_delta(o->previous, o->snapshot, tmp, &delta_empty, err);
      delta_path = delta_empty ? NULL : tmp;
    }
  } else if (!rc && !full && !o->delta) {
    /* No delta given: only an unchanged snapshot can skip the full screen. */
    if (strcmp(cur, last)) full = 1;
    else delta_empty = 1;
  }
  if (!rc && !full && delta_path) rc = vet_snapshot_open(delta_path, &dsnap, err);
  char *prov = NULL;
  if (!rc && dsnap)
    rc = check_delta(dsnap, o->delta ? o->delta : o->previous, last, cur, o->trust_delta, &prov,
                     r.delta_unverified, sizeof r.delta_unverified, err);
  snprintf(r.mode, sizeof r.mode, "%s", full ? "full" : "incremental");
  run ru = {.m = m, .r = &r};
  ru.full.snap = snap;
  ru.delta.snap = dsnap;
  vet__mon_now(ru.now);
  int in_tx = 0;
  if (!rc && !(rc = vet__mon_exec(m, "BEGIN IMMEDIATE", err))) in_tx = 1;
  if (!rc) {
    sqlite3_stmt *s = NULL;
    rc = prep(m, "SELECT coalesce(max(id), 0) + 1, (SELECT count(*) FROM customers WHERE removed = 0)"
                 " FROM runs", &s, err);
    if (!rc && sqlite3_step(s) == SQLITE_ROW) {
      ru.run_id = sqlite3_column_int64(s, 0);
      r.customers = (size_t)sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
  }
  if (!rc) rc = prep(m, "SELECT id, state, closed_reason FROM alerts WHERE evidence = ?", &ru.find_ev, err);
  if (!rc) rc = prep(m, "UPDATE alerts SET state='open', closed_at=NULL, closed_run=NULL, "
                        "closed_reason=NULL WHERE id=?", &ru.reopen, err);
  if (!rc) rc = prep(m, "SELECT 1 FROM decisions WHERE customer_id=? AND customer_hash=? AND list_id=? "
                        "AND source_id=? AND entity_hash=? AND decision='false-positive' LIMIT 1",
                     &ru.find_fp, err);
  if (!rc) rc = prep(m, "INSERT INTO alerts (state, customer_id, customer_name, customer_hash, list_id,"
                        " source_id, entity_name, entity_hash, matched_name, score, evidence, run_id,"
                        " created_at) VALUES ('open',?,?,?,?,?,?,?,?,?,?,?,?)", &ru.ins, err);
  if (!rc) rc = prep(m, "UPDATE alerts SET state='closed', closed_at=?, closed_run=?, closed_reason=?"
                        " WHERE state='open' AND customer_id=? AND list_id=? AND source_id=? AND id != ?",
                     &ru.supersede, err);
  unsigned nt = o->threads;
  double t0 = now_s();
  static const char *sel = "SELECT id, name, type, country, dob, data_hash, near FROM customers WHERE removed = 0";
  char sql[256];
  if (!rc && full) {
    snprintf(sql, sizeof sql, "%s ORDER BY rowid", sel);
    rc = vet__mon_screen(m, sql, snap, nt, thr, VET__MON_NEAR_EXACT, on_hits, &ru, &r.screened_full,
                         &r.near, err);
  } else if (!rc) {
    if (dsnap) {
      r.delta_entities = vet_snapshot_entity_count(dsnap);
      snprintf(sql, sizeof sql, "%s AND dirty = 0 AND near = 0 ORDER BY rowid", sel);
      rc = vet__mon_screen(m, sql, dsnap, nt, thr, VET__MON_NEAR_RAISE, on_hits, &ru, &r.screened_delta,
                           &r.near, err);
    }
    /* Dirty and near customers against everything. Those made near by the
     * delta just now are screened too: harmless, the same evidence dedupes. */
    snprintf(sql, sizeof sql, "%s AND (dirty = 1 OR near = 1) ORDER BY rowid", sel);
    if (!rc) rc = vet__mon_screen(m, sql, snap, nt, thr, VET__MON_NEAR_EXACT, on_hits, &ru,
                                  &r.screened_full, &r.near, err);
  }
  r.seconds_screening = now_s() - t0;
  if (!rc) rc = close_stale(&ru, err);
  if (!rc) rc = vet__mon_exec(m, "UPDATE customers SET dirty = 0 WHERE dirty = 1", err);
  if (!rc) {
    json_t *lists = lists_json(snap);
    json_t *counts = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}",
                               "customers", (json_int_t)r.customers, "near", (json_int_t)r.near,
                               "screened_full", (json_int_t)r.screened_full,
                               "screened_delta", (json_int_t)r.screened_delta,
                               "delta_entities", (json_int_t)r.delta_entities,
                               "hits", (json_int_t)r.hits, "new_alerts", (json_int_t)r.new_alerts,
                               "already_alerted", (json_int_t)r.already_alerted,
                               "suppressed", (json_int_t)r.suppressed, "closed", (json_int_t)r.closed,
                               "threshold", thr);
    char *ls = json_dumps(lists, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    char *cs = json_dumps(counts, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    const char *dck = dsnap ? vet_snapshot_checksum(dsnap) : NULL;
    json_t *detail = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:o, s:o}", "mode", r.mode, "snapshot", cur,
                               "snapshot_path", o->snapshot, "previous", o->previous, "delta", dck,
                               "lists", lists, "counts", counts);
    /* The delta's provenance, and a --trust-delta with what it let through. */
    if (detail && prov) json_object_set_new(detail, "delta_provenance", json_loads(prov, 0, NULL));
    if (detail && o->delta && o->trust_delta) {
      json_object_set_new(detail, "trust_delta", json_true());
      if (r.delta_unverified[0])
        json_object_set_new(detail, "delta_unverified", json_string(r.delta_unverified));
    }
    char *ds = json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(detail);
    sqlite3_stmt *s = NULL;
    const char *actor = o->actor && *o->actor ? o->actor : "unknown";
    if (!ls || !cs || !ds) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
    if (!rc) rc = prep(m, "INSERT INTO runs (id, at, actor, mode, snapshot_checksum, snapshot_path,"
                          " delta_checksum, lists, counts, delta_provenance, delta_unverified)"
                          " VALUES (?,?,?,?,?,?,?,?,?,?,?)", &s, err);
    if (!rc) {
      sqlite3_bind_int64(s, 1, ru.run_id);
      bt(s, 2, ru.now);
      bt(s, 3, actor);
      bt(s, 4, r.mode);
      bt(s, 5, cur);
      bt(s, 6, o->snapshot);
      bt(s, 7, dck);
      bt(s, 8, ls);
      bt(s, 9, cs);
      bt(s, 10, prov);
      bt(s, 11, r.delta_unverified[0] ? r.delta_unverified : NULL);
      if (sqlite3_step(s) != SQLITE_DONE) rc = vet__mon_dberr(m, err, "record run");
    }
    sqlite3_finalize(s);
    char obj[48];
    snprintf(obj, sizeof obj, "run:%lld", (long long)ru.run_id);
    if (!rc) rc = vet__mon_audit(m, actor, "screen", obj, NULL, ds, err);
    free(ls);
    free(cs);
    free(ds);
  }
  sqlite3_finalize(ru.find_ev);
  sqlite3_finalize(ru.reopen);
  sqlite3_finalize(ru.find_fp);
  sqlite3_finalize(ru.ins);
  sqlite3_finalize(ru.supersede);
  if (in_tx) {
    if (rc) sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
    else rc = vet__mon_exec(m, "COMMIT", err);
  }
  free(prov);
  ecache_free(&ru.full);
  ecache_free(&ru.delta);
  vet_snapshot_close(dsnap);
  vet_snapshot_close(snap);
  if (tmp[0]) unlink(tmp);
  r.run_id = ru.run_id;
  if (!rc && out) *out = r;
  return rc;
}
