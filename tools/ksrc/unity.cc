// unity.cc - the unity C file of a kernel-source revision.
#include "tools/ksrc/unity.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"
#include "tools/ksrc/tree.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

namespace {

// Emits the chunks of the chosen items in file order, each wrapped in the
// conditional lines that enclose it and preceded by a #line directive.
void emit_items(std::ostringstream& o, const Source& src, const std::vector<const Item*>& items) {
  for (const std::string& d : src.scan.defines) {
    o << "#undef pr_fmt\n" << d << "\n";
  }
  int emitted_to = 0;
  for (const Item* it : items) {
    int first = std::max(it->first_line, emitted_to + 1);
    if (first > it->last_line) continue;
    o << "\n";
    for (const auto& frame : it->conds)
      for (const std::string& d : frame) o << d << "\n";
    o << "#line " << first << " \"" << src.path << "\"\n";
    for (int l = first; l <= it->last_line; ++l) o << src.lines[l - 1] << "\n";
    for (size_t k = 0; k < it->conds.size(); ++k) o << "#endif\n";
    emitted_to = it->last_line;
  }
  if (!src.scan.defines.empty()) o << "#undef pr_fmt\n#define pr_fmt(fmt) fmt\n";
}

// The items of smp.c that make up the stop path (spec §4, §12.4, §12.6), and every file-scope item of the
// same file they use (transitively): the declarations they depend on.
std::vector<const Item*> select_items(const Source& src, const std::set<std::string>& seeds,
                                      std::vector<std::string>* names, bool closure = true) {
  std::map<std::string, std::vector<const Item*>> by_name;
  for (const Item& it : src.scan.items)
    if (!it.name.empty()) by_name[it.name].push_back(&it);
  std::set<std::string> want;
  std::vector<std::string> todo;
  for (const std::string& s : seeds)
    if (by_name.count(s)) todo.push_back(s);
  while (!todo.empty()) {
    std::string s = todo.back();
    todo.pop_back();
    if (!want.insert(s).second || !closure) continue;
    for (const Item* it : by_name[s])
      for (const std::string& id : it->idents)
        if (id != s && by_name.count(id) && !want.count(id)) todo.push_back(id);
  }
  std::vector<const Item*> out;
  for (const Item& it : src.scan.items)
    if (want.count(it.name)) out.push_back(&it);
  if (names) names->assign(want.begin(), want.end());
  return out;
}

// Translates the first compiler error into the one-line diagnostic.
[[noreturn]] void explain_compile_error(const std::string& out) {
  static const std::regex kErr(R"(^(.*?):(\d+):\d+: (?:fatal )?error: (.*)$)");
  for (const std::string& l : split_lines(out)) {
    std::smatch m;
    if (!std::regex_match(l, m, kErr)) continue;
    std::string where = std::string(m[1]) + ":" + std::string(m[2]);
    std::string msg = m[3];
    std::smatch q;
    static const std::regex kSym(
        R"((?:use of undeclared identifier|call to undeclared function|implicit declaration of function|unknown type name|use of undeclared label|undeclared identifier) '([^']+)')");
    static const std::regex kMember(R"(no member named '([^']+)' in '([^']+)')");
    static const std::regex kIncomplete(
        R"((?:incomplete (?:definition of )?type|variable has incomplete type) '([^']+)')");
    if (std::regex_search(msg, q, kSym))
      fail("kernel tree needs '" + std::string(q[1]) + "' (" + where + "), which the shim lacks");
    if (std::regex_search(msg, q, kMember))
      fail("kernel tree needs member '" + std::string(q[1]) + "' of '" + std::string(q[2]) + "' (" + where +
           "), which the shim lacks");
    if (std::regex_search(msg, q, kIncomplete))
      fail("kernel tree needs the definition of '" + std::string(q[1]) + "' (" + where + "), which the shim lacks");
    fail("kernel tree does not compile against the shim: " + where + ": " + msg);
  }
  fail("kernel tree does not compile against the shim: " + out.substr(0, out.find('\n')));
}

}  // namespace

std::string make_symbol(const std::string& name) {
  std::string s = "sf_rev_";
  for (char c : name) s += ident_char(c) ? c : '_';
  return s;
}

Unity generate_unity(const UnityInput& in) {
  const Source& smp = in.smp;
  const std::optional<Source>& cpu = in.cpu;
  const std::optional<Source>& sdei = in.sdei;
  const std::string& tree = in.tree;
  const std::string& patch = in.patch;
  const std::string& name = in.name;
  const std::vector<std::string>& applied = in.mutations;
  const std::string symbol = make_symbol(name);
  const std::string sect = symbol.substr(7);
  Unity u;
  const std::set<std::string> seeds = {"ipi_msg_type",
                                       "ipi_desc",
                                       "ipi_types",
                                       "crash_stop",
                                       "cpus_stuck_in_kernel",
                                       "waiting_for_crash_ipi",
                                       "__cpu_try_die",
                                       "local_cpu_stop",
                                       "panic_smp_self_stop",
                                       "ipi_cpu_crash_stop",
                                       "arm64_backtrace_ipi",
                                       "arch_trigger_cpumask_backtrace",
                                       "do_handle_IPI",
                                       "smp_cross_call",
                                       "ipi_should_be_nmi",
                                       "num_other_online_cpus",
                                       "smp_send_stop",
                                       "crash_smp_send_stop",
                                       "smp_crash_stop_failed",
                                       "have_cpu_die",
                                       "cpus_are_stuck_in_kernel",
                                       "arm64_nmi_cpu_stop"};
  for (const char* req :
       {"ipi_msg_type", "ipi_desc", "do_handle_IPI", "smp_cross_call", "smp_send_stop", "panic_smp_self_stop",
        "crash_smp_send_stop", "smp_crash_stop_failed", "cpus_are_stuck_in_kernel"})
    if (!has_item(smp, req)) fail(std::string(kSmp) + " of " + tree + " has no '" + req + "'");
  std::vector<const Item*> smp_items = select_items(smp, seeds, &u.smp_names);

  auto enum_has = [&](const std::string& e) {
    for (const Item& it : smp.scan.items)
      if (it.name == "ipi_msg_type" && it.idents.count(e)) return true;
    return false;
  };
  auto sdei_has = [&](const std::string& n) { return sdei && has_item(*sdei, n); };
  const bool stop_nmi = enum_has("IPI_CPU_STOP_NMI");
  const bool crash_ipi = enum_has("IPI_CPU_CRASH_STOP");
  const bool bt_ipi = enum_has("IPI_CPU_BACKTRACE");
  const bool arch_bt = has_item(smp, "arch_trigger_cpumask_backtrace", true);
  const bool sdei_avail = sdei_has("sdei_nmi_available");
  const bool sdei_stop = sdei_has("sdei_nmi_stop_cpus") || mentions(smp, "sdei_nmi_stop_cpus");
  const bool sdei_bt = sdei_has("sdei_nmi_trigger_cpumask_backtrace");

  std::ostringstream o;
  o << "/* Generated by tools/ksrc/ksrc_extract from " << tree << (patch.empty() ? "" : " patched with " + patch)
    << ".\n * Revision " << name << ": the real stop path of the tree, compiled against the shim (design §1).\n";
  if (!applied.empty()) {
    o << " * Mutation hooks (tools/ksrc/mutation_rules.def):";
    for (const std::string& a : applied) o << " " << a;
    o << "\n";
  }
  o << " * Do not edit and never commit: it contains GPL-2.0 kernel source. */\n";
  o << "#pragma clang section bss=\"sf_bss_" << sect << "\" data=\"sf_data_" << sect << "\"\n\n";
  if (sdei || mentions(smp, "sdei_nmi_active"))
    o << "#define STOPFUZZ_SHIM_SDEI_NMI_SERIES 1 /* declarations of the series' headers */\n";
  o << "#include \"core/include/core.h\"\n\n";

  o << "/* ---- hand-written callers (core/common) ---- */\n";
  if (cpu) o << "#define set_cpu_online sf_common_set_cpu_online /* the tree's own is below */\n";
  o << "#include \"core/common/cpu.c\"\n";
  if (cpu) o << "#undef set_cpu_online\n";
  for (const char* f : {"nmi_backtrace.c", "sdei_glue.c", "panic.c", "kexec.c", "reboot.c", "traps.c"})
    o << "#include \"core/common/" << f << "\"\n";
  o << "\n/* ---- " << kSmp << ": ";
  for (const std::string& s : u.smp_names) o << s << " ";
  o << "---- */\n";
  o << "/* STOPFUZZ: core.h declares panic_smp_self_stop() __noreturn as kernels since\n"
       " * 6.2 do; older trees end it in a call that never returns but is not\n"
       " * declared so (local_cpu_stop() -> cpu_park_loop()). */\n"
       "#pragma clang diagnostic push\n#pragma clang diagnostic ignored \"-Winvalid-noreturn\"\n";
  emit_items(o, smp, smp_items);
  o << "#pragma clang diagnostic pop\n";
  if (cpu) {
    o << "\n/* ---- " << kCpu << ": set_cpu_online ---- */\n";
    // Only the function: the variables are core/common/cpu.c's (one definition).
    emit_items(o, *cpu, select_items(*cpu, {"set_cpu_online"}, nullptr, false));
  }
  if (sdei) {
    // After smp.c, as the hand-written revisions order them; the series
    // declares what the two files use of each other in headers (the shim).
    o << "\n/* ---- " << sdei->path << " (whole) ---- */\n";
    for (const std::string& d : sdei->scan.defines) o << "#undef pr_fmt\n" << d << "\n";
    o << "#line 1 \"" << sdei->path << "\"\n";
    static const std::regex kInclude(R"(^\s*#\s*include\b.*)");
    for (const std::string& l : sdei->lines) {
      static const std::regex kPrFmt(R"(^\s*#\s*define\s+pr_fmt\b.*)");
      o << (std::regex_match(l, kInclude) || std::regex_match(l, kPrFmt) ? "" : l) << "\n";
    }
    if (!sdei->scan.defines.empty()) o << "#undef pr_fmt\n#define pr_fmt(fmt) fmt\n";
  }
  o << "\n#line 1 \"<stopfuzz-generated>\"\n";
  if (!arch_bt) {
    o << "/* STOPFUZZ: no arch_trigger_cpumask_backtrace() in this tree:\n"
         " * trigger_all_cpu_backtrace() does nothing (returns false). */\n"
         "void arch_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu)\n{\n}\n";
  }
  auto b = [](bool v) { return v ? "1" : "0"; };
  std::string features = "SF_FEAT_KERNEL_SOURCE";
  if (stop_nmi) features += " | SF_FEAT_PSEUDO_NMI_RUNG";
  if (sdei_stop) features += " | SF_FEAT_SDEI_STOP";
  if (sdei_bt) features += " | SF_FEAT_SDEI_BACKTRACE";
  if (arch_bt) features += " | SF_FEAT_IPI_BACKTRACE";
  o << "\n#define SF_REV_SYMBOL\t\t\t" << symbol << "\n";
  o << "#define SF_REV_NAME\t\t\t\"" << name << "\"\n";
  o << "#define SF_REV_SUMMARY\t\t\t\"real stop path of " << fs::path(tree).filename().string()
    << (patch.empty() ? "" : " (patched: " + fs::path(patch).filename().string() + ")") << "\"\n";
  o << "#define SF_REV_FEATURES\t\t\t(" << features << ")\n";
  o << "#define SF_REV_SECTION_DATA\t\tsf_data_" << sect << "\n";
  o << "#define SF_REV_SECTION_BSS\t\tsf_bss_" << sect << "\n";
  o << "#define SF_REV_NR_IPI\t\t\t" << (enum_has("MAX_IPI") ? "MAX_IPI" : "NR_IPI") << "\n";
  o << "#define SF_REV_BOOT()\t\t\t" << (sdei_has("sdei_nmi_init") ? "sdei_nmi_init()" : "do { } while (0)") << "\n";
  o << "#define SF_HAVE_STOP_NMI\t\t" << b(stop_nmi) << "\n";
  o << "#define SF_HAVE_CRASH_STOP_IPI\t\t" << b(crash_ipi) << "\n";
  o << "#define SF_HAVE_BACKTRACE_IPI\t\t" << b(bt_ipi) << "\n";
  o << "#define SF_HAVE_IPI_SHOULD_BE_NMI\t" << b(has_item(smp, "ipi_should_be_nmi", true)) << "\n";
  o << "#define SF_HAVE_CRASH_STOP_FLAG\t\t" << b(has_item(smp, "crash_stop")) << "\n";
  o << "#define SF_HAVE_WAITING_FOR_CRASH_IPI\t" << b(has_item(smp, "waiting_for_crash_ipi")) << "\n";
  o << "#define SF_HAVE_SDEI_NMI\t\t" << b(sdei_avail) << "\n\n";
  o << "#include \"core/revision_glue.h\"\n";
  u.text = o.str();
  return u;
}

void check_compiles(const std::string& cc, const std::vector<std::string>& cflags, const std::string& repo,
                    const std::string& out) {
  std::string cmd = shell_quote(cc) + " -fsyntax-only -ferror-limit=1 -fno-caret-diagnostics -std=gnu11" +
                    " -Werror=implicit-function-declaration -Werror=implicit-int -Werror=int-conversion" +
                    " -Werror=incompatible-pointer-types -I " + shell_quote(repo) + " -I " +
                    shell_quote(repo + "/shim/include");
  for (const std::string& f : cflags) cmd += " " + shell_quote(f);
  cmd += " " + shell_quote(out);
  std::string diag;
  if (run(cmd, &diag) != 0) {
    fs::remove(out);  // a later build must not pick up a file that does not compile
    explain_compile_error(diag);
  }
}

}  // namespace sf::ksrc
