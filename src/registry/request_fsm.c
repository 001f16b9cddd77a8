/* request_fsm.c — the state machine of removal and modification requests
 * (15 CFR 744.16(e), supplement no. 5 to part 744) and addition proposals.
 *
 * The table below is the whole machine: an event not listed for a state is
 * refused with VET_ESTATE. Roles (who may fire an event) and the vote rule
 * (unanimity for removals and modifications, a majority for additions) are
 * checked by requests.c on top of the table.
 *
 *   received  --refer-->    referred   (chair; the ERC's 30 days start)
 *   referred  --vote-->     referred   (each member agency once)
 *   referred  --decide-->   decided    (chair, once every agency voted)
 *   decided   --notify-->   notified   (written notice: final agency action)
 *   received, referred --withdraw--> withdrawn (the requester)
 *   received, referred --attach, hearing--> unchanged (the requester)
 */
#include "registry/registry_int.h"

#include <string.h>

typedef struct transition {
  vet_registry_state from;
  vet_registry_event event;
  vet_registry_state to;
} transition;

static const transition table[] = {
  {VET_STATE_NONE, VET_EV_FILE, VET_STATE_RECEIVED},
  {VET_STATE_RECEIVED, VET_EV_ATTACH, VET_STATE_RECEIVED},
  {VET_STATE_REFERRED, VET_EV_ATTACH, VET_STATE_REFERRED},
  {VET_STATE_RECEIVED, VET_EV_HEARING, VET_STATE_RECEIVED},
  {VET_STATE_REFERRED, VET_EV_HEARING, VET_STATE_REFERRED},
  {VET_STATE_RECEIVED, VET_EV_REFER, VET_STATE_REFERRED},
  {VET_STATE_REFERRED, VET_EV_VOTE, VET_STATE_REFERRED},
  {VET_STATE_REFERRED, VET_EV_DECIDE, VET_STATE_DECIDED},
  {VET_STATE_DECIDED, VET_EV_NOTIFY, VET_STATE_NOTIFIED},
  {VET_STATE_RECEIVED, VET_EV_WITHDRAW, VET_STATE_WITHDRAWN},
  {VET_STATE_REFERRED, VET_EV_WITHDRAW, VET_STATE_WITHDRAWN},
};

int vet_registry_transition(vet_registry_state from, vet_registry_event event, vet_registry_state *to) {
  for (size_t i = 0; i < sizeof table / sizeof *table; i++)
    if (table[i].from == from && table[i].event == event) {
      if (to) *to = table[i].to;
      return VET_OK;
    }
  return VET_ESTATE;
}

static const char *const kind_names[] = {"removal", "modification", "addition"};
static const char *const state_names[] = {"none", "received", "referred", "decided", "notified", "withdrawn"};
static const char *const event_names[] = {"file", "attach", "hearing", "refer", "vote", "decide",
                                          "notify", "withdraw"};
static const char *const outcome_names[] = {"none", "granted", "partly_granted", "denied"};
static const char *const vote_names[] = {"approve", "approve_in_part", "deny"};

#define NAME(tab, i) ((unsigned)(i) < sizeof tab / sizeof *tab ? tab[i] : "unknown")

const char *vet_registry_kind_name(vet_registry_request_kind k) { return NAME(kind_names, k); }
const char *vet_registry_state_name(vet_registry_state s) { return NAME(state_names, s); }
const char *vet_registry_event_name(vet_registry_event e) { return NAME(event_names, e); }
const char *vet_registry_outcome_name(vet_registry_outcome o) { return NAME(outcome_names, o); }
const char *vet_registry_vote_name(vet_registry_vote_value v) { return NAME(vote_names, v); }

static int parse(const char *const *tab, int n, const char *s, int *out) {
  for (int i = 0; i < n; i++)
    if (s && !strcmp(s, tab[i])) {
      *out = i;
      return VET_OK;
    }
  return VET_EINVAL;
}

int vet_registry_kind_parse(const char *s, vet_registry_request_kind *out) {
  int i = 0, rc = parse(kind_names, 3, s, &i);
  if (!rc) *out = (vet_registry_request_kind)i;
  return rc;
}

int vet_registry_outcome_parse(const char *s, vet_registry_outcome *out) {
  int i = 0, rc = parse(outcome_names, 4, s, &i);
  if (s && !strcmp(s, "partly-granted")) rc = 0, i = VET_OUTCOME_PARTLY_GRANTED;
  if (!rc && i == VET_OUTCOME_NONE) rc = VET_EINVAL;
  if (!rc) *out = (vet_registry_outcome)i;
  return rc;
}

int vet_registry_vote_parse(const char *s, vet_registry_vote_value *out) {
  int i = 0, rc = parse(vote_names, 3, s, &i);
  if (s && !strcmp(s, "approve-in-part")) rc = 0, i = VET_VOTE_APPROVE_IN_PART;
  if (!rc) *out = (vet_registry_vote_value)i;
  return rc;
}

vet_registry_state vet__state_parse(const char *s) {
  int i = 0;
  return parse(state_names, 6, s, &i) ? VET_STATE_NONE : (vet_registry_state)i;
}
