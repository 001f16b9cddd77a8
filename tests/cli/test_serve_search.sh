#!/bin/bash
# test_serve_search.sh — the screening endpoints of `vet serve` against the
# real matcher: GET /v1/search and POST /v1/screen must give exactly what
# `vet screen --format json` gives for the same query (results and
# explanations), and POST /match/{dataset} must answer in the shape of the
# OpenSanctions yente API. Uses the shipped list and the real OFAC SDN file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

SDN="$VET_SHARED_DIR/data/lists/ofac/sdn-2021-07"
expect_status 0 "$VET" index build -o "$TMP/v.snap" "$VET_SOURCE_DIR/data" "$SDN"
start_server SRV -i "$TMP/v.snap"
U=$SRV_URL

# Names: listed ones, a misspelling, an alias, and two SDN primary names taken
# straight from sdn.csv (column 2 of its first and 100th rows) with python3.
mapfile -t SDN_NAMES < <(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="latin-1")))
print(rows[0][1]); print(rows[99][1])' "$SDN/sdn.csv")
NAMES=("NSO Group" "Candiru" "Candirru" "Tabatha Ltd." "Positive Technologies" "${SDN_NAMES[@]}")

# ---- /v1/search equals vet screen --format json, name by name
for name in "${NAMES[@]}"; do
  "$VET" screen -i "$TMP/v.snap" --format json "$name" > "$TMP/cli.json" 2>/dev/null
  expect_http 200 GET "$U/v1/search" -G --data-urlencode "name=$name"
  CHECKS=$((CHECKS + 1))
  python3 - "$TMP/cli.json" "$TMP/body" <<'PY' || fail "/v1/search differs from vet screen for \"$name\""
import json, sys
cli, http = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert http["matches"] == cli["matches"], (http["matches"][:1], cli["matches"][:1])
assert http["total"] == len(cli["matches"]) and http["query"]["name"] == cli["query"]
PY
done
# A name with quotes, a backslash and a tab is echoed as valid JSON.
expect_http 200 GET "$U/v1/search" -G --data-urlencode $'name=He said "Candiru" \\ \t</b>'
expect_json $'d["query"]["name"] == \'He said "Candiru" \\\\ \\t</b>\''
# The SDN names are found, scored 1.0, first.
for name in "${SDN_NAMES[@]}"; do
  expect_http 200 GET "$U/v1/search" -G --data-urlencode "name=$name" --data-urlencode "list=ofac-sdn"
  expect_json "d['matches'] and d['matches'][0]['score'] == 1.0 and d['matches'][0]['list'] == 'ofac-sdn'"
done
# Options reach the matcher as in the CLI.
"$VET" screen -i "$TMP/v.snap" --format json --type organization --country IL --limit 3 \
  --threshold 0.5 --all "Candiru" > "$TMP/cli.json" 2>/dev/null || true
"$VET" screen -i "$TMP/v.snap" --format json --type organization --country IL --limit 3 \
  --threshold 0.5 "Candiru" > "$TMP/cli.json" 2>/dev/null
expect_http 200 GET "$U/v1/search?name=Candiru&type=organization&country=IL&limit=3&threshold=0.5"
CHECKS=$((CHECKS + 1))
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a["matches"] != b["matches"])' \
  "$TMP/cli.json" "$TMP/body" || fail "options: /v1/search differs from vet screen"
expect_json "len(d['matches']) <= 3 and d['query']['threshold'] == 0.5 and d['query']['type'] == 'organization'"
expect_http 200 GET "$U/v1/search?name=Candiru&list=ofac-sdn"
expect_json "all(m['list'] == 'ofac-sdn' for m in d['matches'])"

# ---- POST /v1/screen: results in order, with the caller's ids
expect_http 200 POST "$U/v1/screen" -d '{"queries": [
  {"id": "cust-1", "name": "NSO Group", "type": "organization", "country": "IL"},
  {"id": 42, "name": "Nobody Whatsoever Plumbing"},
  {"id": "cust-3", "name": "Candiru", "ids": ["515003421"]}]}'
expect_json "[r['id'] for r in d['results']] == ['cust-1', 42, 'cust-3']"
expect_json "d['results'][0]['matches'][0]['source_id'] == 'IL:nso-group' and d['results'][2]['matches'][0]['source_id'] == 'IL:candiru'"
expect_json "all(r['total'] == len(r['matches']) for r in d['results'])"
python3 -c 'import json; print(json.dumps({"queries": [{"id": f"c{i}", "name": ["Candiru", "NSO Group", "Jane Doe"][i % 3]} for i in range(1000)]}))' > "$TMP/batch1000.json"
expect_http 200 POST "$U/v1/screen" --data-binary "@$TMP/batch1000.json"
expect_json "len(d['results']) == 1000 and [r['id'] for r in d['results']] == [f'c{i}' for i in range(1000)]"
expect_json "all((r['matches'] and r['matches'][0]['name'] == ['Candiru', 'NSO Group'][i % 3]) for i, r in enumerate(d['results']) if i % 3 != 2)"

# ---- POST /match/{dataset}: the yente shape
expect_http 200 POST "$U/match/default" -d '{"queries": {
  "q1": {"schema": "Company", "properties": {"name": ["Candiru Ltd"], "country": ["il"]}},
  "q2": {"schema": "Person", "properties": {"name": ["Nobody Whatsoever"], "birthDate": ["1971"], "nationality": ["ru"]}}}}'
CHECKS=$((CHECKS + 1))
python3 - "$TMP/body" <<'PY' || fail "the /match answer is not in the yente shape: $(head -c 600 "$TMP/body")"
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) >= {"responses", "limit"} and d["limit"] == 5
q1 = d["responses"]["q1"]
assert q1["status"] == 200 and q1["total"]["relation"] == "eq" and q1["total"]["value"] >= 1
assert q1["query"]["schema"] == "Company" and q1["query"]["properties"]["name"] == ["Candiru Ltd"]
r = q1["results"][0]
assert set(r) >= {"id", "caption", "schema", "properties", "datasets", "score", "match", "features"}
assert r["id"] == "bis-el/IL:candiru" and r["caption"] == "Candiru" and r["schema"] == "Organization"
assert r["datasets"] == ["bis-el"] and r["match"] is True and 0.8 <= r["score"] <= 1
assert "Tabatha Ltd." in r["properties"]["alias"] and r["properties"]["name"] == ["Candiru"]
assert r["properties"]["sourceUrl"][0].startswith("https://")
assert "name_score" in r["features"]
assert all(x["score"] <= r["score"] for x in q1["results"])
assert d["responses"]["q2"]["status"] == 200
PY
expect_http 200 POST "$U/match/bis-el?limit=1&threshold=0.9" -d '{"queries": {"a": {"schema": "Company", "properties": {"name": ["NSO Group"]}}}}'
expect_json "len(d['responses']['a']['results']) == 1 and d['responses']['a']['results'][0]['id'] == 'bis-el/IL:nso-group'"
expect_http 200 POST "$U/match/ofac-sdn" -d '{"queries": {"a": {"schema": "Company", "properties": {"name": ["NSO Group"]}}}}'
expect_json "all(r['datasets'] == ['ofac-sdn'] for r in d['responses']['a']['results'])"
expect_http 400 POST "$U/match/default" -d '{"queries": {"a": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}}'
expect_json "'queries.a' in d['error'] and 'name is required' in d['error']"
expect_http 400 POST "$U/match/default" -d '{"queries": {"a": {"schema": "Person", "properties": {"name": "x", "nationality": 5}}}}'
expect_http 404 POST "$U/match/un-sc" -d '{"queries": {}}'

# ---- the names screened are counted
expect_http 200 GET "$U/metrics"
expect_in "$TMP/body" 'vet_http_requests_total{route="match",status="200"} 3'
stop_server SRV
done_testing
