// The name operations of fs/vfs/tree.h: mkdir/mkfifo (create), symlink,
// unlink/rmdir, link and rename, with Linux's checks in Linux's order.
#include "fs/vfs/tree.h"

#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

bool is_dot_name(lib::Str s) { return s.empty() || s.equals(".") || s.equals(".."); }

}  // namespace

int Tree::parent_for_change(const Creds& c, Node* start, lib::Str path, Walk* w) const {
  if (int e = walk(c, start, path, 0, w)) return e;
  if (!may(c, *w->dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  return 0;
}

int Tree::create(const Creds& c, Node* start, lib::Str path, NodeType type, uint32_t mode, int64_t now_ns,
                 Node** out) {
  Walk w(alloc_);
  if (int e = walk(c, start, path, 0, &w)) return e;
  return create_in(c, w, type, mode, now_ns, out);
}

int Tree::create_in(const Creds& c, const Walk& w, NodeType type, uint32_t mode, int64_t now_ns, Node** out) {
  if (w.node) return uapi::kEEXIST;
  if (w.dir->backend_slot) return uapi::kEROFS;  // a server mount: read side only
  if (w.trailing_slash && type != NodeType::kDirectory) return uapi::kENOENT;
  if (!may(c, *w.dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  if (w.dir->nlink == 0) return uapi::kENOENT;  // a removed directory
  Node* n = make_node(type, mode, c, w.dir, now_ns);
  if (!n) return uapi::kENOMEM;
  if (int e = add_entry(w.dir, w.name.view(), n, now_ns)) {
    stats_.nodes--;
    alloc_.destroy(n);
    return e;
  }
  if (out) *out = n;
  return 0;
}

int Tree::symlink(const Creds& c, Node* start, lib::Str target, lib::Str path, int64_t now_ns) {
  if (target.empty()) return uapi::kENOENT;
  Walk w(alloc_);
  if (int e = walk(c, start, path, 0, &w)) return e;
  return symlink_in(c, w, target, now_ns);
}

int Tree::symlink_in(const Creds& c, const Walk& w, lib::Str target, int64_t now_ns) {
  if (target.empty()) return uapi::kENOENT;
  Node* n = nullptr;
  if (int e = create_in(c, w, NodeType::kSymlink, 0777, now_ns, &n)) return e;
  if (!n->target.assign(target)) {
    remove_entry(w.dir, w.name.view(), n, now_ns);
    return uapi::kENOMEM;
  }
  n->size = target.size;
  return 0;
}

int Tree::unlink(const Creds& c, Node* start, lib::Str path, bool dir, int64_t now_ns) {
  Walk w(alloc_);
  if (int e = walk(c, start, path, 0, &w)) return e;
  return unlink_in(c, w, dir, now_ns);
}

int Tree::unlink_in(const Creds& c, const Walk& w, bool dir, int64_t now_ns) {
  lib::Str name = w.name.view();
  if (dir) {
    if (name.empty() || w.node == root_) return uapi::kEBUSY;
    if (name.equals(".")) return uapi::kEINVAL;
    if (name.equals("..")) return uapi::kENOTEMPTY;
  } else if (is_dot_name(name)) {
    return uapi::kEISDIR;
  }
  if (!w.node) return uapi::kENOENT;
  if (w.dir->backend_slot) return uapi::kEROFS;
  if (!may(c, *w.dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  if (!sticky_allows(c, *w.dir, *w.node)) return uapi::kEPERM;
  if (dir) {
    if (!w.node->is_dir()) return uapi::kENOTDIR;
    if (w.node->covers) return uapi::kEBUSY;  // a mount point (the walk gave its mounted root)
    if (!w.node->entries.empty()) return uapi::kENOTEMPTY;
  } else if (w.node->is_dir()) {
    return uapi::kEISDIR;
  }
  remove_entry(w.dir, name, w.node, now_ns);
  return 0;
}

// Linux with fs.protected_hardlinks = 1 (Debian's default): a user may
// link a file it does not own only when it may read and write it and it
// is a plain regular file (not setuid, not setgid-executable).
static bool may_link(const Creds& c, const Node& n) {
  if (c.root() || c.euid == n.uid) return true;
  if (n.type != NodeType::kRegular) return false;
  if (n.mode & 04000) return false;
  if ((n.mode & 02010) == 02010) return false;
  return may(c, n, kMayRead | kMayWrite);
}

int Tree::link(const Creds& c, Node* from_start, lib::Str from, Node* to_start, lib::Str to, bool follow,
               int64_t now_ns) {
  Walk src(alloc_);
  if (int e = walk(c, from_start, from, follow ? kFollow : 0, &src)) return e;
  if (!src.node) return uapi::kENOENT;
  Walk dst(alloc_);
  if (int e = walk(c, to_start, to, 0, &dst)) return e;
  return link_in(c, src, dst, now_ns);
}

int Tree::link_in(const Creds& c, const Walk& src, const Walk& dst, int64_t now_ns) {
  if (!src.node) return uapi::kENOENT;
  if (dst.node) return uapi::kEEXIST;
  if (dst.dir->backend_slot) return uapi::kEROFS;
  if (!may(c, *dst.dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  if (src.node->fs != dst.dir->fs) return uapi::kEXDEV;
  if (src.node->is_dir()) return uapi::kEPERM;
  if (dst.trailing_slash || src.trailing_slash) return uapi::kENOENT;
  if (!may_link(c, *src.node)) return uapi::kEPERM;
  if (dst.dir->nlink == 0) return uapi::kENOENT;
  return add_entry(dst.dir, dst.name.view(), src.node, now_ns);
}

int Tree::rename(const Creds& c, Node* from_start, lib::Str from, Node* to_start, lib::Str to, int64_t now_ns) {
  Walk src(alloc_), dst(alloc_);
  if (int e = walk(c, from_start, from, 0, &src)) return e;
  if (int e = walk(c, to_start, to, 0, &dst)) return e;
  return rename_in(c, src, dst, now_ns);
}

int Tree::rename_in(const Creds& c, const Walk& src, const Walk& dst, int64_t now_ns) {
  if (is_dot_name(src.name.view()) || is_dot_name(dst.name.view())) return uapi::kEBUSY;
  Node* n = src.node;
  if (!n) return uapi::kENOENT;
  if (src.dir->backend_slot || dst.dir->backend_slot) return uapi::kEROFS;
  if (n->covers || (dst.node && dst.node->covers)) return uapi::kEBUSY;  // mount points do not move
  if (n->fs != dst.dir->fs) return uapi::kEXDEV;
  if (!may(c, *src.dir, kMayWrite | kMayExec) || !may(c, *dst.dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  if (!sticky_allows(c, *src.dir, *n)) return uapi::kEPERM;
  Node* old = dst.node;
  if (old && !sticky_allows(c, *dst.dir, *old)) return uapi::kEPERM;
  if (!n->is_dir() && (src.trailing_slash || dst.trailing_slash)) return uapi::kENOTDIR;
  if (old == n) return 0;  // the same file: nothing happens (POSIX)
  if (n->is_dir()) {
    if (old && !old->is_dir()) return uapi::kENOTDIR;
    if (old && !old->entries.empty()) return uapi::kENOTEMPTY;
    // Not into itself or below itself.
    for (const Node* at = dst.dir;; at = at->parent) {
      if (at == n) return uapi::kEINVAL;
      if (at == root_) break;
    }
    // Moving a directory rewrites its "..": write permission on it.
    if (dst.dir != src.dir && !may(c, *n, kMayWrite)) return uapi::kEACCES;
  } else if (old && old->is_dir()) {
    return uapi::kEISDIR;
  }
  if (dst.dir->nlink == 0) return uapi::kENOENT;
  // The new name first (a replaced entry is overwritten in place, a new
  // one inserted: ENOMEM leaves everything as it was), then the old name.
  if (old) {
    *dst.dir->entries.find(dst.name.view()) = n;
    if (old->is_dir()) {
      old->nlink = 0;
      dst.dir->nlink--;
    } else {
      old->nlink--;
    }
    old->ctime_ns = now_ns;
    maybe_free(old);
  } else {
    lib::String key(alloc_);
    if (!key.assign(dst.name.view())) return uapi::kENOMEM;
    auto r = dst.dir->entries.insert(static_cast<lib::String&&>(key), static_cast<Node*>(n));
    if (!r.value) return uapi::kENOMEM;
  }
  src.dir->entries.erase(src.name.view());
  if (n->is_dir() && src.dir != dst.dir) {
    src.dir->nlink--;
    dst.dir->nlink++;
    n->parent = dst.dir;
  }
  src.dir->mtime_ns = src.dir->ctime_ns = now_ns;
  dst.dir->mtime_ns = dst.dir->ctime_ns = now_ns;
  n->ctime_ns = now_ns;
  return 0;
}

}  // namespace vfs
