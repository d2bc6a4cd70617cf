# extra_revisions.cmake - the hand-written revisions besides `final` (design §5).
#
# Spec: stop-path.md §9 (v1..v4), §12.4 (linux-6.12), §12.6 (linux-6.1).
# One translation unit each (core/revisions/<name>.c); catalogue entries in
# harness/revisions.def.
stopfuzz_add_revision(linux-6.1 ${CMAKE_SOURCE_DIR}/core/revisions/linux-6.1.c)
stopfuzz_add_revision(linux-6.12 ${CMAKE_SOURCE_DIR}/core/revisions/linux-6.12.c)
stopfuzz_add_revision(v1 ${CMAKE_SOURCE_DIR}/core/revisions/v1.c)
stopfuzz_add_revision(v2 ${CMAKE_SOURCE_DIR}/core/revisions/v2.c)
stopfuzz_add_revision(v3 ${CMAKE_SOURCE_DIR}/core/revisions/v3.c)
stopfuzz_add_revision(v4 ${CMAKE_SOURCE_DIR}/core/revisions/v4.c)
