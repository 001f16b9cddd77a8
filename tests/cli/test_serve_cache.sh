#!/bin/bash
# test_serve_cache.sh — the result cache of `vet serve` (server/result_cache.c):
# a repeated query is answered with exactly the bytes a server without the
# cache gives; every field of the query is in the key (another threshold,
# type, country, list or spelling is screened, not served from the cache);
# /v1/screen shares the cache with /v1/search; and a reload drops the cache,
# so a name that matches only in the new snapshot is found at once.
# The hit and miss counts expected below are counted from the requests this
# script sends, in order (a server with one worker thread, so one cache).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

SDN="$VET_SHARED_DIR/data/lists/ofac/sdn-2021-07"
expect_status 0 "$VET" index build -o "$TMP/own.snap" "$VET_SOURCE_DIR/data"
expect_status 0 "$VET" index build -o "$TMP/both.snap" "$VET_SOURCE_DIR/data" "$SDN"
# An SDN primary name (column 2 of the first row of sdn.csv): not in vet's own list.
SDN_NAME=$(python3 -c 'import csv,sys; print(next(csv.reader(open(sys.argv[1], encoding="latin-1")))[1])' "$SDN/sdn.csv")

TOKEN=cache-test-token
start_server C -i "$TMP/own.snap" --threads 1 --admin-token "$TOKEN"
start_server N -i "$TMP/own.snap" --threads 1 --cache 0
start_server NB -i "$TMP/both.snap" --threads 1 --cache 0

# counts HITS MISSES: the cache counters of server C.
counts() {
  expect_http 200 GET "$C_URL/metrics"
  expect_in "$TMP/body" "vet_result_cache_total{result=\"hit\"} $1"
  expect_in "$TMP/body" "vet_result_cache_total{result=\"miss\"} $2"
}
# same_as URL QUERY...: GET /v1/search with QUERY on C and on URL; the bodies must be equal.
same_as() {
  local url=$1; shift
  local args=()
  for a in "$@"; do args+=(--data-urlencode "$a"); done
  expect_http 200 GET "$C_URL/v1/search" -G "${args[@]}"
  cp "$TMP/body" "$TMP/cached"
  expect_http 200 GET "$url/v1/search" -G "${args[@]}"
  CHECKS=$((CHECKS + 1))
  cmp -s "$TMP/cached" "$TMP/body" || fail "with the cache: $* answers $(head -c 300 "$TMP/cached"); without: $(head -c 300 "$TMP/body")"
}

counts 0 0
same_as "$N_URL" "name=NSO Group"                       # miss 1
same_as "$N_URL" "name=NSO Group"                       # hit 1
same_as "$N_URL" "name=NSO Group"                       # hit 2
counts 2 1
# Every field of the query is part of the key: each of these is screened.
same_as "$N_URL" "name=NSO Group" "threshold=0.5"       # miss 2
same_as "$N_URL" "name=NSO Group" "type=person"         # miss 3
same_as "$N_URL" "name=NSO Group" "country=IL"          # miss 4
same_as "$N_URL" "name=NSO Group" "dob=1970"            # miss 5
same_as "$N_URL" "name=NSO Group" "list=bis-el"         # miss 6
same_as "$N_URL" "name=NSO Group" "limit=1"             # miss 7
same_as "$N_URL" "name=nso group"                       # miss 8 (another spelling)
counts 2 8
same_as "$N_URL" "name=NSO Group" "threshold=0.5"       # hit 3
same_as "$N_URL" "name=NSO Group" "list=bis-el"         # hit 4
counts 4 8
# /v1/screen: three queries, the first two asked before (hits 5, 6), the third new (miss 9).
expect_http 200 POST "$C_URL/v1/screen" -d '{"queries": [{"id": 1, "name": "NSO Group"},
  {"id": 2, "name": "nso group"}, {"id": 3, "name": "Candiru"}]}'
cp "$TMP/body" "$TMP/cached"
expect_http 200 POST "$N_URL/v1/screen" -d '{"queries": [{"id": 1, "name": "NSO Group"},
  {"id": 2, "name": "nso group"}, {"id": 3, "name": "Candiru"}]}'
CHECKS=$((CHECKS + 1))
cmp -s "$TMP/cached" "$TMP/body" || fail "/v1/screen with the cache differs from without"
counts 6 9

# A reload drops the cache: the SDN name, screened against vet's own list
# (miss 10, then hit 7), is found in OFAC's list right after the reload (miss 11).
same_as "$N_URL" "name=$SDN_NAME"
same_as "$N_URL" "name=$SDN_NAME"
expect_json "not any(m['list'] == 'ofac-sdn' for m in d['matches'])"
counts 7 10
expect_http 200 POST "$C_URL/admin/reload" -H "Authorization: Bearer $TOKEN" -d "{\"path\": \"$TMP/both.snap\"}"
same_as "$NB_URL" "name=$SDN_NAME"
expect_json "d['matches'] and d['matches'][0]['list'] == 'ofac-sdn' and d['matches'][0]['score'] == 1.0"
same_as "$NB_URL" "name=NSO Group"                      # miss 12: not kept across the reload
counts 7 12

# Without the cache nothing is counted.
expect_http 200 GET "$N_URL/metrics"
expect_in "$TMP/body" 'vet_result_cache_total{result="hit"} 0'
expect_in "$TMP/body" 'vet_result_cache_total{result="miss"} 0'
expect_status 2 "$VET" serve --cache -1
stop_server C
stop_server N
stop_server NB
done_testing
