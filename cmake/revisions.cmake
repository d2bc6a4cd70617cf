# revisions.cmake - build a revision translation unit into an object whose only
# global symbol is its struct sf_revision (design §5, spec: one TU per revision).
#
# stopfuzz_add_revision(<name> <unity.c> [INCLUDES dir...] [DEFINES d...])
# Appends the localized object to STOPFUZZ_REVISION_OBJECTS.
set(STOPFUZZ_REVISION_OBJECTS "" CACHE INTERNAL "")
add_custom_target(stopfuzz_revisions)
find_program(SF_OBJCOPY NAMES llvm-objcopy-14 llvm-objcopy objcopy REQUIRED)

function(stopfuzz_add_revision name source)
  cmake_parse_arguments(ARG "" "" "INCLUDES;DEFINES;OPTIONS" ${ARGN})
  set(obj_lib stopfuzz_rev_${name}_obj)
  add_library(${obj_lib} OBJECT ${source})
  target_include_directories(${obj_lib} PRIVATE ${ARG_INCLUDES} ${SF_LAYER_CORE})
  target_compile_definitions(${obj_lib} PRIVATE ${ARG_DEFINES})
  target_compile_options(${obj_lib} PRIVATE -fvisibility=hidden -fno-common -fexceptions
    -Wall -Wno-unused-function -Wno-unused-variable -Wno-unused-label -Wno-unused-but-set-variable
    ${STOPFUZZ_COVERAGE_FLAGS} ${ARG_OPTIONS})
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
endfunction()
