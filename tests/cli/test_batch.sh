#!/bin/bash
# test_batch.sh — vet batch end to end on a real snapshot (vet's own list and
# OFAC's SDN list of 2024-05-03): order with two workers, identical names
# screened once, malformed rows, strict mode, JSON lines, the progress bar,
# and resume after SIGINT and after SIGKILL. Every expected count comes from
# python3 over the files the test writes, as each comment says.
. "$(dirname "$0")/lib.sh"
SDN="$VET_SHARED_DIR/data/lists/ofac/sdn-history/sdn-2024-05-03.csv"
GEN="$VET_SOURCE_DIR/bench/gen_customers.py"
expect_status 0 "$VET" index build -o "$TMP/v.snap" "$VET_SOURCE_DIR/data" "$SDN"
S="-i $TMP/v.snap"

# ---- a customer file: order, hits, the cache ----------------------------------
python3 "$GEN" 3000 "$TMP/c.csv" --sdn "$SDN" --seed 7 --listed-every 25
printf 'C9999998,NSO Group,organization,IL,,x@example.com\nC9999999,Jane Q. Nobody,person,US,,y@example.com\n' >> "$TMP/c.csv"
expect_status 1 "$VET" batch $S "$TMP/c.csv" -o "$TMP/out.csv" --name-column name --id-column customer_id --threads 2
python3 - "$TMP/c.csv" "$TMP/out.csv" <<'PY' || fail "batch output is not the input in order with vet's columns"
import csv, sys
inp = list(csv.reader(open(sys.argv[1], newline="")))
out = list(csv.reader(open(sys.argv[2], newline="")))
assert len(out) == len(inp), (len(out), len(inp))           # every row, once
assert out[0][:6] == inp[0] and out[0][6] == "vet_hits"
for a, b in zip(inp[1:], out[1:]):
    assert b[:6] == a, (a, b)                                 # same rows, same order
nso = [r for r in out if r[1] == "NSO Group"][0]
assert nso[6] == "1" and nso[8] == "bis-el" and nso[9] == "IL:nso-group", nso
nobody = [r for r in out if r[1] == "Jane Q. Nobody"][0]
assert nobody[6] == "0" and nobody[7] == "", nobody
PY
# Distinct queries: names folded as vet folds them (ASCII case, runs of space).
distinct=$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
fold = lambda s: " ".join("".join(c.lower() if c.isascii() else c for c in s).split())
print(len({fold(r["name"]) for r in rows}))' "$TMP/c.csv")
expect_in "$TMP/err" "$distinct distinct queries screened"
expect_in "$TMP/err" "3002 rows read, 3002 written"
expect_not_in "$TMP/err" "rows/s left"            # no progress bar when stderr is not a terminal

# ---- malformed rows ----------------------------------------------------------------
printf 'id,name,country\n1,NSO Group,IL\n2,Too,Many,Fields\n3,"Bad"quote,DE\n4,Caf\xe9 Latin,FR\n5,,IT\n6,Candiru,IL\n' > "$TMP/bad.csv"
expect_status 1 "$VET" batch $S "$TMP/bad.csv" -o "$TMP/bad.out.csv" --name-column name --id-column id
expect_in "$TMP/err" "bad.csv:3: rejected: 4 fields, the header has 3 (id 2)"
expect_in "$TMP/err" "bad.csv:4: rejected: broken quoting"
expect_in "$TMP/err" "bad.csv:5: rejected: invalid UTF-8"
expect_in "$TMP/err" "bad.csv:6: rejected: empty name"
expect_in "$TMP/err" "4 rejected"
expect_in "$TMP/err" "rejected line 3: 4 fields"
[ "$(wc -l < "$TMP/bad.out.csv")" = 3 ] || fail "bad.out.csv should hold the header and 2 good rows"
expect_status 2 "$VET" batch $S "$TMP/bad.csv" -o "$TMP/strict.csv" --name-column name --strict
expect_in "$TMP/err" "bad.csv:3: rejected"
[ "$(wc -l < "$TMP/strict.csv")" = 2 ] || fail "strict output should stop before line 3"
expect_status 2 "$VET" batch $S "$TMP/bad.csv" -o "$TMP/x.csv" --name-column nom
expect_in "$TMP/err" "no column \"nom\""

# ---- JSON lines --------------------------------------------------------------------------
printf '{"id": 1, "name": "Candiru Ltd.", "tags": ["a"]}\n{"id": 2, "name": "Mary Smith"}\n{"id": 3, "name": \n' > "$TMP/c.jsonl"
expect_status 1 "$VET" batch $S "$TMP/c.jsonl" -o "$TMP/c.out.jsonl" --name-column name
expect_in "$TMP/err" "c.jsonl:3: rejected: invalid JSON"
python3 - "$TMP/c.out.jsonl" <<'PY' || fail "JSONL output"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["id"] for r in rows] == [1, 2]
assert rows[0]["tags"] == ["a"] and rows[0]["vet"]["hits"] >= 1
assert rows[0]["vet"]["matches"][0]["list"] == "bis-el", rows[0]
assert rows[1]["vet"]["hits"] == 0
PY

# ---- the progress bar on a terminal ------------------------------------------------------
if command -v script >/dev/null; then
  script -qec "$VET batch $S $TMP/c.csv -o $TMP/tty.csv --name-column name --threads 1" /dev/null > "$TMP/tty.log" 2>&1
  expect_in "$TMP/tty.log" "done: 3002 rows read"
fi

# ---- interrupted runs resume to the same output ------------------------------------------
python3 "$GEN" 400000 "$TMP/big.csv" --sdn "$SDN" --seed 3
# One worker, so that the run lasts past its first checkpoint (one a second): with two it could
# end before the signal.
B1="--name-column name --country-column country --threads 1 -q"
"$VET" batch $S "$TMP/big.csv" -o "$TMP/clean.csv" $B1
for sig in INT KILL; do
  rm -f "$TMP/part.csv" "$TMP/part.csv.checkpoint"
  "$VET" batch $S "$TMP/big.csv" -o "$TMP/part.csv" $B1 &
  pid=$!
  for _ in $(seq 200); do  # until some rows are out and a periodic checkpoint is written (at most 10 s)
    [ -s "$TMP/part.csv" ] && [ "$(stat -c %s "$TMP/part.csv")" -gt 2000000 ] && [ -s "$TMP/part.csv.checkpoint" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
  done
  kill -0 $pid 2>/dev/null || fail "the run ended before SIG$sig could interrupt it"
  kill -$sig $pid
  wait $pid
  st=$?
  CHECKS=$((CHECKS + 1))
  if [ $sig = INT ]; then [ $st = 130 ] || fail "SIGINT: exit $st, expected 130"
  else [ $st = 137 ] || fail "SIGKILL: exit $st, expected 137"; fi
  python3 - "$TMP/part.csv" "$TMP/big.csv" <<'PY' || fail "partial output after SIG$sig is not whole rows of the input in order"
import csv, sys
out = list(csv.reader(open(sys.argv[1], newline="")))
inp = csv.reader(open(sys.argv[2], newline=""))
assert 1 < len(out) < 400001, len(out)
for o, i in zip(out, inp):
    assert o[:6] == i and len(o) == 14, (o, i)
PY
  [ -s "$TMP/part.csv.checkpoint" ] || fail "no checkpoint after SIG$sig"
  expect_status 1 "$VET" batch $S "$TMP/big.csv" -o "$TMP/part.csv" $B1 --resume
  [ -e "$TMP/part.csv.checkpoint" ] && fail "the checkpoint is left after a finished resume"
  cmp -s "$TMP/part.csv" "$TMP/clean.csv" || fail "resumed output after SIG$sig differs from a clean run"
  CHECKS=$((CHECKS + 1))
done
# Resume refuses other options, and there is nothing to resume now.
expect_status 2 "$VET" batch $S "$TMP/big.csv" -o "$TMP/part.csv" --name-column name --resume
expect_in "$TMP/err" "nothing to resume"

done_testing
