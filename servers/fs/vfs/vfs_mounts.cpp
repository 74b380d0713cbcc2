// Mounts of fs/vfs/tree.h and fs/vfs/vfs.h: a tmpfs mounted on a directory
// is a second tree whose root `covers` the mount point; the caller's
// namespace says where it is mounted (unshare(CLONE_NEWNS) copies it); the
// walk crosses into it and ".." leaves it (tree.cpp), rename/link across
// are EXDEV, rmdir/rename of a mount point EBUSY (tree_names.cpp).
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

Node* Tree::mounted_on(const Node* point) const {
  if (point == ns_->old_root_point) return root_;  // pivot_root's put_old
  if (point->mounts_on == 0) return nullptr;  // mounted nowhere: no lookup
  Node* const* r = ns_->mounts.find(point->ino);
  return r ? *r : nullptr;
}

int Tree::mount_tmpfs(Node* point, int64_t now_ns) {
  Node* r = nullptr;
  return mount_root(point, now_ns, &r);
}

int Tree::mount_root(Node* point, int64_t now_ns, Node** out) {
  if (!point->is_dir()) return uapi::kENOTDIR;
  if (mounted_on(point) || point->covers) return uapi::kEBUSY;
  Creds root;
  Node* r = make_node(NodeType::kDirectory, 01777, root, nullptr, now_ns);
  if (!r) return uapi::kENOMEM;
  if (!mount_roots_.push_back(r) || !ns_->mounts.insert(static_cast<uint64_t>(point->ino), static_cast<Node*>(r)).value) {
    if (!mount_roots_.empty() && mount_roots_.back() == r) mount_roots_.pop_back();
    stats_.nodes--;
    alloc_.destroy(r);
    return uapi::kENOMEM;
  }
  r->fs = next_fs_++;
  r->nlink = 2;
  r->parent = r;
  r->covers = point;
  r->mount_refs = 1;
  point->mounts_on++;
  point->open_count++;  // the mount point lives while mounted on
  *out = r;
  return 0;
}

// Anything of the file system below n still in use: an open file, a
// working directory, a bound socket (all open_count), a mount on it.
bool Tree::busy(const Node* n) const {
  if (n->open_count > 0 || n->mounts_on > 0) return true;
  if (!n->is_dir()) return false;
  for (auto it = n->entries.begin(); it != n->entries.end(); ++it) {
    const Node* child = it->value;
    if (child->is_dir() && child->parent != n) continue;  // (a directory has one parent)
    if (busy(child)) return true;
  }
  return false;
}

// Takes `root` out of `ns`; frees it when no namespace mounts it any more.
void Tree::drop_mount(Namespace& ns, Node* root) {
  Node* point = root->covers;
  ns.mounts.erase(point->ino);
  point->mounts_on--;
  if (--root->mount_refs == 0) {
    for (size_t i = 0; i < mount_roots_.size(); ++i)
      if (mount_roots_[i] == root) {
        mount_roots_.erase(i);
        break;
      }
    root->covers = nullptr;
    free_node(root);
  }
  close_node(point);
}

int Tree::umount(Node* root) {
  // The old root at pivot_root's put_old: detached from this namespace
  // (like MNT_DETACH: what is open there stays usable).
  if (root == root_ && ns_->old_root_point) {
    close_node(ns_->old_root_point);
    ns_->old_root_point = nullptr;
    return 0;
  }
  if (!root->covers || mounted_on(root->covers) != root) return uapi::kEINVAL;
  // In use is busy where this is its last mount (another namespace's use of
  // a shared mount does not hold this one).
  if (root->mount_refs == 1 && busy(root)) return uapi::kEBUSY;
  drop_mount(*ns_, root);
  return 0;
}

int Tree::pivot_root(Node* new_root, Node* put_old) {
  if (!new_root->is_dir() || !put_old->is_dir()) return uapi::kENOTDIR;
  if (!new_root->covers || new_root == ns_root() || ns_->old_root_point) return uapi::kEINVAL;
  // put_old must be new_root or below it.
  for (const Node* at = put_old;;) {
    if (at == new_root) break;
    if (at == root_) return uapi::kEINVAL;
    at = at->covers ? at->covers : at->parent;
  }
  ns_->root = new_root;
  ns_->old_root_point = put_old;
  put_old->open_count++;
  return 0;
}

Namespace* Tree::copy_namespace(const Namespace& from) {
  Namespace* ns = alloc_.make<Namespace>(alloc_);
  if (!ns) return nullptr;
  ns->root = from.root;
  if (from.old_root_point) {
    ns->old_root_point = from.old_root_point;
    ns->old_root_point->open_count++;
  }
  for (auto it = from.mounts.begin(); it != from.mounts.end(); ++it) {
    Node* r = it->value;
    if (!ns->mounts.insert(static_cast<uint64_t>(it->key), static_cast<Node*>(r)).value) {
      release_namespace(ns);
      return nullptr;
    }
    r->mount_refs++;
    r->covers->mounts_on++;
    r->covers->open_count++;
  }
  return ns;
}

void Tree::release_namespace(Namespace* ns) {
  if (!ns || ns == &initial_ || --ns->refs > 0) return;
  if (ns->old_root_point) close_node(ns->old_root_point);
  while (!ns->mounts.empty()) drop_mount(*ns, ns->mounts.begin()->value);
  alloc_.destroy(ns);
}

int Vfs::unshare(Client& c, uint64_t flags) {
  if (flags == 0) return 0;
  if (flags != static_cast<uint64_t>(uapi::kCLONE_NEWNS)) return uapi::kEINVAL;  // the others are procmgr's
  if (!c.creds.root()) return uapi::kEPERM;  // CAP_SYS_ADMIN
  Namespace* ns = tree_.copy_namespace(c.ns ? *c.ns : *tree_.initial());
  if (!ns) return uapi::kENOMEM;
  tree_.release_namespace(c.ns);
  c.ns = ns;
  return 0;
}

int Vfs::pivot_root(Client& c, lib::Str new_root, lib::Str put_old) {
  if (!c.creds.root()) return uapi::kEPERM;
  Node *n = nullptr, *p = nullptr;
  if (int e = lookup(c, kAtFdcwd, new_root, true, &n)) return e;
  if (int e = lookup(c, kAtFdcwd, put_old, true, &p)) return e;
  Node* old = tree_.ns_root();
  if (int e = tree_.pivot_root(n, p)) return e;
  // As Linux: whoever in this namespace had the old root as working
  // directory has the new one.
  for (auto it = clients_.begin(); it != clients_.end(); ++it) {
    Client* k = it->value;
    if (k->ns == c.ns && k->cwd == old) {
      n->open_count++;
      tree_.close_node(k->cwd);
      k->cwd = n;
    }
  }
  return 0;
}

int Vfs::mount(Client& c, uint64_t flags, lib::Str fstype, lib::Str target, uint64_t backend_now,
               uint64_t backend_keep) {
  if (!c.creds.root()) return uapi::kEPERM;
  if (flags != 0) return uapi::kEINVAL;
  Node* n = nullptr;
  if (int e = lookup(c, kAtFdcwd, target, true, &n)) return e;
  if (fstype.equals("tmpfs")) return tree_.mount_tmpfs(n, ops_.now_ns());
  if (backend_now == 0 || backend_keep == 0) return uapi::kENODEV;  // another type needs its server's endpoint
  return mount_server(n, backend_now, backend_keep);
}

int Vfs::umount(Client& c, uint64_t flags, lib::Str target) {
  if (!c.creds.root()) return uapi::kEPERM;
  if (flags != 0) return uapi::kEINVAL;
  Node* n = nullptr;
  if (int e = lookup(c, kAtFdcwd, target, true, &n)) return e;
  return tree_.umount(n);
}

}  // namespace vfs
