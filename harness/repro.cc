// repro.cc - repro strings (design §7).
#include "harness/repro.h"

namespace sf {

std::string encode_repro(const Repro& r) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = "sf1:" + r.revision + ":" + (r.mutation.empty() ? "-" : r.mutation) + ":";
  for (uint8_t b : r.tape) {
    s += kHex[b >> 4];
    s += kHex[b & 15];
  }
  return s;
}

bool decode_repro(const std::string& s, Repro* out, std::string* error) {
  if (s.rfind("sf1:", 0) != 0) {
    *error = "repro string must start with 'sf1:'";
    return false;
  }
  // From the right: revision names may hold ':' (src:linux-6.12), mutation
  // ids and the hex tape do not.
  const size_t b = s.rfind(':');
  const size_t a = b == std::string::npos || b <= 4 ? std::string::npos : s.rfind(':', b - 1);
  if (a == std::string::npos || a < 4 || b == std::string::npos) {
    *error = "repro string must be sf1:<revision>:<mutation>:<hex>";
    return false;
  }
  out->revision = s.substr(4, a - 4);
  out->mutation = s.substr(a + 1, b - a - 1);
  if (out->mutation == "-") out->mutation.clear();
  const std::string hex = s.substr(b + 1);
  if (hex.size() % 2) {
    *error = "repro tape has an odd number of hex digits";
    return false;
  }
  out->tape.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int hi = nib(hex[i]), lo = nib(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      *error = "repro tape is not hex";
      return false;
    }
    out->tape.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return true;
}

std::string repro_command(const Repro& r) {
  return "stopfuzz replay --repro " + encode_repro(r) + memory_replay_args(r.memory);
}

std::string memory_replay_args(const std::string& memory) {
  return memory.empty() || memory == "sc" ? std::string() : " --memory " + memory;
}

}  // namespace sf
