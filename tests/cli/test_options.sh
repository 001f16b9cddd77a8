#!/bin/bash
# test_options.sh — the option parser (cli/opts.c) seen through real commands:
# an unknown option, a missing value, a value that is not a number, an option
# given twice and an extra argument are each one line on stderr naming the
# command and the option, with exit status 2, and nothing is done (no file
# created); the same options still work in every position and as --opt=VALUE;
# --help lists the options from the table.
. "$(dirname "$0")/lib.sh"
unset VET_REGISTRY_TOKEN VET_REGISTRY_NOW
export VET_REGISTRY_DB="$TMP/reg.db"

# Unknown option.
expect_status 2 "$VET" registry asof --jsn
expect_in "$TMP/err" "vet registry asof: unknown option --jsn"
expect_status 2 "$VET" monitor run -d "$TMP/m.db" --fulll
expect_in "$TMP/err" "vet monitor run: unknown option --fulll"
expect_status 2 "$VET" lists --bogus=1
expect_in "$TMP/err" "vet lists: unknown option --bogus"
expect_status 2 "$VET" read --jsn "$VET_SOURCE_DIR/data"
expect_in "$TMP/err" "vet read: unknown option --jsn"
expect_not_in "$TMP/out" "entities"

# Missing value: the option is the last argument.
expect_status 2 "$VET" registry add --rule R --reason why --name
expect_in "$TMP/err" "vet registry add: option --name needs a value"
expect_status 2 "$VET" alerts -d
expect_in "$TMP/err" "vet alerts: option -d needs a value"
expect_status 2 "$VET" index build -o "$TMP/x.snap" "$VET_SOURCE_DIR/data" --dict
expect_in "$TMP/err" "vet index build: option --dict needs a value"
CHECKS=$((CHECKS + 1))
[ ! -e "$TMP/x.snap" ] || fail "index build wrote a snapshot despite the usage error"

# Not a number.
expect_status 2 "$VET" screen --limit abc "NSO Group"
expect_in "$TMP/err" "vet screen: --limit: not a number: abc"
expect_status 2 "$VET" monitor run -d "$TMP/m.db" --threads 4x
expect_in "$TMP/err" "vet monitor run: --threads: not a number: 4x"
expect_status 2 "$VET" text --threshold=high -
expect_in "$TMP/err" "vet text: --threshold: not a number: high"
# A number out of the command's range keeps the command's own message.
expect_status 2 "$VET" screen --limit 0 "NSO Group"
expect_in "$TMP/err" "screen: --limit wants a positive number"

# Given twice (a repeatable option such as --alias or --document may repeat).
expect_status 2 "$VET" registry publish --rule A --rule B --published 2021-11-04
expect_in "$TMP/err" "vet registry publish: option --rule given twice"
expect_status 2 "$VET" decide -d "$TMP/m.db" -d "$TMP/n.db" 1 true-match --reason r --by me
expect_in "$TMP/err" "vet decide: option -d given twice"
expect_status 2 "$VET" registry init -d "$TMP/a.db" --db "$TMP/b.db"
expect_in "$TMP/err" "vet registry init: option --db given twice"

# Too many arguments, and a flag given a value.
expect_status 2 "$VET" registry verify extra
expect_in "$TMP/err" "vet registry verify: unexpected argument extra"
expect_status 2 "$VET" show bis-el IL:nso-group extra
expect_in "$TMP/err" "vet show: unexpected argument extra"
expect_status 2 "$VET" diff --json=yes a b
expect_in "$TMP/err" "vet diff: option --json takes no value"

# A usage error does nothing: no registry and no monitoring store are created.
expect_status 2 "$VET" registry init -d "$TMP/new.db" --bogus
expect_status 2 "$VET" monitor import -d "$TMP/new-store.db" --id-column id --name-column
CHECKS=$((CHECKS + 1))
[ ! -e "$TMP/new.db" ] && [ ! -e "$TMP/new-store.db" ] || fail "a usage error created a file"

# The same options work in any position and as --opt=VALUE. Counts: the data/
# folder holds one list of 4 entities (grep -c source_id over its one file).
N=$(grep -c '"source_id"' "$VET_SOURCE_DIR"/data/entity-list-2021-11-04.jsonl)
expect_status 0 "$VET" index build "$VET_SOURCE_DIR/data" -o "$TMP/v.snap"
expect_in "$TMP/out" "wrote $TMP/v.snap: $N entities from 1 lists"
expect_status 0 "$VET" read "$VET_SOURCE_DIR/data" --format=vet-jsonl
expect_in "$TMP/out" "entities      $N"
expect_status 0 "$VET" show bis-el IL:nso-group --json -i "$TMP/v.snap"
expect_in "$TMP/out" '"source_id": "IL:nso-group"'
expect_status 1 "$VET" screen "NSO Group" --format=json -i "$TMP/v.snap"
expect_in "$TMP/out" '"query": "NSO Group"'
# "--" ends the options: a NAME that starts with a dash.
expect_status 0 "$VET" screen -i "$TMP/v.snap" -- "-Zzyzx"
expect_in "$TMP/out" 'no match for "-Zzyzx"'

# A repeatable option: --alias given three times reaches the registry.
CHECKS=$((CHECKS + 1))
expect_status 0 "$VET" registry init
ADMIN=$(sed -n 's/^token: //p' "$TMP/out")
expect_status 0 "$VET" registry identity add Chair --role chair --as "$ADMIN"
CHAIR=$(sed -n 's/^token: //p' "$TMP/out")
expect_status 0 "$VET" registry rule draft 2099-00001 --as "$CHAIR" --now 2099-01-01
expect_status 0 "$VET" registry add --as "$CHAIR" --now 2099-01-01 --rule 2099-00001 --reason test \
  --name "Example Trading" --country Freedonia --alias One --alias Two --alias=Three
expect_status 0 "$VET" registry publish --as "$CHAIR" --now 2099-01-02 --rule 2099-00001 --published 2099-01-02 --citation "999 FR 1"
expect_status 0 "$VET" registry asof 2099-01-03 --json
python3 -c 'import json,sys; e=[json.loads(l) for l in open(sys.argv[1])]; assert [x["aliases"] for x in e]==[["One","Two","Three"]], e' \
  "$TMP/out" || fail "the three --alias values did not reach the entry"

# --help lists the options from the table, shared groups under their heading.
for cmd in "screen" "text" "read" "index build" "lists" "show" "diff" "update" "monitor import" \
           "monitor run" "alerts" "decide" "audit export" "registry asof" "registry request"; do
  expect_status 0 "$VET" $cmd --help
  expect_in "$TMP/out" "options:"
done
expect_status 0 "$VET" registry request --help
expect_in "$TMP/out" "entry options:"
expect_in "$TMP/out" "common options:"
expect_in "$TMP/out" "--document FILE"
expect_in "$TMP/out" "-d, --db PATH"

done_testing
