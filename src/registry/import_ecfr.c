/* import_ecfr.c — the Entity List from the eCFR, as amendments.
 *
 * The eCFR publishes part 744 as it stands on a date; supplement no. 4 is
 * the Entity List. vet reads it with the eCFR reader (vet_read_path, list
 * "bis-el", entries keyed by vet__el_key) — there is no second parser here —
 * and records what the file says as one published rule effective on the
 * file's date ("ecfr-YYYY-MM-DD"):
 *
 *   - into an empty registry, every entry is an add;
 *   - otherwise the file is compared, key by key, with the list in force on
 *     its date: a key only in the file is an add, a key only in the registry
 *     a remove, a key in both whose entry differs a modify with the changed
 *     fields. Unchanged entries produce nothing.
 *
 * So importing two dated files in turn records exactly their differences,
 * and vet_registry_diff() between the two dates reports the same changes.
 * The whole import is one transaction. Files must be imported in date
 * order: a file older than a rule already in effect is refused. */
#include "registry/registry_int.h"
#include "core/error.h"
#include "model/el_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
  char *key;
  char *json;
} item;

typedef struct collect {
  item *items;
  size_t n, cap;
  vet__entry x;
  char date[32];
  char country[256];       /* the last country heading seen, for entries without an address */
  vet_registry_import_stats *stats;
  vet_diag_fn diag;
  void *diag_ud;
  int rc;
} collect;

static int on_entity(void *ud, const vet_entity *e) {
  collect *c = ud;
  if (!e->list_id || strcmp(e->list_id, "bis-el") != 0) return 0;   /* other tables of part 744 */
  c->stats->n_read++;
  if (vet__entry_from_entity(&c->x, e) || !c->x.e.key) {
    c->rc = VET_ENOMEM;
    return 1;
  }
  /* The reader gives the country heading only with an address. Rows come in
   * table order under their headings, so an entry without an address takes
   * the heading of the entry before it when that heading's code is the one
   * in the entry's key ("CN:..."); otherwise it stays without a country. */
  if (c->x.e.country) {
    snprintf(c->country, sizeof c->country, "%s", c->x.e.country);
  } else if (c->country[0]) {
    const char *cc = vet__el_country_code(c->country);
    if (cc && !strncmp(c->x.e.key, cc, 2) && c->x.e.key[2] == ':')
      c->x.e.country = vet__arena_strdup(&c->x.arena, c->country);
  }
  if (c->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 1024;
    item *p = realloc(c->items, cap * sizeof *p);
    if (!p) {
      c->rc = VET_ENOMEM;
      return 1;
    }
    c->items = p;
    c->cap = cap;
  }
  item *it = &c->items[c->n];
  it->key = strdup(c->x.e.key);
  it->json = vet__entry_to_json(&c->x.e);
  if (!it->key || !it->json) {
    free(it->key);
    free(it->json);
    c->rc = VET_ENOMEM;
    return 1;
  }
  c->n++;
  return 0;
}

static void on_list(void *ud, const vet_list_info *info) {
  collect *c = ud;
  if (info->list_id && !strcmp(info->list_id, "bis-el")) {
    c->stats->n_rejected += (int64_t)info->n_rejected;
    if (info->date) snprintf(c->date, sizeof c->date, "%s", info->date);
  }
}

static void on_diag(void *ud, const vet_diag *d) {
  collect *c = ud;
  if (c->diag) c->diag(c->diag_ud, d);
}

static int by_key(const void *a, const void *b) {
  return strcmp(((const item *)a)->key, ((const item *)b)->key);
}

static void collect_free(collect *c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->items[i].key);
    free(c->items[i].json);
  }
  free(c->items);
  vet__entry_free(&c->x);
}

/* Records file `c` against view `v` as amendments of rule_id. */
static int record(vet_registry *reg, collect *c, vet__view *v, int64_t rule_id, vet_error *err) {
  vet_registry_import_stats *s = c->stats;
  vet__entry a, b;
  vet__entry_init(&a);
  vet__entry_init(&b);
  char reason[256];
  int rc = 0;
  size_t i = 0, j = 0;
  while ((i < v->n || j < c->n) && !rc) {
    int cmp = i >= v->n ? 1 : j >= c->n ? -1 : strcmp(v->rows[i].key, c->items[j].key);
    if (cmp < 0) {
      rc = vet__entry_from_json(&a, v->rows[i].json);
      snprintf(reason, sizeof reason, "not in the Entity List of the eCFR as of %s", c->date);
      if (!rc) rc = vet__amend(reg, rule_id, VET_AMEND_REMOVE, &a.e, &a.e, reason, 0, NULL, err);
      s->n_removed++;
      i++;
    } else if (cmp > 0) {
      rc = vet__entry_from_json(&b, c->items[j].json);
      snprintf(reason, sizeof reason, "in the Entity List of the eCFR as of %s", c->date);
      if (!rc) rc = vet__amend(reg, rule_id, VET_AMEND_ADD, NULL, &b.e, reason, 0, NULL, err);
      s->n_added++;
      j++;
    } else {
      if (strcmp(v->rows[i].json, c->items[j].json) != 0) {
        rc = vet__entry_from_json(&a, v->rows[i].json);
        if (!rc) rc = vet__entry_from_json(&b, c->items[j].json);
        snprintf(reason, sizeof reason, "changed in the Entity List of the eCFR as of %s", c->date);
        if (!rc) rc = vet__amend(reg, rule_id, VET_AMEND_MODIFY, &a.e, &b.e, reason, 0, NULL, err);
        s->n_modified++;
      } else {
        s->n_unchanged++;
      }
      i++;
      j++;
    }
    if (rc == VET_ECORRUPT) vet__error_set(err, rc, "a stored entry is not an entry");
    else if (rc == VET_ENOMEM) vet__error_set(err, rc, "out of memory");   /* entry_from_json() says nothing */
  }
  vet__entry_free(&a);
  vet__entry_free(&b);
  return rc;
}

int vet_registry_import_ecfr(vet_registry *reg, const char *path, vet_diag_fn diag, void *diag_userdata,
                             vet_registry_import_stats *stats, vet_error *err) {
  vet_registry_import_stats local;
  if (!stats) stats = &local;
  memset(stats, 0, sizeof *stats);
  int rc = vet__require(reg, VET__P_IMPORT, "import-ecfr", path, err);
  if (rc) return rc;
  collect c;
  memset(&c, 0, sizeof c);
  vet__entry_init(&c.x);
  c.stats = stats;
  c.diag = diag;
  c.diag_ud = diag_userdata;
  vet_read_options ro = vet_read_options_default();
  vet_read_callbacks cb = {on_entity, on_list, on_diag, &c};
  rc = vet_read_path(path, &ro, &cb, err);
  if (rc == VET_ECANCELLED && c.rc) rc = vet__error_set(err, c.rc, "out of memory");
  if (!rc && c.n == 0) rc = vet__error_set(err, VET_EEMPTY, "%s: no Entity List entries read", path);
  if (!rc && !vet__date_valid(c.date))
    rc = vet__error_set(err, VET_EFORMAT, "%s: the file's date could not be read", path);
  if (rc) {
    collect_free(&c);
    return rc;
  }
  qsort(c.items, c.n, sizeof *c.items, by_key);
  /* The reader makes keys unique within a file; count any that are not. */
  size_t k = 0;
  for (size_t i = 0; i < c.n; i++) {
    if (k && !strcmp(c.items[k - 1].key, c.items[i].key)) {
      stats->n_duplicates++;
      free(c.items[i].key);
      free(c.items[i].json);
      continue;
    }
    c.items[k++] = c.items[i];
  }
  c.n = k;
  char fr_doc[64], citation[128], title[256];
  snprintf(fr_doc, sizeof fr_doc, "ecfr-%s", c.date);
  snprintf(citation, sizeof citation, "15 CFR part 744, supp. no. 4 (eCFR as of %s)", c.date);
  snprintf(title, sizeof title, "The Entity List as published in the eCFR on %s", c.date);
  snprintf(reg->rule_buf, sizeof reg->rule_buf, "%s", fr_doc);
  stats->rule = reg->rule_buf;
  int64_t rule_id = 0, later = 0;
  const char *why = NULL;
  if (vet__rule_find(reg, fr_doc, &rule_id, NULL, NULL) == 0) why = "this eCFR date was already imported";
  else if ((rc = vet__store_int(reg->st, &later, err,
                                "SELECT count(*) FROM rules WHERE status = 'published' AND effective_date > ?",
                                "t", c.date)) == 0 && later)
    why = "a rule in effect after this file's date is already recorded; import eCFR files in date order";
  if (rc || why) {
    collect_free(&c);
    return rc ? rc : vet__refuse_as(reg, VET_ESTATE, "import-ecfr", fr_doc, why, err);
  }
  vet__view v;
  if ((rc = vet__view_load(reg, c.date, &v, err))) {
    collect_free(&c);
    return rc;
  }
  if (!(rc = vet__store_begin(reg->st, err))) {
    rc = vet__rule_create(reg, fr_doc, citation, title, NULL, NULL, &rule_id, err);
    if (!rc) rc = record(reg, &c, &v, rule_id, err);
    if (!rc)
      rc = vet__store_exec(reg->st, err,
                           "UPDATE rules SET status = 'published', pub_date = ?, effective_date = ?, "
                           "published_at = ? WHERE id = ?", "ttti", c.date, c.date, reg->now, rule_id);
    if (!rc) {
      char object[48], detail[256];
      snprintf(object, sizeof object, "rule:%lld", (long long)rule_id);
      snprintf(detail, sizeof detail, "%s: read %lld, added %lld, modified %lld, removed %lld, unchanged %lld",
               path, (long long)stats->n_read, (long long)stats->n_added, (long long)stats->n_modified,
               (long long)stats->n_removed, (long long)stats->n_unchanged);
      rc = vet__audit_object(reg, "import-ecfr", object, NULL, detail, err);
    }
    if (!rc) rc = vet__store_commit(reg->st, err);
    if (rc) vet__store_rollback(reg->st);
  }
  vet__view_free(&v);
  collect_free(&c);
  return rc;
}
