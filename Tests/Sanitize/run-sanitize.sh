#!/usr/bin/env bash
# `make sanitize`: the sanitizer subset of the package (SLUICE_SANITIZE_SUBSET=1 in Package.swift:
# the C wrappers, the building blocks, the threaded pipelines and the scheduler with their unit
# tests, and PipelineTests, which drives the pipelines' threads in-process against a database; no
# HTTP server, no CLI) under AddressSanitizer (with LeakSanitizer) and then ThreadSanitizer.
# The sanitizer instruments the Swift code (-Xswiftc -sanitize, which also links its runtime), not
# the C code of the dependencies: both builds share one scratch path (.build/sanitize), so
# swift-crypto's BoringSSL, third-party C that is most of a cold build, is compiled once, not once
# per sanitizer (Sluice's own C is header shims, compiled with the Swift code that imports them).
# PipelineTests get a private MariaDB started here with the (unsanitized) debug `sluice db start`
# and stopped on every exit path. Any report fails the run. The only suppressions are LeakSanitizer's for leaks inside libcurl and
# Foundation (lsan.supp beside this script, each with its reason); ThreadSanitizer needs none.
# SANITIZERS picks which (default "address thread"); prints the wall time of each.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$PWD/Tests/Sanitize
SANITIZERS=${SANITIZERS:-"address thread"}
# The database for PipelineTests, from the ordinary debug build (`make test` has built it in CI).
swift build --product sluice
SLUICE_BIN=$PWD/.build/debug/sluice
source Tests/test-database.sh sanitize
export SLUICE_SANITIZE_SUBSET=1
# AvroTests check files against fastavro with the test venv's Python when it is there.
[ -x .build/test-venv/bin/python ] && export SLUICE_PYTHON="$PWD/.build/test-venv/bin/python"
# Swift's crash backtracer reads memory ASan has poisoned; sanitizer reports carry their own stacks.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1"
summary=""
for sanitizer in $SANITIZERS; do
  start=$(date +%s)
  flags=(-Xswiftc -sanitize="$sanitizer" --scratch-path .build/sanitize)
  swift build --build-tests "${flags[@]}"
  built=$(date +%s)
  # XCTest's runner leaks at exit and the suites are swift-testing only: run without it.
  swift test --skip-build "${flags[@]}" --disable-xctest 2>&1 |
    awk '/Test run with/ || !/(started|passed after [0-9.]+ seconds)\.$/ { print; fflush() }'
  status=${PIPESTATUS[0]}
  done_at=$(date +%s)
  summary+="$sanitizer: build $((built - start)) s, tests $((done_at - built)) s, exit $status"$'\n'
  if [ "$status" != 0 ]; then
    printf '\n%s' "$summary"
    exit "$status"
  fi
done
printf '\n%s' "$summary"
