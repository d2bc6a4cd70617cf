// litmus_explore.cc - the depth-first walk over every decision of a litmus test's executions (litmus_explore.h).
//
// Spec: issue 11; docs/memory_model.md.
#include "harness/litmus/litmus_explore.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "harness/litmus/litmus_codegen.h"
#include "harness/litmus/litmus_revision.h"
#include "harness/tape.h"
#include "models/machine.h"

namespace sf::litmus {
namespace {

// Answers decision i with prefix[i] (0 past the prefix) and records every
// decision, as the Tape would read them (n <= 1 is not a decision).
class PathChoices final : public ChoiceSource {
 public:
  explicit PathChoices(const std::vector<uint32_t>* prefix) : prefix_(prefix) {}
  uint32_t choose(uint32_t n, const char* label) override {
    if (n <= 1) return 0;
    uint32_t v = taken_.size() < prefix_->size() ? (*prefix_)[taken_.size()] : 0;
    if (v >= n) v = 0;
    taken_.push_back(Decision{label, n, v});
    return v;
  }
  const std::vector<Decision>& taken() const { return taken_; }

 private:
  const std::vector<uint32_t>* prefix_;
  std::vector<Decision> taken_;
};

const Image* g_image = nullptr;
void image_reset() {
  if (g_image) g_image->reset();
}

struct Runner {
  const Test& t;
  const Image& img;
  const ExploreOptions& opt;
  std::vector<Location> observed;
  std::vector<int> var_of;  // per observed location: variable index, or -1 for a register
  std::vector<long> regs;   // written by the processes (heap: no CPU's stack)
  Machine machine;
  MachineConfig cfg;
  std::vector<CpuProgram> programs;
  Trace trace;

  Runner(const Test& test, const Image& image, const ExploreOptions& o) : t(test), img(image), opt(o) {
    observed = observed_locations(t);
    regs.assign(observed.size(), 0);
    for (const Location& l : observed) var_of.push_back(l.proc < 0 ? var_index(t, l.name) : -1);
    cfg.ncpus = static_cast<int>(t.procs.size());
    cfg.memory = opt.memory;
    cfg.solo_fast_path = false;
    cfg.max_steps = 100000;
    for (size_t i = 0; i < t.procs.size(); ++i)
      programs.emplace_back([this](Machine&, int cpu) { img.run(cpu, regs.data()); });
  }
  bool check(std::string* error) const {
    for (size_t k = 0; k < observed.size(); ++k) {
      const Location& l = observed[k];
      if (l.proc < 0 && var_of[k] < 0) {
        *error = "the clause names '" + l.name + "', which is not a shared variable";
        return false;
      }
      if (l.proc >= static_cast<int>(t.procs.size())) {
        *error = "the clause names " + l.text() + ", but there is no process P" + std::to_string(l.proc);
        return false;
      }
    }
    return true;
  }
  // One execution; false if it hit a harness bound.
  bool run(ChoiceSource* choices, std::vector<long>* state) {
    g_image = &img;
    std::fill(regs.begin(), regs.end(), 0);
    machine.run(litmus_revision(image_reset), cfg, choices, programs, (1u << cfg.ncpus) - 1, nullptr, &trace, nullptr,
                nullptr);
    state->resize(observed.size());
    for (size_t k = 0; k < observed.size(); ++k) (*state)[k] = var_of[k] >= 0 ? img.var_value(var_of[k]) : regs[k];
    return machine.end_reason() == EndReason::kQuiescent;
  }
  bool named(const std::string& v, long* out) const {
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 0);
    if (!v.empty() && *end == 0) {
      *out = n;
      return true;
    }
    const int i = var_index(t, v);
    if (i < 0) return false;
    *out = img.var_addr(i);
    return true;
  }
  bool holds(const Cond* c, const std::vector<long>& state) const {
    if (!c) return true;
    return eval_cond(
        *c,
        [&](const Location& l) {
          for (size_t k = 0; k < observed.size(); ++k)
            if (observed[k] == l) return state[k];
          return 0L;
        },
        [&](const std::string& v, long* out) { return named(v, out); });
  }
};

std::vector<uint8_t> as_tape(const std::vector<Decision>& ds) {
  std::vector<uint8_t> tape;
  for (const Decision& d : ds) {
    if (d.n > 256) tape.push_back(static_cast<uint8_t>(d.value >> 8));
    tape.push_back(static_cast<uint8_t>(d.value));
  }
  return tape;
}

}  // namespace

bool explore(const Test& t, const Image& img, const ExploreOptions& opt, Exploration* out, std::string* error) {
  Runner r(t, img, opt);
  if (!r.check(error)) return false;
  out->observed = r.observed;
  std::vector<uint32_t> prefix;
  std::vector<long> state;
  for (;;) {
    if (out->executions >= opt.max_executions) break;
    PathChoices choices(&prefix);
    const bool complete = r.run(&choices, &state);
    ++out->executions;
    const std::vector<Decision>& taken = choices.taken();
    out->max_decisions = std::max(out->max_decisions, taken.size());
    if (!complete) {
      ++out->incomplete;
    } else if (out->states[state]++ == 0 && r.holds(t.filter.get(), state)) {
      ++out->judged;
      if (r.holds(t.cond.get(), state)) {
        if (out->satisfying++ == 0) {
          out->witness_decisions = taken;
          out->witness_tape = as_tape(taken);
          out->witness_state = state;
        }
      }
    }
    // The next path: the deepest decision with an untried alternative.
    size_t i = taken.size();
    while (i > 0 && taken[i - 1].value + 1 >= taken[i - 1].n) --i;
    if (i == 0) {
      out->exhaustive = true;
      break;
    }
    prefix.resize(i);
    for (size_t j = 0; j + 1 < i; ++j) prefix[j] = taken[j].value;
    prefix[i - 1] = taken[i - 1].value + 1;
  }
  out->verdict = out->satisfying == 0 ? "Never" : out->satisfying == out->judged ? "Always" : "Sometimes";
  return true;
}

bool replay(const Test& t, const Image& img, const ExploreOptions& opt, const std::vector<uint8_t>& tape,
            std::vector<Decision>* decisions, std::vector<long>* state, std::string* error) {
  Runner r(t, img, opt);
  if (!r.check(error)) return false;
  Tape source(tape.data(), tape.size());
  source.set_recording(true);
  // Decisions as the tape answered them.
  struct Recorder final : public ChoiceSource {
    Tape* tape;
    std::vector<Decision>* out;
    uint32_t choose(uint32_t n, const char* label) override {
      const uint32_t v = tape->choose(n, label);
      if (n > 1) out->push_back(Decision{label, n, v});
      return v;
    }
  } rec;
  rec.tape = &source;
  rec.out = decisions;
  if (!r.run(&rec, state)) {
    *error = "the execution hit a harness bound";
    return false;
  }
  return true;
}

std::string show_state(const Test& t, const Image& img, const std::vector<Location>& observed,
                       const std::vector<long>& state) {
  std::string s;
  for (size_t k = 0; k < observed.size() && k < state.size(); ++k) {
    std::string v = std::to_string(state[k]);
    for (size_t i = 0; i < t.vars.size(); ++i)
      if (state[k] != 0 && state[k] == img.var_addr(static_cast<int>(i))) v = t.vars[i].name;
    s += (s.empty() ? "" : " ") + observed[k].text() + "=" + v;
  }
  return s;
}

std::string tape_hex(const std::vector<uint8_t>& tape) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t b : tape) {
    s += d[b >> 4];
    s += d[b & 15];
  }
  return s;
}

bool parse_tape_hex(const std::string& hex, std::vector<uint8_t>* out) {
  if (hex.size() % 2) return false;
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    char* end = nullptr;
    const std::string two = hex.substr(i, 2);
    const long v = std::strtol(two.c_str(), &end, 16);
    if (*end != 0 || !std::isxdigit(static_cast<unsigned char>(two[0]))) return false;
    out->push_back(static_cast<uint8_t>(v));
  }
  return true;
}

}  // namespace sf::litmus
