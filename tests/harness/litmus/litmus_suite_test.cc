// litmus_suite_test.cc - the kernel's litmus suites against the model: every test agrees, or is catalogued, with why.
//
// Spec: issue 11 (the litmus ctest: the suites of whichever linux-source
// tarballs are configured, the agreement count, the justified-difference
// list and the out-of-scope list of harness/litmus/litmus_catalogue.def).
// STOPFUZZ_LITMUS_SUITES names the extracted suites (':'-separated; the
// litmus_extract_suites fixture extracts them). A test present in several
// tarballs with the same text runs once.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "harness/litmus/litmus_catalogue.h"
#include "harness/litmus/litmus_check.h"

namespace sf::litmus {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> suite_dirs() {
  std::vector<std::string> out;
  const char* env = std::getenv("STOPFUZZ_LITMUS_SUITES");
  std::stringstream ss(env ? env : "");
  std::string d;
  while (std::getline(ss, d, ':'))
    if (!d.empty()) out.push_back(d);
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(LitmusCatalogue, EntriesAreWellFormed) {
  std::set<std::string> names;
  for (const Difference& d : catalogued_differences()) {
    EXPECT_TRUE(names.insert(d.name).second) << d.name << " listed twice";
    EXPECT_STRNE(d.reason, "") << d.name;
    EXPECT_TRUE(std::string(d.kind) == "arm64_stronger" || std::string(d.kind) == "model_limitation") << d.name;
    // A Sometimes where LKMM says Never is a bug of the model, never a justified difference.
    EXPECT_FALSE(std::string(d.model) != "Never" && std::string(d.lkmm) == "Never") << d.name;
  }
  for (const OutOfScope& o : catalogued_out_of_scope()) {
    EXPECT_TRUE(names.insert(o.name).second) << o.name << " listed twice";
    EXPECT_STRNE(o.reason, "") << o.name;
  }
}

TEST(LitmusSuites, EveryTestAgreesOrIsCatalogued) {
  const std::vector<std::string> dirs = suite_dirs();
  ASSERT_FALSE(dirs.empty()) << "STOPFUZZ_LITMUS_SUITES is empty: no linux-source tarball is configured";
  std::map<std::string, std::string> text_of;  // name -> text of the first file seen
  std::map<std::string, FileResult> results;
  const ExploreOptions opt;
  printf("%-40s %6s %6s %6s %6s %6s\n", "suite", "tests", "agree", "differ", "justif", "scope");
  int total_agree = 0, total_in_scope = 0;
  for (const std::string& dir : dirs) {
    ASSERT_TRUE(fs::is_directory(dir)) << dir << " was not extracted";
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.path().extension() == ".litmus") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    EXPECT_FALSE(files.empty()) << dir << " has no .litmus file";
    int agree = 0, differ = 0, justified = 0, out = 0;
    for (const fs::path& f : files) {
      const std::string text = read(f);
      std::string name = f.stem().string();
      const auto it = text_of.find(name);
      if (it == text_of.end()) {
        text_of[name] = text;
        results.emplace(name, check_file(f.string(), opt));
      } else {
        EXPECT_EQ(it->second, text) << name << " differs between suites: run it under its own name";
      }
      const FileResult& r = results.at(name);
      switch (r.status) {
        case Status::kAgrees: ++agree; break;
        case Status::kDiffers: ++differ, justified += r.justified != nullptr; break;
        case Status::kOutOfScope: ++out; break;
        case Status::kError: break;
      }
    }
    printf("%-40s %6zu %6d %6d %6d %6d\n", fs::path(dir).filename().c_str(), files.size(), agree, differ, justified,
           out);
  }
  std::set<std::string> out_of_scope_seen;
  for (const auto& [name, r] : results) {
    const std::string test = r.test.name;
    switch (r.status) {
      case Status::kError: ADD_FAILURE() << name << ": " << r.reason; break;
      case Status::kAgrees:
        ++total_agree, ++total_in_scope;
        EXPECT_EQ(find_difference(test), nullptr)
            << test << " agrees (" << r.ex.verdict << ") but is on the justified-difference list";
        EXPECT_TRUE(r.ex.exhaustive) << test;
        break;
      case Status::kDiffers:
        ++total_in_scope;
        EXPECT_NE(r.justified, nullptr) << test << ": the model says " << r.ex.verdict << ", LKMM " << r.test.result
                                        << "; not on the justified-difference list";
        EXPECT_TRUE(r.ex.exhaustive) << test;
        break;
      case Status::kOutOfScope: {
        out_of_scope_seen.insert(test);
        const OutOfScope* o = nullptr;
        for (const OutOfScope& c : catalogued_out_of_scope())
          if (test == c.name) o = &c;
        if (!o)
          ADD_FAILURE() << test << " is out of scope (" << r.reason << ") but not on the out-of-scope list";
        else
          EXPECT_EQ(r.reason, o->reason) << test;
        break;
      }
    }
    if (r.status != Status::kOutOfScope)
      for (const OutOfScope& c : catalogued_out_of_scope())
        EXPECT_NE(test, c.name) << test << " is in scope but on the out-of-scope list";
  }
  printf("litmus: %d of %d in-scope tests agree with LKMM, %zu out of scope, %zu distinct tests\n", total_agree,
         total_in_scope, out_of_scope_seen.size(), results.size());
}

}  // namespace
}  // namespace sf::litmus
