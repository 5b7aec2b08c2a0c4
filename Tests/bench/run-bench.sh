#!/usr/bin/env bash
# `make bench`: measures Sluice against MariaDB's own tools on the same private server, in the same
# run, and prints ratios (ours / reference). Absolute seconds are shown for context only.
#
#   migrate: `sluice migrate` of N hired_employees rows vs `LOAD DATA LOCAL INFILE` of the same file
#            by the `mariadb` client, both into an empty table with its keys; peak RSS of sluice.
#   reports: each report through `sluice report` (from the counts) against the same report's SQL
#            over the rows run by the `mariadb` client, on the N-row table; then, in
#            reports-bench.sh, both reports over HTTP at BENCH_REPORT_ROWS (10,000,000) rows, p50
#            against the SQL recount, and `sluice report verify`.
#   backup:  `sluice backup` of the N-row table (each codec) vs `mariadb-dump --single-transaction`,
#            and a verified `sluice restore` vs reloading that dump with the `mariadb` client.
#   ingest:  the HTTP API under 4 concurrent clients sending 1,000-row JSON batches for a bounded
#            time, in rows/s, against the LOAD DATA rate measured above.
#   scheduler: enqueue-to-worker-start latency and draining 1,000 queued runs (absolute: no reference).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${BENCH_ROWS:-1000000}
RUNS=${BENCH_RUNS:-3}
# The same build as `make release`: the Swift runtime linked in (a worker starts in ~20 ms, not ~28).
swift build -c release --static-swift-stdlib >/dev/null
BIN=$PWD/.build/release/sluice
WORK=$(mktemp -d /tmp/sluice-bench.XXXXXX)
cleanup() { "$BIN" db stop --data-dir "$WORK/db" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" db start --data-dir "$WORK/db" >/dev/null
URL=$("$BIN" db url --data-dir "$WORK/db")
SOCKET=${URL##*socket=}
SQL() { mariadb --no-defaults --socket="$SOCKET" --local-infile=1 sluice -N -e "$1"; }
python3 Tests/bench/generate.py --rows "$ROWS" --out "$WORK/data"
"$BIN" migrate --database-url "$URL" --data-dir "$WORK" --table departments "$WORK/data/departments.csv" >/dev/null 2>&1
"$BIN" migrate --database-url "$URL" --data-dir "$WORK" --table jobs "$WORK/data/jobs.csv" >/dev/null 2>&1

reset_table() {
  SQL "TRUNCATE TABLE hired_employees; TRUNCATE TABLE sluice_hire_counts; TRUNCATE TABLE sluice_hire_count_deltas;
       DELETE FROM sluice_loads WHERE table_name = 'hired_employees'; DELETE FROM sluice_rejects;"
}
now() { date +%s.%N; }

declare -a REF OURS RATIO RSS
for run in $(seq "$RUNS"); do
  reset_table
  start=$(now)
  SQL "LOAD DATA LOCAL INFILE '$WORK/data/hired_employees.csv' INTO TABLE hired_employees CHARACTER SET utf8mb4
       FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\n'
       (id, name, @dt, department_id, job_id) SET datetime = STR_TO_DATE(@dt, '%Y-%m-%dT%H:%i:%sZ')"
  ref=$(echo "$(now) - $start" | bc)
  [ "$(SQL 'SELECT COUNT(*) FROM hired_employees')" = "$ROWS" ] || { echo "reference load incomplete"; exit 1; }
  reset_table
  start=$(now)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" migrate --database-url "$URL" --data-dir "$WORK" \
    --table hired_employees "$WORK/data/hired_employees.csv" >/dev/null 2>"$WORK/migrate.log"
  ours=$(echo "$(now) - $start" | bc)
  [ "$(SQL 'SELECT COUNT(*) FROM hired_employees')" = "$ROWS" ] || { echo "sluice load incomplete"; cat "$WORK/migrate.log"; exit 1; }
  REF+=("$ref"); OURS+=("$ours"); RSS+=("$(cat "$WORK/rss")")
  RATIO+=("$(echo "scale=3; $ours / $ref" | bc)")
  printf 'run %d: LOAD DATA %.2fs  sluice migrate %.2fs  ratio %.2f  peak RSS %d MB\n' \
    "$run" "$ref" "$ours" "${RATIO[-1]}" "$(( ${RSS[-1]} / 1024 ))"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "migrate $ROWS rows: median ratio sluice/LOAD DATA = $(median "${RATIO[@]}") (floor: at most 1.5)," \
  "median peak RSS $(( $(median "${RSS[@]}") / 1024 )) MB (floor: under 150 MB)"

# Reports: `sluice report NAME` (from the counts the migration kept) against the same report's SQL
# over the rows, parameters substituted, run by `mariadb`.
for report in hires-by-quarter departments-above-mean; do
  sqlfile=sql/reports/$(echo "$report" | tr '-' '_')_rows.sql
  literal=$(grep -v '^--' "$sqlfile" | sed "0,/?/s//'2021-01-01 00:00:00'/" | sed "0,/?/s//'2021-12-31 23:59:59.999999'/")
  declare -a RR=()
  for run in $(seq 5); do
    start=$(now); SQL "$literal" >/dev/null; ref=$(echo "$(now) - $start" | bc)
    start=$(now); "$BIN" report "$report" --year 2021 --database-url "$URL" >/dev/null; ours=$(echo "$(now) - $start" | bc)
    RR+=("$(echo "scale=3; $ours / $ref" | bc)")
  done
  echo "report $report on $ROWS rows: median ratio sluice report / mariadb client = $(median "${RR[@]}") (floor: under 1.2)"
done
Tests/bench/reports-bench.sh "$BIN" "$URL"

# Backup and restore of the N-row hired_employees table, against mariadb-dump and its reload; each
# measured RUNS times, interleaved with its reference, and compared by the median ratio.
SOCKET_ARGS=(--no-defaults --socket="$SOCKET")
declare -A BACKUP_RATIOS=() SIZES=()
declare -a DUMPS=() RESTORE_RATIOS=()
for run in $(seq "$RUNS"); do
  start=$(now); mariadb-dump "${SOCKET_ARGS[@]}" --single-transaction sluice hired_employees >"$WORK/dump.sql"
  dump=$(echo "$(now) - $start" | bc); DUMPS+=("$dump")
  for codec in deflate snappy zstandard null; do
    rm -rf "$WORK/bk-$codec"
    start=$(now); "$BIN" backup --database-url "$URL" --table hired_employees --codec "$codec" --out "$WORK/bk-$codec" >/dev/null
    took=$(echo "$(now) - $start" | bc)
    SIZES[$codec]=$(du -b "$WORK"/bk-"$codec"/*/hired_employees.avro | cut -f1)
    BACKUP_RATIOS[$codec]+="$(echo "scale=3; $took / $dump" | bc) "
    printf 'run %d: mariadb-dump %.2fs  backup (%s) %.2fs\n' "$run" "$dump" "$codec" "$took"
  done
  start=$(now); "$BIN" restore --database-url "$URL" --table hired_employees --from "$(ls -d "$WORK"/bk-snappy/*)" >/dev/null
  restore=$(echo "$(now) - $start" | bc)
  start=$(now); mariadb "${SOCKET_ARGS[@]}" sluice <"$WORK/dump.sql"; reload=$(echo "$(now) - $start" | bc)
  RESTORE_RATIOS+=("$(echo "scale=3; $restore / $reload" | bc)")
  printf 'run %d: verified restore (snappy) %.2fs  reloading the dump %.2fs\n' "$run" "$restore" "$reload"
done
for codec in deflate snappy zstandard null; do
  # shellcheck disable=SC2086
  echo "backup ($codec): median ratio to mariadb-dump = $(median ${BACKUP_RATIOS[$codec]}) (floor: at most 2.0);" \
    "${SIZES[$codec]} bytes vs the dump's $(stat -c %s "$WORK/dump.sql")"
done
echo "restore (verified, snappy): median ratio to reloading the dump = $(median "${RESTORE_RATIOS[@]}") (floor: at most 1.0)"

# Ingestion API: 4 clients, 1,000-row JSON batches, bounded time, into the loaded table.
"$BIN" serve --database-url "$URL" --data-dir "$WORK" --port 0 --no-scheduler >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 100); do grep -q 'serving at' "$WORK/serve.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f2)
KEY=$("$BIN" keys create --database-url "$URL" --name bench --scope ingest)
RESULT=$(python3 Tests/bench/ingest_bench.py --port "$PORT" --key "$KEY" --clients 4 --seconds "${BENCH_INGEST_SECONDS:-15}")
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true
API_RATE=$(echo "$RESULT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows_per_second"])')
LOAD_RATE=$(echo "$ROWS / $(median "${REF[@]}")" | bc)
echo "ingest API: $RESULT"
echo "ingest API: $API_RATE rows/s (floor: 50000), ratio to LOAD DATA ($LOAD_RATE rows/s) = $(echo "scale=3; $API_RATE / $LOAD_RATE" | bc) (floor: 0.33)"

# Scheduler overhead: enqueue-to-worker-start latency, and 1,000 queued short runs drained by two
# schedulers, none stuck or run twice. The test harness drives release-built schedulers and workers.
swift build --build-tests >/dev/null
SLUICE_PERF=1 SLUICE_BIN="$BIN" SLUICE_TEST_DATABASE_URL="$URL" swift test --skip-build --filter SchedulerOverheadTests 2>&1 \
  | grep -E '^PERF|✘' | sed 's/^PERF /scheduler: /'
echo "scheduler: floors: enqueue to worker start p50 under 200 ms; 1000 runs drained, none stuck or duplicated"
