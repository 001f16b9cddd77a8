/* registry_int.h — the registry handle and the internal interfaces between
 * the registry's files (one concept each):
 *
 *   registry.c   open/close, the clock, the acting identity
 *   roles.c      identities, tokens (stored as SHA-256), the permission table
 *   audit.c      the append-only, hash-chained log; object digests; verify
 *   entry.c      an entry as canonical JSON, copies, field-by-field comparison
 *   rules.c      rules: draft, publish (atomic), list
 *   entries.c    amendments, as-of views, history, diff
 *   request_fsm.c the request state machine as a transition table
 *   requests.c   removal/modification requests, addition proposals, votes, decisions
 *   import_ecfr.c, import_fr.c, publish.c
 *
 * Every mutating call follows one pattern: check the role (a refusal is
 * logged in its own transaction and returns VET_EDENIED), begin, change,
 * append the audit record with the object's new digest, commit. The action
 * and its log record are therefore one transaction. Not thread-safe. */
#ifndef VET_REGISTRY_INT_H
#define VET_REGISTRY_INT_H
#include "vet.h"
#include "registry/store.h"
#include "core/arena.h"
#include "core/buf.h"

struct vet_registry {
  vet__store *st;
  int64_t actor_id;               /* 0: public */
  char actor[128];
  vet_registry_role role;
  char agency[64];
  char party[256];
  char now[32];                   /* "YYYY-MM-DDTHH:MM:SSZ" */
  char today[11];                 /* "YYYY-MM-DD" */
  char fixed_now;                 /* 1 when the clock was given in the options */
  /* Test hook: called at named points inside transactions ("publish:mid");
   * a test may _exit() there to simulate a crash. NULL in production. */
  void (*hook)(void *userdata, const char *point);
  void *hook_userdata;
  char rule_buf[128];             /* storage for vet_registry_import_stats.rule */
};

/* Sets the test hook (white-box tests only). */
void vet__registry_set_hook(vet_registry *reg, void (*hook)(void *, const char *), void *userdata);
static inline void vet__registry_point(vet_registry *reg, const char *point) {
  if (reg->hook) reg->hook(reg->hook_userdata, point);
}

/* ---- roles.c */
typedef enum vet__perm {
  VET__P_READ_PUBLISHED,    /* asof, history (published), diff, export */
  VET__P_READ_DRAFTS,       /* drafts in history, rule amendments */
  VET__P_READ_LOG,
  VET__P_IDENTITY,          /* add identities */
  VET__P_IMPORT,
  VET__P_RULE,              /* draft and publish rules, amend */
  VET__P_FILE_REQUEST,      /* removal/modification requests */
  VET__P_PROPOSE,           /* addition proposals */
  VET__P_REFER,
  VET__P_VOTE,
  VET__P_DECIDE,
  VET__P_NOTIFY,
  VET__P_READ_REQUESTS,     /* all requests */
  VET__P_COUNT
} vet__perm;
/* 1 if `role` holds `perm` (the permission table in roles.c). */
int vet__role_allows(vet_registry_role role, vet__perm perm);
/* Checks the actor's permission; on refusal appends a "refused" record for
 * (action, object) and returns VET_EDENIED with err filled. */
int vet__require(vet_registry *reg, vet__perm perm, const char *action, const char *object,
                 vet_error *err);
/* Logs a refusal (own transaction) and returns VET_EDENIED with `why` in err. */
int vet__refuse(vet_registry *reg, const char *action, const char *object, const char *why,
                vet_error *err);
/* As vet__refuse() with another status (VET_ESTATE for a transition the
 * state machine refuses, VET_EINVAL for bad arguments). The caller must not
 * hold a transaction. */
int vet__refuse_as(vet_registry *reg, int code, const char *action, const char *object,
                   const char *why, vet_error *err);
/* Signs in with a token: fills the actor fields. VET_EDENIED for an unknown token. */
int vet__login(vet_registry *reg, const char *token, vet_error *err);
/* SHA-256 hex (64 digits + NUL) of n bytes. */
void vet__sha256(const void *data, size_t n, char out[65]);

/* ---- audit.c */
/* Appends one record inside the caller's transaction. digest: the object's
 * digest after the action (NULL when none). */
int vet__audit(vet_registry *reg, const char *action, const char *object, const char *reason,
               const char *outcome, const char *detail, const char *digest, vet_error *err);
/* Appends an "ok" record for `object` ("rule:3", "request:1", "identity:2")
 * with its freshly computed digest. */
int vet__audit_object(vet_registry *reg, const char *action, const char *object,
                      const char *reason, const char *detail, vet_error *err);
/* The digest of an object's current rows, as verify recomputes it. */
int vet__digest(vet_registry *reg, const char *object, char out[65], vet_error *err);

/* ---- entry.c */
typedef struct vet__entry {
  vet_registry_entry e;
  vet__arena arena;
} vet__entry;
void vet__entry_init(vet__entry *x);
void vet__entry_free(vet__entry *x);
/* Deep copy of e into x (x initialised, previous contents forgotten). */
int vet__entry_copy(vet__entry *x, const vet_registry_entry *e);
/* Parses the canonical JSON into x. VET_ECORRUPT when it is not an entry. */
int vet__entry_from_json(vet__entry *x, const char *json);
/* Canonical JSON (fixed key order, compact); malloc'd, caller frees. NULL on ENOMEM. */
char *vet__entry_to_json(const vet_registry_entry *e);
/* Number of entry fields and their names, in canonical order. */
#define VET__ENTRY_FIELDS 8
extern const char *const vet__entry_field_names[VET__ENTRY_FIELDS];
/* Field-by-field differences a -> b (each field as one string, lists
 * joined with " | "); calls fn for each field that differs. Values are
 * borrowed for the call. Returns fn's first non-zero, VET_ENOMEM, or 0. */
int vet__entry_diff(const vet_registry_entry *a, const vet_registry_entry *b,
                    int (*fn)(void *ud, const char *field, const char *old_value,
                              const char *new_value),
                    void *ud);
/* The entry a reader's vet_entity describes: names[0] is the name, the other
 * names the aliases, address texts the addresses, the first address's
 * country (or attr "country") the country, remarks the footnotes, citations
 * "TEXT, DATE" when the reader gave a date. */
int vet__entry_from_entity(vet__entry *x, const vet_entity *e);
/* A key from country and name ("IL:nso-group") into out. */
void vet__entry_make_key(const char *country, const char *name, char *out, size_t size);

/* ---- rules.c */
/* Id and status of rule fr_doc: VET_ENOTFOUND when there is none. */
int vet__rule_find(vet_registry *reg, const char *fr_doc, int64_t *id, int *published,
                   vet_error *err);
/* Creates a rule inside the caller's transaction, published when pub_date is
 * given. Logs it. */
int vet__rule_create(vet_registry *reg, const char *fr_doc, const char *citation,
                     const char *title, const char *pub_date, const char *effective_date,
                     int64_t *id, vet_error *err);

/* ---- entries.c */
/* Records one amendment inside the caller's transaction (no role check, no
 * log: the caller logs the rule). prev: the entry before (NULL for add). */
int vet__amend(vet_registry *reg, int64_t rule_id, vet_registry_action action,
               const vet_registry_entry *prev, const vet_registry_entry *entry,
               const char *reason, int64_t request_id, int64_t *amendment_id, vet_error *err);
/* The latest state of `key` counting drafts (include_drafts) or the state in
 * force on `date`. *found 0 when not listed (never added, or removed). */
int vet__entry_current(vet_registry *reg, const char *key, const char *date, int include_drafts,
                       vet__entry *out, int *found, vet_error *err);
/* The list as of date as (key, canonical JSON) pairs, by key, no role check. */
typedef struct vet__view_row {
  char *key;
  char *json;
} vet__view_row;
typedef struct vet__view {
  vet__view_row *rows;
  size_t n, cap;
} vet__view;
int vet__view_load(vet_registry *reg, const char *date, vet__view *v, vet_error *err);
void vet__view_free(vet__view *v);

/* ---- request_fsm.c */
/* The state of a stored name; VET_STATE_NONE for an unknown one. */
vet_registry_state vet__state_parse(const char *s);

/* ---- time */
/* Adds days to a "YYYY-MM-DD" date into out (11 bytes). */
void vet__date_add_days(const char *date, int days, char out[11]);
/* 1 if s is a valid "YYYY-MM-DD". */
int vet__date_valid(const char *s);
#endif
