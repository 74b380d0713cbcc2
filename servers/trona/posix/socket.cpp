// trona/posix/socket.h: address checks on the client (EFAULT, EINVAL,
// EAFNOSUPPORT for a non-AF_UNIX address), then the VFS stubs.
#include "trona/posix/socket.h"

#include "lib/span.h"
#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

// The path of addr (NUL-terminated within len, or len - 2 bytes).
int path_of(const sockaddr_un* addr, socklen_t len, lib::Str* path) {
  if (!addr) return uapi::kEFAULT;
  if (len < sizeof(uint16_t) || len > sizeof(sockaddr_un)) return uapi::kEINVAL;
  if (addr->sun_family != uapi::kAF_UNIX) return uapi::kEAFNOSUPPORT;
  size_t n = 0;
  const size_t max = len - sizeof(uint16_t);
  while (n < max && addr->sun_path[n] != '\0') ++n;
  *path = lib::Str(addr->sun_path, n);
  return 0;
}

void fill_name(const char* path, size_t n, sockaddr_un* addr, socklen_t* len) {
  if (!addr || !len) return;
  sockaddr_un out{};
  out.sun_family = uapi::kAF_UNIX;
  for (size_t i = 0; i < n && i + 1 < sizeof out.sun_path; ++i) out.sun_path[i] = path[i];
  const socklen_t full = static_cast<socklen_t>(sizeof(uint16_t) + n + (n ? 1 : 0));
  const socklen_t copy = *len < sizeof out ? *len : static_cast<socklen_t>(sizeof out);
  __builtin_memcpy(addr, &out, copy);
  *len = full;
}

ssize_t sent_or_fail(int e, size_t sent, int flags) {
  if (e == uapi::kEPIPE && !(flags & kMSG_NOSIGNAL)) kill(static_cast<int>(getpid()), uapi::kSIGPIPE);
  return result_or(e, static_cast<ssize_t>(sent));
}

}  // namespace

int socket(int domain, int type, int protocol) {
  int fd = -1;
  int e = VfsClient().socket(static_cast<uint64_t>(domain), static_cast<uint64_t>(type),
                             static_cast<uint64_t>(protocol), &fd);
  return result_or(e, fd);
}

int socketpair(int domain, int type, int protocol, int sv[2]) {
  if (!sv) return fail(uapi::kEFAULT);
  return result(VfsClient().socketpair(static_cast<uint64_t>(domain), static_cast<uint64_t>(type),
                                       static_cast<uint64_t>(protocol), &sv[0], &sv[1]));
}

int bind(int fd, const sockaddr_un* addr, socklen_t len) {
  lib::Str path;
  if (int e = path_of(addr, len, &path)) return fail(e);
  return result(VfsClient().bind(fd, path));
}

int listen(int fd, int backlog) { return result(VfsClient().listen(fd, backlog < 0 ? 0 : static_cast<uint64_t>(backlog))); }

int accept4(int fd, sockaddr_un* addr, socklen_t* len, int flags) {
  int out = -1;
  int e = VfsClient().accept(fd, static_cast<uint64_t>(flags), &out);
  if (e == 0) fill_name(nullptr, 0, addr, len);
  return result_or(e, out);
}

int accept(int fd, sockaddr_un* addr, socklen_t* len) { return accept4(fd, addr, len, 0); }

int connect(int fd, const sockaddr_un* addr, socklen_t len) {
  lib::Str path;
  if (int e = path_of(addr, len, &path)) return fail(e);
  return result(VfsClient().connect(fd, path));
}

ssize_t sendmsg_fds(int fd, const void* buf, size_t len, const int* fds, size_t nfds, int flags) {
  if (len > 0 && !buf) return fail<ssize_t>(uapi::kEFAULT);
  size_t sent = 0;
  int e = VfsClient().sendmsg(fd, buf, len, fds, nfds, static_cast<uint64_t>(flags), &sent);
  return sent_or_fail(e, sent, flags);
}

ssize_t send(int fd, const void* buf, size_t len, int flags) { return sendmsg_fds(fd, buf, len, nullptr, 0, flags); }

ssize_t recvmsg_fds(int fd, void* buf, size_t len, int* fds, size_t* nfds, int flags) {
  if (len > 0 && !buf) return fail<ssize_t>(uapi::kEFAULT);
  size_t got = 0, n = 0;
  int got_fds[2] = {-1, -1};
  int e = VfsClient().recvmsg(fd, buf, len, static_cast<uint64_t>(flags), &got, got_fds, &n);
  if (e != 0) return fail<ssize_t>(e);
  const size_t room = nfds ? *nfds : 0;
  for (size_t i = 0; i < n; ++i) {
    if (i < room && fds) fds[i] = got_fds[i];
    else VfsClient().close(got_fds[i]);  // no room: closed (Linux sets MSG_CTRUNC)
  }
  if (nfds) *nfds = n < room ? n : room;
  return static_cast<ssize_t>(got);
}

ssize_t recv(int fd, void* buf, size_t len, int flags) { return recvmsg_fds(fd, buf, len, nullptr, nullptr, flags); }

int shutdown(int fd, int how) { return result(VfsClient().shutdown(fd, static_cast<uint64_t>(how))); }

namespace {

int name_of(int fd, bool peer, sockaddr_un* addr, socklen_t* len) {
  if (!addr || !len) return fail(uapi::kEFAULT);
  char path[64];
  size_t n = 0;
  int e = VfsClient().sockname(fd, peer, path, sizeof path, &n);
  if (e == 0) fill_name(path, n, addr, len);
  return result(e);
}

}  // namespace

int getsockname(int fd, sockaddr_un* addr, socklen_t* len) { return name_of(fd, false, addr, len); }
int getpeername(int fd, sockaddr_un* addr, socklen_t* len) { return name_of(fd, true, addr, len); }

int setsockopt(int fd, int level, int name, const void* value, socklen_t len) {
  if (!value) return fail(uapi::kEFAULT);
  if (len < sizeof(int)) return fail(uapi::kEINVAL);
  int v = 0;
  __builtin_memcpy(&v, value, sizeof v);
  return result(VfsClient().setsockopt(fd, static_cast<uint64_t>(level), static_cast<uint64_t>(name),
                                       static_cast<uint64_t>(static_cast<int64_t>(v))));
}

int getsockopt(int fd, int level, int name, void* value, socklen_t* len) {
  if (!value || !len) return fail(uapi::kEFAULT);
  if (*len < sizeof(int)) return fail(uapi::kEINVAL);
  uint64_t v = 0;
  int e = VfsClient().getsockopt(fd, static_cast<uint64_t>(level), static_cast<uint64_t>(name), &v);
  if (e != 0) return fail(e);
  const int out = static_cast<int>(v);
  __builtin_memcpy(value, &out, sizeof out);
  *len = sizeof out;
  return 0;
}

}  // namespace trona::posix
