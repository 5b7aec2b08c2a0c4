# Sourced by the test runners (run-tests.sh, chaos, cluster, sanitize): starts a private MariaDB
# (its own datadir, socket and port under a temp folder) with `$SLUICE_BIN db start`, exports its
# URL as SLUICE_TEST_DATABASE_URL, and stops and removes it on every exit path. Needs SLUICE_BIN;
# the first argument names the folder (/tmp/sluice-<name>.XXXXXX, in SERVER_DIR).
SERVER_DIR=$(mktemp -d "/tmp/sluice-$1.XXXXXX")
cleanup() {
  "$SLUICE_BIN" db stop --data-dir "$SERVER_DIR" >/dev/null 2>&1 || true
  rm -rf "$SERVER_DIR"
}
trap cleanup EXIT
"$SLUICE_BIN" db start --data-dir "$SERVER_DIR" >/dev/null
SLUICE_TEST_DATABASE_URL=$("$SLUICE_BIN" db url --data-dir "$SERVER_DIR")
export SLUICE_TEST_DATABASE_URL
