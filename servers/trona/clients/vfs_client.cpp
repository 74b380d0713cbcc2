#include "trona/clients/vfs_client.h"

#include "trona/core/client.h"
#include "uapi/linux_numbers.h"
#include "uapi/status.h"
#include "uapi/vfs.h"

namespace trona {

namespace {

using namespace uapi::vfs;

uint64_t fd_word(int fd) { return static_cast<uint32_t>(fd); }
size_t min_size(size_t a, size_t b) { return a < b ? a : b; }
size_t words_for(size_t bytes) { return (bytes + 7) / 8; }

// server_call, plus the VFS reply conventions: a RESTART status is resent,
// an errno status (kVfsErrnoStatusBase + e) is e.
int vfs_call(uint64_t ep, const ClientRequest& rq, ClientReply* rp) {
  for (;;) {
    int e = server_call(ep, rq, rp);
    if (e == 0) return 0;
    if (rp->status == uapi::TRONA_RESTART) continue;
    if (rp->status >= kVfsErrnoStatusBase && rp->status < kVfsErrnoStatusBase + 0x100)
      return static_cast<int>(rp->status - kVfsErrnoStatusBase);
    return e;
  }
}

int vfs_call(uint64_t ep, const ClientRequest& rq) {
  ClientReply rp;
  return vfs_call(ep, rq, &rp);
}

// Appends `n` bytes, 8 per MR, little-endian; false past the VFS message size.
bool push_bytes(ClientRequest& rq, const void* data, size_t n) {
  if (rq.length + words_for(n) > kVfsMessageMrs) return false;
  const auto* b = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; i += 8) {
    uint64_t w = 0;
    __builtin_memcpy(&w, b + i, min_size(8, n - i));
    rq.push(w);
  }
  return true;
}

// Copies `n` bytes of the reply starting at MR `first`; false when the
// reply is too short to hold them (a protocol error).
bool take_bytes(const ClientReply& rp, size_t first, void* out, size_t n) {
  if (rp.length < first || (rp.length - first) * 8 < n) return false;
  __builtin_memcpy(out, &rp.mr[first], n);
  return true;
}

// A path at the end of the request: MR[k] = length, bytes after it.
bool push_path(ClientRequest& rq, lib::Str path) {
  if (path.size > kVfsPathMax || rq.length + 1 + words_for(path.size) > kVfsMessageMrs) return false;
  return rq.push_inline(path);
}

// Two paths (after the op's fixed MRs): both lengths, then path 1, then
// path 2 from the next word.
bool push_two_paths(ClientRequest& rq, lib::Str a, lib::Str b) {
  if (a.size > kVfsTwoPathMax || b.size > kVfsTwoPathMax) return false;
  rq.push(a.size);
  rq.push(b.size);
  return push_bytes(rq, a.data, a.size) && push_bytes(rq, b.data, b.size);
}

int take_stat(const ClientReply& rp, uapi::TronaStat* out) {
  if (rp.length < uapi::kTronaStatWords) return uapi::kEIO;
  uint64_t* f[] = {&out->ino, &out->mode, &out->nlink, &out->size, &out->uid, &out->gid, &out->mtime, &out->type};
  for (size_t i = 0; i < uapi::kTronaStatWords; ++i) *f[i] = rp.mr[i];
  return 0;
}

int stat_call(uint64_t ep, ClientRequest& rq, uapi::TronaStat* out) {
  rq.idempotent = true;
  ClientReply rp;
  int e = vfs_call(ep, rq, &rp);
  return e != 0 ? e : take_stat(rp, out);
}

// An op of fixed MRs `args[0..n)` then a path, with an empty reply
// (UNLINK, MKDIR, ACCESS, the *at ops, ...).
int path_op(uint64_t ep, uint64_t label, lib::Str path, const uint64_t* args = nullptr, size_t n = 0,
            bool idempotent = false) {
  ClientRequest rq(label);
  for (size_t i = 0; i < n; ++i) rq.push(args[i]);
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  rq.idempotent = idempotent;
  return vfs_call(ep, rq);
}

// --- chunked data transfers ---------------------------------------------------

struct Chunk {
  uint64_t ep;
  int fd;
  uint64_t offset;  // file offset of this chunk (positional ops)
  size_t count;
};

int read_chunk(const Chunk& c, char* buf, size_t* moved, bool positional) {
  ClientRequest rq(positional ? VFS_PREAD : VFS_READ);
  rq.push(fd_word(c.fd));
  rq.push(c.count);
  if (positional) rq.push(c.offset);
  rq.idempotent = positional;
  ClientReply rp;
  int e = vfs_call(c.ep, rq, &rp);
  if (e != 0) return e;
  size_t n = rp.get(0);
  if (n > c.count || !take_bytes(rp, 1, buf, n)) return uapi::kEIO;
  *moved = n;
  return 0;
}

int write_chunk(const Chunk& c, const char* buf, size_t* moved, bool positional) {
  ClientRequest rq(positional ? VFS_PWRITE : VFS_WRITE);
  rq.push(fd_word(c.fd));
  rq.push(c.count);
  if (positional) rq.push(c.offset);
  push_bytes(rq, buf, c.count);  // fits: count <= the label's chunk size
  rq.idempotent = positional;
  ClientReply rp;
  int e = vfs_call(c.ep, rq, &rp);
  if (e != 0) return e;
  size_t n = rp.get(0);
  if (n > c.count) return uapi::kEIO;
  *moved = n;
  return 0;
}

// Moves `count` bytes chunk by chunk; stops on a short chunk. At least one
// message goes out (a zero count still checks the fd). A failure after
// some bytes moved ends the loop with the partial count.
template <class Buf, class Op>
int transfer(uint64_t ep, int fd, Buf buf, size_t count, uint64_t offset, size_t chunk, Op op, size_t* done) {
  size_t total = 0;
  do {
    Chunk c{ep, fd, offset + total, min_size(chunk, count - total)};
    size_t moved = 0;
    int e = op(c, buf + total, &moved);
    if (e != 0) {
      if (total == 0) return e;
      break;
    }
    total += moved;
    if (moved < c.count) break;
  } while (total < count);
  *done = total;
  return 0;
}

}  // namespace

// --- descriptors and data -------------------------------------------------------

int VfsClient::open(lib::Str path, uint64_t flags, uint64_t mode, int* fd) const {
  ClientRequest rq(VFS_POSIX_OPEN);
  rq.push(mode);
  rq.push(flags);
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e == 0) *fd = static_cast<int>(rp.get(0));
  return e;
}

int VfsClient::close(int fd) const {
  ClientRequest rq(VFS_CLOSE);
  rq.push(fd_word(fd));
  return vfs_call(ep_, rq);
}

int VfsClient::read(int fd, void* buf, size_t count, size_t* done) const {
  auto op = [](const Chunk& c, char* b, size_t* m) { return read_chunk(c, b, m, false); };
  return transfer(ep_, fd, static_cast<char*>(buf), count, 0, kVfsReadChunk, op, done);
}

int VfsClient::write(int fd, const void* buf, size_t count, size_t* done) const {
  auto op = [](const Chunk& c, const char* b, size_t* m) { return write_chunk(c, b, m, false); };
  return transfer(ep_, fd, static_cast<const char*>(buf), count, 0, kVfsWriteChunk, op, done);
}

int VfsClient::pread(int fd, void* buf, size_t count, uint64_t offset, size_t* done) const {
  auto op = [](const Chunk& c, char* b, size_t* m) { return read_chunk(c, b, m, true); };
  return transfer(ep_, fd, static_cast<char*>(buf), count, offset, kVfsReadChunk, op, done);
}

int VfsClient::pwrite(int fd, const void* buf, size_t count, uint64_t offset, size_t* done) const {
  auto op = [](const Chunk& c, const char* b, size_t* m) { return write_chunk(c, b, m, true); };
  return transfer(ep_, fd, static_cast<const char*>(buf), count, offset, kVfsPwriteChunk, op, done);
}

int VfsClient::lseek(int fd, int64_t offset, int whence, int64_t* pos) const {
  ClientRequest rq(VFS_LSEEK);
  rq.push(fd_word(fd));
  rq.push(static_cast<uint64_t>(offset));
  rq.push(static_cast<uint64_t>(whence));
  rq.idempotent = true;
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e == 0) *pos = static_cast<int64_t>(rp.get(0));
  return e;
}

int VfsClient::ftruncate(int fd, uint64_t length) const {
  ClientRequest rq(VFS_POSIX_FTRUNCATE);
  rq.push(fd_word(fd));
  rq.push(length);
  rq.idempotent = true;
  return vfs_call(ep_, rq);
}

int VfsClient::fsync(int fd) const {
  ClientRequest rq(VFS_FSYNC);
  rq.push(fd_word(fd));
  rq.idempotent = true;
  return vfs_call(ep_, rq);
}

// --- metadata ---------------------------------------------------------------------

int VfsClient::stat(lib::Str path, uapi::TronaStat* out) const {
  ClientRequest rq(VFS_POSIX_STAT);
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  return stat_call(ep_, rq, out);
}

int VfsClient::lstat(lib::Str path, uapi::TronaStat* out) const {
  ClientRequest rq(VFS_POSIX_LSTAT);
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  return stat_call(ep_, rq, out);
}

int VfsClient::fstat(int fd, uapi::TronaStat* out) const {
  ClientRequest rq(VFS_POSIX_FSTAT);
  rq.push(fd_word(fd));
  return stat_call(ep_, rq, out);
}

int VfsClient::access(lib::Str path, uint64_t mode) const {
  return path_op(ep_, VFS_POSIX_ACCESS, path, &mode, 1, true);
}

// --- names ------------------------------------------------------------------------

int VfsClient::unlink(lib::Str path) const { return path_op(ep_, VFS_POSIX_UNLINK, path); }

int VfsClient::rmdir(lib::Str path) const { return path_op(ep_, VFS_POSIX_RMDIR, path); }

int VfsClient::mkdir(lib::Str path, uint64_t mode) const { return path_op(ep_, VFS_POSIX_MKDIR, path, &mode, 1); }

int VfsClient::rename(lib::Str from, lib::Str to) const {
  ClientRequest rq(VFS_POSIX_RENAME);
  if (!push_two_paths(rq, from, to)) return uapi::kENAMETOOLONG;
  return vfs_call(ep_, rq);
}

int VfsClient::opendir(lib::Str path, int* dirfd) const {
  ClientRequest rq(VFS_POSIX_OPENDIR);
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e == 0) *dirfd = static_cast<int>(rp.get(0));
  return e;
}

int VfsClient::readdir(int dirfd, VfsDirent* out, bool* end) const {
  ClientRequest rq(VFS_POSIX_READDIR);
  rq.push(fd_word(dirfd));
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e != 0) return e;
  size_t len = rp.get(0);
  *end = len == 0;
  if (len == 0) return 0;
  if (len > kVfsPathMax || !take_bytes(rp, 4, out->name, len)) return uapi::kEIO;
  out->name[len] = '\0';
  out->name_len = len;
  out->ino = rp.get(2);
  out->type = static_cast<uint8_t>(rp.get(3));
  return 0;
}

// --- the *at family ------------------------------------------------------------

int VfsClient::openat(int dirfd, lib::Str path, uint64_t flags, uint64_t mode, int* fd) const {
  ClientRequest rq(VFS_POSIX_OPENAT);
  rq.push(fd_word(dirfd));
  rq.push(flags);
  rq.push(mode);
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e == 0) *fd = static_cast<int>(rp.get(0));
  return e;
}

int VfsClient::fstatat(int dirfd, lib::Str path, uint64_t at_flags, uapi::TronaStat* out) const {
  ClientRequest rq(VFS_POSIX_FSTATAT);
  rq.push(fd_word(dirfd));
  rq.push(at_flags);
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  return stat_call(ep_, rq, out);
}

int VfsClient::unlinkat(int dirfd, lib::Str path, uint64_t at_flags) const {
  const uint64_t args[] = {fd_word(dirfd), at_flags};
  return path_op(ep_, VFS_POSIX_UNLINKAT, path, args, 2);
}

int VfsClient::renameat(int from_dirfd, lib::Str from, int to_dirfd, lib::Str to) const {
  ClientRequest rq(VFS_POSIX_RENAMEAT);
  rq.push(fd_word(from_dirfd));
  rq.push(fd_word(to_dirfd));
  if (!push_two_paths(rq, from, to)) return uapi::kENAMETOOLONG;
  return vfs_call(ep_, rq);
}

int VfsClient::mkdirat(int dirfd, lib::Str path, uint64_t mode) const {
  const uint64_t args[] = {fd_word(dirfd), mode};
  return path_op(ep_, VFS_POSIX_MKDIRAT, path, args, 2);
}

int VfsClient::faccessat(int dirfd, lib::Str path, uint64_t mode, uint64_t at_flags) const {
  const uint64_t args[] = {fd_word(dirfd), mode, at_flags};
  return path_op(ep_, VFS_POSIX_FACCESSAT, path, args, 3, true);
}

int VfsClient::fchmodat(int dirfd, lib::Str path, uint64_t mode, uint64_t at_flags) const {
  const uint64_t args[] = {fd_word(dirfd), mode, at_flags};
  return path_op(ep_, VFS_POSIX_FCHMODAT, path, args, 3);
}

int VfsClient::fchownat(int dirfd, lib::Str path, uint64_t uid, uint64_t gid, uint64_t at_flags) const {
  const uint64_t args[] = {fd_word(dirfd), uid, gid, at_flags};
  return path_op(ep_, VFS_POSIX_FCHOWNAT, path, args, 4);
}

int VfsClient::linkat(int from_dirfd, lib::Str from, int to_dirfd, lib::Str to, uint64_t flags) const {
  ClientRequest rq(VFS_POSIX_LINKAT);
  rq.push(fd_word(from_dirfd));
  rq.push(fd_word(to_dirfd));
  rq.push(flags);
  if (!push_two_paths(rq, from, to)) return uapi::kENAMETOOLONG;
  return vfs_call(ep_, rq);
}

// Fixed layout: MR0 dirfd, MR1 target length, MR2..9 target, MR10 link
// length, MR11..18 link; 19 MRs.
int VfsClient::symlinkat(lib::Str target, int dirfd, lib::Str link) const {
  if (target.size > kVfsTwoPathMax || link.size > kVfsTwoPathMax) return uapi::kENAMETOOLONG;
  ClientRequest rq(VFS_POSIX_SYMLINKAT);
  rq.push(fd_word(dirfd));
  rq.push(target.size);
  push_bytes(rq, target.data, target.size);
  rq.length = 10;  // unused target words stay zero
  rq.push(link.size);
  push_bytes(rq, link.data, link.size);
  rq.length = 19;
  return vfs_call(ep_, rq);
}

int VfsClient::readlinkat(int dirfd, lib::Str path, char* buf, size_t size, size_t* len) const {
  ClientRequest rq(VFS_POSIX_READLINKAT);
  rq.push(fd_word(dirfd));
  if (!push_path(rq, path)) return uapi::kENAMETOOLONG;
  rq.idempotent = true;
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e != 0) return e;
  size_t n = rp.get(0);
  if (n > kVfsPathMax) return uapi::kEIO;
  size_t copied = min_size(n, size);
  if (!take_bytes(rp, 1, buf, copied)) return uapi::kEIO;
  *len = copied;
  return 0;
}

int VfsClient::utimensat(int dirfd, lib::Str path, const VfsTimes* times, uint64_t at_flags) const {
  const VfsTimes now{0, uapi::kUTIME_NOW, 0, uapi::kUTIME_NOW};
  const VfsTimes& t = times ? *times : now;
  const uint64_t args[] = {fd_word(dirfd),
                           at_flags,
                           static_cast<uint64_t>(t.atime_sec),
                           static_cast<uint64_t>(t.atime_nsec),
                           static_cast<uint64_t>(t.mtime_sec),
                           static_cast<uint64_t>(t.mtime_nsec)};
  return path_op(ep_, VFS_POSIX_UTIMENSAT, path, args, 6);
}

// --- bulk ---------------------------------------------------------------------

int VfsClient::bulk_setup(uint64_t shm_id, uint64_t pages) const {
  ClientRequest rq(VFS_BULK_SETUP);
  rq.push(shm_id);
  rq.push(pages);
  rq.idempotent = true;
  return vfs_call(ep_, rq);
}

int VfsClient::bulk_read(int fd, size_t count, uint64_t shm_offset, size_t* done) const {
  ClientRequest rq(VFS_BULK_READ);
  rq.push(fd_word(fd));
  rq.push(count);
  rq.push(shm_offset);
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e != 0) return e;
  if (rp.get(0) > count) return uapi::kEIO;
  *done = rp.get(0);
  return 0;
}

int VfsClient::bulk_pwrite(int fd, size_t count, uint64_t file_offset, uint64_t shm_offset, size_t* done) const {
  ClientRequest rq(VFS_BULK_PWRITE);
  rq.push(fd_word(fd));
  rq.push(count);
  rq.push(file_offset);
  rq.push(shm_offset);
  rq.idempotent = true;
  ClientReply rp;
  int e = vfs_call(ep_, rq, &rp);
  if (e != 0) return e;
  if (rp.get(0) > count) return uapi::kEIO;
  *done = rp.get(0);
  return 0;
}

}  // namespace trona
