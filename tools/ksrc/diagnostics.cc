// diagnostics.cc - the compiler's errors on a unity file, read as what the tree needs.
#include "tools/ksrc/diagnostics.h"

#include <regex>
#include <set>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace {

const std::regex& error_line() {
  static const std::regex kErr(R"(^(.*?):(\d+):\d+: (?:fatal )?error: (.*)$)");
  return kErr;
}

const std::regex& symbol_message() {
  static const std::regex kSym(
      R"((use of undeclared identifier|call to undeclared function|implicit declaration of function|unknown type name|use of undeclared label|undeclared identifier) '([^']+)')");
  return kSym;
}

const std::regex& incomplete_message() {
  static const std::regex kIncomplete(
      R"((?:incomplete (?:definition of )?type|has incomplete(?: element)? type) '(?:(?:struct|union|enum) )?([^']+)')");
  return kIncomplete;
}

}  // namespace

std::vector<Undeclared> undeclared_names(const std::string& diag) {
  std::vector<Undeclared> out;
  std::set<std::string> seen;
  for (const std::string& l : split_lines(diag)) {
    std::smatch m, q;
    if (!std::regex_match(l, m, error_line())) continue;
    const std::string where = std::string(m[1]) + ":" + std::string(m[2]);
    const std::string msg = m[3];
    Undeclared u;
    if (std::regex_search(msg, q, symbol_message())) {
      u = {q[2], where, q[1] == "call to undeclared function" || q[1] == "implicit declaration of function"};
    } else if (std::regex_search(msg, q, incomplete_message())) {
      u = {q[1], where, false};
    } else {
      continue;
    }
    if (seen.insert(u.name).second) out.push_back(u);
  }
  return out;
}

void explain_compile_error(const std::string& out) {
  for (const std::string& l : split_lines(out)) {
    std::smatch m;
    if (!std::regex_match(l, m, error_line())) continue;
    std::string where = std::string(m[1]) + ":" + std::string(m[2]);
    std::string msg = m[3];
    std::smatch q;
    static const std::regex kMember(R"(no member named '([^']+)' in '([^']+)')");
    if (std::regex_search(msg, q, symbol_message()))
      fail("kernel tree needs '" + std::string(q[2]) + "' (" + where + "), which the shim lacks");
    if (std::regex_search(msg, q, kMember))
      fail("kernel tree needs member '" + std::string(q[1]) + "' of '" + std::string(q[2]) + "' (" + where +
           "), which the shim lacks");
    if (std::regex_search(msg, q, incomplete_message()))
      fail("kernel tree needs the definition of '" + std::string(q[1]) + "' (" + where + "), which the shim lacks");
    fail("kernel tree does not compile against the shim: " + where + ": " + msg);
  }
  fail("kernel tree does not compile against the shim: " + out.substr(0, out.find('\n')));
}

}  // namespace sf::ksrc
