# fuzz_target_tests.cmake - the fuzz target's own checks, defined once for
# each libFuzzer binary that has them: the fuzz preset's fuzz_final and the
# OSS-Fuzz simulation's libfuzzer/address image of it (ci/test runs the
# latter; the fuzz preset is not part of ci/test).
#
# Spec: issue 12 ("every core": libFuzzer's -fork=N tested with these
# targets; README "Several cores"); a mutation the revision does not carry
# is refused, not fuzzed unmutated (README "Mutations").
#
# stopfuzz_fuzz_target_tests(PREFIX BINARY LABEL [FIXTURE NAME])
#   PREFIX   test name prefix (<PREFIX>.libfuzzer_fork, ...)
#   BINARY   the fuzz_final binary (a generator expression or a path)
#   LABEL    ctest label
#   FIXTURE  a fixture that makes BINARY (FIXTURES_REQUIRED)
function(stopfuzz_fuzz_target_tests prefix binary label)
  cmake_parse_arguments(ARG "" "FIXTURE" "" ${ARGN})
  # Fork mode: it fuzzes and grows a corpus, and a seeded mutation is found,
  # reported with its replay line and saved.
  add_test(NAME ${prefix}.libfuzzer_fork
           COMMAND ${CMAKE_SOURCE_DIR}/tests/fuzz/libfuzzer_fork_test.sh ${binary} ${CMAKE_SOURCE_DIR}/corpus/final)
  set_tests_properties(${prefix}.libfuzzer_fork PROPERTIES LABELS ${label} TIMEOUT 600)
  # A mutation its revision does not carry (crash-stop-irqs-on is
  # linux-6.1's) would fuzz the unmutated code: the target refuses to start
  # (libFuzzer's driver: -runs=1 is its option).
  add_test(NAME ${prefix}.unseeded_mutation_refused
           COMMAND sh -c "STOPFUZZ_MUTATION=crash-stop-irqs-on \"$1\" -runs=1 2>&1 | grep -q 'STOPFUZZ_MUTATION is not seeded into revision final'"
                   sh ${binary})
  set_tests_properties(${prefix}.unseeded_mutation_refused PROPERTIES LABELS ${label} TIMEOUT 60)
  if(ARG_FIXTURE)
    set_tests_properties(${prefix}.libfuzzer_fork ${prefix}.unseeded_mutation_refused PROPERTIES
                         FIXTURES_REQUIRED ${ARG_FIXTURE})
  endif()
endfunction()
