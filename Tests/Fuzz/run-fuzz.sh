#!/usr/bin/env bash
# `make fuzz`: builds each libFuzzer target (Tests/Fuzz/*Fuzz) with -sanitize=fuzzer,address and
# runs it (two targets at a time, one a core) for FUZZ_SECONDS (default 30) from its seed corpus
# (Tests/Fuzz/Corpus/<target>, copied, so the checked-in seeds stay as they are). A crash, leak or
# hang fails the run; its input is kept in .build/fuzz/artifacts/ and becomes a regression test: the
# input goes into the corpus, which FuzzCorpusTests replays in `make test`, beside a unit test that
# names the fault. Prints the executions per target.
# AvroReaderFuzz runs without leak detection: avro-c leaks a few hundred bytes when avro_file_reader
# fails on a damaged file (inside libavro, which Sluice cannot free); a crash, a hang or an
# allocation over the limit still fails it.
# The targets build in `make sanitize`'s scratch path (.build/sanitize): -sanitize=fuzzer,address
# instruments the Swift code only, so the dependencies' C (swift-crypto's BoringSSL, most of a cold
# build) compiled there for the sanitizers is reused, not compiled a third time.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-30}
TARGETS=${FUZZ_TARGETS:-"CSVReaderFuzz CronFuzz BatchDecoderFuzz RequestTargetFuzz AvroReaderFuzz"}
ARTIFACTS=.build/fuzz/artifacts
SCRATCH=.build/sanitize
mkdir -p "$ARTIFACTS"
for target in $TARGETS; do
  swift build --scratch-path "$SCRATCH" --product "$target" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
done
# Runs one target for SECONDS_EACH into .build/fuzz/<target>.result: its summary line, and its
# log's tail when it failed.
fuzz() {
  local target=$1 work leaks=1 result runs
  work=$(mktemp -d /tmp/sluice-fuzz.XXXXXX)
  cp Tests/Fuzz/Corpus/"$target"/* "$work"/
  [ "$target" = AvroReaderFuzz ] && leaks=0
  ASAN_OPTIONS="detect_leaks=$leaks" "$SCRATCH/debug/$target" -detect_leaks=$leaks -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$ARTIFACTS/$target-" "$work" >"$work.log" 2>&1
  result=$?
  runs=$(grep -o 'Done [0-9]* runs' "$work.log" | grep -o '[0-9]*' || echo "?")
  if [ "$result" = 0 ]; then
    echo "$target: $runs executions in ${SECONDS_EACH} s, no crash" >".build/fuzz/$target.result"
  else
    {
      echo "$target: FAILED (exit $result), input kept in $ARTIFACTS; once fixed, copy it into" \
        "Tests/Fuzz/Corpus/$target/ (replayed by FuzzCorpusTests in make test) with a unit test"
      tail -40 "$work.log"
    } >".build/fuzz/$target.result"
  fi
  rm -rf "$work" "$work.log"
  return "$result"
}
# Two targets at a time, one a core.
set +e
status=0
running=()
for target in $TARGETS; do
  fuzz "$target" &
  running+=($!)
  if [ "${#running[@]}" = 2 ]; then
    wait "${running[0]}" || status=1
    running=("${running[@]:1}")
  fi
done
for pid in "${running[@]}"; do wait "$pid" || status=1; done
echo
for target in $TARGETS; do cat ".build/fuzz/$target.result"; done
exit "$status"
