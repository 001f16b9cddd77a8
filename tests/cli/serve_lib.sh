# serve_lib.sh — starting and stopping a real `vet serve` for the HTTP tests
# (sourced after lib.sh). The server listens on 127.0.0.1 port 0, so the
# kernel picks a free port; the port is read from the server's first line.
#
# start_server NAME ARGS...: starts `$VET serve ARGS --listen 127.0.0.1:0`,
#   logging to $TMP/NAME.log; sets NAME_PID and NAME_URL (e.g. SRV_URL).
# stop_server NAME: SIGTERM, then waits; fails the test if the server did not
#   exit 0 (which also catches sanitizer reports at exit).
start_server() {
  local name=$1; shift
  "$VET" serve "$@" --listen 127.0.0.1:0 2>"$TMP/$name.log" &
  local pid=$! port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$TMP/$name.log")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$port" ]; then
    fail "vet serve did not start: $(cat "$TMP/$name.log")"
    done_testing
    exit 1
  fi
  printf -v "${name}_PID" '%s' "$pid"
  printf -v "${name}_URL" '%s' "http://127.0.0.1:$port"
}

stop_server() {
  local name=$1 pidvar="${1}_PID"
  local pid=${!pidvar}
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  local rc=$?
  CHECKS=$((CHECKS + 1))
  [ "$rc" = 0 ] || fail "vet serve ($name) exited with $rc: $(tail -n 20 "$TMP/$name.log")"
}

# http METHOD URL [CURL ARGS...]: body to $TMP/body, status code to $TMP/code.
http() {
  local method=$1 url=$2; shift 2
  curl -s -o "$TMP/body" -w '%{http_code}' -X "$method" "$@" "$url" >"$TMP/code" 2>"$TMP/curl.err" \
    || echo "curl-failed" >>"$TMP/code"
}
# expect_http WANT METHOD URL [CURL ARGS...]
expect_http() {
  local want=$1; shift
  CHECKS=$((CHECKS + 1))
  http "$@"
  [ "$(cat "$TMP/code")" = "$want" ] || fail "$1 $2: HTTP $(cat "$TMP/code"), expected $want: $(head -c 300 "$TMP/body")"
}
# expect_json PYTHON-EXPR: evaluates EXPR with d = the JSON in $TMP/body.
expect_json() {
  CHECKS=$((CHECKS + 1))
  python3 - "$1" "$TMP/body" <<'PY' || fail "JSON check failed: $1 on $(head -c 400 "$TMP/body")"
import json, sys
d = json.load(open(sys.argv[2]))
sys.exit(0 if eval(sys.argv[1]) else 1)
PY
}
