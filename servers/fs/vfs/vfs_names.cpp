// The path operations of fs/vfs/vfs.h: access, mkdir, mkfifo, unlink,
// rename, link, symlink, readlink, chmod, chown, utimensat, chdir, getcwd.
// Each resolves dirfd, then leaves the rules to the Tree (tree_names.cpp)
// or applies Linux's here.
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr uint64_t kAtEaccess = 0x200;
constexpr int64_t kNsPerSec = 1'000'000'000;

}  // namespace

int Vfs::access(Client& c, int dirfd, lib::Str path, uint32_t mode, uint64_t at_flags) {
  if (mode & ~7u) return uapi::kEINVAL;
  if (at_flags & ~(kAtEaccess | uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH)) return uapi::kEINVAL;
  Node* n = nullptr;
  if (int e = lookup(c, dirfd, path, !(at_flags & uapi::kAT_SYMLINK_NOFOLLOW), &n, at_flags & uapi::kAT_EMPTY_PATH))
    return e;
  if (mode == 0) return 0;
  return may(c.creds, *n, mode, !(at_flags & kAtEaccess)) ? 0 : uapi::kEACCES;
}

int Vfs::mkdir(Client& c, int dirfd, lib::Str path, uint32_t mode) {
  Node* start = nullptr;
  if (int e = start_dir(c, dirfd, path, &start)) return e;
  Walk w(alloc_);
  if (int e = tree_.walk(c.creds, start, path, 0, &w)) return e;
  if (!w.node && w.dir->backend_slot)
    return backend_create(c, w.dir, w.name.view(), true, mode & 01777, nullptr);  // the server makes it
  return tree_.create_in(c.creds, w, NodeType::kDirectory, mode & 01777, ops_.now_ns());
}

int Vfs::mkfifo(Client& c, int dirfd, lib::Str path, uint32_t mode) {
  Node* start = nullptr;
  if (int e = start_dir(c, dirfd, path, &start)) return e;
  return tree_.create(c.creds, start, path, NodeType::kFifo, mode & 07777, ops_.now_ns());
}

int Vfs::unlink(Client& c, int dirfd, lib::Str path, uint64_t at_flags) {
  if (at_flags & ~static_cast<uint64_t>(uapi::kAT_REMOVEDIR)) return uapi::kEINVAL;
  Node* start = nullptr;
  if (int e = start_dir(c, dirfd, path, &start)) return e;
  const bool dir = at_flags & uapi::kAT_REMOVEDIR;
  Walk w(alloc_);
  if (int e = tree_.walk(c.creds, start, path, 0, &w)) return e;
  if (w.node && w.dir->backend_slot && !w.node->covers && w.node != w.dir && !w.name.view().equals(".."))
    return backend_remove(c, w.dir, w.name.view(), w.node, dir);  // the server removes it
  return tree_.unlink_in(c.creds, w, dir, ops_.now_ns());
}

int Vfs::rename(Client& c, int from_dirfd, lib::Str from, int to_dirfd, lib::Str to) {
  Node *a = nullptr, *b = nullptr;
  if (int e = start_dir(c, from_dirfd, from, &a)) return e;
  if (int e = start_dir(c, to_dirfd, to, &b)) return e;
  Walk src(alloc_), dst(alloc_);
  if (int e = tree_.walk(c.creds, a, from, 0, &src)) return e;
  if (int e = tree_.walk(c.creds, b, to, 0, &dst)) return e;
  if (src.dir->backend_slot || dst.dir->backend_slot) return backend_rename(c, src, dst);  // under a server mount
  return tree_.rename_in(c.creds, src, dst, ops_.now_ns());
}

int Vfs::link(Client& c, int from_dirfd, lib::Str from, int to_dirfd, lib::Str to, uint64_t flags) {
  if (flags & ~static_cast<uint64_t>(uapi::kAT_SYMLINK_FOLLOW | uapi::kAT_EMPTY_PATH)) return uapi::kEINVAL;
  Node *a = nullptr, *b = nullptr;
  if (int e = start_dir(c, from_dirfd, from, &a)) return e;
  if (int e = start_dir(c, to_dirfd, to, &b)) return e;
  Walk src(alloc_), dst(alloc_);
  if (int e = tree_.walk(c.creds, a, from, (flags & uapi::kAT_SYMLINK_FOLLOW) ? kFollow : 0, &src)) return e;
  if (!src.node) return uapi::kENOENT;
  if (int e = tree_.walk(c.creds, b, to, 0, &dst)) return e;
  if (src.node->backend_slot || dst.dir->backend_slot) return backend_link(c, src.node, dst);  // under a server mount
  return tree_.link_in(c.creds, src, dst, ops_.now_ns());
}

int Vfs::symlink(Client& c, lib::Str target, int dirfd, lib::Str path) {
  Node* start = nullptr;
  if (int e = start_dir(c, dirfd, path, &start)) return e;
  if (target.empty()) return uapi::kENOENT;
  Walk w(alloc_);
  if (int e = tree_.walk(c.creds, start, path, 0, &w)) return e;
  if (!w.node && w.dir->backend_slot) return backend_symlink(c, w.dir, w.name.view(), target);  // the server makes it
  return tree_.symlink_in(c.creds, w, target, ops_.now_ns());
}

int Vfs::readlink(Client& c, int dirfd, lib::Str path, char* out, size_t cap, size_t* len) {
  Node* n = nullptr;
  if (int e = lookup(c, dirfd, path, false, &n)) return e;
  if (n->type != NodeType::kSymlink) return uapi::kEINVAL;
  lib::Str t = n->target.view();
  size_t k = t.size < cap ? t.size : cap;
  for (size_t i = 0; i < k; ++i) out[i] = t[i];
  *len = k;
  return 0;
}

int Vfs::chmod(Client& c, int dirfd, lib::Str path, uint32_t mode, uint64_t at_flags) {
  if (at_flags & ~static_cast<uint64_t>(uapi::kAT_SYMLINK_NOFOLLOW)) return uapi::kEINVAL;
  Node* n = nullptr;
  if (int e = lookup(c, dirfd, path, !(at_flags & uapi::kAT_SYMLINK_NOFOLLOW), &n)) return e;
  if (n->type == NodeType::kSymlink) return uapi::kEOPNOTSUPP;  // fchmodat(AT_SYMLINK_NOFOLLOW)
  if (n->backend_slot) return backend_setattr(c, *n, mode, ~0u, ~0u);
  if (!may_chmod(c.creds, *n)) return uapi::kEPERM;
  uint32_t m = mode & 07777;
  if (!c.creds.root() && !n->is_dir() && !c.creds.in_group(n->gid)) m &= ~02000u;
  n->mode = m;
  touch(*n, false);
  return 0;
}

int Vfs::chown(Client& c, int dirfd, lib::Str path, uint32_t uid, uint32_t gid, uint64_t at_flags) {
  if (at_flags & ~static_cast<uint64_t>(uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH)) return uapi::kEINVAL;
  Node* n = nullptr;
  if (int e = lookup(c, dirfd, path, !(at_flags & uapi::kAT_SYMLINK_NOFOLLOW), &n, at_flags & uapi::kAT_EMPTY_PATH))
    return e;
  if (n->backend_slot) return backend_setattr(c, *n, ~0u, uid, gid);
  if (int e = check_chown(c.creds, *n, uid, gid)) return e;
  if (uid != ~0u) n->uid = uid;
  if (gid != ~0u) n->gid = gid;
  if ((uid != ~0u || gid != ~0u) && !n->is_dir() && n->type != NodeType::kSymlink)
    n->mode &= (n->mode & 010) ? ~06000u : ~04000u;
  touch(*n, false);
  return 0;
}

int Vfs::utimens(Client& c, int dirfd, lib::Str path, const int64_t times[4], uint64_t at_flags) {
  if (at_flags & ~static_cast<uint64_t>(uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH)) return uapi::kEINVAL;
  for (int i = 1; i < 4; i += 2) {
    const int64_t ns = times[i];
    if (ns != uapi::kUTIME_NOW && ns != uapi::kUTIME_OMIT && (ns < 0 || ns >= kNsPerSec)) return uapi::kEINVAL;
  }
  Node* n = nullptr;
  if (int e = lookup(c, dirfd, path, !(at_flags & uapi::kAT_SYMLINK_NOFOLLOW), &n, at_flags & uapi::kAT_EMPTY_PATH))
    return e;
  if (n->backend_slot) return uapi::kEROFS;
  const bool both_now = times[1] == uapi::kUTIME_NOW && times[3] == uapi::kUTIME_NOW;
  const bool owner = c.creds.root() || c.creds.euid == n->uid;
  if (both_now) {
    if (!owner && !may(c.creds, *n, kMayWrite)) return uapi::kEACCES;
  } else if (!owner && !(times[1] == uapi::kUTIME_OMIT && times[3] == uapi::kUTIME_OMIT)) {
    return uapi::kEPERM;
  }
  const int64_t now = ops_.now_ns();
  auto value = [&](int64_t sec, int64_t ns) { return ns == uapi::kUTIME_NOW ? now : sec * kNsPerSec + ns; };
  if (times[1] != uapi::kUTIME_OMIT) n->atime_ns = value(times[0], times[1]);
  if (times[3] != uapi::kUTIME_OMIT) n->mtime_ns = value(times[2], times[3]);
  n->ctime_ns = now;
  return 0;
}

int Vfs::chdir(Client& c, int dirfd, lib::Str path) {
  Node* n = nullptr;
  if (path.empty()) {  // fchdir
    OpenFile* f = c.file(dirfd);
    if (!f) return uapi::kEBADF;
    if (!f->node || !f->node->is_dir()) return uapi::kENOTDIR;
    n = f->node;
  } else if (int e = lookup(c, dirfd, path, true, &n)) {
    return e;
  }
  if (!n->is_dir()) return uapi::kENOTDIR;
  if (!may(c.creds, *n, kMayExec)) return uapi::kEACCES;
  n->open_count++;
  tree_.close_node(c.cwd);
  c.cwd = n;
  return 0;
}

int Vfs::getcwd(Client& c, char* out, size_t cap, size_t* len) { return tree_.path_of(c.cwd, out, cap, len); }

}  // namespace vfs
