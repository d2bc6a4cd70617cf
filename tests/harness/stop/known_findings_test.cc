// known_findings_test.cc - the known-finding matcher and its catalogue (design §4, spec §12.1).
#include <gtest/gtest.h>

#include <set>

#include "harness/revisions.h"
#include "harness/stop/known_findings.h"

namespace sf {
namespace {

TEST(KnownFindings, MatchesByRevisionAndSignature) {
  EXPECT_TRUE(is_known_finding("final", Signature::sdei_in_irq));
  EXPECT_FALSE(is_known_finding("final", Signature::nmi_in_irq)) << "final's funnel masks DAIF first";
  EXPECT_TRUE(is_known_finding("linux-6.12", Signature::nmi_in_irq));
  EXPECT_FALSE(is_known_finding("no-such-revision", Signature::sdei_in_irq));
}

// A tree built or loaded from a kernel version carries that version's list.
TEST(KnownFindings, KernelSourceRevisionsCarryTheirVersionsList) {
  EXPECT_EQ(known_findings_revision("src:linux-6.12"), "linux-6.12");
  EXPECT_EQ(known_findings_revision("src:linux-6.12+patch"), "linux-6.12");
  EXPECT_TRUE(is_known_finding("src:linux-6.12+patch", Signature::nmi_in_irq));
  EXPECT_FALSE(is_known_finding("src:linux-6.12+patch", Signature::sdei_in_irq));
}

// Every row names a revision that exists (hand-written, or a kernel version
// whose tree a build may add) and says why, with a spec reference; no row twice.
TEST(KnownFindings, EveryRowIsWellFormed) {
  std::set<std::pair<std::string, int>> seen;
  for (const KnownFinding& k : known_findings()) {
    EXPECT_TRUE(find_revision(k.revision) || std::string(k.revision).rfind("linux-", 0) == 0) << k.revision;
    EXPECT_GT(std::string(k.why).size(), 10u) << k.revision << " " << k.signature();
    EXPECT_NE(std::string(k.spec).find("§"), std::string::npos) << k.revision << " " << k.signature();
    EXPECT_TRUE(seen.insert({k.revision, static_cast<int>(k.sig)}).second) << k.revision << " " << k.signature();
  }
}

}  // namespace
}  // namespace sf
