#!/usr/bin/env bash
# build_afl.sh - build the fuzz targets for AFL++ into build/afl/ (design §7).
#
# Same entry point (fuzz/stop_fuzzer.cc) as libFuzzer, compiled with
# afl-clang-fast++ and linked with AFL++'s libFuzzer-compatible driver
# (/usr/lib/afl/libAFLDriver.a: persistent mode, LLVMFuzzerInitialize before
# the fork server). The thread and fiber backends are left uninstrumented
# through fuzz/afl_denylist.txt (design §2: 100 % stability needs that).
#
# Usage: fuzz/build_afl.sh [cmake -D options...]   -> build/afl/bin/fuzz_final
#   e.g. fuzz/build_afl.sh -DSTOPFUZZ_KERNEL_TREES=/usr/src/linux-source-6.12.tar.xz
#   adds build/afl/bin/fuzz_src_linux_6_12
# Then:  AFL_SKIP_CPUFREQ=1 afl-fuzz -i corpus/final -o out/afl -- build/afl/bin/fuzz_final
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
driver=${AFL_DRIVER:-/usr/lib/afl/libAFLDriver.a}
command -v afl-clang-fast++ >/dev/null || { echo "build_afl.sh: afl-clang-fast++ not found (apt-get install afl++)" >&2; exit 1; }
[[ -f $driver ]] || { echo "build_afl.sh: $driver not found" >&2; exit 1; }

# The denylist travels with every compile command through the launcher, so a
# later plain `ninja -C build/afl` keeps the backends uninstrumented too.
# AFL++ matches it against debug locations: without -g it silently
# instruments everything, hence -gline-tables-only.
launcher="env;AFL_LLVM_DENYLIST=$root/fuzz/afl_denylist.txt;AFL_QUIET=1"
cmake -S "$root" -B "$root/build/afl" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS=-gline-tables-only -DCMAKE_CXX_FLAGS=-gline-tables-only \
  -DCMAKE_C_COMPILER=afl-clang-fast -DCMAKE_CXX_COMPILER=afl-clang-fast++ \
  -DCMAKE_C_COMPILER_LAUNCHER="$launcher" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" \
  -DSTOPFUZZ_LIBFUZZER=ON -DSTOPFUZZ_TESTS=OFF \
  -DSTOPFUZZ_FUZZ_DRIVER="$driver" "$@"
cmake --build "$root/build/afl" --target stopfuzz_fuzzers -j "$(nproc)"
echo "build_afl.sh: built $(ls "$root"/build/afl/bin/fuzz_* | grep -v '\.options$' | tr '\n' ' ')"
