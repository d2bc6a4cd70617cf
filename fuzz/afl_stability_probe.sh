#!/usr/bin/env bash
# afl_stability_probe.sh - list the code whose coverage varies between runs of
# the same input in one process, i.e. what makes AFL++ stability drop below
# 100 % (issue 13; design §2).
#
# Builds fuzz/stop_fuzzer.cc (revision final) and everything it links with
# clang's -fsanitize-coverage=trace-pc-guard - the SanitizerCoverage mode
# AFL++'s default PCGUARD instrumentation is made from - leaving out what
# fuzz/afl_denylist.txt leaves out (translated to clang's ignorelist syntax),
# links it to fuzz/afl_stability_probe.cc instead of AFL++'s driver, runs every
# input 8 times in a row after the inputs before it, and prints each varying
# edge as function and file:line; the driver also stands in for AFL++'s map,
# where the target writes its interleaving features, and prints each byte of
# it that varies. Exit 0 when nothing varies, 1 when something
# does (then: fix the history dependence, or add the function to the denylist
# if it is set-up code with no input-dependent branch), 2 on errors.
#
# Usage: fuzz/afl_stability_probe.sh [FILE|DIR...]   (default: corpus/final)
#   e.g. fuzz/afl_stability_probe.sh corpus/final out/afl/default/queue
# Build directory: build/afl-probe.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bdir="$root/build/afl-probe"
symbolizer=$(command -v llvm-symbolizer || command -v llvm-symbolizer-14 || true)
[[ -n $symbolizer ]] || { echo "afl_stability_probe.sh: llvm-symbolizer not found (apt-get install llvm-14)" >&2; exit 2; }
mkdir -p "$bdir"

# AFL++ matches "src: PATH" against the end of a file's path; clang matches a
# glob against the whole path.
sed -n -e 's/^src: */src:*/p' -e 's/^fun: */fun:/p' "$root/fuzz/afl_denylist.txt" >"$bdir/ignorelist.new"
# The ignorelist is no build dependency: a changed one rebuilds everything.
if ! cmp -s "$bdir/ignorelist.new" "$bdir/ignorelist.txt"; then
  mv "$bdir/ignorelist.new" "$bdir/ignorelist.txt"
  rm -rf "$bdir/CMakeCache.txt" "$bdir/CMakeFiles" "$bdir/build.ninja"
fi
cov="-gline-tables-only -fsanitize-coverage=trace-pc-guard -fsanitize-coverage-ignorelist=$bdir/ignorelist.txt"
cmake -S "$root" -B "$bdir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS="$cov" -DCMAKE_CXX_FLAGS="$cov" -DSTOPFUZZ_TESTS=OFF >"$bdir/configure.log" ||
  { cat "$bdir/configure.log" >&2; exit 2; }
cmake --build "$bdir" --target stopfuzz_harness -j "$(nproc)" >"$bdir/build.log" || { cat "$bdir/build.log" >&2; exit 2; }

# The target with coverage, the driver without; -no-pie so the printed
# addresses are the binary's own.
cxx=(clang++ -std=c++20 -O2 -gline-tables-only -ffile-prefix-map="$root"/= -I"$root" -I"$root/shim/include")
"${cxx[@]}" $cov -DSTOPFUZZ_FUZZ_REVISION='"final"' -c "$root/fuzz/stop_fuzzer.cc" -o "$bdir/stop_fuzzer.o"
"${cxx[@]}" -c "$root/fuzz/afl_stability_probe.cc" -o "$bdir/afl_stability_probe.o"
# The harness and every library below it (the layers of CMakeLists.txt), in a
# group so that their order does not matter when the layers are re-cut.
clang++ -no-pie -o "$bdir/afl_stability_probe" "$bdir/afl_stability_probe.o" "$bdir/stop_fuzzer.o" \
  -Wl,--start-group "$bdir"/libstopfuzz_{harness,engine,code,models}.a -Wl,--end-group \
  -Wl,-Bstatic -lboost_context -Wl,-Bdynamic -lpthread

(($# > 0)) || set -- "$root/corpus/final"
rc=0
"$bdir/afl_stability_probe" "$@" >"$bdir/probe.out" || rc=$?
((rc != 2)) || exit 2
# Each edge as the function it is in and, when the branch was inlined from
# elsewhere (a std::vector member, say), the innermost place too.
while read -r _ guard pc inputs example; do
  frames=$("$symbolizer" --obj="$bdir/afl_stability_probe" -C "$pc" | sed '/^$/d' | paste - - | sed -E \
    -e 's|\t| at |' -e 's#[^ ]*/((models|harness|core|shim|fuzz)/)#\1#' -e 's#[^ ]*/include/c\+\+/[0-9]+/##')
  outer=$(tail -n 1 <<<"$frames")
  inner=$(head -n 1 <<<"$frames")
  [[ $inner == "$outer" ]] && inner="" || inner=" (inlined: $inner)"
  printf 'unstable edge %s: %s%s; varied on %s input(s), e.g. %s\n' "$guard" "$outer" "$inner" "$inputs" "$example"
done < <(grep '^unstable ' "$bdir/probe.out")
# The interleaving features (fuzz/interleaving_features.h) in the stand-in map.
while read -r _ byte inputs example; do
  printf 'unstable map byte %s (interleaving features); varied on %s input(s), e.g. %s\n' "$byte" "$inputs" "$example"
done < <(grep '^unstable-map ' "$bdir/probe.out")
tail -n 1 "$bdir/probe.out"
exit "$rc"
