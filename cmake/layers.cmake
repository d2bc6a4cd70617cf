# layers.cmake - each layer compiles against an include root that holds only
# what it may depend on, so a wrong-way include does not compile (design §8.1).
#
# Spec: design.md §1 (core -> shim -> models -> harness -> fuzz/tests/cli).
# A root is a directory of symbolic links under build/layers/<layer>:
#   core     core/ and the shim (stopfuzz/)
#   models   models/ and the shim
#   engine   models/, the shim and the generic harness files (harness/*.h
#            and *.def, one link each: harness/stop/ is not there)
#   stop     models/, the shim and all of harness/
# The top layer (cli/, tests/, fuzz/, bench/, tools/) includes from the
# source tree itself (target stopfuzz_top). Quoted includes resolve against
# the including file's own directory first, which never reaches upwards.
# Link checks (below) catch what an include cannot: a lower layer's objects
# needing a higher layer's symbols.
set(SF_LAYERS ${CMAKE_BINARY_DIR}/layers)

function(sf_layer_link root name target)
  file(MAKE_DIRECTORY ${SF_LAYERS}/${root})
  get_filename_component(dir ${SF_LAYERS}/${root}/${name} DIRECTORY)
  file(MAKE_DIRECTORY ${dir})
  if(NOT IS_SYMLINK ${SF_LAYERS}/${root}/${name})
    file(CREATE_LINK ${target} ${SF_LAYERS}/${root}/${name} SYMBOLIC)
  endif()
endfunction()

foreach(root core models engine stop)
  sf_layer_link(${root} stopfuzz ${CMAKE_SOURCE_DIR}/shim/include/stopfuzz)
endforeach()
sf_layer_link(core core ${CMAKE_SOURCE_DIR}/core)
foreach(root models engine stop)
  sf_layer_link(${root} models ${CMAKE_SOURCE_DIR}/models)
endforeach()
sf_layer_link(stop harness ${CMAKE_SOURCE_DIR}/harness)
file(GLOB sf_engine_headers RELATIVE ${CMAKE_SOURCE_DIR} CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/harness/*.h
     ${CMAKE_SOURCE_DIR}/harness/*.def)
foreach(h ${sf_engine_headers})
  sf_layer_link(engine ${h} ${CMAKE_SOURCE_DIR}/${h})
endforeach()

# Sources reached through a root keep their source-tree names in __FILE__
# (trace sites read "core/final/smp.c", as in the kernel tree).
add_compile_options(-ffile-prefix-map=${SF_LAYERS}/core/= -ffile-prefix-map=${SF_LAYERS}/models/=
                    -ffile-prefix-map=${SF_LAYERS}/engine/= -ffile-prefix-map=${SF_LAYERS}/stop/=)

# The include root of each layer, for target_include_directories().
set(SF_LAYER_CORE ${SF_LAYERS}/core)
set(SF_LAYER_MODELS ${SF_LAYERS}/models)
set(SF_LAYER_ENGINE ${SF_LAYERS}/engine)
set(SF_LAYER_STOP ${SF_LAYERS}/stop)

# The top layer: the source tree.
add_library(stopfuzz_top INTERFACE)
target_include_directories(stopfuzz_top INTERFACE ${CMAKE_SOURCE_DIR})
