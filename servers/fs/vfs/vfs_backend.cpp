// File-system servers behind the mount table (fs/vfs/vfs.h): a directory
// mounted from a server is a tree of proxy nodes the VFS fills as lookups
// reach them (SALTYFS_LOOKUP, cached: a read-only server's names do not
// change under it), whose data and listings come from the server
// (SALTYFS_READ_INLINE, SALTYFS_READDIR). Changes under such a mount are
// EROFS (tree_names.cpp, vfs_files.cpp). The calls are synchronous: the
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
  release_backend_slot(slot);
}

int Vfs::mount_server(Node* point, uint64_t now_slot, uint64_t keep_slot) {
  if (!point->is_dir()) return uapi::kENOTDIR;
  uint64_t root_ino = 0;
  if (ops_.fs_mount(now_slot, &root_ino) != 0) return uapi::kEIO;  // the server refused or is not one
  Node* r = nullptr;
  if (int e = tree_.mount_root(point, ops_.now_ns(), &r)) return e;
  r->backend_slot = keep_slot;
  r->backend_ino = root_ino;
  r->backend_root = true;
  r->mode = 0755;
  return 0;
}

Node* Vfs::backend_lookup(void* self, Node* dir, lib::Str name) {
  Vfs& v = *static_cast<Vfs*>(self);
  FsAttrs a;
  if (v.ops_.fs_lookup(dir->backend_slot, dir->backend_ino, name, &a) != 0) return nullptr;  // (any error: absent)
  Creds root;
  Node* n = v.tree_.make_node(type_of(a.type), static_cast<uint32_t>(a.mode), root, dir, v.ops_.now_ns());
  if (!n) return nullptr;
  n->backend_slot = dir->backend_slot;
  n->backend_ino = a.ino;
  if (v.tree_.add_entry(dir, name, n, v.ops_.now_ns()) != 0) {
    v.tree_.close_node(n);  // (no name, not open: freed)
    return nullptr;
  }
  apply(*n, a);
  return n;
}

int Vfs::backend_read(Node& n, uint64_t offset, char* out, size_t count, size_t* got) {
  *got = 0;
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
