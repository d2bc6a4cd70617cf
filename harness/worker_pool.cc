// worker_pool.cc - forked workers, a socket pair each, and the owner's relay loop.
//
// Spec: design.md §7; issue 12 (--jobs N). Frames are [u32 length][u8 kind]
// [payload]. The owner never blocks on a worker: its sends are non-blocking
// and queued per worker, so a worker blocked sending to the owner (its
// socket full) is always drained, and a worker that stopped reading cannot
// stall the others.
#include "harness/worker_pool.h"

#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace sf {
namespace {

enum Kind : uint8_t { kShare, kStop, kStatus, kResult };

constexpr size_t kHeader = 5;

void frame(Bytes* out, uint8_t kind, const Bytes& data) {
  const uint32_t n = static_cast<uint32_t>(data.size());
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<uint8_t>(n >> (8 * i)));
  out->push_back(kind);
  out->insert(out->end(), data.begin(), data.end());
}

// Removes the first whole frame of *buf into (*kind, *data); false if none yet.
bool unframe(Bytes* buf, uint8_t* kind, Bytes* data) {
  if (buf->size() < kHeader) return false;
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<uint32_t>((*buf)[i]) << (8 * i);
  if (buf->size() < kHeader + n) return false;
  *kind = (*buf)[4];
  data->assign(buf->begin() + kHeader, buf->begin() + kHeader + n);
  buf->erase(buf->begin(), buf->begin() + kHeader + n);
  return true;
}

// Reads what is available without blocking; false on end of stream or error.
bool drain(int fd, Bytes* into) {
  uint8_t chunk[65536];
  for (;;) {
    const ssize_t got = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (got > 0) {
      into->insert(into->end(), chunk, chunk + got);
      continue;
    }
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (got < 0 && errno == EINTR) continue;
    return false;
  }
}

void send_all(int fd, const Bytes& b) {
  size_t at = 0;
  while (at < b.size()) {
    const ssize_t put = ::send(fd, b.data() + at, b.size() - at, MSG_NOSIGNAL);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return;  // the owner is gone: nothing left to tell it
    at += static_cast<size_t>(put);
  }
}

struct Peer {
  pid_t pid = -1;
  int fd = -1;
  bool open = false;
  Bytes in;   // received, not yet a whole frame
  Bytes out;  // queued for this worker
};

}  // namespace

void WorkerLink::send(uint8_t kind, const Bytes& data) {
  Bytes b;
  frame(&b, kind, data);
  send_all(fd_, b);
}

void WorkerLink::share(const Bytes& data) { send(kShare, data); }

void WorkerLink::stop_all() {
  stopping_ = true;
  send(kStop, {});
}

void WorkerLink::status(const Bytes& data) { send(kStatus, data); }

bool WorkerLink::poll(std::vector<Bytes>* shared) {
  if (!drain(fd_, &in_)) stopping_ = true;  // the owner is gone
  uint8_t kind;
  Bytes data;
  while (unframe(&in_, &kind, &data)) {
    if (kind == kShare) shared->push_back(std::move(data));
    if (kind == kStop) stopping_ = true;
  }
  return !stopping_;
}

std::vector<WorkerOutcome> run_worker_pool(int n, const std::function<Bytes(WorkerLink&)>& body,
                                           const std::function<void(int, const Bytes&)>& on_status) {
  std::vector<WorkerOutcome> outcomes(static_cast<size_t>(n));
  std::vector<Peer> peers(static_cast<size_t>(n));
  fflush(stdout);
  fflush(stderr);
  for (int i = 0; i < n; ++i) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
      outcomes[i].error = std::string("socketpair: ") + strerror(errno);
      continue;
    }
    const pid_t pid = fork();
    if (pid < 0) {
      outcomes[i].error = std::string("fork: ") + strerror(errno);
      close(sv[0]);
      close(sv[1]);
      continue;
    }
    if (pid == 0) {
      close(sv[0]);
      for (int k = 0; k < i; ++k)
        if (peers[k].fd >= 0) close(peers[k].fd);
      WorkerLink link(i, n, sv[1]);
      const Bytes result = body(link);
      Bytes b;
      frame(&b, kResult, result);
      send_all(sv[1], b);
      fflush(stdout);
      fflush(stderr);
      _exit(0);  // not exit(): the owner's static objects are the owner's
    }
    close(sv[1]);
    peers[i].pid = pid;
    peers[i].fd = sv[0];
    peers[i].open = true;
  }

  bool stopping = false;
  auto broadcast = [&](int from, uint8_t kind, const Bytes& data) {
    for (int k = 0; k < n; ++k)
      if (k != from && peers[k].open) frame(&peers[k].out, kind, data);
  };
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<int> who;
    for (int i = 0; i < n; ++i) {
      if (!peers[i].open) continue;
      fds.push_back({peers[i].fd, static_cast<short>(POLLIN | (peers[i].out.empty() ? 0 : POLLOUT)), 0});
      who.push_back(i);
    }
    if (fds.empty()) break;
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (size_t j = 0; j < fds.size(); ++j) {
      Peer& p = peers[who[j]];
      if (fds[j].revents & POLLOUT) {
        const ssize_t put = ::send(p.fd, p.out.data(), p.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (put > 0) p.out.erase(p.out.begin(), p.out.begin() + put);
      }
      if (!(fds[j].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const bool alive = drain(p.fd, &p.in);
      uint8_t kind;
      Bytes data;
      while (unframe(&p.in, &kind, &data)) {
        switch (kind) {
          case kShare: broadcast(who[j], kShare, data); break;
          case kStop:
            if (!stopping) broadcast(who[j], kStop, {});
            stopping = true;
            break;
          case kStatus:
            if (on_status) on_status(who[j], data);
            break;
          case kResult:
            outcomes[who[j]].finished = true;
            outcomes[who[j]].result = std::move(data);
            break;
          default: break;
        }
      }
      if (!alive) {
        p.open = false;
        close(p.fd);
        p.out.clear();
        // A worker that died without a result must not leave the others
        // running to their budget as if nothing happened.
        if (!outcomes[who[j]].finished && !stopping) {
          broadcast(who[j], kStop, {});
          stopping = true;
        }
      }
    }
  }
  for (int i = 0; i < n; ++i) {
    if (peers[i].pid < 0) continue;
    int status = 0;
    while (waitpid(peers[i].pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (outcomes[i].finished) continue;
    char why[96];
    if (WIFSIGNALED(status))
      snprintf(why, sizeof why, "worker %d killed by signal %d", i, WTERMSIG(status));
    else
      snprintf(why, sizeof why, "worker %d exited with status %d without a result", i, WEXITSTATUS(status));
    outcomes[i].error = why;
  }
  return outcomes;
}

bool run_units(int n, size_t count, const std::function<Bytes(size_t)>& unit, std::vector<Bytes>* results,
               std::string* error) {
  results->assign(count, Bytes{});
  if (n <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i) (*results)[i] = unit(i);
    return true;
  }
  if (static_cast<size_t>(n) > count) n = static_cast<int>(count);
  // The queue: the index of the next unit, in memory every worker shares.
  void* shared =
      mmap(nullptr, sizeof(std::atomic<uint64_t>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    *error = std::string("mmap: ") + strerror(errno);
    return false;
  }
  auto* next = new (shared) std::atomic<uint64_t>(0);
  // A worker's result: (unit index, unit result) for each unit it ran.
  const auto body = [&](WorkerLink&) {
    Bytes out;
    for (uint64_t i; (i = next->fetch_add(1)) < count;) {
      put_u64(&out, i);
      put_bytes(&out, unit(static_cast<size_t>(i)));
    }
    return out;
  };
  const std::vector<WorkerOutcome> outcomes = run_worker_pool(n, body, nullptr);
  munmap(shared, sizeof(std::atomic<uint64_t>));
  std::vector<bool> done(count, false);
  for (const WorkerOutcome& o : outcomes) {
    if (!o.finished) {
      *error = o.error.empty() ? "a worker ended without a result" : o.error;
      return false;
    }
    ByteReader in(o.result);
    for (;;) {
      const uint64_t i = in.u64();
      if (!in.ok()) break;  // the end of this worker's results
      Bytes r = in.bytes();
      if (!in.ok() || i >= count || done[i]) {
        *error = "a worker sent a malformed result";
        return false;
      }
      done[i] = true;
      (*results)[i] = std::move(r);
    }
  }
  for (size_t i = 0; i < count; ++i)
    if (!done[i]) {
      *error = "unit " + std::to_string(i) + " has no result";
      return false;
    }
  return true;
}

uint64_t worker_seed(uint64_t seed, int index) {
  if (index == 0) return seed;
  // splitmix64 of (seed, index): distinct, well-spread streams per worker.
  uint64_t z = seed + 0x9e3779b97f4a7c15ull * static_cast<uint64_t>(index);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void put_u64(Bytes* b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_bytes(Bytes* b, const Bytes& v) {
  put_u64(b, v.size());
  b->insert(b->end(), v.begin(), v.end());
}

void put_string(Bytes* b, const std::string& s) { put_bytes(b, Bytes(s.begin(), s.end())); }

uint64_t ByteReader::u64() {
  if (b_.size() - at_ < 8 || at_ > b_.size()) {
    ok_ = false;
    at_ = b_.size();
    return 0;
  }
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b_[at_ + i]) << (8 * i);
  at_ += 8;
  return v;
}

Bytes ByteReader::bytes() {
  const uint64_t n = u64();
  if (!ok_ || n > b_.size() - at_) {
    ok_ = false;
    at_ = b_.size();
    return {};
  }
  Bytes v(b_.begin() + static_cast<long>(at_), b_.begin() + static_cast<long>(at_ + n));
  at_ += n;
  return v;
}

std::string ByteReader::string() {
  const Bytes v = bytes();
  return std::string(v.begin(), v.end());
}

}  // namespace sf
