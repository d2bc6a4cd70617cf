// json_line.cc - JSON lines through nlohmann-json's serializer, one buffer per writer (design §7, issue 14).
#include "harness/json_line.h"

namespace sf {
namespace {

// Past this the buffer goes to the stream: a line is a few hundred bytes.
constexpr size_t kFlushAt = 1 << 16;

}  // namespace

std::string json_key(std::string_view name) {
  return nlohmann::ordered_json(std::string(name)).dump(-1, ' ', false, kJsonErrorHandler) + ":";
}

JsonLineWriter::JsonLineWriter(std::ostream& os)
    : os_(os), ser_(nlohmann::detail::output_adapter<char>(buf_), ' ', kJsonErrorHandler) {}

JsonLineWriter::~JsonLineWriter() { os_.write(buf_.data(), static_cast<std::streamsize>(buf_.size())); }

void JsonLineWriter::dump(const nlohmann::ordered_json& v) { ser_.dump(v, false, false, 0); }

void JsonLineWriter::value(int64_t v) {
  int_.get_ref<nlohmann::ordered_json::number_integer_t&>() = v;
  dump(int_);
}

void JsonLineWriter::value(uint64_t v) {
  uint_.get_ref<nlohmann::ordered_json::number_unsigned_t&>() = v;
  dump(uint_);
}

void JsonLineWriter::value(bool v) {
  bool_.get_ref<nlohmann::ordered_json::boolean_t&>() = v;
  dump(bool_);
}

void JsonLineWriter::value(std::string_view s) {
  string_.get_ref<nlohmann::ordered_json::string_t&>().assign(s.data(), s.size());
  dump(string_);
}

void JsonLineWriter::end() {
  if (first_) buf_ += '{';
  buf_ += "}\n";
  first_ = true;
  if (buf_.size() >= kFlushAt) {
    os_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
}

}  // namespace sf
