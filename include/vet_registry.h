/*
** vet_registry.h — the Entity List registry: the public contract.
**
** vet keeps the Entity List the way the End-User Review Committee (ERC)
** does (15 CFR 744.16 and supplement no. 5 to part 744):
**
**   - An entry (country, name, aliases, addresses, license requirement,
**     license review policy, footnotes, Federal Register citations) changes
**     only through amendments. Each amendment belongs to a rule (Federal
**     Register document number, citation such as "86 FR 60760", publication
**     date, effective date) and says add, modify or remove, with its reason.
**     Nothing is overwritten or deleted: the list as of any date is computed
**     from the amendments of the rules published and in effect that day.
**   - Removal and modification requests (744.16(e)) and addition proposals
**     move through an explicit state machine: received, referred to the ERC,
**     voted on by member agencies, decided, the requester notified in writing
**     (final agency action). A granted request drafts an amendment that takes
**     effect only when its rule is published.
**   - Every action, allowed or refused, is appended to a hash-chained audit
**     log (SHA-256); vet_registry_verify() detects any edit to history.
**   - Every call acts as an identity given by a token (public when none).
**
** A vet_registry is not thread-safe; open one per thread. All strings
** passed to callbacks are borrowed for the duration of the callback.
*/
#ifndef VET_REGISTRY_H
#define VET_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vet_registry vet_registry;

/* ------------------------------------------------------------- roles */

typedef enum vet_registry_role {
  VET_ROLE_PUBLIC = 0,      /* reads what is published */
  VET_ROLE_REQUESTER,       /* files and follows its own requests only */
  VET_ROLE_ERC_MEMBER,      /* votes for its agency; proposes additions */
  VET_ROLE_CHAIR,           /* Commerce: refers, decides, drafts and publishes rules */
  VET_ROLE_ADMIN            /* identities, imports */
} vet_registry_role;

/* "public", "requester", "erc_member", "chair", "admin". Static storage. */
VET_API const char *vet_registry_role_name(vet_registry_role role);
/* VET_OK and *out, or VET_EINVAL for an unknown name. */
VET_API int vet_registry_role_parse(const char *name, vet_registry_role *out);

/* A token is 64 hex digits plus NUL. */
#define VET_REGISTRY_TOKEN_SIZE 65

/* -------------------------------------------------------------- open */

typedef struct vet_registry_options {
  int create;            /* 1: create the file (and schema) when missing */
  const char *token;     /* the acting identity's token; NULL: public */
  const char *now;       /* clock override, "YYYY-MM-DD" or ISO timestamp; NULL: system clock */
} vet_registry_options;

VET_API vet_registry_options vet_registry_options_default(void);

/* $VET_REGISTRY_DB, else "./vet-registry.db". Static or environment storage. */
VET_API const char *vet_registry_default_path(void);

/* Opens (and migrates) a registry. An unknown token is VET_EDENIED (and
** logged). On success *out owns the handle; close with vet_registry_close(). */
VET_API int vet_registry_open(const char *path, const vet_registry_options *options,
                              vet_registry **out, vet_error *err);
VET_API void vet_registry_close(vet_registry *reg);

/* The acting identity. Borrowed from the handle. */
VET_API const char *vet_registry_actor(const vet_registry *reg);
VET_API vet_registry_role vet_registry_actor_role(const vet_registry *reg);

/* Creates the first administrator of a registry that has no identity yet and
** writes its token to token_out. VET_ESTATE when identities exist. */
VET_API int vet_registry_init_admin(vet_registry *reg, const char *name,
                                    char token_out[VET_REGISTRY_TOKEN_SIZE], vet_error *err);

/* Adds an identity (admin only). agency: the ERC member's agency ("Commerce",
** "State", "Defense", "Energy", "Treasury"); party: the entry key a requester
** speaks for. Either may be NULL where it does not apply. Only the token's
** SHA-256 is stored. */
VET_API int vet_registry_identity_add(vet_registry *reg, const char *name, vet_registry_role role,
                                      const char *agency, const char *party,
                                      char token_out[VET_REGISTRY_TOKEN_SIZE], vet_error *err);

/* ---------------------------------------------------------- entries */

/* One Entity List entry. In callbacks every pointer is borrowed. */
typedef struct vet_registry_entry {
  const char *key;                 /* stable entry key, e.g. "IL:nso-group" */
  const char *country;
  const char *name;
  const char *const *aliases;
  size_t n_aliases;
  const char *const *addresses;
  size_t n_addresses;
  const char *license_requirement;
  const char *license_policy;
  const char *footnotes;
  const char *const *citations;    /* Federal Register citations, e.g. "86 FR 60760, 11/4/21" */
  size_t n_citations;
} vet_registry_entry;

typedef int (*vet_registry_entry_fn)(void *userdata, const vet_registry_entry *entry);

/* The list as it stood on `date` ("YYYY-MM-DD"; NULL: today): every entry
** whose latest amendment in a published rule effective on or before that
** date is an add or modify. In key order. A non-zero return stops with
** VET_ECANCELLED. Public. */
VET_API int vet_registry_asof(vet_registry *reg, const char *date, vet_registry_entry_fn fn,
                              void *userdata, vet_error *err);

/* ------------------------------------------------------------- rules */

typedef struct vet_registry_rule {
  int64_t id;
  const char *fr_doc;              /* Federal Register document number, e.g. "2021-24123" */
  const char *citation;            /* e.g. "86 FR 60760" */
  const char *title;
  const char *pub_date;            /* publication date; NULL while a draft */
  const char *effective_date;      /* NULL while a draft */
  const char *status;              /* "draft" or "published" */
  int64_t n_amendments;
} vet_registry_rule;

/* Creates a draft rule (chair; admin for imports). *id_out may be NULL.
** VET_ESTATE when a rule with that document number exists. */
VET_API int vet_registry_rule_draft(vet_registry *reg, const char *fr_doc, const char *citation,
                                    const char *title, int64_t *id_out, vet_error *err);

/* Publishes a draft rule (chair): from now its amendments are in force from
** effective_date on. citation may be NULL to keep the draft's. All or
** nothing: a crash leaves the rule a draft or published, never between. */
VET_API int vet_registry_rule_publish(vet_registry *reg, const char *fr_doc, const char *citation,
                                      const char *pub_date, const char *effective_date,
                                      vet_error *err);

VET_API int vet_registry_rules(vet_registry *reg,
                               int (*fn)(void *userdata, const vet_registry_rule *rule),
                               void *userdata, vet_error *err);

/* -------------------------------------------------------- amendments */

typedef enum vet_registry_action {
  VET_AMEND_ADD = 0,
  VET_AMEND_MODIFY,
  VET_AMEND_REMOVE
} vet_registry_action;

/* "add", "modify", "remove". */
VET_API const char *vet_registry_action_name(vet_registry_action action);

/* Adds an amendment to the draft rule `fr_doc` (chair). For add and modify
** `entry` is the whole new entry; for remove only entry->key is read. add
** refuses a key already listed, modify and remove a key not listed (in the
** latest state including drafts). The reason is required. */
VET_API int vet_registry_amend(vet_registry *reg, const char *fr_doc, vet_registry_action action,
                               const vet_registry_entry *entry, const char *reason,
                               int64_t *amendment_id, vet_error *err);

typedef struct vet_registry_field_change {
  const char *field;               /* "name", "aliases", "addresses", ... */
  const char *old_value;           /* list fields joined with " | "; NULL when absent */
  const char *new_value;
} vet_registry_field_change;

/* One change to one entry: an amendment (history) or a computed difference (diff). */
typedef struct vet_registry_change {
  int64_t amendment_id;            /* 0 in a computed diff */
  const char *key;
  const char *name;
  vet_registry_action action;
  const char *reason;
  const char *fr_doc, *citation, *pub_date, *effective_date, *rule_status;  /* NULL in a diff */
  int64_t request_id;              /* the request that produced it, or 0 */
  const vet_registry_field_change *fields;   /* modify: field by field; add/remove: none */
  size_t n_fields;
} vet_registry_change;

typedef int (*vet_registry_change_fn)(void *userdata, const vet_registry_change *change);

/* Every amendment of entry `key`, oldest first, drafts included for the
** chair and admin and left out for everyone else. */
VET_API int vet_registry_history(vet_registry *reg, const char *key, vet_registry_change_fn fn,
                                 void *userdata, vet_error *err);

/* The differences between the list as of `from` and as of `to`, by key. */
VET_API int vet_registry_diff(vet_registry *reg, const char *from, const char *to,
                              vet_registry_change_fn fn, void *userdata, vet_error *err);

/* The amendments of one rule in the order they were made. */
VET_API int vet_registry_rule_amendments(vet_registry *reg, const char *fr_doc,
                                         vet_registry_change_fn fn, void *userdata,
                                         vet_error *err);

/* ---------------------------------------------------------- requests */

typedef enum vet_registry_request_kind {
  VET_REQ_REMOVAL = 0,        /* 744.16(e): a listed party asks to be removed */
  VET_REQ_MODIFICATION,       /* 744.16(e): ... to have its entry modified (also an owned affiliate) */
  VET_REQ_ADDITION            /* supplement no. 5: a member agency proposes an addition */
} vet_registry_request_kind;

typedef enum vet_registry_state {
  VET_STATE_NONE = 0,         /* before filing */
  VET_STATE_RECEIVED,
  VET_STATE_REFERRED,         /* with the ERC; member agencies vote */
  VET_STATE_DECIDED,
  VET_STATE_NOTIFIED,         /* requester told in writing: final agency action */
  VET_STATE_WITHDRAWN
} vet_registry_state;

typedef enum vet_registry_event {
  VET_EV_FILE = 0,
  VET_EV_ATTACH,              /* a supporting document */
  VET_EV_HEARING,             /* the requester asks to be heard */
  VET_EV_REFER,
  VET_EV_VOTE,
  VET_EV_DECIDE,
  VET_EV_NOTIFY,
  VET_EV_WITHDRAW,
  VET_EV_COUNT
} vet_registry_event;

typedef enum vet_registry_outcome {
  VET_OUTCOME_NONE = 0,
  VET_OUTCOME_GRANTED,
  VET_OUTCOME_PARTLY_GRANTED,
  VET_OUTCOME_DENIED
} vet_registry_outcome;

typedef enum vet_registry_vote_value {
  VET_VOTE_APPROVE = 0,
  VET_VOTE_APPROVE_IN_PART,
  VET_VOTE_DENY
} vet_registry_vote_value;

/* Names: "removal", "received", "file", "granted", "approve" ... Static storage. */
VET_API const char *vet_registry_kind_name(vet_registry_request_kind kind);
VET_API const char *vet_registry_state_name(vet_registry_state state);
VET_API const char *vet_registry_event_name(vet_registry_event event);
VET_API const char *vet_registry_outcome_name(vet_registry_outcome outcome);
VET_API const char *vet_registry_vote_name(vet_registry_vote_value vote);
/* Parse the names above; VET_EINVAL for an unknown name. */
VET_API int vet_registry_kind_parse(const char *s, vet_registry_request_kind *out);
VET_API int vet_registry_outcome_parse(const char *s, vet_registry_outcome *out);
VET_API int vet_registry_vote_parse(const char *s, vet_registry_vote_value *out);

/* The transition table: VET_OK and *to when `event` is allowed in `from`,
** else VET_ESTATE. Roles and vote counts are checked on top of this. */
VET_API int vet_registry_transition(vet_registry_state from, vet_registry_event event,
                                    vet_registry_state *to);

/* Days from referral within which the ERC is expected to decide. */
#define VET_REGISTRY_DECISION_DAYS 30

typedef struct vet_registry_request {
  int64_t id;
  vet_registry_request_kind kind;
  vet_registry_state state;
  vet_registry_outcome outcome;
  const char *entry_key;           /* the entry concerned */
  const char *requester;           /* identity that filed */
  const char *affiliate;           /* owned affiliate asking to be excluded, or NULL */
  const char *reasons;
  const char *filed_at, *referred_at, *deadline, *decided_at, *notified_at;
  int with_treasury;               /* Treasury takes part in the vote */
  int hearing_requested;
  const char *hearing_note;
  const char *decision_reason;
  const char *letter;              /* the written notice to the requester */
  const char *draft_rule;          /* fr_doc of the draft rule a grant produced, or NULL */
  int64_t n_documents, n_votes;
  int overdue;                     /* referred, undecided, deadline passed */
} vet_registry_request;

typedef int (*vet_registry_request_fn)(void *userdata, const vet_registry_request *request);

/* Files a request (requester for its own party or as its owned affiliate;
** for additions an ERC member or the chair). `proposed` is the entry as the
** requester wants it (modification, addition); NULL for removal. */
VET_API int vet_registry_request_file(vet_registry *reg, vet_registry_request_kind kind,
                                      const char *entry_key, const char *affiliate,
                                      const char *reasons, const vet_registry_entry *proposed,
                                      int64_t *id_out, vet_error *err);
/* Attaches a document (its name, SHA-256 and size are recorded). Requester (own). */
VET_API int vet_registry_request_attach(vet_registry *reg, int64_t id, const char *name,
                                        const void *data, size_t size, vet_error *err);
/* Records a request for a hearing. Requester (own). */
VET_API int vet_registry_request_hearing(vet_registry *reg, int64_t id, const char *note,
                                         vet_error *err);
/* Refers the request to the member agencies (chair); starts the 30-day clock. */
VET_API int vet_registry_request_refer(vet_registry *reg, int64_t id, int with_treasury,
                                       vet_error *err);
/* Records the acting member agency's vote (once per agency). */
VET_API int vet_registry_vote(vet_registry *reg, int64_t id, vet_registry_vote_value vote,
                              const char *comment, vet_error *err);
/* Records the decision (chair). Every participating agency must have voted;
** removal and modification need unanimity to grant, additions a majority.
** A grant drafts the amendment in draft rule `fr_doc` (created when missing):
** a removal, the proposed modification, or the proposed addition. A partial
** grant needs `granted`: its non-NULL fields (a list counts when its pointer
** is non-NULL) replace those of the entry, which is then modified. */
VET_API int vet_registry_decide(vet_registry *reg, int64_t id, vet_registry_outcome outcome,
                                const char *reason, const char *fr_doc,
                                const vet_registry_entry *granted, vet_error *err);
/* Records the written notice to the requester (chair): final agency action. */
VET_API int vet_registry_notify(vet_registry *reg, int64_t id, const char *letter, vet_error *err);
/* Withdraws a request (requester, own; before the decision). */
VET_API int vet_registry_request_withdraw(vet_registry *reg, int64_t id, const char *reason,
                                          vet_error *err);

/* One request (requester: own only). */
VET_API int vet_registry_request_get(vet_registry *reg, int64_t id, vet_registry_request_fn fn,
                                     void *userdata, vet_error *err);
/* The requests the actor may see; overdue_only: referred, undecided, past deadline. */
VET_API int vet_registry_requests(vet_registry *reg, int overdue_only, vet_registry_request_fn fn,
                                  void *userdata, vet_error *err);

typedef struct vet_registry_vote_info {
  const char *agency, *voter, *vote, *comment, *at;
} vet_registry_vote_info;
VET_API int vet_registry_request_votes(vet_registry *reg, int64_t id,
                                       int (*fn)(void *userdata, const vet_registry_vote_info *v),
                                       void *userdata, vet_error *err);

/* ------------------------------------------------------------- audit */

typedef struct vet_registry_log_record {
  int64_t seq;
  const char *at, *actor, *role, *action, *object, *reason;
  const char *outcome;             /* "ok" or "refused" */
  const char *detail;
  const char *prev_hash, *hash;
} vet_registry_log_record;

/* The audit log, oldest first (chair, admin, ERC members). */
VET_API int vet_registry_log(vet_registry *reg,
                             int (*fn)(void *userdata, const vet_registry_log_record *rec),
                             void *userdata, vet_error *err);

typedef struct vet_registry_verify_report {
  int64_t n_records;               /* log records checked */
  int64_t n_objects;               /* rules, requests and identities checked against the log */
  int64_t first_bad_seq;           /* 0 when the chain holds */
  char head_hash[65];              /* the newest record's hash: keep it elsewhere to detect
                                      the loss of records at the end of the chain */
} vet_registry_verify_report;

/* Recomputes the hash chain and the digest of every rule (with its
** amendments), request (with its votes and documents) and identity against
** the latest log record for it. VET_OK, or VET_ECORRUPT naming the first
** mismatch. Anyone may verify. */
VET_API int vet_registry_verify(vet_registry *reg, vet_registry_verify_report *report,
                                vet_error *err);

/* ------------------------------------------------------------ import */

typedef struct vet_registry_import_stats {
  int64_t n_read;                  /* entities read from the file */
  int64_t n_added, n_modified, n_removed, n_unchanged;
  int64_t n_rejected;              /* rows the reader rejected */
  int64_t n_duplicates;            /* entities whose key was already read from the same file */
  const char *rule;                /* borrowed until the next call: the rule recorded */
} vet_registry_import_stats;

/* Imports an eCFR part 744 file (supplement no. 4) as one published rule
** effective on the file's date (admin). Into an empty registry every entry
** is an add; otherwise exactly the differences from the list in force on
** that date are recorded (add, remove, and modify field by field).
** Diagnostics of the reader go to diag. */
VET_API int vet_registry_import_ecfr(vet_registry *reg, const char *path, vet_diag_fn diag,
                                     void *diag_userdata, vet_registry_import_stats *stats,
                                     vet_error *err);

/* Imports a Federal Register rule document (XML) as a published rule with
** its additions (admin). */
VET_API int vet_registry_import_fr(vet_registry *reg, const char *path,
                                   vet_registry_import_stats *stats, vet_error *err);

/* ----------------------------------------------------------- publish */

/* The list in force on `date` (NULL: today) in the trade.gov Consolidated
** Screening List CSV layout (29 columns), its JSON layout ({"total", "results"}),
** or as a vet snapshot (list id "bis-el"). Written atomically to path. Public. */
VET_API int vet_registry_export_csv(vet_registry *reg, const char *date, const char *path,
                                    vet_error *err);
VET_API int vet_registry_export_json(vet_registry *reg, const char *date, const char *path,
                                     vet_error *err);
VET_API int vet_registry_export_snapshot(vet_registry *reg, const char *date, const char *path,
                                         vet_error *err);

/* The entry as a vet_entity of list "bis-el" (what screening sees), passed to fn. */
VET_API int vet_registry_entry_to_entity(const vet_registry_entry *entry,
                                         int (*fn)(void *userdata, const vet_entity *entity),
                                         void *userdata);

#ifdef __cplusplus
}
#endif
#endif /* VET_REGISTRY_H */
