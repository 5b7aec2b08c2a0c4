#!/usr/bin/env bash
# `make soak`: SOAK_SECONDS (600) of mixed traffic against a release-built `sluice serve` and its
# scheduler on a private MariaDB: API ingest from 4 clients (a share of invalid rows), report and
# row reads, CSV uploads with their migrations, a backup every minute (a stored `*/1` schedule) and
# a restore partway. The server's and its workers' memory, descriptors and threads are sampled every
# 10 s. Tests/soak/soak.py drives the load and checks the end: flat series after warm-up, p99
# latency per request kind, and every count reconciled. Artifacts go to .build/soak/ (samples.csv,
# latency.csv, soak.png, summary.json, serve.log); the exit status is non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${SOAK_SECONDS:-600}
ARTIFACTS=$PWD/.build/soak
# The same build as `make release`: the Swift runtime linked in (a worker starts in ~20 ms, not ~28).
swift build -c release --static-swift-stdlib >/dev/null
BIN=$PWD/.build/release/sluice
VENV=.build/test-venv
if ! "$VENV/bin/python" -c "import requests, matplotlib" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check requests matplotlib
fi
WORK=$(mktemp -d /tmp/sluice-soak.XXXXXX)
SERVE_PID=
cleanup() {
  [ -n "$SERVE_PID" ] && kill -TERM "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
  cp "$WORK/serve.log" "$ARTIFACTS/serve.log" 2>/dev/null || true
  "$BIN" db stop --data-dir "$WORK/db" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"

mkdir -p "$WORK/jobs"
"$BIN" db start --data-dir "$WORK/db" >/dev/null
URL=$("$BIN" db url --data-dir "$WORK/db")
"$BIN" serve --database-url "$URL" --data-dir "$WORK" --jobs-dir "$WORK/jobs" --port 0 >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 300); do grep -q 'serving at' "$WORK/serve.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f2)
[ -n "$PORT" ] || { echo "sluice serve did not start:"; cat "$WORK/serve.log"; exit 1; }
for table in departments jobs; do
  "$BIN" migrate --database-url "$URL" --data-dir "$WORK" --table "$table" "Tests/Fixtures/challenge/$table.csv" >/dev/null
done
key() { "$BIN" keys create --database-url "$URL" --name "$1" --scope "$2"; }
"$VENV/bin/python" Tests/soak/soak.py --url "http://127.0.0.1:$PORT" --seconds "$SECONDS_TO_RUN" \
  --serve-pid "$SERVE_PID" --socket "${URL##*socket=}" --out "$ARTIFACTS" \
  --admin-key "$(key soak-admin admin)" --reports-key "$(key soak-reports reports)" \
  --ingest-keys "$(key soak-ingest-1 ingest)" "$(key soak-ingest-2 ingest)" \
  "$(key soak-ingest-3 ingest)" "$(key soak-ingest-4 ingest)"
