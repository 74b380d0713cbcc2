// POSIX shared memory of fs/vfs/vfs.h: a regular file made in /dev/shm keeps
// its bytes in an mmsrv SHM segment the VFS creates (1 MiB — frames appear
// on first touch, so the size costs nothing) and maps into itself, so that
// read/write through the VFS and a client's MAP_SHARED mapping of the same
// segment (VFS_BACKEND_RESOLVE_BACKING + MM_SHM_MAP) see the same bytes.
// The segment goes with the node (Tree::set_on_free). Ids: kShmIdBase + n.
// A regular tmpfs file that is mapped moves into a segment the same way
// (promote): that is how file mappings are served (see README: the pager
// labels MM_FILE_MMAP / VFS_BACKEND_PAGER_* are not used).
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr uint64_t kShmIdBase = 0x5348'0000'0000;
constexpr uint64_t kSegmentPages = kShmFileBytes / kPageBytes;
constexpr uint64_t kSegmentBytes = kShmFileBytes;

// "/" + one component; the path in the tree into out.
bool shm_path(lib::Str name, char* out, size_t cap, size_t* len) {
  if (name.size < 2 || name[0] != '/' || name.find('/', 1) != lib::Str::npos) return false;
  const lib::Str dir = "/dev/shm";
  if (dir.size + name.size > cap) return false;
  for (size_t i = 0; i < dir.size; ++i) out[i] = dir[i];
  for (size_t i = 0; i < name.size; ++i) out[dir.size + i] = name[i];
  *len = dir.size + name.size;
  return true;
}

}  // namespace

void Vfs::node_freed(void* self, Node* n) {
  Vfs& v = *static_cast<Vfs*>(self);
  if (n->shm_id) {
    v.segments_.erase(n->shm_id);
    v.ops_.drop_window(n->shm_id, n->shm_va);
  }
  if (n->backend_root) v.free_backend_slot(n->backend_slot);  // the server's endpoint goes with its mount
}

int Vfs::shm_segment(Node& n) {
  if (n.shm_id) return 0;
  const uint64_t id = kShmIdBase + next_shm_++;
  uint64_t va = 0;
  if (!ops_.create_segment(id, kSegmentPages)) return uapi::kENOSPC;  // mmsrv's segments are all taken
  if (!ops_.map_window(id, &va) || !segments_.insert(uint64_t{id}, &n).value) {
    ops_.drop_window(id, va);
    return uapi::kENOMEM;
  }
  n.shm_id = id;
  n.shm_va = va;
  return 0;
}

size_t Vfs::shm_read(Node& n, uint64_t offset, char* out, size_t count) {
  if (offset >= n.size || !n.shm_id) return 0;
  const size_t k = count < n.size - offset ? count : static_cast<size_t>(n.size - offset);
  ops_.copy_in(out, n.shm_va + offset, k);
  return k;
}

int Vfs::shm_write(Node& n, uint64_t offset, const char* data, size_t count) {
  if (offset > kSegmentBytes || count > kSegmentBytes - offset) return uapi::kEFBIG;
  if (int e = shm_segment(n)) return e;
  ops_.copy_out(n.shm_va + offset, data, count);
  if (offset + count > n.size) n.size = offset + count;
  return 0;
}

int Vfs::shm_truncate(Node& n, uint64_t length) {
  if (length > kSegmentBytes) return uapi::kEFBIG;
  if (length > 0)
    if (int e = shm_segment(n)) return e;
  if (length < n.size && n.shm_id) {  // the cut bytes read as zeros when it grows again
    static const char zeros[kPageBytes] = {};
    for (uint64_t at = length; at < n.size;) {
      const size_t k = n.size - at < kPageBytes ? static_cast<size_t>(n.size - at) : kPageBytes;
      ops_.copy_out(n.shm_va + at, zeros, k);
      at += k;
    }
  }
  n.size = length;
  return 0;
}

int Vfs::shm_open(Client& c, lib::Str name, uint64_t flags, uint32_t mode, int* fd) {
  char path[96];
  size_t len = 0;
  if (!shm_path(name, path, sizeof path, &len)) return uapi::kEINVAL;
  const uint64_t allowed = uapi::kO_ACCMODE | uapi::kO_CREAT | uapi::kO_EXCL | uapi::kO_TRUNC;
  if ((flags & ~allowed) || (flags & uapi::kO_ACCMODE) == uapi::kO_WRONLY) return uapi::kEINVAL;
  return open(c, kAtFdcwd, lib::Str(path, len), flags | uapi::kO_NOFOLLOW | uapi::kO_CLOEXEC, mode, fd);
}

int Vfs::shm_unlink(Client& c, lib::Str name) {
  char path[96];
  size_t len = 0;
  if (!shm_path(name, path, sizeof path, &len)) return uapi::kEINVAL;
  return unlink(c, kAtFdcwd, lib::Str(path, len), 0);
}

// A tmpfs file mapped for the first time moves its bytes into a segment
// of its own (then read/write and every mapping of it share them); a
// server's file is read into one, which caches it from then on (writes go
// to the server and the segment; what mappings write goes back at msync,
// munmap, fsync and the writer's exit). Files over 1 MiB and devices
// cannot be mapped.
int Vfs::promote(Node& n) {
  if (n.size > kSegmentBytes) return uapi::kENODEV;
  if (int e = shm_segment(n)) return e;
  char page[kPageBytes];
  for (uint64_t at = 0; at < n.size; at += kPageBytes) {
    size_t k = 0;
    if (n.backend_slot) {
      const size_t want = n.size - at < kPageBytes ? static_cast<size_t>(n.size - at) : kPageBytes;
      if (int e = backend_read(n, at, page, want, &k)) return e;  // the segment goes with the node
      if (k < want) {  // shorter than it said: the rest reads as zeros
        for (size_t i = k; i < want; ++i) page[i] = 0;
        k = want;
      }
    } else {
      k = n.read_at(at, page, kPageBytes);
    }
    ops_.copy_out(n.shm_va + at, page, k);
  }
  if (!n.backend_slot) {
    const uint64_t size = n.size;
    n.truncate(0);  // the pages go: the segment holds the bytes now
    n.size = size;
  }
  n.shm_backed = true;
  return 0;
}

int Vfs::write_back(Node& n, uint64_t offset, uint64_t length) {
  if (!n.backend_slot || !n.shm_backed || offset >= n.size) return 0;
  const uint64_t end = length > n.size - offset ? n.size : offset + length;
  char page[kPageBytes];
  for (uint64_t at = offset; at < end;) {
    const size_t k = end - at < kPageBytes ? static_cast<size_t>(end - at) : kPageBytes;
    ops_.copy_in(page, n.shm_va + at, k);
    size_t done = 0;
    if (int e = backend_write(n, at, page, k, &done)) return e;
    if (done < k) return uapi::kEIO;  // the server took less than it was given
    at += k;
  }
  return 0;
}

void Vfs::write_back_mapped() {
  for (auto& entry : segments_)
    if (entry.value->mapped_shared_write) write_back(*entry.value, 0, entry.value->size);
}

int Vfs::resolve_backing(Client& c, int fd, bool shared_write, uint64_t* kind, uint64_t* shm_id, uint64_t* size) {
  OpenFile* f = c.file(fd);
  if (!f || (f->flags & uapi::kO_PATH)) return uapi::kEBADF;
  if (!f->node || f->node->type != NodeType::kRegular) return uapi::kENODEV;
  // mmap(2): the fd must be open for reading; a shared writable mapping
  // needs it open for writing too (O_APPEND does not matter, as on Linux).
  if (!f->readable()) return uapi::kEACCES;
  if (shared_write && !f->writable()) return uapi::kEACCES;
  if (!f->node->shm_backed)
    if (int e = promote(*f->node)) return e;
  if (int e = shm_segment(*f->node)) return e;
  if (shared_write) f->node->mapped_shared_write = true;
  *kind = 1;
  *shm_id = f->node->shm_id;
  *size = f->node->size;
  return 0;
}

// A tmpfs file's bytes are in the segment already (it is the file's
// store): what is left of a write-back is what Linux does on msync of a
// written shared mapping, the file's modification and change times. A
// server's file: the range goes back to the server (which keeps its times).
int Vfs::pager_write(Client&, uint64_t shm_id, uint64_t offset, uint64_t length) {
  Node** n = segments_.find(shm_id);
  if (!n) return uapi::kENOENT;
  if (offset > kSegmentBytes || length > kSegmentBytes - offset) return uapi::kEINVAL;
  if (length == 0) return 0;
  if ((*n)->backend_slot) return write_back(**n, offset, length);
  touch(**n, true);
  return 0;
}

}  // namespace vfs
