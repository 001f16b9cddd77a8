#!/bin/bash
# test_update.sh — `vet update` end to end against a real HTTP server on
# 127.0.0.1 (tests/tools/list_server.py) serving the real OFAC SDN files of
# ../shared (sdn-history): first install, 304 on the second run, a truncated
# body, 500-then-200 retries, a shrunken list held back and then accepted,
# a list that always fails, content no reader accepts, a timeout, the
# store's lock and config errors. Nothing is fetched from any other address.
. "$(dirname "$0")/lib.sh"

HIST="$VET_SHARED_DIR/data/lists/ofac/sdn-history"
WWW="$TMP/www"
mkdir -p "$WWW"
cp "$HIST/sdn-2024-03-04.csv" "$WWW/sdn.csv"

python3 "$VET_SOURCE_DIR/tests/tools/list_server.py" --root "$WWW" --port-file "$TMP/port" \
  --log "$TMP/http.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$TMP/port")
[ -n "$PORT" ] || { echo "FAIL: the test server did not start" >&2; exit 1; }

cat > "$TMP/vet-update.conf" <<CONF
# Only 127.0.0.1: the test server.
[update]
store = $TMP/store
snapshot = $TMP/vet.snap
timeout = 20
backoff_ms = 50
max_backoff_ms = 200
retries = 3

[list ofac-sdn]
file = sdn.csv http://127.0.0.1:$PORT/sdn.csv
CONF
UPDATE=("$VET" update --config "$TMP/vet-update.conf")
behave() { printf '{"files": {"sdn.csv": "%s"}}\n' "$1" > "$WWW/.behaviour.json"; }
# manifest KEY: a value of the ofac-sdn entry of the store's manifest.
manifest() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lists"]["ofac-sdn"].get(sys.argv[2]))' \
    "$TMP/store/manifest.json" "$1"
}
# Requests the server logged after line $1, as "status status ...".
statuses_since() { tail -n +"$(($1 + 1))" "$TMP/http.log" | python3 -c \
  'import json,sys; print(" ".join(str(json.loads(l)["status"]) for l in sys.stdin))'; }
loglines() { wc -l < "$TMP/http.log"; }
# Independent count of entities: records of sdn.csv with 12 fields and a numeric
# ent_num, read with Python's csv module (sdn-2024-03-04.csv: 14426, 2024-03-05: 14432).
count_sdn() { python3 -c 'import csv,sys
rows=csv.reader(open(sys.argv[1],encoding="cp1252",errors="replace",newline=""))
print(sum(1 for r in rows if len(r)==12 and r[0].strip().isdigit()))' "$1"; }
N0=$(count_sdn "$HIST/sdn-2024-03-04.csv")
N1=$(count_sdn "$HIST/sdn-2024-03-05.csv")

# 1. First update: downloads, checks, installs and builds the snapshot.
behave normal
expect_status 0 "${UPDATE[@]}"
expect_in "$TMP/out" "ofac-sdn     installed"
expect_in "$TMP/out" "$N0 entities (first version)"
expect_in "$TMP/out" "snapshot rebuilt"
V1=$(manifest current)
[ "$(manifest entities)" = "$N0" ] || fail "manifest entities $(manifest entities), expected $N0"
[ -f "$TMP/store/ofac-sdn/$V1/sdn.csv" ] || fail "version folder $V1 lacks sdn.csv"
cmp -s "$TMP/store/ofac-sdn/$V1/sdn.csv" "$HIST/sdn-2024-03-04.csv" || fail "stored file differs from the served one"
case "$V1" in ????-??-??-????????) ;; *) fail "version name $V1 is not DATE-SHA8" ;; esac
SUM=$(sha256sum "$HIST/sdn-2024-03-04.csv" | cut -c1-64)
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); f=m["lists"]["ofac-sdn"]["files"]["sdn.csv"]
assert f["checksum"]=="sha256:"+sys.argv[2], f; assert f["etag"]' "$TMP/store/manifest.json" "$SUM" \
  || fail "manifest lacks the file's checksum or ETag"
expect_status 0 "$VET" lists -i "$TMP/vet.snap"
expect_in "$TMP/out" "ofac-sdn"
expect_in "$TMP/out" "$N0"
SNAPSUM1=$(sha256sum "$TMP/vet.snap")

# 2. Second update: a conditional request, 304, nothing downloaded, snapshot untouched.
L=$(loglines)
expect_status 0 "${UPDATE[@]}" --json
python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline())
assert r["list"]=="ofac-sdn" and r["status"]=="unchanged" and r["message"]=="not modified", r
assert r["not_modified"]==1 and r["downloaded"]==0 and r["requests"]==1 and r["bytes"]==0, r' "$TMP/out" \
  || fail "update --json: $(cat "$TMP/out")"
[ "$(statuses_since "$L")" = "304" ] || fail "second run made requests $(statuses_since "$L"), expected one 304"
tail -n 1 "$TMP/http.log" | grep -q '"if_none_match": "\\"' || fail "the second request had no If-None-Match"
[ "$(sha256sum "$TMP/vet.snap")" = "$SNAPSUM1" ] || fail "an unchanged list rebuilt the snapshot"

# 2b. A snapshot this vet cannot open (an older vet's, or damaged) is rebuilt
#     from the installed lists although nothing changed.
printf 'VETSNAP?not a snapshot of this vet' > "$TMP/vet.snap"
expect_status 0 "${UPDATE[@]}" -v
expect_in "$TMP/out" "snapshot rebuilt"
grep -q "cannot be opened" "$TMP/out" "$TMP/err" 2>/dev/null || fail "the rebuild did not say why: $(cat "$TMP/out" "$TMP/err")"
expect_status 0 "$VET" lists -i "$TMP/vet.snap"
expect_in "$TMP/out" "$N0"
SNAPSUM1=$(sha256sum "$TMP/vet.snap")

# 3. The next day's list, cut off in transit (Content-Length larger than the body):
#    retried, then reported; the installed version and the snapshot stay.
cp "$HIST/sdn-2024-03-05.csv" "$WWW/sdn.csv"
behave truncate
L=$(loglines)
expect_status 1 "${UPDATE[@]}"
expect_in "$TMP/err" "ofac-sdn     failed"
expect_in "$TMP/err" "partial file"
expect_in "$TMP/err" "gave up after 4 attempts"
[ "$(statuses_since "$L")" = "200 200 200 200" ] || fail "truncated: requests $(statuses_since "$L")"
[ "$(manifest current)" = "$V1" ] || fail "a truncated download replaced the installed version"
[ "$(manifest last_status)" = "failed" ] || fail "last_status $(manifest last_status)"
[ "$(ls "$TMP/store/ofac-sdn" | wc -l)" = 1 ] || fail "a truncated download left a version folder"
[ -z "$(ls -A "$TMP/store/.tmp")" ] || fail "a truncated download left temporary files"
[ "$(sha256sum "$TMP/vet.snap")" = "$SNAPSUM1" ] || fail "a truncated download changed the snapshot"

# 4. 500, 500, then 200: installed after two retries; the report counts the changes
#    (7 added, 1 removed, 0 changed: see test_diff.sh for the independent count).
behave fail_first:2
L=$(loglines)
expect_status 0 "${UPDATE[@]}"
expect_in "$TMP/out" "ofac-sdn     installed"
expect_in "$TMP/out" "$N1 entities ($N0 before); 7 added, 1 removed, 0 changed"
[ "$(statuses_since "$L")" = "500 500 200" ] || fail "retry: requests $(statuses_since "$L")"
V2=$(manifest current)
[ "$V2" != "$V1" ] || fail "the new version has the old name"
[ -d "$TMP/store/ofac-sdn/$V1" ] || fail "the previous version was not kept"
expect_status 0 "$VET" show -i "$TMP/vet.snap" ofac-sdn 48059
expect_in "$TMP/out" "INTELLEXA S.A."
# The store's versions are what vet diff compares: the two folders, as kept.
expect_status 1 "$VET" diff "$TMP/store/ofac-sdn/$V1" "$TMP/store/ofac-sdn/$V2"
expect_in "$TMP/out" "7 added, 1 removed, 0 changed"
expect_in "$TMP/out" "+ ofac-sdn 48067  CYTROX AD"

# 5. A shrunken list (the first 1,000 rows of the same file): held back, reported,
#    kept in the store, not installed; the snapshot keeps the full list.
head -n 1000 "$HIST/sdn-2024-03-05.csv" > "$WWW/sdn.csv"
NS=$(count_sdn "$WWW/sdn.csv")
behave normal
SNAPSUM2=$(sha256sum "$TMP/vet.snap")
expect_status 1 "${UPDATE[@]}"
expect_in "$TMP/err" "ofac-sdn     held"
expect_in "$TMP/err" "held back: $NS entities where $V2 has $N1"
expect_in "$TMP/err" "vet update --accept ofac-sdn"
[ "$(manifest current)" = "$V2" ] || fail "a shrunken list was installed"
HELD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lists"]["ofac-sdn"]["held"]["version"])' "$TMP/store/manifest.json")
[ -f "$TMP/store/ofac-sdn/$HELD/sdn.csv" ] || fail "the held-back version was not kept"
[ "$(sha256sum "$TMP/vet.snap")" = "$SNAPSUM2" ] || fail "a held-back list changed the snapshot"
# The server goes back to the full list: unchanged, and nothing is held any more.
cp "$HIST/sdn-2024-03-05.csv" "$WWW/sdn.csv"
expect_status 0 "${UPDATE[@]}"
expect_in "$TMP/out" "ofac-sdn     unchanged"
expect_status 0 "${UPDATE[@]}" --status
expect_not_in "$TMP/out" "held back"
# The cut list again, held again; --accept installs it after review.
head -n 1000 "$HIST/sdn-2024-03-05.csv" > "$WWW/sdn.csv"
expect_status 1 "${UPDATE[@]}"
expect_status 0 "${UPDATE[@]}" --status
expect_in "$TMP/out" "held back: $HELD ($NS entities)"
expect_status 0 "${UPDATE[@]}" --accept ofac-sdn
expect_in "$TMP/out" "ofac-sdn     installed"
[ "$(manifest current)" = "$HELD" ] || fail "--accept did not install the held-back version"
[ "$(manifest entities)" = "$NS" ] || fail "entities after --accept: $(manifest entities), expected $NS"

# 6. A server that always fails: retried, reported; nothing changes.
cp "$HIST/sdn-2024-03-05.csv" "$WWW/sdn.csv"
behave status500
L=$(loglines)
expect_status 1 "${UPDATE[@]}"
expect_in "$TMP/err" "HTTP status 500 (gave up after 4 attempts)"
[ "$(statuses_since "$L")" = "500 500 500 500" ] || fail "500: requests $(statuses_since "$L")"
[ "$(manifest current)" = "$HELD" ] || fail "a failed download changed the installed version"

# 7. A 200 with content no reader accepts (a maintenance page).
python3 -c 'print("<html><body>" + "Service temporarily unavailable. " * 40 + "</body></html>")' > "$WWW/sdn.csv"
behave normal
expect_status 1 "${UPDATE[@]}"
expect_in "$TMP/err" "not accepted by the reader"
expect_in "$TMP/err" "sdn.csv"
[ "$(manifest current)" = "$HELD" ] || fail "an invalid download was installed"

# 8. A server slower than the timeout.
cp "$HIST/sdn-2024-03-05.csv" "$WWW/sdn.csv"
behave slow:3
expect_status 1 "${UPDATE[@]}" --set timeout=1 --set retries=0
expect_in "$TMP/err" "Timeout was reached"
[ "$(manifest current)" = "$HELD" ] || fail "a timed-out download changed the installed version"

# 9. Back to normal: the full list is installed again, and the store kept every version.
behave normal
expect_status 0 "${UPDATE[@]}"
expect_in "$TMP/out" "$N1 entities ($NS before)"
[ "$(ls "$TMP/store/ofac-sdn" | wc -l)" = 3 ] || fail "store versions: $(ls "$TMP/store/ofac-sdn")"
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["lists"]["ofac-sdn"]["versions"]
assert [x["status"] for x in v]==["installed","installed","held","installed (accepted)","installed"], v' \
  "$TMP/store/manifest.json" || fail "manifest history is not the expected one"

# 10. One update at a time: the store's lock.
python3 -c 'import fcntl,sys,time; f=open(sys.argv[1],"w"); fcntl.flock(f,fcntl.LOCK_EX); open(sys.argv[2],"w").close(); time.sleep(3)' \
  "$TMP/store/.lock" "$TMP/locked" &
LOCKER=$!
for _ in $(seq 50); do [ -e "$TMP/locked" ] && break; sleep 0.1; done
expect_status 2 "${UPDATE[@]}"
expect_in "$TMP/err" "another vet update is running"
wait $LOCKER

# A run that died left a temporary folder: the next run removes it. A damaged
# manifest stops the run with the reason (and is not overwritten).
mkdir -p "$TMP/store/.tmp/ofac-sdn.dead01"
echo partial > "$TMP/store/.tmp/ofac-sdn.dead01/sdn.csv"
expect_status 0 "${UPDATE[@]}"
[ ! -e "$TMP/store/.tmp/ofac-sdn.dead01" ] || fail "a stale temporary folder was left"
cp "$TMP/store/manifest.json" "$TMP/manifest.good"
echo '{"format": 1, "lists": ' > "$TMP/store/manifest.json"
expect_status 2 "${UPDATE[@]}"
expect_in "$TMP/err" "manifest.json"
expect_in "$TMP/err" "the store's manifest cannot be read"
[ "$(head -c 12 "$TMP/store/manifest.json")" = '{"format": 1' ] || fail "a damaged manifest was overwritten"
cp "$TMP/manifest.good" "$TMP/store/manifest.json"

# 11. Config errors name the file and line.
printf '[update]\nmax_shrink = lots\n' > "$TMP/bad.conf"
expect_status 2 "$VET" update --config "$TMP/bad.conf"
expect_in "$TMP/err" "bad.conf:2: max_shrink"
printf '[list x]\nfile = x.csv ftp://127.0.0.1/x.csv\n' > "$TMP/bad2.conf"
expect_status 2 "$VET" update --config "$TMP/bad2.conf"
expect_in "$TMP/err" "bad2.conf:2: file: only http:// and https://"
expect_status 0 "$VET" update --print-config
expect_in "$TMP/out" "[list ofac-sdn]"
expect_in "$TMP/out" "max_shrink = 10%"

# 12. A list that is a set of files (the OFAC SDN CSV set of July 2021): only the
#     file that changed is downloaded again; the others are answered 304 and
#     taken from the installed version.
SET="$VET_SHARED_DIR/data/lists/ofac/sdn-2021-07"
for f in sdn add alt sdn_comments; do cp "$SET/$f.csv" "$WWW/set-$f.csv"; done
{ echo "[update]"; echo "store = $TMP/store2"; echo "snapshot = $TMP/set.snap"
  echo "backoff_ms = 50"; echo "[list ofac-sdn]"
  for f in sdn add alt sdn_comments; do echo "file = $f.csv http://127.0.0.1:$PORT/set-$f.csv"; done
} > "$TMP/set.conf"
NSET=$(count_sdn "$SET/sdn.csv")
behave normal
expect_status 0 "$VET" update --config "$TMP/set.conf"
expect_in "$TMP/out" "$NSET entities (first version)"
# Drop the last 10 records of alt.csv (the aliases of K entities, K counted here
# as the distinct ent_nums of the dropped lines; the file ends in CRLF and a ^Z byte).
K=$(python3 -c 'import sys
data=open(sys.argv[1],"rb").read(); lines=data.split(b"\r\n")
assert lines[-1]==b"\x1a", lines[-1]
keep=lines[:-11]+[lines[-1]]; gone=lines[-11:-1]
open(sys.argv[2],"wb").write(b"\r\n".join(keep))
print(len({l.split(b",")[0] for l in gone}))' "$SET/alt.csv" "$WWW/set-alt.csv")
L=$(loglines)
expect_status 0 "$VET" update --config "$TMP/set.conf"
expect_in "$TMP/out" "$NSET entities ($NSET before); 0 added, 0 removed, $K changed"
[ "$(statuses_since "$L")" = "304 304 200 304" ] || fail "set: requests $(statuses_since "$L"), expected only alt.csv downloaded"
L=$(loglines)
expect_status 0 "$VET" update --config "$TMP/set.conf"
expect_in "$TMP/out" "unchanged"
[ "$(statuses_since "$L")" = "304 304 304 304" ] || fail "set: requests $(statuses_since "$L"), expected four 304"
V=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lists"]["ofac-sdn"]["current"])' "$TMP/store2/manifest.json")
cmp -s "$TMP/store2/ofac-sdn/$V/sdn.csv" "$SET/sdn.csv" || fail "the 304 file in the new version differs"
cmp -s "$TMP/store2/ofac-sdn/$V/alt.csv" "$WWW/set-alt.csv" || fail "the 200 file in the new version differs"

# A list with its reader named (format = ofac-csv): checked and built into the
# snapshot with that reader.
cat > "$TMP/fmt.conf" <<CONF
[update]
store = $TMP/store4
snapshot = $TMP/fmt.snap
[list sdn]
file = sdn.csv http://127.0.0.1:$PORT/sdn.csv
format = ofac-csv
CONF
cp "$HIST/sdn-2024-03-05.csv" "$WWW/sdn.csv"
behave normal
expect_status 0 "$VET" update --config "$TMP/fmt.conf"
expect_in "$TMP/out" "$N1 entities (first version)"
expect_status 0 "$VET" lists -i "$TMP/fmt.snap" --json
python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["lists"]; assert len(l)==1 and l[0]["format"]=="ofac-csv" and l[0]["entities"]==int(sys.argv[2]), l' \
  "$TMP/out" "$N1" || fail "snapshot of a list with a forced format: $(cat "$TMP/out")"
# A floor (min_entities) above what the file holds refuses even a first install.
printf '[update]\nstore = %s\nsnapshot = %s\n[list sdn]\nfile = sdn.csv http://127.0.0.1:%s/sdn.csv\nmin_entities = 20000\n' \
  "$TMP/store6" "$TMP/floor.snap" "$PORT" > "$TMP/floor.conf"
expect_status 1 "$VET" update --config "$TMP/floor.conf"
expect_in "$TMP/err" "$N1 entities, fewer than min_entities 20000: not installed"
[ ! -e "$TMP/floor.snap" ] || fail "a refused first version built a snapshot"
sed -i 's/format = ofac-csv/format = un-xml/' "$TMP/fmt.conf"
expect_status 1 "$VET" update --config "$TMP/fmt.conf" --set store="$TMP/store5"
expect_in "$TMP/err" "not accepted by the reader"

# --status: what the store holds (the store of step 1-10: the full list installed, last run ok).
expect_status 0 "${UPDATE[@]}" --status
expect_in "$TMP/out" "ofac-sdn     $(manifest current)"
expect_in "$TMP/out" "$N1"
expect_in "$TMP/out" "snapshot $TMP/vet.snap"
expect_status 0 "${UPDATE[@]}" --status --json
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["format"]==1 and "ofac-sdn" in m["lists"]' "$TMP/out" \
  || fail "update --status --json is not the manifest"

# 13. Two lists, one of which fails: the other is installed and the snapshot is
#     built from it alone; when the failing one recovers, the snapshot has both.
cp "$VET_SHARED_DIR/data/lists/csl/consolidated-2023-11-partial.csv" "$WWW/csl.csv"
cat > "$TMP/two.conf" <<CONF
[update]
store = $TMP/store3
snapshot = $TMP/two.snap
backoff_ms = 50
retries = 1
[list ofac-sdn]
file = sdn.csv http://127.0.0.1:$PORT/sdn.csv
[list csl]
file = consolidated.csv http://127.0.0.1:$PORT/csl.csv
CONF
printf '{"files": {"csl.csv": "status500"}}\n' > "$WWW/.behaviour.json"
expect_status 1 "$VET" update --config "$TMP/two.conf"
expect_in "$TMP/out" "ofac-sdn     installed"
expect_in "$TMP/err" "csl          failed"
expect_in "$TMP/out" "1 installed, 0 unchanged, 0 held back, 1 failed; snapshot rebuilt"
expect_status 0 "$VET" lists -i "$TMP/two.snap" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [l["list"] for l in d["lists"]]==["ofac-sdn"], d' \
  "$TMP/out" || fail "the snapshot should hold ofac-sdn only"
behave normal
expect_status 0 "$VET" update --config "$TMP/two.conf"
expect_in "$TMP/out" "ofac-sdn     unchanged"
expect_in "$TMP/out" "csl          installed"
expect_status 0 "$VET" lists -i "$TMP/two.snap" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert sorted(l["list"] for l in d["lists"])==["csl","ofac-sdn"], d' \
  "$TMP/out" || fail "the snapshot should hold both lists"
# --list restricts the run; the snapshot still holds every list.
expect_status 0 "$VET" update --config "$TMP/two.conf" --list csl --force-snapshot
expect_in "$TMP/out" "ofac-sdn     skipped"
expect_in "$TMP/out" "csl          unchanged"
expect_status 0 "$VET" lists -i "$TMP/two.snap" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["lists"])==2, d' "$TMP/out" \
  || fail "a restricted run dropped a list from the snapshot"
expect_status 2 "$VET" update --config "$TMP/two.conf" --list nosuch
expect_in "$TMP/err" "no list \"nosuch\""

done_testing
