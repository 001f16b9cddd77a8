#!/bin/bash
# test_text.sh — vet text end to end on a real snapshot (vet's own list and
# OFAC's SDN list of 2024-05-03, the UN Security Council list of 2026-02-27,
# and the UK consolidated list of 2014, where the UN-listed Abu Bakr
# al-Baghdadi is a name of its own, not OFAC's weak a.k.a.): news-like paragraphs whose real mentions
# are found at the right byte offsets, HTML, standard input, and ordinary
# prose — the licence texts Debian ships in /usr/share/common-licenses and
# paragraphs written here — with no mention at the default threshold.
. "$(dirname "$0")/lib.sh"
SDN="$VET_SHARED_DIR/data/lists/ofac/sdn-history/sdn-2024-05-03.csv"
UK="$VET_SHARED_DIR/data/lists/uk/ofsi-conlist-2014-04-02.csv"
UN="$VET_SHARED_DIR/data/lists/un/consolidated-2026-02-27.xml"
expect_status 0 "$VET" index build -o "$TMP/v.snap" "$VET_SOURCE_DIR/data" "$SDN" "$UK" "$UN"
S="-i $TMP/v.snap"

cat > "$TMP/news.txt" <<'TXT'
Researchers at the Citizen Lab said on Tuesday that the Israeli spyware maker NSO
Group had sold its Pegasus tool to at least ten governments. NSO Group denied it.

A second vendor, Candiru, also known as Saito Tech, was added to the Entity List with
it. In Athens, investigators traced payments to Intellexa, the consortium behind the
Predator spyware.

The tanker Artavil switched off its transponder off the coast of Oman, shipping data
show. Separately, a court heard that Abu Bakr al-Baghdadi had ordered the attacks, and
that funds moved through Grindavik Solutons, a shell company. Ιntellexa's rivals — and
the «Кандиру» brand — were not named. In Lahore, Hafiz Muhammad Saeed was sentenced again.
TXT
expect_status 1 "$VET" text $S --json "$TMP/news.txt"
cp "$TMP/out" "$TMP/news.jsonl"
python3 - "$TMP/news.txt" "$TMP/news.jsonl" <<'PY' || fail "vet text mentions or offsets are wrong"
import json, sys
text = open(sys.argv[1], "rb").read()
ms = [json.loads(l) for l in open(sys.argv[2])]
for m in ms:  # the span at [start, end) is the mention, byte for byte
    assert text[m["start"]:m["end"]].decode() == m["text"], m
spans = {m["text"]: m for m in ms}
want = {"NSO\nGroup": "IL:nso-group", "NSO Group": "IL:nso-group", "Candiru": "IL:candiru",
        "Saito Tech": "IL:candiru", "Intellexa": None, "Artavil": "15036",
        "Abu Bakr al-Baghdadi": None, "Grindavik Solutons": "IL:candiru",
        "\u0399ntellexa": None,   # a Greek capital iota for the I: a homoglyph
        "Hafiz Muhammad Saeed": None}
for span, sid in want.items():
    assert span in spans, (span, sorted(spans))
    if sid: assert spans[span]["source_id"] == sid, spans[span]
assert spans["Artavil"]["type"] == "vessel"
assert spans["Intellexa"]["list"] == "ofac-sdn"
assert "BADRI" in spans["Abu Bakr al-Baghdadi"]["name"].upper(), spans["Abu Bakr al-Baghdadi"]
assert spans["Hafiz Muhammad Saeed"]["list"] in ("un-sc", "uk-ofsi"), spans["Hafiz Muhammad Saeed"]
assert 0 < spans["Grindavik Solutons"]["score"] < 1
assert len(ms) == 10, [m["text"] for m in ms]  # the 10 spans above, each once in the text
PY
# The UN listing itself, with --list.
expect_status 1 "$VET" text $S --list un-sc --json "$TMP/news.txt"
expect_in "$TMP/out" '"text":"Hafiz Muhammad Saeed","list":"un-sc"'
# The readable report marks the mention in its sentence.
expect_status 1 "$VET" text $S "$TMP/news.txt"
expect_in "$TMP/out" ">>Artavil<<"
expect_in "$TMP/out" "line 8, bytes"
# Standard input, and HTML with the names in markup only.
expect_status 1 "$VET" text $S --json - < "$TMP/news.txt"
expect_in "$TMP/out" '"source_id":"IL:nso-group"'
cat > "$TMP/page.html" <<'HTML'
<html><head><title>Quarterly report</title><style>.Candiru{color:red}</style>
<script>var nso = "NSO Group";</script></head>
<body><h1>Suppliers</h1><p>We no longer buy from <b>Saito</b> Tech or from
<a href="https://example.com/cand">Tabatha&nbsp;Ltd.</a></p><p>Everything else is in order.</p></body></html>
HTML
expect_status 1 "$VET" text $S --html --json "$TMP/page.html"
expect_in "$TMP/out" '"text":"Saito Tech"'
expect_in "$TMP/out" '"text":"Tabatha Ltd"'
expect_not_in "$TMP/out" "NSO"
# Bytes that are not UTF-8 between the words of a name are spaces (vet_text.h), also in the
# window the scanner screens: "NSO\377Group" is NSO Group, and the text is scanned to its end.
printf 'The maker NSO\377Group sold it, \342\200 and Candiru\303 Ltd too.\n' > "$TMP/bad.txt"
expect_status 1 "$VET" text $S --json "$TMP/bad.txt"
expect_in "$TMP/out" '"source_id":"IL:nso-group"'
expect_in "$TMP/out" '"source_id":"IL:candiru"'
# ... and said so, by line: the 377 byte, the cut 342 200 and 303.
expect_in "$TMP/err" "bad.txt:1: warning: 4 bytes not UTF-8 (the first at byte 14 of the text), read as spaces"
printf 'clean line\n' | "$VET" text $S - > "$TMP/out" 2> "$TMP/err"
[ -s "$TMP/err" ] && fail "a clean text gets a warning: $(cat "$TMP/err")"
expect_status 2 "$VET" text $S "$TMP/missing.txt"
expect_in "$TMP/err" "missing.txt"

# ---- ordinary prose is quiet ------------------------------------------------------------------
cat > "$TMP/prose.txt" <<'TXT'
Ali said he would bring the casa de cuba recipes to the golden star dinner. In Cuba the
group met at noon. Mohammed and Ali walked to the General Store, where a Golden retriever
slept under a star chart. The General Public was invited, and the group said the
technology was positive. Grindavik is a town in Iceland; Saito is a family name.
The Group of Seven met in Rome. Major Component vendors shipped the System Libraries.
TXT
expect_status 0 "$VET" text $S "$TMP/prose.txt"
expect_in "$TMP/out" "no mentions"
n=0
for f in /usr/share/common-licenses/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  expect_status 0 "$VET" text $S "$f"
done
CHECKS=$((CHECKS + 1))
[ $n -ge 10 ] || fail "expected the licence texts of base-files in /usr/share/common-licenses"

done_testing
