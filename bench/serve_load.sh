#!/bin/bash
# serve_load.sh — load test of `vet serve` with wrk (issue 5): single-name
# searches (GET /v1/search) against a snapshot of every shared list, as
# requests/s and latency percentiles, then the same load while the snapshot
# is reloaded every half second, and checks that nothing failed or leaked:
# no non-200 answer, no socket error, the server's memory and open files back
# where they were, exactly one snapshot mapped at the end.
#
#   bench/serve_load.sh                writes docs/BENCH-SERVE.md
#   DURATION=5 bench/serve_load.sh     shorter runs (seconds; default 10)
#
# Peer in the same run: GET /healthz, which does no work, is the ceiling of
# the HTTP layer on this machine; search throughput is read against it.
# Until the matcher (vet_screen) is in libvet, /v1/search answers 503 and the
# script measures GET /v1/entities/{list}/{id} (a snapshot lookup and JSON
# encoding) in its place, and says so. Every request loop is bounded by
# DURATION and every address is 127.0.0.1.
. "$(dirname "$0")/common.sh"
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
SERVER_THREADS=${SERVER_THREADS:-2}
WRK_THREADS=${WRK_THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (sh scripts/deps.sh --test)" >&2; exit 1; }
build_bench
OUT=$(mktemp -d /tmp/vet-serve-bench.XXXXXX)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$OUT"; }
trap cleanup EXIT

# The shared lists this vet can read (a reader still on its way is left out
# and named in the report), and vet's own list.
LISTS="" SKIPPED=""
for f in $ALL_LISTS; do
  if "$VET" read "$f" >/dev/null 2>&1; then LISTS="$LISTS $f"; else SKIPPED="$SKIPPED ${f#"$L"/}"; fi
done
LISTS="$LISTS $ROOT/data"
# shellcheck disable=SC2086
"$VET" index build -o "$OUT/all.snap" $LISTS > "$OUT/build.txt" 2>/dev/null
cp "$OUT/all.snap" "$OUT/other.snap"

TOKEN="bench-$$"
"$VET" serve -i "$OUT/all.snap" --listen 127.0.0.1:0 --threads "$SERVER_THREADS" \
  --admin-token "$TOKEN" 2>"$OUT/server.log" &
SERVER_PID=$!
for _ in $(seq 1 200); do
  PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$OUT/server.log")
  [ -n "$PORT" ] && break
  sleep 0.05
done
[ -n "${PORT:-}" ] || { cat "$OUT/server.log"; exit 1; }
U=http://127.0.0.1:$PORT

# The queries: about 2,000 names drawn from the lists' own entities (every
# 7th primary name, spread over the lists, one in three with a letter
# dropped), so most searches find candidates, as real screening traffic of
# names near listed ones does.
MATCHER=$(curl -s "$U/readyz" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["matcher"]))')
# shellcheck disable=SC2086
python3 - "$VET" "$MATCHER" "$OUT/names.txt" $LISTS > "$OUT/paths.lua" <<'PY'
import json, subprocess, sys, urllib.parse
vet, matcher, names_out, paths_in = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4:]
paths, names = [], []
per_list = 2000 // len(paths_in) + 1
for path in paths_in:
    out = subprocess.run([vet, "read", "--json", path], capture_output=True, text=True)
    taken = 0
    for i, line in enumerate(out.stdout.splitlines()):
        if i % 7 or not line.startswith("{") or taken >= per_list:
            continue
        e = json.loads(line)
        if "source_id" not in e or "list" not in e:
            continue
        taken += 1
        if matcher:
            name = e.get("name") or ""
            if i % 3 == 0 and len(name) > 6:
                name = name[:3] + name[4:]
            paths.append("/v1/search?name=" + urllib.parse.quote(name))
            names.append(name)
        else:
            paths.append(f"/v1/entities/{urllib.parse.quote(e['list'])}/{urllib.parse.quote(e['source_id'], safe='')}")
open(names_out, "w").write("".join(n + "\n" for n in names))
print("paths = {" + ",".join(json.dumps(p) for p in paths) + "}")
print("n = #paths\ni = 0\nrequest = function()\n  i = i % n + 1\n  return wrk.format('GET', paths[i])\nend")
PY
N_PATHS=$(grep -o '"/v1' "$OUT/paths.lua" | wc -l)

proc_state() {  # RSS in kB, open fds, snapshot mappings of the server
  echo "$(awk '/VmRSS/{print $2}' /proc/$SERVER_PID/status) $(ls /proc/$SERVER_PID/fd | wc -l)" \
       "$(grep -c '\.snap' /proc/$SERVER_PID/maps)"
}
run_wrk() {  # label, extra args...
  local label=$1; shift
  wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@" > "$OUT/$label.txt" 2>&1
}
summary() {  # label -> "req/s p50 p99 non2xx errors"
  python3 - "$OUT/$1.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", t, re.M))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
err = re.search(r"Socket errors: (.*)", t)
total = re.search(r"(\d+) requests in", t).group(1)
print(f"{float(rps):.0f} {lat.get('50')} {lat.get('99')} {non2xx.group(1) if non2xx else 0} "
      f"{'none' if not err else err.group(1).replace(' ', '_')} {total}")
PY
}

# Warm up, then measure.
wrk -t1 -c8 -d2s -s "$OUT/paths.lua" "$U" >/dev/null 2>&1
BEFORE=$(proc_state)
run_wrk healthz "$U/healthz"
run_wrk work -s "$OUT/paths.lua" "$U"
MID=$(proc_state)
# The same load while the snapshot is reloaded every 0.5 s (bounded count).
RELOADS=$((DURATION * 2))
( for i in $(seq 1 "$RELOADS"); do
    f=$([ $((i % 2)) = 0 ] && echo all || echo other)
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $TOKEN" \
      -d "{\"path\": \"$OUT/$f.snap\"}" "$U/admin/reload"
    sleep 0.5
  done ) > "$OUT/reloads.txt" &
RELOADER=$!
run_wrk reload -s "$OUT/paths.lua" "$U"
wait "$RELOADER"
sleep 1
AFTER=$(proc_state)
curl -s "$U/metrics" > "$OUT/metrics.txt"
RELOAD_OK=$(grep -c '^200$' "$OUT/reloads.txt" || true)
IN_FLIGHT=$(awk '/^vet_http_requests_in_flight/{print $2}' "$OUT/metrics.txt")

# Peer: the matcher alone, the same names through `vet screen -` (one
# process, one thread, JSON lines out), in names per second.
SCREEN_RATE="n/a (no matcher)"
if [ "$MATCHER" = 1 ]; then
  N_NAMES=$(wc -l < "$OUT/names.txt")
  T0=$(date +%s.%N)
  for _ in 1 2 3; do   # exit 1 means "a match", as grep
    "$VET" screen -i "$OUT/all.snap" - < "$OUT/names.txt" > /dev/null || [ $? = 1 ]
  done
  T1=$(date +%s.%N)
  SCREEN_RATE="$(python3 -c "print(round(3 * $N_NAMES / ($T1 - $T0)))") names/s"
fi

read -r H_RPS H_P50 H_P99 H_BAD H_ERR H_N <<<"$(summary healthz)"
read -r W_RPS W_P50 W_P99 W_BAD W_ERR W_N <<<"$(summary work)"
read -r R_RPS R_P50 R_P99 R_BAD R_ERR R_N <<<"$(summary reload)"
read -r B_RSS B_FD B_MAP <<<"$BEFORE"
read -r M_RSS M_FD M_MAP <<<"$MID"
read -r A_RSS A_FD A_MAP <<<"$AFTER"
if [ "$MATCHER" = 1 ]; then WHAT="single-name searches (GET /v1/search)"; else
  WHAT="entity lookups (GET /v1/entities/{list}/{id}) — **the matcher is not in this build, so /v1/search answers 503; these are not searches**"; fi
ENTITIES=$(curl -s "$U/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"])')
OK=yes
[ "$W_BAD" = 0 ] && [ "$R_BAD" = 0 ] && [ "$W_ERR" = none ] && [ "$R_ERR" = none ] \
  && [ "$RELOAD_OK" = "$RELOADS" ] && [ "$A_MAP" = 1 ] && [ "$IN_FLIGHT" = 1 ] || OK=no

{
  echo "# vet serve under load"
  echo
  echo "Made by \`bench/serve_load.sh\` (wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}')). $(machine)"
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; wrk and the server share them."
  echo
  echo "Snapshot: the shared lists this vet reads and vet's own, $ENTITIES entities${SKIPPED:+ (not yet readable, left out:$SKIPPED)}."
  echo "Server: \`--threads $SERVER_THREADS\`;"
  echo "wrk: $WRK_THREADS threads, $CONNS keep-alive connections, ${DURATION} s a run, $N_PATHS different URLs in rotation."
  echo "Workload: $WHAT."
  echo
  echo "| run | requests | requests/s | p50 | p99 | non-200 | socket errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| GET /healthz (no work: the HTTP ceiling) | $H_N | $H_RPS | $H_P50 | $H_P99 | $H_BAD | $H_ERR |"
  echo "| workload | $W_N | $W_RPS | $W_P50 | $W_P99 | $W_BAD | $W_ERR |"
  echo "| workload while reloading every 0.5 s | $R_N | $R_RPS | $R_P50 | $R_P99 | $R_BAD | $R_ERR |"
  echo
  echo "Matcher alone, the same names through \`vet screen -\` (one thread, no HTTP): $SCREEN_RATE."
  echo "Reloads during the third run: $RELOAD_OK of $RELOADS answered 200 (alternating two snapshot files)."
  echo
  echo "| server state | RSS (kB) | open fds | snapshot mappings |"
  echo "|---|---:|---:|---:|"
  echo "| after warm-up | $B_RSS | $B_FD | $B_MAP |"
  echo "| after the first two runs | $M_RSS | $M_FD | $M_MAP |"
  echo "| after the reload run | $A_RSS | $A_FD | $A_MAP |"
  echo
  echo "Requests in flight at the end (the /metrics request itself): $IN_FLIGHT."
  echo "Nothing failed and nothing leaked: **$OK** (no non-200, no socket error, every reload"
  echo "accepted, one snapshot mapped at the end — each replaced snapshot was closed by its last request)."
} > "$OUT/report.md"
cat "$OUT/report.md"
[ "${WRITE_DOCS:-1}" = 1 ] && cp "$OUT/report.md" "$ROOT/docs/BENCH-SERVE.md"
[ "$OK" = yes ]
