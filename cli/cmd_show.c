/* cmd_show.c — `vet show [-i SNAPSHOT] [--json] LIST SOURCE_ID`: one entity
 * with every field. From a delta snapshot, the text form ends with the
 * delta's base and target, since the entity is there as added or changed
 * between those two. */
#include "cli.h"
#include "opts.h"

#include <stdlib.h>
#include <string.h>

static void field(const char *label, const char *v) {
  if (v) printf("  %-20s %s\n", label, v);
}

static void print_entity(const vet_entity *e) {
  printf("%s\n", e->names[0].text);
  field("list", e->list_id);
  field("source id", e->source_id);
  field("source list", e->source_list);
  field("type", vet_entity_type_name(e->type));
  for (size_t i = 1; i < e->n_names; i++) {
    const vet_name *n = &e->names[i];
    char label[64];
    snprintf(label, sizeof label, "%s%s%s", vet_name_kind_name(n->kind),
             n->strength == VET_STRENGTH_WEAK ? " (weak)" : n->strength == VET_STRENGTH_STRONG ? " (strong)" : "",
             n->script ? " [script]" : "");
    printf("  %-20s %s%s%s\n", label, n->text, n->script ? "  " : "", n->script ? n->script : "");
  }
  for (size_t i = 0; i < e->n_addresses; i++) field("address", e->addresses[i].text);
  for (size_t i = 0; i < e->n_births; i++) field("date of birth", e->births[i].text);
  for (size_t i = 0; i < e->n_places_of_birth; i++) field("place of birth", e->places_of_birth[i]);
  for (size_t i = 0; i < e->n_nationalities; i++) field("nationality", e->nationalities[i]);
  for (size_t i = 0; i < e->n_citizenships; i++) field("citizenship", e->citizenships[i]);
  for (size_t i = 0; i < e->n_ids; i++) {
    const vet_identifier *d = &e->ids[i];
    printf("  %-20s %s%s%s%s%s%s\n", d->type ? d->type : "id", d->number, d->country ? " (" : "",
           d->country ? d->country : "", d->country ? ")" : "", d->note ? "; " : "", d->note ? d->note : "");
  }
  for (size_t i = 0; i < e->n_programs; i++) field("program", e->programs[i]);
  for (size_t i = 0; i < e->n_citations; i++) {
    printf("  %-20s %s%s%s\n", "citation", e->citations[i].text, e->citations[i].date ? ", " : "",
           e->citations[i].date ? e->citations[i].date : "");
  }
  field("listed on", e->listing_date);
  field("license requirement", e->license_requirement);
  field("license policy", e->license_policy);
  for (size_t i = 0; i < e->n_attrs; i++) field(e->attrs[i].key, e->attrs[i].value);
  field("remarks", e->remarks);
  field("source", e->source_url);
}

int cmd_show(int argc, char **argv) {
  const char *path = vet_default_snapshot_path();
  int json = 0;
  const char *pos[2] = {NULL, NULL};
  const cli_opt table[] = {
    CLI_STRING(NULL, 'i', &path, "SNAPSHOT", "the snapshot (default $VET_SNAPSHOT or ./vet.snap)"),
    CLI_FLAG("--json", 0, &json, "print the entity as JSON"),
    CLI_END,
  };
  cli_spec spec = {"show",
                   "usage: vet show [-i SNAPSHOT] [--json] LIST SOURCE_ID\n\n"
                   "One entity with every field, e.g. vet show bis-el IL:nso-group",
                   NULL, table, pos, 2};
  int np, status;
  if (cli_parse(&spec, argc, argv, 1, &np, &status)) return status;
  if (np != 2) return cli_fail("show: needs LIST and SOURCE_ID (see vet show --help)");
  vet_snapshot *s;
  vet_error err;
  if (vet_snapshot_open(path, &s, &err)) return cli_fail_err(&err);
  uint32_t idx;
  int rc = vet_snapshot_find(s, pos[0], pos[1], &idx);
  if (rc) {
    vet_snapshot_close(s);
    return cli_fail("show: no entity %s/%s in %s", pos[0], pos[1], path);
  }
  vet_entity *e;
  if (vet_snapshot_entity(s, idx, &e, &err)) {
    vet_snapshot_close(s);
    return cli_fail_err(&err);
  }
  if (json) {
    char *j = vet_entity_to_json(e, VET_JSON_PRETTY);
    if (j) puts(j);
    free(j);
  } else {
    print_entity(e);
    vet_delta_info *di = NULL;
    if (vet_snapshot_delta_info(s, &di, &err) == 0) {
      char line[256];
      snprintf(line, sizeof line, "%s -> %s", di->base.checksum ? di->base.checksum : di->base.origin,
               di->target.checksum ? di->target.checksum : di->target.origin);
      field("in the delta", line);
      vet_delta_info_free(di);
    }
  }
  vet_entity_free(e);
  vet_snapshot_close(s);
  return 0;
}
