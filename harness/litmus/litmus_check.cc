// litmus_check.cc - one litmus file end to end (litmus_check.h).
//
// Spec: issue 11.
#include "harness/litmus/litmus_check.h"

#include <fstream>
#include <sstream>

#include "harness/litmus/litmus_codegen.h"

namespace sf::litmus {

bool verdict_agrees(const std::string& verdict, const std::string& result) {
  // herd's words: Never (no final state satisfies the proposition), Always
  // (every one does), Sometimes (some do). Equal words agree.
  return verdict == result;
}

FileResult check_file(const std::string& path, const ExploreOptions& opt) {
  FileResult r;
  r.path = path;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    r.reason = "cannot read " + path;
    return r;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::string err;
  if (!parse_test(ss.str(), path, &r.test, &err)) {
    r.reason = path + ": " + err;
    return r;
  }
  const std::string scope = out_of_scope_reason(r.test);
  if (!scope.empty()) {
    r.status = Status::kOutOfScope;
    r.reason = scope;
    return r;
  }
  r.image = build_image(generate_c(r.test, observed_locations(r.test)), r.test.vars.size(), &err);
  if (!r.image) {
    r.reason = path + ": " + err;
    return r;
  }
  if (!explore(r.test, *r.image, opt, &r.ex, &err)) {
    r.reason = path + ": " + err;
    return r;
  }
  if (verdict_agrees(r.ex.verdict, r.test.result)) {
    r.status = Status::kAgrees;
    return r;
  }
  r.status = Status::kDiffers;
  const Difference* d = find_difference(r.test.name);
  if (d && r.ex.verdict == std::string(d->model) && r.test.result == d->lkmm) r.justified = d;
  return r;
}

}  // namespace sf::litmus
