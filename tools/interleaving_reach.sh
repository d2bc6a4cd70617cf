#!/usr/bin/env bash
# interleaving_reach.sh - time for libFuzzer to reach the hard nesting windows, with and without interleaving features.
#
# Spec: issue 10 ("interleaving features for the engines ... measure the
# time to reach the hard nesting windows with and without"), stop-path.md
# §12.1.1 (the nested SDEI stop: P4 sdei-in-irq, sdei-in-nmi, sdei-in-self on
# final) and §12.1.2 (IPI_CPU_STOP_NMI nested in the IRQ stop: P4 nmi-in-irq,
# which final does not have, so it is timed on linux-6.12); fuzz/
# interleaving_features.h (STOPFUZZ_INTERLEAVING=0 turns the features off).
#
# Builds build/fuzz with fuzz_final and fuzz_linux_6_12, then for every
# seed runs each target under libFuzzer for a fixed time twice, features on
# and off (at the same time, so both see the same machine load), from an
# empty corpus (or a copy of --corpus DIR), with STOPFUZZ_REPORT_FIRST=1:
# the target prints each finding the first time it sees it, with the
# execution count and the seconds since start. Prints one row per window,
# mode and seed (executions and seconds, "-" if not reached in time), then
# per window and mode: reached in how many runs, median executions and
# seconds of those that did.
#
# Usage: tools/interleaving_reach.sh [--seconds N] [--seeds "1 2 3"] [--corpus DIR] [--out DIR]
#   (from the repository root; defaults: 120 s, seeds 1 2 3, empty corpus, out/interleaving_reach)
set -euo pipefail
seconds=120
seeds="1 2 3"
corpus=""
out=out/interleaving_reach
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--seeds \"1 2 3\"] [--corpus DIR] [--out DIR]" >&2; exit 2 ;;
  esac
done
[[ -z $corpus || -d $corpus ]] || { echo "interleaving_reach.sh: no directory $corpus" >&2; exit 2; }

if [[ -z ${STOPFUZZ_SKIP_BUILD:-} ]]; then
  cmake --preset fuzz -DSTOPFUZZ_FUZZ_REVISIONS="final;linux-6.12" >/dev/null
  cmake --build build/fuzz -j "$(nproc)" --target fuzz_final fuzz_linux_6_12 >/dev/null
fi

# target: the windows timed on it.
declare -A windows=(
  [fuzz_final]="P4 sdei-in-irq|P4 sdei-in-nmi|P4 sdei-in-self"
  [fuzz_linux_6_12]="P4 nmi-in-irq"
)
mkdir -p "$out"
rows="$out/rows.tsv"
: >"$rows"
for seed in $seeds; do
  for target in fuzz_final fuzz_linux_6_12; do
    # Both modes at once: the pair sees the same machine load.
    for mode in on off; do
      work="$out/$target-$mode-$seed"
      rm -rf "$work"
      mkdir -p "$work/corpus"
      [[ -z $corpus ]] || cp "$corpus"/* "$work/corpus/"
      flag=1
      [[ $mode == on ]] || flag=0
      STOPFUZZ_INTERLEAVING=$flag STOPFUZZ_REPORT_FIRST=1 "build/fuzz/bin/$target" -seed="$seed" \
        -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1 &
    done
    wait
    for mode in on off; do
      work="$out/$target-$mode-$seed"
      total=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
      IFS='|' read -ra want <<<"${windows[$target]}"
      for w in "${want[@]}"; do
        line=$(grep -m1 "^==stopfuzz== first $w " "$work/log" || true)
        if [[ -n $line ]]; then
          e=$(sed -E 's/.* exec ([0-9]+) .*/\1/' <<<"$line")
          s=$(sed -E 's/.* seconds ([0-9.]+).*/\1/' <<<"$line")
        else
          e=-
          s=-
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$mode" "$seed" "$e" "$s" "${total:-?}" >>"$rows"
      done
    done
  done
done

printf '| window | features | seed | executions to reach | seconds to reach | executions in %s s |\n' "$seconds"
printf '| --- | --- | ---: | ---: | ---: | ---: |\n'
sort -t$'\t' -k1,1 -k2,2r -k3,3n "$rows" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
echo
printf '| window | features | reached | median executions | median seconds |\n'
printf '| --- | --- | ---: | ---: | ---: |\n'
for w in "P4 sdei-in-irq" "P4 sdei-in-nmi" "P4 sdei-in-self" "P4 nmi-in-irq"; do
  for mode in on off; do
    awk -F'\t' -v w="$w" -v m="$mode" '$1 == w && $2 == m' "$rows" | awk -F'\t' -v w="$w" -v m="$mode" '
      { n++; if ($4 != "-") { r++; e[r] = $4; s[r] = $5 } }
      function median(a, k,   i, j, t) {
        for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
      }
      END { printf "| %s | %s | %d/%d | %s | %s |\n", w, m, r, n, r ? median(e, r) : "-", r ? median(s, r) : "-" }'
  done
done
