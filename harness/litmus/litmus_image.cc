// litmus_image.cc - compiling and loading a litmus test's unit (litmus_image.h).
//
// Spec: issue 11.
#include "harness/litmus/litmus_image.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "harness/litmus/litmus_codegen.h"
#include "stopfuzz/machine_api.h"

namespace sf::litmus {
namespace {

struct Header {
  const char* path;
  const char* text;
};
constexpr Header kShimHeaders[] = {
#define SF_SHIM_HEADER(path, text) {path, text},
#include STOPFUZZ_SHIM_HEADERS_INC
#undef SF_SHIM_HEADER
};

std::string quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

}  // namespace

// The compiled processes call the shim's entry points, which the executable
// exports (ENABLE_EXPORTS): naming them here makes every executable that
// can load a test link them (models/shim_api.cc), referenced or not.
extern "C" {
__attribute__((used)) const void* const sf_litmus_shim_entry_points[] = {
    reinterpret_cast<const void*>(&sf_load),         reinterpret_cast<const void*>(&sf_store),
    reinterpret_cast<const void*>(&sf_load_acquire), reinterpret_cast<const void*>(&sf_store_release),
    reinterpret_cast<const void*>(&sf_rmw),          reinterpret_cast<const void*>(&sf_atomic),
    reinterpret_cast<const void*>(&sf_barrier),      reinterpret_cast<const void*>(&sf_spin_lock),
    reinterpret_cast<const void*>(&sf_spin_unlock),  reinterpret_cast<const void*>(&sf_atomic_cmpxchg_impl),
};
}

Image::~Image() {
  if (handle) dlclose(handle);
}

std::string litmus_compiler() {
  const char* cc = std::getenv("CC");
  if (cc && *cc) return cc;
  const std::string built = STOPFUZZ_LITMUS_CC;
  if (!built.empty() && access(built.c_str(), X_OK) == 0) return built;
  return "cc";
}

std::unique_ptr<Image> build_image(const std::string& c_source, size_t nvars, std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string tmpl = (fs::temp_directory_path(ec) / "stopfuzz-litmus-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    *error = "cannot create a temporary directory";
    return nullptr;
  }
  const fs::path dir = tmpl;
  struct Cleanup {
    fs::path d;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(d, e);
    }
  } cleanup{dir};
  fs::create_directories(dir / "stopfuzz", ec);
  for (const Header& h : kShimHeaders)
    if (!write_file((dir / h.path).string(), h.text)) {
      *error = "cannot write " + (dir / h.path).string();
      return nullptr;
    }
  const std::string src = (dir / "litmus.c").string(), so = (dir / "litmus.so").string();
  if (!write_file(src, c_source)) {
    *error = "cannot write " + src;
    return nullptr;
  }
  const std::string cmd = quote(litmus_compiler()) + " -shared -fPIC -O1 -std=gnu11 -w -I " + quote(dir.string()) +
                          " -o " + quote(so) + " " + quote(src) + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    *error = "cannot run the C compiler";
    return nullptr;
  }
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int rc = pclose(p);
  if (rc != 0) {
    // The first error line is the useful one.
    size_t at = out.find("error");
    if (at == std::string::npos) at = 0;
    const size_t bol = out.rfind('\n', at);
    const size_t b = bol == std::string::npos ? 0 : bol + 1;
    const size_t e = out.find('\n', at);
    *error = "the C compiler failed: " + out.substr(b, e == std::string::npos ? std::string::npos : e - b);
    return nullptr;
  }
  auto img = std::make_unique<Image>();
  img->handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!img->handle) {
    *error = std::string("cannot load the compiled test: ") + dlerror();
    return nullptr;
  }
  img->bind = reinterpret_cast<void (*)(char*)>(dlsym(img->handle, "sf_litmus_bind"));
  img->reset = reinterpret_cast<void (*)()>(dlsym(img->handle, "sf_litmus_reset"));
  img->run = reinterpret_cast<void (*)(int, long*)>(dlsym(img->handle, "sf_litmus_run"));
  img->var_value = reinterpret_cast<long (*)(int)>(dlsym(img->handle, "sf_litmus_var_value"));
  img->var_addr = reinterpret_cast<long (*)(int)>(dlsym(img->handle, "sf_litmus_var_addr"));
  if (!img->bind || !img->reset || !img->run || !img->var_value || !img->var_addr) {
    *error = "the compiled test lacks its entry points";
    return nullptr;
  }
  img->block.assign(nvars * kVarSlot + 1, 0);
  img->bind(img->block.data());
  return img;
}

}  // namespace sf::litmus
