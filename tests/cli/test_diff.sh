#!/bin/bash
# test_diff.sh — `vet diff` on the real OFAC SDN history of ../shared: the
# counts of entities added, removed and changed between dates, checked
# against an independent count in Python (below), the field-by-field report,
# the JSON form, snapshots against list files, and the errors.
. "$(dirname "$0")/lib.sh"

HIST="$VET_SHARED_DIR/data/lists/ofac/sdn-history"

# The independent count: each file read with Python's csv module (cp1252);
# an entity is a record of 12 fields with a numeric ent_num; added = ent_nums
# only in NEW, removed = only in OLD, changed = in both with any of the 12
# raw fields different. Prints "added removed changed".
pycount() { python3 -c 'import csv,sys
def load(f):
    rows=csv.reader(open(f,encoding="cp1252",errors="replace",newline=""))
    return {r[0].strip(): r for r in rows if len(r)==12 and r[0].strip().isdigit()}
a,b=load(sys.argv[1]),load(sys.argv[2])
print(sum(k not in a for k in b), sum(k not in b for k in a), sum(k in a and a[k]!=b[k] for k in b))' "$1" "$2"; }
# The same three figures from vet diff --json.
vetcount() { python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]
print(s["added"], s["removed"], s["changed"])' "$1"; }

# Every consecutive pair of dates: 2021-08-18 -> 2022-02-24 -> 2022-03-07 ->
# 2024-03-04 -> 2024-03-05 -> 2024-05-03 (python gives 428 388 110, 198 0 14,
# ..., 7 1 0, 549 16 18).
PREV=
for f in "$HIST"/sdn-*.csv; do
  if [ -n "$PREV" ]; then
    py=$(pycount "$PREV" "$f")
    "$VET" diff --json --no-entities "$PREV" "$f" > "$TMP/d.json" 2>"$TMP/err"
    st=$?
    CHECKS=$((CHECKS + 1))
    [ "$st" = 1 ] || fail "vet diff $(basename "$PREV") $(basename "$f") exited $st"
    vc=$(vetcount "$TMP/d.json")
    CHECKS=$((CHECKS + 1))
    [ "$vc" = "$py" ] || fail "$(basename "$PREV") -> $(basename "$f"): vet $vc, python $py"
  fi
  PREV=$f
done

# 2024-03-04 -> 2024-03-05: Intellexa and Cytrox (spyware vendors) were added.
expect_status 1 "$VET" diff "$HIST/sdn-2024-03-04.csv" "$HIST/sdn-2024-03-05.csv"
expect_in "$TMP/out" "7 added, 1 removed, 0 changed"
expect_in "$TMP/out" "+ ofac-sdn 48059  INTELLEXA S.A. (organization)"
expect_in "$TMP/out" "+ ofac-sdn 48067  CYTROX AD (organization)"
expect_in "$TMP/out" "+ ofac-sdn 48069  CYTROX HOLDINGS ZARTKORUEN MUKODO RESZVENYTARSASAG"
expect_in "$TMP/out" "- ofac-sdn 23306  RONDON RIJO, Angel (person)"
expect_in "$TMP/out" "programs: CYBER2"

# 2022-02-24 -> 2022-03-07: changes field by field (Rotenberg's full name, programs, ids).
expect_status 1 "$VET" diff "$HIST/sdn-2022-02-24.csv" "$HIST/sdn-2022-03-07.csv"
expect_in "$TMP/out" "~ ofac-sdn 16669  ROTENBERG, Arkady Romanovich (person)"
expect_in "$TMP/out" "name: \"ROTENBERG, Arkady\" -> \"ROTENBERG, Arkady Romanovich\""
expect_in "$TMP/out" "+ RUSSIA-EO14024"
expect_in "$TMP/out" "+ Tax ID No. 470305596440 [Russia]"
expect_status 1 "$VET" diff --pretty "$HIST/sdn-2022-02-24.csv" "$HIST/sdn-2022-03-07.csv"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
c=[x for x in d["changed"] if x["source_id"]=="16669"][0]
f={x["field"]: x for x in c["changes"]}
assert f["name"]=={"field":"name","old":"ROTENBERG, Arkady","new":"ROTENBERG, Arkady Romanovich"}, f["name"]
assert f["programs"]["added"]==["RUSSIA-EO14024"] and f["programs"]["removed"]==[], f["programs"]
assert d["added"][0]["entity"]["list"]=="ofac-sdn"
assert d["old"]["lists"][0]["date"]=="2022-02-24" and d["new"]["lists"][0]["date"]=="2022-03-07"
assert d["lists"][0]["list_id"]=="ofac-sdn"' "$TMP/out" || fail "diff --json lacks the expected changes"

# The same file twice: no difference, exit 0.
expect_status 0 "$VET" diff "$HIST/sdn-2024-03-05.csv" "$HIST/sdn-2024-03-05.csv"
expect_in "$TMP/out" "0 added, 0 removed, 0 changed, "

# Snapshots: built from each date; snapshot vs snapshot and snapshot vs list file agree.
expect_status 0 "$VET" index build -o "$TMP/a.snap" "$HIST/sdn-2024-03-04.csv"
expect_status 0 "$VET" index build -o "$TMP/b.snap" "$HIST/sdn-2024-03-05.csv"
expect_status 1 "$VET" diff --json --no-entities "$TMP/a.snap" "$TMP/b.snap"
[ "$(vetcount "$TMP/out")" = "$(pycount "$HIST/sdn-2024-03-04.csv" "$HIST/sdn-2024-03-05.csv")" ] \
  || fail "snapshot diff differs from the python count"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["old"]["origin"]=="snapshot"' "$TMP/out" \
  || fail "a snapshot was not read as one"
# 14432: records of sdn-2024-03-05.csv counted as in pycount above.
expect_status 0 "$VET" diff "$TMP/b.snap" "$HIST/sdn-2024-03-05.csv"
expect_in "$TMP/out" "0 added, 0 removed, 0 changed, 14432 unchanged"

# --delta-snapshot: NEW's added and changed entities as a snapshot of their own
# (2024-03-04 -> 2024-03-05: the 7 added, no changed).
expect_status 1 "$VET" diff --summary --delta-snapshot "$TMP/delta.snap" "$HIST/sdn-2024-03-04.csv" "$HIST/sdn-2024-03-05.csv"
expect_status 0 "$VET" lists -i "$TMP/delta.snap" --json
python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["lists"]; assert len(l)==1 and l[0]["list"]=="ofac-sdn" and l[0]["entities"]==7 and l[0]["date"]=="2024-03-05", l' \
  "$TMP/out" || fail "delta snapshot: $(cat "$TMP/out")"
expect_status 0 "$VET" show -i "$TMP/delta.snap" ofac-sdn 48059
expect_in "$TMP/out" "INTELLEXA S.A."
expect_status 2 "$VET" show -i "$TMP/delta.snap" ofac-sdn 23306
# 2022-02-24 -> 2022-03-07: 198 added + 14 changed (the python counts above).
expect_status 1 "$VET" diff --summary --delta-snapshot "$TMP/delta2.snap" "$HIST/sdn-2022-02-24.csv" "$HIST/sdn-2022-03-07.csv"
expect_status 0 "$VET" lists -i "$TMP/delta2.snap" --json
read -r pa pr pc <<< "$(pycount "$HIST/sdn-2022-02-24.csv" "$HIST/sdn-2022-03-07.csv")"
python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["lists"]; assert l[0]["entities"]==int(sys.argv[2]), l' \
  "$TMP/out" "$((pa + pc))" || fail "delta snapshot 2: $(cat "$TMP/out"), expected $((pa + pc))"

# --summary leaves out the entries.
expect_status 1 "$VET" diff --summary "$HIST/sdn-2024-03-04.csv" "$HIST/sdn-2024-03-05.csv"
expect_in "$TMP/out" "7 added, 1 removed, 0 changed"
expect_not_in "$TMP/out" "INTELLEXA"
expect_status 1 "$VET" diff --json --summary "$HIST/sdn-2024-03-04.csv" "$HIST/sdn-2024-03-05.csv"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "added" not in d and d["summary"]["added"]==7' \
  "$TMP/out" || fail "diff --json --summary is not a summary"

# Errors: a missing file, one argument, a file that is no list.
expect_status 2 "$VET" diff "$TMP/missing.csv" "$HIST/sdn-2024-03-05.csv"
expect_in "$TMP/err" "missing.csv"
expect_status 2 "$VET" diff "$HIST/sdn-2024-03-05.csv"
expect_in "$TMP/err" "give OLD and NEW"
printf 'hello\nworld\n' > "$TMP/prose.txt"
expect_status 2 "$VET" diff "$TMP/prose.txt" "$HIST/sdn-2024-03-05.csv"
expect_in "$TMP/err" "not a list vet can read"

# The Entity List in the eCFR on two dates (2026-03-25 -> 2026-07-23). Two independent checks:
# (1) the diff engine against Python: `vet read --json` of each date gives the entities; Python
#     keys them by (list, source_id) and compares the JSON objects (added, removed, changed);
# (2) the license_requirement changes against the raw XML: Python pairs the rows of Supplement
#     No. 4's table by position (3,415 rows on both dates, same order) and counts the rows whose
#     license cell differs (whitespace collapsed): 269, each a row of one entity.
E="$VET_SHARED_DIR/data/lists/ecfr"
E1="$E/title-15-part-744-2026-03-25.xml"
E2="$E/title-15-part-744-2026-07-23.xml"
"$VET" read --json "$E1" > "$TMP/e1.jsonl" 2>/dev/null
"$VET" read --json "$E2" > "$TMP/e2.jsonl" 2>/dev/null
py=$(python3 -c 'import json,sys
def load(f):
    d={}
    for l in open(f):
        o=json.loads(l); d[(o["list"],o["source_id"])]=o
    return d
a,b=load(sys.argv[1]),load(sys.argv[2])
print(sum(k not in a for k in b), sum(k not in b for k in a), sum(k in a and a[k]!=b[k] for k in b))' "$TMP/e1.jsonl" "$TMP/e2.jsonl")
expect_status 1 "$VET" diff --json --no-entities "$E1" "$E2"
CHECKS=$((CHECKS + 1))
[ "$(vetcount "$TMP/out")" = "$py" ] || fail "eCFR: vet diff $(vetcount "$TMP/out"), python over vet read $py"
lic_rows=$(python3 -c 'import re,sys,xml.etree.ElementTree as ET
def rows(f):
    r=ET.parse(f).getroot()
    sup=[d for d in r.iter("DIV9") if d.get("N")=="Supplement No. 4 to Part 744"][0]
    return [[re.sub(r"\s+"," ","".join(td.itertext())).strip() for td in tr.findall("TD")]
            for tb in sup.iter("TBODY") for tr in tb.findall("TR")]
a,b=rows(sys.argv[1]),rows(sys.argv[2]); assert len(a)==len(b)
print(sum(x[2]!=y[2] for x,y in zip(a,b)))' "$E1" "$E2")
lic_vet=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(sum(any(c["field"]=="license_requirement" for c in x["changes"]) for x in d["changed"]))' "$TMP/out")
CHECKS=$((CHECKS + 1))
[ "$lic_vet" = "$lic_rows" ] || fail "eCFR: $lic_vet entities with a changed license requirement, $lic_rows rows in the XML"
expect_status 1 "$VET" diff "$E1" "$E2"
expect_in "$TMP/out" "bis-el       2026-03-25"
expect_in "$TMP/out" "bis-el       2026-07-23"
expect_in "$TMP/out" 'license_requirement: "For all items subject to the EAR. (See § 744.11 of the EAR.)" -> "For all items subject to the EAR. (See § 744.11 of the EAR)"'
# Reader warnings are shown with --verbose only; the report is on stdout either way.
expect_not_in "$TMP/err" "warning"
expect_status 1 "$VET" diff --verbose --summary "$E1" "$E2"
expect_in "$TMP/err" "warning"

done_testing
