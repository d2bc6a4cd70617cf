// pch_anchor.cc - the one source of stopfuzz_test_pch, the target whose
// precompiled header (GoogleTest, RapidCheck, common standard headers) every
// suite reuses (tests/CMakeLists.txt says why). It defines nothing.
