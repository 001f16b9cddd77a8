#!/bin/sh
# test.sh — runs every test: installs what the tests need, builds vet twice
# (release, and with AddressSanitizer + UndefinedBehaviorSanitizer) and runs
# the whole CTest suite on each. Exits non-zero if anything fails.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
JOBS=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$JOBS"
(cd build && ctest --output-on-failure -j"$JOBS")
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVET_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$JOBS"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$JOBS")
