# fuzz/kernel_source.cmake - libFuzzer targets for the kernel-source revisions
# (design §1, §7): fuzz_src_linux_6_12, fuzz_src_linux_6_1, ... built from
# fuzz/stop_fuzzer.cc with STOPFUZZ_FUZZ_REVISION="src:linux-6.12" etc.
#
# Included by cmake/kernel_source.cmake when STOPFUZZ_LIBFUZZER is ON, which is
# before fuzz/CMakeLists.txt runs; the targets are therefore declared at the
# end of the top-level directory (cmake_language(DEFER)), where the harness
# library, the stopfuzz_fuzzers target and STOPFUZZ_FUZZ_DRIVER exist. They
# mirror stopfuzz_add_fuzzer() of fuzz/CMakeLists.txt.

function(stopfuzz_add_ksrc_fuzzers)
  foreach(rev IN LISTS STOPFUZZ_KSRC_REVISIONS)
    string(REGEX REPLACE "[^A-Za-z0-9_]" "_" id "${rev}")
    set(t fuzz_${id})
    add_executable(${t} ${CMAKE_SOURCE_DIR}/fuzz/stop_fuzzer.cc)
    target_compile_definitions(${t} PRIVATE STOPFUZZ_FUZZ_REVISION="${rev}")
    target_compile_options(${t} PRIVATE ${SF_WARNINGS} ${STOPFUZZ_COVERAGE_FLAGS})
    target_link_libraries(${t} PRIVATE stopfuzz_harness)
    if(STOPFUZZ_FUZZ_DRIVER)
      target_link_libraries(${t} PRIVATE ${STOPFUZZ_FUZZ_DRIVER})
    else()
      target_link_options(${t} PRIVATE -fsanitize=fuzzer)
    endif()
    set_target_properties(${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
    if(EXISTS ${CMAKE_SOURCE_DIR}/fuzz/final.options)
      configure_file(${CMAKE_SOURCE_DIR}/fuzz/final.options ${CMAKE_BINARY_DIR}/bin/${t}.options COPYONLY)
    endif()
    if(TARGET stopfuzz_fuzzers)
      add_dependencies(stopfuzz_fuzzers ${t})
    endif()
  endforeach()
endfunction()

if(EXISTS ${CMAKE_SOURCE_DIR}/fuzz/stop_fuzzer.cc)
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL stopfuzz_add_ksrc_fuzzers)
endif()
