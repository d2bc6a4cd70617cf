# ksrc_bootstrap.cmake - the kernel-source host tools (tools/ksrc) compiled at
# configure time with the plain compiler, outside the build graph.
#
# Spec: design.md §1 (kernel-source mode), §7 (OSS-Fuzz builds). Two users:
# kernel_source.cmake, whose extractor must run during configure (it writes
# the revision files configure then adds), and ksrc_tools.cmake in a build of
# the fuzz targets alone (the OSS-Fuzz image), where the tools are build-time
# helpers only and compiling them as targets gave them the image's sanitizer
# and coverage flags: the regex-heavy library was about half of each image's
# compile time (ci/oss_fuzz_check), for a tool that runs once.
#
# sf_ksrc_bootstrap(<tool>... ) sets SF_KSRC_BOOT_<tool> to the path of
# ${CMAKE_BINARY_DIR}/ksrc_boot/<tool>_boot for each tool (ksrc_extract,
# ksrc_mutate). Objects are shared between the tools and rebuilt only when a
# tools/ksrc file is newer; the compilers of one call run at the same time
# (the COMMANDs of one execute_process form a pipeline whose ends nobody
# reads), so the minute this takes on one core is shared by every core.
include_guard(GLOBAL)
function(sf_ksrc_bootstrap)
  set(dir ${CMAKE_BINARY_DIR}/ksrc_boot)
  file(MAKE_DIRECTORY ${dir})
  file(GLOB headers ${CMAKE_SOURCE_DIR}/tools/ksrc/*.h)
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${headers})
  set(sources ${SF_KSRC_LIB_SOURCES})
  foreach(tool ${ARGN})
    list(APPEND sources ${CMAKE_SOURCE_DIR}/tools/ksrc/${tool}.cc)
  endforeach()
  set(compiles "")
  foreach(f ${sources})
    set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${f})
    get_filename_component(n ${f} NAME_WE)
    set(o ${dir}/${n}.o)
    set(stale FALSE)
    foreach(input ${f} ${headers})
      if(${input} IS_NEWER_THAN ${o})  # also true when the object does not exist
        set(stale TRUE)
      endif()
    endforeach()
    if(stale)
      list(APPEND compiles COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -O1 -I ${CMAKE_SOURCE_DIR} -c ${f} -o ${o})
    endif()
  endforeach()
  if(compiles)
    execute_process(${compiles} RESULTS_VARIABLE rcs OUTPUT_VARIABLE out ERROR_VARIABLE out)
    foreach(r IN LISTS rcs)
      if(NOT r EQUAL 0)
        message(FATAL_ERROR "stopfuzz: cannot build the kernel-source tools (tools/ksrc): ${out}")
      endif()
    endforeach()
  endif()
  set(lib_objects "")
  foreach(f ${SF_KSRC_LIB_SOURCES})
    get_filename_component(n ${f} NAME_WE)
    list(APPEND lib_objects ${dir}/${n}.o)
  endforeach()
  foreach(tool ${ARGN})
    set(exe ${dir}/${tool}_boot)
    set(stale FALSE)
    foreach(o ${lib_objects} ${dir}/${tool}.o)
      if(${o} IS_NEWER_THAN ${exe})
        set(stale TRUE)
      endif()
    endforeach()
    if(stale)
      execute_process(COMMAND ${CMAKE_CXX_COMPILER} -o ${exe} ${lib_objects} ${dir}/${tool}.o
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR "stopfuzz: cannot link the kernel-source tool ${tool} (tools/ksrc): ${out}")
      endif()
    endif()
    set(SF_KSRC_BOOT_${tool} ${exe} PARENT_SCOPE)
  endforeach()
endfunction()
