#!/usr/bin/env bash
# oss_fuzz_build.sh - build the fuzz targets the OSS-Fuzz / ClusterFuzzLite way (design §7).
#
# Called by oss-fuzz/build.sh and .clusterfuzzlite/build.sh inside the
# base-builder image (or by ci/oss_fuzz_check, which recreates its
# environment), whose `compile` exports CC, CXX, CFLAGS, CXXFLAGS (sanitizer
# and coverage flags, -stdlib=libc++), LIB_FUZZING_ENGINE, SRC, WORK and OUT
# (shared/research/oss-fuzz-env.md §1). Writes into $OUT, per target:
#   fuzz_<revision>                     the fuzzer
#   fuzz_<revision>.options             libFuzzer options (max_len)
#   fuzz_<revision>_seed_corpus.zip     its seeds (fuzz/CMakeLists.txt says which)
# Only the fuzz targets are built and configured (no tests, no command):
# they depend on the harness alone, so nothing but the compiler's own C++
# library and Boost.Context (libboost-context-dev, on the Dockerfiles' apt-get
# line; static, assembly only) is needed - no other package (CLI11, GoogleTest, ...).
#
# Kernel-source targets (fuzz_src_linux_6_12, ...): STOPFUZZ_KERNEL_TREES if
# set (';'-separated, as for CMake), else every $SRC/linux-*.tar.xz the
# Dockerfile put there. Runs under `bash -eu`: no unset variable is read.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${OUT:?OUT must be set (OSS-Fuzz output directory)}"
: "${LIB_FUZZING_ENGINE:?LIB_FUZZING_ENGINE must be set}"
: "${CC:?CC must be set}" "${CXX:?CXX must be set}"
build=${WORK:-$root/build}/stopfuzz-oss-fuzz

if [[ -z ${STOPFUZZ_KERNEL_TREES+set} ]]; then
  trees=()
  for t in "${SRC:-/nonexistent}"/linux-*.tar.xz; do
    [[ -e $t ]] && trees+=("$t")
  done
  STOPFUZZ_KERNEL_TREES=$(IFS=';' && printf '%s' "${trees[*]}")
fi

# A fresh build directory: CMake keeps the flags of its first configure
# (research §5), and the image's flags are the point.
rm -rf "$build"
# No CMAKE_BUILD_TYPE: the image's CFLAGS (-O1 -gline-tables-only) decide, as
# for every OSS-Fuzz project. STOPFUZZ_LIBFUZZER=ON repeats
# -fsanitize=fuzzer-no-link, which libFuzzer builds have anyway and afl-cc
# drops; the engine is linked through STOPFUZZ_FUZZ_DRIVER (a library path
# or a flag such as -fsanitize=fuzzer). AFL_LLVM_DENYLIST keeps the
# execution backends uninstrumented under afl-clang-fast (fuzz/build_afl.sh
# says why); clang ignores it.
export AFL_LLVM_DENYLIST="$root/fuzz/afl_denylist.txt"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE= \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="${CFLAGS:-}" -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}" \
  -DSTOPFUZZ_LIBFUZZER=ON -DSTOPFUZZ_TESTS=OFF -DSTOPFUZZ_CLI=OFF \
  -DSTOPFUZZ_KERNEL_TREES="$STOPFUZZ_KERNEL_TREES" \
  -DSTOPFUZZ_FUZZ_DRIVER="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target stopfuzz_fuzzers -j "$(nproc)"

mkdir -p "$OUT"
for f in "$build"/bin/fuzz_*; do
  case $f in *.options | *.zip) continue ;; esac
  t=$(basename "$f")
  cp "$f" "$f.options" "$f"_seed_corpus.zip "$OUT/"
  echo "oss_fuzz_build.sh: $OUT/$t"
done
