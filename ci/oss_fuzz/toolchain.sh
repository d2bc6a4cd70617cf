# toolchain.sh - the base-builder's clang for ci/oss_fuzz_check: Debian's clang
# 14 with a libFuzzer runtime that links into a -stdlib=libc++ program.
#
# Sourced by ci/oss_fuzz_check. Spec: shared/research/oss-fuzz-env.md §1.1,
# §1.3, §7 ("libc++ for real").
#
# Why: OSS-Fuzz compiles every C++ file with -stdlib=libc++ and links
# -fsanitize=fuzzer against a libFuzzer that does not drag in another C++
# library. Debian's libclang_rt.fuzzer-x86_64.a (clang 14, and 22 too) is
# built against libstdc++ and leaves std::__cxx11 references undefined, so a
# libc++ program cannot link it ("undefined reference to std::__cxx11::...").
# Upstream compiler-rt solves this by giving libFuzzer a private C++ library;
# this does the same with what Debian has: the engine objects and
# libstdc++.a are linked into one relocatable object (ld -r), every symbol
# that is not libFuzzer's own is renamed (no COMDAT group can then be shared
# with the program's, e.g. DW.ref.__gxx_personality_v0) and made local. The
# result replaces libclang_rt.fuzzer{,_no_main}-x86_64.a in a copy of clang's
# resource directory (everything else there is a link to the original), and
# `clang`/`clang++` wrappers on PATH pass -resource-dir. So CC=clang,
# CXX=clang++, LIB_FUZZING_ENGINE=-fsanitize=fuzzer stay exactly what
# `compile` exports; the engine is Debian's libFuzzer 14 unchanged; and the
# program - every stopfuzz file - is compiled against libc++'s headers and
# linked against libc++ and libc++abi only (sf_ossfuzz_check_libcxx proves it
# per target).

# sf_ossfuzz_toolchain DIR: build DIR/bin/{clang,clang++} and DIR/resource.
sf_ossfuzz_toolchain() {
  local dir=$1 llvm_bin rd_orig rd stdcxx v lib tmp
  llvm_bin=$(dirname "$(readlink -f "$(command -v clang++)")")
  rd_orig=$("$llvm_bin/clang++" -print-resource-dir)
  stdcxx=$(g++ -print-file-name=libstdc++.a 2>/dev/null || true)
  [[ -f $stdcxx ]] || stdcxx=$("$llvm_bin/clang++" -print-file-name=libstdc++.a)
  [[ -f $stdcxx ]] || { echo "stopfuzz: libstdc++.a not found (apt-get install libstdc++-12-dev)" >&2; return 1; }
  rd=$dir/resource
  rm -rf "$dir"
  mkdir -p "$dir/bin" "$rd/lib/linux" "$dir/seal"
  for v in "$rd_orig"/*; do [[ $(basename "$v") == lib ]] || ln -s "$v" "$rd/"; done
  for v in "$rd_orig"/lib/linux/*; do ln -s "$v" "$rd/lib/linux/"; done

  for v in fuzzer fuzzer_no_main; do
    lib=$rd_orig/lib/linux/libclang_rt.$v-x86_64.a
    tmp=$dir/seal/$v
    # libFuzzer's own globals: its interface (main, LLVMFuzzerRunDriver,
    # __sanitizer_cov_* callbacks, ...) and fuzzer::*; not the std::
    # template instances its objects carry, which belong to libstdc++.
    nm -g --defined-only "$lib" 2>/dev/null | awk 'NF == 3 { print $3 }' |
      grep -vE '^_Z(T[VIS]|GVZ)?N?K?St' | sort -u >"$tmp.keep"
    ld -r -o "$tmp.o" --whole-archive "$lib" --no-whole-archive "$stdcxx"
    nm -g --defined-only "$tmp.o" | awk 'NF == 3 { print $3 }' | sort -u |
      grep -vxF -f "$tmp.keep" | awk '{ print $1 " __stopfuzz_libfuzzer_private_" $1 }' >"$tmp.rename"
    objcopy --redefine-syms="$tmp.rename" "$tmp.o"
    objcopy --keep-global-symbols="$tmp.keep" "$tmp.o"
    rm -f "$rd/lib/linux/libclang_rt.$v-x86_64.a"
    ar rcs "$rd/lib/linux/libclang_rt.$v-x86_64.a" "$tmp.o"
  done

  for v in clang clang++; do
    printf '#!/bin/sh\n# %s with the libc++-compatible libFuzzer (ci/oss_fuzz/toolchain.sh)\nexec %s -resource-dir=%s "$@"\n' \
      "$v" "$llvm_bin/$v" "$rd" >"$dir/bin/$v"
    chmod +x "$dir/bin/$v"
  done
}

# sf_ossfuzz_check_libcxx BINARY: prints "ok" or the reason it is not a
# libc++-only program: it must need libc++.so.1, not libstdc++.so.6, import
# no GLIBCXX-versioned symbol, and carry libc++ (std::__1) code of its own.
sf_ossfuzz_check_libcxx() {
  local bin=$1 needed n1
  needed=$(readelf -d "$bin" | awk '/NEEDED/ { gsub(/[][]/, "", $5); print $5 }' | tr '\n' ' ')
  [[ $needed == *libc++.so.1* ]] || { echo "no libc++.so.1 (NEEDED: $needed)"; return; }
  [[ $needed != *libstdc++* ]] || { echo "needs libstdc++ ($needed)"; return; }
  if readelf --dyn-syms -W "$bin" | grep -q 'GLIBCXX_'; then
    echo "imports GLIBCXX symbols"
    return
  fi
  n1=$(nm -C "$bin" 2>/dev/null | grep -c 'std::__1::' || true)
  ((n1 > 0)) || { echo "no std::__1 symbol: not compiled against libc++"; return; }
  echo "ok ($n1 std::__1 symbols)"
}
