/* publish.c — the list in force, as screening and the public see it.
 *
 * Three outputs of the same view (vet_registry_asof on a date): the trade.gov
 * Consolidated Screening List CSV layout (the 29 columns of the current CSL
 * file, source "Entity List (EL) - Bureau of Industry and Security"), the CSL
 * JSON layout ({"total": n, "sources": [...], "results": [...]}), and a vet
 * snapshot built through the public builder API, so that screening sees
 * exactly the entries in force on that date — an entry whose removal took
 * effect on or before the date is not in it, one removed later still is.
 *
 * Every file is written to a temporary name, flushed and renamed, so a
 * reader never sees half a file. */
#include "registry/registry_int.h"
#include "core/error.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EL_SOURCE "Entity List (EL) - Bureau of Industry and Security"
#define EL_URL "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list"
#define ECFR_URL "https://www.ecfr.gov/current/title-15/part-744/appendix-Supplement%20No.%204%20to%20Part%20744"

int vet_registry_entry_to_entity(const vet_registry_entry *x, int (*fn)(void *, const vet_entity *),
                                 void *userdata) {
  size_t nn = 1 + x->n_aliases;
  vet_name *names = calloc(nn, sizeof *names);
  vet_address *addrs = calloc(x->n_addresses ? x->n_addresses : 1, sizeof *addrs);
  vet_citation *cits = calloc(x->n_citations ? x->n_citations : 1, sizeof *cits);
  if (!names || !addrs || !cits) {
    free(names);
    free(addrs);
    free(cits);
    return VET_ENOMEM;
  }
  names[0].text = x->name;
  names[0].kind = VET_NAME_PRIMARY;
  for (size_t i = 0; i < x->n_aliases; i++) {
    names[1 + i].text = x->aliases[i];
    names[1 + i].kind = VET_NAME_AKA;
  }
  for (size_t i = 0; i < x->n_addresses; i++) {
    addrs[i].text = x->addresses[i];
    addrs[i].country = x->country;
  }
  for (size_t i = 0; i < x->n_citations; i++) cits[i].text = x->citations[i];
  vet_entity e;
  memset(&e, 0, sizeof e);
  e.list_id = "bis-el";
  e.source_id = x->key;
  e.type = VET_TYPE_UNKNOWN;   /* the Entity List lists persons and organizations alike and does not say which */
  e.names = names;
  e.n_names = nn;
  e.addresses = addrs;
  e.n_addresses = x->n_addresses;
  e.citations = cits;
  e.n_citations = x->n_citations;
  e.license_requirement = x->license_requirement;
  e.license_policy = x->license_policy;
  e.remarks = x->footnotes;
  e.source_url = ECFR_URL;
  int rc = fn(userdata, &e);
  free(names);
  free(addrs);
  free(cits);
  return rc;
}

/* ---- atomic output */

typedef struct out_file {
  FILE *f;
  char tmp[4096];
  const char *path;
} out_file;

static int out_open(out_file *o, const char *path, vet_error *err) {
  o->path = path;
  snprintf(o->tmp, sizeof o->tmp, "%s.tmp.%ld", path, (long)getpid());
  o->f = fopen(o->tmp, "wb");
  return o->f ? 0 : vet__error_set(err, VET_EIO, "%s: cannot write", o->tmp);
}

static int out_close(out_file *o, int rc, vet_error *err) {
  if (!o->f) return rc;
  int bad = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0;
  bad |= fclose(o->f) != 0;
  o->f = NULL;
  if (!rc && bad) rc = vet__error_set(err, VET_EIO, "%s: write failed", o->tmp);
  if (!rc && rename(o->tmp, o->path) != 0) rc = vet__error_set(err, VET_EIO, "%s: cannot rename into place", o->path);
  if (rc) unlink(o->tmp);
  return rc;
}

/* ---- CSL fields */

static void csv_field(FILE *f, const char *s, int last) {
  fputc('"', f);
  for (; s && *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
  fputc(last ? '\n' : ',', f);
}

static char *joined(const char *const *l, size_t n, const char *sep) {
  vet__buf b = VET__BUF_INIT;
  vet__buf_puts(&b, "");
  for (size_t i = 0; i < n; i++) {
    if (i) vet__buf_puts(&b, sep);
    vet__buf_puts(&b, l[i]);
  }
  return vet__buf_take(&b);
}

/* The CSL's start_date: the date of the first citation ("86 FR 60760, 11/4/21"
 * or "..., November 4, 2021"), as YYYY-MM-DD; empty when none is readable. */
static void start_date(const vet_registry_entry *x, char out[11]) {
  static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                       "August", "September", "October", "November", "December"};
  out[0] = '\0';
  if (!x->n_citations) return;
  const char *c = x->citations[0];
  int m = 0, d = 0, y = 0;
  const char *comma = strchr(c, ',');
  if (!comma) return;
  const char *p = comma + 1;
  while (*p == ' ') p++;
  if (sscanf(p, "%4d-%2d-%2d", &y, &m, &d) == 3) {
    /* ISO, as the registry stores a citation's date */
  } else if (sscanf(p, "%d/%d/%d", &m, &d, &y) == 3) {
    if (y < 100) y += y < 50 ? 2000 : 1900;
  } else {
    for (int i = 0; i < 12; i++)
      if (!strncmp(p, months[i], strlen(months[i])) &&
          sscanf(p + strlen(months[i]), " %d, %d", &d, &y) == 2)
        m = i + 1;
  }
  if (m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2999) {
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 11);
  }
}

static void csl_id(const vet_registry_entry *x, char out[65]) {
  vet__sha256(x->key, strlen(x->key), out);
  out[56] = '\0';     /* the CSL's ids are 56 hex digits (SHA-224 sized) */
}

static int csv_row(void *ud, const vet_registry_entry *x) {
  FILE *f = ud;
  char id[65], sd[11];
  csl_id(x, id);
  start_date(x, sd);
  char *addrs = joined(x->addresses, x->n_addresses, "; ");
  char *alts = joined(x->aliases, x->n_aliases, "; ");
  char *frn = joined(x->citations, x->n_citations, "; ");
  const char *cols[29] = {id, EL_SOURCE, "", "", "", x->name, "", addrs, frn, sd, "", "",
                          x->license_requirement, x->license_policy, "", "", "", "", "", "",
                          x->footnotes, EL_URL, alts, "", "", "", "", EL_URL, ""};
  for (int i = 0; i < 29; i++) csv_field(f, cols[i], i == 28);
  free(addrs);
  free(alts);
  free(frn);
  return ferror(f) ? 1 : 0;
}

static const char *const csl_header =
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
    "end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n";

int vet_registry_export_csv(vet_registry *reg, const char *date, const char *path, vet_error *err) {
  out_file o;
  int rc = out_open(&o, path, err);
  if (rc) return rc;
  fputs(csl_header, o.f);
  rc = vet_registry_asof(reg, date, csv_row, o.f, err);
  if (rc == VET_ECANCELLED) rc = vet__error_set(err, VET_EIO, "%s: write failed", o.tmp);
  return out_close(&o, rc, err);
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *str_array(const char *const *l, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(l[i]));
  return a;
}

static int json_row(void *ud, const vet_registry_entry *x) {
  json_t *results = ud;
  char id[65], sd[11];
  csl_id(x, id);
  start_date(x, sd);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(id));
  json_object_set_new(o, "source", json_string(EL_SOURCE));
  json_object_set_new(o, "entity_number", json_null());
  json_object_set_new(o, "type", json_null());
  json_object_set_new(o, "programs", json_array());
  json_object_set_new(o, "name", json_string(x->name ? x->name : ""));
  json_object_set_new(o, "title", json_null());
  json_t *addrs = json_array();
  for (size_t i = 0; i < x->n_addresses; i++) {
    json_t *a = json_object();
    json_object_set_new(a, "address", json_string(x->addresses[i]));
    json_object_set_new(a, "city", json_null());
    json_object_set_new(a, "state", json_null());
    json_object_set_new(a, "postal_code", json_null());
    json_object_set_new(a, "country", str_or_null(x->country));
    json_array_append_new(addrs, a);
  }
  json_object_set_new(o, "addresses", addrs);
  char *frn = joined(x->citations, x->n_citations, "; ");
  json_object_set_new(o, "federal_register_notice", str_or_null(frn));
  free(frn);
  json_object_set_new(o, "start_date", str_or_null(sd));
  json_object_set_new(o, "end_date", json_null());
  json_object_set_new(o, "standard_order", json_null());
  json_object_set_new(o, "license_requirement", str_or_null(x->license_requirement));
  json_object_set_new(o, "license_policy", str_or_null(x->license_policy));
  json_object_set_new(o, "call_sign", json_null());
  json_object_set_new(o, "vessel_type", json_null());
  json_object_set_new(o, "gross_tonnage", json_null());
  json_object_set_new(o, "gross_registered_tonnage", json_null());
  json_object_set_new(o, "vessel_flag", json_null());
  json_object_set_new(o, "vessel_owner", json_null());
  json_object_set_new(o, "remarks", str_or_null(x->footnotes));
  json_object_set_new(o, "source_list_url", json_string(EL_URL));
  json_object_set_new(o, "alt_names", str_array(x->aliases, x->n_aliases));
  json_object_set_new(o, "citizenships", json_array());
  json_object_set_new(o, "dates_of_birth", json_array());
  json_object_set_new(o, "nationalities", json_array());
  json_object_set_new(o, "places_of_birth", json_array());
  json_object_set_new(o, "source_information_url", json_string(EL_URL));
  json_object_set_new(o, "ids", json_array());
  json_object_set_new(o, "entry_key", json_string(x->key));
  return json_array_append_new(results, o) ? 1 : 0;
}

int vet_registry_export_json(vet_registry *reg, const char *date, const char *path, vet_error *err) {
  json_t *results = json_array();
  if (!results) return vet__error_set(err, VET_ENOMEM, "out of memory");
  int rc = vet_registry_asof(reg, date, json_row, results, err);
  if (rc == VET_ECANCELLED) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
  if (rc) {
    json_decref(results);
    return rc;
  }
  json_t *doc = json_object();
  json_object_set_new(doc, "total", json_integer((json_int_t)json_array_size(results)));
  json_t *src = json_array();
  json_t *s = json_object();
  json_object_set_new(s, "source", json_string(EL_SOURCE));
  json_object_set_new(s, "as_of", json_string(date ? date : reg->today));
  json_array_append_new(src, s);
  json_object_set_new(doc, "sources", src);
  json_object_set_new(doc, "results", results);
  out_file o;
  if ((rc = out_open(&o, path, err))) {
    json_decref(doc);
    return rc;
  }
  if (json_dumpf(doc, o.f, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0)
    rc = vet__error_set(err, VET_EIO, "%s: write failed", o.tmp);
  fputc('\n', o.f);
  json_decref(doc);
  return out_close(&o, rc, err);
}

typedef struct snap_ctx {
  vet_builder *b;
  vet_error *err;
  int rc;
} snap_ctx;

static int snap_entity(void *ud, const vet_entity *e) {
  snap_ctx *c = ud;
  c->rc = vet_builder_add_entity(c->b, e, c->err);
  return c->rc ? 1 : 0;
}

static int snap_row(void *ud, const vet_registry_entry *x) {
  snap_ctx *c = ud;
  int rc = vet_registry_entry_to_entity(x, snap_entity, c);
  if (rc && !c->rc) c->rc = vet__error_set(c->err, rc, "out of memory");
  return rc;
}

int vet_registry_export_snapshot(vet_registry *reg, const char *date, const char *path, vet_error *err) {
  const char *d = date ? date : reg->today;
  vet_builder_options opts = vet_builder_options_default();
  vet_builder *b = vet_builder_new(&opts);
  if (!b) return vet__error_set(err, VET_ENOMEM, "out of memory");
  char name[128];
  snprintf(name, sizeof name, "BIS Entity List in force on %s (vet registry)", d);
  vet_list_info info;
  memset(&info, 0, sizeof info);
  info.list_id = "bis-el";
  info.name = name;
  info.format = "vet-registry";
  info.path = "vet-registry";
  info.date = d;
  snap_ctx c = {b, err, 0};
  int rc = vet_builder_begin_list(b, &info, err);
  if (!rc) {
    rc = vet_registry_asof(reg, date, snap_row, &c, err);
    if (rc == VET_ECANCELLED) rc = c.rc;
  }
  if (!rc) rc = vet_builder_end_list(b, err);
  if (!rc) rc = vet_builder_write(b, path, err);
  vet_builder_free(b);
  return rc;
}
