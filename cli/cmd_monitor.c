/* cmd_monitor.c — the monitoring commands: `vet monitor import|run`,
 * `vet alerts`, `vet decide`, `vet audit export|verify`. Each opens the
 * monitoring store given with -d, calls one library function
 * (include/vet_monitor.h) and prints its result. Exit status: 0 success,
 * 1 (`vet monitor run`) new alerts were raised, 2 an error. */
#include "cli.h"
#include "opts.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *default_actor(void) {
  const char *u = getenv("VET_ACTOR");
  if (!u || !*u) u = getenv("USER");
  return u && *u ? u : "unknown";
}

static int open_store(const char *path, int create, vet_monitor **m) {
  vet_error err;
  if (!path) return cli_fail("give the monitoring store with -d STORE");
  int rc = vet_monitor_open(path, create, m, &err);
  return rc ? cli_fail_err(&err) : 0;
}

static void monitor_usage(void) {
  printf("usage: vet monitor import -d STORE CUSTOMERS.csv|.jsonl --id-column C --name-column C\n"
         "                          [--type-column C] [--country-column C] [--dob-column C]\n"
         "                          [--format csv|jsonl] [--by WHO]\n"
         "       vet monitor run -d STORE -i SNAPSHOT [--previous OLD_SNAPSHOT | --delta DELTA]\n"
         "                       [--trust-delta] [--full] [--threads N] [--threshold T] [--by WHO] [--json]\n\n"
         "import keeps the customer base in STORE (created when missing): added, changed and\n"
         "removed customers are detected. run screens after a list update: every customer\n"
         "against the entities added or changed since the last run (the delta, from\n"
         "--previous or --delta), new and changed customers against the whole snapshot; the\n"
         "first run screens everything. A --delta must record that it leads from the last\n"
         "run's snapshot to SNAPSHOT; --trust-delta takes it unchecked (audited).\n"
         "See docs/MONITOR.md.\n"
         "Exit status of run: 0 no new alert, 1 new alerts, 2 an error.\n");
}

static int do_import(int argc, char **argv) {
  const char *store = NULL;
  vet_monitor_import_options o;
  memset(&o, 0, sizeof o);
  o.actor = default_actor();
  int verbose = 0;
  o.diag = cli_print_diag;
  o.diag_userdata = &verbose;
  const cli_opt table[] = {
    CLI_STRING(NULL, 'd', &store, "STORE", "the monitoring store (created when missing)"),
    CLI_STRING("--id-column", 0, &o.id_column, "C", "the column with the customer's id (required)"),
    CLI_STRING("--name-column", 0, &o.name_column, "C", "the column with the customer's name (required)"),
    CLI_STRING("--type-column", 0, &o.type_column, "C", "the column with the type (person, organization...)"),
    CLI_STRING("--country-column", 0, &o.country_column, "C", "the column with the country"),
    CLI_STRING("--dob-column", 0, &o.dob_column, "C", "the column with the date of birth"),
    CLI_STRING("--format", 0, &o.format, "csv|jsonl", "the file's format (default: from its name)"),
    CLI_STRING("--by", 0, &o.actor, "WHO", "who imports, for the audit log (default $VET_ACTOR or $USER)"),
    CLI_END,
  };
  const char *pos[1];
  int n, status;
  cli_spec spec = {"monitor import",
                   "usage: vet monitor import -d STORE CUSTOMERS.csv|.jsonl --id-column C --name-column C\n"
                   "                          [--type-column C] [--country-column C] [--dob-column C]\n"
                   "                          [--format csv|jsonl] [--by WHO]\n\n"
                   "Keeps the customer base in STORE (created when missing): added, changed and\n"
                   "removed customers are detected. See docs/MONITOR.md.",
                   NULL, table, pos, 1};
  if (cli_parse(&spec, argc, argv, 2, &n, &status)) return status;
  const char *file = n ? pos[0] : NULL;
  if (!file) return cli_fail("monitor import: give the customer file");
  if (!o.id_column || !o.name_column) return cli_fail("monitor import: --id-column and --name-column are required");
  vet_monitor *m = NULL;
  int rc = open_store(store, 1, &m);
  if (rc) return rc;
  vet_error err;
  vet_monitor_import_result r;
  rc = vet_monitor_import(m, file, &o, &r, &err);
  vet_monitor_close(m);
  if (rc) return cli_fail_err(&err);
  printf("imported %zu customers from %s: %zu added, %zu changed, %zu unchanged, %zu removed, "
         "%zu rejected\n", r.rows, file, r.added, r.changed, r.unchanged, r.removed, r.rejected);
  return 0;
}

static int do_run(int argc, char **argv) {
  const char *store = NULL;
  vet_monitor_run_options o = vet_monitor_run_options_default();
  o.actor = default_actor();
  int json = 0, threads = 0;
  const cli_opt table[] = {
    CLI_STRING(NULL, 'd', &store, "STORE", "the monitoring store"),
    CLI_STRING(NULL, 'i', &o.snapshot, "SNAPSHOT", "the snapshot after the update (default $VET_SNAPSHOT or ./vet.snap)"),
    CLI_STRING("--previous", 0, &o.previous, "OLD_SNAPSHOT", "the snapshot before the update: the delta is computed"),
    CLI_STRING("--delta", 0, &o.delta, "DELTA", "the delta file (vet diff) instead of --previous"),
    CLI_FLAG("--trust-delta", 0, &o.trust_delta,
             "use --delta even if it records no provenance or another one (recorded in the audit log)"),
    CLI_FLAG("--full", 0, &o.full, "screen every customer against the whole snapshot"),
    CLI_INT("--threads", 0, &threads, "N", "screening threads (default: one per online core)"),
    CLI_DOUBLE("--threshold", 0, &o.threshold, "T", "the match threshold (default: vet's)"),
    CLI_STRING("--by", 0, &o.actor, "WHO", "who runs it, for the audit log (default $VET_ACTOR or $USER)"),
    CLI_FLAG("--json", 0, &json, "print the result as one JSON object"),
    CLI_END,
  };
  int n, status;
  cli_spec spec = {"monitor run",
                   "usage: vet monitor run -d STORE -i SNAPSHOT [--previous OLD_SNAPSHOT | --delta DELTA [--trust-delta]]\n"
                   "                       [--full] [--threads N] [--threshold T] [--by WHO] [--json]\n\n"
                   "Screens after a list update: every customer against the entities added or changed\n"
                   "since the last run (the delta, from --previous or --delta), new and changed\n"
                   "customers against the whole snapshot; the first run screens everything.\n"
                   "Exit status: 0 no new alert, 1 new alerts, 2 an error.",
                   NULL, table, NULL, 0};
  if (cli_parse(&spec, argc, argv, 2, &n, &status)) return status;
  if (threads < 0) return cli_fail("monitor run: --threads must be 0 or more");
  o.threads = (unsigned)threads;
  if (!o.snapshot) o.snapshot = vet_default_snapshot_path();
  vet_monitor *m = NULL;
  int rc = open_store(store, 0, &m);
  if (rc) return rc;
  vet_error err;
  vet_monitor_run_result r;
  rc = vet_monitor_run(m, &o, &r, &err);
  vet_monitor_close(m);
  if (rc) return cli_fail_err(&err);
  if (r.delta_unverified[0])
    fprintf(stderr, "vet: warning: delta not verified, taken because of --trust-delta (recorded in "
                    "run %lld and its audit record): %s\n", (long long)r.run_id, r.delta_unverified);
  if (json)
    printf("{\"run\":%lld,\"mode\":\"%s\",\"customers\":%zu,\"screened_full\":%zu,\"screened_delta\":%zu,"
           "\"delta_entities\":%zu,\"near\":%zu,\"hits\":%zu,\"new_alerts\":%zu,\"already_alerted\":%zu,"
           "\"suppressed\":%zu,\"closed\":%zu,\"seconds\":%.3f}\n",
           (long long)r.run_id, r.mode, r.customers, r.screened_full, r.screened_delta, r.delta_entities,
           r.near, r.hits, r.new_alerts, r.already_alerted, r.suppressed, r.closed, r.seconds_screening);
  else
    printf("run %lld (%s): %zu customers; screened %zu against the whole snapshot, %zu against %zu "
           "delta entities in %.2f s; %zu hits: %zu new alerts, %zu already alerted, %zu suppressed; "
           "%zu alerts closed; %zu customers near the threshold\n",
           (long long)r.run_id, r.mode, r.customers, r.screened_full, r.screened_delta, r.delta_entities,
           r.seconds_screening, r.hits, r.new_alerts, r.already_alerted, r.suppressed, r.closed, r.near);
  return r.new_alerts ? 1 : 0;
}

int cmd_monitor(int argc, char **argv) {
  if (argc < 2 || cli_is_help(argv[1])) {
    monitor_usage();
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "import")) return do_import(argc, argv);
  if (!strcmp(argv[1], "run")) return do_run(argc, argv);
  return cli_fail("monitor: unknown subcommand %s (import, run)", argv[1]);
}

/* ------------------------------------------------------------ alerts */

static void json_str(const char *s) {
  if (!s) {
    fputs("null", stdout);
    return;
  }
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p < 0x20) printf("\\u%04x", *p);
    else putchar(*p);
  }
  putchar('"');
}

static int print_alert(void *ud, const vet_monitor_alert *a) {
  int json = *(int *)ud;
  if (!json) {
    printf("%-6lld %-6s %-12s %-30.30s %-10s %-8s %.3f %-30.30s %s%s\n", (long long)a->id, a->state,
           a->customer_id, a->customer_name, a->list_id, a->source_id, a->score, a->matched_name,
           a->decision ? a->decision : "", a->closed_reason && !a->decision ? a->closed_reason : "");
    return 0;
  }
  printf("{\"id\":%lld,\"state\":", (long long)a->id);
  json_str(a->state);
  fputs(",\"customer_id\":", stdout);
  json_str(a->customer_id);
  fputs(",\"customer_name\":", stdout);
  json_str(a->customer_name);
  fputs(",\"list\":", stdout);
  json_str(a->list_id);
  fputs(",\"source_id\":", stdout);
  json_str(a->source_id);
  fputs(",\"entity_name\":", stdout);
  json_str(a->entity_name);
  fputs(",\"matched_name\":", stdout);
  json_str(a->matched_name);
  printf(",\"score\":%.4f,\"evidence\":", a->score);
  json_str(a->evidence);
  fputs(",\"decision\":", stdout);
  json_str(a->decision);
  printf(",\"run\":%lld,\"created_at\":", (long long)a->run_id);
  json_str(a->created_at);
  fputs(",\"closed_reason\":", stdout);
  json_str(a->closed_reason);
  fputs("}\n", stdout);
  return 0;
}

int cmd_alerts(int argc, char **argv) {
  const char *store = NULL, *format = "table";
  int all = 0;
  const cli_opt table[] = {
    CLI_STRING(NULL, 'd', &store, "STORE", "the monitoring store"),
    CLI_SET("--open", 0, &all, 0, "only the open alerts (the default)"),
    CLI_SET("--all", 0, &all, 1, "every alert, with its decision or why it was closed"),
    CLI_STRING("--format", 0, &format, "table|json", "json is one object a line"),
    CLI_END,
  };
  int n, status;
  cli_spec spec = {"alerts", "usage: vet alerts -d STORE [--open|--all] [--format table|json]\n"
                   "Lists the open alerts (or all, with decisions and why closed); json is one object a line.",
                   NULL, table, NULL, 0};
  if (cli_parse(&spec, argc, argv, 1, &n, &status)) return status;
  int json = !strcmp(format, "json");
  if (!json && strcmp(format, "table")) return cli_fail("alerts: format %s (table or json)", format);
  vet_monitor *m = NULL;
  int rc = open_store(store, 0, &m);
  if (rc) return rc;
  if (!json)
    printf("%-6s %-6s %-12s %-30s %-10s %-8s %-5s %-30s %s\n", "ALERT", "STATE", "CUSTOMER", "NAME", "LIST",
           "ID", "SCORE", "MATCHED", "DECISION/CLOSED");
  vet_error err;
  rc = vet_monitor_alerts(m, all, print_alert, &json, &err);
  vet_monitor_close(m);
  return rc ? cli_fail_err(&err) : 0;
}

int cmd_decide(int argc, char **argv) {
  const char *store = NULL, *reason = NULL, *by = NULL;
  const cli_opt table[] = {
    CLI_STRING(NULL, 'd', &store, "STORE", "the monitoring store"),
    CLI_STRING("--reason", 0, &reason, NULL, "why (required)"),
    CLI_STRING("--by", 0, &by, "WHO", "who decides (required)"),
    CLI_END,
  };
  const char *pos[2];
  int n, status;
  cli_spec spec = {"decide",
                   "usage: vet decide -d STORE ALERT_ID true-match|false-positive|needs-review "
                   "--reason TEXT --by WHO\n"
                   "A false positive suppresses the (customer, entity) pair until the customer's data or\n"
                   "the entity's record changes.",
                   NULL, table, pos, 2};
  if (cli_parse(&spec, argc, argv, 1, &n, &status)) return status;
  const char *id = n > 0 ? pos[0] : NULL, *decision = n > 1 ? pos[1] : NULL;
  if (!id || !decision) return cli_fail("decide: give ALERT_ID and a decision");
  char *end = NULL;
  long long aid = strtoll(id, &end, 10);
  if (!*id || *end || aid <= 0) return cli_fail("decide: %s is not an alert id", id);
  vet_monitor *m = NULL;
  int rc = open_store(store, 0, &m);
  if (rc) return rc;
  vet_error err;
  rc = vet_monitor_decide(m, aid, decision, reason, by, &err);
  vet_monitor_close(m);
  if (rc) return cli_fail_err(&err);
  printf("alert %lld: %s (by %s)\n", aid, decision, by);
  return 0;
}

static int print_line(void *ud, const char *line) {
  (void)ud;
  puts(line);
  return 0;
}

int cmd_audit(int argc, char **argv) {
  const char *store = NULL, *format = "jsonl";
  const cli_opt table[] = {
    CLI_STRING(NULL, 'd', &store, "STORE", "the monitoring store"),
    CLI_STRING("--format", 0, &format, "jsonl|csv", "export: the format (default jsonl)"),
    CLI_END,
  };
  const char *usage = "usage: vet audit export -d STORE [--format jsonl|csv]\n"
                      "       vet audit verify -d STORE\n"
                      "The monitoring store's audit log: every import, screening run and decision, hash-chained.";
  if (argc < 2 || cli_is_help(argv[1])) {
    printf("%s\n\n", usage);
    cli_opts_help(stdout, table);
    return argc < 2 ? 2 : 0;
  }
  int n_pos, status;
  char command[64];
  snprintf(command, sizeof command, "audit %s", argv[1]);
  cli_spec spec = {command, usage, NULL, table, NULL, 0};
  if (cli_parse(&spec, argc, argv, 2, &n_pos, &status)) return status;
  vet_monitor *m = NULL;
  int rc = open_store(store, 0, &m);
  if (rc) return rc;
  vet_error err;
  if (!strcmp(argv[1], "export")) {
    rc = vet_monitor_audit_export(m, format, print_line, NULL, &err);
  } else if (!strcmp(argv[1], "verify")) {
    int64_t n = 0;
    char head[65];
    rc = vet_monitor_audit_verify(m, &n, head, &err);
    if (!rc) printf("audit log intact: %lld records, head %s\n", (long long)n, head);
  } else {
    vet_monitor_close(m);
    return cli_fail("audit: unknown subcommand %s (export, verify)", argv[1]);
  }
  vet_monitor_close(m);
  return rc ? cli_fail_err(&err) : 0;
}
