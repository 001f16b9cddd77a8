# common.sh — sourced by the benchmark scripts: where things are, the one set
# of "all shared lists" (one version of each list, so no list id is read
# twice), the machine description every benchmark prints, and a private
# PostgreSQL server for the pg_trgm comparison.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${VET_SHARED_DIR:-$ROOT/../shared}
L=$SHARED/data/lists
BUILD=${BUILD:-$ROOT/build-bench}
VET=$BUILD/vet
ALL_LISTS="$L/ofac/sdn-2021-07 $L/ofac/non-sdn-2025-12 $L/un/consolidated-2026-02-27.xml
  $L/csl/consolidated-2023-11-partial.csv $L/bis/dpl-2022-09.txt
  $L/ecfr/title-15-part-744-2026-07-23.xml $L/uk/ofsi-conlist-2014-04-02.csv
  $L/eu/eu-fsf-v1.0-2018-07-04-first-999-rows.csv"

machine() {
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
       "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr); $(date -u +%Y-%m-%d)."
}

build_bench() {
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target vet_cli "$@" >/dev/null
}

# pg_start: a throw-away PostgreSQL cluster on 127.0.0.1:$PGPORT (as the
# postgres user when run as root); sets PGCONN. pg_stop removes it.
pg_start() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is not installed (sh scripts/deps.sh --test)" >&2; return 1; }
  PGTMP=$(mktemp -d /tmp/vet-pg.XXXXXX)
  chmod 777 "$PGTMP"
  PGPORT=$((55000 + $$ % 1000))
  RUNAS=""
  [ "$(id -u)" = 0 ] && RUNAS="runuser -u postgres --"
  $RUNAS "$PGBIN/initdb" -D "$PGTMP/data" -A trust -U postgres --no-sync >/dev/null
  $RUNAS "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
    -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" start >/dev/null
  PGCONN="host=127.0.0.1 port=$PGPORT user=postgres dbname=postgres"
}
pg_stop() {
  [ -n "${PGTMP:-}" ] || return 0
  $RUNAS "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
