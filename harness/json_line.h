// json_line.h - JSON lines written through nlohmann-json's serializer into one reused buffer.
//
// Spec: design.md §7 (machine-readable forms from the same trace), §8.2
// (byte-identical traces); issue 14 (JSON through a library, no hand-rolled
// escaping). Prints what ordered_json::dump(-1, ' ', false, replace) prints
// for an object, without building one object and one string per line: a key
// is escaped by nlohmann-json once (json_key), every value goes through its
// serializer as the line is written, so invalid UTF-8 in a value is replaced
// exactly as dump() replaces it, never thrown. Part of stopfuzz_views.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

namespace sf {

// Kernel text is ASCII but a fuzz input may carry any byte: invalid UTF-8 is
// replaced (U+FFFD), never thrown, as dump(-1, ' ', false, replace) does.
constexpr auto kJsonErrorHandler = nlohmann::ordered_json::error_handler_t::replace;

// `name` as an object key prints: "\"name\":", escaped by nlohmann-json.
std::string json_key(std::string_view name);

// One object per line: begin(), then key/value pairs, then end(). Lines
// collect in a buffer that goes to the stream when it fills and at
// destruction, so nothing else may write to that stream while a writer
// lives.
class JsonLineWriter {
 public:
  explicit JsonLineWriter(std::ostream& os);
  ~JsonLineWriter();
  JsonLineWriter(const JsonLineWriter&) = delete;
  JsonLineWriter& operator=(const JsonLineWriter&) = delete;

  void begin() { first_ = true; }
  // `key` is json_key()'s text, or that text followed by a value serialised
  // by nlohmann-json (a value that is the same on every line, written once).
  void key(const std::string& key) {
    buf_ += first_ ? '{' : ',';
    buf_ += key;
    first_ = false;
  }
  void value(int64_t v);
  void value(uint64_t v);
  void value(bool v);
  void value(std::string_view s);
  // "}\n" (an object without keys prints "{}", as dump() does).
  void end();

 private:
  void dump(const nlohmann::ordered_json& v);

  std::ostream& os_;
  std::string buf_;
  bool first_ = true;
  // Reused values: only their contents change from one value to the next.
  nlohmann::ordered_json int_ = int64_t{0};
  nlohmann::ordered_json uint_ = uint64_t{0};
  nlohmann::ordered_json bool_ = false;
  nlohmann::ordered_json string_ = std::string();
  nlohmann::detail::serializer<nlohmann::ordered_json> ser_;
};

}  // namespace sf
