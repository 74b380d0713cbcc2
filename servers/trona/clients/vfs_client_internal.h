// trona/clients/vfs_client_internal.h — what the VfsClient sources share
// (vfs_client.cpp, vfs_client_fds.cpp): the fd word and the client-side
// path limits of vfs.idl. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"

namespace trona::vfs_detail {

inline uint32_t fd_word(int fd) { return static_cast<uint32_t>(fd); }
inline size_t min_size(size_t a, size_t b) { return a < b ? a : b; }
inline size_t words_for(size_t bytes) { return (bytes + 7) / 8; }

// A path ≤ 128 bytes (two-path ops ≤ 64 each) that fits the 20-MR message
// after the label's `fixed` words.
inline bool path_fits(size_t fixed, lib::Str path) {
  return path.size <= kVfsPathMax && fixed + 1 + words_for(path.size) <= kVfsMessageMrs;
}
inline bool paths_fit(size_t fixed, lib::Str a, lib::Str b) {
  return a.size <= kVfsTwoPathMax && b.size <= kVfsTwoPathMax &&
         fixed + 2 + words_for(a.size) + words_for(b.size) <= kVfsMessageMrs;
}

// A label whose reply is an fd (OPEN, OPENDIR, OPENAT, DUP, DUP2, DUP3).
template <class Op>
int fd_call(uint64_t ep, const typename Op::Request& m, int* fd) {
  typename Op::Reply r;
  int e = proto::vfs::call(ep, m, &r);
  if (e == 0) *fd = static_cast<int>(r.fd);
  return e;
}

}  // namespace trona::vfs_detail
