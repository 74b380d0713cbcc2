// TronaOps and the VFS (state.h Ops::vfs_attach / vfs_update / vfs_detach;
// give_endpoint for the other well-known service slots):
// the child's SLOT_VFS_EP minted from the provider endpoint with the
// child's badge, and procmgr's own calls on a copy minted with badge 1
// (kVfsSelfSlot), which the VFS reads as "procmgr".
#include "core/procmgr/trona_ops.h"
#include "proto/vfs_client.h"
#include "trona/clients/vfs_client.h"
#include "uapi/linux_numbers.h"

namespace procmgr {

namespace {

constexpr uint64_t kProcmgrVfsBadge = 1;

// procmgr's badge-1 copy of the provider endpoint in kVfsSelfSlot.
bool self_endpoint(uint64_t vfs_slot) {
  inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, kVfsSelfSlot);
  return inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_MINT, vfs_slot, uapi::SLOT_SELF_CNODE, kVfsSelfSlot,
             kProcmgrVfsBadge) == uapi::TRONA_OK;
}

uint64_t status_of(int e) { return e == 0 ? uapi::TRONA_OK : uapi::TRONA_INVALID_ARGUMENT; }

int register_client(const VfsClientInfo& v) {
  proto::vfs::VfsClientRegister::Request rq;
  rq.badge = v.badge;
  rq.pid = v.pid;
  rq.uid = v.uid;
  rq.euid = v.euid;
  rq.gid = v.gid;
  rq.egid = v.egid;
  rq.subsystem = 0;
  rq.nofile = v.nofile;
  rq.umask = v.umask;
  rq.groups_count = v.ngroups < 16 ? v.ngroups : 16;
  for (size_t i = 0; i < rq.groups_count; ++i) rq.groups[i] = v.groups[i];
  return proto::vfs::call(kVfsSelfSlot, rq);
}

}  // namespace

uint64_t TronaOps::find_image_in_vfs(lib::Str path, lib::Str* bytes) {
  if (vfs_slot_ == 0 || path.empty() || path.size + 2 > sizeof image_buf_ || !self_endpoint(vfs_slot_))
    return uapi::TRONA_NOT_FOUND;
  char abs[trona::kVfsPathMax + 1];
  if (path.size + 1 > trona::kVfsPathMax) return uapi::TRONA_NOT_FOUND;
  abs[0] = '/';
  for (size_t i = 0; i < path.size; ++i) abs[1 + i] = path[i];
  abs[1 + path.size] = '\0';
  trona::VfsClient vfs(kVfsSelfSlot);
  int fd = -1;
  if (vfs.open(lib::Str(abs, path.size + 1), uapi::kO_RDONLY, 0, &fd) != 0) return uapi::TRONA_NOT_FOUND;
  size_t got = 0;
  int e = vfs.read(fd, image_buf_, sizeof image_buf_, &got);
  vfs.close(fd);
  if (e != 0) return uapi::TRONA_NOT_FOUND;
  *bytes = lib::Str(image_buf_, got);
  return uapi::TRONA_OK;
}

uint64_t TronaOps::vfs_attach(size_t index, const VfsClientInfo& v) {
  if (!self_endpoint(v.vfs_slot)) return uapi::TRONA_INVALID_CAPABILITY;
  vfs_slot_ = v.vfs_slot;
  const uint64_t cn = window(index) + win::kCNode;
  inv(cn, uapi::CNODE_DELETE, uapi::SLOT_VFS_EP);
  uint64_t st = inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_MINT, v.vfs_slot, cn, uapi::SLOT_VFS_EP, v.badge);
  if (st != uapi::TRONA_OK) return st;
  int e = 0;
  if (v.parent_badge != 0) {
    e = proto::vfs::call(kVfsSelfSlot, proto::vfs::VfsPosixCloneFds::Request{
                                           .parent_badge = v.parent_badge, .child_badge = v.badge, .child_pid = v.pid});
  }
  if (e == 0) e = register_client(v);
  return status_of(e);
}

uint64_t TronaOps::give_endpoint(size_t index, uint64_t provider_slot, uint64_t child_slot, uint64_t badge) {
  const uint64_t cn = window(index) + win::kCNode;
  inv(cn, uapi::CNODE_DELETE, child_slot);
  return inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_MINT, provider_slot, cn, child_slot, badge);
}

void TronaOps::vfs_update(const VfsClientInfo& v) {
  if (self_endpoint(v.vfs_slot)) register_client(v);
}

void TronaOps::vfs_exec(uint64_t vfs_slot, uint64_t badge) {
  if (self_endpoint(vfs_slot)) proto::vfs::call(kVfsSelfSlot, proto::vfs::VfsClientExec::Request{.badge = badge});
}

void TronaOps::vfs_detach(uint64_t vfs_slot, uint64_t badge) {
  if (self_endpoint(vfs_slot)) proto::vfs::call(kVfsSelfSlot, proto::vfs::VfsClientExit::Request{.badge = badge});
}

}  // namespace procmgr
