#!/usr/bin/env bash
# throughput_pairs.sh - executions per second of two builds, each pair at the same time, one process per core.
#
# Spec: issue 12 (a before/after table, each pair measured in one run, on
# what users run: the campaign, the fuzz targets, the benchmark's cases).
# BEFORE and AFTER are directories holding the binaries of two builds:
#   stopfuzz          build/release/bin/stopfuzz
#   fuzz_final        build/fuzz/bin/fuzz_final          (libFuzzer)
#   afl_fuzz_final    build/afl/bin/fuzz_final           (AFL++), optional
#   stopfuzz_bench    build/bench/bin/stopfuzz_bench     optional
# fuzz_final runs with the [libfuzzer] flags of the fuzz_final.options beside
# it (as OSS-Fuzz's run_fuzzer passes them), then this script's own.
# Each pair runs at the same time, BEFORE pinned to CPU 0 and AFTER to CPU 1
# (taskset), so that both see the same machine load; the rows print the
# engine's own summary plus CPU seconds (user, system, wall). The benchmark
# runs one build after the other. Run it from the repository root; output
# goes to OUT (default out/pairs).
#
# Usage: tools/throughput_pairs.sh BEFORE AFTER [SECONDS] [OUT]
set -uo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
B=$1; A=$2; S=${3:-60}; O=${4:-out/pairs}
for d in "$B" "$A"; do
  for f in stopfuzz fuzz_final; do
    [ -x "$d/$f" ] || { echo "throughput_pairs: $d/$f missing" >&2; exit 2; }
  done
done
[ -d corpus/final ] || { echo "throughput_pairs: run it from the repository root" >&2; exit 2; }
rm -rf "$O"; mkdir -p "$O"
core() { [ "$1" = before ] && echo 0 || echo 1; }
dir() { [ "$1" = before ] && echo "$B" || echo "$A"; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

for w in before after; do
  taskset -c "$(core $w)" /usr/bin/time -f "%U %S %e" -o "$O/campaign_$w.time" \
    "$(dir $w)/stopfuzz" fuzz --revision final --seconds "$S" --corpus corpus/final \
    --artifacts "$O/artifacts_$w" --quiet >"$O/campaign_$w.out" 2>&1 &
done
wait
for w in before after; do
  echo "campaign  $w: $(grep summary "$O/campaign_$w.out") | cpu $(cat "$O/campaign_$w.time")"
done

# The [libfuzzer] section of an options file as -key=value flags, as the
# OSS-Fuzz simulation's runner parses it (SF_LF_FLAGS).
source "$(dirname "${BASH_SOURCE[0]}")/../ci/oss_fuzz/runner.sh"
for w in before after; do
  mkdir -p "$O/libfuzzer_$w"; cp corpus/final/* "$O/libfuzzer_$w/"
  sf_parse_options "$(dir $w)/fuzz_final.options" || exit 2
  echo "libFuzzer $w flags: ${SF_LF_FLAGS[*]}"
  taskset -c "$(core $w)" /usr/bin/time -f "%U %S %e" -o "$O/libfuzzer_$w.time" \
    "$(dir $w)/fuzz_final" "${SF_LF_FLAGS[@]}" -max_total_time="$S" -seed=1 -max_len=4096 \
    -artifact_prefix="$O/libfuzzer_$w-" "$O/libfuzzer_$w" >"$O/libfuzzer_$w.out" 2>&1 &
done
wait
for w in before after; do
  echo "libFuzzer $w: $(grep -E '^#[0-9]+' "$O/libfuzzer_$w.out" | tail -1) | cpu $(cat "$O/libfuzzer_$w.time")"
  grep -E "==stopfuzz== VIOLATION" "$O/libfuzzer_$w.out" | head -1
done

if [ -x "$B/afl_fuzz_final" ] && [ -x "$A/afl_fuzz_final" ] && command -v afl-fuzz >/dev/null; then
  for w in before after; do
    AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 taskset -c "$(core $w)" \
      afl-fuzz -V "$S" -i corpus/final -o "$O/afl_$w" -- "$(dir $w)/afl_fuzz_final" >"$O/afl_$w.out" 2>&1 &
  done
  wait
  for w in before after; do
    echo "AFL++     $w: $(grep -E '^(execs_done|execs_per_sec|stability|saved_crashes)' "$O/afl_$w/default/fuzzer_stats" |
      tr -s ' ' | tr '\n' ' ')"
  done
fi

if [ -x "$B/stopfuzz_bench" ] && [ -x "$A/stopfuzz_bench" ]; then
  for w in before after; do
    taskset -c 0 "$(dir $w)/stopfuzz_bench" --benchmark_filter='fibers:1|BM_Campaign' --benchmark_min_time=2 \
      >"$O/bench_$w.out" 2>&1
    echo "bench     $w:"; grep -E "^BM_" "$O/bench_$w.out"
  done
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
