/* cmd_index.c — `vet index build -o SNAPSHOT [--strict] PATH...`: reads
 * lists and writes the one snapshot file every other command loads. */
#include "cli.h"

#include <string.h>

static void usage(void) {
  printf("usage: vet index build [-o SNAPSHOT] [--strict] [--verbose] PATH...\n\n"
         "Reads list files or folders (formats detected from content) and writes one\n"
         "snapshot file (default: $VET_SNAPSHOT or ./vet.snap). Prints per list the\n"
         "entities, names and rejected rows; every rejected row is also reported on\n"
         "stderr as file:line: reason. --strict makes the first rejected row fatal.\n");
}

int cmd_index(int argc, char **argv) {
  if (argc < 2 || cli_is_help(argv[1])) {
    usage();
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "build") != 0) return cli_fail("index: unknown subcommand \"%s\"", argv[1]);
  const char *out = vet_default_snapshot_path();
  int verbose = 0;
  vet_builder_options opts = vet_builder_options_default();
  int i = 2;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (cli_is_help(argv[i])) { usage(); return 0; }
    else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "--strict")) opts.strict = 1;
    else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) verbose = 1;
    else if (!strcmp(argv[i], "--dict") && i + 1 < argc) opts.dict_dir = argv[++i];
    else return cli_fail("index build: unknown option %s", argv[i]);
  }
  if (i >= argc) return cli_fail("index build: no list PATH given (see vet index build --help)");
  opts.diag = cli_print_diag;
  opts.diag_userdata = &verbose;
  vet_builder *b = vet_builder_new(&opts);
  if (!b) return cli_fail("out of memory");
  vet_error err;
  int rc = 0;
  for (; i < argc && !rc; i++) rc = vet_builder_add_path(b, argv[i], &err);
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
