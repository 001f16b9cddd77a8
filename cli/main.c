/* main.c — `vet`: dispatch to a subcommand. */
#include "cli.h"

#include <string.h>

/* In the order a user meets them: screening, the lists, monitoring, the registry. */
static const vet_cli_command commands[] = {
  {"screen", "screen a name (or one a line from stdin) against a snapshot", cmd_screen},
  {"batch", "screen a whole CSV/TSV/JSONL customer file: vet batch INPUT -o OUTPUT --name-column COL", cmd_batch},
  {"text", "find mentions of listed names in a document: vet text FILE", cmd_text},
  {"serve", "the HTTP API and the analysts' page: vet serve -i SNAPSHOT [--listen HOST:PORT]", cmd_serve},
  {"index", "build a snapshot from list files: vet index build -o SNAPSHOT PATH...", cmd_index},
  {"lists", "the lists in a snapshot, with dates, counts and checksums", cmd_lists},
  {"show", "one entity with every field: vet show LIST SOURCE_ID", cmd_show},
  {"read", "read list files and print their entities or counts (no snapshot)", cmd_read},
  {"diff", "what changed between two versions of the lists (snapshots or list files)", cmd_diff},
  {"update", "download the official lists, check and keep them, rebuild the snapshot", cmd_update},
  {"monitor", "keep a customer base and re-screen it after each list update", cmd_monitor},
  {"alerts", "the monitoring alerts: vet alerts -d STORE [--all] [--format json]", cmd_alerts},
  {"decide", "decide an alert: vet decide -d STORE ALERT_ID true-match|false-positive|needs-review", cmd_decide},
  {"audit", "the monitoring audit log: vet audit export|verify -d STORE", cmd_audit},
  {"registry", "keep the Entity List: rules, amendments, removal requests, audit", cmd_registry},
};

static void usage(FILE *out) {
  fprintf(out, "vet %s — restricted-party screening and the Entity List registry\n\n"
               "usage: vet COMMAND [ARGS]   (vet COMMAND --help for each)\n\ncommands:\n",
          VET_VERSION_STRING);
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "  %-10s %s\n", "version", "print the version");
}

int main(int argc, char **argv) {
  if (argc < 2 || cli_is_help(argv[1])) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
    printf("vet %s\n", VET_VERSION_STRING);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  cli_fail("unknown command \"%s\" (see vet --help)", argv[1]);
  return 2;
}
