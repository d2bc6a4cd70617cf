# compile_probe.cmake - compile PROBE against include root ROOT; EXPECT PASS or
# FAIL. A FAIL must be for a missing include (not any other error).
get_filename_component(ext ${PROBE} EXT)
if(ext STREQUAL ".c")
  set(lang -x c -std=gnu11)
else()
  set(lang -x c++ -std=c++20)
endif()
execute_process(COMMAND ${COMPILER} ${lang} -fsyntax-only -I ${ROOT} ${PROBE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(EXPECT STREQUAL "PASS" AND NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROBE} should compile against ${ROOT}:\n${out}")
elseif(EXPECT STREQUAL "FAIL")
  if(rc EQUAL 0)
    message(FATAL_ERROR "${PROBE} compiled against ${ROOT}: the wrong-way include is reachable")
  elseif(NOT out MATCHES "file not found")
    message(FATAL_ERROR "${PROBE} failed for another reason than a missing include:\n${out}")
  endif()
endif()
