# runner.sh - OSS-Fuzz's base-runner checks (test_all.py, bad_build_check,
# run_fuzzer) applied to one $OUT, for ci/oss_fuzz_check.
#
# Sourced. Spec: shared/research/oss-fuzz-env.md §2 (runner environment,
# target discovery, the checks and their thresholds, run_fuzzer) and §3
# (naming in $OUT). Each check prints one table cell and returns non-zero on
# failure. Beyond bad_build_check, and marked so in the table: the seed
# corpus is run (OSS-Fuzz's check_seed_corpus is disabled), the naming of
# every file in $OUT is checked, and the target is shown to be a libc++
# program (ci/oss_fuzz/toolchain.sh).

# base-runner's Dockerfile ENV (§2.1).
SF_RUNNER_ASAN_OPTIONS="alloc_dealloc_mismatch=0:allocator_may_return_null=1:allocator_release_to_os_interval_ms=500:check_malloc_usable_size=0:detect_container_overflow=1:detect_odr_violation=0:detect_leaks=1:detect_stack_use_after_return=1:fast_unwind_on_fatal=0:handle_abort=1:handle_segv=1:handle_sigill=1:max_uar_stack_size_log=16:print_scariness=1:quarantine_size_mb=10:strict_memcmp=1:strip_path_prefix=/workspace/:symbolize=1:use_sigaltstack=1:dedup_token_length=3"
SF_RUNNER_MSAN_OPTIONS="print_stats=1:strip_path_prefix=/workspace/:symbolize=1:dedup_token_length=3"
SF_RUNNER_UBSAN_OPTIONS="print_stacktrace=1:print_summary=1:silence_unsigned_overflow=1:strip_path_prefix=/workspace/:symbolize=1:dedup_token_length=3"
SF_RUNNER_FUZZER_ARGS="-rss_limit_mb=2560 -timeout=25"
# bad_build_check's constants (§2.3).
SF_MIN_EDGES=100
SF_AFL_SECONDS=${SF_AFL_SECONDS:-35}
# ClusterFuzz's per-file corpus limit (§3) and the seeds run beyond them.
SF_MAX_CORPUS_FILE=$((5 * 1024 * 1024))
SF_EXTRA_RUNS=${SF_EXTRA_RUNS:-1000}

# sf_runner_env OUT TMP: SF_RENV, the runner's whole environment (env -i).
sf_runner_env() {
  SF_RENV=(
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$1"
    "HOME=$2" "TMPDIR=$2" "LANG=C.UTF-8" "RUN_FUZZER_MODE=batch"
    "ASAN_OPTIONS=$SF_RUNNER_ASAN_OPTIONS" "MSAN_OPTIONS=$SF_RUNNER_MSAN_OPTIONS"
    "UBSAN_OPTIONS=$SF_RUNNER_UBSAN_OPTIONS" "HWASAN_OPTIONS=random_tags=0"
    "FUZZER_ARGS=$SF_RUNNER_FUZZER_ARGS" "AFL_FUZZER_ARGS=-m none"
  )
}

# sf_find_targets OUT: test_all.py's find_fuzz_targets (§2.2), one per line.
sf_find_targets() {
  local f n
  for f in "$1"/*; do
    n=$(basename "$f")
    [[ -f $f && -x $f ]] || continue
    [[ $n == llvm-symbolizer || $n == afl-* || $n == jazzer_* ]] && continue
    file -b "$f" | grep -qE 'ELF|shell script' || continue
    grep -qa LLVMFuzzerTestOneInput "$f" || continue
    echo "$n"
  done
}

# sf_parse_options FILE: run_fuzzer's parse_options.py (configparser) for
# the sections it reads: [libfuzzer] -> SF_LF_FLAGS (-key=value), [asan],
# [msan], [ubsan] -> SF_SAN_ASAN/MSAN/UBSAN (":key=value..."). A line that is
# neither a section, a key = value nor a comment is an error (configparser
# would raise), and so is a key outside any section.
sf_parse_options() {
  SF_LF_FLAGS=() SF_SAN_ASAN="" SF_SAN_MSAN="" SF_SAN_UBSAN=""
  [[ -f $1 ]] || return 0
  local line section="" key value
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*([#\;].*)?$ ]] && continue
    if [[ $line =~ ^\[([^]]+)\][[:space:]]*$ ]]; then
      section=${BASH_REMATCH[1]}
    elif [[ -n $section && $line =~ ^([^=:[:space:]][^=:]*)[=:](.*)$ ]]; then
      key=$(echo "${BASH_REMATCH[1]}" | xargs) value=$(echo "${BASH_REMATCH[2]}" | xargs)
      case $section in
        libfuzzer) SF_LF_FLAGS+=("-$key=$value") ;;
        asan) SF_SAN_ASAN+=":$key=$value" ;;
        msan) SF_SAN_MSAN+=":$key=$value" ;;
        ubsan) SF_SAN_UBSAN+=":$key=$value" ;;
      esac
    else
      echo "bad line in $(basename "$1"): $line"
      return 1
    fi
  done <"$1"
}

# sf_check_naming OUT TARGET: §3 - a name of [A-Za-z0-9_-] without extension,
# a flat, non-empty <target>_seed_corpus.zip whose files fit the corpus limit
# and the options' max_len, a <target>.options that parses.
sf_check_naming() {
  local out=$1 t=$2 zip names n big max_len
  [[ $t =~ ^[A-Za-z0-9_-]+$ ]] || { echo "bad name"; return 1; }
  sf_parse_options "$out/$t.options" >/dev/null || { echo "bad $t.options"; return 1; }
  zip=$out/${t}_seed_corpus.zip
  [[ -f $zip ]] || { echo "no ${t}_seed_corpus.zip"; return 1; }
  names=$(unzip -Z1 "$zip") || { echo "unreadable zip"; return 1; }
  n=$(grep -c . <<<"$names")
  ((n > 0)) || { echo "empty zip"; return 1; }
  grep -q / <<<"$names" && { echo "zip not flat"; return 1; }
  max_len=$(printf '%s\n' "${SF_LF_FLAGS[@]}" | sed -n 's/^-max_len=//p')
  big=$(unzip -Zl "$zip" | awk -v lim="${max_len:-$SF_MAX_CORPUS_FILE}" '$1 ~ /^-/ && $4 > lim { print $NF }' | head -1)
  [[ -z $big ]] || { echo "seed $big over ${max_len:-$SF_MAX_CORPUS_FILE} B"; return 1; }
  echo "ok ($n seeds)"
}

# sf_check_orphans OUT TARGETS...: every .options, .dict and _seed_corpus.zip
# in $OUT belongs to a target, or ClusterFuzz silently ignores it.
sf_check_orphans() {
  local out=$1 f n base
  shift
  for f in "$out"/*.options "$out"/*.dict "$out"/*_seed_corpus.zip; do
    [[ -e $f ]] || continue
    n=$(basename "$f")
    base=${n%.options} base=${base%.dict} base=${base%_seed_corpus.zip}
    printf '%s\n' "$@" | grep -qxF "$base" || { echo "$n belongs to no target"; return 1; }
  done
  echo ok
}

# sf_check_architecture BIN: check_architecture (x86_64).
sf_check_architecture() {
  file -b "$1" | grep -q 'x86-64' && { echo x86-64; return 0; }
  echo "not x86-64"
  return 1
}

# sf_check_sanitizers BIN SANITIZER ENGINE: check_mixed_sanitizers - calls
# into each runtime counted in objdump -dC, with its thresholds.
sf_check_sanitizers() {
  local bin=$1 san=$2 engine=$3 counts a m u d ok=0
  counts=$(objdump -dC "$bin" | awk '
    /call[q]?[ \t]+[0-9a-f]+[ \t]+<__asan/ { a++ } /call[q]?[ \t]+[0-9a-f]+[ \t]+<__msan/ { m++ }
    /call[q]?[ \t]+[0-9a-f]+[ \t]+<__ubsan/ { u++ } /call[q]?[ \t]+[0-9a-f]+[ \t]+<__dfsan/ { d++ }
    END { print a + 0, m + 0, u + 0, d + 0 }')
  read -r a m u d <<<"$counts"
  case $san in
    address) ((a >= 1000 && d == 0 && m <= 3 && u <= 200)) || ok=1 ;;
    undefined) [[ $engine != libfuzzer ]] || ((a == 0 && d == 0 && m <= 3 && u >= 168)) || ok=1 ;;
  esac
  echo "asan $a ubsan $u msan $m dfsan $d"
  return $ok
}

# sf_run_libfuzzer RENV_OUT TMP TARGET ARGS...: run_fuzzer for libFuzzer:
# from $OUT, OUT unset, FUZZER_ARGS, the .options flags and sanitizer
# options, stdin from /dev/null. Output on stdout.
sf_run_libfuzzer() {
  local out=$1 tmp=$2 t=$3
  shift 3
  sf_parse_options "$out/$t.options" >/dev/null
  sf_runner_env "$out" "$tmp"
  (cd "$out" && env -i "${SF_RENV[@]}" \
    "ASAN_OPTIONS=$SF_RUNNER_ASAN_OPTIONS$SF_SAN_ASAN" "UBSAN_OPTIONS=$SF_RUNNER_UBSAN_OPTIONS$SF_SAN_UBSAN" \
    "MSAN_OPTIONS=$SF_RUNNER_MSAN_OPTIONS$SF_SAN_MSAN" \
    "$out/$t" $SF_RUNNER_FUZZER_ARGS "$@" "${SF_LF_FLAGS[@]}" </dev/null 2>&1)
}

# sf_check_engine_libfuzzer OUT TMP TARGET: check_engine - the target run
# directly with -seed=1337 -runs=4 must be instrumented; fewer than 100
# edges is only reported, as bad_build_check does.
sf_check_engine_libfuzzer() {
  local out=$1 tmp=$2 t=$3 log edges
  sf_runner_env "$out" "$tmp"
  log=$(cd "$out" && env -i "${SF_RENV[@]}" "$out/$t" -- -seed=1337 -runs=4 </dev/null 2>&1)
  if grep -q 'ERROR: no interesting inputs were found. Is the code instrumented' <<<"$log"; then
    echo "no coverage instrumentation"
    return 1
  fi
  edges=$(sed -nE 's/^INFO: Loaded [0-9]+ module.*\(.*(counters|guards)\): ([0-9]+).*/\2/p' <<<"$log" | head -1)
  [[ -n $edges ]] || { echo "no 'INFO: Loaded' line"; return 1; }
  if ((edges < SF_MIN_EDGES)); then echo "$edges edges (partial)"; else echo "$edges edges"; fi
}

# sf_check_startup_libfuzzer OUT TMP TARGET: check_startup_crash -
# SKIP_SEED_CORPUS=1 run_fuzzer TARGET -seed=1337 -runs=4 prints "Done 4
# runs"; an options flag libFuzzer does not know fails it too.
sf_check_startup_libfuzzer() {
  local out=$1 tmp=$2 t=$3 log corpus=$2/${3}_corpus
  rm -rf "$corpus" && mkdir -p "$corpus"
  log=$(sf_run_libfuzzer "$out" "$tmp" "$t" -seed=1337 -runs=4 "$corpus")
  printf '%s\n' "$log" >"$tmp/$t.startup.log"
  grep -q 'WARNING: unrecognized flag' <<<"$log" && { echo "unrecognized flag in options"; return 1; }
  grep -q 'Done 4 runs' <<<"$log" || { echo "no 'Done 4 runs' ($tmp/$t.startup.log)"; return 1; }
  echo "Done 4 runs"
}

# sf_check_seeds_libfuzzer OUT TMP TARGET: (beyond bad_build_check) the seed
# corpus, then SF_EXTRA_RUNS mutations, within FUZZER_ARGS's thresholds.
sf_check_seeds_libfuzzer() {
  local out=$1 tmp=$2 t=$3 log n runs corpus=$2/${3}_seeds rss
  rm -rf "$corpus" && mkdir -p "$corpus"
  unzip -q "$out/${t}_seed_corpus.zip" -d "$corpus"
  n=$(find "$corpus" -type f | wc -l)
  runs=$((n + SF_EXTRA_RUNS))
  log=$(sf_run_libfuzzer "$out" "$tmp" "$t" -seed=1337 -runs=$runs "$corpus")
  printf '%s\n' "$log" >"$tmp/$t.seeds.log"
  grep -q "Done $runs runs" <<<"$log" || { echo "seeds failed ($tmp/$t.seeds.log)"; return 1; }
  rss=$(sed -nE 's/.*DONE .* rss: ([0-9]+Mb).*/\1/p' <<<"$log" | tail -1)
  echo "$n + $SF_EXTRA_RUNS runs, rss $rss"
}

# sf_check_afl OUT TMP TARGET: check_engine and check_startup_crash for
# AFL++ - one SF_AFL_SECONDS run_fuzzer (SKIP_SEED_CORPUS=1, the seed file
# "input") must reach "All set and ready to roll" and no crash.
sf_check_afl() {
  local out=$1 tmp=$2 t=$3 log corpus=$2/${3}_afl_corpus
  rm -rf "$corpus" "$tmp/${t}_afl_address_out" && mkdir -p "$corpus"
  printf input >"$corpus/input"
  sf_runner_env "$out" "$tmp"
  log=$(cd "$out" && env -i "${SF_RENV[@]}" \
    "ASAN_OPTIONS=$SF_RUNNER_ASAN_OPTIONS:abort_on_error=1:symbolize=0:detect_odr_violation=0:" \
    "MSAN_OPTIONS=$SF_RUNNER_MSAN_OPTIONS:exit_code=86:symbolize=0" "UBSAN_OPTIONS=$SF_RUNNER_UBSAN_OPTIONS:symbolize=0" \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_TRY_AFFINITY=1 AFL_FAST_CAL=1 \
    AFL_CMPLOG_ONLY_NEW=1 AFL_FORKSRV_INIT_TMOUT=30000 AFL_IGNORE_PROBLEMS=1 AFL_IGNORE_UNKNOWN_ENVS=1 \
    AFL_NO_UI=1 SKIP_SEED_CORPUS=1 \
    timeout --preserve-status -s INT "${SF_AFL_SECONDS}s" \
    "$out/afl-fuzz" -m none -t 5000+ -i "$corpus" -o "$tmp/${t}_afl_address_out" -- "$out/$t" </dev/null 2>&1)
  printf '%s\n' "$log" >"$tmp/$t.afl.log"
  grep -q 'All set and ready to roll' <<<"$log" || { echo "not ready to roll ($tmp/$t.afl.log)"; return 1; }
  grep -qE 'target binary (crashed|terminated)' <<<"$log" && { echo "target crashed ($tmp/$t.afl.log)"; return 1; }
  local execs
  execs=$(sed -n 's/^execs_done *: *//p' "$tmp/${t}_afl_address_out/default/fuzzer_stats" 2>/dev/null)
  echo "ready to roll, ${execs:-?} execs in ${SF_AFL_SECONDS} s"
}

# sf_check_seeds_afl OUT TMP TARGET: (beyond bad_build_check) AFL++'s driver
# runs every seed file given as an argument, with the runner's options.
sf_check_seeds_afl() {
  local out=$1 tmp=$2 t=$3 log corpus=$2/${3}_seeds n
  rm -rf "$corpus" && mkdir -p "$corpus"
  unzip -q "$out/${t}_seed_corpus.zip" -d "$corpus"
  n=$(find "$corpus" -type f | wc -l)
  sf_runner_env "$out" "$tmp"
  if ! log=$(cd "$out" && env -i "${SF_RENV[@]}" "$out/$t" "$corpus"/* </dev/null 2>&1); then
    printf '%s\n' "$log" >"$tmp/$t.seeds.log"
    echo "seeds failed ($tmp/$t.seeds.log)"
    return 1
  fi
  echo "$n seeds"
}
