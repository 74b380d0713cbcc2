// procmgr and the VFS (internal.h, "The VFS side of the process table"):
// every process procmgr builds after init registered the provider "vfs"
// is announced to the VFS before its first instruction — spawned ones with
// their credentials (VFS_CLIENT_REGISTER), forked ones by copying the
// parent's fd table (VFS_POSIX_CLONE_FDS) — and its end is reported
// (VFS_CLIENT_EXIT), and so is an exec (VFS_CLIENT_EXEC: FD_CLOEXEC fds close). procmgr calls the VFS, never the other way round, so
// the two cannot wait for each other.
#include "core/procmgr/internal.h"

namespace procmgr::detail {

uint64_t vfs_provider_slot(const Procmgr& pm) {
  for (const Provider& pv : pm.providers)
    if (pv.used && lib::Str(pv.name, pv.name_len).equals("vfs")) return pv.slot;
  return kNoSlot;
}

VfsClientInfo vfs_info(const Proc& p, uint64_t vfs_slot, uint64_t parent_badge) {
  VfsClientInfo v;
  v.vfs_slot = vfs_slot;
  v.badge = p.badge;
  v.pid = p.pid;
  v.parent_badge = parent_badge;
  v.uid = p.creds.ruid;
  v.euid = p.creds.euid;
  v.gid = p.creds.rgid;
  v.egid = p.creds.egid;
  v.ngroups = p.creds.ngroups;
  v.groups = p.creds.groups;
  const uint64_t nofile = p.rlimits[uapi::kRLIMIT_NOFILE].cur;
  v.nofile = nofile == kRlimInfinity ? 0 : nofile;  // 0: the VFS's default
  v.umask = p.umask;
  return v;
}

uint64_t vfs_attach(Procmgr& pm, Proc& c, const Proc* fork_parent) {
  const uint64_t slot = vfs_provider_slot(pm);
  if (slot == kNoSlot) return TRONA_OK;
  const uint64_t parent_badge = fork_parent && fork_parent->vfs_slot == slot ? fork_parent->badge : 0;
  uint64_t st = pm.ops.vfs_attach(pm.index_of(&c), vfs_info(c, slot, parent_badge));
  if (st == TRONA_OK) c.vfs_slot = slot;
  return st;
}

void vfs_update(Procmgr& pm, const Proc& p) {
  if (p.vfs_slot != 0 && p.state == ProcState::kRunning) pm.ops.vfs_update(vfs_info(p, p.vfs_slot, 0));
}

void vfs_exec(Procmgr& pm, const Proc& p) {
  if (p.vfs_slot != 0) pm.ops.vfs_exec(p.vfs_slot, p.badge);
}

void vfs_detach(Procmgr& pm, Proc& p) {
  if (p.vfs_slot == 0) return;
  pm.ops.vfs_detach(p.vfs_slot, p.badge);
  p.vfs_slot = 0;
}

}  // namespace procmgr::detail
