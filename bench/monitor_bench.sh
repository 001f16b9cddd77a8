#!/bin/bash
# monitor_bench.sh [N] — monitoring at scale: N (default 1,000,000) generated
# customers (bench/monitor_gen.py: realistic names, a few hundred listed names
# with variations) in a monitoring store; a full screening against the lists
# of 2024-03-04 (OFAC SDN of that day + UN + the Entity List), then the
# re-screening after one day's change (SDN 2024-03-04 -> 2024-03-05: 7 added,
# 1 removed) — incremental, against the delta — and, for comparison, a full
# re-screen of the same day; then one day's customer churn (0.1% changed)
# re-imported and re-screened. Wall time and peak memory of each step.
# Results: docs/BENCH-MONITOR.md. Uses BUILD (default build-bench, Release).
. "$(dirname "$0")/common.sh"
N=${1:-1000000}
[ -x "$VET" ] || build_bench
W=${WORK:-$(mktemp -d /tmp/vet-monitor-bench.XXXXXX)}
H=$L/ofac/sdn-history
OTHER="$L/un/consolidated-2026-02-27.xml $L/ecfr/title-15-part-744-2026-07-23.xml"
machine
"$VET" index build -o "$W/s04.snap" "$H/sdn-2024-03-04.csv" $OTHER >/dev/null 2>&1
"$VET" index build -o "$W/s05.snap" "$H/sdn-2024-03-05.csv" $OTHER >/dev/null 2>&1
"$VET" diff --summary --delta-snapshot "$W/d.snap" "$W/s04.snap" "$W/s05.snap" | grep -E "added|entities from"
python3 "$ROOT/bench/monitor_gen.py" "$N" "$H/sdn-2024-03-05.csv" "$W/c.csv" "$W/c2.csv"
step() {  # step LABEL CMD...: runs CMD, prints its output, wall time and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$W/time" "$@" > "$W/out" 2>"$W/err" || true  # run: 1 = new alerts
  echo "== $label"; cat "$W/out"
  read -r secs kb < <(tail -1 "$W/time")
  echo "   wall ${secs} s, peak RSS $((kb / 1024)) MiB"
}
S="$W/m.db"
C=(--id-column customer_id --name-column name --type-column type --country-column country)
step "import $N customers" "$VET" monitor import -d "$S" "$W/c.csv" "${C[@]}"
step "first run: full screening against 2024-03-04" "$VET" monitor run -d "$S" -i "$W/s04.snap"
step "update to 2024-03-05: incremental (delta)" "$VET" monitor run -d "$S" -i "$W/s05.snap" --delta "$W/d.snap"
# The same lists again need no delta (the 03-04 -> 03-05 one is refused now: its OLD is
# no longer the last run's snapshot); only dirty and near customers are screened.
step "same again (nothing new, no delta needed)" "$VET" monitor run -d "$S" -i "$W/s05.snap"
step "for comparison: full re-screen against 2024-03-05" "$VET" monitor run -d "$S" -i "$W/s05.snap" --full
step "re-import with 0.1% of customers changed" "$VET" monitor import -d "$S" "$W/c2.csv" "${C[@]}"
step "re-screen the changed customers (lists unchanged)" "$VET" monitor run -d "$S" -i "$W/s05.snap"
ls -l "$S" | awk '{printf "store size %.0f MiB\n", $5 / 1048576}'
[ -n "${WORK:-}" ] || rm -rf "$W"
