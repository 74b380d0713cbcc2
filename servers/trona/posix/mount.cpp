// trona/posix/mount.h over VfsClient::mount / umount.
#include "trona/posix/mount.h"

#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

int mount(const char* /*source*/, const char* target, const char* fstype, unsigned long flags, const void* /*data*/) {
  if (!target || !fstype) return fail(uapi::kEFAULT);
  return result(VfsClient().mount(fstype, target, flags));
}

int mount_server(const char* target, const char* fstype, uint64_t server) {
  if (!target || !fstype) return fail(uapi::kEFAULT);
  return result(VfsClient().mount(fstype, target, 0, server));
}

int umount2(const char* target, int flags) {
  if (!target) return fail(uapi::kEFAULT);
  return result(VfsClient().umount(target, static_cast<uint64_t>(flags)));
}

int umount(const char* target) { return umount2(target, 0); }

int pivot_root(const char* new_root, const char* put_old) {
  if (!new_root || !put_old) return fail(uapi::kEFAULT);
  return result(VfsClient().pivot_root(new_root, put_old));
}

int unshare(int flags) { return result(VfsClient().unshare(static_cast<uint64_t>(flags))); }

}  // namespace trona::posix
