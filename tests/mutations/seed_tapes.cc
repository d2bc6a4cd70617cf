// seed_tapes.cc - seed inputs for the mutation searches and the searches (design §3, §5).
#include "tests/mutations/seed_tapes.h"

#include <gtest/gtest.h>

#include <iostream>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/run.h"
#include "harness/stop/stop_search.h"

namespace sf::test {
namespace {

using Choices = std::vector<std::pair<std::string, uint32_t>>;

// The tape values of behaviours and entries, by their catalogue names.
constexpr uint32_t value(Behaviour b) { return static_cast<uint32_t>(b); }
constexpr uint32_t value(Entry e) { return static_cast<uint32_t>(e); }
constexpr uint32_t kResponsive = value(Behaviour::kResponsive), kIrqsMasked = value(Behaviour::kPmrMasked),
                   kDaifMasked = value(Behaviour::kDaifMasked), kPanicsToo = value(Behaviour::kPanicsToo),
                   kRebootsToo = value(Behaviour::kRebootsToo), kUnreachable = value(Behaviour::kUnreachable);
constexpr uint32_t kEntryPanic = value(Entry::kPanic), kEntryRestart = value(Entry::kRestart),
                   kEntryBacktrace = value(Entry::kBacktrace);

std::vector<uint8_t> tape(const Choices& c, size_t schedule = 0, uint64_t seed = 0) {
  return tape_for_choices(c, schedule, seed);
}

}  // namespace

std::vector<std::vector<uint8_t>> corpus_seeds() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator("corpus", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    // corpus/arm64's seeds are tapes for --memory arm64 (corpus/README.md):
    // read under sc their bytes mean other decisions, and the searches'
    // seed set stays the one their budgets were sized with.
    if (it->is_directory() && (it->path().filename() == "regressions" || it->path().filename() == "arm64")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() != ".txt" && it->path().extension() != ".md")
      files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::vector<uint8_t>> out;
  for (const fs::path& p : files) {
    std::ifstream f(p, std::ios::binary);
    std::vector<uint8_t> d((std::istreambuf_iterator<char>(f)), {});
    if (d.size() <= kMaxInputSize) out.push_back(std::move(d));
  }
  return out;
}

std::vector<std::vector<uint8_t>> mutation_seeds(const std::string& id) {
  // Two CPUs unless said otherwise; "ncpus" is the count minus two.
  static const std::map<std::string, std::vector<Choices>> kSeeds = {
      {"rung2-targets-self", {{{"pseudo_nmi", 1}, {"behaviour", kIrqsMasked}}}},
      {"no-single-winner",
       {{{"ncpus", 1}, {"behaviour", kRebootsToo}, {"behaviour", kIrqsMasked}},
        {{"entry", kEntryRestart}, {"behaviour", kRebootsToo}}}},
      {"sdei-wait-1s", {{{"behaviour", kUnreachable}}, {{"behaviour", kDaifMasked}, {"signal_error", 1}}}},
      {"crash-stop-irqs-on",
       {{{"post_notifiers", 1}, {"panic_timeout", 1}, {"behaviour", kResponsive}, {"psci", 2}},
        {{"post_notifiers", 1}, {"panic_timeout", 1}, {"behaviour", kResponsive}, {"psci", 1}}}},
      {"num-online-minus-one",
       {{{"ncpus", 1},
         {"pseudo_nmi", 1},
         {"requester_offline", 3},
         {"behaviour", kResponsive},
         {"behaviour", kIrqsMasked}}}},
      {"note-after-ack", {{{"crash_kernel", 1}}}},
      {"no-regs-guard", {{{"crash_kernel", 1}, {"printk_cost", 3}, {"behaviour", kPanicsToo}, {"when", 150}}}},
      {"sdei-die-on-crash", {{{"crash_kernel", 1}, {"behaviour", kDaifMasked}}}},
      {"sdei-stop-returns", {{{"behaviour", kDaifMasked}}}},
      {"stopping-after-signals",
       {{{"behaviour", kDaifMasked}}, {{"behaviour", kDaifMasked}, {"preempt", 1}, {"pick", 1}}}},
      {"backtrace-sets-stopping", {{{"entry", kEntryBacktrace}}}},
      {"backtrace-branch-skipped", {{{"entry", kEntryBacktrace}}}},
      {"sdei-rung-ungated", {{{"sdei_mode", 1}, {"behaviour", kDaifMasked}}}},
      {"nmi-first", {{}}},
      {"stale-snapshots", {{{"pseudo_nmi", 1}, {"behaviour", kIrqsMasked}}, {{"behaviour", kDaifMasked}}}},
      {"no-sdei-handler-abort", {{{"crash_kernel", 1}}}},
      {"ipi-stop-returns", {{{"entry", kEntryPanic}}}},
      {"no-crash-note", {{{"crash_kernel", 1}}}},
      {"ipi-stop-parks", {{{"crash_kernel", 1}}}},
      {"online-bit-only", {{{"behaviour", kResponsive}}}},
  };
  std::vector<std::vector<uint8_t>> out;
  auto it = kSeeds.find(id);
  if (it == kSeeds.end()) return out;
  for (const Choices& c : it->second) {
    out.push_back(tape(c));
    for (uint64_t s = 1; s <= 3; ++s) out.push_back(tape(c, 64, s));  // same shape, some schedules
  }
  return out;
}

void expect_mutation_found(const std::string& revision, const Mutation& m, bool designed_seeds) {
  SearchOptions o;
  o.rev = find_revision(revision);
  if (!o.rev) {
    if (revision.rfind("src:", 0) == 0) GTEST_SKIP() << revision << " is not configured (STOPFUZZ_KERNEL_TREES)";
    FAIL() << "unknown revision " << revision;
  }
  o.mutation = m.id;
  o.memory = m.memory;
  o.budget = kBudget;
  o.seed = 1;
  o.has_target = true;
  o.target = m.property;
  if (designed_seeds) o.seeds = mutation_seeds(m.id);
  for (auto& s : corpus_seeds()) o.seeds.push_back(std::move(s));
  SearchResult r;
  search(o, &r);
  ASSERT_TRUE(r.found) << m.id << " on " << revision << " not found by " << property_info(m.property).id << " in "
                       << r.execs << " executions";
  EXPECT_EQ(r.first.property, m.property);
  ::testing::Test::RecordProperty("executions_to_first", static_cast<int>(r.execs_to_first));
  std::cout << m.id << " on " << revision << (designed_seeds ? "" : " (corpus only)") << ": " << finding_key(r.first)
            << " after " << r.execs_to_first << " executions\n  "
            << repro_command({revision, m.id, r.tape, "", memory_model_name(m.memory)}) << "\n";
}

void expect_only_known_findings(const std::string& revision, bool skip_if_missing) {
  SearchOptions o;
  o.rev = find_revision(revision);
  if (!o.rev && skip_if_missing) GTEST_SKIP() << revision << " is not configured (STOPFUZZ_KERNEL_TREES)";
  ASSERT_NE(o.rev, nullptr) << revision;
  o.budget = kBudget;
  o.seed = 1;
  o.keep_going = true;
  o.seeds = corpus_seeds();
  SearchResult r;
  search(o, &r);
  EXPECT_EQ(r.execs, kBudget);
  for (const auto& [key, n] : r.violations_seen)
    ADD_FAILURE() << revision << ": unexpected " << key << " (" << n << " executions), e.g. "
                  << encode_repro({revision, "", r.example.at(key), "", ""});
  for (const auto& [key, n] : r.known_seen) std::cout << revision << ": known " << key << " x" << n << "\n";
}

}  // namespace sf::test
