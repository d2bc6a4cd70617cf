# extract_suites.cmake - the kernel's litmus tests out of linux-source tarballs, once, for the litmus ctest.
#
# Spec: issue 11 (the suites are read at test time from the Debian
# linux-source tarballs, never committed). Run by ctest (fixture
# litmus_suites) with
#   TARBALLS  linux-source-*.tar.xz, '|'-separated
#   OUT       where each goes: OUT/<tarball name without .tar.xz>/
# Only tools/memory-model/litmus-tests/ and Documentation/litmus-tests/ are
# extracted; a stamp file keeps a second run from extracting again.
string(REPLACE "|" ";" tarballs "${TARBALLS}")
if(NOT tarballs)
  message(FATAL_ERROR "no linux-source tarball configured (STOPFUZZ_LITMUS_TARBALLS)")
endif()
foreach(t ${tarballs})
  get_filename_component(name ${t} NAME)
  string(REGEX REPLACE "\\.tar\\.xz$" "" name "${name}")
  set(dest ${OUT}/${name})
  if(EXISTS ${dest}/.extracted AND NOT ${t} IS_NEWER_THAN ${dest}/.extracted)
    continue()
  endif()
  file(REMOVE_RECURSE ${dest})
  file(MAKE_DIRECTORY ${dest})
  execute_process(COMMAND tar xJf ${t} -C ${dest} --wildcards "*/tools/memory-model/litmus-tests/*"
                          "*/Documentation/litmus-tests/*"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "extracting the litmus tests of ${t} failed (${rc})")
  endif()
  file(TOUCH ${dest}/.extracted)
  message(STATUS "extracted the litmus tests of ${t} into ${dest}")
endforeach()
