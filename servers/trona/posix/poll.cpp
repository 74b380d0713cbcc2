// poll/epoll of trona/posix/poll.h: argument checks as Linux makes them
// (EFAULT, EINVAL), then the VFS stubs.
#include "trona/posix/poll.h"
#include "trona/posix/termios.h"
#include "trona/core/process_local.h"
#include "trona/core/syscall.h"

#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

constexpr size_t kMaxPollFds = 16;                  // the wire's limit (Linux: RLIMIT_NOFILE)
constexpr uint64_t kTtyPollStepNs = 10'000'000;     // how often terminals are asked again
constexpr uint32_t kEpollOneshot = uint32_t{1} << 30;

// Terminals are posix_ttysrv's, which the VFS does not watch (it reports
// them never ready): with one in the set, `once` looks at everything
// without waiting (the terminals with PTY_POLL, the rest through the VFS
// with timeout 0), again every 10 ms of virtual time until something is
// ready or the timeout passes (trona/posix/README.md). `once` returns the
// number ready or -errno.
template <class Once>
int wait_with_terminals(int timeout_ms, Once once) {
  const uint64_t start = clock_gettime(uapi::kClockMonotonic).value;
  for (;;) {
    const int ready = once();
    if (ready < 0) return fail(-ready);
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

int poll_once(pollfd* fds, nfds_t nfds, const uint64_t* tty, const bool* is_tty) {
  pollfd others[kMaxPollFds];
  size_t map[kMaxPollFds], n_others = 0;
  int ready = 0;
  for (size_t i = 0; i < nfds; ++i) {
    fds[i].revents = 0;
    if (is_tty[i]) {
      uint64_t rev = 0;
      if (int e = detail::tty_poll(tty[i], static_cast<uint64_t>(fds[i].events), &rev); e != 0) return -e;
      fds[i].revents = static_cast<int16_t>(rev);
      ready += rev != 0;
    } else {
      map[n_others] = i;
      others[n_others++] = fds[i];
    }
  }
  size_t vfs_ready = 0;
  if (n_others > 0)
    if (int e = VfsClient().poll(others, n_others, 0, &vfs_ready); e != 0) return -e;
  for (size_t k = 0; k < n_others; ++k) fds[map[k]].revents = others[k].revents;
  return ready + static_cast<int>(vfs_ready);
}

// The terminals in epoll sets (the VFS keeps the watch, for EEXIST/ENOENT
// and the fd's life, but cannot see readiness): process-local, level
// triggered (EPOLLET is taken as level), EPOLLONESHOT kept. An entry whose
// fd no longer names its terminal is dropped at the next wait.
struct EpollTty {
  int epfd_plus_1;  // 0: a free entry
  int fd;
  uint64_t tty;
  uint32_t events;
  bool disabled;  // EPOLLONESHOT fired
  uint64_t data;
};
struct EpollTtys {
  EpollTty e[32];
};

EpollTty* find_epoll_tty(int epfd, int fd) {
  for (EpollTty& t : process_local<EpollTtys>().e)
    if (t.epfd_plus_1 == epfd + 1 && t.fd == fd) return &t;
  return nullptr;
}

bool has_epoll_ttys(int epfd) {
  for (const EpollTty& t : process_local<EpollTtys>().e)
    if (t.epfd_plus_1 == epfd + 1) return true;
  return false;
}

void forget_epoll_set(int epfd) {
  for (EpollTty& t : process_local<EpollTtys>().e)
    if (t.epfd_plus_1 == epfd + 1) t.epfd_plus_1 = 0;
}

// The terminal part of epoll_ctl, after the VFS accepted the change.
int epoll_ctl_tty(int epfd, int op, int fd, uint32_t events, uint64_t data) {
  EpollTty* t = find_epoll_tty(epfd, fd);
  if (op == uapi::kEPOLL_CTL_DEL) {
    if (t) t->epfd_plus_1 = 0;
    return 0;
  }
  uint64_t tty = 0;
  if (detail::tty_of(fd, &tty) != 0) return 0;  // not a terminal: the VFS's alone
  if (!t) {
    for (EpollTty& free : process_local<EpollTtys>().e)
      if (free.epfd_plus_1 == 0) {
        t = &free;
        break;
      }
    if (!t) return uapi::kENOSPC;  // Linux: ENOSPC past max_user_watches
  }
  *t = EpollTty{epfd + 1, fd, tty, events, false, data};
  return 0;
}

int epoll_once(int epfd, epoll_event* events, size_t max) {
  size_t n = 0;
  for (EpollTty& t : process_local<EpollTtys>().e) {
    if (t.epfd_plus_1 != epfd + 1 || t.disabled || n == max) continue;
    uint64_t tty = 0;
    if (detail::tty_of(t.fd, &tty) != 0 || tty != t.tty) {
      t.epfd_plus_1 = 0;  // closed (or another file now): gone from the set
      continue;
    }
    uint64_t rev = 0;
    if (int e = detail::tty_poll(t.tty, t.events, &rev); e != 0) return -e;
    if (rev == 0) continue;
    events[n++] = epoll_event{static_cast<uint32_t>(rev), t.data};
    if (t.events & kEpollOneshot) t.disabled = true;
  }
  size_t got = 0;
  if (n < max)
    if (int e = VfsClient().epoll_wait(epfd, events + n, max - n, 0, &got); e != 0) return -e;
  return static_cast<int>(n + got);
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
  if (any) return wait_with_terminals(timeout_ms, [&] { return poll_once(fds, nfds, tty, is_tty); });
  size_t ready = 0;
  int e = VfsClient().poll(fds, nfds, timeout_ms, &ready);
  return result_or(e, static_cast<int>(ready));
}

int epoll_create1(int flags) {
  if (flags & ~static_cast<int>(uapi::kO_CLOEXEC)) return fail(uapi::kEINVAL);
  int fd = -1;
  int e = VfsClient().epoll_create(static_cast<uint64_t>(flags), &fd);
  if (e == 0) forget_epoll_set(fd);  // terminals of an earlier set under this number
  return result_or(e, fd);
}

int epoll_create(int size) { return size <= 0 ? fail(uapi::kEINVAL) : epoll_create1(0); }

int epoll_ctl(int epfd, int op, int fd, epoll_event* event) {
  if (epfd < 0 || fd < 0) return fail(uapi::kEBADF);
  if (op != uapi::kEPOLL_CTL_DEL && !event) return fail(uapi::kEFAULT);
  const uint64_t events = event ? event->events : 0, data = event ? event->data : 0;
  if (int e = VfsClient().epoll_ctl(epfd, static_cast<uint64_t>(op), fd, events, data); e != 0) return fail(e);
  if (int e = epoll_ctl_tty(epfd, op, fd, static_cast<uint32_t>(events), data); e != 0) {
    VfsClient().epoll_ctl(epfd, uapi::kEPOLL_CTL_DEL, fd, 0, 0);  // no room to watch it: not added
    return fail(e);
  }
  return 0;
}

int epoll_wait(int epfd, epoll_event* events, int maxevents, int timeout_ms) {
  if (maxevents <= 0) return fail(uapi::kEINVAL);
  if (!events) return fail(uapi::kEFAULT);
  if (epfd < 0) return fail(uapi::kEBADF);
  if (has_epoll_ttys(epfd))
    return wait_with_terminals(timeout_ms, [&] { return epoll_once(epfd, events, static_cast<size_t>(maxevents)); });
  size_t n = 0;
  int e = VfsClient().epoll_wait(epfd, events, static_cast<size_t>(maxevents), timeout_ms, &n);
  return result_or(e, static_cast<int>(n));
}

}  // namespace trona::posix
