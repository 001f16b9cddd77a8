/* cmd_update.c — `vet update`: download the official lists, check them,
 * keep every version in the store and rebuild the snapshot (the work is
 * libvet's, include/vet_update.h; this file parses arguments and prints).
 * Exit status: 0 every list installed or unchanged, 1 a list was held back
 * or failed (the last good version stays installed), 2 an error. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct state {
  int quiet, verbose, json;
} state;

static void usage(void) {
  printf("usage: vet update [--config FILE] [--store DIR] [--snapshot PATH] [--list NAME]...\n"
         "                  [--accept NAME]... [--set KEY=VALUE]... [--no-snapshot]\n"
         "                  [--force-snapshot] [--json] [--quiet] [--verbose] [--print-config]\n"
         "       vet update --status [--json] [--config FILE] [--store DIR]\n\n"
         "Downloads the configured lists (default: the official OFAC SDN and non-SDN, trade.gov\n"
         "CSL, UN, UK OFSI, EU FSF and eCFR part 744 publications), checks them, keeps every\n"
         "version in the store and rebuilds the snapshot from the newest good version of each.\n"
         "  --config FILE     INI configuration (docs/UPDATES.md); --print-config shows the defaults\n"
         "  --store DIR       the store folder (default: vet-store, or the config's)\n"
         "  --snapshot PATH   the snapshot to rebuild (default: $VET_SNAPSHOT or ./vet.snap)\n"
         "  --list NAME       update only this list (repeatable)\n"
         "  --accept NAME     install NAME's held-back download despite the shrink check\n"
         "  --set KEY=VALUE   override an [update] key, e.g. --set max_shrink=5%%\n"
         "  --status          what the store holds: installed versions, last outcomes, held lists\n"
         "Exit status: 0 all lists installed or unchanged, 1 a list held back or failed, 2 error.\n");
}

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
  const char *only[MAXN + 1] = {NULL}, *accept[MAXN + 1] = {NULL}, *sets[MAXN] = {NULL};
  int n_only = 0, n_accept = 0, n_sets = 0, print_config = 0, status = 0;
  vet_update_options o = vet_update_options_default();
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (cli_is_help(a)) {
      usage();
      return 0;
    }
    if (!strcmp(a, "--config") && more) config_path = argv[++i];
    else if (!strcmp(a, "--store") && more) store = argv[++i];
    else if (!strcmp(a, "--snapshot") && more) snapshot = argv[++i];
    else if (!strcmp(a, "--list") && more && n_only < MAXN) only[n_only++] = argv[++i];
    else if (!strcmp(a, "--accept") && more && n_accept < MAXN) accept[n_accept++] = argv[++i];
    else if (!strcmp(a, "--set") && more && n_sets < MAXN) sets[n_sets++] = argv[++i];
    else if (!strcmp(a, "--no-snapshot")) o.no_snapshot = 1;
    else if (!strcmp(a, "--force-snapshot")) o.force_snapshot = 1;
    else if (!strcmp(a, "--print-config")) print_config = 1;
    else if (!strcmp(a, "--status")) status = 1;
    else if (!strcmp(a, "--json")) st.json = 1;
    else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) st.quiet = 1;
    else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) st.verbose = 1;
    else return cli_fail("update: unknown option or missing value: %s (see vet update --help)", a);
  }
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
