// known_witness_test.cc - every known finding still fires from its witness tape.
//
// Spec: design.md §4 (a revision's known findings let a run go on; a list
// of known findings nobody can reproduce hides what it no longer covers),
// stop-path.md §12.1. One test per row of harness/stop/known_findings.def:
// corpus/known/<revision>/<P>-<signature>.tape (tools/known_witnesses)
// replayed with run_one() on the row's revision must report the row's
// signature, as a known finding (and so must the kernel-source build of
// that kernel, when configured). A row without a tape fails, whatever the
// reason (a row no input reaches is a wrong catalogue entry: it leaves
// the catalogue); only a row whose revision this build lacks (a kernel
// tree not configured) is skipped by name, which ctest reports as skipped,
// not passed.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "harness/revisions.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/report.h"
#include "tools/known_witnesses/witnesses.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDir = "corpus/known";

std::string row_name(const KnownFinding& k) {
  return std::string(k.revision) + " " + property_info(k.property()).id + " " + k.signature();
}

class KnownWitness : public ::testing::TestWithParam<size_t> {};

// The revisions a row is checked on: its hand-written revision and the
// kernel-source build of the same kernel, each if this build has it (they
// give the same traces, tests/kernel_source, so one tape serves both).
std::vector<const sf_revision*> revisions_of(const KnownFinding& k) {
  std::vector<const sf_revision*> out;
  for (const std::string& name : {std::string(k.revision), std::string("src:") + k.revision})
    if (const sf_revision* r = find_revision(name)) out.push_back(r);
  return out;
}

TEST_P(KnownWitness, ShowsItsFinding) {
  const KnownFinding& k = known_findings()[GetParam()];
  const std::vector<const sf_revision*> revs = revisions_of(k);
  if (revs.empty()) GTEST_SKIP() << row_name(k) << ": revision not in this build (STOPFUZZ_KERNEL_TREES)";
  const fs::path path = witness_path(kDir, k);
  ASSERT_TRUE(fs::exists(path)) << row_name(k) << ": no witness tape " << path.string()
                                << " (tools/known_witnesses write corpus/known)";
  const std::vector<uint8_t> tape = read_tape(path);
  for (const sf_revision* rev : revs) {
    RunOptions opt;
    opt.rev = rev;
    RunResult r;
    run_one(tape.data(), tape.size(), opt, &r);
    const Finding* hit = nullptr;
    std::string seen;
    for (const Finding& f : r.findings) {
      if (f.sig == k.sig) hit = &f;
      seen += " " + std::string(property_info(f.property).id) + " " + f.signature;
    }
    EXPECT_NE(hit, nullptr) << path.string() << " on " << rev->name << " no longer shows " << row_name(k)
                            << "; findings:" << (seen.empty() ? " none" : seen);
    if (hit) EXPECT_TRUE(hit->known) << row_name(k) << " fired on " << rev->name << " but is not matched as known";
    EXPECT_EQ(r.violation(), nullptr) << path.string() << " on " << rev->name
                                      << " shows a violation that is not a known finding";
  }
}

// Every tape under corpus/known/ is the witness of a catalogue row: a row
// renamed or removed leaves no tape behind that nothing checks.
TEST(KnownWitness, EveryTapeBelongsToARow) {
  std::set<fs::path> rows;
  for (const KnownFinding& k : known_findings()) rows.insert(witness_path(kDir, k));
  ASSERT_TRUE(fs::is_directory(kDir)) << kDir;
  for (const auto& e : fs::recursive_directory_iterator(kDir))
    if (e.is_regular_file()) EXPECT_TRUE(rows.count(e.path())) << e.path().string() << " is no row's witness";
}

std::string name_of(const ::testing::TestParamInfo<size_t>& i) {
  const KnownFinding& k = known_findings()[i.param];
  std::string s = std::string(k.revision) + "_" + property_info(k.property()).id + "_" + k.signature();
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, KnownWitness, ::testing::Range<size_t>(0, known_findings().size()), name_of);

}  // namespace
}  // namespace sf
