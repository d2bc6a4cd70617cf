// fiber_backend.cc - ucontext fibers: the same baton protocol without OS threads.
//
// Spec: design.md §2 (a faster backend behind the same interface; identical
// traces for identical inputs, checked by tests/models/backend_test.cc).
// Fibers left blocked at the end of an execution are simply re-made: nothing
// owning lives on a CPU stack across a yield point (machine.h contract).
#include <pthread.h>
#include <ucontext.h>

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

constexpr size_t kStackSize = 256 * 1024;

class FiberBackend final : public Backend {
 public:
  void prepare(int cpu, std::function<void()>* entry) override {
    Fiber& f = fibers_[cpu];
    if (!f.stack) f.stack = std::make_unique<char[]>(kStackSize);
#ifdef SF_ASAN
    // A fiber abandoned mid-execution leaves its frames' poison behind.
    __asan_unpoison_memory_region(f.stack.get(), kStackSize);
#endif
    f.entry = entry;
    getcontext(&f.ctx);
    f.ctx.uc_stack.ss_sp = f.stack.get();
    f.ctx.uc_stack.ss_size = kStackSize;
    f.ctx.uc_link = nullptr;
    makecontext(&f.ctx, &FiberBackend::trampoline, 0);
  }

  void run_from_driver(int cpu) override {
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
    swap(&driver_, -1, cpu);
  }
  void switch_cpu(int self, int to) override { swap(&fibers_[self].ctx, self, to); }
  void to_driver(int self) override { swap(&fibers_[self].ctx, self, -1); }
  void finish(int self) override {
    dying_ = true;
    swap(&fibers_[self].ctx, self, -1);
    std::abort();  // a finished fiber is never resumed
  }

 private:
  struct Fiber {
    ucontext_t ctx;
    std::unique_ptr<char[]> stack;
    std::function<void()>* entry = nullptr;
  };

  static void trampoline() {
    FiberBackend* b = active_;
#ifdef SF_ASAN
    __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
#endif
    (*b->fibers_[b->running_].entry)();
    std::abort();  // entries end with finish()
  }

  void swap(ucontext_t* from, int from_id, int to) {
    (void)from_id;
    running_ = to;
    active_ = this;
    ucontext_t* target = to < 0 ? &driver_ : &fibers_[to].ctx;
#ifdef SF_ASAN
    void* fake = nullptr;
    const void* bottom = to < 0 ? driver_bottom_ : fibers_[to].stack.get();
    size_t size = to < 0 ? driver_size_ : kStackSize;
    __sanitizer_start_switch_fiber(dying_ ? nullptr : &fake, bottom, size);
    dying_ = false;
    swapcontext(from, target);
    __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#else
    dying_ = false;
    swapcontext(from, target);
#endif
    running_ = from_id;
    active_ = this;
  }

  static inline thread_local FiberBackend* active_ = nullptr;
  ucontext_t driver_{};
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
