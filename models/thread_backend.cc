// thread_backend.cc - one OS thread per simulated CPU, a semaphore baton.
//
// Spec: design.md §2. Compiled without coverage instrumentation (CMake) so
// the spin-then-wait paths of the semaphore do not make AFL++ unstable.
#include <pthread.h>
#include <semaphore.h>

#include <cerrno>
#include <thread>

#include "models/backend.h"
#include "models/sdei_firmware.h"

namespace sf {
namespace {

class Sem {
 public:
  Sem() { sem_init(&s_, 0, 0); }
  ~Sem() { sem_destroy(&s_); }
  void post() { sem_post(&s_); }
  void wait() {
    while (sem_wait(&s_) != 0 && errno == EINTR) {
    }
  }

 private:
  sem_t s_;
};

class ThreadBackend final : public Backend {
 public:
  ~ThreadBackend() override {
    for (int i = 0; i < kMaxCpus; ++i) {
      if (!slots_[i].thread.joinable()) continue;
      slots_[i].quit = true;
      slots_[i].sem.post();
      slots_[i].thread.join();
    }
  }

  void prepare(int cpu, std::function<void()>* entry) override {
    Slot& s = slots_[cpu];
    s.entry = entry;
    if (!s.thread.joinable()) s.thread = std::thread([this, cpu] { loop(cpu); });
  }

  void run_from_driver(int cpu) override {
    slots_[cpu].sem.post();
    driver_.wait();
  }

  void switch_cpu(int self, int to) override {
    slots_[to].sem.post();
    slots_[self].sem.wait();
  }

  void to_driver(int self) override {
    driver_.post();
    slots_[self].sem.wait();
  }

  void finish(int /*self*/) override { driver_.post(); }
  void own_stack(int self, uintptr_t* lo, size_t* size) const override {
    *lo = slots_[self].stack_lo;
    *size = slots_[self].stack_size;
  }

 private:
  struct Slot {
    std::thread thread;
    Sem sem;
    std::function<void()>* entry = nullptr;
    bool quit = false;
    uintptr_t stack_lo = 0;  // the thread's own stack, read by that thread
    size_t stack_size = 0;
  };

  void loop(int cpu) {
    Slot& s = slots_[cpu];
    pthread_attr_t attr;
    void* addr = nullptr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstack(&attr, &addr, &s.stack_size);
      pthread_attr_destroy(&attr);
      s.stack_lo = reinterpret_cast<uintptr_t>(addr);
    }
    for (;;) {
      s.sem.wait();
      if (s.quit) return;
      (*s.entry)();
    }
  }

  Slot slots_[kMaxCpus];
  Sem driver_;
};

}  // namespace

std::unique_ptr<Backend> make_thread_backend() { return std::make_unique<ThreadBackend>(); }

const char* backend_name(BackendKind k) { return k == BackendKind::kThreads ? "threads" : "fibers"; }

}  // namespace sf
