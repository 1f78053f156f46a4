#!/bin/sh
# tests/fuzz/run.sh SECONDS TARGET...: run each fuzz target (built by
# `make fuzz` as build/fuzz/fuzz-TARGET) for SECONDS, starting from its
# corpus (build/fuzz/corpus-TARGET, kept between runs) and the seeds in
# tests/fuzz/seeds/TARGET.  An input that crashes, leaks or hangs is copied
# to tests/fuzz/crashes/TARGET/ (commit it: tests/fuzz_test.lua replays it
# in `make test`) and the status is 1.
set -u
secs="$1"; shift
status=0
for t in "$@"; do
  corpus="build/fuzz/corpus-$t"
  mkdir -p "$corpus" "build/fuzz/artifacts-$t"
  seeds=""; [ -d "tests/fuzz/seeds/$t" ] && seeds="tests/fuzz/seeds/$t"
  echo "fuzz $t: ${secs}s" >&2
  if ! "build/fuzz/fuzz-$t" "$corpus" $seeds -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts-$t/" \
        > "build/fuzz/log-$t.txt" 2>&1; then
    status=1
    mkdir -p "tests/fuzz/crashes/$t"
    for a in "build/fuzz/artifacts-$t"/*; do
      [ -e "$a" ] || continue
      cp "$a" "tests/fuzz/crashes/$t/" && echo "fuzz $t: FOUND $(basename "$a"), kept in tests/fuzz/crashes/$t/ (log: build/fuzz/log-$t.txt)" >&2
    done
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "build/fuzz/log-$t.txt" | sed "s/^/fuzz $t: /" >&2
done
exit $status
