/* cmd_read.c — `vet read [--json] [--strict] [--format F] PATH...`: reads
 * list files and prints, per list, what was read; with --json every entity
 * as one JSON line. For checking a list file without building a snapshot. */
#include "cli.h"

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
  int first = 1;
  for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
    const char *a = argv[first];
    if (cli_is_help(a)) {
      printf("usage: vet read [--json] [--strict] [--verbose] [--format FORMAT] PATH...\n\n"
             "Reads list files or folders and prints per list the entities, names, addresses,\n"
             "dates of birth and identifiers read, and the rows rejected (each also reported\n"
             "on stderr as file:line: reason). --json prints every entity as a JSON line.\n"
             "Formats are detected from content; --format forces one of:");
      for (const char *const *f = vet_read_formats(); *f; f++) printf(" %s", *f);
      printf("\n");
      return 0;
    }
    if (!strcmp(a, "--json")) st.json = 1;
    else if (!strcmp(a, "--strict")) opts.strict = 1;
    else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) st.verbose = 1;
    else if (!strcmp(a, "--format") && first + 1 < argc) opts.format = argv[++first];
    else return cli_fail("read: unknown option %s", a);
  }
  if (first >= argc) return cli_fail("read: no PATH given (see vet read --help)");
  vet_read_callbacks cb = {on_entity, on_list, on_diag, &st};
  for (int i = first; i < argc; i++) {
    vet_error err;
    int rc = vet_read_path(argv[i], &opts, &cb, &err);
    if (rc) return cli_fail_err(&err);
  }
  return 0;
}
