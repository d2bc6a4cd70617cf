// litmus_catalogue.h - the justified differences and the out-of-scope tests of litmus_catalogue.def.
//
// Spec: issue 11.
#pragma once

#include <string>
#include <vector>

namespace sf::litmus {

struct Difference {
  const char* name;
  const char* model;  // the model's verdict
  const char* lkmm;   // the test's Result:
  const char* kind;   // arm64_stronger or model_limitation
  const char* reason;
};
struct OutOfScope {
  const char* name;
  const char* reason;
};

const std::vector<Difference>& catalogued_differences();
const std::vector<OutOfScope>& catalogued_out_of_scope();
// nullptr when `name` is not listed.
const Difference* find_difference(const std::string& name);

}  // namespace sf::litmus
