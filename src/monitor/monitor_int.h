/* monitor_int.h — what the files of src/monitor share.
 *
 * The store is a SQLite file used directly through sqlite3 (not the
 * registry's store.h interface): monitoring streams a million customers and
 * writes hits in bulk, which wants prepared statements reused across rows.
 * Schema and migrations live in store.c; the audit chain in audit.c uses the
 * registry's record hash (core/chain.h). */
#ifndef VET_MONITOR_INT_H
#define VET_MONITOR_INT_H
#include "vet.h"
#include <sqlite3.h>

struct vet_monitor {
  sqlite3 *db;
  char path[1024];
};

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (32 bytes). */
void vet__mon_now(char out[32]);
/* Sets err from the database's last message; returns VET_EDB. */
int vet__mon_dberr(vet_monitor *m, vet_error *err, const char *what);
/* Runs SQL without results. */
int vet__mon_exec(vet_monitor *m, const char *sql, vet_error *err);
/* SHA-256 of the fields joined by 0x1f (NULL as 0x1e), 64 hex digits. */
void vet__mon_hash(const char *const *fields, size_t n, char out[65]);
/* Appends one audit record inside the caller's transaction:
 * action ("import", "run", "decide", ...), object ("alert:3", "run:2",
 * "customers"), actor, reason (may be NULL), detail (a JSON object, may be
 * NULL). */
int vet__mon_audit(vet_monitor *m, const char *actor, const char *action, const char *object,
                   const char *reason, const char *detail, vet_error *err);
#endif

/* ---- screen.c: screening a stream of customers on all cores ---- */

/* Hits kept per customer and screening: far above any real name's count,
 * so a pair's hit never depends on the other entities in the snapshot. */
#define VET__MON_MAX_HITS 1000

/* A customer whose best score against an entity lies within this margin
 * below the threshold is "near": scores move slightly when the lists change
 * even for unchanged records (token weights come from the whole snapshot),
 * so near customers are screened against the whole snapshot at every run. */
#define VET__MON_NEAR_MARGIN 0.02

/* How vet__mon_screen() updates customers.near: not at all, set it where a
 * near miss is seen (delta screening), or set it exactly (whole snapshot). */
enum { VET__MON_NEAR_KEEP, VET__MON_NEAR_RAISE, VET__MON_NEAR_EXACT };

/* One customer as read from the store; strings owned by the batch. */
typedef struct vet__mon_customer {
  char *id, *name, *type, *country, *dob, *hash;
  int near_before, near;   /* customers.near as read; as seen now (set by the one worker) */
} vet__mon_customer;

/* One hit: a customer that scored at or above the threshold against an
 * entity. Strings are owned by the hit (freed by vet__mon_hits_free). */
typedef struct vet__mon_hit {
  const vet__mon_customer *customer;  /* borrowed from the batch */
  uint32_t entity;                    /* index in the snapshot screened */
  double score;
  char *list_id, *source_id, *entity_name, *matched_name;
} vet__mon_hit;

/* Called for each batch's hits, in customer order, on the calling thread. */
typedef int (*vet__mon_hits_fn)(void *userdata, const vet_snapshot *snap, vet__mon_hit *hits,
                                size_t n, vet_error *err);

/* Screens every customer `sql` selects (columns id, name, type, country, dob,
 * data_hash, near) against `snap` with `threads` threads, one vet_matcher
 * each, reading the customers in batches so memory stays flat whatever their
 * number, and updates customers.near as `near_mode` says. *screened receives
 * the count, *near_seen the customers with a near miss. */
int vet__mon_screen(vet_monitor *m, const char *sql, const vet_snapshot *snap, unsigned threads,
                    double threshold, int near_mode, vet__mon_hits_fn fn, void *userdata,
                    size_t *screened, size_t *near_seen, vet_error *err);
