// repro.cc - repro strings (design §7, issue 14).
#include "harness/repro.h"

namespace sf {

std::string encode_repro(const Repro& r) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = (r.build.empty() ? "sf1:" : "sf2:") + r.revision + ":" + (r.mutation.empty() ? "-" : r.mutation) +
                  ":" + (r.build.empty() ? "" : r.build + ":");
  for (uint8_t b : r.tape) {
    s += kHex[b >> 4];
    s += kHex[b & 15];
  }
  return s;
}

bool decode_repro(const std::string& s, Repro* out, std::string* error) {
  const bool v2 = s.rfind("sf2:", 0) == 0;
  if (!v2 && s.rfind("sf1:", 0) != 0) {
    *error = "repro string must start with 'sf1:' or 'sf2:'";
    return false;
  }
  // From the right: revision names may hold ':' (src:linux-6.12), mutation
  // ids, build ids and the hex tape do not.
  std::vector<size_t> colons;  // the last 2 (sf1) or 3 (sf2) separators, right to left
  for (size_t at = s.size(); colons.size() < (v2 ? 3u : 2u);) {
    const size_t c = at == 0 ? std::string::npos : s.rfind(':', at - 1);
    if (c == std::string::npos || c <= 3) break;
    colons.push_back(c);
    at = c;
  }
  if (colons.size() < (v2 ? 3u : 2u) || colons.back() < 4) {
    *error = v2 ? "repro string must be sf2:<revision>:<mutation>:<build>:<hex>"
                : "repro string must be sf1:<revision>:<mutation>:<hex>";
    return false;
  }
  const size_t a = colons.back(), b = colons[v2 ? 1 : 0], hex_at = colons[0];
  out->revision = s.substr(4, a - 4);
  out->mutation = s.substr(a + 1, b - a - 1);
  if (out->mutation == "-") out->mutation.clear();
  out->build = v2 ? s.substr(b + 1, hex_at - b - 1) : "";
  const std::string hex = s.substr(hex_at + 1);
  if (out->revision.empty()) {
    *error = "repro string names no revision";
    return false;
  }
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
