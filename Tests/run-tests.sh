#!/usr/bin/env bash
# Runs every test. Integration tests get a private MariaDB (own datadir, socket and port under a
# temp dir) started here and stopped on every exit path; they never touch the system server.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
