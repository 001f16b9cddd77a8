#!/bin/bash
# batch_bench.sh — vet batch rows/s and memory, and vet text MB/s (issue 4),
# with all shared lists loaded. Writes docs/BENCH-BATCH.md.
#   bench/batch_bench.sh            1 M rows for speed, 5 M rows for memory
#   ROWS=200000 BIG=1000000 bench/batch_bench.sh    a quicker run
# Method: a synthetic customer file (bench/gen_customers.py: realistic person
# and company names, every 50th a name from OFAC's SDN list, half of those
# with a typo, one row in five repeating an earlier customer); vet batch
# with --name-column only (repeated names are screened once) and with the
# country and date of birth columns too (fewer identical queries); wall and
# CPU time and max RSS from /usr/bin/time -v. The peer is vet batch's own
# pipeline with a scorer that does no matching (batch_pipeline_bench): the
# ceiling the matcher's cost lowers. vet text: one thread over the licence
# texts of /usr/share/common-licenses repeated to 20 MB, and over the
# copyright files of /usr/share/doc (dense with names; machine-dependent).
. "$(dirname "$0")/common.sh"
ROWS=${ROWS:-1000000}
BIG=${BIG:-5000000}
# BEFORE_VET=path/to/older/vet: also runs "name only, 2 workers" with that
# binary and this one alternately ROUNDS times (default 3), with medians, and
# compares their outputs byte for byte.
BEFORE_VET=${BEFORE_VET:-}
BEFORE_LABEL=${BEFORE_LABEL:-$BEFORE_VET}
ROUNDS=${ROUNDS:-3}
build_bench --target batch_pipeline_bench
OUT=$(mktemp -d /tmp/vet-bench-batch.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# shellcheck disable=SC2086
"$VET" index build -o "$OUT/all.snap" $ALL_LISTS > "$OUT/build.txt" 2>/dev/null
GEN="python3 $ROOT/bench/gen_customers.py"
$GEN "$ROWS" "$OUT/c.csv" --sdn "$L/ofac/sdn-2021-07/sdn.csv" --seed 1
$GEN "$BIG" "$OUT/big.csv" --sdn "$L/ofac/sdn-2021-07/sdn.csv" --seed 2
$GEN 100000 "$OUT/small.csv" --sdn "$L/ofac/sdn-2021-07/sdn.csv" --seed 3

# run LABEL ROWS CMD...: one line of the results table from /usr/bin/time -v.
run() {
  label=$1 rows=$2
  shift 2
  /usr/bin/time -v -o "$OUT/time.txt" "$@" > /dev/null 2> "$OUT/stderr.txt" || true
  python3 - "$label" "$rows" "$OUT/time.txt" "$OUT/stderr.txt" <<'PY'
import re, sys
label, rows, t = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
e = open(sys.argv[4]).read()
m = re.search(r"(\d+) distinct queries", e)
distinct = f"{int(m.group(1)):,}" if m else "-"
def f(k): return re.search(k + r": (.*)", t).group(1).strip()
w = f("Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
cpu = float(f("User time \(seconds\)")) + float(f("System time \(seconds\)"))
rss = int(f("Maximum resident set size \(kbytes\)")) // 1024
print(f"| {label} | {rows:,} | {distinct} | {wall:.1f} | {cpu:.1f} | {rows / wall:,.0f} | {rows / cpu:,.0f} | {rss} |")
PY
}

B="$VET batch -i $OUT/all.snap"
{
  echo "# vet batch and vet text: speed and memory"
  echo
  echo "Made by \`bench/batch_bench.sh\`. $(machine)"
  echo "Load average when it started: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)."
  echo
  echo "Lists loaded (\`vet index build\`):"
  echo
  echo '```'
  cat "$OUT/build.txt"
  echo '```'
  echo
  echo "## vet batch"
  echo
  echo "Rows/s is rows over wall time; per CPU-second is rows over user + system time"
  echo "(the per-core figure). Max RSS from \`/usr/bin/time -v\`. Distinct queries: what vet"
  echo "screened after the identical-query cache (the rest of the rows reused a result)."
  echo
  echo "| run | rows | distinct queries screened | wall s | CPU s | rows/s | rows per CPU-s | max RSS MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  run "pipeline only, no matching (peer), 2 workers" "$ROWS" "$BUILD/bench/batch_pipeline_bench" "$OUT/c.csv" 2
  run "name only, 2 workers" "$ROWS" $B "$OUT/c.csv" -o "$OUT/o.csv" --name-column name --threads 2
  run "name only, 1 worker" "$ROWS" $B "$OUT/c.csv" -o "$OUT/o.csv" --name-column name --threads 1
  run "name, type, country, dob, 2 workers" "$ROWS" $B "$OUT/c.csv" -o "$OUT/o.csv" --name-column name \
      --type-column type --country-column country --dob-column dob --threads 2
  run "memory: 100 k rows, name only" 100000 $B "$OUT/small.csv" -o "$OUT/o.csv" --name-column name
  run "memory: $ROWS rows, name only" "$ROWS" $B "$OUT/c.csv" -o "$OUT/o.csv" --name-column name
  run "memory: $BIG rows, name only" "$BIG" $B "$OUT/big.csv" -o "$OUT/o.csv" --name-column name
  if [ -n "$BEFORE_VET" ]; then
    echo
    echo "Before ($BEFORE_LABEL) and after (this build), name only, 2 workers, alternating, $ROUNDS rounds"
    echo "(the outputs of the two binaries are compared byte for byte):"
    echo
    echo "| run | rows | distinct queries screened | wall s | CPU s | rows/s | rows per CPU-s | max RSS MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for r in $(seq 1 "$ROUNDS"); do
      run "before, round $r" "$ROWS" "$BEFORE_VET" batch -i "$OUT/all.snap" "$OUT/c.csv" -o "$OUT/before.csv" \
          --name-column name --threads 2 | tee -a "$OUT/before.rows"
      run "after, round $r" "$ROWS" $B "$OUT/c.csv" -o "$OUT/o.csv" --name-column name --threads 2 \
          | tee -a "$OUT/after.rows"
    done
    med() { awk -F'|' '{gsub(/[ ,]/, "", $'"$2"'); print $'"$2"'}' "$1" | sort -g |
            awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
    echo
    echo "Medians: before $(med "$OUT/before.rows" 7) rows/s, $(med "$OUT/before.rows" 8) rows per CPU-s;"
    echo "after $(med "$OUT/after.rows" 7) rows/s, $(med "$OUT/after.rows" 8) rows per CPU-s."
    if cmp -s "$OUT/before.csv" "$OUT/o.csv"; then
      echo "The two outputs are byte-identical ($(wc -c < "$OUT/o.csv") bytes)."
    else
      echo "**The two outputs differ.**"
    fi
  fi
  echo
  echo "Rows with a match at the default threshold in the $ROWS-row file:"
  $B "$OUT/c.csv" -o "$OUT/o.csv" --name-column name -q || true
  python3 - "$OUT/o.csv" <<'PY'
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
print(f"{sum(1 for x in r if x['vet_hits'] != '0'):,} of {len(r):,}.")
PY
  echo
  echo "## vet text (one thread)"
  echo
  : > "$OUT/lic.txt"
  while [ "$(stat -c %s "$OUT/lic.txt")" -lt 20000000 ]; do cat /usr/share/common-licenses/* >> "$OUT/lic.txt"; done
  cat /usr/share/doc/*/copyright > "$OUT/copyright.txt" 2>/dev/null || true
  echo "| corpus | MB | wall s | CPU s | MB/s (CPU) | mentions |"
  echo "|---|---:|---:|---:|---:|---:|"
  for c in lic copyright; do
    /usr/bin/time -v -o "$OUT/time.txt" "$VET" text -i "$OUT/all.snap" --json "$OUT/$c.txt" > "$OUT/m.jsonl" || true
    python3 - "$c" "$OUT/$c.txt" "$OUT/time.txt" "$OUT/m.jsonl" <<'PY'
import os, re, sys
c, path, t = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
def f(k): return re.search(k + r": (.*)", t).group(1).strip()
w = f("Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
cpu = float(f("User time \(seconds\)")) + float(f("System time \(seconds\)"))
mb = os.path.getsize(path) / 1e6
n = sum(1 for _ in open(sys.argv[4]))
name = {"lic": "common-licenses, repeated", "copyright": "/usr/share/doc/*/copyright"}[c]
print(f"| {name} | {mb:.1f} | {wall:.1f} | {cpu:.1f} | {mb / cpu:.1f} | {n} |")
PY
  done
  echo
  echo "Mentions in the copyright corpus (all of them; each is a listed name in a text that is not about"
  echo "sanctions, so each is either a true mention of a listed entity or a false positive):"
  echo
  echo '```'
  python3 - "$OUT/m.jsonl" <<'PY'
import collections, json, sys
c = collections.Counter((m["text"].replace("\n", " "), m["name"], m["list"]) for m in map(json.loads, open(sys.argv[1])))
for (t, n, l), k in c.most_common():
    print(f"{k:3d}  {t!r} -> {n} ({l})")
PY
  echo '```'
  echo
  echo "## Reading"
  echo
  echo "- vet batch costs one vet_screen() call per distinct query; everything else (CSV, the cache,"
  echo "  the pool, the ordered writer, checkpoints) is the pipeline-only row, plus formatting what the"
  echo "  output shows (the best hit's explanation for CSV/TSV, the hits' JSON for JSON lines — and"
  echo "  nothing else). Its rate is therefore"
  echo "  set by how many distinct queries a file holds: with the name column alone, repeated"
  echo "  customers and common names are screened once; with country and date of birth nearly every"
  echo "  row is a query of its own and the rate is the matcher's."
  echo "- CPU seconds are the steadier figure on a shared machine: rows/s over wall time counts the"
  echo "  time the run waited for a core."
  echo "- Memory: the reader stops when the in-flight jobs are full and the cache is bounded (262,144"
  echo "  entries), so max RSS does not grow with the number of rows."
  echo "- vet text screens only windows that hold a distinctive listed word; its rate depends on how"
  echo "  many capitalized names a text has (the copyright files are dense with them)."
} > "$ROOT/docs/BENCH-BATCH.md"
cat "$ROOT/docs/BENCH-BATCH.md"
