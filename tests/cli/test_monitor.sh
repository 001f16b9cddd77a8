#!/bin/bash
# test_monitor.sh — `vet monitor`, `vet alerts`, `vet decide`, `vet audit` on
# real SQLite stores and the real OFAC SDN history of ../shared: OFAC added
# Intellexa and Cytrox on 2024-03-05 (sdn-2024-03-05.csv, ent_nums 48059,
# 48064, 48067, ...; `grep -n 'INTELLEXA\|CYTROX' sdn-2024-03-0[45].csv`
# finds them only in the 03-05 file) and removed ent_num 23306 (RONDON RIJO,
# Angel), which `grep -c '^23306,' sdn-2024-03-0[45].csv` shows in 03-04 only.
. "$(dirname "$0")/lib.sh"

HIST="$VET_SHARED_DIR/data/lists/ofac/sdn-history"
"$VET" index build -o "$TMP/s04.snap" "$HIST/sdn-2024-03-04.csv" >/dev/null 2>&1 || fail "index 03-04"
"$VET" index build -o "$TMP/s05.snap" "$HIST/sdn-2024-03-05.csv" >/dev/null 2>&1 || fail "index 03-05"
"$VET" diff --delta-snapshot "$TMP/d.snap" "$TMP/s04.snap" "$TMP/s05.snap" >/dev/null 2>&1
[ -s "$TMP/d.snap" ] || fail "no delta snapshot"

cat > "$TMP/c1.csv" <<'CSV'
cust_id,full_name,kind,ctry
C1,Intellexa S.A.,entity,GR
C2,Cytrox AD,entity,MK
C3,Angel Rondon Rijo,person,DO
C4,Harbor Lights Bakery,entity,US
C5,Banco Nacional de Cuba,entity,CU
CSV
COLS=(--id-column cust_id --name-column full_name --type-column kind --country-column ctry)

# Open alerts of a store as "customer source_id" lines, sorted.
open_pairs() { "$VET" alerts -d "$1" --format json | python3 -c 'import json,sys
for l in sys.stdin: a=json.loads(l); print(a["customer_id"], a["source_id"])' | sort; }
count() { grep -c "$2" "$1" || true; }

for MODE in delta previous; do
  DB="$TMP/$MODE.db"
  expect_status 0 "$VET" monitor import -d "$DB" "$TMP/c1.csv" "${COLS[@]}"
  expect_in "$TMP/out" "5 added, 0 changed, 0 unchanged, 0 removed, 0 rejected"

  # 2024-03-04, first run: full; Rondon Rijo and Banco Nacional alert, Intellexa/Cytrox do not.
  expect_status 1 "$VET" monitor run -d "$DB" -i "$TMP/s04.snap"
  expect_in "$TMP/out" "(full)"
  # Customers just under the threshold are screened fully at every run (docs/MONITOR.md).
  NEAR=$(sed -n 's/.*; \([0-9]*\) customers near the threshold$/\1/p' "$TMP/out")
  open_pairs "$DB" > "$TMP/p1"
  expect_in "$TMP/p1" "C3 23306"
  expect_not_in "$TMP/p1" "C1 "
  expect_not_in "$TMP/p1" "C2 "

  # 2024-03-05 as an update: incremental; Intellexa and Cytrox alert now.
  if [ $MODE = delta ]; then ARGS=(--delta "$TMP/d.snap"); else ARGS=(--previous "$TMP/s04.snap"); fi
  expect_status 1 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" "${ARGS[@]}"
  expect_in "$TMP/out" "(incremental)"
  expect_in "$TMP/out" "against 7 delta entities"   # 7 added, 0 changed: vet diff / test_diff.sh
  expect_in "$TMP/out" "screened ${NEAR:-?} against the whole snapshot, $((5 - ${NEAR:-0})) against"
  open_pairs "$DB" > "$TMP/p2"
  cp "$TMP/p2" "$TMP/p2.$MODE"
  expect_in "$TMP/p2" "C1 48059"
  expect_in "$TMP/p2" "C2 48067"
  # The removed entity's alert is closed, with the reason.
  expect_not_in "$TMP/p2" "C3 23306"
  "$VET" alerts -d "$DB" --all --format json > "$TMP/all"
  expect_in "$TMP/all" "entity removed from the lists"

  # Run again with the same lists: no new alert, exactly one for each pair.
  if [ $MODE = delta ]; then
    # The 03-04 -> 03-05 delta is no delta of this run (the last one used 03-05).
    expect_status 2 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --delta "$TMP/d.snap"
    expect_in "$TMP/err" "but the last run used"
    expect_status 0 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap"
    expect_in "$TMP/out" "(incremental)"
  else
    # --previous must be the snapshot the last run used: 03-04 is not any more.
    expect_status 2 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --previous "$TMP/s04.snap"
    expect_in "$TMP/err" "is not the snapshot the last run used"
    expect_status 0 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --previous "$TMP/s05.snap"
  fi
  expect_in "$TMP/out" " 0 new alerts"
  "$VET" alerts -d "$DB" --all --format json > "$TMP/all"
  CHECKS=$((CHECKS + 1))
  n=$(grep -c '"customer_id":"C2","customer_name":"Cytrox AD","list":"ofac-sdn","source_id":"48067"' "$TMP/all")
  [ "$n" = 1 ] || fail "$MODE: Cytrox AD alerted $n times, expected once"
done

DB="$TMP/delta.db"
# A false positive on (C1, 48064 INTELLEXA LIMITED) suppresses that pair ...
AID=$("$VET" alerts -d "$DB" --format json | python3 -c 'import json,sys
print([a["id"] for a in map(json.loads, sys.stdin) if a["customer_id"]=="C1" and a["source_id"]=="48064"][0])')
expect_status 2 "$VET" decide -d "$DB" "$AID" false-positive --by ann
expect_in "$TMP/err" "reason"
expect_status 0 "$VET" decide -d "$DB" "$AID" false-positive --reason "our client is the Greek bakery" --by ann
expect_status 0 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --full
expect_in "$TMP/out" " 0 new alerts"
open_pairs "$DB" > "$TMP/p3"
expect_not_in "$TMP/p3" "C1 48064"
# ... until the customer's record changes: re-import with C1's name changed
# and C4 gone; C1 is screened again and the pair comes back as a new alert.
sed -e 's/^C1,Intellexa S.A.,/C1,Intellexa SA,/' -e '/^C4,/d' "$TMP/c1.csv" > "$TMP/c2.csv"
expect_status 0 "$VET" monitor import -d "$DB" "$TMP/c2.csv" "${COLS[@]}"
expect_in "$TMP/out" "0 added, 1 changed, 3 unchanged, 1 removed"
expect_status 1 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap"
expect_in "$TMP/out" "screened 1 against the whole snapshot"
open_pairs "$DB" > "$TMP/p4"
expect_in "$TMP/p4" "C1 48064"
expect_in "$TMP/p4" "C1 48059"

# JSONL import, and a bad row reported with file and line.
printf '{"id":"J1","name":"Cytrox AD"}\n{"id":"J2"}\nnot json\n' > "$TMP/c.jsonl"
expect_status 0 "$VET" monitor import -d "$TMP/j.db" "$TMP/c.jsonl" --id-column id --name-column name
expect_in "$TMP/out" "1 added, 0 changed, 0 unchanged, 0 removed, 2 rejected"
expect_in "$TMP/err" "c.jsonl:2"
expect_in "$TMP/err" "c.jsonl:3"

# The audit log: one record per import, run and decision, a chain that verifies ...
expect_status 0 "$VET" audit export -d "$DB" --format jsonl
cp "$TMP/out" "$TMP/audit.jsonl"
# imports 2, runs 5 (03-04, 03-05, again, --full, after re-import), decisions 1: 8 records.
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$TMP/audit.jsonl")" = 8 ] || fail "audit has $(wc -l < "$TMP/audit.jsonl") records, expected 8"
expect_in "$TMP/audit.jsonl" '"action":"decide"'
expect_in "$TMP/audit.jsonl" '"reason":"our client is the Greek bakery"'
expect_in "$TMP/audit.jsonl" '\"list\":\"ofac-sdn\",\"date\":\"2024-03-05\"'
# An examiner recomputes the chain from the export alone (docs/MONITOR.md):
# hash = SHA-256(prev_hash US seq US at US actor US action US object US reason
# US detail), US = 0x1f, a null field as 0x1e.
CHECKS=$((CHECKS + 1))
python3 -c 'import hashlib,json,sys
prev="0"*64
for line in open(sys.argv[1]):
    r=json.loads(line)
    f=[prev,str(r["seq"])]+[r[k] for k in ("at","actor","action","object","reason","detail")]
    h=hashlib.sha256(b"\x1f".join(b"\x1e" if v is None else v.encode() for v in f)).hexdigest()
    assert r["prev_hash"]==prev and r["hash"]==h, r["seq"]
    prev=h
print(prev)' "$TMP/audit.jsonl" > "$TMP/head" 2>"$TMP/err" || fail "the export does not verify: $(cat "$TMP/err")"
expect_status 0 "$VET" audit export -d "$DB" --format csv
expect_in "$TMP/out" "seq,at,actor,action,object,reason,detail,prev_hash,hash"
expect_status 0 "$VET" audit verify -d "$DB"
expect_in "$TMP/out" "8 records"
expect_in "$TMP/out" "head $(cat "$TMP/head")"
# ... that refuses edits through SQLite ...
CHECKS=$((CHECKS + 1))
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE audit_log SET reason=1 WHERE seq=3")' "$DB" 2>/dev/null \
  && fail "the audit log took an UPDATE"
# ... and finds an edit made behind the triggers' back.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("DROP TRIGGER audit_no_update")
c.execute("UPDATE audit_log SET reason=? WHERE action=?", ("a different reason", "decide")); c.commit()' "$DB"
expect_status 2 "$VET" audit verify -d "$DB"
expect_in "$TMP/err" "was changed"

expect_status 2 "$VET" alerts -d "$TMP/nothing-here.db"

# ---- What a delta is a delta of (docs/MONITOR.md, "Delta provenance").
# A snapshot's checksum is the SHA-256 of everything after its 64-byte header
# (src/snapshot/format.h), computed here independently of vet.
ck() { python3 -c 'import hashlib,sys; print("sha256:"+hashlib.sha256(open(sys.argv[1],"rb").read()[64:]).hexdigest())' "$1"; }
CK04=$(ck "$TMP/s04.snap"); CK05=$(ck "$TMP/s05.snap")
# The correct delta gave the same open alerts as --previous.
CHECKS=$((CHECKS + 1))
cmp -s "$TMP/p2.delta" "$TMP/p2.previous" || fail "--delta and --previous alerted differently"
# The delta records both snapshots; vet lists shows them.
expect_status 0 "$VET" lists -i "$TMP/d.snap"
expect_in "$TMP/out" "base    snapshot $CK04"
expect_in "$TMP/out" "target  snapshot $CK05"
expect_in "$TMP/out" "(7 added, 0 changed)"
# The run record keeps it: run 2 of the delta store.
CHECKS=$((CHECKS + 1))
python3 -c 'import json,sqlite3,sys
p=json.loads(sqlite3.connect(sys.argv[1]).execute("SELECT delta_provenance FROM runs WHERE id=2").fetchone()[0])
assert p["base"]["checksum"]==sys.argv[2] and p["target"]["checksum"]==sys.argv[3], p' \
  "$TMP/delta.db" "$CK04" "$CK05" 2>"$TMP/err" || fail "run 2 lacks the delta's provenance: $(cat "$TMP/err")"

# Wrong deltas: of other snapshots (2022-03-07 -> 2024-03-05), swapped
# (03-05 -> 03-04), from list files, and a plain snapshot.
"$VET" index build -o "$TMP/s22.snap" "$HIST/sdn-2022-03-07.csv" >/dev/null 2>&1 || fail "index 2022-03-07"
CK22=$(ck "$TMP/s22.snap")
"$VET" diff --delta-snapshot "$TMP/other.snap" "$TMP/s22.snap" "$TMP/s05.snap" >/dev/null 2>&1
"$VET" diff --delta-snapshot "$TMP/swap.snap" "$TMP/s05.snap" "$TMP/s04.snap" >/dev/null 2>&1
"$VET" diff --delta-snapshot "$TMP/fromcsv.snap" "$HIST/sdn-2024-03-04.csv" "$TMP/s05.snap" >/dev/null 2>&1
for f in other swap fromcsv; do [ -s "$TMP/$f.snap" ] || fail "no $f delta"; done
DB="$TMP/refuse.db"
expect_status 0 "$VET" monitor import -d "$DB" "$TMP/c1.csv" "${COLS[@]}"
expect_status 1 "$VET" monitor run -d "$DB" -i "$TMP/s04.snap"
expect_status 2 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --delta "$TMP/other.snap"
expect_in "$TMP/err" "other.snap is a delta from snapshot $CK22, but the last run used $CK04"
expect_status 2 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --delta "$TMP/swap.snap"
expect_in "$TMP/err" "swap.snap is a delta from snapshot $CK05, but the last run used $CK04"
expect_in "$TMP/err" "swap.snap is a delta to snapshot $CK04, but this run screens $CK05"
expect_status 2 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --delta "$TMP/fromcsv.snap"
expect_in "$TMP/err" "fromcsv.snap is a delta from lists, not from one snapshot"
expect_status 2 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --delta "$TMP/s05.snap"
expect_in "$TMP/err" "s05.snap records no provenance"
expect_in "$TMP/err" "the last run's snapshot $CK04 to this run's $CK05"
expect_in "$TMP/err" "--trust-delta"
# The refusals changed nothing: the import and one run are all the audit holds.
expect_status 0 "$VET" audit verify -d "$DB"
expect_in "$TMP/out" "2 records"
# --trust-delta takes it, warns, and the run and its audit record say so.
expect_status 1 "$VET" monitor run -d "$DB" -i "$TMP/s05.snap" --delta "$TMP/other.snap" --trust-delta
expect_in "$TMP/out" "(incremental)"
expect_in "$TMP/err" "delta not verified, taken because of --trust-delta"
open_pairs "$DB" > "$TMP/p5"
expect_in "$TMP/p5" "C1 48059"
expect_status 0 "$VET" audit export -d "$DB" --format jsonl
expect_in "$TMP/out" '\"trust_delta\":true'
expect_in "$TMP/out" "\\\"delta_unverified\\\":\\\"$TMP/other.snap is a delta from snapshot $CK22"
CHECKS=$((CHECKS + 1))
python3 -c 'import sqlite3,sys
r=sqlite3.connect(sys.argv[1]).execute("SELECT delta_unverified, delta_provenance FROM runs WHERE id=2").fetchone()
assert r[0] and sys.argv[2] in r[0] and sys.argv[2] in r[1], r' "$DB" "$CK22" 2>"$TMP/err" \
  || fail "run 2 does not record the trusted delta: $(cat "$TMP/err")"
expect_status 0 "$VET" audit verify -d "$DB"
expect_in "$TMP/out" "3 records"
done_testing
