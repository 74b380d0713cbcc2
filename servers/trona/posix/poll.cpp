// poll/epoll of trona/posix/poll.h: argument checks as Linux makes them
// (EFAULT, EINVAL), then the VFS stubs.
#include "trona/posix/poll.h"

#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

int poll(pollfd* fds, nfds_t nfds, int timeout_ms) {
  if (nfds > 0 && !fds) return fail(uapi::kEFAULT);
  if (nfds > 16) return fail(uapi::kEINVAL);  // the wire's limit (Linux: RLIMIT_NOFILE)
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
