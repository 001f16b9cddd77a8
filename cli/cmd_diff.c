/* cmd_diff.c — `vet diff [--json] OLD NEW`: what changed between two
 * versions of the lists. OLD and NEW are each a snapshot file or list files
 * and folders (detected); the report lists the entities added, removed and
 * changed, field by field. Exit status as diff(1): 0 no difference, 1
 * differences, 2 an error. */
#include "cli.h"
#include "opts.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: vet diff [--json] [--pretty] [--no-entities] [--summary] [--strict]\n"
    "                [--format FORMAT] [--verbose] [--delta-snapshot PATH] OLD NEW\n\n"
    "Compares two versions of the lists. OLD and NEW are each a snapshot file or a list\n"
    "file or folder (as vet read takes them). Entities are matched by list and the\n"
    "list's own id; the report shows those added, removed and changed, field by field.";

/* Rejected rows are always shown; warnings and notes with --verbose only, since
 * a diff is about the lists, not about how they were read. */
static void on_diag(void *ud, const vet_diag *d) {
  int verbose = *(int *)ud;
  if (d->level == VET_DIAG_REJECT || verbose) cli_print_diag(ud, d);
}

/* Loads one side; prints the error and returns 2 if it cannot be read. */
static int load(vet_diff_set *set, const char *path, const vet_read_options *opts, int *verbose) {
  vet_error err;
  int rc = vet_diff_set_load(set, path, opts, on_diag, verbose, &err);
  return rc ? cli_fail_err(&err) : 0;
}

int cmd_diff(int argc, char **argv) {
  int json = 0, pretty = 0, summary = 0, no_entities = 0, verbose = 0;
  const char *delta = NULL;
  vet_read_options opts = vet_read_options_default();
  const cli_opt table[] = {
    CLI_FLAG("--json", 0, &json, "the diff as JSON (docs/UPDATES.md)"),
    CLI_FLAG("--pretty", 0, &pretty, "the diff as indented JSON"),
    CLI_FLAG("--no-entities", 0, &no_entities, "in JSON, leave out the full entity of added/removed ones"),
    CLI_FLAG("--summary", 0, &summary, "only the totals and the breakdown per list"),
    CLI_FLAG("--strict", 0, &opts.strict, "a rejected row in a list file is fatal"),
    CLI_STRING("--format", 0, &opts.format, "FORMAT", "read list files as this format (as vet read)"),
    CLI_FLAG("--verbose", 'v', &verbose, "also the readers' warnings (rejected rows are always shown)"),
    CLI_STRING("--delta-snapshot", 0, &delta, "PATH", "also write a snapshot of NEW's added and changed entities"),
    CLI_END,
  };
  const char *pos[2];
  int n_pos, status;
  cli_spec spec = {"diff", usage_text, "Exit status: 0 no difference, 1 differences, 2 an error.\n", table, pos, 2};
  if (cli_parse(&spec, argc, argv, 1, &n_pos, &status)) return status;
  if (pretty) json = 1;
  if (n_pos != 2) return cli_fail("diff: give OLD and NEW (see vet diff --help)");
  vet_diff_set *old_set = vet_diff_set_new(), *new_set = vet_diff_set_new();
  vet_diff *diff = NULL;
  int rc = 2;
  if (!old_set || !new_set) {
    cli_fail("diff: out of memory");
    goto done;
  }
  if (load(old_set, pos[0], &opts, &verbose) || load(new_set, pos[1], &opts, &verbose))
    goto done;
  vet_error err;
  if (vet_diff_compute(old_set, new_set, &diff, &err)) {
    cli_fail_err(&err);
    goto done;
  }
  vet_diff_summary s = vet_diff_get_summary(diff);
  if (delta && (s.added || s.changed) &&
      vet_diff_write_snapshot(diff, VET_DIFF_SNAP_ADDED | VET_DIFF_SNAP_CHANGED, delta, &err)) {
    cli_fail_err(&err);
    goto done;
  }
  char *out;
  if (json) out = vet_diff_to_json(diff, (pretty ? VET_JSON_PRETTY : VET_JSON_COMPACT) |
                                             (no_entities ? VET_DIFF_JSON_NO_ENTITIES : 0) |
                                             (summary ? VET_DIFF_JSON_SUMMARY : 0));
  else out = vet_diff_to_text(diff, summary ? VET_DIFF_TEXT_SUMMARY : 0);
  if (!out) {
    cli_fail("diff: out of memory");
    goto done;
  }
  fputs(out, stdout);
  if (json) fputc('\n', stdout);
  free(out);
  rc = (s.added || s.removed || s.changed) ? 1 : 0;
done:
  vet_diff_free(diff);
  vet_diff_set_free(old_set);
  vet_diff_set_free(new_set);
  return rc;
}
