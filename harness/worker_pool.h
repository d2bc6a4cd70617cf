// worker_pool.h - N worker processes that share what they find; the first stop ends all.
//
// Spec: design.md §7 (engines; every core used), issue 12 ("--jobs N: N
// workers with their own machine, sharing what they find, first violation
// stops all, one summary"). A machine is one per process (the shim's C entry
// points reach it through one global), so parallel workers are forked
// processes. Each worker is connected to the owner by a UNIX socket pair;
// the owner relays what one worker shares to all the others, turns one
// worker's stop into a stop for every worker, and collects each worker's
// final result. Payloads are opaque bytes: the campaign (cli/) and `check`
// decide what they mean. Generic: nothing here knows the stop path.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sf {

using Bytes = std::vector<uint8_t>;

// A worker's end of the pool (valid inside the worker's body only).
class WorkerLink {
 public:
  WorkerLink(int index, int count, int fd) : index_(index), count_(count), fd_(fd) {}
  int index() const { return index_; }
  int count() const { return count_; }
  // Sends `data` to every other worker (e.g. a new corpus entry).
  void share(const Bytes& data);
  // Asks every worker, this one included, to stop (e.g. the first violation).
  void stop_all();
  // Progress for the owner's live line (the owner keeps the latest).
  void status(const Bytes& data);
  // Appends to *shared what the others shared since the last call; never
  // blocks. Returns false once a stop has been requested by anyone.
  bool poll(std::vector<Bytes>* shared);
  bool stopping() const { return stopping_; }

 private:
  void send(uint8_t kind, const Bytes& data);
  int index_;
  int count_;
  int fd_;
  bool stopping_ = false;
  Bytes in_;  // bytes received, not yet a whole frame
};

struct WorkerOutcome {
  bool finished = false;  // the body returned and its result arrived
  Bytes result;
  std::string error;  // why not finished (signal, exit status), one line
};

// Runs body(link) for workers 0..n-1, each in a forked process, and returns
// their outcomes in worker order once every worker has ended. on_status(i,
// data) runs in the calling process as statuses arrive (may be empty). The
// caller flushes nothing: stdio is flushed before forking.
std::vector<WorkerOutcome> run_worker_pool(int n, const std::function<Bytes(WorkerLink&)>& body,
                                           const std::function<void(int, const Bytes&)>& on_status);

// Runs unit(0) .. unit(count-1), each deterministic on its own, on n
// worker processes that take the next unit from a shared queue (n <= 1 or
// one unit: in this process, in order), and puts their results into
// *results in unit order, so what comes back does not depend on which
// worker ran what. False, with a one-line *error, if a worker died or sent
// a malformed result (the other results are then incomplete).
bool run_units(int n, size_t count, const std::function<Bytes(size_t)>& unit, std::vector<Bytes>* results,
               std::string* error);

// The seed of worker `index` of a pool started with `seed`: worker 0 keeps
// it (so one worker behaves as no pool), the others get well-mixed ones.
uint64_t worker_seed(uint64_t seed, int index);

// Little-endian serialisation of results and statuses.
void put_u64(Bytes* b, uint64_t v);
void put_bytes(Bytes* b, const Bytes& v);
void put_string(Bytes* b, const std::string& s);
class ByteReader {
 public:
  explicit ByteReader(const Bytes& b) : b_(b) {}
  uint64_t u64();
  Bytes bytes();
  std::string string();
  bool ok() const { return ok_; }  // false after a read past the end

 private:
  const Bytes& b_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace sf
