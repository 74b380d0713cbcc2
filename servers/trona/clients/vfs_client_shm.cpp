// The POSIX shared-memory stubs of trona/clients/vfs_client.h
// (VFS_POSIX_SHM_OPEN / SHM_UNLINK, VFS_BACKEND_RESOLVE_BACKING).
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/clients/vfs_client_internal.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace proto::vfs;
using namespace vfs_detail;

int VfsClient::shm_open(lib::Str name, uint64_t flags, uint64_t mode, int* fd) const {
  if (name.size > 64) return uapi::kENAMETOOLONG;
  return fd_call<VfsPosixShmOpen>(ep_, {.flags = flags, .mode = mode, .name = name}, fd);
}

int VfsClient::shm_unlink(lib::Str name) const {
  if (name.size > 64) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixShmUnlink::Request{.name = name});
}

int VfsClient::resolve_backing(int fd, bool shared_write, uint64_t* shm_id, uint64_t* size) const {
  VfsBackendResolveBacking::Reply r;
  int e = call(ep_, VfsBackendResolveBacking::Request{.fd = fd_word(fd), .shared_write = shared_write}, &r);
  if (e != 0) return e;
  if (r.kind != 1) return uapi::kENODEV;
  *shm_id = r.shm_id;
  *size = r.size;
  return 0;
}

int VfsClient::pager_write(uint64_t shm_id, uint64_t offset, uint64_t length) const {
  return call(ep_, VfsBackendPagerWrite::Request{.shm_id = shm_id, .offset = offset, .length = length});
}

}  // namespace trona
