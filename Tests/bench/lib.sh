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
