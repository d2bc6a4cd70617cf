// litmus_test.cc - stopfuzz litmus on tests written here: the reader, the scope check, the compiled processes, the
// verdicts.
//
// Spec: issue 11, harness/litmus/, docs/memory_model.md (M1-M14). The
// programs are the classic shapes (SB, MP, ...) written for this test; the
// kernel's own suites are run by litmus_suite_test.cc.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "harness/litmus/litmus_check.h"
#include "harness/litmus/litmus_codegen.h"
#include "harness/litmus/litmus_test.h"

namespace sf::litmus {
namespace {

std::string write_test(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name + ".litmus";
  std::ofstream(path) << text;
  return path;
}

// Store buffering: each CPU stores, then loads the other's variable.
std::string sb(const std::string& barrier, const std::string& result) {
  return "C SB" + barrier + "\n\n(*\n * Result: " + result +
         "\n *)\n\n{}\n\n"
         "P0(int *x, int *y)\n{\n\tint r0;\n\n\tWRITE_ONCE(*x, 1);\n\t" +
         barrier +
         "\n\tr0 = READ_ONCE(*y);\n}\n\n"
         "P1(int *x, int *y)\n{\n\tint r0;\n\n\tWRITE_ONCE(*y, 1);\n\t" +
         barrier +
         "\n\tr0 = READ_ONCE(*x);\n}\n\n"
         "exists (0:r0=0 /\\ 1:r0=0)\n";
}

// Message passing with a writer-side and a reader-side ordering.
std::string mp(const std::string& write_flag, const std::string& read_flag, const std::string& result) {
  return "C MP\n(* Result: " + result +
         " *)\n{ buf = 0; }\n"
         "P0(int *buf, int *flag) // writer\n{\n\tWRITE_ONCE(*buf, 1);\n\t" +
         write_flag +
         ";\n}\n"
         "P1(int *buf, int *flag)\n{\n\tint r0;\n\tint r1;\n\n\tr0 = " +
         read_flag +
         ";\n\tr1 = READ_ONCE(*buf);\n}\n"
         "exists (1:r0=1 /\\ 1:r1=0) (* the bad outcome *)\n";
}

FileResult run(const std::string& name, const std::string& text, MemoryModel m = MemoryModel::kArm64) {
  ExploreOptions opt;
  opt.memory = m;
  return check_file(write_test(name, text), opt);
}

TEST(LitmusReader, ReadsTheParts) {
  sf::litmus::Test t;
  std::string err;
  ASSERT_TRUE(
      parse_test("C MP+x\n(*\n * Result: Never\n *)\n{\n\tint x = 1;\n\tatomic_t v = ATOMIC_INIT(2);\n}\n"
                 "P0(int *x, atomic_t *v) { WRITE_ONCE(*x, 2); }\n"
                 "P1(int *x) { int r0 = READ_ONCE(*x); }\n"
                 "locations [x; 1:r0]\nfilter (1:r0=1)\nexists (x=2 /\\ ~(1:r0=1) \\/ 1:r0!=7)\n",
                 "t.litmus", &t, &err))
      << err;
  EXPECT_EQ(t.name, "MP+x");
  EXPECT_EQ(t.result, "Never");
  ASSERT_EQ(t.vars.size(), 2u);
  EXPECT_EQ(t.vars[0].type, "int");
  EXPECT_EQ(t.vars[0].init, "1");
  EXPECT_EQ(t.vars[1].type, "atomic_t");
  EXPECT_EQ(t.vars[1].init, "ATOMIC_INIT(2)");
  ASSERT_EQ(t.procs.size(), 2u);
  EXPECT_NE(t.procs[1].body.find("READ_ONCE(*x)"), std::string::npos);
  ASSERT_TRUE(t.filter && t.cond);
  EXPECT_EQ(t.quantifier, Quantifier::kExists);
  const std::vector<Location> obs = observed_locations(t);
  ASSERT_EQ(obs.size(), 2u);
  EXPECT_EQ(obs[0].text(), "x");
  EXPECT_EQ(obs[1].text(), "1:r0");
  // x=2 /\ ~(r0=1) \/ r0!=7: the disjunction binds loosest.
  const auto value = [&](long x, long r0) {
    return eval_cond(
        *t.cond, [&](const Location& l) { return l.proc < 0 ? x : r0; },
        [](const std::string& v, long* o) {
          *o = std::stol(v);
          return true;
        });
  };
  EXPECT_TRUE(value(2, 0));
  EXPECT_TRUE(value(2, 7));
  EXPECT_TRUE(value(1, 1));
  EXPECT_FALSE(value(1, 7));
}

TEST(LitmusReader, RejectsWhatIsNotALitmusTest) {
  sf::litmus::Test t;
  std::string err;
  EXPECT_FALSE(parse_test("int main(void) { return 0; }\n", "a.c", &t, &err));
  EXPECT_NE(err.find("not a C litmus test"), std::string::npos) << err;
  sf::litmus::Test u;
  EXPECT_FALSE(parse_test("C x\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\n", "b", &u, &err));
  EXPECT_NE(err.find("no exists"), std::string::npos) << err;
  sf::litmus::Test v;
  EXPECT_FALSE(parse_test("C x\n{}\nP0(int *x) { WRITE_ONCE(*x, 1);\nexists (x=1)\n", "c", &v, &err));
  EXPECT_NE(err.find("no matching"), std::string::npos) << err;
}

TEST(LitmusScope, UnknownAndOutOfScopePrimitivesAreNamed) {
  sf::litmus::Test t;
  std::string err;
  ASSERT_TRUE(
      parse_test("C r\n(* Result: Never *)\n{}\nP0(int *x) { rcu_read_lock(); WRITE_ONCE(*x, 1); "
                 "rcu_read_unlock(); }\nexists (x=2)\n",
                 "r", &t, &err));
  EXPECT_NE(out_of_scope_reason(t).find("calls rcu_read_lock(): RCU"), std::string::npos) << out_of_scope_reason(t);
  sf::litmus::Test u;
  ASSERT_TRUE(parse_test("C u\n(* Result: Never *)\n{}\nP0(int *x) { frobnicate(x); }\nexists (x=2)\n", "u", &u, &err));
  EXPECT_NE(out_of_scope_reason(u).find("frobnicate(), a primitive the shim does not map"), std::string::npos);
  sf::litmus::Test w;
  ASSERT_TRUE(parse_test(
      "C w\n(* Result: Never *)\n{}\nP0(int **p) { int *r0; r0 = READ_ONCE(*p); }\nexists (0:r0=0)\n", "w", &w, &err));
  EXPECT_NE(out_of_scope_reason(w).find("address dependency"), std::string::npos);
  sf::litmus::Test d;
  ASSERT_TRUE(
      parse_test("C d\n(* Result: DEADLOCK *)\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=2)\n", "d", &d, &err));
  EXPECT_NE(out_of_scope_reason(d).find("DEADLOCK"), std::string::npos);
  // Through the whole path: out of scope, not an error.
  const FileResult r = run("rcu", "C rcu\n(* Result: Never *)\n{}\nP0(int *x) { synchronize_rcu(); }\nexists (x=1)\n");
  EXPECT_EQ(r.status, Status::kOutOfScope);
}

// M1 store buffer: SB is allowed on arm64, not under sc; smp_mb() (M7) forbids it.
TEST(LitmusVerdicts, StoreBuffering) {
  const FileResult weak = run("sb", sb("", "Sometimes"));
  ASSERT_EQ(weak.status, Status::kAgrees) << weak.reason << weak.ex.verdict;
  EXPECT_TRUE(weak.ex.exhaustive);
  EXPECT_EQ(weak.ex.states.size(), 4u);  // (0,1) (1,0) (1,1) (0,0)
  const FileResult sc = run("sbsc", sb("", "Sometimes"), MemoryModel::kSc);
  EXPECT_EQ(std::string(sc.ex.verdict), "Never");
  EXPECT_EQ(sc.ex.states.size(), 3u);
  const FileResult mb = run("sbmb", sb("smp_mb();", "Never"));
  EXPECT_EQ(mb.status, Status::kAgrees) << mb.ex.verdict;
}

// M2/M5 without barriers; M6+M7 (wmb/rmb) and M13 (release/acquire) order MP.
TEST(LitmusVerdicts, MessagePassing) {
  EXPECT_EQ(std::string(run("mp0", mp("WRITE_ONCE(*flag, 1)", "READ_ONCE(*flag)", "Sometimes")).ex.verdict),
            "Sometimes");
  EXPECT_EQ(
      std::string(run("mp1", mp("smp_wmb(); WRITE_ONCE(*flag, 1)", "READ_ONCE(*flag); smp_rmb()", "Never")).ex.verdict),
      "Never");
  EXPECT_EQ(std::string(run("mp2", mp("smp_store_release(flag, 1)", "smp_load_acquire(flag)", "Never")).ex.verdict),
            "Never");
  // Half the pair is not enough.
  EXPECT_EQ(std::string(run("mp3", mp("smp_store_release(flag, 1)", "READ_ONCE(*flag)", "Sometimes")).ex.verdict),
            "Sometimes");
  EXPECT_EQ(std::string(run("mp4", mp("WRITE_ONCE(*flag, 1)", "smp_load_acquire(flag)", "Sometimes")).ex.verdict),
            "Sometimes");
}

// M14: a value-returning RMW is fully ordered; a failed cmpxchg and a
// relaxed xchg order nothing.
TEST(LitmusVerdicts, ReadModifyWrites) {
  const auto sb_rmw = [](const std::string& rmw) {
    return "C SB-rmw\n(* Result: Never *)\n{}\n"
           "P0(int *x, int *y, int *z)\n{\n\tint r0;\n\tint r1;\n\tWRITE_ONCE(*x, 1);\n\tr1 = " +
           rmw +
           ";\n\tr0 = READ_ONCE(*y);\n}\n"
           "P1(int *x, int *y, int *z)\n{\n\tint r0;\n\tint r1;\n\tWRITE_ONCE(*y, 1);\n\tr1 = " +
           rmw + ";\n\tr0 = READ_ONCE(*x);\n}\nexists (0:r0=0 /\\ 1:r0=0)\n";
  };
  EXPECT_EQ(std::string(run("x1", sb_rmw("xchg(z, 1)")).ex.verdict), "Never");
  EXPECT_EQ(std::string(run("x2", sb_rmw("xchg_relaxed(z, 1)")).ex.verdict), "Sometimes");
  EXPECT_EQ(std::string(run("x3", sb_rmw("cmpxchg(z, 0, 1)")).ex.verdict), "Sometimes");  // one of the two fails
  EXPECT_EQ(std::string(run("x4", sb_rmw("cmpxchg(z, 7, 1)")).ex.verdict), "Sometimes");  // both fail
  // Atomicity: two increments never lose one.
  const FileResult inc =
      run("inc",
          "C inc\n(* Result: Never *)\n{ atomic_t v = ATOMIC_INIT(5); }\n"
          "P0(atomic_t *v) { atomic_inc(v); }\nP1(atomic_t *v) { int r0 = atomic_fetch_add_relaxed(2, v); }\n"
          "exists (v!=8)\n");
  EXPECT_EQ(inc.status, Status::kAgrees) << inc.reason << inc.ex.verdict;
}

// Spinlocks: mutual exclusion and the lock's acquire/release (M9).
TEST(LitmusVerdicts, Spinlocks) {
  const FileResult r = run("lock",
                           "C lock\n(* Result: Never *)\n{}\n"
                           "P0(int *x, spinlock_t *l) { int r0; spin_lock(l); r0 = READ_ONCE(*x); "
                           "WRITE_ONCE(*x, r0 + 1); spin_unlock(l); }\n"
                           "P1(int *x, spinlock_t *l) { int r0; spin_lock(l); r0 = READ_ONCE(*x); "
                           "WRITE_ONCE(*x, r0 + 1); spin_unlock(l); }\n"
                           "exists (x=1)\n");
  EXPECT_EQ(r.status, Status::kAgrees) << r.reason << r.ex.verdict;
  EXPECT_EQ(r.ex.incomplete, 0u);
}

// The witness's tape replays to the state it was found with.
TEST(LitmusVerdicts, WitnessReplays) {
  const FileResult r = run("sbw", sb("", "Sometimes"));
  ASSERT_GT(r.ex.satisfying, 0u);
  std::vector<Decision> ds;
  std::vector<long> state;
  std::string err;
  ASSERT_TRUE(replay(r.test, *r.image, ExploreOptions{}, r.ex.witness_tape, &ds, &state, &err)) << err;
  EXPECT_EQ(state, r.ex.witness_state);
  EXPECT_EQ(ds.size(), r.ex.witness_decisions.size());
  std::vector<uint8_t> back;
  ASSERT_TRUE(parse_tape_hex(tape_hex(r.ex.witness_tape), &back));
  EXPECT_EQ(back, r.ex.witness_tape);
}

}  // namespace
}  // namespace sf::litmus
