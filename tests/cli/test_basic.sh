#!/bin/bash
# test_basic.sh — vet read, index build, lists and show end to end, and the
# errors a user sees for bad input.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$VET" --help
expect_in "$TMP/out" "index"
expect_status 2 "$VET" frobnicate
expect_in "$TMP/err" "unknown command"

expect_status 0 "$VET" read "$VET_SOURCE_DIR/data"
expect_in "$TMP/out" "entities      4"

expect_status 0 "$VET" index build -o "$TMP/v.snap" "$VET_SOURCE_DIR/data"
expect_in "$TMP/out" "wrote $TMP/v.snap: 4 entities from 1 lists"
expect_status 0 "$VET" lists -i "$TMP/v.snap"
expect_in "$TMP/out" "bis-el"
expect_in "$TMP/out" "2021-11-04"
expect_status 0 "$VET" lists -i "$TMP/v.snap" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["lists"][0]["entities"]==4' "$TMP/out" \
  || fail "lists --json is not the expected JSON"
expect_status 0 "$VET" show -i "$TMP/v.snap" bis-el IL:candiru
expect_in "$TMP/out" "Tabatha Ltd."
expect_status 0 "$VET" show -i "$TMP/v.snap" --json bis-el IL:nso-group
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["citations"][0]=={"text":"86 FR 60760","date":"2021-11-04"}' "$TMP/out" \
  || fail "show --json lacks the citation"
expect_status 2 "$VET" show -i "$TMP/v.snap" bis-el XX:none
expect_in "$TMP/err" "no entity bis-el/XX:none"

# Bad input: each a one-line error naming the file.
expect_status 2 "$VET" lists -i "$TMP/missing.snap"
expect_in "$TMP/err" "$TMP/missing.snap"
: > "$TMP/empty.csv"
expect_status 2 "$VET" read "$TMP/empty.csv"
expect_in "$TMP/err" "$TMP/empty.csv: empty file"
printf 'hello world\nthis is not a list\n' > "$TMP/prose.txt"
expect_status 2 "$VET" read "$TMP/prose.txt"
expect_in "$TMP/err" "not a list vet can read"
# A file cut in the middle of its third line: two entities load, the cut one is reported.
{ head -n 2 "$VET_SOURCE_DIR/data/entity-list-2021-11-04.jsonl"
  sed -n 3p "$VET_SOURCE_DIR/data/entity-list-2021-11-04.jsonl" | head -c 100; } > "$TMP/trunc.jsonl"
expect_status 0 "$VET" read "$TMP/trunc.jsonl"
expect_in "$TMP/out" "entities      1"
expect_in "$TMP/out" "rejected 1"
expect_in "$TMP/err" "trunc.jsonl:3: rejected: invalid JSON"
expect_status 2 "$VET" read --strict "$TMP/trunc.jsonl"
expect_in "$TMP/err" "trunc.jsonl:3:"
printf '{"vet_list": {"id": "x"}}\n{"source_id": "1", "name": "Caf\xe9"}\n' > "$TMP/latin1.jsonl"
expect_status 2 "$VET" read "$TMP/latin1.jsonl"
expect_in "$TMP/err" "latin1.jsonl:2: invalid UTF-8"
expect_status 2 "$VET" lists -i "$VET_SOURCE_DIR/README.md"
expect_in "$TMP/err" "not a valid vet snapshot"

done_testing
