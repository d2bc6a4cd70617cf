// fiber_backend.cc - Boost.Context fibers: the same baton protocol without OS threads.
//
// Spec: design.md §2 (a faster backend behind the same interface; identical
// traces for identical inputs, checked by tests/models/backend_equivalence_test.cc).
//
// Why Boost.Context's fcontext and not ucontext: glibc's swapcontext saves and
// restores the signal mask with an rt_sigprocmask system call on every switch;
// a profile of a 20 s campaign put about 60 % of the time there (issue 12).
// jump_fcontext saves only the callee-saved registers, in user space.
//
// Why the fcontext primitives (make_fcontext/jump_fcontext, boost/context/
// detail/fcontext.hpp, unchanged since Boost 1.61) and not boost::context::fiber:
// a fiber object that is destroyed before its function returns unwinds its
// stack by throwing through it, and at the end of an execution CPUs are left
// blocked inside kernel C code. Here a fiber blocked at the end of an
// execution is simply re-made on the same stack next time (make_fcontext
// writes a fresh frame at its top): nothing owning lives on a CPU stack across
// a yield point (machine.h contract), so there is nothing to unwind.
//
// AFL++: this file is on fuzz/afl_denylist.txt (switching code carries no
// coverage; design §2), and the stacks are allocated by the first execution,
// which the fuzz target runs before the fork server starts, so every child
// inherits them.
#include <pthread.h>

#include <cstdlib>
#include <memory>

#include "models/backend.h"
#include "models/sdei_firmware.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SF_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define SF_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SF_ASAN 1
#endif

#ifndef SF_TSAN
#include <boost/context/detail/fcontext.hpp>
#endif
#ifdef SF_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace sf {

bool fiber_backend_available() {
#ifdef SF_TSAN
  return false;
#else
  return true;
#endif
}

#ifndef SF_TSAN
namespace {

namespace bctx = boost::context::detail;

constexpr size_t kStackSize = 256 * 1024;

// Slot -1 is the driver (the thread that called Machine::run), 0.. the CPUs.
// Each slot holds the suspended context of that side while it does not run.
class FiberBackend final : public Backend {
 public:
  // Every stack at once, not when an input first has that many CPUs: the fuzz
  // target makes the backend before AFL++'s fork server, so no child depends
  // on which inputs it ran first. Pages are touched only when a CPU uses them.
  FiberBackend() {
    // Not zeroed; make_unique_for_overwrite would say so, but libc++ 14 lacks it.
    for (Fiber& f : fibers_) f.stack.reset(new char[kStackSize]);
  }

  void prepare(int cpu, std::function<void()>* entry) override {
    Fiber& f = fibers_[cpu];
#ifdef SF_ASAN
    // A fiber abandoned mid-execution leaves its frames' poison behind.
    __asan_unpoison_memory_region(f.stack.get(), kStackSize);
#endif
    f.entry = entry;
    f.ctx = bctx::make_fcontext(f.stack.get() + kStackSize, kStackSize, &FiberBackend::trampoline);
  }

  void run_from_driver(int cpu) override {
    active_ = this;
#ifdef SF_ASAN
    if (driver_bottom_ == nullptr) {
      pthread_attr_t attr;
      pthread_getattr_np(pthread_self(), &attr);
      void* addr = nullptr;
      size_t size = 0;
      pthread_attr_getstack(&attr, &addr, &size);
      pthread_attr_destroy(&attr);
      driver_bottom_ = addr;
      driver_size_ = size;
    }
#endif
    swap(-1, cpu);
  }
  void switch_cpu(int self, int to) override { swap(self, to); }
  void to_driver(int self) override { swap(self, -1); }
  void finish(int self) override {
    dying_ = true;
    swap(self, -1);
    std::abort();  // a finished fiber is never resumed (prepare() re-makes it)
  }
  void own_stack(int self, uintptr_t* lo, size_t* size) const override {
    *lo = reinterpret_cast<uintptr_t>(fibers_[self].stack.get());
    *size = kStackSize;
  }

 private:
  struct Fiber {
    bctx::fcontext_t ctx = nullptr;
    std::unique_ptr<char[]> stack;
    std::function<void()>* entry = nullptr;
  };

  bctx::fcontext_t* slot(int id) { return id < 0 ? &driver_ : &fibers_[id].ctx; }

  // jump_fcontext hands the resumed side the context of the side that just
  // suspended; `data` says in which slot that one keeps it.
  static void park(bctx::transfer_t t) { *static_cast<bctx::fcontext_t*>(t.data) = t.fctx; }

  static void trampoline(bctx::transfer_t t) {
#ifdef SF_ASAN
    __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
#endif
    park(t);
    FiberBackend* b = active_;
    (*b->fibers_[b->running_].entry)();
    std::abort();  // entries end with finish()
  }

  void swap(int from, int to) {
    running_ = to;
#ifdef SF_ASAN
    void* fake = nullptr;
    const void* bottom = to < 0 ? driver_bottom_ : fibers_[to].stack.get();
    size_t size = to < 0 ? driver_size_ : kStackSize;
    // A dying fiber passes nullptr so ASan frees its fake stack.
    __sanitizer_start_switch_fiber(dying_ ? nullptr : &fake, bottom, size);
    dying_ = false;
    park(bctx::jump_fcontext(*slot(to), slot(from)));
    __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#else
    dying_ = false;
    park(bctx::jump_fcontext(*slot(to), slot(from)));
#endif
    running_ = from;
  }

  // The backend whose fiber is starting: one machine runs per thread at a time.
  static inline thread_local FiberBackend* active_ = nullptr;
  bctx::fcontext_t driver_ = nullptr;
  Fiber fibers_[kMaxCpus];
  int running_ = -1;
  bool dying_ = false;
#ifdef SF_ASAN
  const void* driver_bottom_ = nullptr;
  size_t driver_size_ = 0;
#endif
};

}  // namespace

std::unique_ptr<Backend> make_fiber_backend() { return std::make_unique<FiberBackend>(); }
#else
std::unique_ptr<Backend> make_fiber_backend() { return make_thread_backend(); }
#endif

}  // namespace sf
