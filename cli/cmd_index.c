/* cmd_index.c — `vet index build -o SNAPSHOT [--strict] PATH...`: reads
 * lists and writes the one snapshot file every other command loads. */
#include "cli.h"
#include "opts.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: vet index build [-o SNAPSHOT] [--strict] [--verbose] PATH...\n\n"
    "Reads list files or folders (formats detected from content) and writes one\n"
    "snapshot file (default: $VET_SNAPSHOT or ./vet.snap). Prints per list the\n"
    "entities, names and rejected rows; every rejected row is also reported on\n"
    "stderr as file:line: reason. --strict makes the first rejected row fatal.";

/* The help of `vet index`, which has build only. */
static void usage(FILE *out) {
  fprintf(out, "%s\n", usage_text);
}

int cmd_index(int argc, char **argv) {
  if (argc < 2 || cli_is_help(argv[1])) {
    usage(stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "build") != 0) return cli_fail("index: unknown subcommand \"%s\"", argv[1]);
  const char *out = vet_default_snapshot_path();
  int verbose = 0;
  vet_builder_options opts = vet_builder_options_default();
  const cli_opt table[] = {
    CLI_STRING(NULL, 'o', &out, "SNAPSHOT", "the snapshot to write (default $VET_SNAPSHOT or ./vet.snap)"),
    CLI_FLAG("--strict", 0, &opts.strict, "the first rejected row is fatal"),
    CLI_FLAG("--verbose", 'v', &verbose, "print notes too"),
    CLI_STRING("--dict", 0, &opts.dict_dir, "DIR", "the name dictionaries (default: the ones vet ships)"),
    CLI_END,
  };
  const char **paths = malloc((size_t)argc * sizeof *paths);
  if (!paths) return cli_fail("out of memory");
  cli_spec spec = {"index build", usage_text, NULL, table, paths, argc};
  int n_paths, status;
  if (cli_parse(&spec, argc, argv, 2, &n_paths, &status)) {
    free(paths);
    return status;
  }
  if (!n_paths) {
    free(paths);
    return cli_fail("index build: no list PATH given (see vet index build --help)");
  }
  opts.diag = cli_print_diag;
  opts.diag_userdata = &verbose;
  vet_builder *b = vet_builder_new(&opts);
  if (!b) {
    free(paths);
    return cli_fail("out of memory");
  }
  vet_error err;
  int rc = 0;
  for (int i = 0; i < n_paths && !rc; i++) rc = vet_builder_add_path(b, paths[i], &err);
  free(paths);
  if (!rc) rc = vet_builder_write(b, out, &err);
  if (rc) {
    vet_builder_free(b);
    return cli_fail_err(&err);
  }
  unsigned long long total = 0, rejected = 0;
  printf("%-12s %-10s %9s %9s %9s  %s\n", "list", "format", "entities", "names", "rejected", "date");
  for (size_t k = 0; k < vet_builder_list_count(b); k++) {
    const vet_list_info *li = vet_builder_list(b, k);
    printf("%-12s %-10s %9llu %9llu %9llu  %s\n", li->list_id, li->format ? li->format : "-",
           (unsigned long long)li->n_entities, (unsigned long long)li->n_names,
           (unsigned long long)li->n_rejected, li->date ? li->date : "-");
    total += li->n_entities;
    rejected += li->n_rejected;
  }
  printf("wrote %s: %llu entities from %zu lists, %llu rows rejected\n", out, total,
         vet_builder_list_count(b), rejected);
  vet_builder_free(b);
  return 0;
}
