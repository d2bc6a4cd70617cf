// unity.cc - the unity C file of a kernel-source revision.
#include "tools/ksrc/unity.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tools/ksrc/diagnostics.h"
#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"
#include "tools/ksrc/headers.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

namespace {

// What the harness uses of smp.c: the functions the hand-written callers
// (core/common) and the revision glue (core/revision_glue.h) call, and the
// state the glue reads. They are taken by name with everything of the file
// they use (select_items); the rest of the file is left out. Optional ones
// are detected (the glue adapts), required ones must be there.
struct Entry {
  const char* name;
  bool required;
  const char* user;
};
const Entry kEntries[] = {
    {"smp_send_stop", true, "core/common/panic.c, reboot.c"},
    {"crash_smp_send_stop", true, "core/common/kexec.c"},
    {"smp_crash_stop_failed", true, "core/common/kexec.c"},
    {"panic_smp_self_stop", true, "core/common/panic.c"},
    {"cpus_are_stuck_in_kernel", true, "core/common/kexec.c"},
    {"do_handle_IPI", true, "core/revision_glue.h (IPI delivery)"},
    {"arch_trigger_cpumask_backtrace", false, "core/common/panic.c (a stub when absent)"},
    {"ipi_should_be_nmi", false, "core/revision_glue.h"},
    {"crash_stop", false, "core/revision_glue.h"},
    {"waiting_for_crash_ipi", false, "core/revision_glue.h"},
    {"ipi_desc", false, "core/revision_glue.h (IPI descriptors)"},
    {"get_ipi_desc", false, "core/revision_glue.h (per-CPU IPI descriptors)"},
};

// The items of src with the seed names and, transitively, every item of the
// same file they use; in file order.
std::vector<const Item*> select_items(const Source& src, const std::vector<std::string>& seeds,
                                      std::vector<std::string>* names, bool closure = true) {
  std::map<std::string, std::vector<const Item*>> by_name;
  for (const Item& it : src.scan.items) {
    if (!it.name.empty()) by_name[it.name].push_back(&it);
    for (const std::string& e : it.enumerators) by_name[e].push_back(&it);
  }
  std::set<const Item*> chosen;
  std::vector<const Item*> todo;
  for (const std::string& s : seeds)
    for (const Item* it : by_name[s]) todo.push_back(it);
  while (!todo.empty()) {
    const Item* it = todo.back();
    todo.pop_back();
    if (!chosen.insert(it).second || !closure) continue;
    for (const std::string& id : it->idents)
      if (auto f = by_name.find(id); f != by_name.end())
        for (const Item* x : f->second)
          if (!chosen.count(x)) todo.push_back(x);
  }
  std::vector<const Item*> out;
  std::set<std::string> n;
  for (const Item& it : src.scan.items)
    if (chosen.count(&it)) {
      out.push_back(&it);
      n.insert(it.name);
    }
  if (names) names->assign(n.begin(), n.end());
  return out;
}

// Emits the chunks of the chosen items in file order, each wrapped in the
// conditional lines that enclose it and preceded by a #line directive.
void emit_items(std::ostringstream& o, const Source& src, const std::vector<const Item*>& items,
                bool with_pr_fmt = true) {
  if (with_pr_fmt)
    for (const std::string& d : src.scan.defines) o << "#undef pr_fmt\n" << d << "\n";
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
  if (with_pr_fmt && !src.scan.defines.empty()) o << "#undef pr_fmt\n#define pr_fmt(fmt) fmt\n";
}

// A declaration taken from a header, in the look-up round that needed it.
struct Taken {
  const Source* header;
  const Item* item;
  int round;
};

struct Render {
  const UnityInput& in;
  const std::vector<const Item*>& smp_items;
  const std::vector<Taken>& taken;

  bool enum_has(const std::string& e) const {
    for (const Item* it : smp_items)
      if (std::find(it->enumerators.begin(), it->enumerators.end(), e) != it->enumerators.end()) return true;
    for (const Taken& t : taken)
      if (std::find(t.item->enumerators.begin(), t.item->enumerators.end(), e) != t.item->enumerators.end())
        return true;
    return false;
  }
  bool smp_has(const std::string& n, bool func) const {
    for (const Item* it : smp_items)
      if (it->name == n && (!func || it->is_func)) return true;
    return false;
  }
  bool sdei_has(const std::string& n) const { return in.sdei && has_item(*in.sdei, n); }

  void header_items(std::ostringstream& o) const {
    // Later rounds first: what an earlier declaration needed comes before it.
    std::vector<Taken> t = taken;
    std::stable_sort(t.begin(), t.end(), [](const Taken& a, const Taken& b) {
      if (a.round != b.round) return a.round > b.round;
      if (a.header->path != b.header->path) return a.header->path < b.header->path;
      return a.item->first_line < b.item->first_line;
    });
    for (size_t i = 0; i < t.size();) {
      size_t j = i;
      std::vector<const Item*> items;
      while (j < t.size() && t[j].round == t[i].round && t[j].header == t[i].header) items.push_back(t[j++].item);
      emit_items(o, *t[i].header, items, false);
      i = j;
    }
  }

  std::string text(const std::vector<std::string>& smp_names) const {
    const std::string symbol = make_symbol(in.name);
    const std::string sect = symbol.substr(7);
    std::string patches;
    for (const std::string& p : in.patches) patches += (patches.empty() ? "" : ", ") + p;
    std::ostringstream o;
    o << "/* Generated by tools/ksrc/ksrc_extract from " << in.tree
      << (patches.empty() ? "" : " patched with " + patches) << ".\n * Revision " << in.name
      << ": the real stop path of the tree, compiled against the shim (design §1).\n";
    if (!in.mutations.empty()) {
      o << " * Mutation hooks (tools/ksrc/mutation_rules.def):";
      for (const std::string& a : in.mutations) o << " " << a;
      o << "\n";
    }
    o << " * Do not edit and never commit: it contains GPL-2.0 kernel source. */\n";
    o << "#pragma clang section bss=\"sf_bss_" << sect << "\" data=\"sf_data_" << sect << "\"\n\n";
    o << "#include \"core/include/core.h\"\n\n";

    o << "/* ---- hand-written callers (core/common) ---- */\n";
    if (in.cpu) o << "#define set_cpu_online sf_common_set_cpu_online /* the tree's own is below */\n";
    o << "#include \"core/common/cpu.c\"\n";
    if (in.cpu) o << "#undef set_cpu_online\n";
    for (const char* f : {"nmi_backtrace.c", "sdei_glue.c", "panic.c", "kexec.c", "reboot.c", "traps.c"})
      o << "#include \"core/common/" << f << "\"\n";
    if (!taken.empty()) {
      o << "\n/* ---- declarations from the tree's headers ---- */\n";
      header_items(o);
    }
    o << "\n/* ---- " << kSmp << ": ";
    for (const std::string& s : smp_names) o << s << " ";
    o << "---- */\n";
    o << "/* STOPFUZZ: core.h declares panic_smp_self_stop() __noreturn as kernels since\n"
         " * 6.2 do; older trees end it in a call that never returns but is not\n"
         " * declared so (local_cpu_stop() -> cpu_park_loop()). */\n"
         "#pragma clang diagnostic push\n#pragma clang diagnostic ignored \"-Winvalid-noreturn\"\n";
    emit_items(o, in.smp, smp_items);
    o << "#pragma clang diagnostic pop\n";
    if (in.cpu) {
      o << "\n/* ---- " << kCpu << ": set_cpu_online ---- */\n";
      // Only the function: the variables are core/common/cpu.c's (one definition).
      emit_items(o, *in.cpu, select_items(*in.cpu, {"set_cpu_online"}, nullptr, false));
    }
    if (in.sdei) {
      // After smp.c, as the hand-written revisions order them; what the two
      // files use of each other is declared in the tree's headers.
      o << "\n/* ---- " << in.sdei->path << " (whole) ---- */\n";
      for (const std::string& d : in.sdei->scan.defines) o << "#undef pr_fmt\n" << d << "\n";
      o << "#line 1 \"" << in.sdei->path << "\"\n";
      static const std::regex kInclude(R"(^\s*#\s*include\b.*)");
      static const std::regex kPrFmt(R"(^\s*#\s*define\s+pr_fmt\b.*)");
      for (const std::string& l : in.sdei->lines)
        o << (std::regex_match(l, kInclude) || std::regex_match(l, kPrFmt) ? "" : l) << "\n";
      if (!in.sdei->scan.defines.empty()) o << "#undef pr_fmt\n#define pr_fmt(fmt) fmt\n";
    }
    o << "\n#line 1 \"<stopfuzz-generated>\"\n";
    const bool arch_bt = smp_has("arch_trigger_cpumask_backtrace", true);
    if (!arch_bt) {
      o << "/* STOPFUZZ: no arch_trigger_cpumask_backtrace() in this tree:\n"
           " * trigger_all_cpu_backtrace() does nothing (returns false). */\n"
           "void arch_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu)\n{\n}\n";
    }
    // The features follow what the tree has; nothing here is required.
    const bool stop_nmi = enum_has("IPI_CPU_STOP_NMI");
    const bool sdei_stop = sdei_has("sdei_nmi_stop_cpus") || mentions(in.smp, "sdei_nmi_stop_cpus");
    auto b = [](bool v) { return v ? "1" : "0"; };
    std::string features = "SF_FEAT_KERNEL_SOURCE";
    if (stop_nmi) features += " | SF_FEAT_PSEUDO_NMI_RUNG";
    if (sdei_stop) features += " | SF_FEAT_SDEI_STOP";
    if (sdei_has("sdei_nmi_trigger_cpumask_backtrace")) features += " | SF_FEAT_SDEI_BACKTRACE";
    if (arch_bt) features += " | SF_FEAT_IPI_BACKTRACE";
    std::string summary = "real stop path of " + fs::path(in.tree).filename().string();
    if (!in.patches.empty()) {
      summary += " (patched:";
      for (const std::string& p : in.patches) summary += " " + fs::path(p).filename().string();
      summary += ")";
    }
    o << "\n#define SF_REV_SYMBOL\t\t\t" << symbol << "\n";
    o << "#define SF_REV_NAME\t\t\t\"" << in.name << "\"\n";
    o << "#define SF_REV_SUMMARY\t\t\t\"" << summary << "\"\n";
    o << "#define SF_REV_FEATURES\t\t\t(" << features << ")\n";
    o << "#define SF_REV_SECTION_DATA\t\tsf_data_" << sect << "\n";
    o << "#define SF_REV_SECTION_BSS\t\tsf_bss_" << sect << "\n";
    o << "#define SF_REV_NR_IPI\t\t\t" << (enum_has("MAX_IPI") ? "MAX_IPI" : "NR_IPI") << "\n";
    o << "#define SF_REV_BOOT()\t\t\t" << (sdei_has("sdei_nmi_init") ? "sdei_nmi_init()" : "do { } while (0)") << "\n";
    o << "#define SF_HAVE_STOP_NMI\t\t" << b(stop_nmi) << "\n";
    o << "#define SF_HAVE_CRASH_STOP_IPI\t\t" << b(enum_has("IPI_CPU_CRASH_STOP")) << "\n";
    o << "#define SF_HAVE_BACKTRACE_IPI\t\t" << b(enum_has("IPI_CPU_BACKTRACE")) << "\n";
    o << "#define SF_HAVE_IPI_SHOULD_BE_NMI\t" << b(smp_has("ipi_should_be_nmi", true)) << "\n";
    o << "#define SF_HAVE_CRASH_STOP_FLAG\t\t" << b(smp_has("crash_stop", false)) << "\n";
    o << "#define SF_HAVE_WAITING_FOR_CRASH_IPI\t" << b(smp_has("waiting_for_crash_ipi", false)) << "\n";
    o << "#define SF_HAVE_SDEI_NMI\t\t" << b(sdei_has("sdei_nmi_available")) << "\n\n";
    o << "#include \"core/revision_glue.h\"\n";
    return o.str();
  }
};

int compile(const UnityInput& in, const std::string& out, std::string* diag) {
  std::string cmd = shell_quote(in.cc) + " -fsyntax-only -ferror-limit=100 -fno-caret-diagnostics -std=gnu11" +
                    " -Werror=implicit-function-declaration -Werror=implicit-int -Werror=int-conversion" +
                    " -Werror=incompatible-pointer-types -I " + shell_quote(in.repo) + " -I " +
                    shell_quote(in.repo + "/shim/include");
  for (const std::string& f : in.cflags) cmd += " " + shell_quote(f);
  cmd += " " + shell_quote(out);
  return run(cmd, diag);
}

// Names of the functions the unity file defines from the tree: a prototype
// of one of them may be taken from a header.
std::set<std::string> defined_functions(const UnityInput& in, const std::vector<const Item*>& smp_items) {
  std::set<std::string> out;
  for (const Item* it : smp_items)
    if (it->is_func) out.insert(it->name);
  if (in.cpu) out.insert("set_cpu_online");
  if (in.sdei)
    for (const Item& it : in.sdei->scan.items)
      if (it.is_func) out.insert(it.name);
  return out;
}

// The conditional lines around a header item that a configuration decides:
// include guards (#ifndef X of a header that defines X) and the assembler
// guard are left out.
std::string cond_text(const Source& header, const Item& it) {
  std::string s;
  static const std::regex kIfndef(R"(^#\s*ifndef\s+(\w+))");
  for (const auto& frame : it.conds) {
    std::smatch m;
    if (frame.size() == 1 && std::regex_search(frame[0], m, kIfndef) &&
        (m[1] == "__ASSEMBLER__" || m[1] == "__ASSEMBLY__" || has_item(header, m[1])))
      continue;
    s += (s.empty() ? "" : " / ") + frame.back();
  }
  return s;
}

}  // namespace

std::string make_symbol(const std::string& name) {
  std::string s = "sf_rev_";
  for (char c : name) s += ident_char(c) ? c : '_';
  return s;
}

Unity generate_unity(const UnityInput& in, const std::string& out) {
  Unity u;
  std::vector<std::string> seeds;
  for (const Entry& e : kEntries) {
    if (has_item(in.smp, e.name))
      seeds.push_back(e.name);
    else if (e.required)
      fail(std::string(kSmp) + " of " + in.tree + " defines no '" + e.name + "' (the harness calls it from " + e.user +
           ")");
  }
  const std::vector<const Item*> smp_items = select_items(in.smp, seeds, &u.smp_names);
  std::vector<Taken> taken;
  const Render render{in, smp_items, taken};
  std::vector<const Source*> roots = {&in.smp};
  if (in.sdei) roots.push_back(&*in.sdei);
  std::optional<HeaderIndex> index;
  std::map<std::string, std::vector<Taken>> taken_for;  // name -> what was taken for it
  const std::set<std::string> defined = defined_functions(in, smp_items);
  for (int round = 0;; ++round) {
    u.text = render.text(u.smp_names);
    write_if_changed(out, u.text);
    std::string diag;
    if (in.cc.empty() || compile(in, out, &diag) == 0) break;
    // A file that does not compile must not be picked up by a later build.
    struct Remove {
      const std::string& f;
      ~Remove() {
        if (std::uncaught_exceptions()) fs::remove(f);
      }
    } remove_on_failure{out};
    const std::vector<Undeclared> missing = undeclared_names(diag);
    if (missing.empty() || !in.files) explain_compile_error(diag);
    if (!index) index.emplace(*in.files, roots);
    for (const Undeclared& m : missing) {
      // An error in the hand-written callers or the glue: the tree lacks
      // what the harness uses, rather than the shim lacking what the tree uses.
      const bool in_tree = m.where.rfind(in.repo + "/core/", 0) != 0 && m.where.rfind("core/", 0) != 0;
      if (auto t = taken_for.find(m.name); t != taken_for.end()) {
        const Taken& first = t->second.front();
        const std::string at = first.header->path + ":" + std::to_string(first.item->first_line);
        const std::string conds = cond_text(*first.header, *first.item);
        fail("kernel tree needs '" + m.name + "' (" + m.where + "): the extractor took its declaration at " + at +
             " but could not use it: " +
             (conds.empty() ? "it does not compile against the shim"
                            : "it is inside " + conds + ", which the model's configuration does not enable"));
      }
      const std::optional<HeaderIndex::Found> f = index->find(m.name);
      if (!f) {
        if (!in_tree)
          fail("the harness needs '" + m.name + "' (" + m.where + "), which " + kSmp + " of " + in.tree +
               " does not define");
        fail("kernel tree needs '" + m.name + "' (" + m.where + "), which the shim lacks");
      }
      std::vector<Taken> usable;
      for (const Item* it : f->items) {
        if (it->is_code()) continue;  // behaviour comes from the shim, never from a header
        if (it->is_prototype && !defined.count(it->name)) continue;
        usable.push_back({f->header, it, round});
      }
      const Item& first = *f->items.front();
      const std::string at = f->header->path + ":" + std::to_string(first.first_line);
      if (usable.empty() && first.is_prototype)
        fail("kernel tree needs '" + m.name + "' (" + m.where + "), declared at " + at +
             " but defined neither in the extracted files nor by the shim, which lacks it");
      if (usable.empty())
        fail("kernel tree needs '" + m.name + "' (" + m.where + "), which the shim lacks; the tree defines it at " +
             at + " as code (a function or a macro with parameters), which the extractor does not take from a header");
      taken_for[m.name] = usable;
      for (const Taken& t : usable) {
        const bool again = std::any_of(taken.begin(), taken.end(), [&](const Taken& x) { return x.item == t.item; });
        if (again) continue;  // the same declaration serves several names (an enum's constants)
        taken.push_back(t);
        u.header_names.push_back(m.name + " (" + at + ")");
      }
    }
  }
  return u;
}

}  // namespace sf::ksrc
