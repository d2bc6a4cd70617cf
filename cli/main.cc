// main.cc - the `stopfuzz` command: fuzz, replay, list.
//
// Spec: design.md §7 (one-line repro, per-CPU timeline, JSON), issue
// "Foundation" (exit codes: 0 clean, 1 violation, 2 usage or I/O error).
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli/campaign.h"
#include "cli/kernel_tree.h"
#include "cli/kill_table.h"
#include "cli/shell.h"
#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/properties.h"
#include "harness/stop/run.h"
#include "harness/stop/scenario.h"
#include "harness/timeline.h"

namespace sf {
const std::vector<std::pair<std::string, std::string>>& mutation_catalogue_for_cli();
}

namespace {

using namespace sf;

const char kUsage[] =
    "usage: stopfuzz <command> [options]\n"
    "\n"
    "Property-based fuzzing of the Linux arm64 CPU stop path (smp_send_stop():\n"
    "IPI, pseudo-NMI and SDEI rungs) on a simulated SMP machine.\n"
    "\n"
    "commands:\n"
    "  fuzz      run a bounded fuzzing campaign (default 60 s) and print a summary\n"
    "  replay    replay inputs or a repro string; print the per-CPU timeline and verdict\n"
    "  list      list revisions, properties, behaviours, entries, faults, known findings, mutations\n"
    "  kill-table  find every catalogued mutation over N seeds: executions, seconds, minimized size\n"
    "  help      this text\n"
    "\n"
    "fuzz options:\n"
    "  --revision NAME     code under test (default final; see `stopfuzz list revisions`)\n"
    "  --mutation ID       seed a catalogued mutation into the revision\n"
    "  --seconds N         time budget (default 60)\n"
    "  --runs N            stop after N executions\n"
    "  --seed N            random seed of the campaign (default 1)\n"
    "  --corpus DIR        seed inputs (repeatable)\n"
    "  --artifacts DIR     where a violating input is saved (default .)\n"
    "  --keep-going        count violations instead of stopping at the first\n"
    "  --backend B         fibers (default) or threads\n"
    "  --quiet             no live progress line\n"
    "  --kernel-tree PATH  fuzz the real stop path of a kernel tree (directory or\n"
    "                      linux-source-*.tar.xz), built and loaded now; its revision\n"
    "                      is src:<version>+tree, carrying <version>'s known findings\n"
    "  --kernel-patch FILE apply a unified diff (patch -p1) to that tree first: the\n"
    "                      revision is src:<version>+patch\n"
    "  --kernel-name NAME  name the loaded revision (default as above)\n"
    "  --kernel-work DIR   where the extraction and the shared object go (out/ksrc)\n"
    "\n"
    "replay options:  stopfuzz replay [options] FILE... | --repro sf1:...\n"
    "  --revision NAME, --mutation ID   as for fuzz (a repro string carries its own)\n"
    "  --json              JSON lines instead of the timeline\n"
    "  --no-sites          leave out the kernel file:line of each event\n"
    "  --details           include non-observable events (snapshots, IRQ masks)\n"
    "  --choices           print every decision read from the tape\n"
    "  --backend B         fibers (default) or threads (traces are identical)\n"
    "  --kernel-tree PATH, --kernel-patch FILE, --kernel-name NAME, --kernel-work DIR\n"
    "                      as for fuzz: replay against a kernel tree (and patch)\n"
    "\n"
    "kill-table options:\n"
    "  --seeds N           search seeds 1..N (default 5); median and worst are printed\n"
    "  --budget N          executions per search (default 20000)\n"
    "  --minimize-budget N executions per minimization (default 4000)\n"
    "  --mutation ID       only this mutation\n"
    "  --revision NAME     the mutations seeded into NAME (e.g. linux-6.12, src:linux-6.12)\n"
    "                      instead of each mutation on its own revision\n"
    "  --corpus DIR        seed inputs (repeatable; default: from scratch)\n"
    "  --save DIR          write each minimized input as DIR/<id>.tape + DIR/<id>.txt\n"
    "\n"
    "Inputs are choice tapes: any byte string up to 4096 bytes is valid; an empty\n"
    "file is the simplest scenario. Exit status: 0 clean (known findings allowed),\n"
    "1 a property violation, 2 usage or I/O error.\n";

int usage_error(const std::string& msg) {
  fprintf(stderr, "stopfuzz: %s\n(see `stopfuzz help`)\n", msg.c_str());
  return 2;
}

bool parse_backend(const std::string& s, BackendKind* out) {
  if (s == "threads")
    *out = BackendKind::kThreads;
  else if (s == "fibers")
    *out = BackendKind::kFibers;
  else
    return false;
  return true;
}

bool parse_number(const std::string& s, double* out) {
  char* end = nullptr;
  errno = 0;
  double v = strtod(s.c_str(), &end);
  if (errno || end == s.c_str() || *end || v < 0) return false;
  *out = v;
  return true;
}

// Reads an input file; on failure a one-line reason.
bool read_input(const std::string& path, std::vector<uint8_t>* out, std::string* err) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *err = path + ": is a directory";
    return false;
  }
  if (st.st_size > static_cast<off_t>(kMaxInputSize)) {
    *err = path + ": " + std::to_string(st.st_size) + " bytes, over the input size limit of " +
           std::to_string(kMaxInputSize);
    return false;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  out->assign(std::istreambuf_iterator<char>(f), {});
  if (f.bad()) {
    *err = path + ": read error";
    return false;
  }
  return true;
}

const sf_revision* revision_or_error(const std::string& name) {
  const sf_revision* r = find_revision(name);
  if (!r) {
    std::string known;
    for (const sf_revision* x : all_revisions()) known += std::string(known.empty() ? "" : ", ") + x->name;
    fprintf(stderr, "stopfuzz: unknown revision '%s' (known: %s)\n", name.c_str(), known.c_str());
  }
  return r;
}

bool mutation_known(const std::string& id) {
  if (id.empty()) return true;
  for (const auto& m : mutation_catalogue_for_cli())
    if (m.first == id) return true;
  return false;
}

// --kernel-* options shared by fuzz and replay; true if `a` was one of them.
bool kernel_option(const std::vector<std::string>& args, size_t* i, KernelTreeOptions* k, bool* bad) {
  const std::string& a = args[*i];
  std::string* dst = a == "--kernel-tree"    ? &k->tree
                     : a == "--kernel-patch" ? &k->patch
                     : a == "--kernel-name"  ? &k->name
                     : a == "--kernel-work"  ? &k->work_dir
                                             : nullptr;
  if (!dst) return false;
  if (*i + 1 >= args.size()) {
    *bad = true;
    return true;
  }
  *dst = args[++*i];
  return true;
}

// Loads the kernel tree if one was given; sets *rev_name to its revision.
int load_tree_if_any(const KernelTreeOptions& k, std::string* rev_name, bool* given) {
  *given = false;
  if (k.tree.empty()) {
    if (!k.patch.empty() || !k.name.empty()) return usage_error("--kernel-patch and --kernel-name need --kernel-tree");
    return 0;
  }
  *given = true;
  fprintf(stderr, "stopfuzz: building the stop path of %s%s%s ...\n", k.tree.c_str(), k.patch.empty() ? "" : " with ",
          k.patch.c_str());
  std::string err;
  const sf_revision* rev = load_kernel_tree(k, &err);
  if (!rev) {
    fprintf(stderr, "stopfuzz: %s\n", err.c_str());
    return 2;
  }
  fprintf(stderr, "stopfuzz: loaded revision %s\n", rev->name);
  *rev_name = rev->name;
  return 0;
}

int cmd_fuzz(const std::vector<std::string>& args) {
  CampaignOptions opt;
  std::string rev = "final";
  KernelTreeOptions ktree;
  for (size_t i = 0; i < args.size(); ++i) {
    bool bad = false;
    if (kernel_option(args, &i, &ktree, &bad)) {
      if (bad) return usage_error(args[i] + " needs a value");
      continue;
    }
    const std::string& a = args[i];
    auto value = [&](std::string* v) {
      if (i + 1 >= args.size()) return false;
      *v = args[++i];
      return true;
    };
    std::string v;
    double num = 0;
    if (a == "--revision") {
      if (!value(&rev)) return usage_error("--revision needs a name");
    } else if (a == "--mutation") {
      if (!value(&opt.mutation)) return usage_error("--mutation needs an id");
    } else if (a == "--seconds") {
      if (!value(&v) || !parse_number(v, &num)) return usage_error("--seconds needs a number");
      opt.seconds = num;
    } else if (a == "--runs") {
      if (!value(&v) || !parse_number(v, &num)) return usage_error("--runs needs a number");
      opt.max_execs = static_cast<uint64_t>(num);
    } else if (a == "--seed") {
      if (!value(&v) || !parse_number(v, &num)) return usage_error("--seed needs a number");
      opt.seed = static_cast<uint64_t>(num);
    } else if (a == "--corpus") {
      if (!value(&v)) return usage_error("--corpus needs a directory");
      opt.corpus_dirs.push_back(v);
    } else if (a == "--artifacts") {
      if (!value(&opt.artifacts_dir)) return usage_error("--artifacts needs a directory");
    } else if (a == "--backend") {
      if (!value(&v) || !parse_backend(v, &opt.backend)) return usage_error("--backend is fibers or threads");
    } else if (a == "--keep-going") {
      opt.keep_going = true;
    } else if (a == "--quiet") {
      opt.progress = false;
    } else {
      return usage_error("unknown fuzz option '" + a + "'");
    }
  }
  bool tree_given = false;
  if (const int rc = load_tree_if_any(ktree, &rev, &tree_given)) return rc;
  if (tree_given) {
    // The repro names the loaded revision; replaying needs the same tree.
    opt.replay_extra = " --kernel-tree " + shell_quote(ktree.tree);
    if (!ktree.patch.empty()) opt.replay_extra += " --kernel-patch " + shell_quote(ktree.patch);
    if (!ktree.name.empty()) opt.replay_extra += " --kernel-name " + shell_quote(ktree.name);
  }
  opt.rev = revision_or_error(rev);
  if (!opt.rev) return 2;
  if (!mutation_known(opt.mutation))
    return usage_error("unknown mutation '" + opt.mutation + "' (see `stopfuzz list mutations`)");
  fprintf(stderr, "stopfuzz: fuzzing revision %s%s%s for %.0f s%s\n", opt.rev->name,
          opt.mutation.empty() ? "" : " with mutation ", opt.mutation.c_str(), opt.seconds,
          opt.max_execs ? (" or " + std::to_string(opt.max_execs) + " executions").c_str() : "");
  CampaignResult res;
  const int rc = run_campaign(opt, &res);
  if (rc == 2) return 2;
  printf(
      "summary: revision %s%s%s: %llu executions in %.1f s (%.0f/s), corpus %zu, %zu trace edges, "
      "%llu known finding(s), %llu violation(s)\n",
      opt.rev->name, opt.mutation.empty() ? "" : " + ", opt.mutation.c_str(),
      static_cast<unsigned long long>(res.execs), res.seconds, res.execs / (res.seconds > 0 ? res.seconds : 1),
      res.corpus, res.shapes, static_cast<unsigned long long>(res.known),
      static_cast<unsigned long long>(res.violations));
  if (!res.first_violation_repro.empty())
    printf("first violation: %s after %llu executions\nreplay: stopfuzz replay --repro %s%s\n",
           res.first_violation_property.c_str(), static_cast<unsigned long long>(res.execs_to_first),
           res.first_violation_repro.c_str(), opt.replay_extra.c_str());
  return rc;
}

int cmd_replay(const std::vector<std::string>& args) {
  std::string rev_name = "final";
  bool rev_given = false;
  std::string mutation;
  bool json = false, choices = false;
  TimelineOptions topt;
  BackendKind backend = BackendKind::kFibers;
  std::vector<std::string> files;
  std::vector<Repro> repros;
  KernelTreeOptions ktree;
  for (size_t i = 0; i < args.size(); ++i) {
    bool bad = false;
    if (kernel_option(args, &i, &ktree, &bad)) {
      if (bad) return usage_error(args[i] + " needs a value");
      continue;
    }
    const std::string& a = args[i];
    auto value = [&](std::string* v) {
      if (i + 1 >= args.size()) return false;
      *v = args[++i];
      return true;
    };
    std::string v;
    if (a == "--revision") {
      if (!value(&rev_name)) return usage_error("--revision needs a name");
      rev_given = true;
    } else if (a == "--mutation") {
      if (!value(&mutation)) return usage_error("--mutation needs an id");
    } else if (a == "--repro") {
      if (!value(&v)) return usage_error("--repro needs a repro string");
      Repro r;
      std::string err;
      if (!decode_repro(v, &r, &err)) return usage_error(err);
      repros.push_back(r);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--no-sites") {
      topt.sites = false;
    } else if (a == "--details") {
      topt.details = true;
    } else if (a == "--choices") {
      choices = true;
    } else if (a == "--backend") {
      if (!value(&v) || !parse_backend(v, &backend)) return usage_error("--backend is fibers or threads");
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return usage_error("unknown replay option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (files.empty() && repros.empty()) return usage_error("replay needs FILE... or --repro STRING");
  bool tree_given = false;
  if (const int rc = load_tree_if_any(ktree, &rev_name, &tree_given)) return rc;
  if (tree_given) rev_given = true;
  if (!mutation_known(mutation)) return usage_error("unknown mutation '" + mutation + "'");
  // Read everything first: a bad file is an error before any output.
  struct Job {
    std::string name;
    Repro r;
  };
  std::vector<Job> jobs;
  for (const std::string& f : files) {
    Job j;
    j.name = f;
    std::string err;
    if (!read_input(f, &j.r.tape, &err)) {
      fprintf(stderr, "stopfuzz: cannot replay %s\n", err.c_str());
      return 2;
    }
    j.r.revision = rev_name;
    j.r.mutation = mutation;
    jobs.push_back(std::move(j));
  }
  for (Repro& r : repros) {
    if (rev_given) r.revision = rev_name;
    if (!mutation.empty()) r.mutation = mutation;
    if (!mutation_known(r.mutation)) return usage_error("unknown mutation '" + r.mutation + "'");
    jobs.push_back({"repro", r});
  }
  int rc = 0;
  RunResult res;
  for (const Job& j : jobs) {
    const sf_revision* rev = revision_or_error(j.r.revision);
    if (!rev) return 2;
    RunOptions ro;
    ro.rev = rev;
    ro.mutation = j.r.mutation;
    ro.backend = backend;
    ro.record_choices = choices;
    run_one(j.r.tape.data(), j.r.tape.size(), ro, &res);
    if (json) {
      print_json(std::cout, res);
    } else {
      if (jobs.size() > 1) std::cout << "==> " << j.name << " <==\n";
      print_timeline(std::cout, res, topt);
      if (choices) {
        std::cout << "decisions:\n";
        for (const Tape::Decision& d : res.choices)
          std::cout << "  @" << d.offset << " " << d.label << " = " << d.value << " of " << d.n << "\n";
      }
      if (res.violation()) std::cout << "repro: " << repro_command(j.r) << "\n";
      if (jobs.size() > 1) std::cout << "\n";
    }
    if (res.violation()) rc = 1;
  }
  return rc;
}

int cmd_kill_table(const std::vector<std::string>& args) {
  KillTableOptions opt;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string v;
    double num = 0;
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    if (a == "--seeds") {
      if (!value(&v) || !parse_number(v, &num) || num < 1) return usage_error("--seeds needs a number >= 1");
      opt.seeds = static_cast<int>(num);
    } else if (a == "--budget") {
      if (!value(&v) || !parse_number(v, &num) || num < 1) return usage_error("--budget needs a number >= 1");
      opt.budget = static_cast<uint64_t>(num);
    } else if (a == "--minimize-budget") {
      if (!value(&v) || !parse_number(v, &num)) return usage_error("--minimize-budget needs a number");
      opt.minimize_budget = static_cast<uint64_t>(num);
    } else if (a == "--mutation") {
      if (!value(&opt.only)) return usage_error("--mutation needs an id");
    } else if (a == "--revision") {
      if (!value(&opt.revision)) return usage_error("--revision needs a name");
    } else if (a == "--corpus") {
      if (!value(&v)) return usage_error("--corpus needs a directory");
      opt.corpus_dirs.push_back(v);
    } else if (a == "--save") {
      if (!value(&opt.save_dir)) return usage_error("--save needs a directory");
    } else {
      return usage_error("unknown kill-table option '" + a + "'");
    }
  }
  return run_kill_table(opt, stdout);
}

int cmd_list(const std::vector<std::string>& args) {
  const std::string what = args.empty() ? "all" : args[0];
  bool any = false;
  if (what == "all" || what == "revisions") {
    any = true;
    printf("revisions:\n");
    for (const sf_revision* r : all_revisions()) printf("  %-14s %s\n", r->name, r->summary);
  }
  if (what == "all" || what == "properties") {
    any = true;
    printf("properties:\n");
    for (size_t i = 0; i < kPropertyCount; ++i) {
      const PropertyInfo& p = property_info(static_cast<Property>(i));
      printf("  %-4s %-34s %s\n", p.id, p.name, p.summary);
    }
  }
  if (what == "all" || what == "behaviours") {
    any = true;
    printf("behaviours (target CPUs):\n");
#define SF_BEHAVIOUR(id, name, summary, spec) printf("  %-20s %s [%s]\n", name, summary, spec);
#include "harness/stop/behaviours.def"
#undef SF_BEHAVIOUR
  }
  if (what == "all" || what == "entries") {
    any = true;
    printf("entries (requester CPU 0):\n");
#define SF_ENTRY(id, name, summary, spec) printf("  %-20s %s [%s]\n", name, summary, spec);
#include "harness/stop/entries.def"
#undef SF_ENTRY
  }
  if (what == "all" || what == "faults") {
    any = true;
    printf("faults:\n");
#define SF_FAULT(id, name, summary, spec) printf("  %-20s %s [%s]\n", name, summary, spec);
#include "harness/stop/faults.def"
#undef SF_FAULT
  }
  if (what == "all" || what == "known") {
    any = true;
    printf("known findings:\n");
    for (const KnownFinding& k : known_findings())
      printf("  %-12s %-4s %-26s %s [%s]\n", k.revision, property_info(k.property).id, k.signature, k.why, k.spec);
  }
  if (what == "all" || what == "mutations") {
    any = true;
    printf("mutations:\n");
    for (const auto& m : mutation_catalogue_for_cli()) printf("  %-36s %s\n", m.first.c_str(), m.second.c_str());
  }
  if (!any) return usage_error("list what? revisions, properties, behaviours, entries, faults, known, mutations");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fputs(kUsage, stderr);
    return 2;
  }
  const std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    fputs(kUsage, stdout);
    return 0;
  }
  for (const std::string& a : args)
    if (a == "--help" || a == "-h") {
      fputs(kUsage, stdout);
      return 0;
    }
  if (cmd == "fuzz") return cmd_fuzz(args);
  if (cmd == "replay") return cmd_replay(args);
  if (cmd == "list") return cmd_list(args);
  if (cmd == "kill-table") return cmd_kill_table(args);
  return usage_error("unknown command '" + cmd + "'");
}
