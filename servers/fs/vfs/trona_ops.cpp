// vfs::TronaOps (fs/vfs/trona_ops.h).
#include "fs/vfs/trona_ops.h"

#include "proto/posix_ttysrv.h"
#include "proto/saltyfs_client.h"
#include "trona/core/client.h"
#include "trona/core/debug_put.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/core/memory.h"
#include "trona/core/serve.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0 = 0, uint64_t a1 = 0) {
  return trona::invoke(cap, label, a0, a1).error;
}

// The attribute words of a SALTYFS reply (LOOKUP, CREATE, MKDIR, SYMLINK).
template <class R>
FsAttrs attrs_of(const R& r) {
  return FsAttrs{r.ino, r.mode, r.nlink, r.size, r.uid, r.gid, r.mtime, r.type};
}

}  // namespace

int64_t TronaOps::now_ns() {
  trona::SysResult r = trona::clock_gettime(uapi::kClockRealtime);
  return r.ok() ? static_cast<int64_t>(r.value) : 0;
}

uint64_t TronaOps::monotonic_ns() { return trona::clock_gettime(uapi::kClockMonotonic).value; }

bool TronaOps::save_caller(uint64_t* slot) { return saved_.save(slot); }

bool TronaOps::reply_saved(uint64_t slot, const lib::Reply& rp) { return saved_.answer(slot, rp); }

void TronaOps::drop_saved(uint64_t slot) { saved_.free(slot); }

void TronaOps::random_bytes(char* out, size_t n) {
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = trona::getrandom().value;
    for (size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<char>(v >> (8 * j));
  }
}

bool TronaOps::map_window(uint64_t shm_id, uint64_t* va) {
  return trona::MmsrvClient().shm_map(shm_id, 0, 0, uapi::kPROT_READ | uapi::kPROT_WRITE, va) == 0;
}

bool TronaOps::create_segment(uint64_t shm_id, uint64_t pages) {
  return trona::MmsrvClient().shm_create(shm_id, pages) == 0;
}

// The VFS's mapping goes, then the segment (the client's own mapping went
// with its address space; mmsrv refuses while any is left).
void TronaOps::drop_window(uint64_t shm_id, uint64_t va) {
  trona::MmsrvClient mm;
  mm.shm_unmap(shm_id, 0, va);
  mm.shm_destroy(shm_id);
}

void TronaOps::copy_in(void* dst, uint64_t va, size_t n) { trona::copy_from_va(dst, va, n); }
void TronaOps::copy_out(uint64_t va, const void* src, size_t n) { trona::copy_to_va(va, src, n); }

// --- file-system servers (SALTYFS_*): synchronous calls; the VFS waits for
// the server (a trusted one: SaltyFS) ---

int TronaOps::fs_mount(uint64_t slot, uint64_t* root_ino) {
  proto::saltyfs::SaltyfsMount::Reply r;
  int e = proto::saltyfs::call(slot, proto::saltyfs::SaltyfsMount::Request{.flags = 0}, &r);
  if (e == 0) *root_ino = r.root_ino;
  return e;
}

int TronaOps::fs_lookup(uint64_t slot, uint64_t dir, lib::Str name, FsAttrs* out) {
  proto::saltyfs::SaltyfsLookup::Reply r;
  int e = proto::saltyfs::call(slot, proto::saltyfs::SaltyfsLookup::Request{.dir_ino = dir, .name = name}, &r);
  if (e == 0) *out = attrs_of(r);
  return e;
}

int TronaOps::fs_read(uint64_t slot, uint64_t ino, uint64_t offset, char* out, size_t count, size_t* got) {
  proto::saltyfs::SaltyfsReadInline::Reply r;
  int e = proto::saltyfs::call(
      slot, proto::saltyfs::SaltyfsReadInline::Request{.ino = ino, .offset = offset, .count = count}, &r);
  if (e != 0) return e;
  if (r.data_len > count) return uapi::kEIO;
  for (size_t i = 0; i < r.data_len; ++i) out[i] = r.data_buf[i];
  *got = r.data_len;
  return 0;
}

int TronaOps::fs_readdir(uint64_t slot, uint64_t dir, uint64_t cookie, uint64_t* next, uint64_t* ino, uint32_t* type,
                         char* name, size_t cap, size_t* len) {
  proto::saltyfs::SaltyfsReaddir::Reply r;
  int e = proto::saltyfs::call(slot, proto::saltyfs::SaltyfsReaddir::Request{.dir_ino = dir, .cookie = cookie}, &r);
  if (e != 0) return e;
  if (r.name_len > cap) return uapi::kEIO;
  for (size_t i = 0; i < r.name_len; ++i) name[i] = r.name_buf[i];
  *len = r.name_len;
  *next = r.next_cookie;
  *ino = r.ino;
  *type = static_cast<uint32_t>(r.type);
  return 0;
}

int TronaOps::fs_create(uint64_t slot, uint64_t dir, lib::Str name, bool directory, uint32_t mode, uint32_t uid,
                        uint32_t gid, FsAttrs* out) {
  using namespace proto::saltyfs;
  int e = 0;
  if (directory) {
    SaltyfsMkdir::Reply r;
    e = call(slot, SaltyfsMkdir::Request{.dir_ino = dir, .mode = mode, .uid = uid, .gid = gid, .name = name}, &r);
    if (e == 0) *out = attrs_of(r);
  } else {
    SaltyfsCreate::Reply r;
    e = call(slot, SaltyfsCreate::Request{.dir_ino = dir, .mode = mode, .uid = uid, .gid = gid, .name = name}, &r);
    if (e == 0) *out = attrs_of(r);
  }
  return e;
}

int TronaOps::fs_remove(uint64_t slot, uint64_t dir, lib::Str name, bool directory) {
  using namespace proto::saltyfs;
  return directory ? call(slot, SaltyfsRmdir::Request{.dir_ino = dir, .name = name})
                   : call(slot, SaltyfsUnlink::Request{.dir_ino = dir, .name = name});
}

int TronaOps::fs_write(uint64_t slot, uint64_t ino, uint64_t offset, const char* data, size_t n, size_t* written,
                       uint64_t* size) {
  proto::saltyfs::SaltyfsWriteInline::Reply r;
  int e = proto::saltyfs::call(
      slot, proto::saltyfs::SaltyfsWriteInline::Request{.ino = ino, .offset = offset, .data = lib::Str(data, n)}, &r);
  if (e != 0) return e;
  if (r.written > n) return uapi::kEIO;
  *written = r.written;
  *size = r.size;
  return 0;
}

int TronaOps::fs_truncate(uint64_t slot, uint64_t ino, uint64_t length) {
  return proto::saltyfs::call(slot, proto::saltyfs::SaltyfsTruncate::Request{.ino = ino, .length = length});
}

int TronaOps::fs_symlink(uint64_t slot, uint64_t dir, lib::Str name, lib::Str target, uint32_t uid, uint32_t gid,
                         FsAttrs* out) {
  proto::saltyfs::SaltyfsSymlink::Reply r;
  int e = proto::saltyfs::call(
      slot, proto::saltyfs::SaltyfsSymlink::Request{.dir_ino = dir, .uid = uid, .gid = gid, .target = target, .name = name},
      &r);
  if (e == 0) *out = attrs_of(r);
  return e;
}

int TronaOps::fs_readlink(uint64_t slot, uint64_t ino, char* out, size_t cap, size_t* len) {
  proto::saltyfs::SaltyfsReadlink::Reply r;
  int e = proto::saltyfs::call(slot, proto::saltyfs::SaltyfsReadlink::Request{.ino = ino}, &r);
  if (e != 0) return e;
  if (r.target_len > cap) return uapi::kEIO;
  for (size_t i = 0; i < r.target_len; ++i) out[i] = r.target_buf[i];
  *len = r.target_len;
  return 0;
}

int TronaOps::fs_setattr(uint64_t slot, uint64_t ino, uint32_t mode, uint32_t uid, uint32_t gid) {
  if (mode != ~0u)
    return proto::saltyfs::call(slot, proto::saltyfs::SaltyfsChmod::Request{.ino = ino, .mode = mode});
  return proto::saltyfs::call(slot, proto::saltyfs::SaltyfsChown::Request{.ino = ino, .uid = uid, .gid = gid});
}

int TronaOps::fs_rename(uint64_t slot, uint64_t from_dir, lib::Str from, uint64_t to_dir, lib::Str to) {
  return proto::saltyfs::call(
      slot, proto::saltyfs::SaltyfsRename::Request{.from_dir = from_dir, .to_dir = to_dir, .from = from, .to = to});
}

int TronaOps::fs_link(uint64_t slot, uint64_t ino, uint64_t dir, lib::Str name) {
  return proto::saltyfs::call(slot, proto::saltyfs::SaltyfsLink::Request{.ino = ino, .dir_ino = dir, .name = name});
}

int TronaOps::fs_xattr(uint64_t slot, uint64_t ino, int op, lib::Str name, char* buf, size_t cap, size_t* len,
                       uint64_t xflags) {
  using namespace proto::saltyfs;
  auto copy = [&](const char* from, size_t n) {
    if (n > cap) return static_cast<int>(uapi::kERANGE);
    for (size_t i = 0; i < n; ++i) buf[i] = from[i];
    *len = n;
    return 0;
  };
  switch (op) {
    case 0: {
      SaltyfsGetxattr::Reply r;
      int e = call(slot, SaltyfsGetxattr::Request{.ino = ino, .name = name}, &r);
      return e != 0 ? e : copy(r.value_buf, r.value_len);
    }
    case 1:
      return call(slot, SaltyfsSetxattr::Request{.ino = ino, .xflags = xflags, .name = name, .value = lib::Str(buf, *len)});
    case 2: return call(slot, SaltyfsRemovexattr::Request{.ino = ino, .name = name});
    default: {
      SaltyfsListxattr::Reply r;
      int e = call(slot, SaltyfsListxattr::Request{.ino = ino}, &r);
      return e != 0 ? e : copy(r.names_buf, r.names_len);
    }
  }
}

int TronaOps::fs_shm_setup(uint64_t slot, uint64_t shm_id, uint64_t pages) {
  return proto::saltyfs::call(slot, proto::saltyfs::SaltyfsShmSetup::Request{.shm_id = shm_id, .pages = pages});
}

int TronaOps::fs_bulk(uint64_t slot, bool write, uint64_t ino, uint64_t offset, size_t count, uint64_t shm_offset,
                      size_t* done, uint64_t* size) {
  using namespace proto::saltyfs;
  if (write) {
    SaltyfsWrite::Reply r;
    int e = call(slot, SaltyfsWrite::Request{.ino = ino, .offset = offset, .count = count, .shm_offset = shm_offset}, &r);
    if (e != 0) return e;
    if (r.written > count) return uapi::kEIO;
    *done = r.written;
    *size = r.size;
    return 0;
  }
  SaltyfsRead::Reply r;
  int e = call(slot, SaltyfsRead::Request{.ino = ino, .offset = offset, .count = count, .shm_offset = shm_offset}, &r);
  if (e != 0) return e;
  if (r.done > count) return uapi::kEIO;
  *done = r.done;
  return 0;
}

void TronaOps::fs_release(uint64_t slot) { inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot); }

void TronaOps::console_write(const char* data, size_t n) { trona::debug_putbuf(data, n); }

void TronaOps::pty_closed(uint64_t pty, bool master) {
  using proto::posix_ttysrv::PosixTtysrvPtyClose;
  const PosixTtysrvPtyClose::Request rq{.pty = pty, .side = master ? 0u : 1u};
  if (!trona::typed_post<PosixTtysrvPtyClose>(kTtysrvSlot, rq))
    lib::debug_put("vfs: could not tell posix_ttysrv that a pty side closed\n");
}

}  // namespace vfs
