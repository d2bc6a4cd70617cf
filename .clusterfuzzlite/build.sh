#!/bin/bash -eu
# ClusterFuzzLite build script for stopfuzz: the same build as OSS-Fuzz's
# (fuzz/oss_fuzz_build.sh), checked locally by ci/oss_fuzz_check.
"$SRC/stopfuzz/fuzz/oss_fuzz_build.sh"
