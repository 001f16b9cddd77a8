/* cmd_read.c — `vet read [--json] [--strict] [--format F] PATH...`: reads
 * list files and prints, per list, what was read; with --json every entity
 * as one JSON line. For checking a list file without building a snapshot. */
#include "cli.h"
#include "opts.h"

#include <stdlib.h>
#include <string.h>

typedef struct state {
  int json;
  int verbose;
  unsigned long long rejected;
} state;

static void on_diag(void *ud, const vet_diag *d) {
  cli_print_diag(&((state *)ud)->verbose, d);
}

static int on_entity(void *ud, const vet_entity *e) {
  state *st = ud;
  if (st->json) {
    char *s = vet_entity_to_json(e, VET_JSON_COMPACT);
    if (!s) return 1;
    puts(s);
    free(s);
  }
  return 0;
}

static void on_list(void *ud, const vet_list_info *li) {
  state *st = ud;
  st->rejected += li->n_rejected;
  fprintf(st->json ? stderr : stdout,
          "%-12s %-10s entities %6llu  names %6llu  addresses %6llu  births %5llu  ids %6llu  "
          "rejected %llu  warnings %llu  date %s  %s\n",
          li->list_id, li->format, (unsigned long long)li->n_entities,
          (unsigned long long)li->n_names, (unsigned long long)li->n_addresses,
          (unsigned long long)li->n_births, (unsigned long long)li->n_ids,
          (unsigned long long)li->n_rejected, (unsigned long long)li->n_warnings,
          li->date ? li->date : "-", li->path);
}

int cmd_read(int argc, char **argv) {
  state st = {0, 0, 0};
  vet_read_options opts = vet_read_options_default();
  const cli_opt table[] = {
    CLI_FLAG("--json", 0, &st.json, "print every entity as a JSON line"),
    CLI_FLAG("--strict", 0, &opts.strict, "the first rejected row is fatal"),
    CLI_FLAG("--verbose", 'v', &st.verbose, "print notes too"),
    CLI_STRING("--format", 0, &opts.format, "FORMAT", "read every file as this format (see below)"),
    CLI_END,
  };
  /* The formats come from the library, so the text after the options is built here. */
  char formats[512] = "formats:";
  for (const char *const *f = vet_read_formats(); *f; f++)
    if (strlen(formats) + strlen(*f) + 2 < sizeof formats) strcat(strcat(formats, " "), *f);
  strcat(formats, "\n");
  const char **paths = malloc((size_t)argc * sizeof *paths);
  if (!paths) return cli_fail("out of memory");
  cli_spec spec = {"read",
                   "usage: vet read [--json] [--strict] [--verbose] [--format FORMAT] PATH...\n\n"
                   "Reads list files or folders and prints per list the entities, names, addresses,\n"
                   "dates of birth and identifiers read, and the rows rejected (each also reported\n"
                   "on stderr as file:line: reason). Formats are detected from content.",
                   formats, table, paths, argc};
  int n_paths, status;
  if (cli_parse(&spec, argc, argv, 1, &n_paths, &status)) {
    free(paths);
    return status;
  }
  if (!n_paths) {
    free(paths);
    return cli_fail("read: no PATH given (see vet read --help)");
  }
  vet_read_callbacks cb = {on_entity, on_list, on_diag, &st};
  for (int i = 0; i < n_paths; i++) {
    vet_error err;
    if (vet_read_path(paths[i], &opts, &cb, &err)) {
      free(paths);
      return cli_fail_err(&err);
    }
  }
  free(paths);
  return 0;
}
