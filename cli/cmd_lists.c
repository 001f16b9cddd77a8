/* cmd_lists.c — `vet lists [-i SNAPSHOT] [--json]`: the lists in a snapshot,
 * and, for a delta snapshot, what it is a delta of (vet_snapshot_delta_info). */
#include "cli.h"
#include "opts.h"

#include <string.h>

/* One side of a delta: the snapshot's checksum and path, else each list's
 * id, date and file checksum, else "unknown". */
static void print_side(const char *label, const vet_delta_side *d) {
  printf("  %-7s ", label);
  if (d->checksum) printf("snapshot %s%s%s\n", d->checksum, d->path ? "  " : "", d->path ? d->path : "");
  else if (!d->n_lists) printf("unknown (%s, no list recorded)\n", d->origin);
  else {
    printf("%s, no snapshot checksum:", d->origin);
    for (size_t i = 0; i < d->n_lists; i++)
      printf("%s %s %s %s", i ? ";" : "", d->lists[i].list_id, d->lists[i].date ? d->lists[i].date : "-",
             d->lists[i].checksum ? d->lists[i].checksum : "-");
    printf("\n");
  }
}

/* The delta provenance of s, as text or as the "delta" member of the JSON. */
static void print_delta(const vet_snapshot *s, int json) {
  vet_delta_info *di = NULL;
  vet_error err;
  int rc = vet_snapshot_delta_info(s, &di, &err);
  if (rc && rc != VET_ENOTFOUND) fprintf(stderr, "vet: warning: %s\n", err.message);
  if (json) {
    printf(", \"delta\": %s", di ? di->json : "null");
  } else if (di) {
    printf("delta snapshot: the %s%s%s entities of target since base (%zu added, %zu changed), made %s by %s\n",
           di->kinds & VET_DIFF_SNAP_ADDED ? "added" : "",
           (di->kinds & VET_DIFF_SNAP_ADDED) && (di->kinds & VET_DIFF_SNAP_CHANGED) ? " and " : "",
           di->kinds & VET_DIFF_SNAP_CHANGED ? "changed" : "", di->added, di->changed, di->made_at,
           di->made_by ? di->made_by : "?");
    print_side("base", &di->base);
    print_side("target", &di->target);
  }
  vet_delta_info_free(di);
}

int cmd_lists(int argc, char **argv) {
  const char *path = vet_default_snapshot_path();
  int json = 0;
  const cli_opt table[] = {
    CLI_STRING(NULL, 'i', &path, "SNAPSHOT", "the snapshot (default $VET_SNAPSHOT or ./vet.snap)"),
    CLI_FLAG("--json", 0, &json, "print JSON"),
    CLI_END,
  };
  cli_spec spec = {"lists",
                   "usage: vet lists [-i SNAPSHOT] [--json]\n\n"
                   "The lists in a snapshot: id, format, as-of date, entities, names, rejected rows,\n"
                   "and the SHA-256 of the file each was read from. For a delta snapshot (vet diff\n"
                   "--delta-snapshot), also what it is a delta of: base and target.",
                   NULL, table, NULL, 0};
  int n_pos, status;
  if (cli_parse(&spec, argc, argv, 1, &n_pos, &status)) return status;
  vet_snapshot *s;
  vet_error err;
  if (vet_snapshot_open(path, &s, &err)) return cli_fail_err(&err);
  if (json) printf("{\"snapshot\": \"%s\", \"checksum\": \"%s\", \"lists\": [\n", path,
                   vet_snapshot_checksum(s));
  else printf("snapshot %s (%u entities, %s)\n%-12s %-10s %-10s %9s %9s %9s  %s\n", path,
              vet_snapshot_entity_count(s), vet_snapshot_checksum(s), "list", "format", "date",
              "entities", "names", "rejected", "checksum");
  for (size_t i = 0; i < vet_snapshot_list_count(s); i++) {
    const vet_list_info *li = vet_snapshot_list(s, i);
    if (json)
      printf("  {\"list\": \"%s\", \"format\": \"%s\", \"date\": %s%s%s, \"entities\": %llu, "
             "\"names\": %llu, \"rejected\": %llu, \"checksum\": \"%s\", \"loaded_at\": \"%s\"}%s\n",
             li->list_id, li->format ? li->format : "", li->date ? "\"" : "",
             li->date ? li->date : "null", li->date ? "\"" : "", (unsigned long long)li->n_entities,
             (unsigned long long)li->n_names, (unsigned long long)li->n_rejected,
             li->checksum ? li->checksum : "", li->loaded_at ? li->loaded_at : "",
             i + 1 < vet_snapshot_list_count(s) ? "," : "");
    else
      printf("%-12s %-10s %-10s %9llu %9llu %9llu  %s\n", li->list_id, li->format ? li->format : "-",
             li->date ? li->date : "-", (unsigned long long)li->n_entities,
             (unsigned long long)li->n_names, (unsigned long long)li->n_rejected,
             li->checksum ? li->checksum : "-");
  }
  if (json) printf("]");
  print_delta(s, json);
  if (json) printf("}\n");
  vet_snapshot_close(s);
  return 0;
}
