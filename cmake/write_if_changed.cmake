# write_if_changed.cmake - sf_write_if_changed(path text): the generated-file writer of the build-time scripts.
#
# Spec: design.md §8 (one piece of code per job). Included by the -P scripts
# (cmake/embed_shim.cmake, cmake/revision_builds.cmake): a file whose text is
# unchanged keeps its timestamp, so what depends on it is not rebuilt.
function(sf_write_if_changed path text)
  if(EXISTS ${path})
    file(READ ${path} old)
    if(old STREQUAL text)
      return()
    endif()
  endif()
  file(WRITE ${path} "${text}")
endfunction()
