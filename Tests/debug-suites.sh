# Sourced by the runners of the debug-built suites (run-tests.sh, chaos, cluster): builds Sluice and
# its tests, exports the binaries the integration tests run, starts the private MariaDB
# (Tests/test-database.sh; $1 names its folder), and defines `quiet_swift_test`.
swift build --build-tests
export SLUICE_BIN="$PWD/.build/debug/sluice"
# The integration tests that need the test-only job kinds (`sleep`) run this binary.
export SLUICE_TEST_BIN="$PWD/.build/debug/sluice-test"
source Tests/test-database.sh "$1"

# `swift test --skip-build ARGS...`, showing failures and summaries as they come, not a line per
# passing test; the whole output is kept in $SERVER_DIR/test.log. Returns swift test's status.
quiet_swift_test() {
  swift test --skip-build "$@" 2>&1 | tee "$SERVER_DIR/test.log" \
    | awk '/Test run with/ || !/(started|passed after [0-9.]+ seconds)\.$/ { print; fflush() }'
  return "${PIPESTATUS[0]}"
}
