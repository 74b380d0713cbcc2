// trona/posix/mount.h — mount(2) / umount2(2) over the VFS. The VFS serves
// fstype "tmpfs" (a fresh tree); other types are ENODEV until file-system
// servers plug in. Root only. Failures return -1 with errno.
//
//   trona::posix::mount("none", "/mnt", "tmpfs", 0, nullptr);
//   trona::posix::umount("/mnt");           // EBUSY while in use
#pragma once

#include <stdint.h>

namespace trona::posix {

// source and data are ignored (tmpfs has none); flags must be 0.
int mount(const char* source, const char* target, const char* fstype, unsigned long flags, const void* data);
// A file-system server's tree on target: `server` is the slot of its
// endpoint (SALTYFS_* on it); read side only (changes are EROFS).
int mount_server(const char* target, const char* fstype, uint64_t server);
int umount(const char* target);
int umount2(const char* target, int flags);
// unshare(2): CLONE_NEWNS (a private copy of the mounts) is served; the
// other namespaces do not exist (EINVAL).
int unshare(int flags);
// pivot_root(2): new_root must be a mount point of the caller's namespace.
int pivot_root(const char* new_root, const char* put_old);

}  // namespace trona::posix
