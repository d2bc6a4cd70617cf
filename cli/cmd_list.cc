// cmd_list.cc - `stopfuzz list`: the catalogues (revisions, properties, behaviours, ...).
//
// Spec: design.md §8.4 (catalogues are data; help text and labels come
// from them): every table printed here is read from its catalogue.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "harness/revisions.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/mutations.h"
#include "harness/stop/properties.h"
#include "models/sdei_firmware.h"

namespace sf {
namespace {

void list_revisions() {
  printf("revisions:\n");
  for (const sf_revision* r : all_revisions()) printf("  %-14s %s\n", r->name, r->summary);
}

void list_properties() {
  printf("properties:\n");
  for (size_t i = 0; i < kPropertyCount; ++i) {
    const PropertyInfo& p = property_info(static_cast<Property>(i));
    printf("  %-4s %-34s %s\n", p.id, p.name, p.summary);
  }
}

void list_behaviours() {
  printf("behaviours (target CPUs):\n");
#define SF_BEHAVIOUR(id, name, summary, spec, initial, when, reach) printf("  %-20s %s [%s]\n", name, summary, spec);
#include "harness/stop/behaviours.def"
#undef SF_BEHAVIOUR
}

void list_entries() {
  printf("entries (requester CPU 0):\n");
#define SF_ENTRY(id, name, summary, spec) printf("  %-20s %s [%s]\n", name, summary, spec);
#include "harness/stop/entries.def"
#undef SF_ENTRY
}

void list_faults() {
  printf("faults:\n");
#define SF_SDEI_MODE(id, name, summary, spec) \
  if (SdeiMode::id != SdeiMode::kPresent) printf("  %-20s %s [%s]\n", name, summary, spec);
#include "models/sdei_modes.def"
#undef SF_SDEI_MODE
#define SF_FAULT(id, name, summary, spec) printf("  %-20s %s [%s]\n", name, summary, spec);
#include "harness/stop/faults.def"
#undef SF_FAULT
}

void list_known() {
  printf("known findings:\n");
  for (const KnownFinding& k : known_findings())
    printf("  %-12s %-4s %-26s %s [%s]\n", k.revision, property_info(k.property()).id, k.signature(), k.why, k.spec);
}

void list_mutations() {
  printf("mutations:\n");
  for (const auto& m : mutation_catalogue_for_cli()) printf("  %-36s %s\n", m.first.c_str(), m.second.c_str());
}

struct Table {
  const char* name;
  void (*print)();
};
constexpr Table kTables[] = {
    {"revisions", list_revisions}, {"properties", list_properties}, {"behaviours", list_behaviours},
    {"entries", list_entries},     {"faults", list_faults},         {"known", list_known},
    {"mutations", list_mutations},
};

}  // namespace

void add_list_command(CLI::App& app, int* rc) {
  auto what = std::make_shared<std::string>("all");
  std::vector<std::string> names = {"all"};
  for (const Table& t : kTables) names.push_back(t.name);
  CLI::App* cmd = app.add_subcommand("list", "the catalogues: revisions, properties, faults, ...");
  cmd->add_option("what", *what, "which catalogue (default all)")->check(CLI::IsMember(names))->option_text("WHAT");
  cmd->callback([what, rc] {
    for (const Table& t : kTables)
      if (*what == "all" || *what == t.name) t.print();
    *rc = kExitClean;
  });
}

}  // namespace sf
