#!/bin/bash
# test_screen.sh — vet screen end to end: on a snapshot of vet's own list
# (data/) and on one of the real OFAC lists; exit codes as grep, table and
# JSON output, batch mode in input order, typos, Cyrillic and Arabic script,
# and the errors a user sees.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$VET" index build -o "$TMP/v.snap" "$VET_SOURCE_DIR/data"

# A typo still finds NSO Group; exit 1 means "a match".
expect_status 1 "$VET" screen -i "$TMP/v.snap" "NSO Grup"
expect_in "$TMP/out" "NSO Group"
# The README's first command ends by screening a name against this data: it must show a hit.
readme_name=$(sed -n 's/.*build\/vet screen -i vet.snap "\([^"]*\)".*/\1/p' "$VET_SOURCE_DIR/README.md" | head -1)
[ -n "$readme_name" ] || fail "README's first command screens no name"
expect_status 1 "$VET" screen -i "$TMP/v.snap" "$readme_name"
expect_in "$TMP/out" "NSO Group"
expect_in "$TMP/out" "IL:nso-group"
expect_in "$TMP/out" "grup~group(typo)"
# Nothing like it: exit 0 and a sentence.
expect_status 0 "$VET" screen -i "$TMP/v.snap" "Zzyzx Qwerty"
expect_in "$TMP/out" "no match"
# Cyrillic finds the Latin listing.
expect_status 1 "$VET" screen -i "$TMP/v.snap" "Позитив Текнолоджиз"
expect_in "$TMP/out" "RU:positive-technologies"
# Dotted initials and a legal form.
expect_status 1 "$VET" screen -i "$TMP/v.snap" "N.S.O. Group Ltd."
expect_in "$TMP/out" "IL:nso-group"
# A generic word weighs little even among these 12 names, where "group"
# (NSO Group) is rarer than "candiru" (Candiru, Candiru Ltd.): the small
# snapshot is weighed as if padded (index.h, vet__weight()).
expect_status 1 "$VET" screen -i "$TMP/v.snap" "Candiru Group"
expect_in "$TMP/out" "IL:candiru"
expect_status 1 "$VET" screen -i "$TMP/v.snap" "Positive Technologies Trading"
expect_in "$TMP/out" "RU:positive-technologies"

# JSON: the documented shape, checked field by field.
expect_status 1 "$VET" screen -i "$TMP/v.snap" --format json "Candiru"
python3 - "$TMP/out" <<'PY' || fail "screen --format json shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["query"] == "Candiru"
m = d["matches"][0]
for k in ("list", "source_id", "name", "matched_name", "type", "score", "match", "explanation"):
    assert k in m, k
assert m["list"] == "bis-el" and m["source_id"] == "IL:candiru" and m["match"] is True
assert m["score"] == 1.0, m["score"]
ex = m["explanation"]
assert ex["name_score"] == 1.0
assert ex["tokens"][0] == {"query": "candiru", "name": "candiru", "similarity": 1.0,
                           "weight": ex["tokens"][0]["weight"], "how": "exact"}
assert isinstance(ex["adjustments"], list)
PY

# Batch: one JSON line a name, in input order; exit 1 since one matches.
printf 'Zzyzx Qwerty\nNSO Group\n\nCandiru Ltd\n' > "$TMP/names.txt"
expect_status 1 "$VET" screen -i "$TMP/v.snap" - < "$TMP/names.txt"
# Independent count: the input has 4 lines (wc -l), so 4 output lines.
want=$(wc -l < "$TMP/names.txt")
got=$(wc -l < "$TMP/out")
[ "$got" = "$want" ] || fail "batch wrote $got lines for $want names"
python3 - "$TMP/out" "$TMP/names.txt" <<'PY' || fail "batch output order or shape"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
names = [l.rstrip("\n") for l in open(sys.argv[2])]
assert [o["query"] for o in out] == names, [o["query"] for o in out]
assert out[0]["matches"] == [] and out[2]["matches"] == []
assert out[1]["matches"][0]["source_id"] == "IL:nso-group"
assert out[3]["matches"][0]["source_id"] == "IL:candiru"
PY
printf 'Zzyzx Qwerty\nNobody Atall\n' | "$VET" screen -i "$TMP/v.snap" - > "$TMP/out" 2>"$TMP/err"
[ $? = 0 ] || fail "batch without a match should exit 0"
# A line that is not UTF-8, or holds a NUL byte, is an error named by its line (exit 2), and
# still answered in its place with the reason, so the output stays valid JSON, a line a name.
printf 'NSO Group\n\377\376 Group\nCandiru\000Ltd\nCandiru\n' > "$TMP/bad.txt"
expect_status 2 "$VET" screen -i "$TMP/v.snap" - < "$TMP/bad.txt"
expect_in "$TMP/err" "standard input, line 2: the name is not UTF-8 (byte 1)"
expect_in "$TMP/err" "standard input, line 3: the name holds a NUL byte (byte 8)"
python3 - "$TMP/out" <<'PY' || fail "batch output with bad lines"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]   # strict: every line valid JSON in UTF-8
assert len(out) == 4, len(out)
assert out[0]["query"] == "NSO Group" and out[0]["matches"][0]["source_id"] == "IL:nso-group"
assert out[1] == {"query": None, "error": "the name is not UTF-8 (byte 1)", "matches": []}, out[1]
assert out[2]["error"] == "the name holds a NUL byte (byte 8)" and out[2]["matches"] == []
assert out[3]["matches"][0]["source_id"] == "IL:candiru" and "error" not in out[3]
PY
expect_status 2 "$VET" screen -i "$TMP/v.snap" "$(printf '\377 Group')"
expect_in "$TMP/err" "the name is not UTF-8 (byte 1)"

# Options: --threshold, --all, --list, --limit.
expect_status 0 "$VET" screen -i "$TMP/v.snap" --list ofac-sdn "NSO Group"
expect_status 1 "$VET" screen -i "$TMP/v.snap" --list ofac-sdn,bis-el "NSO Group"
expect_status 0 "$VET" screen -i "$TMP/v.snap" --threshold 0.99 "NSO Grup"
expect_status 0 "$VET" screen -i "$TMP/v.snap" --threshold 0.99 --all "NSO Grup"
expect_in "$TMP/out" "below threshold"

# Errors: exit 2 with one line.
expect_status 2 "$VET" screen -i "$TMP/missing.snap" "NSO Group"
expect_in "$TMP/err" "missing.snap"
expect_status 2 "$VET" screen -i "$TMP/v.snap" "   "
expect_in "$TMP/err" "empty"
expect_status 2 "$VET" screen -i "$TMP/v.snap" --threshold 2 "NSO"
expect_status 2 "$VET" screen -i "$TMP/v.snap" --frobnicate "NSO"
expect_status 2 "$VET" screen -i "$TMP/v.snap"

# The real OFAC SDN list.
# sdn_row PREFIX: the fixture sdn.csv has a row that starts with PREFIX (ent_num and name).
sdn_row() { grep -q "^$1" "$VET_SHARED_DIR/data/lists/ofac/sdn-2021-07/sdn.csv" || fail "fixture changed: no row $1"; }
expect_status 0 "$VET" index build -o "$TMP/sdn.snap" "$VET_SHARED_DIR/data/lists/ofac/sdn-2021-07"
# ent_num 12606 is "QADHAFI, Muammar" (grep '^12606,' sdn.csv).
sdn_row '12606,"QADHAFI, Muammar"'
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "Moammar Kadafi"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["matches"][0]["source_id"]=="12606", d' "$TMP/out" \
  || fail "Moammar Kadafi does not find QADHAFI, Muammar first"
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" "معمر القذافي"
expect_in "$TMP/out" "12606"
expect_in "$TMP/out" "transliteration"
# His date of birth (DOB 1942 in the remarks of row 12606) raises the score; another lowers it.
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json --dob 1942 "Muammar Qadhafi"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; a=m["explanation"]["adjustments"]; assert any(x["what"]=="dob" and x["delta"]>0 for x in a), a' "$TMP/out" \
  || fail "--dob 1942 does not raise the score"
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json --all --dob 1990 "Muammar Qadhafi"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; a=m["explanation"]["adjustments"]; assert any(x["what"]=="dob" and x["delta"]<0 for x in a), a' "$TMP/out" \
  || fail "--dob 1990 does not lower the score"
expect_status 0 "$VET" screen -i "$TMP/sdn.snap" --type organization --threshold 0.9 "Muammar Qadhafi"
# UN original-script names find the same person on the SDN list, which has Latin names only:
# ent_num 7867 is "AZIZ, Tariq" and 8087 "LOUNICI, Djamel" (grep in sdn.csv); the Arabic forms
# are those of the UN list (consolidated-2026-02-27.xml).
sdn_row '7867,"AZIZ, Tariq"'
grep -q 'طارق عزيز' "$VET_SHARED_DIR/data/lists/un/consolidated-2026-02-27.xml" || fail "fixture changed"
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "طارق عزيز"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["matches"][0]["source_id"]=="7867", d' "$TMP/out" \
  || fail "طارق عزيز does not find AZIZ, Tariq first"
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" "جمال لونيسي"
expect_in "$TMP/out" "8087"
# A typo of a dictionary spelling: ent_num 7255 is "KAMMOUN, Mehdi" (grep '^7255,' sdn.csv);
# the index holds Mehdi as its class's "mahdi", two edits from "Meudi" but one from "Mehdi".
sdn_row '7255,"KAMMOUN, Mehdi"'
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "Meudi KAMMOUN"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; t=m["explanation"]["tokens"]; assert m["source_id"]=="7255" and any(x["query"]=="meudi" and x["how"]=="typo" for x in t), m' "$TMP/out" \
  || fail "Meudi KAMMOUN does not find KAMMOUN, Mehdi through a typo"
# An initial written from the spelling the index keeps as its class's canonical token:
# ent_num 21223 is "APANASENKO, Elena" (grep '^21223,' sdn.csv); Elena is indexed as "yelena".
sdn_row '21223,"APANASENKO, Elena"'
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "E. APANASENKO"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; t=m["explanation"]["tokens"]; assert m["source_id"]=="21223" and any(x["query"]=="e" and x["how"]=="initial" for x in t), m' "$TMP/out" \
  || fail "E. APANASENKO does not find APANASENKO, Elena"
# Joined words whose halves read as one word: ent_num 2691 is "YASSIN, Sheik Ahmed Ismail" (the
# honorific drops out of "Sheik Ahmed") and 25801 "WITSHIPPING MARITIME PTE LTD" ("pte ltd" is "ltd").
sdn_row '2691,"YASSIN, Sheik Ahmed Ismail"'
sdn_row '25801,"WITSHIPPING MARITIME PTE LTD"'
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "SheikAhmed Ismail YASSIN"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; t=m["explanation"]["tokens"]; assert m["source_id"]=="2691" and any(x["query"]=="sheikahmed" and x["how"]=="joined" for x in t), m' "$TMP/out" \
  || fail "SheikAhmed Ismail YASSIN does not find YASSIN, Sheik Ahmed Ismail"
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "WITSHIPPING MARITIME PTELTD"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; assert m["source_id"]=="25801", m' "$TMP/out" \
  || fail "WITSHIPPING MARITIME PTELTD does not find WITSHIPPING MARITIME PTE LTD first"
# A name that reads as an organization (a legal form first or last) against a listed person
# costs 0.10, explained; the person's whole name still reaches the threshold. ent_num 11940 is
# "PEREZ ROJAS, Daniel", an individual (grep '^11940,' sdn.csv).
sdn_row '11940,"PEREZ ROJAS, Daniel","individual"'
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "Daniel PEREZ ROJAS Ltd"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; a=m["explanation"]["adjustments"]; assert m["source_id"]=="11940" and any(x["what"]=="type" and abs(x["delta"]+0.10)<1e-9 for x in a), m' "$TMP/out" \
  || fail "Daniel PEREZ ROJAS Ltd is not marked down against the listed person"
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "Daniel PEREZ ROJAS"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; assert not m["explanation"]["adjustments"], m' "$TMP/out" \
  || fail "a person-like name is marked down"
# Short words (docs/MATCHING.md §2): OFAC's own search scores "KIM JONG UN" against "KIM, Jong
# Man" (22992) and "KIM, Yo Jong" (21444) 100; vet flags them, with "un" an extra word.
sdn_row '22992,"KIM, Jong Man"'
sdn_row '21444,"KIM, Yo Jong"'
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "KIM JONG UN"
python3 -c 'import json,sys; ms=json.load(open(sys.argv[1]))["matches"]; hit={m["source_id"]: m for m in ms if m["match"]}; assert ms[0]["source_id"]=="20157" and ms[0]["score"]==1.0, ms[0]; assert "22992" in hit and "21444" in hit, list(hit); assert any(t["query"]=="un" and t["how"]=="extra" and t["kept"]==0.35 for t in hit["22992"]["explanation"]["tokens"])' "$TMP/out" \
  || fail "KIM JONG UN does not flag KIM, Jong Man and KIM, Yo Jong below KIM, Jong Un"
# Dotted initials that no list holds as a word are initials: "V.F. Yanukovych" is V. F.
# Yanukovych ("vf" is no token of the list; "I.M." would stay whole: the Korean surname Im).
sdn_row '16641,"YANUKOVYCH, Viktor Fedorovych"'
expect_status 1 "$VET" screen -i "$TMP/sdn.snap" --format json "V.F. Yanukovych"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; t=m["explanation"]["tokens"]; assert m["source_id"]=="16641" and [x["how"] for x in t if x["query"] in ("v","f")]==["initial","initial"], m' "$TMP/out" \
  || fail "V.F. Yanukovych does not find YANUKOVYCH, Viktor Fedorovych through its initials"
# The CSL's Entity List rows carry no type. One whose name has a legal form is weighed as a
# company's, so a generic word alone does not reach it: "Software GmbH" is not "Beijing
# Beihang Haier Software Co., Ltd." (an alias of Beijing Tianhua), whose missing "Beihang" and
# "Haier" are no missing middle names. The name itself still is.
CSL="$VET_SHARED_DIR/data/lists/csl/consolidated-2023-11-partial.csv"
grep -q '^"741e6ba15d4685f8054de3a38b00e0c6fa9e4f05ca5f6e8545178ce6","Entity List (EL)[^"]*","","","","Beijing Tianhua"' "$CSL" \
  || fail "fixture changed: no untyped CSL row for Beijing Tianhua"
grep -q 'Beijing Beihang Haier Software Co., Ltd.' "$CSL" || fail "fixture changed: no alias Beijing Beihang Haier Software"
expect_status 0 "$VET" index build -o "$TMP/csl.snap" "$CSL"
expect_status 0 "$VET" screen -i "$TMP/csl.snap" "Software GmbH"
expect_status 1 "$VET" screen -i "$TMP/csl.snap" "Beihang Haier Software Co Ltd"
expect_in "$TMP/out" "741e6ba15d4685f8054de3a38b00e0c6fa9e4f05ca5f6e8545178ce6"
# A query with a legal form is a company's name too: "Logic Limited" is compared with the
# untyped "Video Logic" as one, where a missing first word is no missing given name.
grep -q '^"801d12007b9f75e56998c3df36f6ffd41d4e92eb0da5ff04acb3530b",[^,]*,"","","","Video Logic"' "$CSL" \
  || fail "fixture changed: no untyped CSL row for Video Logic"
expect_status 0 "$VET" screen -i "$TMP/csl.snap" "Logic Limited"
expect_status 1 "$VET" screen -i "$TMP/csl.snap" "Video Logic Ltd"
expect_in "$TMP/out" "801d12007b9f75e56998c3df36f6ffd41d4e92eb0da5ff04acb3530b"
# A person named by initials and a surname (docs/MATCHING.md §2): OFAC's own search scores
# "J.P. MORGAN" / "MORGAN HUERTA, Jose Arnoldo" 100. J pairs with Jose, MORGAN with the first
# surname, and P, which meets no given name, is left out (its explanation keeps 0 of it).
SDN24="$VET_SHARED_DIR/data/lists/ofac/sdn-history/sdn-2024-03-05.csv"
grep -q '^37256,"MORGAN HUERTA, Jose Arnoldo","individual"' "$SDN24" || fail "fixture changed: no row 37256"
expect_status 0 "$VET" index build -o "$TMP/sdn24.snap" "$SDN24"
expect_status 1 "$VET" screen -i "$TMP/sdn24.snap" --format json "J.P. MORGAN"
python3 - "$TMP/out" <<'PY' || fail "J.P. MORGAN: no match with 37256 that leaves P out"
import json, sys
d = json.load(open(sys.argv[1]))
m = [x for x in d["matches"] if x["source_id"] == "37256"]
assert m and m[0]["match"], d
p = [t for t in m[0]["explanation"]["tokens"] if t["query"] == "p"]
assert p and p[0]["name"] is None and p[0]["kept"] == 0, p
PY
# The table's "why" names the words that paired with nothing and what share of them counted.
expect_status 1 "$VET" screen -i "$TMP/sdn24.snap" --list ofac-sdn "J.P. MORGAN"
expect_in "$TMP/out" "morgan=morgan j~jose(initial) unmatched: p (counts 0%), arnoldo (counts 35%), huerta"
# The first initial must meet a listed first given name: "W.D. Morgan Huerta" meets none of
# the four MORGAN HUERTA entries (Juan Carlos, Jose Arnoldo, Miguel Angel, Jose Luis).
expect_status 0 "$VET" screen -i "$TMP/sdn24.snap" --list ofac-sdn "W.D. Morgan Huerta"
done_testing
