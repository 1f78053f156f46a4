#!/bin/sh
# tools/bench-prefilter.sh [CORPUS [ROUNDS]]: the literal prefilter's
# backends side by side (docs/internals.md, "The prefilter's backends").
#   - T3 (`run -q -j1 --no-meta --no-text`, scripts/bench/t3.lua) on CORPUS
#     (default /tmp/assay-bench/corpus-100mb-s1) with ASSAY_PREFILTER=ac,
#     =hs (when built in), unset (the default) and the bench kit's C
#     reference (when built: ../shared/bench/run-peers builds it), alternating,
#     ROUNDS rounds (default 3); user+sys CPU and wall seconds, then the least
#     of each and the ratios to ac;
#   - the load time of a rule set of 200 rules (T3's 20 patterns, each in 10
#     variants) with each backend, best of 5 loads, in one process.
# Facts are checked identical (tools/run-digest) between the backends.
set -eu
corpus=${1:-/tmp/assay-bench/corpus-100mb-s1}
rounds=${2:-3}
bin=${ASSAY_BIN:-./assay}
ref=/tmp/assay-bench/work/limits/ref_tasks
tsv=../shared/bench/rules.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -d "$corpus" ] || { echo "bench-prefilter: no corpus $corpus (../shared/bench/gen-corpus makes one)" >&2; exit 2; }

backends="ac"
"$bin" -e 'for _, b in ipairs(require("assay.prefilter").backends()) do if b == "hs" then os.exit(0) end end os.exit(1)' &&
  backends="ac hs"
kinds="$backends default"
[ -x "$ref" ] && [ -f "$tsv" ] && kinds="$kinds c-ref"

one () {   # one KIND: prints "KIND user+sys wall"
  rm -f "$tmp/x.db" "$tmp/x.db-wal" "$tmp/x.db-shm"
  case $1 in
    c-ref)   cmd="$ref t3 $corpus $tmp/x.db $tsv" ;;
    default) cmd="env -u ASSAY_PREFILTER $bin run -q -j1 --no-meta --no-text --db $tmp/x.db scripts/bench/t3.lua -- $corpus" ;;
    *)       cmd="env ASSAY_PREFILTER=$1 $bin run -q -j1 --no-meta --no-text --db $tmp/x.db scripts/bench/t3.lua -- $corpus" ;;
  esac
  /usr/bin/time -f "$1 %U %S %e" -o "$tmp/t" $cmd >/dev/null 2>&1
  awk '{ printf "%s %.2f %.2f\n", $1, $2 + $3, $4 }' "$tmp/t"
  case $1 in ac|hs) tools/run-digest "$tmp/x.db" | sed -n 1p > "$tmp/digest-$1" ;; esac
}

echo "T3 -j1 --no-meta --no-text on $corpus, $rounds rounds (kind, user+sys s, wall s):"
for r in $(seq "$rounds"); do
  for k in $kinds; do one "$k"; done
done | tee "$tmp/times"
if [ -f "$tmp/digest-hs" ]; then
  cmp -s "$tmp/digest-ac" "$tmp/digest-hs" && echo "facts: hs identical to ac" || { echo "facts: hs DIFFERS from ac"; exit 1; }
fi
awk '{ if (!($1 in cpu) || $2 < cpu[$1]) cpu[$1] = $2; if (!($1 in wall) || $3 < wall[$1]) wall[$1] = $3 }
     END { for (k in cpu) printf "least %-8s cpu %.2f s  wall %.2f s  cpu/ac %.3f  wall/ac %.3f\n", k, cpu[k], wall[k],
                                 cpu[k] / cpu["ac"], wall[k] / wall["ac"] }' "$tmp/times" | sort

# 200 rules: T3's patterns, each also with one of 10 literal branches
awk -F'\t' 'NR > 1 && $2 != "" { n++; name[n] = $1; pat[n] = $2 }
  END { for (v = 0; v < 10; v++) for (i = 1; i <= n; i++) {
          p = pat[i]; gsub(/\]\]/, "] ]", p)
          printf "rule \"%s_%d\" { scope = \"clause\", pattern = [[%s|标记%d号]] }\n", name[i], v, p, v } }' \
  "$tsv" > "$tmp/r200.lua"
echo "rule-set load, $(grep -c '^rule' "$tmp/r200.lua") rules, best of 5:"
for b in $backends; do
  ASSAY_PREFILTER=$b "$bin" -e '
    local rules, host = require "assay.rules", require "assay.host"
    local best = math.huge
    for _ = 1, 5 do
      collectgarbage()     -- the last set freed: its Vectorscan database is compiled again
      local t = host.clock()
      local set = rules.load(arg[1], { meta = false })
      best = math.min(best, host.clock() - t)
      assert(set.prefilter)
    end
    io.write(string.format("load %s %.1f ms\n", os.getenv("ASSAY_PREFILTER"), best * 1000))' "$tmp/r200.lua"
done
