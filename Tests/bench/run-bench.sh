#!/usr/bin/env bash
# `make bench`: measures Sluice against MariaDB's own tools on the same private server, in the same
# run, RUNS (3) times interleaved (each run measures a path and then its reference, or the reverse),
# and ends with ONE table (Tests/bench/bench_table.py): per path, Sluice's median, the reference's
# median, the median of the per-run ratios, the floor from issue #15, the median peak RSS and
# pass/fail. It exits non-zero when a path fails.
#
#   migrate: `sluice migrate` of BENCH_ROWS hired_employees rows vs `LOAD DATA LOCAL INFILE` of the
#            same file by the `mariadb` client, both into an empty table with its keys.
#   API:     4 clients sending 1,000-row JSON batches for BENCH_INGEST_SECONDS, in rows/s, against
#            LOAD DATA of the same rows (higher is better), each side appending to the table holding
#            the BENCH_ROWS rows (so both pay for the same B-trees); the rate of the first step's LOAD
#            DATA into the empty table is shown beside it, without a floor.
#   backup:  `sluice backup` in each codec vs `mariadb-dump --single-transaction`, BENCH_BACKUP_PAIRS (5)
#            pairs per codec in each run, in alternating order, every pair a ratio of its own.
#   restore: a verified `sluice restore` of the default codec's backup vs reloading the dump.
#   reports: both reports over HTTP at BENCH_REPORT_ROWS rows (reports-bench.sh), p50 against the
#            same report's SQL over the rows in the `mariadb` client; every answer verified.
#   scheduler: enqueue-to-worker-start latency and draining 1,000 queued runs (no reference).
#
# Before each timed step the server is quiesced (lib.sh `quiesce`: the dirty pages the previous step
# left are flushed first), so no step pays for another's writes.
#
# BENCH_QUICK=1 checks the script in a few minutes: 100,000 rows, reports at 1,000,000, 5 s of API.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Tests/bench/lib.sh
QUICK=${BENCH_QUICK:-0}
ROWS=${BENCH_ROWS:-$([ "$QUICK" = 1 ] && echo 100000 || echo 1000000)}
RUNS=${BENCH_RUNS:-3}
BACKUP_PAIRS=${BENCH_BACKUP_PAIRS:-5}
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-$([ "$QUICK" = 1 ] && echo 5 || echo 15)}
export BENCH_REPORT_ROWS=${BENCH_REPORT_ROWS:-$([ "$QUICK" = 1 ] && echo 1000000 || echo 10000000)}
export BENCH_RUNS=$RUNS
# The same build as `make release`: the Swift runtime linked in (a worker starts in ~20 ms, not ~28).
swift build -c release --static-swift-stdlib >/dev/null
BIN=$PWD/.build/release/sluice
WORK=$(mktemp -d /tmp/sluice-bench.XXXXXX)
cleanup() {
  stop_on_exit "${SERVE_PID:-}"
  "$BIN" db stop --data-dir "$WORK/db" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" db start --data-dir "$WORK/db" >/dev/null
URL=$("$BIN" db url --data-dir "$WORK/db")
SOCKET=${URL##*socket=}
SQL() { mariadb --no-defaults --socket="$SOCKET" --local-infile=1 sluice -N -e "$1"; }
python3 Tests/bench/generate.py --rows "$ROWS" --out "$WORK/data"
# The rows the API sends (4 clients × API_BATCHES × 1,000), the first ROWS of them the appending LOAD DATA's.
API_BATCHES=$([ "$QUICK" = 1 ] && echo 100 || echo 600)
python3 Tests/bench/generate.py --rows $((4 * API_BATCHES * 1000)) --first-id $((ROWS + 1)) --out "$WORK/more"
head -n "$ROWS" "$WORK/more/hired_employees.csv" >"$WORK/more/first.csv"
"$BIN" migrate --database-url "$URL" --data-dir "$WORK" --table departments "$WORK/data/departments.csv" >/dev/null 2>&1
"$BIN" migrate --database-url "$URL" --data-dir "$WORK" --table jobs "$WORK/data/jobs.csv" >/dev/null 2>&1

export BENCH_RESULTS=$WORK/results.tsv
: >"$BENCH_RESULTS"
# load_data FILE: the reference's LOAD DATA statement for a hired_employees CSV.
load_data() {
  echo "LOAD DATA LOCAL INFILE '$1' INTO TABLE hired_employees CHARACTER SET utf8mb4
        FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\n'
        (id, name, @dt, department_id, job_id) SET datetime = STR_TO_DATE(@dt, '%Y-%m-%dT%H:%i:%sZ')"
}
reset_table() {
  SQL "TRUNCATE TABLE hired_employees; TRUNCATE TABLE sluice_hire_counts; TRUNCATE TABLE sluice_hire_count_deltas;
       DELETE FROM sluice_loads WHERE table_name = 'hired_employees'; DELETE FROM sluice_rejects;"
}
expect_rows() { [ "$(SQL 'SELECT COUNT(*) FROM hired_employees')" = "$ROWS" ] || { echo "$1: incomplete"; exit 1; }; }
SOCKET_ARGS=(--no-defaults --socket="$SOCKET")

for run in $(seq "$RUNS"); do
  echo "run $run of $RUNS"
  # migrate vs LOAD DATA, in alternating order.
  for side in $([ $((run % 2)) = 1 ] && echo "ref ours" || echo "ours ref"); do
    reset_table
    quiesce
    start=$(now)
    if [ "$side" = ref ]; then
      SQL "$(load_data "$WORK/data/hired_employees.csv")"
      load=$(since "$start")
    else
      timed "$WORK/migrate.rss" "$BIN" migrate --database-url "$URL" --data-dir "$WORK" \
        --table hired_employees "$WORK/data/hired_employees.csv" >/dev/null 2>"$WORK/migrate.log" \
        || { cat "$WORK/migrate.log"; exit 1; }
      migrate=$(since "$start")
    fi
    expect_rows "$side load"
  done
  record "migrate $ROWS rows" s "$migrate" "$load" "ratio<=1.0" "$(peak "$WORK/migrate.rss")"
  printf '  migrate %.2fs, LOAD DATA %.2fs\n' "$migrate" "$load"

  # Backups in every codec vs mariadb-dump: BACKUP_PAIRS pairs per codec in each run, each pair in the
  # other order from the one before, every pair recorded (a ~1 s step on a shared 2-core machine varies by
  # more than the ratios it is there to show; one pair per run would leave its median to a few outliers).
  for codec in deflate snappy zstandard null; do
    for pair in $(seq "$BACKUP_PAIRS"); do
      for side in $([ $(((run + pair) % 2)) = 0 ] && echo "ref ours" || echo "ours ref"); do
        [ "$side" = ref ] || rm -rf "$WORK/bk-$codec"
        quiesce
        start=$(now)
        if [ "$side" = ref ]; then
          mariadb-dump "${SOCKET_ARGS[@]}" --single-transaction sluice hired_employees >"$WORK/dump.sql"
          dump=$(since "$start")
        else
          timed "$WORK/backup.rss" "$BIN" backup --database-url "$URL" --table hired_employees --codec "$codec" \
            --out "$WORK/bk-$codec" >/dev/null
          took=$(since "$start")
        fi
      done
      record "backup ($codec)" s "$took" "$dump" "ratio<=1.0" "$(peak "$WORK/backup.rss")"
      printf '  backup (%s) %.2fs, %s bytes; mariadb-dump %.2fs, %s bytes\n' "$codec" "$took" \
        "$(du -b "$WORK"/bk-"$codec"/*/hired_employees.avro | cut -f1)" "$dump" "$(stat -c %s "$WORK/dump.sql")"
    done
  done

  # A verified restore of the default codec's backup vs reloading the dump, in alternating order.
  for side in $([ $((run % 2)) = 1 ] && echo "ours ref" || echo "ref ours"); do
    quiesce
    start=$(now)
    if [ "$side" = ref ]; then
      mariadb "${SOCKET_ARGS[@]}" sluice <"$WORK/dump.sql"
      reload=$(since "$start")
    else
      timed "$WORK/restore.rss" "$BIN" restore --database-url "$URL" --table hired_employees \
        --from "$(ls -d "$WORK"/bk-deflate/*)" >/dev/null
      restore=$(since "$start")
    fi
    expect_rows "$side restore"
  done
  record "restore (deflate, verified)" s "$restore" "$reload" "ratio<=0.7" "$(peak "$WORK/restore.rss")"
  printf '  restore %.2fs, reloading the dump %.2fs\n' "$restore" "$reload"

  # The ingestion API (4 clients, 1,000-row batches) vs LOAD DATA of the same rows, each appending to
  # the table holding the ROWS rows loaded above (reloaded before each side), in alternating order.
  for side in $([ $((run % 2)) = 1 ] && echo "ref ours" || echo "ours ref"); do
    reset_table
    SQL "$(load_data "$WORK/data/hired_employees.csv")"
    quiesce
    if [ "$side" = ref ]; then
      start=$(now)
      SQL "$(load_data "$WORK/more/first.csv")"
      append_rate=$(echo "scale=1; $ROWS / $(since "$start")" | bc)
      [ "$(SQL 'SELECT COUNT(*) FROM hired_employees')" = "$((2 * ROWS))" ] || { echo "appending LOAD DATA: incomplete"; exit 1; }
      continue
    fi
    /usr/bin/time -f "%M" -o "$WORK/serve.rss" "$BIN" serve --database-url "$URL" --data-dir "$WORK" --port 0 \
      --no-scheduler >"$WORK/serve.log" 2>&1 &
    SERVE_PID=$!
    PORT=$(wait_serving "$WORK/serve.log")
    KEY=$("$BIN" keys create --database-url "$URL" --name "bench-$run" --scope ingest)
    quiesce
    RESULT=$(python3 Tests/bench/ingest_bench.py --port "$PORT" --key "$KEY" --clients 4 --seconds "$INGEST_SECONDS" \
      --batches-per-client "$API_BATCHES" --csv "$WORK/more/hired_employees.csv")
    stop_timed "$SERVE_PID"
    SERVE_PID=
    api=$(echo "$RESULT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows_per_second"])')
    api_rows=$(echo "$RESULT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
    [ "$(SQL 'SELECT COUNT(*) FROM hired_employees')" = "$((ROWS + api_rows))" ] \
      || { echo "API ingest: the table does not hold the $api_rows rows the answers counted"; exit 1; }
  done
  record "API ingest, 4 clients × 1,000-row batches" rows/s "$api" "$append_rate" "ratio>=1.0" "$(peak "$WORK/serve.rss")"
  empty_rate=$(echo "scale=1; $ROWS / $load" | bc)
  record "API ingest vs LOAD DATA into the empty table (no floor)" rows/s "$api" "$empty_rate" - "$(peak "$WORK/serve.rss")"
  echo "  API ingest $RESULT; LOAD DATA appending the same rows $append_rate rows/s (into the empty table $empty_rate)"
done

# Reports over HTTP at BENCH_REPORT_ROWS rows (its own runs, interleaved with the SQL recount).
Tests/bench/reports-bench.sh "$BIN" "$URL"

# Scheduler overhead, RUNS times: the test harness drives release-built schedulers and workers.
swift build --build-tests >/dev/null
for run in $(seq "$RUNS"); do
  out=$(SLUICE_PERF=1 SLUICE_BIN="$BIN" SLUICE_TEST_DATABASE_URL="$URL" \
    swift test --skip-build --filter SchedulerOverheadTests 2>&1 || true)
  echo "$out" | grep -E '^PERF' | sed 's/^PERF /  scheduler: /'
  ok=$(echo "$out" | grep -q '✘' && echo 0 || echo 1)
  first=$(echo "$out" | sed -n "s/.*first log line p50 \([0-9]*\) ms.*/\1/p")
  drained=$(echo "$out" | sed -n 's/.*drained 1000 runs in \([0-9.]*\) s.*/\1/p')
  twice=$(echo "$out" | sed -n 's/.*runs done twice \([0-9]*\).*/\1/p')
  record "scheduler: enqueue → worker's first line, p50" ms "${first:-999999}" - "value<200" - "$ok"
  record "scheduler: drain 1,000 queued runs, none twice" s "${drained:-999999}" - "value<300" - \
    "$([ "$ok" = 1 ] && [ "${twice:-1}" = 0 ] && echo 1 || echo 0)"
done

python3 Tests/bench/bench_table.py "$BENCH_RESULTS"
