#!/bin/bash
# test_serve.sh — `vet serve` end to end over real HTTP on 127.0.0.1: every
# endpoint, the errors (400, 401, 404, 405, 413, 422), limits and timeouts,
# and reloading without downtime by SIGHUP and by POST /admin/reload, with a
# corrupt snapshot refused while the old one keeps serving.
#
# Expected figures are counted from the shipped list file with python3 (see
# each comment), never taken from vet's own output.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

DATA="$VET_SOURCE_DIR/data/entity-list-2021-11-04.jsonl"
# Entities, names (primary + "names"), the as-of date and one source_url,
# counted straight from the JSONL file.
read -r N_ENT N_NAMES LIST_DATE < <(python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
ents = [json.loads(l) for l in lines[1:] if l.strip()]
print(len(ents), sum(1 + len(e.get("names", [])) for e in ents), json.loads(lines[0])["vet_list"]["date"])' "$DATA")
LIST_SHA="sha256:$(sha256sum "$DATA" | cut -d' ' -f1)"
NSO_URL=$(python3 -c 'import json,sys; print(next(json.loads(l)["source_url"] for l in open(sys.argv[1]) if "IL:nso-group" in l))' "$DATA")

expect_status 0 "$VET" index build -o "$TMP/v.snap" "$VET_SOURCE_DIR/data"
# A second snapshot with one entity fewer (the header line and the first
# N_ENT-1 entities), to see a reload take effect.
head -n "$N_ENT" "$DATA" > "$TMP/three.jsonl"
expect_status 0 "$VET" index build -o "$TMP/three.snap" "$TMP/three.jsonl"

# ---- command line
expect_status 0 "$VET" serve --help
expect_in "$TMP/out" "--admin-token"
expect_status 2 "$VET" serve -i "$TMP/v.snap" --listen "127.0.0.1:99999"
expect_in "$TMP/err" "expected HOST:PORT"
expect_status 2 "$VET" serve -i "$TMP/missing.snap" --listen 127.0.0.1:0
expect_in "$TMP/err" "$TMP/missing.snap"
expect_status 2 "$VET" serve -i "$TMP/v.snap" --threads 0
expect_in "$TMP/err" "--threads"

VET_ADMIN_TOKEN="" start_server SRV -i "$TMP/v.snap" --admin-token "t0ken-$$" --timeout 2 --threads 2
U=$SRV_URL
TOKEN="t0ken-$$"
expect_in "$TMP/SRV.log" "listening on http://127.0.0.1:"

# ---- health, readiness, lists, entities
expect_http 200 GET "$U/healthz"
expect_json 'd["status"] == "ok"'
expect_http 200 GET "$U/readyz"
expect_json "d['entities'] == $N_ENT and d['lists'] == 1 and d['last_reload_error'] is None"
FIRST_SUM=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checksum"])' "$TMP/body")
expect_http 200 GET "$U/v1/lists"
expect_json "d['snapshot']['entities'] == $N_ENT and len(d['lists']) == 1"
expect_json "(lambda l: l['list'] == 'bis-el' and l['date'] == '$LIST_DATE' and l['entities'] == $N_ENT and l['names'] == $N_NAMES and l['checksum'] == '$LIST_SHA' and l['loaded_at'].endswith('Z'))(d['lists'][0])"
expect_http 200 GET "$U/v1/entities/bis-el/IL:nso-group"
expect_json "d['name'] == 'NSO Group' and d['source_url'] == '$NSO_URL' and d['citations'][0]['text'] == '86 FR 60760'"
expect_http 200 GET "$U/v1/entities/bis-el/IL%3Acandiru"
expect_json "d['source_id'] == 'IL:candiru' and len(d['names']) == 8"
expect_http 404 GET "$U/v1/entities/bis-el/XX:nobody"
expect_json "d['status'] == 404 and 'XX:nobody' in d['error']"
expect_http 404 GET "$U/v1/entities/ofac-sdn/IL:nso-group"
# Quotes, backslashes and control characters from the request come back as valid JSON.
expect_http 404 GET "$U/v1/entities/bis-el/a%22b%5Cc%09%3C%2Fscript%3E"
expect_json "'a\"b\\\\c\\t</script>' in d['error']"
expect_http 400 GET "$U/v1/entities/bis-el"
expect_json "'/v1/entities/{list}/{source_id}' in d['error']"
expect_http 404 GET "$U/v2/nothing"
expect_json "d['status'] == 404 and 'no such endpoint' in d['error']"
expect_http 405 GET "$U/v1/screen"
expect_json "'use POST' in d['error']"
expect_http 405 DELETE "$U/v1/lists"
expect_http 200 GET "$U/"
expect_in "$TMP/body" '<form id="search"'
expect_http 200 GET "$U/static/page.js"
expect_http 404 GET "$U/static/nothing.js"

# ---- parameters checked before any screening: 400 with the reason
expect_http 400 GET "$U/v1/search"
expect_json "'name is required' in d['error'] and d['status'] == 400"
LONG=$(python3 -c 'print("a" * 1001)')
expect_http 400 GET "$U/v1/search?name=$LONG"
expect_json "'1001 bytes' in d['error']"
expect_http 400 GET "$U/v1/search?name=NSO&type=robot"
expect_json "'type' in d['error']"
expect_http 400 GET "$U/v1/search?name=NSO&limit=0"
expect_http 400 GET "$U/v1/search?name=NSO&limit=ten"
expect_http 400 GET "$U/v1/search?name=NSO&threshold=1.5"
expect_http 400 GET "$U/v1/search?name=%FF%FE"
expect_json "'UTF-8' in d['error']"
expect_http 400 GET "$U/v1/search?name=%20%20"
expect_http 400 POST "$U/v1/screen" -d '{"queries": [{"id": 1, "name": "x"'
expect_json "'invalid JSON' in d['error']"
expect_http 400 POST "$U/v1/screen" -d '{"queries": {"a": 1}}'
expect_http 400 POST "$U/v1/screen" -d '{"queries": [{"id": "a", "name": "NSO"}, {"id": "b"}]}'
expect_json "d['error'].startswith('queries[1]: name is required')"
expect_http 400 POST "$U/v1/screen" -d '{"queries": [{"id": "a", "name": "NSO", "ids": [1]}]}'
expect_http 400 POST "$U/v1/screen" -d '{"queries": [], "limit": 1000}'
python3 -c 'import json; print(json.dumps({"queries": [{"id": i, "name": "NSO Group"} for i in range(1001)]}))' > "$TMP/batch1001.json"
expect_http 413 POST "$U/v1/screen" --data-binary "@$TMP/batch1001.json"
expect_json "'1001 queries' in d['error']"
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' > "$TMP/big.json"
expect_http 413 POST "$U/v1/screen" --data-binary "@$TMP/big.json"
expect_json "'larger than the limit' in d['error']"
expect_http 413 POST "$U/v1/screen" -H 'Transfer-Encoding: chunked' --data-binary "@$TMP/big.json"
expect_http 404 POST "$U/match/no-such-dataset" -d '{"queries": {}}'
expect_http 400 POST "$U/match/default" -d 'not json'
expect_http 400 POST "$U/match/default?limit=0" -d '{"queries": {}}'

# ---- screening answers (the results themselves: test_serve_search.sh)
expect_http 200 GET "$U/v1/search?name=NSO%20Group"
expect_http 200 POST "$U/v1/screen" -d '{"queries": [{"id": "c-1", "name": "Candiru"}]}'
expect_http 200 POST "$U/match/default" -d '{"queries": {"q1": {"schema": "Company", "properties": {"name": ["Candiru"]}}}}'

# ---- slow clients: a connection that sends half a request is closed after the timeout (2 s)
CHECKS=$((CHECKS + 1))
python3 - "${U#http://}" <<'PY' || fail "a slow client was not disconnected by the timeout"
import socket, sys, time
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")   # never finishes its headers
s.settimeout(10)
t = time.time()
try:
    data = s.recv(100)
except (socket.timeout, ConnectionResetError):
    sys.exit(1 if time.time() - t >= 10 else 0)
sys.exit(0 if data == b"" and 1 <= time.time() - t < 8 else 1)
PY

# ---- admin: the token is required and checked
expect_http 401 POST "$U/admin/reload"
expect_json "'admin token required' in d['error']"
expect_http 401 POST "$U/admin/reload" -H "Authorization: Bearer wrong"
expect_http 401 POST "$U/admin/reload" -H "Authorization: Bearer ${TOKEN}x"
expect_http 405 GET "$U/admin/reload"
expect_http 400 POST "$U/admin/reload" -H "Authorization: Bearer $TOKEN" -d '{"path": 3}'

# ---- reload by the admin endpoint, to another file
expect_http 200 POST "$U/admin/reload" -H "Authorization: Bearer $TOKEN" -d "{\"path\": \"$TMP/three.snap\"}"
expect_json "d['status'] == 'reloaded' and d['entities'] == $((N_ENT - 1)) and d['previous_checksum'] == '$FIRST_SUM'"
expect_http 200 GET "$U/readyz"
expect_json "d['entities'] == $((N_ENT - 1))"
# The entity the smaller list lacks (the last line of the file) is gone.
LAST_ID=$(tail -n 1 "$DATA" | python3 -c 'import json,sys; print(json.load(sys.stdin)["source_id"])')
expect_http 404 GET "$U/v1/entities/bis-el/$LAST_ID"

# ---- corrupt or foreign snapshots are refused and the old one stays
cp "$TMP/v.snap" "$TMP/flipped.snap"
printf 'Z' | dd of="$TMP/flipped.snap" bs=1 seek=$(( $(stat -c %s "$TMP/v.snap") / 2 )) conv=notrunc 2>/dev/null
head -c $(( $(stat -c %s "$TMP/v.snap") - 10 )) "$TMP/v.snap" > "$TMP/cut.snap"
for bad in flipped cut; do
  expect_http 422 POST "$U/admin/reload" -H "X-Admin-Token: $TOKEN" -d "{\"path\": \"$TMP/$bad.snap\"}"
  expect_json "'reload refused' in d['error'] and 'unchanged' in d['error']"
done
expect_http 422 POST "$U/admin/reload" -H "X-Admin-Token: $TOKEN" -d "{\"path\": \"$VET_SOURCE_DIR/README.md\"}"
expect_json "'not a valid vet snapshot' in d['error']"
expect_http 422 POST "$U/admin/reload" -H "X-Admin-Token: $TOKEN" -d "{\"path\": \"$TMP/none.snap\"}"
expect_http 200 GET "$U/readyz"
expect_json "d['entities'] == $((N_ENT - 1)) and 'none.snap' in d['last_reload_error']"
expect_http 200 GET "$U/v1/entities/bis-el/IL:nso-group"

# ---- reload by SIGHUP, from the path in service: replace the file (by rename, as
# `vet index build` does) and signal.
cp "$TMP/v.snap" "$TMP/three.snap.new" && mv "$TMP/three.snap.new" "$TMP/three.snap"
kill -HUP "$SRV_PID"
CHECKS=$((CHECKS + 1))
for _ in $(seq 1 50); do grep -q "SIGHUP: reloaded" "$TMP/SRV.log" && break; sleep 0.1; done
grep -q "SIGHUP: reloaded $TMP/three.snap: $N_ENT entities" "$TMP/SRV.log" || fail "SIGHUP did not reload: $(tail -3 "$TMP/SRV.log")"
expect_http 200 GET "$U/readyz"
expect_json "d['entities'] == $N_ENT and d['checksum'] == '$FIRST_SUM' and d['last_reload_error'] is None"
cp "$TMP/flipped.snap" "$TMP/three.snap.new" && mv "$TMP/three.snap.new" "$TMP/three.snap"
kill -HUP "$SRV_PID"
CHECKS=$((CHECKS + 1))
for _ in $(seq 1 50); do grep -q "SIGHUP: reload refused" "$TMP/SRV.log" && break; sleep 0.1; done
grep -q "SIGHUP: reload refused: $TMP/three.snap: .*checksum" "$TMP/SRV.log" || fail "a corrupt snapshot was not refused on SIGHUP: $(tail -3 "$TMP/SRV.log")"
expect_http 200 GET "$U/readyz"
expect_json "d['entities'] == $N_ENT and d['checksum'] == '$FIRST_SUM' and 'checksum' in d['last_reload_error']"
expect_http 200 GET "$U/v1/entities/bis-el/$LAST_ID"

# ---- requests keep succeeding while reloads happen: 400 requests from 4
# clients, with 10 reloads between two snapshots meanwhile.
cp "$TMP/v.snap" "$TMP/a.snap"
( for i in $(seq 1 10); do
    f=$([ $((i % 2)) = 0 ] && echo a || echo v)
    curl -s -o /dev/null -X POST -H "X-Admin-Token: $TOKEN" -d "{\"path\": \"$TMP/$f.snap\"}" "$U/admin/reload"
    sleep 0.02
  done ) &
RELOADER=$!
seq 1 400 | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' "$U/v1/entities/bis-el/IL:candiru" > "$TMP/codes"
wait "$RELOADER"
CHECKS=$((CHECKS + 1))
[ "$(grep -c '^200$' "$TMP/codes")" = 400 ] || fail "requests failed during reloads: $(sort "$TMP/codes" | uniq -c)"

# ---- a snapshot of a real list: the OFAC SDN file of July 2021, counted
# independently here (rows of sdn.csv that start with an entry number, and the
# name of entry 306) with python3.
SDN="$VET_SHARED_DIR/data/lists/ofac/sdn-2021-07"
read -r SDN_ROWS SDN_306 < <(python3 -c '
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1], encoding="latin-1")) if r and r[0].strip().isdigit()]  # not the final EOF byte
print(len(rows), next(r[1] for r in rows if r[0] == "306").replace(" ", "_"))' "$SDN/sdn.csv")
expect_status 0 "$VET" index build -o "$TMP/sdn.snap" "$SDN" "$VET_SOURCE_DIR/data"
expect_http 200 POST "$U/admin/reload" -H "X-Admin-Token: $TOKEN" -d "{\"path\": \"$TMP/sdn.snap\"}"
expect_json "d['entities'] == $SDN_ROWS + $N_ENT"
expect_http 200 GET "$U/v1/lists"
expect_json "{l['list']: l['entities'] for l in d['lists']} == {'ofac-sdn': $SDN_ROWS, 'bis-el': $N_ENT}"
expect_json "[l['checksum'] for l in d['lists'] if l['list'] == 'bis-el'] == ['$LIST_SHA']"
expect_http 200 GET "$U/v1/entities/ofac-sdn/306"
expect_json "d['name'] == '${SDN_306//_/ }' and d['list'] == 'ofac-sdn'"
expect_http 200 POST "$U/admin/reload" -H "X-Admin-Token: $TOKEN" -d "{\"path\": \"$TMP/v.snap\"}"

# ---- metrics: Prometheus text with what happened above
expect_http 200 GET "$U/metrics"
CHECKS=$((CHECKS + 1))
python3 - "$TMP/body" "$N_ENT" <<'PY' || fail "metrics are not as expected: $(grep -v '^#' "$TMP/body" | grep -v _bucket)"
import re, sys
text = open(sys.argv[1]).read()
m = {}
for line in text.splitlines():
    if line and not line.startswith("#"):
        k, v = line.rsplit(" ", 1)
        m[k] = float(v)
assert m['vet_http_requests_total{route="entity",status="200"}'] >= 403
assert m['vet_http_requests_total{route="entity",status="404"}'] >= 3
assert m['vet_http_requests_total{route="screen",status="413"}'] >= 3
assert m['vet_http_requests_total{route="reload",status="401"}'] == 3
assert m['vet_http_requests_total{route="reload",status="422"}'] == 4      # flipped, cut, README, missing
assert m['vet_http_requests_total{route="reload",status="405"}'] == 1
assert m['vet_http_requests_total{route="reload",status="200"}'] == 13
assert m['vet_snapshot_reloads_total{result="ok"}'] == 14          # 1+2 by admin, 1 by SIGHUP, 10 in the loop
assert m['vet_snapshot_reloads_total{result="refused"}'] == 5      # 4 by admin, 1 by SIGHUP
assert m['vet_snapshot_entities'] == int(sys.argv[2])
assert m['vet_snapshot_age_seconds'] >= 0
c = m['vet_http_request_duration_seconds_count{route="entity"}']
assert c == m['vet_http_request_duration_seconds_bucket{route="entity",le="+Inf"}'] >= 403
buckets = [v for k, v in m.items() if k.startswith('vet_http_request_duration_seconds_bucket{route="entity"')]
assert buckets == sorted(buckets), "histogram buckets are cumulative"
assert "# TYPE vet_http_request_duration_seconds histogram" in text
PY
stop_server SRV

# ---- without a token the admin endpoint is off; the default bind is 127.0.0.1
VET_ADMIN_TOKEN="" start_server NOADMIN -i "$TMP/v.snap"
expect_http 401 POST "$NOADMIN_URL/admin/reload" -H "Authorization: Bearer anything"
expect_json "'admin endpoints are off' in d['error']"
stop_server NOADMIN
VET_ADMIN_TOKEN="from-env" start_server ENVADMIN -i "$TMP/v.snap"
expect_http 200 POST "$ENVADMIN_URL/admin/reload" -H "Authorization: Bearer from-env"
stop_server ENVADMIN
expect_status 0 "$VET" serve --help
expect_in "$TMP/out" "default 127.0.0.1:8080"

done_testing
