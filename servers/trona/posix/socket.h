// trona/posix/socket.h — AF_UNIX sockets over the VFS (VFS_POSIX_SOCKET ..
// GETSOCKOPT). Failures return -1 with errno, as POSIX.
//
//   int s = trona::posix::socket(uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0);
//   uapi::SockaddrUn a{uapi::kAF_UNIX, "/tmp/sock"};
//   trona::posix::bind(s, &a, sizeof a);
//   trona::posix::listen(s, 4);
//   int c = trona::posix::accept(s, nullptr, nullptr);
//
// Wire limits: a path is at most 64 bytes (ENAMETOOLONG); send moves a
// buffer in 112-byte messages (a datagram must fit one: EMSGSIZE); recv
// returns at most 128 bytes per call; sendmsg_fds / recvmsg_fds pass up to
// 2 fds (SCM_RIGHTS). sendto/recvfrom with an address, the abstract
// namespace and SO_PEERCRED are not there yet. AF_INET is EAFNOSUPPORT
// until the network server exists. A send that fails with EPIPE raises
// SIGPIPE (unless MSG_NOSIGNAL), as Linux does. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/wire.h"

namespace trona::posix {

using ssize_t = long;
using socklen_t = uint32_t;
using sockaddr = uapi::Sockaddr;
using sockaddr_un = uapi::SockaddrUn;

inline constexpr int kMSG_PEEK = 2, kMSG_DONTWAIT = 0x40, kMSG_NOSIGNAL = 0x4000;
inline constexpr int kSOL_SOCKET = 1;
inline constexpr int kSO_REUSEADDR = 2, kSO_TYPE = 3, kSO_ERROR = 4, kSO_SNDBUF = 7, kSO_RCVBUF = 8,
                     kSO_KEEPALIVE = 9, kSO_PASSCRED = 16, kSO_ACCEPTCONN = 30;
inline constexpr int kSOCK_NONBLOCK = 0x800, kSOCK_CLOEXEC = 0x80000;

int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int fd, const sockaddr_un* addr, socklen_t len);
int listen(int fd, int backlog);
// addr/len may be null; an accepted socket's peer is unnamed (len 2).
int accept(int fd, sockaddr_un* addr, socklen_t* len);
int accept4(int fd, sockaddr_un* addr, socklen_t* len, int flags);
int connect(int fd, const sockaddr_un* addr, socklen_t len);
ssize_t send(int fd, const void* buf, size_t len, int flags);
ssize_t recv(int fd, void* buf, size_t len, int flags);
// One message with up to 2 fds; *nfds (in: room, out: received).
ssize_t sendmsg_fds(int fd, const void* buf, size_t len, const int* fds, size_t nfds, int flags);
ssize_t recvmsg_fds(int fd, void* buf, size_t len, int* fds, size_t* nfds, int flags);
int shutdown(int fd, int how);
int getsockname(int fd, sockaddr_un* addr, socklen_t* len);
int getpeername(int fd, sockaddr_un* addr, socklen_t* len);
int setsockopt(int fd, int level, int name, const void* value, socklen_t len);
int getsockopt(int fd, int level, int name, void* value, socklen_t* len);

}  // namespace trona::posix
