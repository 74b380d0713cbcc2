// Permission checks of fs/vfs/creds.h.
#include "fs/vfs/creds.h"

#include "fs/vfs/node.h"
#include "uapi/linux_numbers.h"

namespace vfs {

bool Creds::in_group(uint32_t g) const {
  if (egid == g) return true;
  for (size_t i = 0; i < group_count && i < kMaxGroups; ++i)
    if (groups[i] == g) return true;
  return false;
}

bool may(const Creds& c, const Node& n, uint32_t want, bool real) {
  const uint32_t uid = real ? c.uid : c.euid;
  if (uid == 0) {
    if (!(want & kMayExec)) return true;
    return n.is_dir() || (n.mode & 0111) != 0;
  }
  uint32_t bits;
  if (uid == n.uid) bits = (n.mode >> 6) & 7;
  else if ((real ? c.gid == n.gid : c.egid == n.gid) || c.in_group(n.gid)) bits = (n.mode >> 3) & 7;
  else bits = n.mode & 7;
  return (bits & want) == want;
}

bool may_chmod(const Creds& c, const Node& n) { return c.root() || c.euid == n.uid; }

// Linux (fs/attr.c): a uid is accepted from the owner only when it is the
// owner's own; a gid from the owner when it is one of the caller's groups
// or the file's; -1 changes nothing and needs nothing.
int check_chown(const Creds& c, const Node& n, uint32_t uid, uint32_t gid) {
  if (c.root()) return 0;
  if (uid != ~0u && !(c.euid == n.uid && uid == n.uid)) return uapi::kEPERM;
  if (gid != ~0u && !(c.euid == n.uid && (c.in_group(gid) || gid == n.gid))) return uapi::kEPERM;
  return 0;
}

bool sticky_allows(const Creds& c, const Node& dir, const Node& victim) {
  if (!(dir.mode & 01000)) return true;
  return c.root() || c.euid == dir.uid || c.euid == victim.uid;
}

}  // namespace vfs
