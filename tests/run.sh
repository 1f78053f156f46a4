#!/bin/sh
# tests/run.sh MODE: runs every *_test.lua (engine/, stdlib/, tests/) in its
# own assay process and sums their "N passed, N failed" lines.
#   plain     ./assay
#   asan      build/asan/assay (AddressSanitizer + UndefinedBehaviorSanitizer)
#   valgrind  ./assay under valgrind --leak-check=full (errors fail the file)
#   all       the three in turn, then ssh
#   ssh       tests/scale_ssh.lua, tests/scale_slurm.lua (GNU parallel over SSH,
#             Slurm, on loopback), once
# A file that crashes or exits non-zero without a failure count counts as one
# failure.  Logs: build/test-logs/MODE/.  The last line is the total.
set -u
cd "$(dirname "$0")/.."
mode="${1:-plain}"
total_pass=0; total_fail=0

run_mode () {
  m="$1"
  case "$m" in
    plain)    bin=./assay; wrap="" ;;
    asan)     bin=build/asan/assay; wrap=""; export ASSAY_TIME_SCALE=10
              export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=98"
              export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=97" ;;
    valgrind) bin=./assay; export ASSAY_TIME_SCALE=100
              wrap="valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99" ;;
    *) echo "tests/run.sh: unknown mode '$m' (plain, asan, valgrind, all)" >&2; exit 2 ;;
  esac
  logs="build/test-logs/$m"
  rm -rf "$logs"; mkdir -p "$logs"
  files=$(find engine stdlib tests -name '*_test.lua' | sort)
  # valgrind is slow: files marked "-- test: no-valgrind" on a line of their own skip it
  # (they drive subprocesses and are covered by the plain and asan runs)
  for f in $files; do
    if [ "$m" = valgrind ] && grep -q '^-- test: no-valgrind' "$f"; then continue; fi
    echo "$f"
  done | ASSAY_BIN="$bin" WRAP="$wrap" LOGS="$logs" xargs -P 2 -I{} sh -c '
      f="{}"; log="$LOGS/$(echo "$f" | tr / _).log"
      $WRAP "$ASSAY_BIN" "$f" > "$log" 2>&1; echo "exit $?" >> "$log"'
  mp=0; mf=0
  for log in "$logs"/*.log; do
    [ -e "$log" ] || continue
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
    code=$(tail -1 "$log" | sed 's/exit //')
    p=0; fl=0
    if [ -n "$line" ]; then
      p=$(echo "$line" | cut -d' ' -f1); fl=$(echo "$line" | cut -d' ' -f3)
    fi
    if [ "$code" != 0 ] && [ "$fl" = 0 ]; then fl=1; fi
    name=$(basename "$log" .log)
    if [ "$fl" != 0 ]; then
      echo "[$m] $name: $p passed, $fl failed (exit $code)"
      grep -E '^(FAIL|  )|ERROR|==[0-9]+==|runtime error|Sanitizer' "$log" | head -40 | sed 's/^/    /'
    fi
    grep -h '^SKIP ' "$log" | sort -u | sed "s/^/[$m] $name: /"
    mp=$((mp + p)); mf=$((mf + fl))
  done
  echo "[$m] $mp passed, $mf failed"
  total_pass=$((total_pass + mp)); total_fail=$((total_fail + mf))
}

# GNU parallel over SSH to two sshd on loopback (tests/scale_ssh.lua) and a
# single-node Slurm (tests/scale_slurm.lua): once, plain; they start servers
# and make users, so not in every mode
run_ssh () {
  mkdir -p build/test-logs/ssh
  for f in tests/scale_ssh.lua tests/scale_slurm.lua; do
    log=build/test-logs/ssh/$(basename "$f" .lua).log
    ./assay "$f" > "$log" 2>&1; echo "exit $?" >> "$log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
    p=0; fl=0
    if [ -n "$line" ]; then p=$(echo "$line" | cut -d' ' -f1); fl=$(echo "$line" | cut -d' ' -f3); fi
    if [ "$(tail -1 "$log")" != "exit 0" ] && [ "$fl" = 0 ]; then fl=1; fi
    if [ "$fl" != 0 ]; then grep -E '^(FAIL|  )' "$log" | head -40 | sed 's/^/    /'; fi
    grep -h '^SKIP ' "$log" | sort -u | sed "s/^/[ssh] /"
    echo "[ssh] $(basename "$f"): $p passed, $fl failed"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + fl))
  done
}

if [ "$mode" = all ]; then
  for m in plain asan valgrind; do run_mode "$m"; done
  run_ssh
elif [ "$mode" = ssh ]; then
  run_ssh
else
  run_mode "$mode"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
