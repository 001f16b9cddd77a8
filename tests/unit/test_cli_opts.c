/* test_cli_opts.c — the `vet` option parser (cli/opts.c) on its own: every
 * kind of option, the positionals, and each error message, without running
 * a command. The parser is part of the `vet` binary, not of libvet, so its
 * source is compiled into this test directly. The CLI tests
 * (tests/cli/test_options.sh) check the same errors through real commands. */
#include "harness.h"
#include "../../cli/opts.c"

typedef struct dests {
  int json, all, count;
  double ratio;
  const char *db, *name;
  const char *items[3];
  cli_opt_list list;
} dests;

/* Runs the parser on a NULL-terminated argument vector (argv[0] is the
 * command); the table is built here over d, shared rows included. */
static int run(dests *d, const char **pos, int max_pos, int *n_pos, char *err, const char *const *args) {
  char *argv[32];
  int argc = 0;
  while (args[argc]) {
    argv[argc] = (char *)args[argc];
    argc++;
  }
  memset(d, 0, sizeof *d);
  d->count = 7;
  d->ratio = 0.5;
  d->list = (cli_opt_list){d->items, 3, 0, 0};
  const cli_opt shared[] = {
    CLI_STRING("--db", 'd', &d->db, "PATH", "the file"),
    CLI_END,
  };
  const cli_opt table[] = {
    CLI_FLAG("--json", 'j', &d->json, "print JSON"),
    CLI_SET("--open", 0, &d->all, 0, "open only"),
    CLI_SET("--all", 0, &d->all, 1, "everything"),
    CLI_INT("--count", 'n', &d->count, NULL, "how many"),
    CLI_DOUBLE("--ratio", 0, &d->ratio, "R", "a ratio"),
    CLI_STRING("--name", 0, &d->name, NULL, "a name"),
    CLI_LIST("--item", 0, &d->list, "X", "an item (repeat)"),
    CLI_CLEAR("--no-items", 0, &d->list, "no items"),
    CLI_MORE(shared, "shared options:"),
    CLI_END,
  };
  cli_spec spec = {"test", "usage: test", NULL, table, pos, max_pos};
  return cli_opts_parse(&spec, argc, argv, 1, n_pos, err, 256);
}

#define ARGS(...) ((const char *const[]){"test", __VA_ARGS__, NULL})

static void test_kinds(void) {
  dests d;
  const char *pos[3];
  int n = -1;
  char err[256] = "";
  REQUIRE(run(&d, pos, 3, &n, err,
              ARGS("a", "--json", "-n", "12", "b", "--ratio=0.25", "--item", "x", "--item=y", "-d", "f.db",
                   "--all", "--name", "-starts-with-dash", "-")) == 0);
  CHECK_INT(d.json, 1);
  CHECK_INT(d.count, 12);
  CHECK(d.ratio == 0.25);
  CHECK_INT(d.all, 1);
  CHECK_STR(d.db, "f.db");
  CHECK_STR(d.name, "-starts-with-dash");   /* a value is taken as it is, dash or not */
  CHECK_INT(d.list.n, 2);
  CHECK_INT(d.list.given, 1);
  CHECK_STR(d.items[0], "x");
  CHECK_STR(d.items[1], "y");
  CHECK_INT(n, 3);
  CHECK_STR(pos[0], "a");
  CHECK_STR(pos[1], "b");
  CHECK_STR(pos[2], "-");                   /* "-" alone is stdin, a positional */

  /* Defaults stay when nothing is given; "--" ends the options. */
  REQUIRE(run(&d, pos, 3, &n, err, ARGS("--", "--json", "-n")) == 0);
  CHECK_INT(d.json, 0);
  CHECK_INT(d.count, 7);
  CHECK(d.ratio == 0.5);
  CHECK(d.db == NULL);
  CHECK_INT(n, 2);
  CHECK_STR(pos[0], "--json");

  /* --open then --all: two rows, one destination, the last wins. */
  REQUIRE(run(&d, pos, 3, &n, err, ARGS("--all", "--open")) == 0);
  CHECK_INT(d.all, 0);
  /* The clear row empties the list and marks it given. */
  REQUIRE(run(&d, pos, 3, &n, err, ARGS("--item", "x", "--no-items")) == 0);
  CHECK_INT(d.list.n, 0);
  CHECK_INT(d.list.given, 1);
  /* Negative and signed numbers are numbers. */
  REQUIRE(run(&d, pos, 3, &n, err, ARGS("--count", "-3", "--ratio", "-1e-2")) == 0);
  CHECK_INT(d.count, -3);
  CHECK(d.ratio == -0.01);
}

static void test_errors(void) {
  dests d;
  const char *pos[1];
  int n;
  char err[256];
  static const struct {
    const char *args[5];
    const char *message;
  } cases[] = {
    {{"--jsn"}, "unknown option --jsn"},
    {{"--jsn=1"}, "unknown option --jsn"},
    {{"-x"}, "unknown option -x"},
    {{"-jn"}, "unknown option -jn"},        /* no bundling of short options */
    {{"--name"}, "option --name needs a value"},
    {{"a", "-d"}, "option -d needs a value"},
    {{"--count", "abc"}, "--count: not a number: abc"},
    {{"-n", "12x"}, "-n: not a number: 12x"},   /* named as written */
    {{"--count", ""}, "--count: not a number: "},
    {{"--count", "99999999999"}, "--count: out of range: 99999999999"},
    {{"--ratio", "nan"}, "--ratio: not a number: nan"},
    {{"--ratio", "1e999"}, "--ratio: out of range: 1e999"},
    {{"--ratio", "0.5.1"}, "--ratio: not a number: 0.5.1"},
    {{"--name", "a", "--name", "b"}, "option --name given twice"},
    {{"-d", "a", "--db", "b"}, "option --db given twice"},
    {{"--json", "--json"}, "option --json given twice"},
    {{"--json=yes"}, "option --json takes no value"},
    {{"--item", "1", "--item", "2", "--item"}, "option --item needs a value"},
    {{"a", "b"}, "unexpected argument b"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *args[7] = {"test"};
    for (int k = 0; k < 5 && cases[i].args[k]; k++) args[k + 1] = cases[i].args[k];
    err[0] = 0;
    CHECK_INT(run(&d, pos, 1, &n, err, args), -1);
    CHECK_STR(err, cases[i].message);
  }
  const char *many[] = {"test", "--item", "1", "--item", "2", "--item", "3", "--item", "4", NULL};
  CHECK_INT(run(&d, pos, 1, &n, err, many), -1);
  CHECK_STR(err, "--item: at most 3 values");
  CHECK_INT(d.list.n, 3);
  /* A bad number leaves the destination as it was. */
  CHECK_INT(run(&d, pos, 1, &n, err, ARGS("--count", "5z")), -1);
  CHECK_INT(d.count, 7);
  /* Help stops the walk where it is met. */
  CHECK_INT(run(&d, pos, 1, &n, err, ARGS("--json", "-h", "--bogus")), 1);
  CHECK_INT(run(&d, pos, 1, &n, err, ARGS("--help")), 1);
  CHECK_INT(run(&d, pos, 1, &n, err, ARGS("--bogus", "--help")), -1);
}

static void test_help(void) {
  int flag = 0, num = 0;
  const char *s = NULL;
  const cli_opt more[] = {CLI_STRING("--as", 0, &s, "TOKEN", "who"), CLI_END};
  const cli_opt table[] = {
    CLI_FLAG("--verbose", 'v', &flag, "say more"),
    CLI_INT("--a-rather-long-option-name", 0, &num, NULL, "wraps"),
    CLI_FLAG("--hidden", 0, &flag, NULL),
    CLI_MORE(more, "common options:"),
    CLI_END,
  };
  FILE *f = tmpfile();
  REQUIRE(f);
  cli_opts_help(f, table);
  char buf[1024];
  rewind(f);
  size_t got = fread(buf, 1, sizeof buf - 1, f);
  buf[got] = 0;
  fclose(f);
  CHECK_STR(buf, "options:\n"
                 "  -v, --verbose  say more\n"
                 "  --a-rather-long-option-name N\n"
                 "                 wraps\n"
                 "\n"
                 "common options:\n"
                 "  --as TOKEN  who\n");
}

int main(void) {
  RUN(test_kinds);
  RUN(test_errors);
  RUN(test_help);
  return HARNESS_DONE();
}
