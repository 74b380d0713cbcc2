// The extended-attribute stubs of trona/clients/vfs_client.h (VFS_GETXATTR,
// SETXATTR, REMOVEXATTR, LISTXATTR of vfs.idl). The wire's limits: names
// ≤ 32 bytes, paths ≤ 64 (48 with SETXATTR), set values ≤ 32 bytes —
// ENAMETOOLONG / E2BIG here, without a message.
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/clients/vfs_client_internal.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace proto::vfs;
using namespace vfs_detail;

namespace {

constexpr size_t kNameMax = 32, kPathMax = 64, kSetPathMax = 48, kSetValueMax = 32;

int limits(lib::Str name, lib::Str path, size_t path_max) {
  if (name.size > 255) return uapi::kERANGE;
  if (name.size > kNameMax || path.size > path_max) return uapi::kENAMETOOLONG;
  return 0;
}

// An answer of `got` bytes into buf[0..cap).
int copy_out(const char* got, size_t n, void* buf, size_t cap, size_t* len) {
  if (n > cap) return uapi::kERANGE;
  __builtin_memcpy(buf, got, n);
  *len = n;
  return 0;
}

}  // namespace

int VfsClient::getxattr(int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, void* buf, size_t cap,
                        size_t* len) const {
  if (int e = limits(name, path, kPathMax)) return e;
  VfsGetxattr::Reply r;
  int e = call(ep_, VfsGetxattr::Request{.dirfd = fd_word(dirfd), .at_flags = at_flags, .name = name, .path = path},
               &r);
  return e != 0 ? e : copy_out(r.value_buf, r.value_len, buf, cap, len);
}

int VfsClient::setxattr(int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, const void* value, size_t size,
                        uint64_t xflags) const {
  if (int e = limits(name, path, kSetPathMax)) return e;
  if (size > kSetValueMax) return uapi::kE2BIG;
  return call(ep_, VfsSetxattr::Request{.dirfd = fd_word(dirfd),
                                        .at_flags = at_flags,
                                        .xflags = xflags,
                                        .name = name,
                                        .path = path,
                                        .value = lib::Str(static_cast<const char*>(value), size)});
}

int VfsClient::removexattr(int dirfd, lib::Str path, uint64_t at_flags, lib::Str name) const {
  if (int e = limits(name, path, kPathMax)) return e;
  return call(ep_,
              VfsRemovexattr::Request{.dirfd = fd_word(dirfd), .at_flags = at_flags, .name = name, .path = path});
}

int VfsClient::listxattr(int dirfd, lib::Str path, uint64_t at_flags, char* buf, size_t cap, size_t* len) const {
  if (path.size > kPathMax) return uapi::kENAMETOOLONG;
  VfsListxattr::Reply r;
  int e = call(ep_, VfsListxattr::Request{.dirfd = fd_word(dirfd), .at_flags = at_flags, .path = path}, &r);
  return e != 0 ? e : copy_out(r.names_buf, r.names_len, buf, cap, len);
}

}  // namespace trona
