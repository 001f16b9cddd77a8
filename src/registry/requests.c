/* requests.c — removal and modification requests (15 CFR 744.16(e)) and
 * addition proposals (supplement no. 5 to part 744), from filing to the
 * written notice that is the final agency action.
 *
 * Who may do what, on top of the transition table (request_fsm.c):
 *   - a requester files for the entry it speaks for (its identity's party),
 *     or as an owned affiliate asking that its owner's entry be modified to
 *     exclude it; it attaches documents, asks for a hearing, withdraws, and
 *     sees only its own requests;
 *   - an ERC member (or the chair) proposes additions;
 *   - the chair refers a request to the member agencies, which starts the
 *     30-day clock (VET_REGISTRY_DECISION_DAYS) of supplement no. 5;
 *   - each participating agency votes once: Commerce (the chair), State,
 *     Defense, Energy, and Treasury where the chair said it takes part;
 *   - the chair records the decision, which must be what the votes decided:
 *     removals and modifications need every participating agency to approve
 *     (unanimity; approval in part gives a partial grant), additions a
 *     majority. A grant drafts the amendment in a draft rule; it takes effect
 *     only when that rule is published;
 *   - the chair records the written notice to the requester.
 *
 * Each action is one transaction with its audit record, which carries the
 * digest of the request with its votes and documents. A refusal (wrong
 * role, not its request, wrong state, vote rule not met) is logged. */
#include "registry/registry_int.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct req {
  int64_t id;
  vet_registry_request_kind kind;
  vet_registry_state state;
  int64_t requester_id;
  int with_treasury;
  char entry_key[256];
  char *proposed;          /* malloc'd canonical JSON or NULL */
} req;

static void req_free(req *r) { free(r->proposed); r->proposed = NULL; }

static int req_load(vet_registry *reg, int64_t id, req *r, vet_error *err) {
  memset(r, 0, sizeof *r);
  vet__stmt *s = NULL;
  int rc = vet__store_query(reg->st, &s, err,
                            "SELECT kind, state, requester_id, with_treasury, entry_key, proposed "
                            "FROM requests WHERE id = ?", "i", id);
  if (rc) return rc;
  rc = vet__stmt_step(s, err);
  if (rc == 1) {
    r->id = id;
    vet_registry_kind_parse(vet__stmt_text(s, 0), &r->kind);
    r->state = vet__state_parse(vet__stmt_text(s, 1));
    r->requester_id = vet__stmt_int(s, 2);
    r->with_treasury = (int)vet__stmt_int(s, 3);
    snprintf(r->entry_key, sizeof r->entry_key, "%s", vet__stmt_text(s, 4));
    const char *p = vet__stmt_text(s, 5);
    r->proposed = p ? strdup(p) : NULL;
    /* A proposal that could not be copied is not "no proposal". */
    rc = p && !r->proposed ? vet__error_set(err, VET_ENOMEM, "out of memory") : 0;
  } else if (rc == 0) {
    rc = vet__error_set(err, VET_ENOTFOUND, "no request %lld", (long long)id);
  }
  vet__stmt_finalize(s);
  return rc;
}

/* 1 when the actor may see request r. */
static int can_see(vet_registry *reg, const req *r) {
  if (vet__role_allows(reg->role, VET__P_READ_REQUESTS)) return 1;
  return reg->role == VET_ROLE_REQUESTER && r->requester_id == reg->actor_id;
}

/* Loads request id and checks that `event` is allowed: the role (perm), the
 * ownership for requester events, and the transition. On success *to is the
 * next state. On refusal the refusal is logged. */
static int begin_event(vet_registry *reg, int64_t id, vet_registry_event event, vet__perm perm,
                       int own_only, req *r, vet_registry_state *to, vet_error *err) {
  char object[48];
  snprintf(object, sizeof object, "request:%lld", (long long)id);
  const char *action = vet_registry_event_name(event);
  int rc = vet__require(reg, perm, action, object, err);
  if (rc) return rc;
  if ((rc = req_load(reg, id, r, err))) return rc;
  if (own_only && r->requester_id != reg->actor_id) {
    req_free(r);
    return vet__refuse(reg, action, object, "a requester acts on its own requests only", err);
  }
  if (vet_registry_transition(r->state, event, to) != VET_OK) {
    char why[160];
    snprintf(why, sizeof why, "%s is not allowed when the request is %s", action,
             vet_registry_state_name(r->state));
    req_free(r);
    return vet__refuse_as(reg, VET_ESTATE, action, object, why, err);
  }
  return 0;
}

/* Commits (or rolls back) after logging the request's new digest. */
static int finish(vet_registry *reg, int rc, vet_registry_event event, int64_t id, const char *reason,
                  const char *detail, vet_error *err) {
  if (!rc) {
    char object[48];
    snprintf(object, sizeof object, "request:%lld", (long long)id);
    rc = vet__audit_object(reg, vet_registry_event_name(event), object, reason, detail, err);
  }
  if (!rc) rc = vet__store_commit(reg->st, err);
  if (rc) vet__store_rollback(reg->st);
  return rc;
}

int vet_registry_request_file(vet_registry *reg, vet_registry_request_kind kind, const char *entry_key,
                              const char *affiliate, const char *reasons,
                              const vet_registry_entry *proposed, int64_t *id_out, vet_error *err) {
  vet__perm perm = kind == VET_REQ_ADDITION ? VET__P_PROPOSE : VET__P_FILE_REQUEST;
  int rc = vet__require(reg, perm, "file", entry_key, err);
  if (rc) return rc;
  if (!entry_key || !*entry_key || !reasons || !*reasons)
    return vet__error_set(err, VET_EINVAL, "a request needs the entry key and its reasons in writing");
  if (kind != VET_REQ_REMOVAL && !proposed)
    return vet__error_set(err, VET_EINVAL, "a %s request needs the entry as proposed",
                          vet_registry_kind_name(kind));
  if (affiliate && kind != VET_REQ_MODIFICATION)
    return vet__error_set(err, VET_EINVAL, "an owned affiliate may request only a modification of its owner's entry");
  if (kind != VET_REQ_ADDITION && strcmp(reg->party, entry_key) != 0)
    return vet__refuse(reg, "file", entry_key, "a requester files only for the party it speaks for", err);
  vet__entry cur;
  vet__entry_init(&cur);
  int found = 0;
  rc = vet__entry_current(reg, entry_key, reg->today, 0, &cur, &found, err);
  vet__entry_free(&cur);
  if (rc) return rc;
  if (kind == VET_REQ_ADDITION ? found : !found)
    return vet__refuse_as(reg, VET_ESTATE, "file", entry_key,
                          kind == VET_REQ_ADDITION ? "the entry is already listed" : "the entry is not listed",
                          err);
  char *pj = NULL;
  if (proposed) {
    vet_registry_entry p = *proposed;
    p.key = entry_key;
    if (!(pj = vet__entry_to_json(&p))) return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  if ((rc = vet__store_begin(reg->st, err))) {
    free(pj);
    return rc;
  }
  rc = vet__store_exec(reg->st, err,
                       "INSERT INTO requests (kind, state, entry_key, requester_id, affiliate, reasons, "
                       "proposed, filed_at) VALUES (?, 'received', ?, ?, ?, ?, ?, ?)",
                       "ttitttt", vet_registry_kind_name(kind), entry_key, reg->actor_id, affiliate,
                       reasons, pj, reg->now);
  free(pj);
  int64_t id = rc ? 0 : vet__store_last_id(reg->st);
  char detail[384];
  snprintf(detail, sizeof detail, "%s of %s%s%s", vet_registry_kind_name(kind), entry_key,
           affiliate ? " for affiliate " : "", affiliate ? affiliate : "");
  rc = finish(reg, rc, VET_EV_FILE, id, reasons, detail, err);
  if (!rc && id_out) *id_out = id;
  return rc;
}

int vet_registry_request_attach(vet_registry *reg, int64_t id, const char *name, const void *data,
                                size_t size, vet_error *err) {
  req r;
  vet_registry_state to;
  int rc = begin_event(reg, id, VET_EV_ATTACH, VET__P_FILE_REQUEST, 1, &r, &to, err);
  if (rc) return rc;
  req_free(&r);
  if (!name || !*name) return vet__error_set(err, VET_EINVAL, "a document needs a name");
  char sha[65];
  vet__sha256(data ? data : "", data ? size : 0, sha);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__store_exec(reg->st, err,
                       "INSERT INTO documents (request_id, name, sha256, size, at) VALUES (?,?,?,?,?)",
                       "ittit", id, name, sha, (int64_t)size, reg->now);
  char detail[512];
  snprintf(detail, sizeof detail, "document %s sha256:%s size %zu", name, sha, size);
  return finish(reg, rc, VET_EV_ATTACH, id, NULL, detail, err);
}

int vet_registry_request_hearing(vet_registry *reg, int64_t id, const char *note, vet_error *err) {
  req r;
  vet_registry_state to;
  int rc = begin_event(reg, id, VET_EV_HEARING, VET__P_FILE_REQUEST, 1, &r, &to, err);
  if (rc) return rc;
  req_free(&r);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__store_exec(reg->st, err,
                       "UPDATE requests SET hearing_requested = 1, hearing_note = ? WHERE id = ?",
                       "ti", note, id);
  return finish(reg, rc, VET_EV_HEARING, id, note, "hearing requested", err);
}

int vet_registry_request_refer(vet_registry *reg, int64_t id, int with_treasury, vet_error *err) {
  req r;
  vet_registry_state to;
  int rc = begin_event(reg, id, VET_EV_REFER, VET__P_REFER, 0, &r, &to, err);
  if (rc) return rc;
  req_free(&r);
  char deadline[11], detail[128];
  vet__date_add_days(reg->today, VET_REGISTRY_DECISION_DAYS, deadline);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__store_exec(reg->st, err,
                       "UPDATE requests SET state = ?, referred_at = ?, deadline = ?, with_treasury = ? "
                       "WHERE id = ?", "tttdi", vet_registry_state_name(to), reg->now, deadline,
                       with_treasury ? 1 : 0, id);
  snprintf(detail, sizeof detail, "referred to Commerce, State, Defense, Energy%s; decision expected by %s",
           with_treasury ? ", Treasury" : "", deadline);
  return finish(reg, rc, VET_EV_REFER, id, NULL, detail, err);
}

static const char *const agencies[] = {"Commerce", "State", "Defense", "Energy", "Treasury"};

static int participates(const req *r, const char *agency) {
  for (int i = 0; i < (r->with_treasury ? 5 : 4); i++)
    if (!strcmp(agencies[i], agency)) return 1;
  return 0;
}

int vet_registry_vote(vet_registry *reg, int64_t id, vet_registry_vote_value vote, const char *comment,
                      vet_error *err) {
  req r;
  vet_registry_state to;
  int rc = begin_event(reg, id, VET_EV_VOTE, VET__P_VOTE, 0, &r, &to, err);
  if (rc) return rc;
  char object[48];
  snprintf(object, sizeof object, "request:%lld", (long long)id);
  const char *agency = reg->role == VET_ROLE_CHAIR ? "Commerce" : reg->agency;
  int part = participates(&r, agency);
  req_free(&r);
  if (!part)
    return vet__refuse(reg, "vote", object, "the actor's agency does not take part in this vote", err);
  int64_t n = 0;
  if ((rc = vet__store_int(reg->st, &n, err, "SELECT count(*) FROM votes WHERE request_id = ? AND agency = ?",
                           "it", id, agency)))
    return rc;
  if (n) return vet__refuse_as(reg, VET_ESTATE, "vote", object, "this agency has already voted", err);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__store_exec(reg->st, err,
                       "INSERT INTO votes (request_id, agency, voter_id, vote, comment, at) VALUES (?,?,?,?,?,?)",
                       "itittt", id, agency, reg->actor_id, vet_registry_vote_name(vote), comment, reg->now);
  char detail[128];
  snprintf(detail, sizeof detail, "%s votes %s", agency, vet_registry_vote_name(vote));
  return finish(reg, rc, VET_EV_VOTE, id, comment, detail, err);
}

/* What the votes decided, or VET_OUTCOME_NONE while an agency has not voted. */
static int tally(vet_registry *reg, const req *r, vet_registry_outcome *out, char *why, size_t whylen,
                 vet_error *err) {
  int64_t approve = 0, part = 0, deny = 0, voters = 0;
  int need = r->with_treasury ? 5 : 4;
  int rc = vet__store_int(reg->st, &approve, err,
                          "SELECT count(*) FROM votes WHERE request_id = ? AND vote = 'approve'", "i", r->id);
  if (!rc) rc = vet__store_int(reg->st, &part, err,
                               "SELECT count(*) FROM votes WHERE request_id = ? AND vote = 'approve_in_part'",
                               "i", r->id);
  if (!rc) rc = vet__store_int(reg->st, &deny, err,
                               "SELECT count(*) FROM votes WHERE request_id = ? AND vote = 'deny'", "i", r->id);
  if (rc) return rc;
  voters = approve + part + deny;
  *out = VET_OUTCOME_NONE;
  if (voters < need) {
    snprintf(why, whylen, "%lld of %d participating agencies have voted", (long long)voters, need);
    return 0;
  }
  if (r->kind == VET_REQ_ADDITION) {        /* a majority adds */
    *out = 2 * (approve + part) > voters ? (part ? VET_OUTCOME_PARTLY_GRANTED : VET_OUTCOME_GRANTED)
                                         : VET_OUTCOME_DENIED;
    snprintf(why, whylen, "addition by majority: %lld for, %lld against", (long long)(approve + part),
             (long long)deny);
  } else {                                   /* removal and modification: unanimity */
    *out = deny ? VET_OUTCOME_DENIED : part ? VET_OUTCOME_PARTLY_GRANTED : VET_OUTCOME_GRANTED;
    snprintf(why, whylen, "%s needs unanimity: %lld approve, %lld in part, %lld deny",
             vet_registry_kind_name(r->kind), (long long)approve, (long long)part, (long long)deny);
  }
  return 0;
}

/* Drafts the amendment a grant produces, in draft rule fr_doc (created when missing). */
static int draft_grant(vet_registry *reg, const req *r, vet_registry_outcome outcome, const char *fr_doc,
                       const vet_registry_entry *granted, const char *reason, int64_t *rule_id,
                       const char **why, vet_error *err) {
  int published = 0;
  int rc = vet__rule_find(reg, fr_doc, rule_id, &published, NULL);
  if (rc == 0 && published) {
    *why = "the rule named for the grant is already published";
    return 0;
  }
  if (rc) {
    char title[128];
    snprintf(title, sizeof title, "Entity List amendment drafted from request %lld", (long long)r->id);
    if ((rc = vet__rule_create(reg, fr_doc, NULL, title, NULL, NULL, rule_id, err))) return rc;
  }
  vet__entry cur, prop;
  vet__entry_init(&cur);
  vet__entry_init(&prop);
  int found = 0;
  rc = vet__entry_current(reg, r->entry_key, NULL, 1, &cur, &found, err);
  vet_registry_action action = VET_AMEND_MODIFY;
  const vet_registry_entry *target = NULL;
  if (!rc) {
    if (outcome == VET_OUTCOME_PARTLY_GRANTED || (r->kind == VET_REQ_MODIFICATION && granted)) {
      if (!granted) {
        *why = "a partial grant needs the entry as granted";
      } else {
        /* The fields given override the entry as it stands (or as proposed). */
        vet_registry_entry m = found ? cur.e : (vet_registry_entry){0};
        int jrc = !found && r->proposed ? vet__entry_from_json(&prop, r->proposed) : VET_ECORRUPT;
        if (jrc == VET_ENOMEM) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
        else if (!jrc) m = prop.e;
        if (granted->name) m.name = granted->name;
        if (granted->country) m.country = granted->country;
        if (granted->aliases) m.aliases = granted->aliases, m.n_aliases = granted->n_aliases;
        if (granted->addresses) m.addresses = granted->addresses, m.n_addresses = granted->n_addresses;
        if (granted->license_requirement) m.license_requirement = granted->license_requirement;
        if (granted->license_policy) m.license_policy = granted->license_policy;
        if (granted->footnotes) m.footnotes = granted->footnotes;
        if (granted->citations) m.citations = granted->citations, m.n_citations = granted->n_citations;
        vet__entry tmp;
        vet__entry_init(&tmp);
        if (!rc && vet__entry_copy(&tmp, &m)) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
        vet__entry_free(&prop);
        prop = tmp;
        target = &prop.e;
      }
      action = r->kind == VET_REQ_ADDITION ? VET_AMEND_ADD : VET_AMEND_MODIFY;
    } else if (r->kind == VET_REQ_REMOVAL) {
      action = VET_AMEND_REMOVE;
      target = &cur.e;
    } else {
      action = r->kind == VET_REQ_ADDITION ? VET_AMEND_ADD : VET_AMEND_MODIFY;
      int jrc = r->proposed ? vet__entry_from_json(&prop, r->proposed) : VET_ECORRUPT;
      if (jrc == VET_ENOMEM) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
      else if (jrc) *why = "the request has no proposed entry";
      else target = &prop.e;
    }
  }
  if (!rc && !*why) {
    if (action == VET_AMEND_ADD && found) *why = "the entry is already listed";
    else if (action != VET_AMEND_ADD && !found) *why = "the entry is no longer listed";
  }
  if (!rc && !*why) {
    vet_registry_entry e = *target;
    e.key = r->entry_key;
    rc = vet__amend(reg, *rule_id, action, found ? &cur.e : NULL, &e, reason, r->id, NULL, err);
  }
  vet__entry_free(&cur);
  vet__entry_free(&prop);
  if (!rc && !*why) {
    char object[48], detail[384];
    snprintf(object, sizeof object, "rule:%lld", (long long)*rule_id);
    snprintf(detail, sizeof detail, "%s %s drafted from request %lld", vet_registry_action_name(action),
             r->entry_key, (long long)r->id);
    rc = vet__audit_object(reg, "amend", object, reason, detail, err);
  }
  return rc;
}

int vet_registry_decide(vet_registry *reg, int64_t id, vet_registry_outcome outcome, const char *reason,
                        const char *fr_doc, const vet_registry_entry *granted, vet_error *err) {
  req r;
  vet_registry_state to;
  int rc = begin_event(reg, id, VET_EV_DECIDE, VET__P_DECIDE, 0, &r, &to, err);
  if (rc) return rc;
  char object[48], why[256] = "";
  snprintf(object, sizeof object, "request:%lld", (long long)id);
  const char *refusal = NULL;
  vet_registry_outcome voted = VET_OUTCOME_NONE;
  if (!reason || !*reason) {
    req_free(&r);
    return vet__error_set(err, VET_EINVAL, "a decision needs its reasons");
  }
  if (outcome != VET_OUTCOME_DENIED && (!fr_doc || !*fr_doc)) {
    req_free(&r);
    return vet__error_set(err, VET_EINVAL, "a grant needs the document number of the rule that will carry it");
  }
  if ((rc = vet__store_begin(reg->st, err))) {
    req_free(&r);
    return rc;
  }
  rc = tally(reg, &r, &voted, why, sizeof why, err);
  if (!rc && voted == VET_OUTCOME_NONE) refusal = why;
  else if (!rc && voted != outcome) {
    size_t l = strlen(why);
    snprintf(why + l, sizeof why - l, "; the votes decide %s, not %s", vet_registry_outcome_name(voted),
             vet_registry_outcome_name(outcome));
    refusal = why;
  }
  int64_t rule_id = 0;
  if (!rc && !refusal && outcome != VET_OUTCOME_DENIED) {
    char areason[512];
    snprintf(areason, sizeof areason, "Request %lld %s by the End-User Review Committee: %s", (long long)id,
             vet_registry_outcome_name(outcome), reason);
    rc = draft_grant(reg, &r, outcome, fr_doc, granted, areason, &rule_id, &refusal, err);
  }
  if (!rc && !refusal) {
    rc = rule_id
        ? vet__store_exec(reg->st, err,
                          "UPDATE requests SET state = ?, outcome = ?, decided_at = ?, decision_reason = ?, "
                          "draft_rule_id = ? WHERE id = ?", "ttttii", vet_registry_state_name(to),
                          vet_registry_outcome_name(outcome), reg->now, reason, rule_id, id)
        : vet__store_exec(reg->st, err,
                          "UPDATE requests SET state = ?, outcome = ?, decided_at = ?, decision_reason = ? "
                          "WHERE id = ?", "tttti", vet_registry_state_name(to),
                          vet_registry_outcome_name(outcome), reg->now, reason, id);
  }
  req_free(&r);
  if (refusal) {
    vet__store_rollback(reg->st);
    return rc ? rc : vet__refuse_as(reg, VET_ESTATE, "decide", object, refusal, err);
  }
  char detail[640];
  snprintf(detail, sizeof detail, "%s (%s)%s%s", vet_registry_outcome_name(outcome), why,
           rule_id ? "; amendment drafted in rule " : "", rule_id ? fr_doc : "");
  return finish(reg, rc, VET_EV_DECIDE, id, reason, detail, err);
}

int vet_registry_notify(vet_registry *reg, int64_t id, const char *letter, vet_error *err) {
  req r;
  vet_registry_state to;
  int rc = begin_event(reg, id, VET_EV_NOTIFY, VET__P_NOTIFY, 0, &r, &to, err);
  if (rc) return rc;
  req_free(&r);
  vet__stmt *s = NULL;
  char outcome[32] = "", text[2048];
  if ((rc = vet__store_query(reg->st, &s, err, "SELECT outcome FROM requests WHERE id = ?", "i", id))) return rc;
  if (vet__stmt_step(s, err) == 1) snprintf(outcome, sizeof outcome, "%s", vet__stmt_text(s, 0));
  vet__stmt_finalize(s);
  /* 744.16(e)(2): the decision is conveyed in writing and is the final agency action. */
  snprintf(text, sizeof text,
           "%s%sThe End-User Review Committee has decided your request %lld: %s. This decision is the "
           "final agency action on the request (15 CFR 744.16(e)(2)) and is not appealable under part 756.",
           letter ? letter : "", letter ? "\n" : "", (long long)id, outcome);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__store_exec(reg->st, err, "UPDATE requests SET state = ?, notified_at = ?, letter = ? WHERE id = ?",
                       "ttti", vet_registry_state_name(to), reg->now, text, id);
  return finish(reg, rc, VET_EV_NOTIFY, id, NULL, "requester notified in writing: final agency action", err);
}

int vet_registry_request_withdraw(vet_registry *reg, int64_t id, const char *reason, vet_error *err) {
  req r;
  vet_registry_state to;
  int rc = begin_event(reg, id, VET_EV_WITHDRAW, VET__P_FILE_REQUEST, 1, &r, &to, err);
  if (rc) return rc;
  req_free(&r);
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = vet__store_exec(reg->st, err, "UPDATE requests SET state = ? WHERE id = ?", "ti",
                       vet_registry_state_name(to), id);
  return finish(reg, rc, VET_EV_WITHDRAW, id, reason, "withdrawn by the requester", err);
}

/* ---- reading requests */

#define REQUEST_COLUMNS \
  "SELECT q.id, q.kind, q.state, q.outcome, q.entry_key, i.name, q.affiliate, q.reasons, q.filed_at, " \
  "q.referred_at, q.deadline, q.decided_at, q.notified_at, q.with_treasury, q.hearing_requested, " \
  "q.hearing_note, q.decision_reason, q.letter, r.fr_doc, " \
  "(SELECT count(*) FROM documents d WHERE d.request_id = q.id), " \
  "(SELECT count(*) FROM votes v WHERE v.request_id = q.id), q.requester_id " \
  "FROM requests q JOIN identities i ON i.id = q.requester_id LEFT JOIN rules r ON r.id = q.draft_rule_id "

static int emit_requests(vet_registry *reg, vet__stmt *s, vet_registry_request_fn fn, void *ud,
                         vet_error *err) {
  int rc;
  int all = vet__role_allows(reg->role, VET__P_READ_REQUESTS);
  while ((rc = vet__stmt_step(s, err)) == 1) {
    if (!all && vet__stmt_int(s, 21) != reg->actor_id) continue;
    vet_registry_request q;
    memset(&q, 0, sizeof q);
    q.id = vet__stmt_int(s, 0);
    vet_registry_kind_parse(vet__stmt_text(s, 1), &q.kind);
    q.state = vet__state_parse(vet__stmt_text(s, 2));
    if (vet__stmt_text(s, 3)) vet_registry_outcome_parse(vet__stmt_text(s, 3), &q.outcome);
    q.entry_key = vet__stmt_text(s, 4);
    q.requester = vet__stmt_text(s, 5);
    q.affiliate = vet__stmt_text(s, 6);
    q.reasons = vet__stmt_text(s, 7);
    q.filed_at = vet__stmt_text(s, 8);
    q.referred_at = vet__stmt_text(s, 9);
    q.deadline = vet__stmt_text(s, 10);
    q.decided_at = vet__stmt_text(s, 11);
    q.notified_at = vet__stmt_text(s, 12);
    q.with_treasury = (int)vet__stmt_int(s, 13);
    q.hearing_requested = (int)vet__stmt_int(s, 14);
    q.hearing_note = vet__stmt_text(s, 15);
    q.decision_reason = vet__stmt_text(s, 16);
    q.letter = vet__stmt_text(s, 17);
    q.draft_rule = vet__stmt_text(s, 18);
    q.n_documents = vet__stmt_int(s, 19);
    q.n_votes = vet__stmt_int(s, 20);
    q.overdue = q.state == VET_STATE_REFERRED && q.deadline && strcmp(q.deadline, reg->today) < 0;
    if (fn(ud, &q)) return VET_ECANCELLED;
  }
  return rc;
}

int vet_registry_request_get(vet_registry *reg, int64_t id, vet_registry_request_fn fn, void *userdata,
                             vet_error *err) {
  char object[48];
  snprintf(object, sizeof object, "request:%lld", (long long)id);
  req r;
  int rc = req_load(reg, id, &r, err);
  if (rc) return rc;
  int ok = can_see(reg, &r);
  req_free(&r);
  if (!ok) return vet__refuse(reg, "request-show", object, "not the actor's request", err);
  vet__stmt *s = NULL;
  if ((rc = vet__store_query(reg->st, &s, err, REQUEST_COLUMNS "WHERE q.id = ?", "i", id))) return rc;
  rc = emit_requests(reg, s, fn, userdata, err);
  vet__stmt_finalize(s);
  return rc;
}

int vet_registry_requests(vet_registry *reg, int overdue_only, vet_registry_request_fn fn, void *userdata,
                          vet_error *err) {
  if (reg->role == VET_ROLE_PUBLIC)
    return vet__refuse(reg, "request-list", NULL, "requests are not public", err);
  vet__stmt *s = NULL;
  int rc = overdue_only
      ? vet__store_query(reg->st, &s, err, REQUEST_COLUMNS "WHERE q.state = 'referred' AND q.deadline < ? "
                         "ORDER BY q.deadline, q.id", "t", reg->today)
      : vet__store_query(reg->st, &s, err, REQUEST_COLUMNS "ORDER BY q.id", NULL);
  if (rc) return rc;
  rc = emit_requests(reg, s, fn, userdata, err);
  vet__stmt_finalize(s);
  return rc;
}

int vet_registry_request_votes(vet_registry *reg, int64_t id,
                               int (*fn)(void *, const vet_registry_vote_info *), void *userdata,
                               vet_error *err) {
  req r;
  int rc = req_load(reg, id, &r, err);
  if (rc) return rc;
  int ok = can_see(reg, &r);
  req_free(&r);
  if (!ok) return vet__refuse(reg, "request-votes", NULL, "not the actor's request", err);
  vet__stmt *s = NULL;
  if ((rc = vet__store_query(reg->st, &s, err,
                             "SELECT v.agency, i.name, v.vote, v.comment, v.at FROM votes v "
                             "JOIN identities i ON i.id = v.voter_id WHERE v.request_id = ? ORDER BY v.at, v.agency",
                             "i", id)))
    return rc;
  while ((rc = vet__stmt_step(s, err)) == 1) {
    vet_registry_vote_info v = {vet__stmt_text(s, 0), vet__stmt_text(s, 1), vet__stmt_text(s, 2),
                                vet__stmt_text(s, 3), vet__stmt_text(s, 4)};
    if (fn(userdata, &v)) {
      rc = VET_ECANCELLED;
      break;
    }
  }
  vet__stmt_finalize(s);
  return rc;
}
