// fs/vfs/creds.h — who asks: the credentials procmgr registered for a client
// (VFS_CLIENT_REGISTER), and the permission rules of Linux over them.
//
//   if (!may(c, *dir, kMayWrite | kMayExec)) return EACCES;
//
// Rules (Linux, without capabilities beyond "euid 0 is root"):
//   - root may read and write anything, and execute/search what has any x
//     bit (directories always);
//   - otherwise the owner bits if euid is the owner, else the group bits
//     if egid or a supplementary group is the file's group, else other;
//   - may_chmod: root or the owner; may_chown: root (the owner may only
//     change the group to one of its groups, uid unchanged);
//   - sticky directory: only root, the directory's owner or the entry's
//     owner may remove or rename the entry.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace vfs {

struct Node;

inline constexpr size_t kMaxGroups = 16;
inline constexpr uint32_t kMayRead = 4, kMayWrite = 2, kMayExec = 1;

struct Creds {
  uint32_t uid = 0, euid = 0, gid = 0, egid = 0;
  uint32_t groups[kMaxGroups] = {};
  size_t group_count = 0;

  bool root() const { return euid == 0; }
  bool in_group(uint32_t g) const;
};

// `want` a mix of kMayRead/kMayWrite/kMayExec; `real`: check with the real
// ids (access(2)) instead of the effective ones.
bool may(const Creds& c, const Node& n, uint32_t want, bool real = false);
bool may_chmod(const Creds& c, const Node& n);
// 0, EPERM; uid/gid ~0u = unchanged.
int check_chown(const Creds& c, const Node& n, uint32_t uid, uint32_t gid);
// May `c` remove/rename `victim` from directory `dir` (write and search on
// dir checked by the caller)?
bool sticky_allows(const Creds& c, const Node& dir, const Node& victim);

}  // namespace vfs
