/* entries.c — amendments and the views computed from them.
 *
 * The model: an entry is never stored as such. Each amendment records, for
 * one entry key, the action (add, modify, remove), the whole entry as it
 * stands after the amendment (canonical JSON; none for remove), the reason,
 * the request that produced it if any, and for a modification the changed
 * fields with their old and new values. Amendments are only ever inserted.
 *
 * The list as of date D is, for every key, the latest amendment (by
 * effective date, then by the order amendments were made) among the rules
 * published with an effective date on or before D — kept when it is an add or
 * modify, left out when it is a remove. History and diff are read from the
 * same rows, so all three views agree by construction. */
#include "registry/registry_int.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const action_names[] = {"add", "modify", "remove"};

const char *vet_registry_action_name(vet_registry_action a) {
  return (unsigned)a < 3 ? action_names[a] : "add";
}

static vet_registry_action action_parse(const char *s) {
  for (int i = 0; i < 3; i++)
    if (s && !strcmp(s, action_names[i])) return (vet_registry_action)i;
  return VET_AMEND_ADD;
}

typedef struct field_ins {
  vet_registry *reg;
  int64_t amendment_id;
  int pos;
  vet_error *err;
} field_ins;

static int insert_field(void *ud, const char *field, const char *old_value, const char *new_value) {
  field_ins *f = ud;
  return vet__store_exec(f->reg->st, f->err,
                         "INSERT INTO amendment_fields (amendment_id, pos, field, old_value, new_value) "
                         "VALUES (?,?,?,?,?)",
                         "idttt", f->amendment_id, f->pos++, field, old_value, new_value);
}

int vet__amend(vet_registry *reg, int64_t rule_id, vet_registry_action action,
               const vet_registry_entry *prev, const vet_registry_entry *entry, const char *reason,
               int64_t request_id, int64_t *amendment_id, vet_error *err) {
  char *state = NULL;
  if (action != VET_AMEND_REMOVE && !(state = vet__entry_to_json(entry)))
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  int rc = request_id
      ? vet__store_exec(reg->st, err,
                        "INSERT INTO amendments (rule_id, entry_key, action, state, reason, "
                        "request_id, created_at) VALUES (?,?,?,?,?,?,?)",
                        "ittttit", rule_id, entry->key, vet_registry_action_name(action), state,
                        reason, request_id, reg->now)
      : vet__store_exec(reg->st, err,
                        "INSERT INTO amendments (rule_id, entry_key, action, state, reason, "
                        "request_id, created_at) VALUES (?,?,?,?,?,NULL,?)",
                        "ittttt", rule_id, entry->key, vet_registry_action_name(action), state,
                        reason, reg->now);
  free(state);
  if (rc) return rc;
  int64_t id = vet__store_last_id(reg->st);
  if (amendment_id) *amendment_id = id;
  if (action == VET_AMEND_MODIFY && prev) {
    field_ins f = {reg, id, 0, err};
    rc = vet__entry_diff(prev, entry, insert_field, &f);
    if (rc == VET_ENOMEM) rc = vet__error_set(err, rc, "out of memory");
  }
  return rc;
}

int vet__entry_current(vet_registry *reg, const char *key, const char *date, int include_drafts,
                       vet__entry *out, int *found, vet_error *err) {
  vet__stmt *s = NULL;
  int rc = include_drafts
      ? vet__store_query(reg->st, &s, err,
                         "SELECT action, state FROM amendments WHERE entry_key = ? "
                         "ORDER BY id DESC LIMIT 1", "t", key)
      : vet__store_query(reg->st, &s, err,
                         "SELECT a.action, a.state FROM amendments a JOIN rules r ON r.id = a.rule_id "
                         "WHERE a.entry_key = ? AND r.status = 'published' AND r.effective_date <= ? "
                         "ORDER BY r.effective_date DESC, a.id DESC LIMIT 1", "tt", key, date);
  if (rc) return rc;
  *found = 0;
  rc = vet__stmt_step(s, err);
  if (rc == 1) {
    rc = 0;
    if (strcmp(vet__stmt_text(s, 0), "remove") != 0) {
      int jrc = vet__entry_from_json(out, vet__stmt_text(s, 1));
      if (jrc == VET_ENOMEM) rc = vet__error_set(err, jrc, "out of memory");
      else if (jrc) rc = vet__error_set(err, VET_ECORRUPT, "entry %s: stored state is not an entry", key);
      else *found = 1;
    }
  }
  vet__stmt_finalize(s);
  return rc;
}

void vet__view_free(vet__view *v) {
  for (size_t i = 0; i < v->n; i++) {
    free(v->rows[i].key);
    free(v->rows[i].json);
  }
  free(v->rows);
  memset(v, 0, sizeof *v);
}

static int view_push(vet__view *v, const char *key, const char *json) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 256;
    vet__view_row *r = realloc(v->rows, cap * sizeof *r);
    if (!r) return VET_ENOMEM;
    v->rows = r;
    v->cap = cap;
  }
  v->rows[v->n].key = strdup(key);
  v->rows[v->n].json = strdup(json);
  if (!v->rows[v->n].key || !v->rows[v->n].json) {
    free(v->rows[v->n].key);
    free(v->rows[v->n].json);
    return VET_ENOMEM;
  }
  v->n++;
  return 0;
}

int vet__view_load(vet_registry *reg, const char *date, vet__view *v, vet_error *err) {
  memset(v, 0, sizeof *v);
  vet__stmt *s = NULL;
  int rc = vet__store_query(reg->st, &s, err,
                            "SELECT a.entry_key, a.action, a.state FROM amendments a "
                            "JOIN rules r ON r.id = a.rule_id "
                            "WHERE r.status = 'published' AND r.effective_date <= ? "
                            "ORDER BY a.entry_key, r.effective_date, a.id", "t", date);
  if (rc) return rc;
  /* Rows come grouped by key; the last row of each group is the one in force. */
  char *key = NULL, *state = NULL;
  int removed = 1;
  for (;;) {
    rc = vet__stmt_step(s, err);
    if (rc < 0) break;
    const char *k = rc == 1 ? vet__stmt_text(s, 0) : NULL;
    if (key && (!k || strcmp(k, key) != 0)) {
      if (!removed && state && (rc = view_push(v, key, state)) != 0) break;
      free(key);
      free(state);
      key = state = NULL;
    }
    if (!k) {
      rc = 0;
      break;
    }
    if (!key && !(key = strdup(k))) {
      rc = VET_ENOMEM;
      break;
    }
    removed = !strcmp(vet__stmt_text(s, 1), "remove");
    free(state);
    state = removed ? NULL : strdup(vet__stmt_text(s, 2));
    if (!removed && !state) {   /* not "not listed": out of memory */
      rc = VET_ENOMEM;
      break;
    }
  }
  free(key);
  free(state);
  vet__stmt_finalize(s);
  if (rc) {
    vet__view_free(v);
    if (rc == VET_ENOMEM) vet__error_set(err, rc, "out of memory");
  }
  return rc;
}

static const char *date_or_today(vet_registry *reg, const char *date, vet_error *err, int *rc) {
  *rc = 0;
  if (!date) return reg->today;
  if (!vet__date_valid(date)) *rc = vet__error_set(err, VET_EINVAL, "\"%s\" is not a date (YYYY-MM-DD)", date);
  return date;
}

int vet_registry_asof(vet_registry *reg, const char *date, vet_registry_entry_fn fn, void *userdata,
                      vet_error *err) {
  int rc = vet__require(reg, VET__P_READ_PUBLISHED, "asof", NULL, err);
  if (rc) return rc;
  date = date_or_today(reg, date, err, &rc);
  if (rc) return rc;
  vet__view v;
  if ((rc = vet__view_load(reg, date, &v, err))) return rc;
  vet__entry x;
  vet__entry_init(&x);
  for (size_t i = 0; i < v.n && !rc; i++) {
    int jrc = vet__entry_from_json(&x, v.rows[i].json);
    if (jrc == VET_ENOMEM)
      rc = vet__error_set(err, jrc, "out of memory");
    else if (jrc)
      rc = vet__error_set(err, VET_ECORRUPT, "entry %s: stored state is not an entry", v.rows[i].key);
    else if (fn(userdata, &x.e))
      rc = VET_ECANCELLED;
  }
  vet__entry_free(&x);
  vet__view_free(&v);
  return rc;
}

/* ---- history and rule listings */

#define MAX_FIELDS VET__ENTRY_FIELDS

static int emit_amendments(vet_registry *reg, vet__stmt *s, vet_registry_change_fn fn, void *ud,
                           vet_error *err) {
  int rc;
  vet__entry x;
  vet__entry_init(&x);
  char last_name[512] = "";
  while ((rc = vet__stmt_step(s, err)) == 1) {
    vet_registry_change c;
    memset(&c, 0, sizeof c);
    c.amendment_id = vet__stmt_int(s, 0);
    c.key = vet__stmt_text(s, 1);
    c.action = action_parse(vet__stmt_text(s, 2));
    const char *state = vet__stmt_text(s, 3);
    c.reason = vet__stmt_text(s, 4);
    c.request_id = vet__stmt_int(s, 5);
    c.fr_doc = vet__stmt_text(s, 6);
    c.citation = vet__stmt_text(s, 7);
    c.pub_date = vet__stmt_text(s, 8);
    c.effective_date = vet__stmt_text(s, 9);
    c.rule_status = vet__stmt_text(s, 10);
    int jrc = state ? vet__entry_from_json(&x, state) : VET_ECORRUPT;
    if (jrc == VET_ENOMEM) {
      rc = vet__error_set(err, jrc, "out of memory");
      break;
    }
    if (!jrc && x.e.name) snprintf(last_name, sizeof last_name, "%s", x.e.name);
    c.name = last_name[0] ? last_name : NULL;
    /* The changed fields of a modification. */
    vet_registry_field_change f[MAX_FIELDS];
    char *vals[MAX_FIELDS][3];
    size_t nf = 0;
    if (c.action == VET_AMEND_MODIFY) {
      vet__stmt *q = NULL;
      if ((rc = vet__store_query(reg->st, &q, err,
                                 "SELECT field, old_value, new_value FROM amendment_fields "
                                 "WHERE amendment_id = ? ORDER BY pos", "i", c.amendment_id)))
        break;
      int nomem = 0;
      while (nf < MAX_FIELDS && (rc = vet__stmt_step(q, err)) == 1) {
        for (int j = 0; j < 3; j++) {
          const char *t = vet__stmt_text(q, j);
          vals[nf][j] = t ? strdup(t) : NULL;
          nomem |= t && !vals[nf][j];
        }
        f[nf].field = vals[nf][0];
        f[nf].old_value = vals[nf][1];
        f[nf].new_value = vals[nf][2];
        nf++;
      }
      vet__stmt_finalize(q);
      if (nomem && rc >= 0) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
      if (rc < 0) {
        for (size_t i = 0; i < nf; i++)
          for (int j = 0; j < 3; j++) free(vals[i][j]);
        break;
      }
    }
    c.fields = f;
    c.n_fields = nf;
    int stop = fn(ud, &c);
    for (size_t i = 0; i < nf; i++)
      for (int j = 0; j < 3; j++) free(vals[i][j]);
    if (stop) {
      rc = VET_ECANCELLED;
      break;
    }
  }
  vet__entry_free(&x);
  return rc < 0 ? rc : 0;
}

#define AMENDMENT_COLUMNS \
  "SELECT a.id, a.entry_key, a.action, a.state, a.reason, a.request_id, r.fr_doc, r.citation, " \
  "r.pub_date, r.effective_date, r.status FROM amendments a JOIN rules r ON r.id = a.rule_id "

int vet_registry_history(vet_registry *reg, const char *key, vet_registry_change_fn fn,
                         void *userdata, vet_error *err) {
  int rc = vet__require(reg, VET__P_READ_PUBLISHED, "history", key, err);
  if (rc) return rc;
  int drafts = vet__role_allows(reg->role, VET__P_READ_DRAFTS);
  vet__stmt *s = NULL;
  if ((rc = vet__store_query(reg->st, &s, err,
                             AMENDMENT_COLUMNS "WHERE a.entry_key = ? AND (r.status = 'published' OR ? = 1) "
                             "ORDER BY a.id", "td", key, drafts)))
    return rc;
  rc = emit_amendments(reg, s, fn, userdata, err);
  vet__stmt_finalize(s);
  return rc;
}

int vet_registry_rule_amendments(vet_registry *reg, const char *fr_doc, vet_registry_change_fn fn,
                                 void *userdata, vet_error *err) {
  int rc = vet__require(reg, VET__P_READ_PUBLISHED, "rule-amendments", fr_doc, err);
  if (rc) return rc;
  int drafts = vet__role_allows(reg->role, VET__P_READ_DRAFTS);
  vet__stmt *s = NULL;
  if ((rc = vet__store_query(reg->st, &s, err,
                             AMENDMENT_COLUMNS "WHERE r.fr_doc = ? AND (r.status = 'published' OR ? = 1) "
                             "ORDER BY a.id", "td", fr_doc, drafts)))
    return rc;
  rc = emit_amendments(reg, s, fn, userdata, err);
  vet__stmt_finalize(s);
  return rc;
}

/* ---- diff */

typedef struct diff_acc {
  vet_registry_field_change f[MAX_FIELDS];
  char *vals[MAX_FIELDS][2];
  size_t n;
} diff_acc;

static int acc_field(void *ud, const char *field, const char *old_value, const char *new_value) {
  diff_acc *a = ud;
  if (a->n == MAX_FIELDS) return 0;   /* NEVER: there are only MAX_FIELDS fields */
  a->vals[a->n][0] = old_value ? strdup(old_value) : NULL;
  a->vals[a->n][1] = new_value ? strdup(new_value) : NULL;
  if ((old_value && !a->vals[a->n][0]) || (new_value && !a->vals[a->n][1])) {
    free(a->vals[a->n][0]);
    free(a->vals[a->n][1]);
    return VET_ENOMEM;
  }
  a->f[a->n].field = field;
  a->f[a->n].old_value = a->vals[a->n][0];
  a->f[a->n].new_value = a->vals[a->n][1];
  a->n++;
  return 0;
}

int vet_registry_diff(vet_registry *reg, const char *from, const char *to, vet_registry_change_fn fn,
                      void *userdata, vet_error *err) {
  int rc = vet__require(reg, VET__P_READ_PUBLISHED, "diff", NULL, err);
  if (rc) return rc;
  if (!vet__date_valid(from) || !vet__date_valid(to))
    return vet__error_set(err, VET_EINVAL, "diff needs two dates (YYYY-MM-DD)");
  vet__view a, b;
  if ((rc = vet__view_load(reg, from, &a, err))) return rc;
  if ((rc = vet__view_load(reg, to, &b, err))) {
    vet__view_free(&a);
    return rc;
  }
  vet__entry xa, xb;
  vet__entry_init(&xa);
  vet__entry_init(&xb);
  size_t i = 0, j = 0;
  while ((i < a.n || j < b.n) && !rc) {
    int cmp = i >= a.n ? 1 : j >= b.n ? -1 : strcmp(a.rows[i].key, b.rows[j].key);
    vet_registry_change c;
    memset(&c, 0, sizeof c);
    diff_acc acc;
    acc.n = 0;
    int jrc = 0;
    if (cmp < 0) {              /* only in `from`: removed */
      jrc = vet__entry_from_json(&xa, a.rows[i].json);
      c.key = a.rows[i].key;
      c.name = xa.e.name;
      c.action = VET_AMEND_REMOVE;
      i++;
    } else if (cmp > 0) {       /* only in `to`: added */
      jrc = vet__entry_from_json(&xb, b.rows[j].json);
      c.key = b.rows[j].key;
      c.name = xb.e.name;
      c.action = VET_AMEND_ADD;
      j++;
    } else {
      int same = !strcmp(a.rows[i].json, b.rows[j].json);
      if (!same) {
        jrc = vet__entry_from_json(&xa, a.rows[i].json);
        if (!jrc) jrc = vet__entry_from_json(&xb, b.rows[j].json);
        if (!jrc) jrc = vet__entry_diff(&xa.e, &xb.e, acc_field, &acc);
        c.key = b.rows[j].key;
        c.name = xb.e.name;
        c.action = VET_AMEND_MODIFY;
        c.fields = acc.f;
        c.n_fields = acc.n;
      }
      i++;
      j++;
    }
    if (jrc) {
      rc = jrc == VET_ENOMEM ? vet__error_set(err, jrc, "out of memory")
                             : vet__error_set(err, VET_ECORRUPT, "entry %s: stored state is not an entry", c.key);
    } else if (cmp == 0 && acc.n == 0) {
      continue;   /* the same, or the same field by field */
    } else if (fn(userdata, &c)) {
      rc = VET_ECANCELLED;
    }
    for (size_t k = 0; k < acc.n; k++) {
      free(acc.vals[k][0]);
      free(acc.vals[k][1]);
    }
  }
  vet__entry_free(&xa);
  vet__entry_free(&xb);
  vet__view_free(&a);
  vet__view_free(&b);
  return rc;
}

/* ---- amending by hand (the chair drafting a rule) */

int vet_registry_amend(vet_registry *reg, const char *fr_doc, vet_registry_action action,
                       const vet_registry_entry *entry, const char *reason, int64_t *amendment_id,
                       vet_error *err) {
  const char *verb = vet_registry_action_name(action);
  int rc = vet__require(reg, VET__P_RULE, verb, entry && entry->key ? entry->key : fr_doc, err);
  if (rc) return rc;
  if (!entry || !reason || !*reason)
    return vet__error_set(err, VET_EINVAL, "an amendment needs its entry and a reason");
  vet_registry_entry e = *entry;
  char key[256];
  if (!e.key) {
    if (action != VET_AMEND_ADD || !e.name)
      return vet__error_set(err, VET_EINVAL, "%s needs the entry key", verb);
    vet__entry_make_key(e.country, e.name, key, sizeof key);
    e.key = key;
  }
  if (action != VET_AMEND_REMOVE && (!e.name || !*e.name))
    return vet__error_set(err, VET_EINVAL, "an entry needs a name");
  int64_t rule_id = 0;
  int published = 0;
  if ((rc = vet__rule_find(reg, fr_doc, &rule_id, &published, err))) return rc;
  if (published)
    return vet__refuse_as(reg, VET_ESTATE, verb, e.key, "the rule is already published; amend through a new rule", err);
  vet__entry prev;
  vet__entry_init(&prev);
  int found = 0;
  const char *why = NULL;
  if ((rc = vet__store_begin(reg->st, err))) goto out;
  rc = vet__entry_current(reg, e.key, NULL, 1, &prev, &found, err);
  if (!rc) {
    if (action == VET_AMEND_ADD && found) why = "the entry is already listed";
    else if (action != VET_AMEND_ADD && !found) why = "the entry is not listed";
    else if (action == VET_AMEND_MODIFY) {
      char *a = vet__entry_to_json(&prev.e), *b = vet__entry_to_json(&e);
      if (a && b && !strcmp(a, b)) why = "the modification changes nothing";
      free(a);
      free(b);
    }
  }
  if (!rc && !why) rc = vet__amend(reg, rule_id, action, found ? &prev.e : NULL, &e, reason, 0,
                                   amendment_id, err);
  if (!rc && !why) {
    char object[48], detail[512];
    snprintf(object, sizeof object, "rule:%lld", (long long)rule_id);
    snprintf(detail, sizeof detail, "%s %s", verb, e.key);
    rc = vet__audit_object(reg, "amend", object, reason, detail, err);
  }
  if (!rc && !why) rc = vet__store_commit(reg->st, err);
  if (rc || why) vet__store_rollback(reg->st);
  if (!rc && why) rc = vet__refuse_as(reg, VET_ESTATE, verb, e.key, why, err);
out:
  vet__entry_free(&prev);
  return rc;
}
