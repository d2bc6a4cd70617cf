// litmus_image.h - a litmus test's C unit compiled at run time into a shared object and loaded.
//
// Spec: issue 11 ("compile it with the system C compiler at run time into a
// shared object and dlopen it, the headers it needs embedded in the
// stopfuzz binary"). The unit (litmus_codegen.h) is written with a copy of
// the shim's headers (embedded at build time by cmake/embed_shim.cmake) into
// a fresh temporary directory, compiled with the C compiler ($CC, else the
// one stopfuzz was built with, else cc) and loaded; the shim's entry points
// (sf_load, ...) resolve against the running executable, which exports them.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace sf::litmus {

struct Image {
  void* handle = nullptr;
  void (*bind)(char* block) = nullptr;
  void (*reset)() = nullptr;
  void (*run)(int proc, long* regs) = nullptr;
  long (*var_value)(int i) = nullptr;
  long (*var_addr)(int i) = nullptr;
  Image() = default;
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  ~Image();
  std::vector<char> block;  // the shared variables (litmus_codegen.h), on the heap
};

// nullptr with the reason (the compiler's first error lines) in *error;
// `nvars` variables are bound to the image's block.
std::unique_ptr<Image> build_image(const std::string& c_source, size_t nvars, std::string* error);

// The C compiler build_image() runs.
std::string litmus_compiler();

}  // namespace sf::litmus
