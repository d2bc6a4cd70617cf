# kernel_source.cmake - kernel-source mode: one revision per kernel tree in
# STOPFUZZ_KERNEL_TREES, built from the tree's real stop path (design §1).
#
# Spec: design.md §1 "Kernel-source mode"; stop-path.md §12.4, §12.6; issue 9.
# For each tree (a directory, possibly a partial checkout, or a
# linux-source-*.tar.xz; "NAME=PATH" sets the revision name, default
# src:linux-<VERSION>.<PATCHLEVEL>, or src:<directory> without a Makefile)
# the extractor (tools/ksrc) runs at configure time: it reads the needed
# files (a tarball is unpacked once into the build directory), applies the
# patch series STOPFUZZ_KERNEL_PATCH, writes one unity C file and compiles
# it with -fsyntax-only, taking what the tree's files need from its headers,
# so a missing shim symbol or a patch that does not apply is a one-line
# configure error. Kernel source never leaves the build directory.
set(STOPFUZZ_KERNEL_PATCH "" CACHE STRING
    "Patch series applied in order to each tree in STOPFUZZ_KERNEL_TREES (list one tree with it): unified diffs, git format-patch mails, mboxes or directories of them")

set(STOPFUZZ_KERNEL_MUTATION_RULES "${CMAKE_SOURCE_DIR}/tools/ksrc/mutation_rules.def" CACHE STRING
  "Mutation rewrite rules seeded into the kernel-source revisions (inert unless a run selects the mutation); OFF or empty: none")

set(SF_KSRC_DIR ${CMAKE_BINARY_DIR}/kernel_source)
# The (mutation, revision) pairs of the hooks seeded into the trees: with
# the hand-written ones (cmake/revisions.cmake), the list harness/stop/mutations.cc
# includes.
set(SF_KSRC_MUTATION_TARGETS ${SF_KSRC_DIR}/ksrc_mutation_targets.def)
set(STOPFUZZ_KSRC_REVISIONS "" CACHE INTERNAL "kernel-source revision names")

if(STOPFUZZ_KERNEL_TREES STREQUAL "")
  file(CONFIGURE OUTPUT ${SF_KSRC_MUTATION_TARGETS} CONTENT "// No kernel trees configured.\n")
  set(STOPFUZZ_KSRC_REVISIONS "" CACHE INTERNAL "kernel-source revision names")
  return()
endif()

# The extractor (cmake/ksrc_tools.cmake) bootstrapped at configure time,
# since generation happens here; STOPFUZZ_KSRC_TOOL names one already built
# (the kernel-source tests configure scratch builds with theirs).
set(STOPFUZZ_KSRC_TOOL "" CACHE FILEPATH "A ksrc_extract to use at configure time instead of bootstrapping one")
mark_as_advanced(STOPFUZZ_KSRC_TOOL)
if(STOPFUZZ_KSRC_TOOL)
  set(SF_KSRC_TOOL ${STOPFUZZ_KSRC_TOOL})
else()
  set(SF_KSRC_TOOL ${SF_KSRC_DIR}/ksrc_extract_boot)
  file(GLOB SF_KSRC_TOOL_SRC ${CMAKE_SOURCE_DIR}/tools/ksrc/*.h)
  list(APPEND SF_KSRC_TOOL_SRC ${SF_KSRC_LIB_SOURCES} ${CMAKE_SOURCE_DIR}/tools/ksrc/ksrc_extract.cc)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SF_KSRC_TOOL_SRC})
  set(sf_ksrc_stale FALSE)
  foreach(f ${SF_KSRC_TOOL_SRC})
    if(${f} IS_NEWER_THAN ${SF_KSRC_TOOL})  # also true when the tool does not exist
      set(sf_ksrc_stale TRUE)
    endif()
  endforeach()
  if(sf_ksrc_stale)
    file(MAKE_DIRECTORY ${SF_KSRC_DIR})
    list(FILTER SF_KSRC_TOOL_SRC INCLUDE REGEX "\\.cc$")
    # One compiler per file, all at once: the COMMANDs of one execute_process
    # run concurrently (a pipeline whose ends nobody reads), so the minute
    # this takes on one core is shared by every core; then one link.
    set(sf_boot_compiles "")
    set(sf_boot_objects "")
    foreach(f ${SF_KSRC_TOOL_SRC})
      get_filename_component(n ${f} NAME_WE)
      list(APPEND sf_boot_compiles COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -O1 -I ${CMAKE_SOURCE_DIR}
           -c ${f} -o ${SF_KSRC_DIR}/boot_${n}.o)
      list(APPEND sf_boot_objects ${SF_KSRC_DIR}/boot_${n}.o)
    endforeach()
    execute_process(${sf_boot_compiles} RESULTS_VARIABLE rcs OUTPUT_VARIABLE out ERROR_VARIABLE out)
    set(rc 0)
    foreach(r IN LISTS rcs)
      if(NOT r EQUAL 0)
        set(rc ${r})
      endif()
    endforeach()
    if(rc EQUAL 0)
      execute_process(COMMAND ${CMAKE_CXX_COMPILER} -o ${SF_KSRC_TOOL} ${sf_boot_objects}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    endif()
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "stopfuzz: cannot build the kernel-source tool (tools/ksrc): ${out}")
    endif()
  endif()
endif()

# Mutation rewrite rules (design §5): each tree gets the rules for its
# version, every one guarded by its own sf_mutation() id; a rule that no
# longer matches its tree is a one-line configure error.
set(SF_KSRC_RULES_ARGS "")
set(rules_abs "${STOPFUZZ_KERNEL_MUTATION_RULES}")
if(rules_abs MATCHES "^(ON|on|TRUE|true|YES|yes|1)$")
  set(rules_abs ${CMAKE_SOURCE_DIR}/tools/ksrc/mutation_rules.def)
endif()
if(rules_abs)
  get_filename_component(rules_abs ${rules_abs} ABSOLUTE)
  if(NOT EXISTS ${rules_abs})
    message(FATAL_ERROR "stopfuzz: STOPFUZZ_KERNEL_MUTATION_RULES ${STOPFUZZ_KERNEL_MUTATION_RULES} does not exist")
  endif()
  set(SF_KSRC_RULES_ARGS --rules ${rules_abs})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${rules_abs})
endif()

set(SF_KSRC_PATCH_ARGS "")
foreach(patch IN LISTS STOPFUZZ_KERNEL_PATCH)
  get_filename_component(patch_abs ${patch} ABSOLUTE)
  if(NOT EXISTS ${patch_abs})
    message(FATAL_ERROR "stopfuzz: STOPFUZZ_KERNEL_PATCH ${patch} does not exist")
  endif()
  list(APPEND SF_KSRC_PATCH_ARGS --patch ${patch_abs})
  if(IS_DIRECTORY ${patch_abs})
    file(GLOB patch_files ${patch_abs}/*)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${patch_abs} ${patch_files})
  else()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${patch_abs})
  endif()
endforeach()

# The one-line check of each tree runs again when the shim or the hand-written
# callers change, so a symbol they stop providing is reported in one line.
file(GLOB sf_ksrc_inputs ${CMAKE_SOURCE_DIR}/shim/include/stopfuzz/*.h ${CMAKE_SOURCE_DIR}/core/common/*.c)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${sf_ksrc_inputs}
  ${CMAKE_SOURCE_DIR}/core/include/core.h ${CMAKE_SOURCE_DIR}/core/revision_glue.h)

set(trees_text "// Generated by cmake/kernel_source.cmake: SF_KSRC_TREE(name, tree, work dir).\n")
set(muts_text "// Generated by cmake/kernel_source.cmake: SF_MUTATION_TARGET(id, revision) for the\n// mutation hooks tools/ksrc/mutation_rules.def seeded into each kernel-source revision.\n")
set(names "")
set(index 0)
foreach(entry IN LISTS STOPFUZZ_KERNEL_TREES)
  set(name_args "")
  set(tree ${entry})
  if(entry MATCHES "^([^=/]+)=(.*)$")
    set(name_args --name ${CMAKE_MATCH_1})
    set(tree ${CMAKE_MATCH_2})
  endif()
  get_filename_component(tree ${tree} ABSOLUTE)
  if(NOT EXISTS ${tree})
    message(FATAL_ERROR "stopfuzz: kernel tree ${tree} does not exist")
  endif()
  set(work ${SF_KSRC_DIR}/tree${index})
  execute_process(
    COMMAND ${SF_KSRC_TOOL} --tree ${tree} --work ${work} --out ${work}/revision.c
            --repo ${CMAKE_SOURCE_DIR} --cmake-out ${work}/revision.cmake
            --cc ${CMAKE_C_COMPILER} ${name_args} ${SF_KSRC_PATCH_ARGS} ${SF_KSRC_RULES_ARGS}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(STRIP "${err}" err)
    # Indented: CMake prints it as is, on one line.
    message(FATAL_ERROR " ${err}")
  endif()
  # Notes of the extractor (a patch touching files outside the stop path).
  string(REGEX MATCHALL "note: [^\n]*" notes "${out}")
  foreach(note IN LISTS notes)
    message(STATUS "stopfuzz: ${note}")
  endforeach()
  if(NOT IS_DIRECTORY ${tree})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${tree})
  endif()
  include(${work}/revision.cmake)
  if(KSRC_NAME IN_LIST names)
    message(FATAL_ERROR "stopfuzz: two kernel trees give revision ${KSRC_NAME}; name one with NAME=PATH")
  endif()
  list(APPEND names ${KSRC_NAME})
  stopfuzz_add_revision(${KSRC_TARGET} ${work}/revision.c)
  foreach(m IN LISTS KSRC_MUTATIONS)
    string(APPEND muts_text "SF_MUTATION_TARGET(\"${m}\", \"${KSRC_NAME}\")\n")
  endforeach()
  string(APPEND trees_text "SF_KSRC_TREE(\"${KSRC_NAME}\", \"${tree}\", \"${work}\")\n")
  if(KSRC_MUTATIONS)
    string(REPLACE ";" " " hooks "${KSRC_MUTATIONS}")
    message(STATUS "stopfuzz: kernel-source revision ${KSRC_NAME} from ${tree} (mutation hooks: ${hooks})")
  else()
    message(STATUS "stopfuzz: kernel-source revision ${KSRC_NAME} from ${tree}")
  endif()
  math(EXPR index "${index} + 1")
endforeach()
set(STOPFUZZ_KSRC_REVISIONS "${names}" CACHE INTERNAL "kernel-source revision names")

# For tests/kernel_source: which tree each revision came from.
file(CONFIGURE OUTPUT ${SF_KSRC_DIR}/ksrc_trees.inc CONTENT "${trees_text}")
file(CONFIGURE OUTPUT ${SF_KSRC_MUTATION_TARGETS} CONTENT "${muts_text}")

# With STOPFUZZ_LIBFUZZER, fuzz/CMakeLists.txt adds fuzz_<revision> for each
# of STOPFUZZ_KSRC_REVISIONS.
