#!/usr/bin/env bash
# oss_fuzz_build.sh - build the fuzz targets the OSS-Fuzz / ClusterFuzzLite way (design §7).
#
# Called from a project's build.sh inside the OSS-Fuzz base-builder image,
# which provides CC, CXX, CFLAGS, CXXFLAGS (sanitizer + coverage flags,
# -stdlib=libc++), LIB_FUZZING_ENGINE and OUT. Writes into $OUT, per target:
#   fuzz_<revision>                     the fuzzer
#   fuzz_<revision>.options             libFuzzer options (max_len)
#   fuzz_<revision>_seed_corpus.zip     corpus/<revision>/ if it exists
# Only the fuzz targets are built (no tests, no CLI): they depend on the
# harness alone, so nothing but the compiler's own C++ library is needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${OUT:?OUT must be set (OSS-Fuzz output directory)}"
: "${LIB_FUZZING_ENGINE:?LIB_FUZZING_ENGINE must be set}"
build=${WORK:-$root/build}/oss-fuzz

# STOPFUZZ_LIBFUZZER=ON adds -fsanitize=fuzzer-no-link, harmless next to the
# engine's own coverage flags; the engine is linked through STOPFUZZ_FUZZ_DRIVER
# (a library path or a flag such as -fsanitize=fuzzer).
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="${CC:-clang}" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DCMAKE_C_FLAGS="${CFLAGS:-}" -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}" \
  -DSTOPFUZZ_LIBFUZZER=ON -DSTOPFUZZ_TESTS=OFF \
  -DSTOPFUZZ_FUZZ_DRIVER="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target stopfuzz_fuzzers -j "$(nproc)"

mkdir -p "$OUT"
for f in "$build"/bin/fuzz_*; do
  case $f in *.options) continue ;; esac
  t=$(basename "$f")
  cp "$f" "$OUT/"
  cp "$f.options" "$OUT/"
  rev=${t#fuzz_}
  if [[ -d $root/corpus/$rev ]]; then
    rm -f "$OUT/${t}_seed_corpus.zip"
    (cd "$root/corpus/$rev" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*)
  fi
  echo "oss_fuzz_build.sh: $OUT/$t"
done
