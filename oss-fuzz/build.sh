#!/bin/bash -eu
# OSS-Fuzz build script for stopfuzz (projects/stopfuzz/build.sh in OSS-Fuzz):
# everything is in the repository, so that ci/oss_fuzz_check runs the same.
"$SRC/stopfuzz/fuzz/oss_fuzz_build.sh"
