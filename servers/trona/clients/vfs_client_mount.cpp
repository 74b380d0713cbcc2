// The mount stubs of trona/clients/vfs_client.h (VFS_MOUNT, VFS_UMOUNT, VFS_POSIX_UNSHARE, VFS_PIVOT_ROOT).
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"
#include "lib/message.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace proto::vfs;

int VfsClient::mount(lib::Str fstype, lib::Str target, uint64_t flags, uint64_t backend) const {
  if (fstype.size > 16) return uapi::kENODEV;
  if (target.size > 96) return uapi::kENAMETOOLONG;
  ClientRequest rq(VFS_MOUNT);
  encode(VfsMount::Request{.flags = flags, .fstype = fstype, .target = target, .backend = backend}, rq.mr, &rq.length,
         rq.caps, &rq.cap_count);
  if (backend == lib::kNoCap) rq.cap_count = 0;  // tmpfs: no server
  ClientReply rp;
  return raw_call(ep_, rq, &rp);
}

int VfsClient::umount(lib::Str target, uint64_t flags) const {
  if (target.size > 128) return uapi::kENAMETOOLONG;
  return call(ep_, VfsUmount::Request{.flags = flags, .target = target});
}

int VfsClient::unshare(uint64_t flags) const { return call(ep_, VfsPosixUnshare::Request{.flags = flags}); }

int VfsClient::pivot_root(lib::Str new_root, lib::Str put_old) const {
  if (new_root.size > 64 || put_old.size > 64) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPivotRoot::Request{.new_root = new_root, .put_old = put_old});
}

}  // namespace trona
