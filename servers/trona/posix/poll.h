// trona/posix/poll.h — poll(2) and epoll(7) over the VFS (VFS_POSIX_POLL,
// EPOLL_CREATE/CTL/WAIT; the server answers on virtual time). Failures
// return -1 with errno, as POSIX.
//
//   trona::posix::pollfd p[2] = {{rfd, uapi::kPOLLIN, 0}, {wfd, uapi::kPOLLOUT, 0}};
//   int n = trona::posix::poll(p, 2, 100);     // 100 ms
//   int ep = trona::posix::epoll_create1(0);
//   trona::posix::epoll_event ev{uapi::kEPOLLIN, 7};
//   trona::posix::epoll_ctl(ep, uapi::kEPOLL_CTL_ADD, rfd, &ev);
//
// Limits of the wire: poll takes at most 16 fds (EINVAL beyond);
// epoll_wait returns at most 9 events per call (call again for more).
// EINTR when a signal arrives while waiting. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/wire.h"

namespace trona::posix {

using pollfd = uapi::PollFd;
using epoll_event = uapi::EpollEvent;
using nfds_t = unsigned long;

int poll(pollfd* fds, nfds_t nfds, int timeout_ms);
int epoll_create1(int flags);  // 0 or O_CLOEXEC
int epoll_create(int size);    // size > 0 (ignored, as Linux)
int epoll_ctl(int epfd, int op, int fd, epoll_event* event);  // event may be null for EPOLL_CTL_DEL
int epoll_wait(int epfd, epoll_event* events, int maxevents, int timeout_ms);

}  // namespace trona::posix
