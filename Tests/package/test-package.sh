#!/usr/bin/env bash
# The installed package works: builds it with `make deb` from the release binary there is (CI builds
# one with `make release-strict` first; without one this skips), unpacks it into a scratch root, and
# from / with only the config file's settings (its paths moved into the scratch root) runs
# `sluice report list` and `sluice jobs list`, then the units' own ExecStart commands against the
# private MariaDB of $SLUICE_TEST_DATABASE_URL: serve answers /health/ready and the scheduler runs a
# job from /etc/sluice/jobs. `make install DESTDIR=… PREFIX=/opt/sluice` is checked the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
if [ "$(id -u)" != 0 ]; then
  echo "package test skipped: it runs as root (CI does), for the private server's root account"
  exit 0
fi
if [ ! -x .build/release/sluice ]; then
  echo "package test skipped: no release build (run \`make release\` first; CI does)"
  exit 0
fi
: "${SLUICE_TEST_DATABASE_URL:?set by Tests/run-tests.sh}"
# A database of its own on the private server (reached over its socket, as root).
socket=${SLUICE_TEST_DATABASE_URL##*socket=}
database_url=${SLUICE_TEST_DATABASE_URL/\/sluice\?/\/sluice_package?}
mariadb --no-defaults --socket="$socket" -uroot -e "DROP DATABASE IF EXISTS sluice_package; CREATE DATABASE sluice_package"

scratch=$(mktemp -d /tmp/sluice-package.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
  mariadb --no-defaults --socket="$socket" -uroot -e "DROP DATABASE IF EXISTS sluice_package" || true
}
trap cleanup EXIT
fail() {
  echo "package test FAILED: $*" >&2
  for log in "$scratch"/*.log; do [ -e "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
  exit 1
}
# Polls `command` until it succeeds or `seconds` pass.
wait_for() {
  local seconds=$1 deadline
  shift
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

make --no-print-directory deb >"$scratch/deb.log" 2>&1 || fail "make deb"
deb=$(ls .build/deb/sluice_*.deb)
dpkg-deb --info "$deb" >"$scratch/info.txt"
grep -q "Depends:.*libmariadb3.*libmicrohttpd12.*libjs-chart.js" "$scratch/info.txt" || fail "Depends: $(grep Depends "$scratch/info.txt")"
for conffile in /etc/sluice/sluice.conf /etc/sluice/jobs/nightly-backup.json; do
  dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles | grep -qx "$conffile" || fail "$conffile is not a conffile"
done
root=$scratch/root
dpkg-deb -x "$deb" "$root"
units="$root/lib/systemd/system"
# systemd's own check of the units, with ExecStart pointing at the unpacked binary.
if command -v systemd-analyze >/dev/null; then
  mkdir "$scratch/units"
  for unit in sluice-serve.service sluice-scheduler.service; do
    sed "s|/usr/bin/sluice|$root/usr/bin/sluice|" "$units/$unit" >"$scratch/units/$unit"
  done
  systemd-analyze verify --man=no "$scratch"/units/*.service >"$scratch/verify.log" 2>&1 ||
    fail "systemd-analyze verify: $(cat "$scratch/verify.log")"
fi

# The settings as the units see them: the config file, with its paths under the scratch root and
# the test database in place of the (empty) URL.
settings=()
while IFS= read -r line; do
  case "$line" in '#'* | '' | SLUICE_DATABASE_URL=* | SLUICE_PORT=*) continue ;; esac
  settings+=("${line//=\//=$root/}")
done <"$root/etc/sluice/sluice.conf"
settings+=("SLUICE_DATABASE_URL=$database_url" "SLUICE_PORT=0" "PATH=/usr/bin:/bin")
mkdir -p "$root/var/lib/sluice"
# Runs a command from / with only those settings.
installed() { (cd / && exec env -i "${settings[@]}" "$@"); }
binary=$root/usr/bin/sluice

installed "$binary" report list >"$scratch/report.log" 2>&1 || fail "report list from /"

# Each unit's ExecStart, with ${NAME} filled from the settings as systemd does.
exec_start() {
  local line
  line=$(sed -n 's/^ExecStart=//p' "$units/$1")
  for setting in "${settings[@]}"; do line=${line//\$\{${setting%%=*}\}/${setting#*=}}; done
  echo "${line/\/usr\/bin\/sluice/$binary}"
}
read -ra serve <<<"$(exec_start sluice-serve.service)"
read -ra scheduler <<<"$(exec_start sluice-scheduler.service)"
# A bare subshell that execs, so that $! is the unit's process itself.
(cd / && exec env -i "${settings[@]}" "${serve[@]}") >"$scratch/serve.log" 2>&1 &
pids+=($!)
(cd / && exec env -i "${settings[@]}" "${scheduler[@]}") >"$scratch/scheduler.log" 2>&1 &
pids+=($!)
wait_for 60 grep -q "Sluice is serving at" "$scratch/serve.log" || fail "serve did not start"
url=$(sed -n 's|.*serving at \(http://[^/]*\)/.*|\1|p' "$scratch/serve.log")
wait_for 30 curl -fsS "$url/health/ready" || fail "$url/health/ready"
curl -fsSL "$url/admin/" | grep -qi "<html" || fail "the admin pages from share/sluice/public"
installed "$binary" jobs schedules >"$scratch/schedules.log" 2>&1 || fail "jobs schedules from /"
grep -q nightly-backup "$scratch/schedules.log" || fail "the jobs in /etc/sluice/jobs are not found"

# The scheduler runs a job from /etc/sluice/jobs in a worker process of the installed binary.
run=$(installed "$binary" jobs run prune-history | sed -n 's/^queued run \([0-9]*\).*/\1/p')
[ -n "$run" ] || fail "could not queue prune-history"
succeeded() { installed "$binary" jobs show "$run" | grep -q succeeded; }
wait_for 60 succeeded || fail "run $run of prune-history did not succeed: $(installed "$binary" jobs show "$run")"
for pid in "${pids[@]}"; do kill -TERM "$pid"; wait "$pid" || fail "a unit's command did not stop cleanly on SIGTERM"; done
pids=()

# `make install` to another prefix works the same from /, with no settings at all but the database.
make --no-print-directory install DESTDIR="$scratch/opt" PREFIX=/opt/sluice >"$scratch/install.log" 2>&1 ||
  fail "make install"
(cd / && env -i PATH=/usr/bin:/bin "SLUICE_DATABASE_URL=$database_url" \
  "$scratch/opt/opt/sluice/bin/sluice" report list >"$scratch/opt-report.log" 2>&1) ||
  fail "report list from a PREFIX=/opt/sluice install"
echo "package test passed: $(basename "$deb") ($(du -h "$deb" | cut -f1)) installs and runs"
