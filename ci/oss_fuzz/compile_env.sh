# compile_env.sh - the environment OSS-Fuzz's `compile` gives build.sh, per
# engine and sanitizer, for ci/oss_fuzz_check.
#
# Sourced. Spec: shared/research/oss-fuzz-env.md §1.1 (image ENV), §1.2
# (compile's steps 2, 6, 7, 9-11), §1.3 (compile_libfuzzer, compile_afl), §1.4
# and §7 (the resulting values). The values are the research file's, flag for
# flag; only the directories are scratch ones and the engine paths local.

# base-clang's CFLAGS (BASE in the research tables).
SF_OSSFUZZ_BASE_CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -Wno-error=incompatible-function-pointer-types -Wno-error=int-conversion -Wno-error=deprecated-declarations -Wno-error=implicit-function-declaration -Wno-error=implicit-int -Wno-error=unknown-warning-option -Wno-error=vla-cxx-extension -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
SF_OSSFUZZ_UBSAN_CHECKS="array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr"
# The recover list is the check list without unsigned-integer-overflow.
SF_OSSFUZZ_UBSAN_FATAL="array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr"

# sf_ossfuzz_compile_env ENGINE SANITIZER SIM TOOLCHAIN: sets SF_ENV, the
# whole environment (NAME=VALUE words for env -i) build.sh runs in.
#   SIM        the configuration's scratch root (src/, work/, out/ under it)
#   TOOLCHAIN  ci/oss_fuzz/toolchain.sh's directory (its bin/ goes first on PATH)
sf_ossfuzz_compile_env() {
  local engine=$1 sanitizer=$2 sim=$3 toolchain=$4
  local san_flags cov_flags cflags cxxflags cc cxx lfe
  case $sanitizer in
    address) san_flags="-fsanitize=address -fsanitize-address-use-after-scope" ;;
    undefined) san_flags="-fsanitize=$SF_OSSFUZZ_UBSAN_CHECKS -fno-sanitize-recover=$SF_OSSFUZZ_UBSAN_FATAL" ;;
    *) echo "stopfuzz: sanitizer $sanitizer is not simulated (address, undefined)" >&2; return 1 ;;
  esac
  case $engine in
    libfuzzer)
      cc=clang cxx=clang++ cov_flags="-fsanitize=fuzzer-no-link" lfe="-fsanitize=fuzzer" ;;
    afl)
      # compile_afl: CC/CXX from AFL++, its driver as the engine library
      # (copied to the deprecated path), and compile empties COVERAGE_FLAGS.
      cc=$(command -v afl-clang-fast) cxx=$(command -v afl-clang-fast++) cov_flags=""
      lfe=$toolchain/usr/lib/libFuzzingEngine.a ;;
    *) echo "stopfuzz: engine $engine is not simulated (libfuzzer, afl)" >&2; return 1 ;;
  esac
  cflags="$SF_OSSFUZZ_BASE_CFLAGS $san_flags${cov_flags:+ $cov_flags}"
  cxxflags="$cflags -stdlib=libc++"
  # compile appends -fno-sanitize=function to CFLAGS only, after CXXFLAGS.
  [[ $sanitizer == undefined ]] && cflags+=" -fno-sanitize=function"

  SF_ENV=(
    "PATH=$toolchain/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$sim/out"
    "HOME=$sim/home" "LANG=C.UTF-8"
    "SRC=$sim/src" "WORK=$sim/work" "OUT=$sim/out"
    "FUZZING_ENGINE=$engine" "SANITIZER=$sanitizer" "ARCHITECTURE=x86_64" "FUZZING_LANGUAGE=c++"
    "PROJECT_NAME=stopfuzz" "HELPER=True"
    "CC=$cc" "CXX=$cxx" "CCC=clang++"
    "CFLAGS=$cflags" "CXXFLAGS=$cxxflags" "CXXFLAGS_EXTRA=-stdlib=libc++"
    "SANITIZER_FLAGS=$san_flags" "COVERAGE_FLAGS=$cov_flags"
    "LIB_FUZZING_ENGINE=$lfe" "LIB_FUZZING_ENGINE_DEPRECATED=$toolchain/usr/lib/libFuzzingEngine.a"
    "FUZZER_LDFLAGS="
    "HWASAN_OPTIONS=random_tags=0" "UBSAN_OPTIONS=silence_unsigned_overflow=1"
    "DFSAN_OPTIONS=warn_unimplemented=0"
    # Not compile's: the image has none of this machine's -dev packages, so
    # CMake finds no package config or find module of theirs (see below).
    "CMAKE_TOOLCHAIN_FILE=$toolchain/image_packages.cmake"
  )
  if [[ $engine == afl ]]; then
    SF_ENV+=(
      "AFL_QUIET=1" "AFL_IGNORE_PROBLEMS=1" "AFL_IGNORE_UNKNOWN_ENVS=1"
      "ASAN_OPTIONS=detect_leaks=0:symbolize=0:detect_odr_violation=0:abort_on_error=1"
    )
  fi
}

# sf_ossfuzz_image_packages TOOLCHAIN: the CMake toolchain file (CMake reads
# CMAKE_TOOLCHAIN_FILE from the environment) that stands for the image's
# packages: base-builder plus oss-fuzz/Dockerfile's apt-get line have no
# CMake package of their own, so find_package() finds none of the ones
# installed here (CLI11, GoogleTest, ...); only module-mode Threads, which
# searches nothing, still works. Compilers and tools are found as before.
sf_ossfuzz_image_packages() {
  mkdir -p "$1"
  cat >"$1/image_packages.cmake" <<'CMAKE'
# ci/oss_fuzz/compile_env.sh: packages are searched under a root that does not exist.
set(CMAKE_FIND_ROOT_PATH /nonexistent-oss-fuzz-image)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
CMAKE
}

# sf_ossfuzz_compile_steps ENGINE SIM TOOLCHAIN: what `compile` and
# compile_$ENGINE do around build.sh that a target may rely on at run time:
# llvm-symbolizer in $OUT; for afl, the driver as libFuzzingEngine.a, AFL++'s
# programs in $OUT (run_fuzzer starts $OUT/afl-fuzz) and afl_options.txt.
sf_ossfuzz_compile_steps() {
  local engine=$1 sim=$2 toolchain=$3 f
  mkdir -p "$sim/out" "$toolchain/usr/lib"
  cp "$(readlink -f "$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer)")" "$sim/out/llvm-symbolizer"
  if [[ $engine == afl ]]; then
    cp /usr/lib/afl/libAFLDriver.a "$toolchain/usr/lib/libFuzzingEngine.a"
    for f in afl-fuzz afl-showmap afl-tmin; do cp "$(command -v "$f")" "$sim/out/"; done
    printf 'AFL_QUIET=1\nAFL_IGNORE_PROBLEMS=1\nAFL_IGNORE_UNKNOWN_ENVS=1\n' >"$sim/out/afl_options.txt"
  fi
}
