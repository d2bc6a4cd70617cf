#!/bin/bash
# afl_parallel_test.sh - fuzz_final under AFL++ on every core: one main (-M) and one secondary (-S)
# instance sharing an output directory; both fuzz, neither crashes, and each imports the other's finds.
#
# Spec: issue 12 ("every core": document and test AFL++'s -M/-S with these targets);
# README "AFL++" (Several cores). Usage: afl_parallel_test.sh AFL_FUZZ FUZZ_TARGET SEED_DIR [SECONDS]
set -u
afl=$1
target=$2
seeds=$3
seconds=${4:-30}
work=$(mktemp -d /tmp/stopfuzz_aflpar_XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "afl_parallel_test: $*" >&2; exit 1; }

# As the README runs them; the target may be a sanitizer build (-m none, and
# an abort is a crash). No affinity: the instances may share a core here.
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0
for role in "-M main" "-S s1"; do
  set -- $role
  timeout -s INT "$seconds" "$afl" -m none -t 5000+ "$1" "$2" -i "$seeds" -o "$work/out" -- "$target" \
    </dev/null >"$work/$2.log" 2>&1 &
done
wait

stat() { sed -n "s/^$2 *: *//p" "$work/out/$1/fuzzer_stats" 2>/dev/null; }
for self in main s1; do
  other=$([ "$self" = main ] && echo s1 || echo main)
  [ -f "$work/out/$self/fuzzer_stats" ] || { tail -20 "$work/$self.log" >&2; fail "$self wrote no fuzzer_stats"; }
  execs=$(stat "$self" execs_done)
  crashes=$(stat "$self" saved_crashes)
  imported=$(ls "$work/out/$self/queue" | grep -c "sync:$other")
  echo "$self: ${execs:-?} executions, ${crashes:-?} crashes, $imported inputs imported from $other, stability $(stat "$self" stability)"
  [ "${execs:-0}" -gt 0 ] || fail "$self did not fuzz"
  [ "${crashes:-1}" -eq 0 ] || fail "$self saved crashes on the unmutated revision"
  [ "$imported" -gt 0 ] || fail "$self imported nothing from $other: the instances did not share their finds"
done
