// symbols.cc - addresses to symbol names through the loaded objects' .symtab (see symbols.h).
//
// Spec: issue 11 (the litmus emitter derives its accesses from the trace).
#include "models/symbols.h"

#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <vector>

#include "stopfuzz/machine_api.h"

namespace sf {
namespace {

struct Sym {
  uintptr_t start, size;  // relative to the object's load base
  std::string name;
};

// The data and BSS objects of one ELF file, sorted by address.
std::vector<Sym> read_symtab(const std::string& path) {
  std::vector<Sym> out;
  std::ifstream f(path, std::ios::binary);
  if (!f) return out;
  const std::string img((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (img.size() < sizeof(Elf64_Ehdr) || memcmp(img.data(), ELFMAG, SELFMAG) != 0) return out;
  const auto* eh = reinterpret_cast<const Elf64_Ehdr*>(img.data());
  if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shoff == 0 ||
      eh->e_shoff + static_cast<uint64_t>(eh->e_shnum) * sizeof(Elf64_Shdr) > img.size())
    return out;
  const auto* sh = reinterpret_cast<const Elf64_Shdr*>(img.data() + eh->e_shoff);
  for (int i = 0; i < eh->e_shnum; ++i) {
    if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) continue;
    const Elf64_Shdr& strs = sh[sh[i].sh_link];
    if (sh[i].sh_offset + sh[i].sh_size > img.size() || strs.sh_offset + strs.sh_size > img.size()) continue;
    const auto* syms = reinterpret_cast<const Elf64_Sym*>(img.data() + sh[i].sh_offset);
    const size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
    for (size_t k = 0; k < n; ++k) {
      if (ELF64_ST_TYPE(syms[k].st_info) != STT_OBJECT || syms[k].st_size == 0 || syms[k].st_name >= strs.sh_size)
        continue;
      const char* name = img.data() + strs.sh_offset + syms[k].st_name;
      out.push_back({static_cast<uintptr_t>(syms[k].st_value), static_cast<uintptr_t>(syms[k].st_size),
                     std::string(name, strnlen(name, strs.sh_size - syms[k].st_name))});
    }
  }
  std::sort(out.begin(), out.end(), [](const Sym& a, const Sym& b) { return a.start < b.start; });
  return out;
}

struct Found {
  uintptr_t addr;
  std::string path;
  uintptr_t base = 0;
  bool hit = false;
};

int find_object(struct dl_phdr_info* info, size_t, void* data) {
  auto* f = static_cast<Found*>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    const uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
    if (f->addr >= lo && f->addr < lo + ph.p_memsz) {
      f->path = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : "/proc/self/exe";
      f->base = info->dlpi_addr;
      f->hit = true;
      return 1;
    }
  }
  return 0;
}

}  // namespace

std::string symbol_of(const volatile void* addr) {
  static std::mutex mu;
  static std::map<std::string, std::vector<Sym>> tables;  // per object file, read once
  Found f{reinterpret_cast<uintptr_t>(addr), {}};
  dl_iterate_phdr(find_object, &f);
  if (!f.hit) return "";
  std::lock_guard<std::mutex> lock(mu);
  auto it = tables.find(f.path);
  if (it == tables.end()) it = tables.emplace(f.path, read_symtab(f.path)).first;
  const std::vector<Sym>& syms = it->second;
  const uintptr_t rel = f.addr - f.base;
  auto s = std::upper_bound(syms.begin(), syms.end(), rel, [](uintptr_t a, const Sym& b) { return a < b.start; });
  if (s == syms.begin()) return "";
  --s;
  if (rel >= s->start + s->size) return "";
  const uintptr_t off = rel - s->start;
  return off ? s->name + "+" + std::to_string(off) : s->name;
}

const char* barrier_name(int kind) {
  switch (kind) {
    case SF_BARRIER_MB: return "smp_mb()";
    case SF_BARRIER_RMB: return "smp_rmb()";
    case SF_BARRIER_WMB: return "smp_wmb()";
    case SF_BARRIER_DSB_ISHST: return "dsb(ishst)";
    case SF_BARRIER_DSB_ISH: return "dsb(ish)";
    case SF_BARRIER_DSB_SY: return "dsb(sy)";
    case SF_BARRIER_ISB: return "isb()";
    case kBarrierGicSgi: return "gic_ipi_send_mask() dsb(ishst)";
    case kBarrierFirmwareDsb: return "firmware DSB before the SGI";
    case kBarrierException: return "exception entry";
    default: return "barrier";
  }
}

bool barrier_is_dsb(int kind) {
  return kind == SF_BARRIER_DSB_ISHST || kind == SF_BARRIER_DSB_ISH || kind == SF_BARRIER_DSB_SY ||
         kind == kBarrierGicSgi || kind == kBarrierFirmwareDsb;
}

}  // namespace sf
