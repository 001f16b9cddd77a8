#!/bin/bash
# test_serve_page.sh — the analysts' page in headless Chromium against a real
# `vet serve` (see serve_page_e2e.py for what a user does and sees). Skipped
# (exit 77, counted as skipped by CTest) only when Chromium is not installed;
# `scripts/deps.sh --test` installs it. VET_PAGE_SCREENSHOT names where the
# screenshot goes (default: the test's temporary folder).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  echo "SKIP: chromium is not installed (scripts/deps.sh --test installs it)"
  exit 77
fi
expect_status 0 "$VET" index build -o "$TMP/v.snap" "$VET_SOURCE_DIR/data"
start_server SRV -i "$TMP/v.snap"
CHECKS=$((CHECKS + 1))
timeout 120 python3 "$(dirname "$0")/serve_page_e2e.py" "$SRV_URL" \
  "$VET_SOURCE_DIR/data/entity-list-2021-11-04.jsonl" "${VET_PAGE_SCREENSHOT:-$TMP/page.png}" \
  || fail "the page test failed (see above)"
stop_server SRV
done_testing
