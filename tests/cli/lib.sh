# lib.sh — helpers for the CLI tests (sourced). Each test script runs the
# real `vet` binary ($VET) and fails on the first broken expectation.
set -u
FAILS=0
CHECKS=0
TMP=$(mktemp -d /tmp/vet-cli-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
# expect_status WANT CMD...: runs CMD, stdout to $TMP/out, stderr to $TMP/err.
expect_status() {
  want=$1; shift
  CHECKS=$((CHECKS + 1))
  "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  [ "$got" = "$want" ] || fail "exit $got, expected $want: $* (stderr: $(head -c 300 "$TMP/err"))"
}
# expect_in FILE TEXT: FILE contains TEXT (fixed string).
expect_in() {
  CHECKS=$((CHECKS + 1))
  grep -qF -- "$2" "$1" || fail "$1 lacks \"$2\": $(head -c 300 "$1")"
}
expect_not_in() {
  CHECKS=$((CHECKS + 1))
  ! grep -qF -- "$2" "$1" || fail "$1 contains \"$2\""
}
done_testing() {
  echo "$((CHECKS - FAILS)) passed, $FAILS failed"
  [ "$FAILS" = 0 ]
}
