#!/bin/bash
# match_bench.sh — vet's matching quality and speed against PostgreSQL pg_trgm,
# on the same names and queries in the same run (issue 3), then the name
# score on the labelled pairs (name_bench.csv, OFAC parity). Writes the
# report to docs/BENCH-MATCH.md.
#   bench/match_bench.sh            all shared lists, the variant set, pg_trgm
. "$(dirname "$0")/common.sh"
build_bench --target variants_bench --target name_bench
OUT=$(mktemp -d /tmp/vet-bench.XXXXXX)
trap 'pg_stop; rm -rf "$OUT"' EXIT
# shellcheck disable=SC2086
"$VET" index build -o "$OUT/all.snap" $ALL_LISTS > "$OUT/build.txt" 2>/dev/null
python3 "$ROOT/bench/make_variants.py" --vet "$VET" --shared "$SHARED" --out "$OUT/variants.csv"
pg_start
{
  echo "# Matching benchmark: vet against PostgreSQL pg_trgm"
  echo
  echo "Made by \`bench/match_bench.sh\`. $(machine)"
  echo
  echo "Lists loaded (\`vet index build\`):"
  echo
  echo '```'
  cat "$OUT/build.txt"
  echo '```'
  echo
  "$BUILD/bench/variants_bench" -i "$OUT/all.snap" --variants "$OUT/variants.csv" --pg "$PGCONN"
  echo
  echo "## Labelled pairs"
  echo
  echo "\`name_bench\` on the same snapshot (its names give the token weights): OpenSanctions'"
  echo "labelled pairs with the reference matcher's scores, and the pairs OFAC's own search scores 100."
  echo
  echo '```'
  "$BUILD/bench/name_bench" "$OUT/all.snap" | sed 1d
  echo '```'
} > "$ROOT/docs/BENCH-MATCH.md"
cat "$ROOT/docs/BENCH-MATCH.md"
