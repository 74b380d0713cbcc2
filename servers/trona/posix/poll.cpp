// poll/epoll of trona/posix/poll.h: argument checks as Linux makes them
// (EFAULT, EINVAL), then the VFS stubs.
#include "trona/posix/poll.h"
#include "trona/posix/termios.h"
#include "trona/core/syscall.h"

#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

constexpr size_t kMaxPollFds = 16;                  // the wire's limit (Linux: RLIMIT_NOFILE)
constexpr uint64_t kTtyPollStepNs = 10'000'000;     // how often terminals are asked again

// Terminals are posix_ttysrv's, which the VFS does not watch: with one in
// the set, the VFS's fds are polled without waiting and the terminals with
// PTY_POLL, again every 10 ms of virtual time until one is ready or the
// timeout passes (trona/posix/README.md).
int poll_with_terminals(pollfd* fds, nfds_t nfds, int timeout_ms, const uint64_t* tty, const bool* is_tty) {
  const uint64_t start = clock_gettime(uapi::kClockMonotonic).value;
  for (;;) {
    pollfd others[kMaxPollFds];
    size_t map[kMaxPollFds], n_others = 0;
    int ready = 0;
    for (size_t i = 0; i < nfds; ++i) {
      fds[i].revents = 0;
      if (is_tty[i]) {
        uint64_t rev = 0;
        if (int e = detail::tty_poll(tty[i], static_cast<uint64_t>(fds[i].events), &rev); e != 0) return fail(e);
        fds[i].revents = static_cast<int16_t>(rev);
        ready += rev != 0;
      } else {
        map[n_others] = i;
        others[n_others++] = fds[i];
      }
    }
    size_t vfs_ready = 0;
    if (n_others > 0)
      if (int e = VfsClient().poll(others, n_others, 0, &vfs_ready); e != 0) return fail(e);
    for (size_t k = 0; k < n_others; ++k) fds[map[k]].revents = others[k].revents;
    ready += static_cast<int>(vfs_ready);
    if (ready > 0 || timeout_ms == 0) return ready;
    const uint64_t now = clock_gettime(uapi::kClockMonotonic).value;
    uint64_t step = kTtyPollStepNs;
    if (timeout_ms > 0) {
      const uint64_t end = start + static_cast<uint64_t>(timeout_ms) * 1'000'000;
      if (now >= end) return 0;
      if (end - now < step) step = end - now;
    }
    if (nanosleep(step).error == uapi::TRONA_INTERRUPTED) return fail(uapi::kEINTR);
  }
}

}  // namespace

int poll(pollfd* fds, nfds_t nfds, int timeout_ms) {
  if (nfds > 0 && !fds) return fail(uapi::kEFAULT);
  if (nfds > kMaxPollFds) return fail(uapi::kEINVAL);
  uint64_t tty[kMaxPollFds];
  bool is_tty[kMaxPollFds];
  bool any = false;
  for (size_t i = 0; i < nfds; ++i) {
    is_tty[i] = fds[i].fd >= 0 && detail::tty_of(fds[i].fd, &tty[i]) == 0;
    any = any || is_tty[i];
  }
  if (any) return poll_with_terminals(fds, nfds, timeout_ms, tty, is_tty);
  size_t ready = 0;
  int e = VfsClient().poll(fds, nfds, timeout_ms, &ready);
  return result_or(e, static_cast<int>(ready));
}

int epoll_create1(int flags) {
  if (flags & ~static_cast<int>(uapi::kO_CLOEXEC)) return fail(uapi::kEINVAL);
  int fd = -1;
  int e = VfsClient().epoll_create(static_cast<uint64_t>(flags), &fd);
  return result_or(e, fd);
}

int epoll_create(int size) { return size <= 0 ? fail(uapi::kEINVAL) : epoll_create1(0); }

int epoll_ctl(int epfd, int op, int fd, epoll_event* event) {
  if (epfd < 0 || fd < 0) return fail(uapi::kEBADF);
  if (op != uapi::kEPOLL_CTL_DEL && !event) return fail(uapi::kEFAULT);
  const uint64_t events = event ? event->events : 0, data = event ? event->data : 0;
  return result_or(VfsClient().epoll_ctl(epfd, static_cast<uint64_t>(op), fd, events, data), 0);
}

int epoll_wait(int epfd, epoll_event* events, int maxevents, int timeout_ms) {
  if (maxevents <= 0) return fail(uapi::kEINVAL);
  if (!events) return fail(uapi::kEFAULT);
  if (epfd < 0) return fail(uapi::kEBADF);
  size_t n = 0;
  int e = VfsClient().epoll_wait(epfd, events, static_cast<size_t>(maxevents), timeout_ms, &n);
  return result_or(e, static_cast<int>(n));
}

}  // namespace trona::posix
