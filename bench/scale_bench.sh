#!/bin/bash
# scale_bench.sh — how vet grows with the number of listed names (issue 3,
# "Scaling"). For each size it makes a synthetic list (bench/make_corpus.py:
# new combinations of the real lists' words), indexes it together with all
# shared lists (`vet index build`, wall time and peak memory from
# /usr/bin/time), and screens the queries of the variant set
# (bench/make_variants.py, whose targets are in the real lists) with
# bench/screen_speed (one thread, thread CPU time: median, p99). Writes
# docs/BENCH-SCALE.md.
#   bench/scale_bench.sh                 real lists only, +100 k, +1 M names
#   SIZES="100000" bench/scale_bench.sh  other sizes
. "$(dirname "$0")/common.sh"
build_bench --target screen_speed
SIZES=${SIZES:-"0 100000 1000000"}
OUT=$(mktemp -d /tmp/vet-scale.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
python3 "$ROOT/bench/make_variants.py" --vet "$VET" --shared "$SHARED" --out "$OUT/variants.csv" 2>/dev/null
python3 -c "
import csv, sys
for r in csv.DictReader(open('$OUT/variants.csv')): print(r['query'])" > "$OUT/queries.txt"
ROWS=""
for N in $SIZES; do
  EXTRA=""
  if [ "$N" != 0 ]; then
    # shellcheck disable=SC2086
    python3 "$ROOT/bench/make_corpus.py" --vet "$VET" --names "$N" --out "$OUT/synth.jsonl" \
      "$L/ofac/sdn-2021-07" "$L/un/consolidated-2026-02-27.xml" "$L/ecfr/title-15-part-744-2026-07-23.xml" 2>/dev/null
    EXTRA="$OUT/synth.jsonl"
  fi
  # shellcheck disable=SC2086
  /usr/bin/time -v "$VET" index build -o "$OUT/s.snap" $ALL_LISTS $EXTRA > "$OUT/build.txt" 2> "$OUT/time.txt"
  BUILD_S=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/time.txt")
  BUILD_MB=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$OUT/time.txt")
  SNAP_MB=$(du -m "$OUT/s.snap" | cut -f1)
  NAMES=$(awk '$3 ~ /^[0-9]+$/ && $4 ~ /^[0-9]+$/ {n += $4} END {print n}' "$OUT/build.txt")
  "$BUILD/bench/screen_speed" "$OUT/s.snap" "$OUT/queries.txt" > "$OUT/speed.txt" 2>&1
  LOAD=$(sed -n 's/^snapshot open: \([0-9.]*\) us.*/\1/p' "$OUT/speed.txt")
  CANDS=$(sed -n 's/.*candidates before skipping: \([0-9.]*\) a query.*/\1/p' "$OUT/speed.txt")
  MED=$(sed -n 's/.*median \([0-9.]*\) us.*/\1/p' "$OUT/speed.txt")
  P99=$(sed -n 's/.*p99 \([0-9.]*\) us.*/\1/p' "$OUT/speed.txt")
  RSS=$(sed -n 's/^max resident set: \([0-9]*\) MB.*/\1/p' "$OUT/speed.txt")
  ENT=$(awk '/^wrote/{print $3}' "$OUT/build.txt")
  ROWS="$ROWS| +$N | ${NAMES:-?} | $ENT | $BUILD_S s | $BUILD_MB MiB | $SNAP_MB MiB | $LOAD µs | $CANDS | $MED µs | $P99 µs | $RSS MiB |
"
  rm -f "$OUT/s.snap" "$OUT/synth.jsonl"
done
{
  echo "# Scaling benchmark: vet with 100 k and 1 M more names"
  echo
  echo "Made by \`bench/scale_bench.sh\`. $(machine)"
  echo
  echo "Each row indexes all shared lists plus a synthetic list of the given number of names"
  echo "(\`bench/make_corpus.py\`: persons \"SURNAME, Given Middle\" and organizations made of the"
  echo "real lists' words, drawn as often as the lists use them, one to four names an entity, some"
  echo "aliases a one-letter variant of the primary name). The queries are the $(wc -l < "$OUT/queries.txt")"
  echo "queries of the variant set (\`bench/make_variants.py\`, default seed), each screened against"
  echo "everything, one thread, by \`bench/screen_speed\` (thread CPU time, after one warm-up pass)."
  echo "Build time is wall clock and build memory the peak RSS of \`vet index build\` (/usr/bin/time);"
  echo "screen memory is the peak RSS of screen_speed (snapshot mapped and touched by the queries)."
  echo "The machine is shared with other work: times are noisy."
  echo
  echo "| synthetic names | names in snapshot | entities | build | build memory | snapshot | open | candidates a query | median | p99 | screen memory |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf "%s" "$ROWS"
} > "$ROOT/docs/BENCH-SCALE.md"
cat "$ROOT/docs/BENCH-SCALE.md"
