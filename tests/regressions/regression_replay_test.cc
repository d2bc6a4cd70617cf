// regression_replay_test.cc - replays corpus/regressions/<mutation-id>.tape.
//
// Spec: design.md §5 (mutations), §8.3 (regression replay never disabled).
// Each tape is the minimized input that killed a mutation; its sidecar
// <id>.txt names the revision and the property ("key: value" lines). The tape
// must still violate that property with the mutation seeded, and must show
// only known findings on the clean revision.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "harness/revisions.h"
#include "harness/stop/mutations.h"
#include "harness/stop/run.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

const char kDir[] = "corpus/regressions";

std::vector<std::string> ids() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kDir, ec))
    if (e.path().extension() == ".tape") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::map<std::string, std::string> sidecar(const std::string& id) {
  std::map<std::string, std::string> kv;
  std::ifstream f(std::string(kDir) + "/" + id + ".txt");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t c = line.find(": ");
    if (c != std::string::npos) kv[line.substr(0, c)] = line.substr(c + 2);
  }
  return kv;
}

class RegressionReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(RegressionReplay, StillFailsOnMutationOnlyKnownWhenClean) {
  const std::string id = GetParam();
  const auto kv = sidecar(id);
  ASSERT_TRUE(kv.count("mutation") && kv.count("revision") && kv.count("property")) << id << ".txt incomplete";
  EXPECT_EQ(kv.at("mutation"), id);
  const Mutation* m = find_mutation(id);
  ASSERT_NE(m, nullptr) << id << " is not in the mutation catalogue";
  EXPECT_EQ(kv.at("revision"), m->revision);
  EXPECT_EQ(kv.at("property"), property_info(m->property).id);
  std::ifstream f(std::string(kDir) + "/" + id + ".tape", std::ios::binary);
  const std::vector<uint8_t> tape((std::istreambuf_iterator<char>(f)), {});
  RunOptions ro;
  ro.rev = find_revision(m->revision);
  ASSERT_NE(ro.rev, nullptr);
  ro.mutation = id;
  ro.memory = m->memory;
  RunResult r;
  run_one(tape.data(), tape.size(), ro, &r);
  bool hit = false;
  for (const Finding& f2 : r.findings) hit |= !f2.known && f2.property == m->property;
  EXPECT_TRUE(hit) << id << ": " << property_info(m->property).id << " no longer fires";
  ro.mutation.clear();
  run_one(tape.data(), tape.size(), ro, &r);
  const Finding* v = r.violation();
  EXPECT_EQ(v, nullptr) << id << " on clean " << m->revision << ": " << (v ? property_info(v->property).id : "") << " "
                        << (v ? v->signature : "");
}

// Every catalogued mutation has its regression input.
TEST(RegressionReplay, EveryMutationHasOne) {
  const auto have = ids();
  for (const Mutation& m : mutations())
    if (!m.equivalent)
      EXPECT_TRUE(std::find(have.begin(), have.end(), m.id) != have.end()) << "no " << kDir << "/" << m.id << ".tape";
}

std::string name_of(const ::testing::TestParamInfo<std::string>& i) {
  std::string s = i.param;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Corpus, RegressionReplay, ::testing::ValuesIn(ids()), name_of);

}  // namespace
}  // namespace sf
