#!/bin/sh
# deps.sh — installs the Debian 12 packages vet needs to build and run.
# With --test, also what the test suite and benchmarks need (headless
# Chromium for the web page test, PostgreSQL for the pg_trgm comparison, wrk,
# /usr/bin/time for the memory figures of bench/batch_bench.sh).
# The one place the package list is written; README and .ci/run call it.
set -e
PKGS="build-essential cmake pkg-config libicu-dev libxml2-dev libsqlite3-dev sqlite3
      libjansson-dev libmicrohttpd-dev libcurl4-openssl-dev libssl-dev"
if [ "$1" = "--test" ]; then
  PKGS="$PKGS python3 curl chromium postgresql postgresql-contrib libpq-dev wrk time"
fi
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
missing=$(for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
