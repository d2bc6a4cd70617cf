#!/bin/bash
# libfuzzer_fork_test.sh - fuzz_final under libFuzzer's fork mode (-fork=2): it fuzzes, grows
# the corpus, and a seeded mutation is found, reported with its replay line and saved.
#
# Spec: issue 12 ("every core": document and test libFuzzer's -fork=N with these targets);
# README "Several cores". Usage: libfuzzer_fork_test.sh FUZZ_TARGET SEED_DIR
set -u
target=$1
seeds=$2
work=$(mktemp -d /tmp/stopfuzz_fork_XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "libfuzzer_fork_test: $*" >&2; exit 1; }

# 1. Clean: two child processes, a few thousand executions, new inputs kept.
mkdir -p "$work/corpus"
"$target" -fork=2 -runs=4000 -max_len=4096 "$work/corpus" "$seeds" >"$work/clean.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { tail -20 "$work/clean.log" >&2; fail "clean run exited $rc"; }
grep -q -- '-fork=2: fuzzing in separate process' "$work/clean.log" || fail "not in fork mode"
grep -q 'oom/timeout/crash: 0/0/0' "$work/clean.log" || fail "no fork-mode progress line"
n=$(find "$work/corpus" -type f | wc -l)
[ "$n" -gt 0 ] || fail "the fork-mode run added nothing to the corpus"

# 2. A seeded mutation, from no seeds: a child finds it, the target prints the
#    violation and the replay command, libFuzzer saves the input and stops.
mkdir -p "$work/empty" "$work/art"
STOPFUZZ_MUTATION=stopping-after-signals "$target" -fork=2 -runs=400000 -max_len=4096 \
  -artifact_prefix="$work/art/" "$work/empty" >"$work/mut.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] || fail "the seeded mutation was not found (exit 0)"
grep -q '==stopfuzz== VIOLATION P10' "$work/mut.log" || { tail -20 "$work/mut.log" >&2; fail "no P10 violation"; }
grep -q '==stopfuzz== replay: stopfuzz replay --repro sf1:final:stopping-after-signals:' "$work/mut.log" ||
  fail "no replay line"
ls "$work/art"/crash-* >/dev/null 2>&1 || fail "no crash file saved"
echo "libfuzzer_fork_test: clean run added $n inputs; the mutation was found and saved"
