# revisions.cmake - the revisions of the code under test (design §5): the
# hand-written ones (core/revisions/<name>.c, their own files in
# core/<name>/) and the kernel-source ones (cmake/kernel_source.cmake).
#
# Spec: stop-path.md §9 (v1..v4, final), §12.4 (linux-6.12), §12.6 (linux-6.1).
# Each revision is one translation unit built into an object whose only
# global symbol is its struct sf_revision (objcopy --localize-hidden), so
# revisions with the same kernel names link into one binary. The list of
# hand-written revisions below is the only one: the registry the harness
# links (generated/revisions.def) is written from it and from the kernel
# trees.
#
# Mutations (design §5, tools/ksrc/mutation_rules.def): no hook is committed
# in core/. At build time ksrc_mutate writes a copy of each revision's own
# files with the hooks its rules seed (mutated/core/<name>/*.c, starting with
# a #line naming the core/ file, every line number kept) and
# generated/mutation_targets_hand.def, the (mutation, revision) pairs. The
# copies' directory comes first on the include path, so a revision's
# `#include "core/<name>/smp.c"` compiles the copy; editing a core/ file or
# the rules regenerates it.
set(STOPFUZZ_HAND_WRITTEN_REVISIONS final linux-6.1 linux-6.12 v1 v2 v3 v4)

include(${CMAKE_CURRENT_LIST_DIR}/ksrc_tools.cmake)

set(STOPFUZZ_REVISION_OBJECTS "" CACHE INTERNAL "")
set_property(GLOBAL PROPERTY STOPFUZZ_REVISION_SYMBOLS "")
add_custom_target(stopfuzz_revisions)
find_program(SF_OBJCOPY NAMES llvm-objcopy-14 llvm-objcopy objcopy REQUIRED)

# stopfuzz_add_revision(<name> <unity.c> [INCLUDES dir...] [DEFINES d...] [OPTIONS o...] [DEPENDS file...])
# Appends the localized object to STOPFUZZ_REVISION_OBJECTS and its symbol
# (sf_rev_<name>, non-identifier characters as '_') to the registry.
# INCLUDES come before the source and shim directories.
function(stopfuzz_add_revision name source)
  cmake_parse_arguments(ARG "" "" "INCLUDES;DEFINES;OPTIONS;DEPENDS;IDENTITY" ${ARGN})
  set(obj_lib stopfuzz_rev_${name}_obj)
  add_library(${obj_lib} OBJECT ${source})
  target_include_directories(${obj_lib} PRIVATE ${ARG_INCLUDES} ${SF_LAYER_CORE})
  target_compile_definitions(${obj_lib} PRIVATE ${ARG_DEFINES})
  target_compile_options(${obj_lib} PRIVATE -fvisibility=hidden -fno-common -fexceptions
    -Wall -Wno-unused-function -Wno-unused-variable -Wno-unused-label -Wno-unused-but-set-variable
    ${STOPFUZZ_COVERAGE_FLAGS} ${ARG_OPTIONS})
  if(ARG_DEPENDS)
    set_source_files_properties(${source} PROPERTIES OBJECT_DEPENDS "${ARG_DEPENDS}")
  endif()
  set(out ${CMAKE_BINARY_DIR}/revisions/${name}.o)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/revisions
    COMMAND ${SF_OBJCOPY} --localize-hidden $<TARGET_OBJECTS:${obj_lib}> ${out}
    DEPENDS ${obj_lib} $<TARGET_OBJECTS:${obj_lib}>
    COMMAND_EXPAND_LISTS
    COMMENT "Localizing revision ${name}")
  add_custom_target(stopfuzz_rev_${name} DEPENDS ${out})
  add_dependencies(stopfuzz_revisions stopfuzz_rev_${name})
  set_source_files_properties(${out} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  set(STOPFUZZ_REVISION_OBJECTS ${STOPFUZZ_REVISION_OBJECTS} ${out} CACHE INTERNAL "")
  string(MAKE_C_IDENTIFIER "sf_rev_${name}" symbol)
  set_property(GLOBAL APPEND PROPERTY STOPFUZZ_REVISION_SYMBOLS ${symbol})
  # The files whose text identifies this build of the revision (its build id).
  if(NOT ARG_IDENTITY)
    set(ARG_IDENTITY ${source})
  endif()
  string(REPLACE ";" "|" identity "${ARG_IDENTITY}")
  set_property(GLOBAL APPEND PROPERTY STOPFUZZ_REVISION_IDENTITY "${symbol}=${identity}")
endfunction()

# ---- the hand-written revisions and their mutated copies -----------------------
set(SF_MUTATED_DIR ${CMAKE_BINARY_DIR}/mutated)
set(SF_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
set(SF_HAND_MUTATION_TARGETS ${SF_GENERATED_DIR}/mutation_targets_hand.def)
set(sf_mutate_args "")
set(sf_mutated "")
set(sf_core_files "")
foreach(rev ${STOPFUZZ_HAND_WRITTEN_REVISIONS})
  file(GLOB files RELATIVE ${CMAKE_SOURCE_DIR} CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/core/${rev}/*.c)
  list(APPEND sf_mutate_args --revision ${rev} ${files})
  set(copies_${rev} "")
  foreach(f ${files})
    list(APPEND copies_${rev} ${SF_MUTATED_DIR}/${f})
    list(APPEND sf_core_files ${CMAKE_SOURCE_DIR}/${f})
  endforeach()
  list(APPEND sf_mutated ${copies_${rev}})
endforeach()
add_custom_command(OUTPUT ${sf_mutated} ${SF_HAND_MUTATION_TARGETS}
  COMMAND ${SF_KSRC_MUTATE} --repo ${CMAKE_SOURCE_DIR} --rules ${CMAKE_SOURCE_DIR}/tools/ksrc/mutation_rules.def
          --out-dir ${SF_MUTATED_DIR} --targets ${SF_HAND_MUTATION_TARGETS} ${sf_mutate_args}
  DEPENDS ${SF_KSRC_MUTATE} ${sf_core_files} ${CMAKE_SOURCE_DIR}/tools/ksrc/mutation_rules.def
          ${CMAKE_SOURCE_DIR}/harness/stop/mutations.def
  COMMENT "Seeding the mutation hooks into the hand-written revisions (tools/ksrc/mutation_rules.def)"
  VERBATIM)
foreach(rev ${STOPFUZZ_HAND_WRITTEN_REVISIONS})
  file(GLOB own CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/core/${rev}/*.c)
  stopfuzz_add_revision(${rev} ${CMAKE_SOURCE_DIR}/core/revisions/${rev}.c
    INCLUDES ${SF_MUTATED_DIR} DEPENDS ${copies_${rev}}
    IDENTITY ${CMAKE_SOURCE_DIR}/core/revisions/${rev}.c ${own} ${CMAKE_SOURCE_DIR}/tools/ksrc/mutation_rules.def)
endforeach()

# ---- kernel-source revisions -----------------------------------------------------
include(${CMAKE_CURRENT_LIST_DIR}/kernel_source.cmake)

# ---- what the harness links: the registry and the mutation targets ---------------
get_property(sf_symbols GLOBAL PROPERTY STOPFUZZ_REVISION_SYMBOLS)
set(sf_registry "// Generated by cmake/revisions.cmake: SF_REVISION(symbol) of every revision of this build.\n")
foreach(sym ${sf_symbols})
  string(APPEND sf_registry "SF_REVISION(${sym})\n")
endforeach()
file(CONFIGURE OUTPUT ${SF_GENERATED_DIR}/revisions.def CONTENT "${sf_registry}")
set_property(SOURCE ${CMAKE_SOURCE_DIR}/harness/revisions.cc APPEND PROPERTY
  COMPILE_DEFINITIONS "STOPFUZZ_REVISIONS_DEF=\"${SF_GENERATED_DIR}/revisions.def\"")

# Build ids (harness/revisions.h revision_build()): at build time, a digest of
# the text of each revision's own files and of the code every revision
# compiles (core/common, core/include, the shim), written to
# generated/revision_builds.def by cmake/revision_builds.cmake. Repro strings
# carry it, so a replay after an edit of the code under test says so.
file(GLOB_RECURSE sf_shared_identity CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/core/common/*
     ${CMAKE_SOURCE_DIR}/core/include/* ${CMAKE_SOURCE_DIR}/shim/include/*)
list(SORT sf_shared_identity)
list(APPEND sf_shared_identity ${CMAKE_SOURCE_DIR}/core/revision_glue.h)
get_property(sf_identity GLOBAL PROPERTY STOPFUZZ_REVISION_IDENTITY)
set(sf_identity_files ${sf_shared_identity})
foreach(entry ${sf_identity})
  string(REGEX REPLACE "^[^=]*=" "" files "${entry}")
  string(REPLACE "|" ";" files "${files}")
  list(APPEND sf_identity_files ${files})
endforeach()
set(SF_REVISION_BUILDS ${SF_GENERATED_DIR}/revision_builds.def)
string(REPLACE ";" "|" sf_shared_arg "${sf_shared_identity}")
string(REPLACE ";" "," sf_identity_arg "${sf_identity}")
add_custom_command(OUTPUT ${SF_REVISION_BUILDS}
  COMMAND ${CMAKE_COMMAND} "-DOUT=${SF_REVISION_BUILDS}" "-DSHARED=${sf_shared_arg}" "-DREVISIONS=${sf_identity_arg}"
          "-DSTRIP=${CMAKE_SOURCE_DIR}" -P ${CMAKE_SOURCE_DIR}/cmake/revision_builds.cmake
  DEPENDS ${sf_identity_files} ${CMAKE_SOURCE_DIR}/cmake/revision_builds.cmake ${CMAKE_SOURCE_DIR}/cmake/write_if_changed.cmake
  COMMENT "Digesting the sources of each revision (build ids)"
  VERBATIM)
add_custom_target(stopfuzz_revision_builds DEPENDS ${SF_REVISION_BUILDS})
set_property(SOURCE ${CMAKE_SOURCE_DIR}/harness/revisions.cc APPEND PROPERTY
  COMPILE_DEFINITIONS "STOPFUZZ_REVISION_BUILDS_DEF=\"${SF_REVISION_BUILDS}\"")
set_property(SOURCE ${CMAKE_SOURCE_DIR}/harness/revisions.cc APPEND PROPERTY OBJECT_DEPENDS ${SF_REVISION_BUILDS})
set_property(SOURCE ${CMAKE_SOURCE_DIR}/harness/stop/mutations.cc APPEND PROPERTY
  COMPILE_DEFINITIONS "STOPFUZZ_MUTATION_TARGETS_HAND=\"${SF_HAND_MUTATION_TARGETS}\""
                      "STOPFUZZ_MUTATION_TARGETS_KSRC=\"${SF_KSRC_MUTATION_TARGETS}\"")
set_property(SOURCE ${CMAKE_SOURCE_DIR}/harness/stop/mutations.cc APPEND PROPERTY OBJECT_DEPENDS ${SF_HAND_MUTATION_TARGETS})
