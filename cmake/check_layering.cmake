# check_layering.cmake - fail the build on a wrong-way include (design §8.1).
# core/ may include only the shim and core/; the shim nothing of ours beyond
# itself; models/ not harness/, fuzz/, tests/ or cli/; harness/ not fuzz/,
# tests/ or cli/; no fuzzing or test framework header outside fuzz/ and tests/.
set(rules
  "core|models/|harness/|fuzz/|tests/|cli/|gtest|rapidcheck|fuzzer"
  "shim|models/|harness/|core/|fuzz/|tests/|cli/"
  "models|harness/|fuzz/|tests/|cli/|gtest|rapidcheck|fuzzer/"
  "harness|fuzz/|tests/|cli/|gtest|rapidcheck|fuzzer/")
set(failed FALSE)
foreach(rule ${rules})
  string(REPLACE "|" ";" parts "${rule}")
  list(POP_FRONT parts dir)
  file(GLOB_RECURSE files "${SRC}/${dir}/*.c" "${SRC}/${dir}/*.cc" "${SRC}/${dir}/*.h" "${SRC}/${dir}/*.def")
  foreach(f ${files})
    file(STRINGS "${f}" incs REGEX "^[ \t]*#[ \t]*include")
    foreach(line ${incs})
      foreach(bad ${parts})
        if(line MATCHES "[<\"]${bad}")
          message(SEND_ERROR "layering: ${f} includes '${line}' (${dir}/ must not depend on ${bad})")
          set(failed TRUE)
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()
if(failed)
  message(FATAL_ERROR "wrong-way include(s) found")
endif()
