// Mounts of fs/vfs/tree.h and fs/vfs/vfs.h: a tmpfs mounted on a directory
// is a second tree whose root `covers` the mount point; the walk crosses
// into it and ".." leaves it (tree.cpp), rename/link across are EXDEV,
// rmdir/rename of a mount point EBUSY (tree_names.cpp).
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

int Tree::mount_tmpfs(Node* point, int64_t now_ns) {
  if (!point->is_dir()) return uapi::kENOTDIR;
  if (point->mounted || point->covers) return uapi::kEBUSY;
  Creds root;
  Node* r = make_node(NodeType::kDirectory, 01777, root, nullptr, now_ns);
  if (!r) return uapi::kENOMEM;
  r->fs = next_fs_++;
  r->nlink = 2;
  r->parent = r;
  r->covers = point;
  point->mounted = r;
  point->open_count++;  // the mount point lives while mounted on
  return 0;
}

// Anything of the file system below n still in use: an open file, a
// working directory, a bound socket (all open_count), a mount on it.
bool Tree::busy(const Node* n) const {
  if (n->open_count > 0 || n->mounted) return true;
  if (!n->is_dir()) return false;
  for (auto it = n->entries.begin(); it != n->entries.end(); ++it) {
    const Node* child = it->value;
    if (child->is_dir() && child->parent != n) continue;  // (a directory has one parent)
    if (busy(child)) return true;
  }
  return false;
}

int Tree::umount(Node* root) {
  if (!root->covers) return uapi::kEINVAL;
  if (busy(root)) return uapi::kEBUSY;
  Node* point = root->covers;
  point->mounted = nullptr;
  root->covers = nullptr;
  free_node(root);
  close_node(point);
  return 0;
}

int Vfs::mount(Client& c, uint64_t flags, lib::Str fstype, lib::Str target) {
  if (!c.creds.root()) return uapi::kEPERM;
  if (flags != 0) return uapi::kEINVAL;
  if (!fstype.equals("tmpfs")) return uapi::kENODEV;  // file-system servers: not yet
  Node* n = nullptr;
  if (int e = lookup(c, kAtFdcwd, target, true, &n)) return e;
  return tree_.mount_tmpfs(n, ops_.now_ns());
}

int Vfs::umount(Client& c, uint64_t flags, lib::Str target) {
  if (!c.creds.root()) return uapi::kEPERM;
  if (flags != 0) return uapi::kEINVAL;
  Node* n = nullptr;
  if (int e = lookup(c, kAtFdcwd, target, true, &n)) return e;
  return tree_.umount(n);
}

}  // namespace vfs
