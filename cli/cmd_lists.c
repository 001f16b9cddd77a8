/* cmd_lists.c — `vet lists [-i SNAPSHOT] [--json]`: the lists in a snapshot. */
#include "cli.h"
#include "opts.h"

#include <string.h>

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
                   "and the SHA-256 of the file each was read from.",
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
  if (json) printf("]}\n");
  vet_snapshot_close(s);
  return 0;
}
