// cmd_check_test.cc - `stopfuzz check` as a CI job runs it: exit status, report, JUnit and SARIF files, usage errors.
//
// Spec: issue 10 (exit 0 nothing new, 1 new, 2 usage/I/O/build error; a
// --max-seconds cap says so in the report and the exit status: 3);
// cli/cmd_check.cc. Small budgets (--execs): every strategy still runs.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

class CheckCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stopfuzz_check_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs the binary; stdout and stderr into out_ and err_, the exit status returned.
  int check(const std::string& args) {
    const fs::path o = dir_ / "stdout", e = dir_ / "stderr";
    const std::string cmd =
        std::string("'") + STOPFUZZ_BIN + "' check " + args + " >'" + o.string() + "' 2>'" + e.string() + "'";
    const int st = std::system(cmd.c_str());
    out_ = text(o);
    err_ = text(e);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  static std::string text(const fs::path& p) {
    std::ifstream f(p);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
  void expect_usage_error(const std::string& args, const std::string& needle) {
    EXPECT_EQ(check(args), 2) << args << "\n" << out_ << err_;
    EXPECT_TRUE(out_.empty()) << out_;
    EXPECT_EQ(err_.rfind("stopfuzz: ", 0), 0u) << err_;
    EXPECT_NE(err_.find(needle), std::string::npos) << err_;
    EXPECT_EQ(err_.find("stopfuzz: stopfuzz:"), std::string::npos) << err_;
  }
  fs::path dir_;
  std::string out_, err_;
};

TEST_F(CheckCli, FinalAgainstFinalIsCleanExitZero) {
  ASSERT_EQ(check("--quiet --base final --candidate final --execs 3000"), 0) << out_ << err_;
  EXPECT_NE(out_.find("\nNEW (0)\n"), std::string::npos) << out_;
  EXPECT_NE(out_.find("\nFIXED (0)\n"), std::string::npos) << out_;
  EXPECT_NE(out_.find("result: 0 new, 0 fixed"), std::string::npos) << out_;
  EXPECT_TRUE(err_.empty()) << "--quiet: " << err_;
}

TEST_F(CheckCli, AMutationIsNewExitOneWithReportFiles) {
  const fs::path junit = dir_ / "check.xml", sarif = dir_ / "check.sarif";
  ASSERT_EQ(check("--quiet --base final --candidate final --candidate-mutation nmi-first --execs 3000 --junit '" +
                  junit.string() + "' --sarif '" + sarif.string() + "'"),
            1)
      << out_ << err_;
  EXPECT_EQ(out_.find("\nNEW (0)\n"), std::string::npos) << out_;
  EXPECT_NE(out_.find("  P13 "), std::string::npos) << "nmi-first breaks rung gating (P13):\n" << out_;
  EXPECT_NE(out_.find("replay candidate: stopfuzz replay --repro sf1:final:nmi-first:"), std::string::npos) << out_;
  EXPECT_NE(out_.find("replay base:      stopfuzz replay --repro sf1:final:-:"), std::string::npos) << out_;
  EXPECT_NE(text(junit).find("<failure type=\"NEW\" message=\"P13 "), std::string::npos) << text(junit);
  EXPECT_NE(text(sarif).find("\"ruleId\": \"P13\""), std::string::npos) << text(sarif);
}

TEST_F(CheckCli, EveryStrategyCanBeChosenAlone) {
  for (const char* s : {"coverage", "pct", "exhaustive", "random"}) {
    EXPECT_EQ(check(std::string("--quiet --base final --candidate final --execs 500 --strategy ") + s), 0) << err_;
    EXPECT_NE(out_.find(std::string("\n  ") + s + ": "), std::string::npos) << s << ":\n" << out_;
  }
}

TEST_F(CheckCli, MaxSecondsCutsItShortExitThree) {
  ASSERT_EQ(check("--quiet --base final --candidate final --execs 100000000 --max-seconds 0.5"), 3) << out_ << err_;
  EXPECT_NE(out_.find("INCOMPLETE: --max-seconds 0.5"), std::string::npos) << out_;
}

// --jobs N: the units of each phase on N workers, merged in unit order:
// the same report, JUnit and SARIF bytes and exit status for every N, on a
// check with NEW and FIXED findings (a mutation on each side) and a clean one.
TEST_F(CheckCli, JobsChangeNothingButTheWallTime) {
  const std::string both_mutated =
      "--base final --base-mutation stale-snapshots --candidate final --candidate-mutation nmi-first";
  for (const std::string& sides : {both_mutated, std::string("--base final --candidate final")}) {
    std::string want_out, want_junit, want_sarif;
    int want_rc = -1;
    for (int jobs : {1, 2, 3}) {
      const fs::path junit = dir_ / "check.xml", sarif = dir_ / "check.sarif";
      const int rc = check(sides + " --execs 3000 --confirm-execs 1000 --jobs " + std::to_string(jobs) + " --junit '" +
                           junit.string() + "' --sarif '" + sarif.string() + "'");
      ASSERT_TRUE(rc == 0 || rc == 1) << sides << " --jobs " << jobs << ":\n" << out_ << err_;
      if (jobs > 1) EXPECT_NE(err_.find("on " + std::to_string(jobs) + " worker(s)"), std::string::npos) << err_;
      if (jobs == 1) {
        want_out = out_, want_junit = text(junit), want_sarif = text(sarif), want_rc = rc;
        if (sides == both_mutated) {
          EXPECT_EQ(rc, 1);
          EXPECT_NE(out_.find("\n  P13 "), std::string::npos) << "nmi-first is NEW:\n" << out_;
          EXPECT_EQ(out_.find("\nFIXED (0)\n"), std::string::npos) << "stale-snapshots is FIXED:\n" << out_;
        } else {
          EXPECT_EQ(rc, 0) << out_;
        }
        continue;
      }
      EXPECT_EQ(rc, want_rc) << sides << " --jobs " << jobs;
      EXPECT_EQ(out_, want_out) << sides << " --jobs " << jobs;
      EXPECT_EQ(text(junit), want_junit) << sides << " --jobs " << jobs;
      EXPECT_EQ(text(sarif), want_sarif) << sides << " --jobs " << jobs;
    }
  }
}

TEST_F(CheckCli, UsageErrorsAreOneLineExitTwo) {
  expect_usage_error("--candidate final", "no base");
  expect_usage_error("--base final", "no candidate");
  expect_usage_error("--base no-such --candidate final", "unknown revision 'no-such'");
  expect_usage_error("--base final --candidate final --candidate-mutation no-such", "unknown mutation 'no-such'");
  expect_usage_error("--base final --candidate final --strategy no-such", "unknown strategy 'no-such'");
  expect_usage_error("--base final --base-kernel-tree /nonexistent --candidate final", "exclude each other");
  expect_usage_error("--base final --candidate-kernel-patch x.patch", "need --candidate-kernel-tree");
  expect_usage_error("--base final --candidate final --corpus /nonexistent-dir", "/nonexistent-dir");
  expect_usage_error("--base final --candidate final --execs 0", "--execs");
  for (const char* bad : {"0", "-1", "x"}) {
    expect_usage_error(std::string("--base final --candidate final --jobs ") + bad, "--jobs");
    // One line naming the value, then the usual pointer to --help.
    const std::string first = err_.substr(0, err_.find('\n'));
    EXPECT_NE(first.find(std::string("'") + bad + "'"), std::string::npos) << err_;
    EXPECT_EQ(err_.substr(first.size()), "\n(see `stopfuzz check --help`)\n") << err_;
  }
}

TEST_F(CheckCli, AnUnwritableReportIsAnIoError) {
  EXPECT_EQ(check("--quiet --base final --candidate final --execs 100 --junit /nonexistent-dir/x.xml"), 2);
  EXPECT_NE(err_.find("/nonexistent-dir/x.xml"), std::string::npos) << err_;
}

}  // namespace
