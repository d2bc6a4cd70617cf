#!/usr/bin/env bash
# runner_checks_test.sh - ci/oss_fuzz_check's runner checks reject broken
# builds, so that its all-pass table means something.
#
# Spec: shared/research/oss-fuzz-env.md §2.3, §3; ci/oss_fuzz/runner.sh.
# Usage: runner_checks_test.sh SCRATCH - the directory oss_fuzz.simulation
# left (its libfuzzer-address and libfuzzer-undefined $OUT and toolchain).
# Each case breaks one thing in a copy of a good $OUT and expects exactly
# the check for it to fail; the unbroken copy must pass the same checks.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../ci/oss_fuzz/toolchain.sh"
source "$here/../../ci/oss_fuzz/runner.sh"
scratch=${1:?usage: runner_checks_test.sh SCRATCH}
asan_out=$scratch/libfuzzer-address/out undef_out=$scratch/libfuzzer-undefined/out
[[ -x $asan_out/fuzz_final && -x $undef_out/fuzz_final ]] ||
  { echo "stopfuzz: no simulation output in $scratch (run oss_fuzz.simulation first)" >&2; exit 1; }
work=$scratch/runner-checks-test
rm -rf "$work"
mkdir -p "$work"
passed=0 failed=0

# expect pass|fail NAME COMMAND...: one case.
expect() {
  local want=$1 name=$2 got out
  shift 2
  if out=$("$@" 2>&1); then got=pass; else got=fail; fi
  if [[ $got == "$want" ]]; then
    passed=$((passed + 1))
    echo "ok    $name: $got ($out)"
  else
    failed=$((failed + 1))
    echo "FAIL  $name: expected $want, got $got ($out)"
  fi
}

# fresh NAME: a copy of the undefined build's fuzz_final with its files.
fresh() {
  local d=$work/$1
  mkdir -p "$d/tmp"
  cp "$undef_out"/fuzz_final "$undef_out"/fuzz_final.options "$undef_out"/fuzz_final_seed_corpus.zip "$d/"
  echo "$d"
}

d=$(fresh good)
expect pass "good build: names, options, seeds" sf_check_naming "$d" fuzz_final
expect pass "good build: no orphans" sf_check_orphans "$d" fuzz_final
expect pass "good build: startup" sf_check_startup_libfuzzer "$d" "$d/tmp" fuzz_final
expect pass "good build: UBSan calls" sf_check_sanitizers "$d/fuzz_final" undefined libfuzzer
expect pass "good build: libc++" bash -c 'source "$1"; [[ $(sf_ossfuzz_check_libcxx "$2") == ok* ]]' _ \
  "$here/../../ci/oss_fuzz/toolchain.sh" "$d/fuzz_final"

expect fail "UBSan build taken for an ASan one" sf_check_sanitizers "$undef_out/fuzz_final" address libfuzzer
expect fail "ASan build taken for a UBSan one" sf_check_sanitizers "$asan_out/fuzz_final" undefined libfuzzer

d=$(fresh bad-options)
printf '[libfuzzer]\nmax_len = 4096\nnot an option line\n' >"$d/fuzz_final.options"
expect fail "options file with a malformed line" sf_check_naming "$d" fuzz_final

d=$(fresh unknown-flag)
printf '[libfuzzer]\nmax_len = 4096\nno_such_libfuzzer_flag = 1\n' >"$d/fuzz_final.options"
expect fail "options file with a flag libFuzzer does not know" sf_check_startup_libfuzzer "$d" "$d/tmp" fuzz_final

d=$(fresh small-max-len)
printf '[libfuzzer]\nmax_len = 8\n' >"$d/fuzz_final.options"
expect fail "seeds longer than max_len" sf_check_naming "$d" fuzz_final

d=$(fresh orphan)
cp "$d/fuzz_final.options" "$d/fuzz_fnal.options"
expect fail "an options file of no target" sf_check_orphans "$d" fuzz_final

d=$(fresh no-seeds)
rm "$d/fuzz_final_seed_corpus.zip"
expect fail "no seed corpus" sf_check_naming "$d" fuzz_final

d=$(fresh nested-zip)
mkdir -p "$d/seeds/sub" && echo x >"$d/seeds/sub/a"
rm "$d/fuzz_final_seed_corpus.zip"
(cd "$d/seeds" && cmake -E tar cf "$d/fuzz_final_seed_corpus.zip" --format=zip -- sub)
expect fail "seed corpus not flat" sf_check_naming "$d" fuzz_final

d=$(fresh dotted-name)
expect fail "target name with a period" sf_check_naming "$d" fuzz.final

# A program of the other C++ library.
printf '#include <string>\nint main() { return (int)std::string("x").size() - 1; }\n' >"$work/plain.cc"
g++ -o "$work/plain" "$work/plain.cc"
expect fail "a libstdc++ program taken for libc++" bash -c 'source "$1"; [[ $(sf_ossfuzz_check_libcxx "$2") == ok* ]]' _ \
  "$here/../../ci/oss_fuzz/toolchain.sh" "$work/plain"

echo "$passed passed, $failed failed"
((failed == 0))
