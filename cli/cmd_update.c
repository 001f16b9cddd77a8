/* cmd_update.c — `vet update`: download the official lists, check them,
 * keep every version in the store and rebuild the snapshot (the work is
 * libvet's, include/vet_update.h; this file parses arguments and prints).
 * Exit status: 0 every list installed or unchanged, 1 a list was held back
 * or failed (the last good version stays installed), 2 an error. */
#include "cli.h"
#include "opts.h"

#include <stdlib.h>
#include <string.h>

typedef struct state {
  int quiet, verbose, json;
} state;

static const char usage_text[] =
    "usage: vet update [--config FILE] [--store DIR] [--snapshot PATH] [--list NAME]...\n"
    "                  [--accept NAME]... [--set KEY=VALUE]... [--no-snapshot]\n"
    "                  [--force-snapshot] [--json] [--quiet] [--verbose] [--print-config]\n"
    "       vet update --status [--json] [--config FILE] [--store DIR]\n\n"
    "Downloads the configured lists (default: the official OFAC SDN and non-SDN, trade.gov\n"
    "CSL, UN, UK OFSI, EU FSF and eCFR part 744 publications), checks them, keeps every\n"
    "version in the store and rebuilds the snapshot from the newest good version of each.";

/* Progress lines, with --verbose only. */
static void on_log(void *ud, const char *line) {
  state *st = ud;
  if (st->verbose) fprintf(stderr, "vet update: %s\n", line);
}

/* The readers' diagnostics, unless --quiet. */
static void on_diag(void *ud, const vet_diag *d) {
  state *st = ud;
  if (!st->quiet) cli_print_diag(&st->verbose, d);
}

/* s as a JSON string (with quotes) on out; NULL as null. */
static void put_json_string(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
    else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
    else fputc(*p, out);
  }
  fputc('"', out);
}

/* One list's outcome: a JSON line, or a line on stdout (stderr when it needs attention). */
static void on_result(void *ud, const vet_update_result *r) {
  state *st = ud;
  if (st->json) {
    printf("{\"list\":");
    put_json_string(stdout, r->list);
    printf(",\"status\":\"%s\",\"version\":", vet_update_status_name(r->status));
    put_json_string(stdout, r->version);
    printf(",\"previous_version\":");
    put_json_string(stdout, r->previous_version);
    printf(",\"entities\":%llu,\"previous_entities\":%llu,\"rejected\":%llu,\"bytes\":%llu,"
           "\"downloaded\":%u,\"not_modified\":%u,\"requests\":%u,\"message\":",
           (unsigned long long)r->entities, (unsigned long long)r->previous_entities,
           (unsigned long long)r->rejected, (unsigned long long)r->bytes, r->files_downloaded,
           r->files_not_modified, r->requests);
    put_json_string(stdout, r->message);
    printf("}\n");
    return;
  }
  if (st->quiet && (r->status == VET_UPDATE_UNCHANGED || r->status == VET_UPDATE_SKIPPED)) return;
  FILE *out = (r->status == VET_UPDATE_HELD || r->status == VET_UPDATE_FAILED) ? stderr : stdout;
  fprintf(out, "%-12s %-9s %-20s %s\n", r->list, vet_update_status_name(r->status),
          r->version ? r->version : "-", r->message ? r->message : "");
}

#define MAXN 64

int cmd_update(int argc, char **argv) {
  state st = {0, 0, 0};
  const char *config_path = NULL, *store = NULL, *snapshot = NULL;
  /* only and accept end with NULL for the library: one slot more than the list takes. */
  const char *only[MAXN + 1] = {NULL}, *accept[MAXN + 1] = {NULL}, *sets[MAXN] = {NULL};
  cli_opt_list only_list = {only, MAXN, 0, 0}, accept_list = {accept, MAXN, 0, 0}, set_list = {sets, MAXN, 0, 0};
  int print_config = 0, status = 0;
  vet_update_options o = vet_update_options_default();
  const cli_opt table[] = {
    CLI_STRING("--config", 0, &config_path, "FILE", "INI configuration (docs/UPDATES.md); --print-config shows the defaults"),
    CLI_STRING("--store", 0, &store, "DIR", "the store folder (default: vet-store, or the config's)"),
    CLI_STRING("--snapshot", 0, &snapshot, "PATH", "the snapshot to rebuild (default: $VET_SNAPSHOT or ./vet.snap)"),
    CLI_LIST("--list", 0, &only_list, "NAME", "update only this list (repeatable)"),
    CLI_LIST("--accept", 0, &accept_list, "NAME", "install NAME's held-back download despite the shrink check"),
    CLI_LIST("--set", 0, &set_list, "KEY=VALUE", "override an [update] key, e.g. --set max_shrink=5%"),
    CLI_FLAG("--no-snapshot", 0, &o.no_snapshot, "do not rebuild the snapshot"),
    CLI_FLAG("--force-snapshot", 0, &o.force_snapshot, "rebuild the snapshot even when nothing changed"),
    CLI_FLAG("--print-config", 0, &print_config, "print the configuration in effect and stop"),
    CLI_FLAG("--status", 0, &status, "what the store holds: installed versions, last outcomes, held lists"),
    CLI_FLAG("--json", 0, &st.json, "print JSON"),
    CLI_FLAG("--quiet", 'q', &st.quiet, "only what needs attention: no diagnostics, no unchanged lists, no summary"),
    CLI_FLAG("--verbose", 'v', &st.verbose, "progress lines on stderr"),
    CLI_END,
  };
  cli_spec spec = {"update", usage_text,
                   "Exit status: 0 all lists installed or unchanged, 1 a list held back or failed, 2 error.\n",
                   table, NULL, 0};
  int n_pos, parse_status;
  if (cli_parse(&spec, argc, argv, 1, &n_pos, &parse_status)) return parse_status;
  int n_only = only_list.n, n_accept = accept_list.n, n_sets = set_list.n;
  vet_error err;
  vet_update_config *c = NULL;
  if (config_path) {
    if (vet_update_config_load(config_path, &c, &err)) return cli_fail_err(&err);
  } else if (!(c = vet_update_config_default())) {
    return cli_fail("update: out of memory");
  }
  int rc = 0;
  if ((store && vet_update_config_set(c, "store", store, &err)) ||
      (snapshot && vet_update_config_set(c, "snapshot", snapshot, &err)))
    rc = cli_fail_err(&err);
  for (int i = 0; i < n_sets && !rc; i++) {
    char key[64];
    const char *eq = strchr(sets[i], '=');
    if (!eq || eq == sets[i] || (size_t)(eq - sets[i]) >= sizeof key) {
      rc = cli_fail("update: --set takes KEY=VALUE, not %s", sets[i]);
      break;
    }
    snprintf(key, sizeof key, "%.*s", (int)(eq - sets[i]), sets[i]);
    if (vet_update_config_set(c, key, eq + 1, &err)) rc = cli_fail_err(&err);
  }
  if (!rc && print_config) {
    char *text = vet_update_config_to_text(c);
    if (!text) rc = cli_fail("update: out of memory");
    else fputs(text, stdout);
    free(text);
    vet_update_config_free(c);
    return rc;
  }
  if (!rc && status) {
    char *text = NULL;
    if (vet_update_status_report(c, st.json ? VET_UPDATE_STATUS_JSON | VET_JSON_PRETTY : 0, &text, &err))
      rc = cli_fail_err(&err);
    else fputs(text, stdout);
    if (text && st.json) fputc('\n', stdout);
    free(text);
    vet_update_config_free(c);
    return rc;
  }
  if (rc) {
    vet_update_config_free(c);
    return rc;
  }
  o.only = n_only ? only : NULL;
  o.accept = n_accept ? accept : NULL;
  o.log = on_log;
  o.result = on_result;
  o.diag = on_diag;
  o.userdata = &st;
  vet_update_summary sum;
  rc = vet_update_run(c, &o, &sum, &err);
  vet_update_config_free(c);
  if (rc) return cli_fail_err(&err);
  if (!st.json && !st.quiet)
    printf("update: %u installed, %u unchanged, %u held back, %u failed%s\n", sum.installed,
           sum.unchanged, sum.held, sum.failed,
           sum.snapshot_built ? "; snapshot rebuilt" : "; snapshot not rebuilt");
  if (sum.snapshot_built && !st.json && !st.quiet)
    printf("snapshot: %llu entities\n", (unsigned long long)sum.snapshot_entities);
  return (sum.held || sum.failed) ? 1 : 0;
}
