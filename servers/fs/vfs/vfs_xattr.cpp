// Extended attributes of fs/vfs/vfs.h, with Linux's namespace rules
// (fs/xattr.c xattr_permission): user.* on regular files and directories
// only, needing read / write permission (and, in a sticky directory, being
// the owner to write); trusted.* for root only (others: EPERM to write,
// ENODATA to read); security.* readable by all, written by root; any other
// prefix EOPNOTSUPP. Names 1..255 bytes (ERANGE), values ≤ 64 KiB (E2BIG).
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr uint64_t kXattrCreate = 1, kXattrReplace = 2;
constexpr size_t kXattrNameMax = 255, kXattrValueMax = 64 * 1024;

enum class Space { kUser, kTrusted, kSecurity, kUnknown };

Space space_of(lib::Str name) {
  if (name.starts_with("user.")) return Space::kUser;
  if (name.starts_with("trusted.")) return Space::kTrusted;
  if (name.starts_with("security.")) return Space::kSecurity;
  return Space::kUnknown;
}

// 0 or the errno of xattr_permission for `name` on n.
int permission(const Creds& c, const Node& n, lib::Str name, bool write) {
  if (name.empty() || name.size > kXattrNameMax) return uapi::kERANGE;
  switch (space_of(name)) {
    case Space::kUnknown: return uapi::kEOPNOTSUPP;
    case Space::kTrusted: return c.root() ? 0 : (write ? uapi::kEPERM : uapi::kENODATA);
    case Space::kSecurity: return !write || c.root() ? 0 : uapi::kEPERM;
    case Space::kUser:
      if (n.type != NodeType::kRegular && !n.is_dir()) return write ? uapi::kEPERM : uapi::kENODATA;
      if (write && n.is_dir() && (n.mode & 01000) && !c.root() && c.euid != n.uid) return uapi::kEPERM;
      return may(c, n, write ? kMayWrite : kMayRead) ? 0 : uapi::kEACCES;
  }
  return uapi::kEOPNOTSUPP;
}

}  // namespace

int Vfs::xattr_node(Client& c, int dirfd, lib::Str path, uint64_t at_flags, Node** n) {
  if (at_flags & ~static_cast<uint64_t>(uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH)) return uapi::kEINVAL;
  return lookup(c, dirfd, path, !(at_flags & uapi::kAT_SYMLINK_NOFOLLOW), n, at_flags & uapi::kAT_EMPTY_PATH);
}

int Vfs::getxattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, char* out, size_t cap,
                  size_t* len) {
  *len = 0;
  Node* n = nullptr;
  if (int e = xattr_node(c, dirfd, path, at_flags, &n)) return e;
  if (int e = permission(c.creds, *n, name, false)) return e;
  if (n->backend_slot) return ops_.fs_xattr(n->backend_slot, n->backend_ino, 0, name, out, cap, len, 0);
  const lib::String* v = n->xattrs.find(name);
  if (!v) return uapi::kENODATA;
  if (v->size() > cap) return uapi::kERANGE;
  for (size_t i = 0; i < v->size(); ++i) out[i] = v->data()[i];
  *len = v->size();
  return 0;
}

int Vfs::setxattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, lib::Str value,
                  uint64_t xflags) {
  if (xflags & ~(kXattrCreate | kXattrReplace)) return uapi::kEINVAL;
  if (value.size > kXattrValueMax) return uapi::kE2BIG;
  Node* n = nullptr;
  if (int e = xattr_node(c, dirfd, path, at_flags, &n)) return e;
  if (int e = permission(c.creds, *n, name, true)) return e;
  if (n->backend_slot) {
    size_t len = value.size;
    return ops_.fs_xattr(n->backend_slot, n->backend_ino, 1, name, const_cast<char*>(value.data), len, &len, xflags);
  }
  lib::String* old = n->xattrs.find(name);
  if (old && (xflags & kXattrCreate)) return uapi::kEEXIST;
  if (!old && (xflags & kXattrReplace)) return uapi::kENODATA;
  if (old) {
    if (!old->assign(value)) return uapi::kENOMEM;
  } else {
    lib::String k(alloc_), v(alloc_);
    if (!k.assign(name) || !v.assign(value)) return uapi::kENOMEM;
    if (!n->xattrs.insert(static_cast<lib::String&&>(k), static_cast<lib::String&&>(v)).value) return uapi::kENOMEM;
  }
  touch(*n, false);
  return 0;
}

int Vfs::removexattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, lib::Str name) {
  Node* n = nullptr;
  if (int e = xattr_node(c, dirfd, path, at_flags, &n)) return e;
  if (int e = permission(c.creds, *n, name, true)) return e;
  if (n->backend_slot) return ops_.fs_xattr(n->backend_slot, n->backend_ino, 2, name, nullptr, 0, nullptr, 0);
  if (!n->xattrs.erase(name)) return uapi::kENODATA;
  touch(*n, false);
  return 0;
}

int Vfs::listxattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, char* out, size_t cap, size_t* len) {
  *len = 0;
  Node* n = nullptr;
  if (int e = xattr_node(c, dirfd, path, at_flags, &n)) return e;
  if (n->backend_slot) return ops_.fs_xattr(n->backend_slot, n->backend_ino, 3, "", out, cap, len, 0);
  size_t at = 0;
  for (auto it = n->xattrs.begin(); it != n->xattrs.end(); ++it) {
    lib::Str k = it->key.view();
    if (space_of(k) == Space::kTrusted && !c.creds.root()) continue;
    if (at + k.size + 1 > cap) return uapi::kERANGE;
    for (size_t i = 0; i < k.size; ++i) out[at++] = k[i];
    out[at++] = '\0';
  }
  *len = at;
  return 0;
}

}  // namespace vfs
