// The poll and epoll stubs of trona/clients/vfs_client.h (VFS_POSIX_POLL,
// EPOLL_CREATE, EPOLL_CTL, EPOLL_WAIT of vfs.idl). A wait that a signal
// interrupts is EINTR (none of them is resent).
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/clients/vfs_client_internal.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace proto::vfs;
using namespace vfs_detail;

int VfsClient::poll(uapi::PollFd* fds, size_t n, int64_t timeout_ms, size_t* ready) const {
  if (n > 16) return uapi::kEINVAL;
  VfsPosixPoll::Request rq;
  rq.timeout_ms = timeout_ms;
  rq.fds_count = n;
  for (size_t i = 0; i < n; ++i)
    rq.fds[i] = fd_word(fds[i].fd) | static_cast<uint64_t>(static_cast<uint16_t>(fds[i].events)) << 32;
  VfsPosixPoll::Reply r;
  int e = call(ep_, rq, &r);
  if (e != 0) return e;
  if (r.revents_count != n) return uapi::kEIO;
  for (size_t i = 0; i < n; ++i) fds[i].revents = static_cast<int16_t>(r.revents[i]);
  *ready = static_cast<size_t>(r.ready);
  return 0;
}

int VfsClient::epoll_create(uint64_t flags, int* fd) const {
  return fd_call<VfsPosixEpollCreate>(ep_, {.flags = flags}, fd);
}

int VfsClient::epoll_ctl(int epfd, uint64_t op, int fd, uint64_t events, uint64_t data) const {
  return call(ep_, VfsPosixEpollCtl::Request{
                       .epfd = fd_word(epfd), .op = op, .fd = fd_word(fd), .events = events, .data = data});
}

int VfsClient::epoll_wait(int epfd, uapi::EpollEvent* out, size_t max, int64_t timeout_ms, size_t* count) const {
  VfsPosixEpollWait::Reply r;
  int e = call(ep_, VfsPosixEpollWait::Request{.epfd = fd_word(epfd), .max_events = max, .timeout_ms = timeout_ms},
               &r);
  if (e != 0) return e;
  if (r.count > max || r.count * 2 > r.events_count) return uapi::kEIO;
  for (size_t i = 0; i < r.count; ++i) {
    out[i].events = static_cast<uint32_t>(r.events[2 * i]);
    out[i].data = r.events[2 * i + 1];
  }
  *count = static_cast<size_t>(r.count);
  return 0;
}

}  // namespace trona
