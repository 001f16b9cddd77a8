#!/bin/bash
# test_registry.sh — `vet registry` end to end: a registry built command by
# command (identities, a rule with additions, publication, a removal request
# through referral, votes, decision and notice, a granted removal published
# as a new rule), the views (asof, history, diff), the exports seen by
# screening (vet show on the published snapshot), the audit log and its
# verification after the file is edited with the sqlite3 CLI, the eCFR
# imports, the Federal Register import, the demo, and every subcommand's help.
. "$(dirname "$0")/lib.sh"
R="$VET registry"
DB="$TMP/reg.db"
export VET_REGISTRY_DB="$DB"
unset VET_REGISTRY_TOKEN
export VET_REGISTRY_NOW=2021-10-01

# The storage interface: only the SQLite backend talks to SQLite.
CHECKS=$((CHECKS + 1))
[ "$(grep -l 'sqlite3' "$VET_SOURCE_DIR"/src/registry/*.[ch] | xargs -n1 basename | tr '\n' ' ')" = "store_sqlite.c " ] \
  || fail "sqlite3 used outside store_sqlite.c: $(grep -l sqlite3 "$VET_SOURCE_DIR"/src/registry/*.[ch])"

for sub in init identity import-ecfr import-fr rule add modify remove request vote decide publish asof history diff verify log demo; do
  expect_status 0 $R $sub --help
  expect_in "$TMP/out" "usage: vet registry $sub"
done
expect_status 0 $R --help
expect_status 2 $R frobnicate

# Nothing there yet.
expect_status 2 $R asof
expect_in "$TMP/err" "no registry here"

expect_status 0 $R init
ADMIN=$(sed -n 's/^token: //p' "$TMP/out")
[ ${#ADMIN} = 64 ] || fail "no admin token"
expect_status 2 $R init
expect_in "$TMP/err" "already initialised"
# The token is not stored in the file; its SHA-256 is.
CHECKS=$((CHECKS + 1))
! grep -qa "$ADMIN" "$DB" || fail "the token is stored in clear"

tok() { sed -n 's/^token: //p' "$TMP/out"; }
expect_status 0 $R identity add chair --role chair --as "$ADMIN"; CHAIR=$(tok)
for a in State Defense Energy; do
  expect_status 0 $R identity add "$a member" --role erc_member --agency $a --as "$ADMIN"
  eval "M_$a=$(tok)"
done
expect_status 0 $R identity add "NSO counsel" --role requester --party IL:nso-group --as "$ADMIN"; NSO=$(tok)
expect_status 2 $R identity add x --role chair --as "$CHAIR"
expect_in "$TMP/err" "refused"

# Rule 2021-24123 (86 FR 60760) with two additions, then published.
export VET_REGISTRY_NOW=2021-11-01
expect_status 0 $R rule draft 2021-24123 --citation "86 FR 60760" --title "Addition of Certain Entities" --as "$CHAIR"
expect_status 0 $R add --rule 2021-24123 --reason "spyware" --name "NSO Group" --country ISRAEL --key IL:nso-group \
  --address "22 Galgalei Haplada, Herzliya, Tel Aviv-Yafo, Israel 4672222." --license-policy "Presumption of denial" \
  --citation "86 FR 60760, 2021-11-04" --as "$CHAIR"
expect_status 0 $R add --rule 2021-24123 --reason "spyware" --name "Candiru" --country ISRAEL --alias "Candiru Ltd." \
  --alias "Saito Tech Ltd." --citation "86 FR 60760, 2021-11-04" --as "$CHAIR"
expect_in "$TMP/out" "add Candiru"
expect_status 2 $R add --rule 2021-24123 --reason x --name "NSO Group" --country ISRAEL --key IL:nso-group --as "$CHAIR"
expect_in "$TMP/err" "already listed"
expect_status 2 $R add --rule 2021-24123 --reason x --name Y --country ISRAEL --as "$NSO"
expect_in "$TMP/err" "refused"
expect_status 0 $R asof 2021-11-04
expect_in "$TMP/out" "0 entries in force"
expect_status 0 $R publish --rule 2021-24123 --published 2021-11-03 --effective 2021-11-04 --as "$CHAIR"
expect_status 0 $R asof 2021-11-04
expect_in "$TMP/out" "2 entries in force on 2021-11-04"
expect_in "$TMP/out" "IL:candiru"
expect_status 0 $R asof 2021-11-03
expect_in "$TMP/out" "0 entries in force"
expect_status 0 $R asof 2021-11-04 --json
python3 -c '
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert [r["key"] for r in rows]==["IL:candiru","IL:nso-group"], rows
assert rows[0]["aliases"]==["Candiru Ltd.","Saito Tech Ltd."]' "$TMP/out" || fail "asof --json"

# NSO Group's removal request: filed, document, hearing, referred, voted, decided, notified.
export VET_REGISTRY_NOW=2021-11-15
echo "Letter of counsel" > "$TMP/letter.txt"
expect_status 0 $R request file --kind removal --entry IL:nso-group --reasons "We sell only to governments." \
  --document "$TMP/letter.txt" --as "$NSO"
expect_in "$TMP/out" "request 1 filed"
expect_status 2 $R request file --kind removal --entry IL:candiru --reasons x --as "$NSO"
expect_in "$TMP/err" "only for the party it speaks for"
expect_status 0 $R request hearing 1 --note "in person" --as "$NSO"
expect_status 2 $R request refer 1 --as "$NSO"
export VET_REGISTRY_NOW=2021-11-22
expect_status 0 $R request refer 1 --as "$CHAIR"
expect_status 0 $R vote 1 approve --as "$CHAIR"
expect_status 0 $R vote 1 approve --as "$M_State"
expect_status 2 $R vote 1 approve --as "$M_State"
expect_in "$TMP/err" "already voted"
expect_status 2 $R decide 1 granted --reason x --rule R-NSO --as "$CHAIR"
expect_in "$TMP/err" "2 of 4 participating agencies have voted"
expect_status 0 $R vote 1 approve --as "$M_Defense"
export VET_REGISTRY_NOW=2021-12-23
expect_status 0 $R request list --overdue --as "$CHAIR"
expect_in "$TMP/out" "OVERDUE"
expect_in "$TMP/out" "1 request overdue"
expect_status 0 $R vote 1 approve --as "$M_Energy"
expect_status 0 $R decide 1 granted --reason "unanimous (test)" --rule R-NSO --as "$CHAIR"
expect_in "$TMP/out" "amendment drafted in rule R-NSO"
expect_status 0 $R request notify 1 --as "$CHAIR"
expect_status 0 $R request show 1 --as "$NSO"
expect_in "$TMP/out" "state notified  outcome granted"
expect_in "$TMP/out" "final agency action"
expect_in "$TMP/out" "vote: Energy"
# Granted, but not in force until the rule is published.
expect_status 0 $R asof 2022-06-01
expect_in "$TMP/out" "IL:nso-group"
expect_status 0 $R publish --rule R-NSO --citation "87 FR 12345" --published 2022-03-01 --effective 2022-03-15 --as "$CHAIR"
expect_status 0 $R asof 2022-03-14
expect_in "$TMP/out" "IL:nso-group"
expect_status 0 $R asof 2022-03-15
expect_not_in "$TMP/out" "IL:nso-group"
expect_in "$TMP/out" "1 entries in force"
expect_status 0 $R history IL:nso-group
expect_in "$TMP/out" "rule 2021-24123 [86 FR 60760]"
expect_in "$TMP/out" "rule R-NSO [87 FR 12345] published 2022-03-01 effective 2022-03-15"
expect_in "$TMP/out" "from request 1"
expect_status 0 $R diff --from 2021-11-04 --to 2022-03-15
expect_in "$TMP/out" "added 0, modified 0, removed 1"

# Modify records the changed fields.
expect_status 0 $R rule draft R-MOD --citation "87 FR 20000" --as "$CHAIR"
expect_status 0 $R modify IL:candiru --rule R-MOD --reason "alias added" --alias "Candiru Ltd." --alias "Saito Tech Ltd." \
  --alias "Taveta Ltd." --as "$CHAIR"
expect_status 0 $R publish --rule R-MOD --published 2022-04-01 --as "$CHAIR"
expect_status 0 $R diff --from 2022-03-31 --to 2022-04-01
expect_in "$TMP/out" 'aliases: "Candiru Ltd. | Saito Tech Ltd." -> "Candiru Ltd. | Saito Tech Ltd. | Taveta Ltd."'
expect_in "$TMP/out" "added 0, modified 1, removed 0"

# Exports: screening sees exactly what is in force.
expect_status 0 $R publish --date 2022-03-14 --snapshot "$TMP/before.snap" --csv "$TMP/el.csv" --json "$TMP/el.json"
expect_status 0 $R publish --date 2022-03-15 --snapshot "$TMP/after.snap"
expect_status 0 "$VET" show -i "$TMP/before.snap" bis-el IL:nso-group
expect_in "$TMP/out" "NSO Group"
expect_status 2 "$VET" show -i "$TMP/after.snap" bis-el IL:nso-group
expect_status 0 "$VET" show -i "$TMP/after.snap" bis-el IL:candiru
python3 - "$TMP/el.csv" "$VET_SHARED_DIR/data/lists/csl/consolidated-2023-11-partial.csv" <<'PY' || fail "CSL CSV export"
import csv, sys
ours = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
theirs = next(csv.reader(open(sys.argv[2], encoding="utf-8")))
assert ours[0] == theirs, ours[0]
assert len(ours) == 3 and all(len(r) == 29 for r in ours)
assert {r[5] for r in ours[1:]} == {"NSO Group", "Candiru"}
PY
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"]==2 and len(d["results"])==2' "$TMP/el.json" \
  || fail "CSL JSON export"

# The audit log and its verification; then edit the file behind vet's back.
expect_status 2 $R log
expect_status 0 $R log --as "$CHAIR"
expect_in "$TMP/out" "refused"
expect_in "$TMP/out" "rule-publish"
expect_status 0 $R verify
expect_in "$TMP/out" "verify ok"
cp "$DB" "$TMP/tampered.db"
sqlite3 "$TMP/tampered.db" "DROP TRIGGER amendments_no_update; UPDATE amendments SET reason='nothing happened' WHERE entry_key='IL:nso-group' AND action='remove';" \
  || fail "sqlite3 edit"
expect_status 2 $R verify -d "$TMP/tampered.db"
expect_in "$TMP/err" "verify FAILED"
cp "$DB" "$TMP/tampered2.db"
sqlite3 "$TMP/tampered2.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE seq = 5;" || fail "sqlite3 delete"
expect_status 2 $R verify -d "$TMP/tampered2.db"
expect_in "$TMP/err" "audit record 5 is missing"

# The eCFR imports: the first file into an empty registry, then the later one.
# The expected differences are computed independently by python3 from the
# entities `vet read --json` gives for each file (the same reader, by design:
# there is one eCFR parser), keyed by source_id, with the registry's fields
# derived as documented in src/registry/entry.c (name = names[0], aliases =
# the other names, addresses = their text, country = the first address's,
# footnotes = remarks, citations = "TEXT, DATE"). The registry also gives an
# entry without an address the country heading of the entry before it (same
# ISO code as its key); python leaves it empty in both files, which changes no
# count of differences.
E1="$VET_SHARED_DIR/data/lists/ecfr/title-15-part-744-2026-03-25.xml"
E2="$VET_SHARED_DIR/data/lists/ecfr/title-15-part-744-2026-07-23.xml"
"$VET" read --json "$E1" >"$TMP/e1.jsonl" 2>/dev/null || fail "vet read $E1"
"$VET" read --json "$E2" >"$TMP/e2.jsonl" 2>/dev/null || fail "vet read $E2"
python3 - "$TMP/e1.jsonl" "$TMP/e2.jsonl" >"$TMP/expect" <<'PY' || fail "python3 diff"
import json, sys
FIELDS = ["country", "name", "aliases", "addresses", "license_requirement", "license_policy", "footnotes", "citations"]
def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        names = [n["name"] for n in e.get("names", [])]
        if not names or e.get("names", [{}])[0].get("kind") != "primary":
            names = [e.get("name", "")] + names
        addrs = e.get("addresses", [])
        country = next((a["country"] for a in addrs if a.get("country")), None)
        if country is None:
            country = next((a["value"] for a in e.get("attrs", []) if a.get("key") == "country"), None)
        cits = [c["text"] + (", " + c["date"] if c.get("date") else "") for c in e.get("citations", []) if c.get("text")]
        f = {"country": country, "name": names[0] or None, "aliases": " | ".join(n for n in names[1:] if n) or None,
             "addresses": " | ".join(a["text"] for a in addrs if a.get("text")) or None,
             "license_requirement": e.get("license_requirement") or None, "license_policy": e.get("license_policy") or None,
             "footnotes": e.get("remarks") or None, "citations": " | ".join(cits) or None}
        out.setdefault(e["source_id"], f)
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
added = [k for k in b if k not in a]; removed = [k for k in a if k not in b]
mod = [k for k in a if k in b and a[k] != b[k]]
print("entries1", len(a)); print("entries2", len(b))
print("added", len(added)); print("removed", len(removed)); print("modified", len(mod))
print("unchanged", len(a) - len(removed) - len(mod))
for f in FIELDS: print("field", f, sum(1 for k in mod if a[k][f] != b[k][f]))
PY
exp() { sed -n "s/^$1 //p" "$TMP/expect"; }
DBE="$TMP/ecfr.db"
expect_status 0 $R init -d "$DBE"; EADMIN=$(tok)
expect_status 0 $R import-ecfr "$E1" -d "$DBE" --as "$EADMIN"
expect_in "$TMP/out" "rule ecfr-2026-03-25: read $(exp entries1), added $(exp entries1), modified 0, removed 0"
expect_status 0 $R asof 2026-03-25 -d "$DBE"
expect_in "$TMP/out" "$(exp entries1) entries in force on 2026-03-25"
expect_status 0 $R import-ecfr "$E2" -d "$DBE" --as "$EADMIN"
expect_in "$TMP/out" "added $(exp added), modified $(exp modified), removed $(exp removed), unchanged $(exp unchanged)"
expect_status 0 $R diff --from 2026-03-25 --to 2026-07-23 -d "$DBE"
expect_in "$TMP/out" "2026-03-25 -> 2026-07-23: added $(exp added), modified $(exp modified), removed $(exp removed)"
for f in country name aliases addresses license_requirement license_policy footnotes citations; do
  got=$(grep -c "^        $f: " "$TMP/out")
  CHECKS=$((CHECKS + 1))
  [ "$got" = "$(exp "field $f")" ] || fail "diff: $got changes of $f, python3 counts $(exp "field $f")"
done
# Against the raw XML, without vet (python3 and ElementTree): entries per row
# counted by the rule of tests/counts/el_count.py (a row, minus a row that only
# adds addresses, plus each subordinate institution or affiliate it lists);
# rows paired by position (both files have the same rows in the same order,
# asserted), a continuation row taking the license requirement of the row
# above; the entries whose license requirement differs between the files.
python3 - "$E1" "$E2" >"$TMP/raw" <<'PY' || fail "python3 raw count"
import sys
import xml.etree.ElementTree as ET
def rows(f):
    r = ET.parse(f).getroot()
    sup = [d for d in r.iter('DIV9') if d.get('N') == 'Supplement No. 4 to Part 744'][0]
    trs = [tr for tb in sup.iter('TBODY') for tr in tb.findall('TR')]
    out = []; lic = ''
    for tr in trs:
        tds = tr.findall('TD'); td = tds[1]
        if ''.join(''.join(t.itertext()) for t in tds[2:]).strip(): lic = ' '.join(''.join(tds[2].itertext()).split())
        if ''.join(td.itertext()).strip().startswith('The following addresses apply'):
            out.append((0, lic)); continue
        lead = (td.text or '').strip()
        starts_sub = lead == '' and len(td) and td[0].tag == 'E' and ''.join(td[0].itertext()).startswith('Subordinate institution')
        k = 0 if starts_sub or lead.startswith('Affiliated entities') else 1
        prev_br = lead == ''; aff = lead.startswith('Affiliated entities')
        for c in td:
            txt = ''.join(c.itertext())
            if c.tag == 'E' and txt.startswith('Subordinate'): k += 1
            elif c.tag == 'E' and aff and prev_br and txt.strip() != 'and': k += 1
            elif c.tag != 'br' and (txt.strip() or (c.tail or '').strip()) and txt.startswith('Subordinate'): k += 1
            prev_br = c.tag == 'br' and not (c.tail or '').strip()
            if c.tag == 'br' and (c.tail or '').strip().startswith('Subordinate institution'): k += 1
        out.append((k, lic))
    return out
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert len(a) == len(b)
print('entries1', sum(x[0] for x in a)); print('entries2', sum(x[0] for x in b))
print('license_requirement', sum(x[0] for x, y in zip(a, b) if x[1] != y[1]))
PY
raw() { sed -n "s/^$1 //p" "$TMP/raw"; }
CHECKS=$((CHECKS + 2))
[ "$(raw entries1)" = "$(exp entries1)" ] || fail "raw XML: $(raw entries1) entries, vet read: $(exp entries1)"
[ "$(raw entries2)" = "$(exp entries2)" ] || fail "raw XML: $(raw entries2) entries, vet read: $(exp entries2)"
CHECKS=$((CHECKS + 1))
[ "$(raw license_requirement)" = "$(exp "field license_requirement")" ] \
  || fail "raw XML: $(raw license_requirement) license requirement changes, registry diff: $(exp "field license_requirement")"
expect_status 0 $R verify -d "$DBE"
expect_status 0 $R history CN:serko-limited -d "$DBE"
expect_in "$TMP/out" "rule ecfr-2026-03-25"

# A Federal Register rule: 88 FR 12171 adds 13 entries (its summary: "under 13 entries").
DBF="$TMP/fr.db"
expect_status 0 $R init -d "$DBF"; FADMIN=$(tok)
expect_status 0 $R import-fr "$VET_SHARED_DIR/data/lists/federal-register/2023-03929.xml" -d "$DBF" --as "$FADMIN"
expect_in "$TMP/out" "rule 2023-03929: read 13, added 13"
expect_status 0 $R rule list -d "$DBF"
expect_in "$TMP/out" "88 FR 12171"
expect_status 0 $R asof 2023-02-24 -d "$DBF"
expect_in "$TMP/out" "13 entries in force"

# The demo, in one command.
expect_status 0 $R demo -d "$TMP/demo.db"
expect_in "$TMP/out" "Candiru"
expect_in "$TMP/out" "refused (logged)"
expect_in "$TMP/out" "final agency action"
expect_in "$TMP/out" "ok: "
expect_status 0 $R asof 2021-11-04 -d "$TMP/demo.db"
expect_in "$TMP/out" "4 entries in force"
expect_status 0 $R verify -d "$TMP/demo.db"
expect_status 2 $R demo -d "$TMP/demo.db"
expect_in "$TMP/err" "exists"

done_testing
