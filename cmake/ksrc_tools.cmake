# ksrc_tools.cmake - the kernel-source library (tools/ksrc: tree fetching,
# patches, scanner, mutation rules, unity generation) and its two host tools:
# ksrc_extract (a kernel tree's stop path into a unity file, design §1) and
# ksrc_mutate (the compiled copies of the hand-written revisions with the
# mutation hooks, design §5).
set(SF_KSRC_LIB_SOURCES files.cc tree.cc patch.cc scanner.cc rules.cc headers.cc diagnostics.cc unity.cc)
list(TRANSFORM SF_KSRC_LIB_SOURCES PREPEND ${CMAKE_SOURCE_DIR}/tools/ksrc/)
# A build of the fuzz targets alone (STOPFUZZ_CLI=OFF: the OSS-Fuzz image)
# needs only ksrc_mutate, at build time: compiled at configure time with the
# plain compiler (cmake/ksrc_bootstrap.cmake says why). SF_KSRC_MUTATE names
# the tool for cmake/revisions.cmake either way.
if(NOT STOPFUZZ_CLI)
  include(${CMAKE_CURRENT_LIST_DIR}/ksrc_bootstrap.cmake)
  sf_ksrc_bootstrap(ksrc_mutate)
  set(SF_KSRC_MUTATE ${SF_KSRC_BOOT_ksrc_mutate})
  return()
endif()
set(SF_KSRC_MUTATE ksrc_mutate)
add_library(stopfuzz_ksrc STATIC ${SF_KSRC_LIB_SOURCES})
target_include_directories(stopfuzz_ksrc PUBLIC ${CMAKE_SOURCE_DIR})
target_compile_options(stopfuzz_ksrc PRIVATE ${SF_WARNINGS})
foreach(tool ksrc_extract ksrc_mutate)
  add_executable(${tool} ${CMAKE_SOURCE_DIR}/tools/ksrc/${tool}.cc)
  target_link_libraries(${tool} PRIVATE stopfuzz_ksrc)
  target_compile_options(${tool} PRIVATE ${SF_WARNINGS})
  set_target_properties(${tool} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
endforeach()
