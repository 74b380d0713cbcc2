// The AF_UNIX socket stubs of trona/clients/vfs_client.h (VFS_POSIX_SOCKET ..
// GETSOCKOPT of vfs.idl).
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/clients/vfs_client_internal.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace proto::vfs;
using namespace vfs_detail;

namespace {

constexpr size_t kSendChunk = 112, kRecvChunk = 128, kSockPathMax = 64;

// GETSOCKNAME / GETPEERNAME: the path bytes into path[0..cap).
template <class Op>
int name_call(uint64_t ep, int fd, char* path, size_t cap, size_t* len) {
  typename Op::Reply r;
  int e = call(ep, typename Op::Request{.fd = fd_word(fd)}, &r);
  if (e != 0) return e;
  *len = min_size(r.path_len, cap);
  __builtin_memcpy(path, r.path_buf, *len);
  return 0;
}

}  // namespace

int VfsClient::socket(uint64_t domain, uint64_t type, uint64_t protocol, int* fd) const {
  return fd_call<VfsPosixSocket>(ep_, {.domain = domain, .type = type, .protocol = protocol}, fd);
}

int VfsClient::socketpair(uint64_t domain, uint64_t type, uint64_t protocol, int* fd0, int* fd1) const {
  VfsPosixSockpair::Reply r;
  int e = call(ep_, VfsPosixSockpair::Request{.domain = domain, .type = type, .protocol = protocol}, &r);
  if (e != 0) return e;
  *fd0 = static_cast<int>(r.fd0);
  *fd1 = static_cast<int>(r.fd1);
  return 0;
}

int VfsClient::bind(int fd, lib::Str path) const {
  if (path.size > kSockPathMax) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixBind::Request{.fd = fd_word(fd), .path = path});
}

int VfsClient::listen(int fd, uint64_t backlog) const {
  return call(ep_, VfsPosixListen::Request{.fd = fd_word(fd), .backlog = backlog});
}

int VfsClient::accept(int fd, uint64_t flags, int* out) const {
  return fd_call<VfsPosixAccept>(ep_, {.fd = fd_word(fd), .flags = flags}, out);
}

int VfsClient::connect(int fd, lib::Str path) const {
  if (path.size > kSockPathMax) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixConnect::Request{.fd = fd_word(fd), .path = path});
}

int VfsClient::sendmsg(int fd, const void* data, size_t len, const int* fds, size_t nfds, uint64_t flags,
                       size_t* sent) const {
  *sent = 0;
  if (nfds > 2) return uapi::kEINVAL;
  const char* p = static_cast<const char*>(data);
  do {
    VfsPosixSendmsg::Request rq;
    rq.fd = fd_word(fd);
    rq.flags = flags;
    const size_t n = min_size(len - *sent, kSendChunk);
    rq.data = lib::Str(p + *sent, n);
    if (*sent == 0) {
      rq.fds_count = nfds;
      for (size_t i = 0; i < nfds; ++i) rq.fds[i] = fd_word(fds[i]);
    }
    VfsPosixSendmsg::Reply r;
    int e = call(ep_, rq, &r);
    if (e != 0) return *sent > 0 ? 0 : e;
    if (r.sent > n) return uapi::kEIO;
    *sent += static_cast<size_t>(r.sent);
    if (r.sent < n) break;
  } while (*sent < len);
  return 0;
}

int VfsClient::recvmsg(int fd, void* buf, size_t len, uint64_t flags, size_t* got, int* fds, size_t* nfds) const {
  VfsPosixRecvmsg::Reply r;
  int e = call(ep_, VfsPosixRecvmsg::Request{.fd = fd_word(fd), .flags = flags, .count = min_size(len, kRecvChunk)},
               &r);
  if (e != 0) return e;
  if (r.data_len > len || r.fds_count > 2) return uapi::kEIO;
  __builtin_memcpy(buf, r.data_buf, r.data_len);
  *got = r.data_len;
  *nfds = r.fds_count;
  for (size_t i = 0; i < r.fds_count; ++i) fds[i] = static_cast<int>(r.fds[i]);
  return 0;
}

int VfsClient::shutdown(int fd, uint64_t how) const {
  return call(ep_, VfsPosixShutdown::Request{.fd = fd_word(fd), .how = how});
}

int VfsClient::sockname(int fd, bool peer, char* path, size_t cap, size_t* len) const {
  return peer ? name_call<VfsPosixGetpeername>(ep_, fd, path, cap, len)
              : name_call<VfsPosixGetsockname>(ep_, fd, path, cap, len);
}

int VfsClient::setsockopt(int fd, uint64_t level, uint64_t name, uint64_t value) const {
  return call(ep_, VfsPosixSetsockopt::Request{.fd = fd_word(fd), .level = level, .name = name, .value = value});
}

int VfsClient::getsockopt(int fd, uint64_t level, uint64_t name, uint64_t* value) const {
  VfsPosixGetsockopt::Reply r;
  int e = call(ep_, VfsPosixGetsockopt::Request{.fd = fd_word(fd), .level = level, .name = name}, &r);
  if (e == 0) *value = r.value;
  return e;
}

}  // namespace trona
