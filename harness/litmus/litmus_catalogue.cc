// litmus_catalogue.cc - the lists of litmus_catalogue.def (litmus_catalogue.h).
//
// Spec: issue 11.
#include "harness/litmus/litmus_catalogue.h"

namespace sf::litmus {

const std::vector<Difference>& catalogued_differences() {
  static const std::vector<Difference> list = {
#define SF_LITMUS_DIFFERENCE(name, model, lkmm, kind, reason) {name, model, lkmm, #kind, reason},
#define SF_LITMUS_OUT_OF_SCOPE(name, reason)
#include "harness/litmus/litmus_catalogue.def"
#undef SF_LITMUS_DIFFERENCE
#undef SF_LITMUS_OUT_OF_SCOPE
  };
  return list;
}

const std::vector<OutOfScope>& catalogued_out_of_scope() {
  static const std::vector<OutOfScope> list = {
#define SF_LITMUS_DIFFERENCE(name, model, lkmm, kind, reason)
#define SF_LITMUS_OUT_OF_SCOPE(name, reason) {name, reason},
#include "harness/litmus/litmus_catalogue.def"
#undef SF_LITMUS_DIFFERENCE
#undef SF_LITMUS_OUT_OF_SCOPE
  };
  return list;
}

const Difference* find_difference(const std::string& name) {
  for (const Difference& d : catalogued_differences())
    if (name == d.name) return &d;
  return nullptr;
}

}  // namespace sf::litmus
