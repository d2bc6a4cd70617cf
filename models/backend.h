// backend.h - how simulated CPUs get their own stacks and pass the baton.
//
// Spec: design.md §2 (CPUs are threads with a baton; a faster backend may sit
// behind the same interface and must give identical traces). The backend
// decides nothing: the machine tells it which CPU runs next. Exactly one of
// {driver, CPU 0..n-1} runs at any time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace sf {

enum class BackendKind : uint8_t { kThreads, kFibers };
const char* backend_name(BackendKind k);

class Backend {
 public:
  virtual ~Backend() = default;
  // Driver side: make `cpu` start `entry` the next time it is switched to.
  virtual void prepare(int cpu, std::function<void()>* entry) = 0;
  // Driver side: run `cpu` until some CPU calls to_driver() or finish().
  virtual void run_from_driver(int cpu) = 0;
  // CPU side: hand the baton to `to`; returns when someone hands it back.
  virtual void switch_cpu(int self, int to) = 0;
  // CPU side: hand the baton to the driver; returns when handed back.
  virtual void to_driver(int self) = 0;
  // CPU side, last act of an entry: hand the baton to the driver; the caller
  // returns from its entry function right after (never resumed).
  virtual void finish(int self) = 0;
  // CPU side: the stack `self` runs on, [*lo, *lo + *size): memory no other
  // CPU can see (docs/memory_model.md M11).
  virtual void own_stack(int self, uintptr_t* lo, size_t* size) const = 0;
};

// Threads are created lazily on first use and reused (design §2: no threads
// at static-initialisation time; AFL++'s fork server copies one thread).
std::unique_ptr<Backend> make_thread_backend();
// Boost.Context (fcontext) fibers; not available under TSan (falls back to threads).
std::unique_ptr<Backend> make_fiber_backend();
bool fiber_backend_available();

}  // namespace sf
