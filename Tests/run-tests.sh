#!/usr/bin/env bash
# Runs every test. Integration tests get a private MariaDB (own datadir, socket and port under a
# temp dir), started here with Sluice's own `db start` and stopped on every exit path; they never
# touch the system server.
set -euo pipefail
cd "$(dirname "$0")/.."
source Tests/debug-suites.sh test
# Python is only an independent client and checker here, in a venv this script makes.
VENV=.build/test-venv
PACKAGES="requests pytest schemathesis openapi-spec-validator fastavro cramjam backports.zstd selenium"
if ! "$VENV/bin/python" -c "import requests, pytest, schemathesis, openapi_spec_validator, fastavro, cramjam, backports.zstd, selenium" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check $PACKAGES
fi
export SLUICE_PYTHON="$PWD/$VENV/bin/python"

# The Swift suites, the Python/Chromium suites and the package test run side by side (each on its
# own databases and ephemeral ports): the longest Swift tests mostly wait on real minutes, so the
# other two use those cores. Python's and the package's output follow the Swift summary.
set +e
"$VENV/bin/pytest" -q -p no:cacheprovider Tests/python >"$SERVER_DIR/pytest.log" 2>&1 &
python_pid=$!
# The Debian package, from the release build if there is one (CI builds it first).
Tests/package/test-package.sh >"$SERVER_DIR/package.log" 2>&1 &
package_pid=$!
quiet_swift_test
swift_status=$?
wait "$python_pid"
python_status=$?
cat "$SERVER_DIR/pytest.log"
wait "$package_pid"
package_status=$?
cat "$SERVER_DIR/package.log"
[ "$swift_status" = 0 ] && [ "$python_status" = 0 ] && [ "$package_status" = 0 ]
