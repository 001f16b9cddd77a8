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
# Peers in the same run: GET /healthz, which does no work, is the ceiling of
# the HTTP layer on this machine, and a search for a name that matches
# nothing (the server without the matcher: parsing, the holder, the JSON, the
# metrics); search throughput is read against them. The result cache
# (vet serve --cache) is off for the workload run, so every request is
# screened; two more runs use the default cache, one with every name
# different (about 85,000 names and aliases of the lists, each asked once per
# pass: what an all-new stream of customers costs) and one with the 1,198
# names in rotation (what repeats gain; the hit rate comes from /metrics).
# BEFORE_VET=path/to/older/vet runs the workload with that binary and this
# one alternately ROUNDS times (default 3) and reports the medians, so a
# before/after comparison shares the machine's load.
# Server CPU per request is the server process's user + system time over
# the requests wrk completed (from /proc), which a busy machine disturbs less
# than requests/s.
# Until the matcher (vet_screen) is in libvet, /v1/search answers 503 and the
# script measures GET /v1/entities/{list}/{id} (a snapshot lookup and JSON
# encoding) in its place, and says so. Every request loop is bounded by
# DURATION and every address is 127.0.0.1.
. "$(dirname "$0")/common.sh"
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
SERVER_THREADS=${SERVER_THREADS:-2}
WRK_THREADS=${WRK_THREADS:-2}
ROUNDS=${ROUNDS:-3}
BEFORE_VET=${BEFORE_VET:-}
BEFORE_LABEL=${BEFORE_LABEL:-$BEFORE_VET}
command -v wrk >/dev/null || { echo "wrk is not installed (sh scripts/deps.sh --test)" >&2; exit 1; }
build_bench
OUT=$(mktemp -d /tmp/vet-serve-bench.XXXXXX)
SERVER_PID="" PID2=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  [ -n "$PID2" ] && kill "$PID2" 2>/dev/null
  wait 2>/dev/null; rm -rf "$OUT"
}
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
# start LOG VET ARGS...: a server on a free port; sets PID2 and U2.
start() {
  local log=$1 vet=$2; shift 2
  : > "$OUT/$log"   # exists before the server's stderr is opened, for the sed below
  "$vet" serve -i "$OUT/all.snap" --listen 127.0.0.1:0 --threads "$SERVER_THREADS" "$@" 2>"$OUT/$log" &
  PID2=$!
  local port=""
  for _ in $(seq 1 200); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$OUT/$log")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { cat "$OUT/$log"; exit 1; }
  U2=http://127.0.0.1:$port
}
stop() { kill "$PID2"; wait "$PID2" 2>/dev/null || true; PID2=""; }
# The server of the reload run and the memory figures: as shipped (result cache on).
start server.log "$VET" --admin-token "$TOKEN"
SERVER_PID=$PID2 PID2="" U=$U2

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
# All-distinct names: every name and alias of the lists, as the workload
# (one in three with a letter dropped, and that variant too), each once,
# shuffled; wrk thread k of n asks names k, k+n, k+2n, ... so no two threads
# ask the same name.
# shellcheck disable=SC2086
python3 - "$VET" $LISTS > "$OUT/distinct.lua" <<'PY'
import json, random, subprocess, sys, urllib.parse
names, seen = [], set()
for path in sys.argv[2:]:
    out = subprocess.run([sys.argv[1], "read", "--json", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        e = json.loads(line)
        for nm in e.get("names") or [{"name": e.get("name") or ""}]:
            n = nm.get("name") or ""
            if not n.strip() or len(n.encode()) > 1000:
                continue
            for v in [n] + ([n[:3] + n[4:]] if len(n) > 6 else []):
                if v.strip() and v not in seen:
                    seen.add(v)
                    names.append(v)
random.Random(7).shuffle(names)
print("paths = {" + ",".join(json.dumps("/v1/search?name=" + urllib.parse.quote(n)) for n in names) + "}")
print("""n = #paths
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  step = tonumber(args[1]) or 1
  i = tid
end
request = function()
  local p = paths[(i - 1) % n + 1]
  i = i + step
  return wrk.format('GET', p)
end""")
PY
N_DISTINCT=$(grep -o '"/v1' "$OUT/distinct.lua" | wc -l)

proc_state() {  # RSS in kB, open fds, snapshot mappings of the server
  echo "$(awk '/VmRSS/{print $2}' /proc/$SERVER_PID/status) $(ls /proc/$SERVER_PID/fd | wc -l)" \
       "$(grep -c '\.snap' /proc/$SERVER_PID/maps)"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cache_hits() { curl -s "$1/metrics" | awk '/^vet_result_cache_total.*hit/{v = $2} END {print v + 0}'; }
run_wrk() {  # label, extra args...
  local label=$1; shift
  wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@" > "$OUT/$label.txt" 2>&1
}
# measure LABEL PID URL WRK-ARGS...: run_wrk, plus the server's CPU per request
# (us) and its result cache hits during the run, into $OUT/LABEL.extra.
measure() {
  local label=$1 pid=$2 url=$3; shift 3
  local t0 h0 t1 h1 n
  h0=$(cache_hits "$url"); t0=$(cpu_ticks "$pid")
  run_wrk "$label" "$@"
  t1=$(cpu_ticks "$pid"); h1=$(cache_hits "$url")
  n=$(awk '/requests in/{print $1}' "$OUT/$label.txt")
  echo "$(python3 -c "print(round(($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / max($n, 1), 1))") $((h1 - h0))" \
    > "$OUT/$label.extra"
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
measure healthz "$SERVER_PID" "$U" "$U/healthz"
# The cache-off server: the peer without matching, and the workload.
start off.log "$VET" --cache 0
wrk -t1 -c8 -d2s -s "$OUT/paths.lua" "$U2" >/dev/null 2>&1
measure nomatch "$PID2" "$U2" "$U2/v1/search?name=Zzzzqqq"
measure work "$PID2" "$U2" -s "$OUT/paths.lua" "$U2"
stop
# Before/after, alternating, on the same workload and cache off.
if [ -n "$BEFORE_VET" ]; then
  for r in $(seq 1 "$ROUNDS"); do
    start before.log "$BEFORE_VET"
    wrk -t1 -c8 -d2s -s "$OUT/paths.lua" "$U2" >/dev/null 2>&1
    measure "before$r" "$PID2" "$U2" -s "$OUT/paths.lua" "$U2"
    stop
    start off.log "$VET" --cache 0
    wrk -t1 -c8 -d2s -s "$OUT/paths.lua" "$U2" >/dev/null 2>&1
    measure "after$r" "$PID2" "$U2" -s "$OUT/paths.lua" "$U2"
    stop
  done
fi
# The default cache: all-distinct names, then the rotation of 1,198.
measure distinct "$SERVER_PID" "$U" -s "$OUT/distinct.lua" "$U" -- "$WRK_THREADS"
measure repeat "$SERVER_PID" "$U" -s "$OUT/paths.lua" "$U"
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
measure reload "$SERVER_PID" "$U" -s "$OUT/paths.lua" "$U"
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

# row LABEL TITLE: one line of the results table.
row() {
  local rps p50 p99 bad err n cpu hits
  read -r rps p50 p99 bad err n <<<"$(summary "$1")"
  read -r cpu hits < "$OUT/$1.extra"
  echo "| $2 | $n | $rps | $p50 | $p99 | $cpu | $hits | $bad | $err |"
  [ "$bad" = 0 ] && [ "$err" = none ] || OK=no
}
read -r H_RPS H_P50 H_P99 H_BAD H_ERR H_N <<<"$(summary healthz)"
read -r W_RPS W_P50 W_P99 W_BAD W_ERR W_N <<<"$(summary work)"
read -r R_RPS R_P50 R_P99 R_BAD R_ERR R_N <<<"$(summary reload)"
read -r NM_RPS _ <<<"$(summary nomatch)"
read -r NM_CPU _ < "$OUT/nomatch.extra"
read -r W_CPU _ < "$OUT/work.extra"
read -r D_RPS _ <<<"$(summary distinct)"
read -r D_CPU D_HITS < "$OUT/distinct.extra"
read -r P_RPS _ <<<"$(summary repeat)"
read -r P_CPU P_HITS < "$OUT/repeat.extra"
P_N=$(summary repeat | awk '{print $6}')
D_N=$(summary distinct | awk '{print $6}')
P_RATE=$(python3 -c "print(round(100 * $P_HITS / max($P_N, 1)))")
D_RATE=$(python3 -c "print(round(100 * $D_HITS / max($D_N, 1), 1))")
read -r B_RSS B_FD B_MAP <<<"$BEFORE"
read -r M_RSS M_FD M_MAP <<<"$MID"
read -r A_RSS A_FD A_MAP <<<"$AFTER"
if [ "$MATCHER" = 1 ]; then WHAT="single-name searches (GET /v1/search)"; else
  WHAT="entity lookups (GET /v1/entities/{list}/{id}) — **the matcher is not in this build, so /v1/search answers 503; these are not searches**"; fi
ENTITIES=$(curl -s "$U/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"])')
OK=yes
[ "$W_BAD" = 0 ] && [ "$R_BAD" = 0 ] && [ "$W_ERR" = none ] && [ "$R_ERR" = none ] \
  && [ "$RELOAD_OK" = "$RELOADS" ] && [ "$A_MAP" = 1 ] && [ "$IN_FLIGHT" = 1 ] || OK=no
# median LABEL-PREFIX FIELD: the median over the rounds (FIELD 1: req/s from wrk; 2: CPU us/request).
median() {
  for r in $(seq 1 "$ROUNDS"); do
    if [ "$2" = 1 ]; then summary "$1$r" | awk '{print $1}'; else awk '{print $1}' "$OUT/$1$r.extra"; fi
  done | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

{
  echo "# vet serve under load"
  echo
  echo "Made by \`bench/serve_load.sh\` (wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}')). $(machine)"
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; wrk and the server share them."
  echo
  echo "Snapshot: the shared lists this vet reads and vet's own, $ENTITIES entities${SKIPPED:+ (not yet readable, left out:$SKIPPED)}."
  echo "Server: \`--threads $SERVER_THREADS\`;"
  echo "wrk: $WRK_THREADS threads, $CONNS keep-alive connections, ${DURATION} s a run; the workload rotates $N_PATHS different URLs"
  echo "(each wrk thread walks the same rotation), the all-distinct run $N_DISTINCT (no name asked twice in a pass)."
  echo "Workload: $WHAT."
  echo
  echo "Server CPU is the server's user + system time per request answered; cache hits are the server's"
  echo "own count (\`vet_result_cache_total\`) during the run."
  echo
  echo "| run | requests | requests/s | p50 | p99 | server CPU µs/request | cache hits | non-200 | socket errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  row healthz "GET /healthz (no work: the HTTP ceiling)"
  row nomatch "GET /v1/search?name=Zzzzqqq, cache off (matches nothing: the server without matching)"
  row work "**workload, cache off** (every request screened)"
  row distinct "all-distinct names, default cache (\`--cache 1024\`): every request a miss"
  row repeat "workload, default cache: the 1,198 names repeat"
  row reload "workload, default cache, reloading every 0.5 s"
  echo
  if [ -n "$BEFORE_VET" ]; then
    echo "Before and after in this run (the workload, cache off, $ROUNDS rounds alternating the two binaries,"
    echo "medians): before ($BEFORE_LABEL) $(median before 1) requests/s at $(median before 2) µs of server CPU"
    echo "a request; after $(median after 1) requests/s at $(median after 2) µs."
    echo
  fi
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
