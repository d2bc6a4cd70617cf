# layer_link_checks.cmake - each layer links with only the layers below it.
#
# Spec: design.md §8.1 (dependencies point one way). An include root keeps
# a lower layer from including a higher one (cmake/layers.cmake); a symbol
# can still cross (a C prototype written by hand). These executables link
# every object of a layer (whole archive) with nothing above it, so such a
# symbol is an undefined reference and the build fails.
set(sf_link_main ${CMAKE_SOURCE_DIR}/cmake/layer_link_main.cc)
foreach(check models engine code)
  add_executable(layer_link_${check} ${sf_link_main})
  target_link_options(layer_link_${check} PRIVATE ${STOPFUZZ_COVERAGE_FLAGS})
  set_target_properties(layer_link_${check} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/layer_checks)
endforeach()
target_link_libraries(layer_link_models PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,stopfuzz_models>")
target_link_libraries(layer_link_engine PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,stopfuzz_engine>" stopfuzz_models)
target_link_libraries(layer_link_code PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,stopfuzz_code>" stopfuzz_models)
