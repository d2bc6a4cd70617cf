// cli_test.cc - runs the built stopfuzz binary and checks exit codes and output.
//
// Spec: design.md §7 (replay prints a timeline; a failure is one line),
// cli/main.cc usage (exit status: 0 clean, 1 violation, 2 usage or I/O error).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/stop/mutations.h"
#include "harness/stop/properties.h"

namespace {

struct Result {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/stopfuzz_cli_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  Result run(const std::string& args, const std::string& env = "") {
    return run_shell(env + "'" + STOPFUZZ_BIN + "' " + args);
  }
  Result run_shell(const std::string& command) {
    Result r;
    const std::string out = dir_ + "/out", err = dir_ + "/err";
    const std::string cmd = command + " >'" + out + "' 2>'" + err + "' </dev/null";
    const int st = std::system(cmd.c_str());
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }
  std::string file(const std::string& name, const std::string& bytes) {
    const std::string p = dir_ + "/" + name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  static int lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
  }
  // "one-line error": the reason on one line (the binary adds a hint line
  // pointing at `stopfuzz help` for usage errors, never more).
  static void expect_short_error(const Result& r) {
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(r.err.rfind("stopfuzz: ", 0), 0u) << r.err;
    EXPECT_GE(lines(r.err), 1);
    EXPECT_LE(lines(r.err), 2) << r.err;
  }
  // I/O errors on an input file: exactly one line on stderr.
  static void expect_one_line_error(const Result& r) {
    expect_short_error(r);
    EXPECT_EQ(lines(r.err), 1) << r.err;
  }
  std::string dir_;
};

// replay --litmus (issue 11): the weak-memory seed of the DMB-vs-SMC window
// replayed on v4 writes v4's P10 counterexample as a C litmus test and
// exits 1 (the violation); on final the same tape shows no finding, so
// there is nothing to write: a one-line error, no timeline, no file.
TEST_F(Cli, ReplayLitmusWritesTheOrderingViolation) {
  const std::string seed = std::string(STOPFUZZ_SOURCE_DIR) + "/corpus/arm64/p10-dmb-vs-smc-window";
  const std::string out = dir_ + "/v4.litmus";
  const Result r = run("replay '" + seed + "' --revision v4 --memory arm64 --litmus '" + out + "'");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.out.find("verdict: VIOLATION P10"), std::string::npos) << r.out;
  const std::string text = slurp(out);
  EXPECT_EQ(text.rfind("C stopfuzz-v4-P10-stop-taken-as-backtrace\n", 0), 0u) << text;
  EXPECT_NE(text.find("P0(int *sdei_nmi_stopping, int *sdei_event0_sgi)"), std::string::npos) << text;
  EXPECT_NE(text.find("Replay: stopfuzz replay --repro sf2:v4:"), std::string::npos) << text;
  EXPECT_NE(text.find("\nexists (1:r0=1 /\\ 1:r1=0)\n"), std::string::npos) << text;

  const std::string none = dir_ + "/final.litmus";
  const Result f = run("replay '" + seed + "' --revision final --memory arm64 --litmus '" + none + "'");
  expect_one_line_error(f);
  EXPECT_NE(f.err.find("--litmus: the replay shows no finding"), std::string::npos) << f.err;
  EXPECT_FALSE(std::ifstream(none).good());
}

TEST_F(Cli, ReplayEmptyFileIsCleanAndPrintsTimeline) {
  Result r = run("replay '" + file("empty", "") + "'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("| cpu0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| cpu1"), std::string::npos);
  EXPECT_NE(r.out.find("IPI STOP -> 1"), std::string::npos);
  EXPECT_NE(r.out.find("verdict: clean"), std::string::npos);
}

TEST_F(Cli, ReplayMissingFileIsIoError) {
  Result r = run("replay '" + dir_ + "/no-such-file'");
  expect_one_line_error(r);
  EXPECT_NE(r.err.find("no-such-file"), std::string::npos);
}

TEST_F(Cli, ReplayDirectoryIsIoError) {
  Result r = run("replay '" + dir_ + "'");
  expect_one_line_error(r);
  EXPECT_NE(r.err.find("directory"), std::string::npos) << r.err;
}

TEST_F(Cli, ReplayOversizedFileIsRejected) {
  Result ok = run("replay '" + file("max", std::string(4096, '\0')) + "'");
  EXPECT_EQ(ok.code, 0) << "4096 bytes is the limit, not over it: " << ok.err;
  Result r = run("replay '" + file("big", std::string(4097, '\0')) + "'");
  expect_one_line_error(r);
  EXPECT_NE(r.err.find("4097"), std::string::npos) << r.err;
}

TEST_F(Cli, UnknownCommandAndOptionsAreUsageErrors) {
  expect_short_error(run("frobnicate"));
  expect_short_error(run("replay --no-such-option x"));
  expect_short_error(run("fuzz --no-such-option"));
  expect_short_error(run("list nothing-like-this"));
  expect_short_error(run("replay --revision no-such-revision '" + file("e", "") + "'"));
  expect_short_error(run("replay"));
  Result none = run("");
  EXPECT_EQ(none.code, 2);
}

// Revision names may contain ':' (src:linux-6.12): a repro string naming one
// decodes to that revision (here an unknown one, so the error names it).
TEST_F(Cli, ReproOfAKernelSourceRevisionDecodes) {
  Result r = run("replay --repro sf1:src:no-such-tree:-:0001");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown revision 'src:no-such-tree'"), std::string::npos) << r.err;
  Result ok = run("replay --repro sf1:final:-:0001");
  EXPECT_EQ(ok.code, 0) << ok.err;
}

TEST_F(Cli, KernelTreeErrorsAreOneLine) {
  Result r = run("replay --kernel-tree '" + dir_ + "/no-such-tree' '" + file("e2", "") + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no-such-tree: no such file or directory"), std::string::npos) << r.err;
  expect_short_error(run("fuzz --kernel-patch x.patch"));
}

TEST_F(Cli, HelpMentionsCommands) {
  Result r = run("help");
  EXPECT_EQ(r.code, 0);
  for (const char* w : {"fuzz", "replay", "minimize", "list"}) EXPECT_NE(r.out.find(w), std::string::npos) << w;
  EXPECT_EQ(run("--help").code, 0);
}

// Every command's --help comes from its CLI11 declarations: it exits 0,
// names each option the README documents for it, and fits a terminal.
TEST_F(Cli, HelpOfEveryCommandFitsAndNamesItsOptions) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
      {"fuzz",
       {"--revision", "--mutation", "--seconds", "--runs", "--seed", "--corpus", "--artifacts", "--keep-going",
        "--finding", "--minimize-budget", "--jobs", "--backend", "--quiet", "--kernel-tree", "--kernel-patch", "--kernel-name",
        "--kernel-work", "--known-findings-of"}},
      {"replay",
       {"--repro", "--revision", "--mutation", "--json", "--trace", "--html", "--litmus", "--no-sites", "--details",
        "--width", "--all-cpus", "--color", "--choices", "--backend", "--kernel-tree"}},
      {"minimize", {"FILE", "--revision", "--mutation", "--budget", "--finding", "--out", "--memory", "--kernel-tree"}},
      {"list", {"WHAT"}},
      {"kill-table",
       {"--seeds", "--budget", "--minimize-budget", "--mutation", "--revision", "--corpus", "--save", "--kernel-tree",
        "--kernel-patch", "--known-findings-of"}},
      {"litmus", {"FILE", "--memory", "--tape", "--max-executions", "--states"}},
  };
  for (const auto& [cmd, options] : commands) {
    for (const std::string& form : {cmd + " --help", "help " + cmd}) {
      Result r = run(form);
      EXPECT_EQ(r.code, 0) << form << r.err;
      for (const std::string& o : options) EXPECT_NE(r.out.find(o), std::string::npos) << form << " lacks " << o;
      std::istringstream lines(r.out);
      for (std::string l; std::getline(lines, l);) EXPECT_LE(l.size(), 100u) << form << ": " << l;
    }
  }
}

// Values are checked where the option is declared, with a one-line reason.
TEST_F(Cli, BadOptionValuesAreOneLineUsageErrors) {
  for (const char* args : {"fuzz --seconds x", "fuzz --seconds -1", "fuzz --runs 0", "fuzz --backend gpus",
                           "fuzz --jobs 0", "kill-table --seeds 0", "replay --backend x e", "list frob", "help frob"}) {
    Result r = run(args);
    expect_short_error(r);
    EXPECT_EQ(r.err.find("stopfuzz: stopfuzz:"), std::string::npos) << args << ": " << r.err;
  }
}

// `stopfuzz litmus` (issue 11): 0 when every file agrees with its Result:,
// 1 when one differs, 2 for a file that is not a litmus test; out of scope
// is neither; a witness's --tape replays to the state it printed.
TEST_F(Cli, LitmusExitStatusAndWitness) {
  const auto sb = [](const std::string& result, const std::string& barrier) {
    return "C SB\n(* Result: " + result + " *)\n{}\n"
           "P0(int *x, int *y) { int r0; WRITE_ONCE(*x, 1); " + barrier + " r0 = READ_ONCE(*y); }\n"
           "P1(int *x, int *y) { int r0; WRITE_ONCE(*y, 1); " + barrier + " r0 = READ_ONCE(*x); }\n"
           "exists (0:r0=0 /\\ 1:r0=0)\n";
  };
  const std::string agree = file("agree.litmus", sb("Sometimes", ""));
  const std::string fenced = file("fenced.litmus", sb("Never", "smp_mb();"));
  const std::string differ = file("differ.litmus", sb("Never", ""));
  const std::string rcu =
      file("rcu.litmus", "C R\n(* Result: Never *)\n{}\nP0(int *x) { synchronize_rcu(); }\nexists (x=1)\n");
  const std::string junk = file("junk.litmus", "not a litmus test\n");
  Result ok = run("litmus '" + agree + "' '" + fenced + "' '" + rcu + "'");
  EXPECT_EQ(ok.code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("SB: Sometimes, agrees"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("SB: Never, agrees"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("R: out of scope: P0 calls synchronize_rcu(): RCU"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("litmus: 2 agree, 0 differ"), std::string::npos) << ok.out;
  Result bad = run("litmus '" + differ + "'");
  EXPECT_EQ(bad.code, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("SB: Sometimes, DIFFERS from LKMM (Result: Never)"), std::string::npos) << bad.out;
  Result sc = run("litmus --memory sc '" + differ + "'");
  EXPECT_EQ(sc.code, 0) << sc.out << sc.err;
  Result err = run("litmus '" + junk + "' '" + agree + "'");
  EXPECT_EQ(err.code, 2) << err.out << err.err;
  EXPECT_NE(err.err.find("not a C litmus test"), std::string::npos) << err.err;
  // The witness printed with the verdict replays to the same state.
  const size_t at = bad.out.find("--tape ");
  ASSERT_NE(at, std::string::npos) << bad.out;
  const std::string tape = bad.out.substr(at + 7, bad.out.find(')', at) - at - 7);
  Result rep = run("litmus '" + differ + "' --tape " + tape);
  EXPECT_EQ(rep.code, 0) << rep.err;
  EXPECT_NE(rep.out.find("final: 0:r0=0 1:r0=0"), std::string::npos) << rep.out;
  EXPECT_EQ(run("litmus '" + differ + "' --tape 0g").code, 2);
}

TEST_F(Cli, ListPropertiesPrintsP1ToP16) {
  Result r = run("list properties");
  EXPECT_EQ(r.code, 0);
  ASSERT_EQ(sf::kPropertyCount, 16u);
  for (size_t i = 0; i < sf::kPropertyCount; ++i) {
    const sf::PropertyInfo& p = sf::property_info(static_cast<sf::Property>(i));
    EXPECT_NE(r.out.find(std::string("  ") + p.id + " "), std::string::npos) << p.id;
    EXPECT_NE(r.out.find(p.name), std::string::npos) << p.name;
  }
}

// A violating repro exits 1. Needs a catalogued mutation: the revision
// `final` only has known findings (exit 0), so without a mutation there is
// no honest violating input. Skipped, with the reason, while the mutation
// catalogue is empty; it turns on by itself once mutations.def has entries.
TEST_F(Cli, ViolatingReproExitsOne) {
  if (sf::mutations().empty()) GTEST_SKIP() << "mutation catalogue is empty: no violating input to replay";
  const sf::Mutation& m = sf::mutations().front();
  // Let a short campaign find the violation, then replay its repro string.
  Result f = run(std::string("fuzz --quiet --seconds 30 --runs 200000 --revision ") + m.revision + " --mutation " +
                 m.id + " --artifacts '" + dir_ + "'");
  ASSERT_EQ(f.code, 1) << f.out << f.err;
  const size_t at = f.out.find("--repro ");
  ASSERT_NE(at, std::string::npos) << f.out;
  const std::string repro = f.out.substr(at + 8, f.out.find('\n', at) - at - 8);
  Result r = run("replay --repro " + repro);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("verdict: VIOLATION"), std::string::npos);
}

// Every error path prints its reason once, behind one "stopfuzz: " (issue
// 14): a reason that already carries the prefix (ksrc_extract's, CLI11's)
// is not prefixed again, on any line.
// A mutation a revision does not carry would run the unmutated code under
// the mutation's name (its hooks are not there to fire): every command that
// takes --mutation says so instead, naming where the mutation is seeded.
TEST_F(Cli, AMutationTheRevisionDoesNotCarryIsAUsageError) {
  const std::string empty = file("empty", "");
  const std::vector<std::string> commands = {
      "replay --revision v1 --mutation handler-rmb '" + empty + "'",
      "replay --repro sf1:v1:handler-rmb:",
      "minimize --revision v1 --mutation handler-rmb '" + empty + "'",
      "fuzz --revision v1 --mutation handler-rmb --runs 10",
      "check --base final --candidate v1 --candidate-mutation handler-rmb --execs 100",
  };
  for (const std::string& args : commands) {
    Result r = run(args);
    expect_short_error(r);
    EXPECT_NE(r.err.find("mutation handler-rmb is not seeded into revision v1 (it is in final, v4"), std::string::npos)
        << args << ": " << r.err;
  }
  // Where it is seeded, the same command runs.
  EXPECT_EQ(run("replay --revision v4 --mutation handler-rmb '" + empty + "'").code, 0);
}

// fuzz, check and kill-table read --corpus directories one way (cli/input_files.h):
// tapes in name order, notes beside them not inputs, a file over the input
// size limit left out with one line, not silently and not as an error.
TEST_F(Cli, CorpusDirectoriesAreReadOneWay) {
  const std::string corpus = dir_ + "/corpus";
  ASSERT_EQ(std::system(("mkdir -p '" + corpus + "'").c_str()), 0);
  file("corpus/a-empty", "");
  file("corpus/b-tape", std::string("\x01\x00\x02", 3));
  file("corpus/notes.txt", "why these seeds\n");
  file("corpus/README.md", "# seeds\n");
  file("corpus/z-long", std::string(5000, '\x01'));
  Result c = run("check --base final --candidate final --execs 200 --corpus '" + corpus + "'");
  EXPECT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find(" 2 seed input(s)"), std::string::npos) << c.out;
  const std::string left_out = "'" + corpus + "': 1 file(s) over the input size limit of 4096 bytes left out";
  EXPECT_NE(c.err.find(left_out), std::string::npos) << c.err;
  Result f = run("fuzz --quiet --runs 50 --corpus '" + corpus + "'");
  EXPECT_EQ(f.code, 0) << f.err;
  EXPECT_NE(f.err.find(left_out), std::string::npos) << f.err;
  Result k = run("kill-table --mutation no-single-winner --seeds 1 --budget 50 --corpus '" + corpus + "'");
  EXPECT_NE(k.err.find(left_out), std::string::npos) << k.err;
}

TEST_F(Cli, EveryErrorPathHasOnePrefix) {
  const std::string tree = dir_ + "/not-a-tree";
  std::system(("mkdir -p '" + tree + "'").c_str());
  const std::string empty = file("empty", "");
  const std::vector<std::string> paths = {
      "frobnicate",
      "replay",
      "replay --no-such-option",
      "replay '" + dir_ + "/missing'",
      "replay '" + dir_ + "'",
      "replay '" + file("big", std::string(4097, '\0')) + "'",
      "replay --repro nonsense",
      "replay --repro sf1:final:-:0",
      "replay --repro sf1:final:-:zz",
      "replay --repro sf2:final:-:0011",
      "replay --repro sf1:no-such:-:00",
      "replay --repro sf1:src:linux-6.12+tree:-:00",
      "replay --mutation no-such '" + empty + "'",
      "replay --revision no-such '" + empty + "'",
      "replay --kernel-tree '" + tree + "' '" + empty + "'",
      "replay --kernel-tree '" + dir_ + "/missing-tree' '" + empty + "'",
      "replay --kernel-patch x.patch '" + empty + "'",
      "replay --trace '" + dir_ + "/no/such/dir/t.json' '" + empty + "'",
      "replay --html '" + dir_ + "/x.html' '" + empty + "' '" + empty + "'",
      "replay --width -3 '" + empty + "'",
      "replay --color sometimes '" + empty + "'",
      "minimize",
      "minimize '" + empty + "'",
      "minimize '" + dir_ + "/missing'",
      "minimize --budget 0 '" + empty + "'",
      "fuzz --corpus '" + dir_ + "/missing' --seconds 1",
      "fuzz --seconds x",
      "fuzz --mutation no-such --seconds 1",
      "fuzz --kernel-tree '" + tree + "' --seconds 1",
      "kill-table --mutation no-such",
      "kill-table --revision no-such",
      "kill-table --revision final --kernel-tree '" + tree + "'",
      "kill-table --kernel-tree '" + dir_ + "/missing-tree'",
      "list frob",
      "help frob",
  };
  for (const std::string& args : paths) {
    Result r = run(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.err;
    EXPECT_EQ(r.err.find("stopfuzz: stopfuzz:"), std::string::npos) << args << ": " << r.err;
    std::istringstream lines(r.err);
    bool reason = false;
    for (std::string l; std::getline(lines, l);) {
      size_t n = 0;
      for (size_t at = l.find("stopfuzz:"); at != std::string::npos; at = l.find("stopfuzz:", at + 1)) ++n;
      EXPECT_LE(n, 1u) << args << ": " << l;
      reason |= l.rfind("stopfuzz: ", 0) == 0;
    }
    EXPECT_TRUE(reason) << args << ": " << r.err;
  }
}

// The progress of a campaign whose stderr is a log, not a terminal: a line
// of its own every ProgressLine::kLogEvery (5) seconds, no carriage return
// (a rewritten line piles every update onto one line of a CI log), no
// trailing blanks; the summary on stdout as always.
TEST_F(Cli, ProgressInALogIsOneLineEveryFiveSeconds) {
  Result r = run("fuzz --seconds 6 --corpus '" + std::string(STOPFUZZ_SOURCE_DIR) + "/corpus/final' --artifacts '" +
                 dir_ + "/art'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  std::istringstream in(r.err);
  std::vector<std::string> progress;
  for (std::string l; std::getline(in, l);)
    if (l.rfind("[", 0) == 0) progress.push_back(l);
  ASSERT_EQ(progress.size(), 1u) << r.err;  // at 5 s (printed "5s", or "6s" if late); the run ends at 6
  EXPECT_NE(progress[0].find("s] execs "), std::string::npos) << progress[0];
  EXPECT_NE(progress[0].back(), ' ') << progress[0];
  EXPECT_NE(r.out.find("summary: revision final: "), std::string::npos) << r.out;
}

// --revision and --kernel-tree both name the code under test: every command
// that takes both refuses the pair before building anything, rather than
// letting the tree win silently (fuzz's --revision has a default, so it
// could not tell before).
TEST_F(Cli, RevisionAndKernelTreeTogetherAreRefusedByEveryCommand) {
  const std::string tree = dir_ + "/tree-never-built";
  std::system(("mkdir -p '" + tree + "'").c_str());
  const std::string empty = file("empty", "");
  const std::string both = " --revision final --kernel-tree '" + tree + "'";
  for (const std::string& args : {"fuzz --seconds 1" + both, "replay '" + empty + "'" + both,
                                  "minimize '" + empty + "'" + both, "kill-table" + both}) {
    Result r = run(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.err;
    EXPECT_NE(r.err.find("--revision and --kernel-tree both name the code under test: give one"), std::string::npos)
        << args << ": " << r.err;
    EXPECT_EQ(r.err.find("building"), std::string::npos) << args << ": " << r.err;
  }
  // Each alone is not refused for being alone: the same commands with the
  // revision only get past the check (fuzz runs, and is clean).
  Result r = run("fuzz --quiet --revision final --runs 10 --seconds 5 --artifacts '" + dir_ + "/art'");
  EXPECT_EQ(r.code, 0) << r.err;
}

// A violating input of the first catalogued mutation, as the campaign saves it before minimizing.
struct Violating {
  std::string revision, mutation, original;
};

class CliFinding : public Cli {
 protected:
  Violating find() {
    const sf::Mutation& m = sf::mutations().front();
    Result f = run(std::string("fuzz --quiet --runs 200000 --seconds 30 --revision ") + m.revision + " --mutation " +
                   m.id + " --corpus '" + STOPFUZZ_SOURCE_DIR + "/corpus/final' --artifacts '" + dir_ + "/art'");
    EXPECT_EQ(f.code, 1) << f.out << f.err;
    const size_t at = f.out.find("saved ");
    EXPECT_NE(at, std::string::npos) << f.out;
    const std::string saved = f.out.substr(at + 6, f.out.find('\n', at) - at - 6);
    return {m.revision, m.id, saved + ".orig"};
  }
};

// `minimize` keeps the property and signature, reaches a fixed point, and
// says how big the input was before and after.
TEST_F(CliFinding, MinimizeKeepsTheFindingToAFixedPoint) {
  ASSERT_FALSE(sf::mutations().empty());
  const Violating v = find();
  const std::string opts = " --revision " + v.revision + " --mutation " + v.mutation;
  Result before = run("replay --no-sites" + opts + " '" + v.original + "'");
  ASSERT_EQ(before.code, 1) << before.out;
  const auto verdict_of = [](const std::string& out) {
    const size_t at = out.find("verdict: ");
    return at == std::string::npos ? out : out.substr(at, out.find('\n', at) - at);
  };
  const std::string verdict = verdict_of(before.out);
  Result m = run("minimize" + opts + " --out '" + dir_ + "/min' '" + v.original + "'");
  ASSERT_EQ(m.code, 0) << m.out << m.err;
  for (const char* w : {"before: ", "after:  ", " bytes, ", " CPUs, ", " events, ", "fixed point", "replay: "})
    EXPECT_NE(m.out.find(w), std::string::npos) << w << "\n" << m.out;
  const std::string min = dir_ + "/min/" + v.original.substr(v.original.rfind('/') + 1) + ".min";
  const std::string bytes = slurp(min), original = slurp(v.original);
  EXPECT_LE(bytes.size(), original.size());
  Result after = run("replay --no-sites" + opts + " '" + min + "'");
  EXPECT_EQ(after.code, 1);
  EXPECT_EQ(verdict_of(after.out), verdict);
  // A fixed point: minimizing again changes nothing.
  Result again = run("minimize" + opts + " '" + min + "'");
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(slurp(min + ".min"), bytes);
  // The printed replay line replays the minimized input to the same verdict.
  const size_t at = m.out.find("replay: stopfuzz replay ");
  ASSERT_NE(at, std::string::npos);
  const std::string line = m.out.substr(at + 24, m.out.find('\n', at) - at - 24);
  Result rep = run("replay --no-sites " + line);
  EXPECT_EQ(rep.code, 1) << line << rep.err;
  EXPECT_EQ(verdict_of(rep.out), verdict);
}

// --keep-going: every distinct finding minimized and saved with its
// original, one summary line per finding with its count.
TEST_F(CliFinding, KeepGoingSavesEachDistinctFindingMinimized) {
  ASSERT_FALSE(sf::mutations().empty());
  const sf::Mutation& m = sf::mutations().front();
  Result f =
      run(std::string("fuzz --quiet --keep-going --runs 3000 --seconds 60 --revision ") + m.revision + " --mutation " +
          m.id + " --corpus '" + STOPFUZZ_SOURCE_DIR + "/corpus/final' --artifacts '" + dir_ + "/art'");
  ASSERT_EQ(f.code, 1) << f.out << f.err;
  std::istringstream lines(f.out);
  size_t findings = 0;
  unsigned long long total = 0;
  for (std::string l; std::getline(lines, l);) {
    if (l.rfind("finding ", 0) != 0) continue;
    ++findings;
    total += std::stoull(l.substr(l.find(": ") + 2));
    EXPECT_NE(l.find(" -> "), std::string::npos) << l;
    std::string saved;
    std::getline(lines, saved);
    saved = saved.substr(saved.find("saved ") + 6);
    EXPECT_FALSE(slurp(saved + ".orig").empty() && slurp(saved).size() > 0) << saved;
    EXPECT_LE(slurp(saved).size(), slurp(saved + ".orig").size()) << saved;
  }
  EXPECT_GE(findings, 1u) << f.out;
  const size_t v = f.out.find("violation(s)");
  ASSERT_NE(v, std::string::npos);
  const size_t num = f.out.rfind(' ', f.out.rfind(' ', v) - 1);
  EXPECT_EQ(total, std::stoull(f.out.substr(num + 1))) << "the counts add up to the violations";
}

// --finding: a named finding, known or not, looked for by the campaign and
// kept by `minimize` (a known bug's input made short enough to post).
TEST_F(Cli, KnownFindingsAreFoundAndMinimizedByName) {
  Result f =
      run(std::string("fuzz --quiet --revision v3 --finding 'P7 null-regs' --runs 100000 --seconds 60 --corpus '") +
          STOPFUZZ_SOURCE_DIR + "/corpus/final' --artifacts '" + dir_ + "/art'");
  ASSERT_EQ(f.code, 1) << f.out << f.err;
  EXPECT_EQ(f.out.find("finding P7 null-regs: "), f.out.find('\n') + 1) << f.out;
  const size_t at = f.out.find("saved ");
  ASSERT_NE(at, std::string::npos);
  const std::string orig = f.out.substr(at + 6, f.out.find('\n', at) - at - 6) + ".orig";
  Result plain = run("minimize --revision v3 '" + orig + "'");
  EXPECT_EQ(plain.code, 2);
  EXPECT_NE(plain.err.find("P7 null-regs (known)"), std::string::npos) << plain.err;
  EXPECT_NE(plain.err.find("--finding"), std::string::npos) << plain.err;
  Result named = run("minimize --revision v3 --finding 'P7 null-regs' '" + orig + "'");
  EXPECT_EQ(named.code, 0) << named.err;
  EXPECT_NE(named.out.find(": P7 null-regs\n"), std::string::npos) << named.out;
  EXPECT_LE(slurp(orig + ".min").size(), slurp(orig).size());
}

// A weak-memory finding is minimized under the model it shows in: without
// --memory the error names the model it needs; with it, the input shrinks and
// the printed replay line carries --memory and replays to the same verdict.
TEST_F(Cli, MinimizeTakesTheMemoryModel) {
  const std::string tape = std::string(STOPFUZZ_SOURCE_DIR) + "/corpus/regressions/dmb-before-signal.tape";
  const std::string copy = dir_ + "/dmb.tape";
  ASSERT_EQ(run("replay --mutation dmb-before-signal --memory arm64 --no-sites '" + tape + "'").code, 1);
  std::filesystem::copy_file(tape, copy, std::filesystem::copy_options::overwrite_existing);
  Result sc = run("minimize --mutation dmb-before-signal '" + copy + "'");
  EXPECT_EQ(sc.code, 2) << sc.out;
  EXPECT_NE(sc.err.find("under memory model sc"), std::string::npos) << sc.err;
  EXPECT_NE(sc.err.find("(under --memory arm64 it shows P10 stop-taken-as-backtrace)"), std::string::npos) << sc.err;
  Result arm = run("minimize --mutation dmb-before-signal --memory arm64 '" + copy + "'");
  ASSERT_EQ(arm.code, 0) << arm.err;
  EXPECT_NE(arm.out.find(": P10 stop-taken-as-backtrace\n"), std::string::npos) << arm.out;
  const size_t at = arm.out.find("replay: stopfuzz replay ");
  ASSERT_NE(at, std::string::npos) << arm.out;
  const std::string line = arm.out.substr(at + 24, arm.out.find('\n', at) - at - 24);
  EXPECT_NE(line.find(" --memory arm64"), std::string::npos) << line;
  Result rep = run("replay --no-sites " + line);
  EXPECT_EQ(rep.code, 1) << line << rep.err;
  EXPECT_NE(rep.out.find("verdict: VIOLATION P10 [stop-taken-as-backtrace]"), std::string::npos) << rep.out;
}

// The repro string names the build of the code under test; replay warns when it differs.
TEST_F(Cli, ReproNamesTheBuildAndReplayWarnsWhenItDiffers) {
  ASSERT_FALSE(sf::mutations().empty());
  const sf::Mutation& m = sf::mutations().front();
  Result f = run(std::string("fuzz --quiet --runs 200000 --seconds 30 --revision ") + m.revision + " --mutation " +
                 m.id + " --artifacts '" + dir_ + "'");
  ASSERT_EQ(f.code, 1);
  const size_t at = f.out.find("--repro sf2:");
  ASSERT_NE(at, std::string::npos) << f.out;
  const std::string repro = f.out.substr(at + 8, f.out.find('\n', at) - at - 8);
  Result same = run("replay --repro " + repro);
  EXPECT_EQ(same.code, 1);
  EXPECT_EQ(same.err.find("warning"), std::string::npos) << same.err;
  EXPECT_NE(same.out.find("repro: stopfuzz replay --repro " + repro), std::string::npos) << same.out;
  // Another build id: same replay, one warning line naming both builds.
  const size_t hex = repro.rfind(':'), build = repro.rfind(':', hex - 1);
  const std::string other = repro.substr(0, build + 1) + "000000000000" + repro.substr(hex);
  Result diff = run("replay --repro " + other);
  EXPECT_EQ(diff.code, 1);
  EXPECT_NE(diff.err.find("stopfuzz: warning: "), std::string::npos) << diff.err;
  EXPECT_NE(diff.err.find("000000000000"), std::string::npos) << diff.err;
  EXPECT_NE(diff.err.find(repro.substr(build + 1, hex - build - 1)), std::string::npos) << diff.err;
  // An sf1 string (no build) still replays, without a warning.
  Result old = run("replay --repro sf1:" + repro.substr(4, build - 4) + repro.substr(hex));
  EXPECT_EQ(old.code, 1) << old.err;
  EXPECT_EQ(old.err.find("warning"), std::string::npos) << old.err;
}

// --width, $COLUMNS and the terminal decide the width; colour only on a
// terminal without NO_COLOR, or with --color always.
TEST_F(Cli, TimelineFitsTheWidthAndColoursOnlyATerminal) {
  const std::string in = file("eight", std::string("\x06\x01\x00\x01", 4));  // 8 CPUs
  for (const auto& [args, width] : std::vector<std::pair<std::string, size_t>>{
           {"replay --width 70 ", 70}, {"replay --width 120 ", 120}, {"replay ", 100}}) {
    Result r = run(args + "'" + in + "'");
    EXPECT_EQ(r.code, 0) << r.err;
    std::istringstream lines(r.out);
    size_t widest = 0;
    for (std::string l; std::getline(lines, l);) widest = std::max(widest, l.size());
    EXPECT_LE(widest, width) << args << "\n" << r.out;
    EXPECT_GT(widest, width * 2 / 3) << args << "\n" << r.out;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "colour on a pipe";
    EXPECT_EQ(r.out.find('~'), std::string::npos);
  }
  Result cols = run("replay '" + in + "' --color always", "COLUMNS=72 ");
  std::istringstream lines(cols.out);
  for (std::string l; std::getline(lines, l);) {
    std::string plain;
    for (size_t i = 0; i < l.size(); ++i) {
      if (l[i] == '\x1b') {
        while (i < l.size() && l[i] != 'm') ++i;
        continue;
      }
      plain += l[i];
    }
    EXPECT_LE(plain.size(), 72u) << plain;
  }
  EXPECT_NE(cols.out.find("\x1b["), std::string::npos);
  // A terminal (script(1) gives one): colour unless NO_COLOR is set.
  const std::string cmd = std::string("'") + STOPFUZZ_BIN + "' replay '" + in + "'";
  Result tty = run_shell("script -qec \"" + cmd + "\" /dev/null");
  EXPECT_NE(tty.out.find("\x1b["), std::string::npos) << tty.out;
  Result no = run_shell("NO_COLOR=1 script -qec \"" + cmd + "\" /dev/null");
  EXPECT_EQ(no.out.find("\x1b["), std::string::npos) << no.out;
  EXPECT_NE(no.out.find("verdict: clean"), std::string::npos) << no.out;
}

// --json through nlohmann-json honours --no-sites.
TEST_F(Cli, JsonHonoursNoSites) {
  const std::string in = file("two", std::string("\x00\x00\x00\x01", 4));
  Result with = run("replay --json '" + in + "'");
  Result without = run("replay --json --no-sites '" + in + "'");
  EXPECT_NE(with.out.find("\"site\":"), std::string::npos);
  EXPECT_EQ(without.out.find("\"site\":"), std::string::npos);
  EXPECT_EQ(without.out.find("\"func\":"), std::string::npos);
  EXPECT_EQ(lines(with.out), lines(without.out));
}

// --jobs 2: two worker processes from no seeds (so each finds its own way
// there, from its own seed) on a seeded mutation. The first violation stops
// both: the budget of executions (a million per worker) is far from spent,
// and the summary counts what each worker ran.
TEST_F(Cli, JobsTwoFindsAMutationAndTheFirstViolationStopsBoth) {
  const std::string empty = dir_ + "/empty";
  ASSERT_EQ(std::system(("mkdir -p '" + empty + "'").c_str()), 0);
  Result f = run("fuzz --quiet --jobs 2 --runs 2000000 --revision final --mutation stopping-after-signals --corpus '" +
                 empty + "' --artifacts '" + dir_ + "'");
  ASSERT_EQ(f.code, 1) << f.out << f.err;
  EXPECT_NE(f.err.find("stopfuzz: VIOLATION P10"), std::string::npos) << f.err;
  const size_t at = f.out.find("workers: 2: ");
  ASSERT_NE(at, std::string::npos) << f.out;
  unsigned long long w0 = 0, w1 = 0;
  ASSERT_EQ(sscanf(f.out.c_str() + at, "workers: 2: %llu + %llu executions", &w0, &w1), 2) << f.out;
  EXPECT_GT(w0, 0u);
  EXPECT_GT(w1, 0u);
  EXPECT_LT(w0 + w1, 200000u) << "a worker ran on after the first violation";
  unsigned long long total = 0;
  const size_t s = f.out.find("summary: ");
  ASSERT_NE(s, std::string::npos);
  ASSERT_EQ(sscanf(f.out.c_str() + f.out.find(": ", s + 9) + 2, "%llu executions", &total), 1) << f.out;
  EXPECT_EQ(total, w0 + w1);
  EXPECT_NE(f.out.find("first violation: P10"), std::string::npos) << f.out;
}

}  // namespace

// --known-findings-of chooses whose list judges the findings (issue 9: a
// developer's tree named otherwise says which list applies). The input is
// final's nested SDEI stop (P4 sdei-in-irq, P5 entered-twice): known to
// final and to linux-7.3 (the same code), not to linux-6.12.
TEST_F(Cli, KnownFindingsOfChoosesTheList) {
  const std::string bytes("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf3\x00\x9b\xd9\x00\x00\x00\x01\x01\x01"
                          "\x00\x01\x01\x01",
                          26);
  const std::string tape = file("nested.tape", bytes);
  Result own = run("replay --revision final '" + tape + "'");
  EXPECT_EQ(own.code, 0) << own.out << own.err;
  EXPECT_NE(own.out.find("sdei-in-irq] (known)"), std::string::npos) << own.out;
  Result merged = run("replay --revision final --known-findings-of src:linux-7.3 '" + tape + "'");
  EXPECT_EQ(merged.code, 0) << merged.out << merged.err;
  Result other = run("replay --revision final --known-findings-of linux-6.12 '" + tape + "'");
  EXPECT_EQ(other.code, 1) << other.out << other.err;
  // The repro line carries the list, so pasted it gives the same verdict.
  EXPECT_NE(other.out.find("--known-findings-of linux-6.12"), std::string::npos) << other.out;
  Result bad = run("replay --known-findings-of no-such-list '" + tape + "'");
  expect_one_line_error(bad);
  EXPECT_NE(bad.err.find("no-such-list"), std::string::npos) << bad.err;
}
