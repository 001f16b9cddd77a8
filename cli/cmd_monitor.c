/* cmd_monitor.c — the monitoring commands: `vet monitor import|run`,
 * `vet alerts`, `vet decide`, `vet audit export|verify`. Each opens the
 * monitoring store given with -d, calls one library function
 * (include/vet_monitor.h) and prints its result. Exit status: 0 success,
 * 1 (`vet monitor run`) new alerts were raised, 2 an error. */
#include "cli.h"

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
         "                       [--full] [--threads N] [--threshold T] [--by WHO] [--json]\n\n"
         "import keeps the customer base in STORE (created when missing): added, changed and\n"
         "removed customers are detected. run screens after a list update: every customer\n"
         "against the entities added or changed since the last run (the delta, from\n"
         "--previous or --delta), new and changed customers against the whole snapshot; the\n"
         "first run screens everything. See docs/MONITOR.md.\n"
         "Exit status of run: 0 no new alert, 1 new alerts, 2 an error.\n");
}

static int do_import(int argc, char **argv) {
  const char *store = NULL, *file = NULL;
  vet_monitor_import_options o;
  memset(&o, 0, sizeof o);
  o.actor = default_actor();
  int verbose = 0;
  o.diag = cli_print_diag;
  o.diag_userdata = &verbose;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (!strcmp(a, "-d") && more) store = argv[++i];
    else if (!strcmp(a, "--id-column") && more) o.id_column = argv[++i];
    else if (!strcmp(a, "--name-column") && more) o.name_column = argv[++i];
    else if (!strcmp(a, "--type-column") && more) o.type_column = argv[++i];
    else if (!strcmp(a, "--country-column") && more) o.country_column = argv[++i];
    else if (!strcmp(a, "--dob-column") && more) o.dob_column = argv[++i];
    else if (!strcmp(a, "--format") && more) o.format = argv[++i];
    else if (!strcmp(a, "--by") && more) o.actor = argv[++i];
    else if (a[0] == '-' && a[1]) return cli_fail("monitor import: unknown option %s", a);
    else if (!file) file = a;
    else return cli_fail("monitor import: one customer file only");
  }
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
  int json = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (!strcmp(a, "-d") && more) store = argv[++i];
    else if (!strcmp(a, "-i") && more) o.snapshot = argv[++i];
    else if (!strcmp(a, "--previous") && more) o.previous = argv[++i];
    else if (!strcmp(a, "--delta") && more) o.delta = argv[++i];
    else if (!strcmp(a, "--full")) o.full = 1;
    else if (!strcmp(a, "--threads") && more) o.threads = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(a, "--threshold") && more) o.threshold = strtod(argv[++i], NULL);
    else if (!strcmp(a, "--by") && more) o.actor = argv[++i];
    else if (!strcmp(a, "--json")) json = 1;
    else return cli_fail("monitor run: unknown option %s", a);
  }
  if (!o.snapshot) o.snapshot = vet_default_snapshot_path();
  vet_monitor *m = NULL;
  int rc = open_store(store, 0, &m);
  if (rc) return rc;
  vet_error err;
  vet_monitor_run_result r;
  rc = vet_monitor_run(m, &o, &r, &err);
  vet_monitor_close(m);
  if (rc) return cli_fail_err(&err);
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
  const char *store = NULL;
  int all = 0, json = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is_help(a)) {
      printf("usage: vet alerts -d STORE [--open|--all] [--format table|json]\n"
             "Lists the open alerts (or all, with decisions and why closed); json is one object a line.\n");
      return 0;
    }
    if (!strcmp(a, "-d") && i + 1 < argc) store = argv[++i];
    else if (!strcmp(a, "--open")) all = 0;
    else if (!strcmp(a, "--all")) all = 1;
    else if (!strcmp(a, "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (!strcmp(f, "json")) json = 1;
      else if (!strcmp(f, "table")) json = 0;
      else return cli_fail("alerts: format %s (table or json)", f);
    } else return cli_fail("alerts: unknown option %s", a);
  }
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
  const char *store = NULL, *reason = NULL, *by = NULL, *id = NULL, *decision = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is_help(a)) {
      printf("usage: vet decide -d STORE ALERT_ID true-match|false-positive|needs-review "
             "--reason TEXT --by WHO\n"
             "A false positive suppresses the (customer, entity) pair until the customer's data or\n"
             "the entity's record changes.\n");
      return 0;
    }
    if (!strcmp(a, "-d") && i + 1 < argc) store = argv[++i];
    else if (!strcmp(a, "--reason") && i + 1 < argc) reason = argv[++i];
    else if (!strcmp(a, "--by") && i + 1 < argc) by = argv[++i];
    else if (a[0] == '-') return cli_fail("decide: unknown option %s", a);
    else if (!id) id = a;
    else if (!decision) decision = a;
    else return cli_fail("decide: too many arguments");
  }
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
  if (argc < 2 || cli_is_help(argv[1])) {
    printf("usage: vet audit export -d STORE [--format jsonl|csv]\n"
           "       vet audit verify -d STORE\n"
           "The monitoring store's audit log: every import, screening run and decision, hash-chained.\n");
    return argc < 2 ? 2 : 0;
  }
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "-d") && i + 1 < argc) store = argv[++i];
    else if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
    else return cli_fail("audit: unknown option %s", argv[i]);
  }
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
