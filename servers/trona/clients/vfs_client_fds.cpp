// The fd-table, working-directory and fd-metadata stubs of
// trona/clients/vfs_client.h (VFS_POSIX_PIPE, DUP, DUP2, DUP3, MKFIFO,
// CHDIR, GETCWD, FCHMOD, FCHOWN of vfs.idl; ISATTY and FCNTL of
// posix_vfs.idl).
#include "proto/posix_vfs_client.h"
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/clients/vfs_client_internal.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace proto::vfs;
using namespace vfs_detail;

int VfsClient::pipe(uint64_t flags, int* read_fd, int* write_fd) const {
  VfsPosixPipe::Reply r;
  int e = call(ep_, VfsPosixPipe::Request{.flags = flags}, &r);
  if (e != 0) return e;
  *read_fd = static_cast<int>(r.read_fd);
  *write_fd = static_cast<int>(r.write_fd);
  return 0;
}

int VfsClient::dup(int fd, int* out) const { return fd_call<VfsPosixDup>(ep_, {.fd = fd_word(fd)}, out); }

int VfsClient::dup2(int oldfd, int newfd, int* out) const {
  return fd_call<VfsPosixDup2>(ep_, {.oldfd = fd_word(oldfd), .newfd = fd_word(newfd)}, out);
}

int VfsClient::dup3(int oldfd, int newfd, uint64_t flags, int* out) const {
  return fd_call<VfsPosixDup3>(ep_, {.oldfd = fd_word(oldfd), .newfd = fd_word(newfd), .flags = flags}, out);
}

int VfsClient::fcntl(int fd, uint64_t cmd, uint64_t arg, uint64_t* result) const {
  using proto::posix_vfs::VfsPosixFcntl;
  VfsPosixFcntl::Reply r;
  int e = proto::posix_vfs::call(ep_, VfsPosixFcntl::Request{.fd = fd_word(fd), .cmd = cmd, .arg = arg}, &r);
  if (e == 0) *result = r.result;
  return e;
}

int VfsClient::isatty(int fd, bool* tty) const {
  using proto::posix_vfs::VfsPosixIsatty;
  VfsPosixIsatty::Reply r;
  int e = proto::posix_vfs::call(ep_, VfsPosixIsatty::Request{.fd = fd_word(fd)}, &r);
  if (e == 0) *tty = r.tty;
  return e;
}

int VfsClient::tty_of(int fd, uint64_t* id, uint64_t* flags) const {
  using proto::posix_vfs::VfsPosixIsatty;
  VfsPosixIsatty::Reply r;
  int e = proto::posix_vfs::call(ep_, VfsPosixIsatty::Request{.fd = fd_word(fd)}, &r);
  if (e != 0) return e;
  if (!r.tty) return uapi::kENOTTY;
  *id = r.id;
  *flags = r.flags;
  return 0;
}

int VfsClient::mkfifo(lib::Str path, uint64_t mode) const {
  if (!path_fits(1, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixMkfifo::Request{.mode = mode, .path = path});
}

int VfsClient::chdir(int dirfd, lib::Str path) const {
  if (!path_fits(1, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixChdir::Request{.dirfd = fd_word(dirfd), .path = path});
}

int VfsClient::getcwd(char* buf, size_t size, size_t* len) const {
  VfsPosixGetcwd::Reply r;
  int e = call(ep_, VfsPosixGetcwd::Request{}, &r);
  if (e != 0) return e;
  if (r.path_len + 1 > size) return uapi::kERANGE;
  __builtin_memcpy(buf, r.path_buf, r.path_len);
  buf[r.path_len] = '\0';
  *len = r.path_len;
  return 0;
}

int VfsClient::fchmod(int fd, uint64_t mode) const {
  return call(ep_, VfsPosixFchmod::Request{.fd = fd_word(fd), .mode = mode});
}

int VfsClient::fchown(int fd, uint64_t uid, uint64_t gid) const {
  return call(ep_, VfsPosixFchown::Request{.fd = fd_word(fd), .uid = uid, .gid = gid});
}

}  // namespace trona
