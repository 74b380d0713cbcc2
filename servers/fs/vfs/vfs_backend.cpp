// File-system servers behind the mount table (fs/vfs/vfs.h): a directory
// mounted from a server is a tree of proxy nodes the VFS fills as lookups
// reach them (SALTYFS_LOOKUP, cached: a read-only server's names do not
// change under it), whose data and listings come from the server
// (SALTYFS_READ_INLINE, SALTYFS_READDIR), and whose basic changes go to it
// (CREATE, MKDIR, UNLINK, RMDIR, WRITE_INLINE, TRUNCATE); the others
// (rename, links, symlinks, modes, owners, times) are EROFS. The calls are synchronous: the
// VFS waits for the server, which must not call the VFS back.
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

NodeType type_of(uint64_t dtype) {
  switch (dtype) {
    case uapi::kDT_DIR: return NodeType::kDirectory;
    case uapi::kDT_LNK: return NodeType::kSymlink;
    default: return NodeType::kRegular;  // FIFOs, devices, sockets of a server read as files
  }
}

void apply(Node& n, const FsAttrs& a) {
  n.mode = static_cast<uint32_t>(a.mode & 07777);
  n.uid = static_cast<uint32_t>(a.uid);
  n.gid = static_cast<uint32_t>(a.gid);
  n.size = a.size;
  n.mtime_ns = n.ctime_ns = n.atime_ns = static_cast<int64_t>(a.mtime_ns);
}

}  // namespace

uint64_t Vfs::take_backend_slot() {
  const size_t i = backend_slots_.find_clear();
  if (i == lib::Bitmap<kMaxBackends>::npos) return 0;
  backend_slots_.set(i);
  return kBackendSlotBase + i;
}

void Vfs::release_backend_slot(uint64_t slot) {
  if (slot >= kBackendSlotBase && slot < kBackendSlotBase + kMaxBackends) backend_slots_.clear(slot - kBackendSlotBase);
}

void Vfs::free_backend_slot(uint64_t slot) {
  ops_.fs_release(slot);
  if (slot >= kBackendSlotBase && slot < kBackendSlotBase + kMaxBackends) {
    FsWindow& win = fs_windows_[slot - kBackendSlotBase];
    // The VFS's mapping goes; the segment stays while the server maps it
    // (SaltyFS has no unmount message) and is taken up again by the next
    // mount on this slot.
    if (win.shm) ops_.drop_window(win.shm, win.va);
    win = FsWindow{};
  }
  release_backend_slot(slot);
}

namespace {

constexpr uint64_t kFsWindowBase = 0x5346'0000'0000;  // + the backend slot's index
constexpr uint64_t kFsWindowPages = 16;
constexpr size_t kFsWindowBytes = kFsWindowPages * 4096;

}  // namespace

int Vfs::mount_server(Node* point, uint64_t now_slot, uint64_t keep_slot) {
  if (!point->is_dir()) return uapi::kENOTDIR;
  uint64_t root_ino = 0;
  if (ops_.fs_mount(now_slot, &root_ino) != 0) return uapi::kEIO;  // the server refused or is not one
  // A data window for the mount when the server takes one (else inline).
  const size_t i = static_cast<size_t>(keep_slot - kBackendSlotBase);
  FsWindow& win = fs_windows_[i];
  win = FsWindow{};
  const uint64_t id = kFsWindowBase + i;
  uint64_t va = 0;
  ops_.create_segment(id, kFsWindowPages);  // (it may be there from an earlier mount on this slot)
  if (ops_.map_window(id, &va)) {
    if (ops_.fs_shm_setup(now_slot, id, kFsWindowPages) == 0) win = FsWindow{id, va};
    else ops_.drop_window(id, va);
  }
  Node* r = nullptr;
  if (int e = tree_.mount_root(point, ops_.now_ns(), &r)) return e;
  r->backend_slot = keep_slot;
  r->backend_ino = root_ino;
  r->backend_root = true;
  r->mode = 0755;
  return 0;
}

// A proxy for the server's inode `a`, cached as dir's entry `name`.
Node* Vfs::backend_node(Node* dir, lib::Str name, const FsAttrs& a) {
  Creds root;
  Node* n = tree_.make_node(type_of(a.type), static_cast<uint32_t>(a.mode), root, dir, ops_.now_ns());
  if (!n) return nullptr;
  n->backend_slot = dir->backend_slot;
  n->backend_ino = a.ino;
  if (tree_.add_entry(dir, name, n, ops_.now_ns()) != 0) {
    tree_.close_node(n);  // (no name, not open: freed)
    return nullptr;
  }
  apply(*n, a);
  return n;
}

Node* Vfs::backend_lookup(void* self, Node* dir, lib::Str name) {
  Vfs& v = *static_cast<Vfs*>(self);
  FsAttrs a;
  if (v.ops_.fs_lookup(dir->backend_slot, dir->backend_ino, name, &a) != 0) return nullptr;  // (any error: absent)
  Node* n = v.backend_node(dir, name, a);
  if (n && n->type == NodeType::kSymlink) {  // the walk follows it: its target now
    char t[128];
    size_t len = 0;
    if (v.ops_.fs_readlink(n->backend_slot, n->backend_ino, t, sizeof t, &len) == 0 && n->target.assign(lib::Str(t, len)))
      n->size = len;
  }
  return n;
}

int Vfs::backend_symlink(Client& c, Node* dir, lib::Str name, lib::Str target) {
  if (!may(c.creds, *dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  FsAttrs a;
  if (int e = ops_.fs_symlink(dir->backend_slot, dir->backend_ino, name, target, c.creds.euid, c.creds.egid, &a))
    return e;
  Node* n = backend_node(dir, name, a);
  if (!n || !n->target.assign(target)) return uapi::kENOMEM;
  n->size = target.size;
  return 0;
}

// rename / link under a server mount: the VFS checks names and
// permissions, the server the rules of the types; the cache forgets both
// names (the next lookup asks the server again).
int Vfs::backend_rename(Client& c, Walk& src, Walk& dst) {
  if (!src.node) return uapi::kENOENT;
  lib::Str from = src.name.view(), to = dst.name.view();
  if (from.empty() || to.empty() || from.equals(".") || from.equals("..") || to.equals(".") || to.equals(".."))
    return uapi::kEBUSY;
  if (src.node->covers || (dst.node && dst.node->covers)) return uapi::kEBUSY;
  if (src.dir->backend_slot != dst.dir->backend_slot) return uapi::kEXDEV;
  if (!may(c.creds, *src.dir, kMayWrite | kMayExec) || !may(c.creds, *dst.dir, kMayWrite | kMayExec))
    return uapi::kEACCES;
  if (!sticky_allows(c.creds, *src.dir, *src.node) || (dst.node && !sticky_allows(c.creds, *dst.dir, *dst.node)))
    return uapi::kEPERM;
  if (src.node == dst.node) return 0;
  if (int e = ops_.fs_rename(src.dir->backend_slot, src.dir->backend_ino, from, dst.dir->backend_ino, to)) return e;
  if (dst.node) tree_.remove_entry(dst.dir, to, dst.node, ops_.now_ns());
  tree_.remove_entry(src.dir, from, src.node, ops_.now_ns());
  return 0;
}

int Vfs::backend_link(Client& c, Node* n, Walk& dst) {
  if (dst.node) return uapi::kEEXIST;
  if (n->is_dir()) return uapi::kEPERM;
  if (n->backend_slot != dst.dir->backend_slot) return uapi::kEXDEV;
  if (!may(c.creds, *dst.dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  return ops_.fs_link(n->backend_slot, n->backend_ino, dst.dir->backend_ino, dst.name.view());
}

// chmod / chown under a server mount: the rules are the VFS's (creds.cpp),
// the change the server's; the proxy follows.
int Vfs::backend_setattr(Client& c, Node& n, uint32_t mode, uint32_t uid, uint32_t gid) {
  if (mode != ~0u) {
    if (!may_chmod(c.creds, n)) return uapi::kEPERM;
    if (int e = ops_.fs_setattr(n.backend_slot, n.backend_ino, mode & 07777, ~0u, ~0u)) return e;
    n.mode = mode & 07777;
    return 0;
  }
  if (int e = check_chown(c.creds, n, uid, gid)) return e;
  if (int e = ops_.fs_setattr(n.backend_slot, n.backend_ino, ~0u, uid, gid)) return e;
  if (uid != ~0u) n.uid = uid;
  if (gid != ~0u) n.gid = gid;
  return 0;
}

int Vfs::backend_create(Client& c, Node* dir, lib::Str name, bool directory, uint32_t mode, Node** out) {
  if (!may(c.creds, *dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  FsAttrs a;
  if (int e = ops_.fs_create(dir->backend_slot, dir->backend_ino, name, directory, mode & 07777, c.creds.euid,
                             c.creds.egid, &a))
    return e;
  Node* n = backend_node(dir, name, a);
  if (!n) return uapi::kENOMEM;
  if (out) *out = n;
  return 0;
}

int Vfs::backend_remove(Client& c, Node* dir, lib::Str name, Node* n, bool directory) {
  if (!may(c.creds, *dir, kMayWrite | kMayExec)) return uapi::kEACCES;
  if (!sticky_allows(c.creds, *dir, *n)) return uapi::kEPERM;
  if (directory && !n->is_dir()) return uapi::kENOTDIR;
  if (!directory && n->is_dir()) return uapi::kEISDIR;
  if (int e = ops_.fs_remove(dir->backend_slot, dir->backend_ino, name, directory)) return e;
  tree_.remove_entry(dir, name, n, ops_.now_ns());
  return 0;
}

int Vfs::backend_write(Node& n, uint64_t offset, const char* data, size_t count, size_t* done) {
  *done = 0;
  const FsWindow& win = fs_windows_[n.backend_slot - kBackendSlotBase];
  if (win.shm && count > 136) {  // through the mount's window
    while (*done < count) {
      const size_t k = count - *done < kFsWindowBytes ? count - *done : kFsWindowBytes;
      ops_.copy_out(win.va, data + *done, k);
      size_t wrote = 0;
      uint64_t size = 0;
      if (int e = ops_.fs_bulk(n.backend_slot, true, n.backend_ino, offset + *done, k, 0, &wrote, &size))
        return *done > 0 ? 0 : e;
      n.size = size;
      *done += wrote;
      if (wrote < k) break;
    }
    return 0;
  }
  while (*done < count) {
    const size_t k = count - *done < 136 ? count - *done : 136;
    size_t wrote = 0;
    uint64_t size = 0;
    if (int e = ops_.fs_write(n.backend_slot, n.backend_ino, offset + *done, data + *done, k, &wrote, &size))
      return *done > 0 ? 0 : e;
    n.size = size;
    *done += wrote;
    if (wrote < k) break;
  }
  return 0;
}

int Vfs::backend_read(Node& n, uint64_t offset, char* out, size_t count, size_t* got) {
  *got = 0;
  const FsWindow& win = fs_windows_[n.backend_slot - kBackendSlotBase];
  if (win.shm && count > 152) {  // through the mount's window
    while (*got < count) {
      const size_t want = count - *got < kFsWindowBytes ? count - *got : kFsWindowBytes;
      size_t k = 0;
      uint64_t unused = 0;
      if (int e = ops_.fs_bulk(n.backend_slot, false, n.backend_ino, offset + *got, want, 0, &k, &unused))
        return *got > 0 ? 0 : e;
      ops_.copy_in(out + *got, win.va, k);
      *got += k;
      if (k < want) break;
    }
    return 0;
  }
  while (*got < count) {
    const size_t want = count - *got < 152 ? count - *got : 152;
    size_t k = 0;
    if (int e = ops_.fs_read(n.backend_slot, n.backend_ino, offset + *got, out + *got, want, &k))
      return *got > 0 ? 0 : e;
    *got += k;
    if (k < want) break;
  }
  return 0;
}

int Vfs::backend_readdir(OpenFile& f, uint64_t* ino, uint32_t* type, char* name, size_t cap, size_t* len) {
  Node& d = *f.node;
  uint64_t next = 0;
  if (int e = ops_.fs_readdir(d.backend_slot, d.backend_ino, f.dir_cookie, &next, ino, type, name, cap, len)) return e;
  if (*len > 0) f.dir_cookie = next;
  return 0;
}

}  // namespace vfs
