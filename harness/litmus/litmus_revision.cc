// litmus_revision.cc - the litmus revision (litmus_revision.h).
//
// Spec: issue 11.
#include "harness/litmus/litmus_revision.h"

namespace sf::litmus {
namespace {

unsigned long online_mask[1];
int num_online;
void (*test_reset)() = nullptr;

void reset() {
  if (test_reset) test_reset();
}
void boot() {}
int ipi_kind(int) { return SF_IPI_OTHER; }
void handle_ipi(int) {}
void set_cpu_online(unsigned int, bool) {}
int sdei_entry(unsigned int, struct pt_regs*) { return SF_SDEI_EXIT_COMPLETE; }
bool never() { return false; }

sf_revision make() {
  sf_revision r{};
  r.name = "litmus";
  r.summary = "a C litmus test's processes";
  r.nr_ipi = 1;
  r.reset = reset;
  r.boot = boot;
  r.ipi_kind = ipi_kind;
  r.handle_ipi = handle_ipi;
  r.set_cpu_online = set_cpu_online;
  r.sdei_entry = sdei_entry;
  r.crash_stop_set = never;
  r.sdei_nmi_available = never;
  r.online_mask = online_mask;
  r.num_online = &num_online;
  return r;
}

}  // namespace

const sf_revision* litmus_revision(void (*test)()) {
  static const sf_revision rev = make();
  test_reset = test;
  return &rev;
}

}  // namespace sf::litmus
