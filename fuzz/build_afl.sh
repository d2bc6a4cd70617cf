#!/usr/bin/env bash
# build_afl.sh - build the AFL++ fuzz targets into build/afl/ (design §7).
#
# A shorthand for the `afl` CMake preset (CMakePresets.json holds the flags):
# the same entry point (fuzz/stop_fuzzer.cc) as libFuzzer, compiled with
# afl-clang-fast++ and linked with AFL++'s libFuzzer-compatible driver
# (/usr/lib/afl/libAFLDriver.a: persistent mode, LLVMFuzzerInitialize before
# the fork server), the backends left uninstrumented through
# fuzz/afl_denylist.txt (design §2: 100 % stability needs that).
# Equivalent: cmake --workflow --preset afl
#
# Usage: fuzz/build_afl.sh [cmake -D options...]   -> build/afl/bin/fuzz_final
#   e.g. fuzz/build_afl.sh -DSTOPFUZZ_KERNEL_TREES=/usr/src/linux-source-6.12.tar.xz
#   adds build/afl/bin/fuzz_src_linux_6_12
# Then:  AFL_SKIP_CPUFREQ=1 afl-fuzz -i corpus/final -o out/afl -- build/afl/bin/fuzz_final
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v afl-clang-fast++ >/dev/null || { echo "build_afl.sh: afl-clang-fast++ not found (apt-get install afl++)" >&2; exit 1; }
[[ -f /usr/lib/afl/libAFLDriver.a ]] || { echo "build_afl.sh: /usr/lib/afl/libAFLDriver.a not found (apt-get install afl++)" >&2; exit 1; }
cd "$root"
cmake --preset afl "$@"
cmake --build --preset afl -j "$(nproc)"
echo "build_afl.sh: built $(ls "$root"/build/afl/bin/fuzz_* | grep -v '\.options$' | tr '\n' ' ')"
