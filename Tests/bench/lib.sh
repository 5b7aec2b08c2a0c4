# Helpers the bench scripts share (sourced). BENCH_RESULTS names the file the runs are recorded in.

# record PATH UNIT SLUICE REFERENCE FLOOR PEAK_RSS_KB [OK]: one run of one path, for bench_table.py
# ("-" for no reference or no RSS; OK 0 when a check of the run failed).
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:-1}" >>"$BENCH_RESULTS"; }
now() { date +%s.%N; }
# since START: seconds from START (a `now`) to now.
since() { echo "$(now) - $1" | bc; }
# timed FILE CMD...: runs CMD under GNU time, its peak RSS (KB) into FILE (read it with `peak FILE`).
timed() { local file=$1; shift; /usr/bin/time -f "%M" -o "$file" "$@"; }
# peak FILE: the peak RSS (KB) `timed` wrote (GNU time puts a line about an exit status before it).
peak() { tail -n 1 "$1"; }
# stop_timed PID: stops the server that GNU time (PID: `/usr/bin/time -f %M -o FILE sluice serve ... &`,
# not `timed ... &`, whose PID would be a subshell's) runs; waits for its figure.
stop_timed() { kill -TERM "$(pgrep -P "$1")"; wait "$1" || true; }
# stop_on_exit PID: for an EXIT trap: stops the server GNU time (PID, if any, may be empty) runs.
stop_on_exit() { if [ -n "${1:-}" ]; then kill -TERM $(pgrep -P "$1") 2>/dev/null || true; fi; }
# wait_serving LOG: waits (up to 10 s) for `sluice serve` to log its address; prints the port.
wait_serving() {
  for _ in $(seq 100); do grep -q 'serving at' "$1" && break; sleep 0.1; done
  grep -o '127.0.0.1:[0-9]*' "$1" | head -1 | cut -d: -f2
}
# quiesce: run before each timed step, so that no step, Sluice's or a reference's, pays for the writes
# of the one before it (a LOAD DATA of 1,000,000 rows leaves ~10,000 dirty pages, which the server would
# otherwise flush during whatever runs next): flushes at full speed until fewer than 100 pages are dirty (at
# most 120 s), then puts the server's flushing settings back. Needs SQL (a statement on the server).
quiesce() {
  local cap_max cap pct lwm
  IFS=, read -r cap_max cap pct lwm <<<"$(SQL "SELECT CONCAT_WS(',', @@innodb_io_capacity_max,
    @@innodb_io_capacity, @@innodb_max_dirty_pages_pct, @@innodb_max_dirty_pages_pct_lwm)")"
  SQL "SET GLOBAL innodb_io_capacity_max = 100000, innodb_io_capacity = 50000,
       innodb_max_dirty_pages_pct_lwm = 0, innodb_max_dirty_pages_pct = 0"
  for _ in $(seq 1200); do
    [ "$(SQL "SELECT VARIABLE_VALUE < 100 FROM information_schema.GLOBAL_STATUS
              WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'")" = 1 ] && break
    sleep 0.1
  done
  SQL "SET GLOBAL innodb_max_dirty_pages_pct = $pct, innodb_max_dirty_pages_pct_lwm = $lwm,
       innodb_io_capacity = $cap, innodb_io_capacity_max = $cap_max"
}
