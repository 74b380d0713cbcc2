#include "trona/clients/vfs_client.h"

#include "trona/clients/vfs_client_internal.h"
#include "proto/vfs_client.h"
#include "trona/core/client.h"
#include "uapi/linux_numbers.h"
#include "uapi/status.h"
#include "uapi/vfs.h"

namespace trona {

namespace {

using namespace uapi::vfs;
using namespace proto::vfs;
using namespace vfs_detail;

static_assert(kVfsErrnoStatusBase == 0x5F00, "vfs.idl: errno_base 0x5F00");

template <class Reply>
void take_stat(const Reply& r, uapi::TronaStat* out) {
  *out = {r.ino, r.mode, r.nlink, r.size, r.uid, r.gid, r.mtime, r.type};
}

// A label whose reply is a TronaStat (STAT, LSTAT, FSTAT, FSTATAT).
template <class Op>
int stat_call(uint64_t ep, const typename Op::Request& m, uapi::TronaStat* out) {
  typename Op::Reply r;
  int e = call(ep, m, &r);
  if (e == 0) take_stat(r, out);
  return e;
}

// --- chunked data transfers ---------------------------------------------------

struct Chunk {
  uint64_t ep;
  int fd;
  uint64_t offset;  // file offset of this chunk (positional ops)
  size_t count;
};

// A READ/PREAD reply: more bytes than asked is EIO.
template <class Reply>
int take_read(const Reply& r, const Chunk& c, char* buf, size_t* moved) {
  if (r.data_len > c.count) return uapi::kEIO;
  __builtin_memcpy(buf, r.data_buf, r.data_len);
  *moved = r.data_len;
  return 0;
}

int read_chunk(const Chunk& c, char* buf, size_t* moved, bool positional) {
  int e;
  if (positional) {
    VfsPread::Reply r;
    e = call(c.ep, VfsPread::Request{.fd = fd_word(c.fd), .count = c.count, .offset = c.offset}, &r);
    return e != 0 ? e : take_read(r, c, buf, moved);
  }
  VfsRead::Reply r;
  e = call(c.ep, VfsRead::Request{.fd = fd_word(c.fd), .count = c.count}, &r);
  return e != 0 ? e : take_read(r, c, buf, moved);
}

int write_chunk(const Chunk& c, const char* buf, size_t* moved, bool positional) {
  const lib::Str data(buf, c.count);  // fits: count <= the label's chunk size
  uint64_t n = 0;
  int e;
  if (positional) {
    VfsPwrite::Reply r;
    e = call(c.ep, VfsPwrite::Request{.fd = fd_word(c.fd), .offset = c.offset, .data = data}, &r);
    n = r.written;
  } else {
    VfsWrite::Reply r;
    e = call(c.ep, VfsWrite::Request{.fd = fd_word(c.fd), .data = data}, &r);
    n = r.written;
  }
  if (e != 0) return e;
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
  if (!path_fits(2, path)) return uapi::kENAMETOOLONG;
  return fd_call<VfsPosixOpen>(ep_, {.mode = mode, .flags = flags, .path = path}, fd);
}

int VfsClient::close(int fd) const { return call(ep_, VfsClose::Request{.fd = fd_word(fd)}); }

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
  VfsLseek::Reply r;
  int e = call(ep_, VfsLseek::Request{.fd = fd_word(fd), .offset = offset, .whence = whence}, &r);
  if (e == 0) *pos = r.pos;
  return e;
}

int VfsClient::ftruncate(int fd, uint64_t length) const {
  return call(ep_, VfsPosixFtruncate::Request{.fd = fd_word(fd), .length = length});
}

int VfsClient::fsync(int fd) const { return call(ep_, VfsFsync::Request{.fd = fd_word(fd)}); }

// --- metadata ---------------------------------------------------------------------

int VfsClient::stat(lib::Str path, uapi::TronaStat* out) const {
  if (!path_fits(0, path)) return uapi::kENAMETOOLONG;
  return stat_call<VfsPosixStat>(ep_, {.path = path}, out);
}

int VfsClient::lstat(lib::Str path, uapi::TronaStat* out) const {
  if (!path_fits(0, path)) return uapi::kENAMETOOLONG;
  return stat_call<VfsPosixLstat>(ep_, {.path = path}, out);
}

int VfsClient::fstat(int fd, uapi::TronaStat* out) const {
  return stat_call<VfsPosixFstat>(ep_, {.fd = fd_word(fd)}, out);
}

int VfsClient::access(lib::Str path, uint64_t mode) const {
  if (!path_fits(1, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixAccess::Request{.mode = mode, .path = path});
}

// --- names ------------------------------------------------------------------------

int VfsClient::unlink(lib::Str path) const {
  if (!path_fits(0, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixUnlink::Request{.path = path});
}

int VfsClient::rmdir(lib::Str path) const {
  if (!path_fits(0, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixRmdir::Request{.path = path});
}

int VfsClient::mkdir(lib::Str path, uint64_t mode) const {
  if (!path_fits(1, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixMkdir::Request{.mode = mode, .path = path});
}

int VfsClient::rename(lib::Str from, lib::Str to) const {
  if (!paths_fit(0, from, to)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixRename::Request{.from = from, .to = to});
}

int VfsClient::opendir(lib::Str path, int* dirfd) const {
  if (!path_fits(0, path)) return uapi::kENAMETOOLONG;
  return fd_call<VfsPosixOpendir>(ep_, {.path = path}, dirfd);
}

// client=raw (vfs.idl): the end of the directory is a one-word reply,
// shorter than an entry's layout, so the reply is read here.
int VfsClient::readdir(int dirfd, VfsDirent* out, bool* end) const {
  ClientRequest rq(VFS_POSIX_READDIR);
  encode(VfsPosixReaddir::Request{.fd = fd_word(dirfd)}, rq.mr, &rq.length, rq.caps, &rq.cap_count);
  ClientReply rp;
  int e = raw_call(ep_, rq, &rp);
  if (e != 0) return e;
  VfsPosixReaddir::Reply r;
  decode(rp.mr, rp.length, &r);  // the fixed words read as 0 when absent; the name words are `rest`
  size_t len = r.name_len;
  *end = len == 0;
  if (len == 0) return 0;
  if (len > kVfsPathMax || words_for(len) > r.name_count) return uapi::kEIO;
  __builtin_memcpy(out->name, r.name, len);
  out->name[len] = '\0';
  out->name_len = len;
  out->ino = r.ino;
  out->type = static_cast<uint8_t>(r.type);
  return 0;
}

// --- the *at family ------------------------------------------------------------

int VfsClient::openat(int dirfd, lib::Str path, uint64_t flags, uint64_t mode, int* fd) const {
  if (!path_fits(3, path)) return uapi::kENAMETOOLONG;
  return fd_call<VfsPosixOpenat>(ep_, {.dirfd = fd_word(dirfd), .flags = flags, .mode = mode, .path = path}, fd);
}

int VfsClient::fstatat(int dirfd, lib::Str path, uint64_t at_flags, uapi::TronaStat* out) const {
  if (!path_fits(2, path)) return uapi::kENAMETOOLONG;
  return stat_call<VfsPosixFstatat>(ep_, {.dirfd = fd_word(dirfd), .at_flags = at_flags, .path = path}, out);
}

int VfsClient::unlinkat(int dirfd, lib::Str path, uint64_t at_flags) const {
  if (!path_fits(2, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixUnlinkat::Request{.dirfd = fd_word(dirfd), .at_flags = at_flags, .path = path});
}

int VfsClient::renameat(int from_dirfd, lib::Str from, int to_dirfd, lib::Str to) const {
  if (!paths_fit(2, from, to)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixRenameat::Request{
                       .from_dirfd = fd_word(from_dirfd), .to_dirfd = fd_word(to_dirfd), .from = from, .to = to});
}

int VfsClient::mkdirat(int dirfd, lib::Str path, uint64_t mode) const {
  if (!path_fits(2, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixMkdirat::Request{.dirfd = fd_word(dirfd), .mode = mode, .path = path});
}

int VfsClient::faccessat(int dirfd, lib::Str path, uint64_t mode, uint64_t at_flags) const {
  if (!path_fits(3, path)) return uapi::kENAMETOOLONG;
  return call(ep_,
              VfsPosixFaccessat::Request{.dirfd = fd_word(dirfd), .mode = mode, .at_flags = at_flags, .path = path});
}

int VfsClient::fchmodat(int dirfd, lib::Str path, uint64_t mode, uint64_t at_flags) const {
  if (!path_fits(3, path)) return uapi::kENAMETOOLONG;
  return call(ep_,
              VfsPosixFchmodat::Request{.dirfd = fd_word(dirfd), .mode = mode, .at_flags = at_flags, .path = path});
}

int VfsClient::fchownat(int dirfd, lib::Str path, uint64_t uid, uint64_t gid, uint64_t at_flags) const {
  if (!path_fits(4, path)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixFchownat::Request{
                       .dirfd = fd_word(dirfd), .uid = uid, .gid = gid, .at_flags = at_flags, .path = path});
}

int VfsClient::linkat(int from_dirfd, lib::Str from, int to_dirfd, lib::Str to, uint64_t flags) const {
  if (!paths_fit(3, from, to)) return uapi::kENAMETOOLONG;
  return call(ep_, VfsPosixLinkat::Request{.from_dirfd = fd_word(from_dirfd),
                                           .to_dirfd = fd_word(to_dirfd),
                                           .flags = flags,
                                           .from = from,
                                           .to = to});
}

// client=raw (vfs.idl): a fixed layout, MR0 dirfd, MR1 target length,
// MR2..9 target, MR10 link length, MR11..18 link; 19 MRs — the language
// packs strings back to back, not at fixed places.
int VfsClient::symlinkat(lib::Str target, int dirfd, lib::Str link) const {
  if (target.size > kVfsTwoPathMax || link.size > kVfsTwoPathMax) return uapi::kENAMETOOLONG;
  ClientRequest rq(VFS_POSIX_SYMLINKAT);
  rq.push(fd_word(dirfd));
  rq.push_inline(target);
  rq.length = 10;  // unused target words stay zero
  rq.push_inline(link);
  rq.length = 19;
  ClientReply rp;
  return raw_call(ep_, rq, &rp);
}

int VfsClient::readlinkat(int dirfd, lib::Str path, char* buf, size_t size, size_t* len) const {
  if (!path_fits(1, path)) return uapi::kENAMETOOLONG;
  VfsPosixReadlinkat::Reply r;
  int e = call(ep_, VfsPosixReadlinkat::Request{.dirfd = fd_word(dirfd), .path = path}, &r);
  if (e != 0) return e;
  size_t copied = min_size(r.target_len, size);
  __builtin_memcpy(buf, r.target_buf, copied);
  *len = copied;
  return 0;
}

int VfsClient::utimensat(int dirfd, lib::Str path, const VfsTimes* times, uint64_t at_flags) const {
  if (!path_fits(6, path)) return uapi::kENAMETOOLONG;
  const VfsTimes now{0, uapi::kUTIME_NOW, 0, uapi::kUTIME_NOW};
  const VfsTimes& t = times ? *times : now;
  return call(ep_, VfsPosixUtimensat::Request{.dirfd = fd_word(dirfd),
                                              .at_flags = at_flags,
                                              .atime_sec = t.atime_sec,
                                              .atime_nsec = t.atime_nsec,
                                              .mtime_sec = t.mtime_sec,
                                              .mtime_nsec = t.mtime_nsec,
                                              .path = path});
}

// --- bulk ---------------------------------------------------------------------

int VfsClient::bulk_setup(uint64_t shm_id, uint64_t pages) const {
  return call(ep_, VfsBulkSetup::Request{.shm_id = shm_id, .pages = pages});
}

int VfsClient::bulk_read(int fd, size_t count, uint64_t shm_offset, size_t* done) const {
  VfsBulkRead::Reply r;
  int e = call(ep_, VfsBulkRead::Request{.fd = fd_word(fd), .count = count, .shm_offset = shm_offset}, &r);
  if (e != 0) return e;
  if (r.done > count) return uapi::kEIO;
  *done = r.done;
  return 0;
}

int VfsClient::bulk_pwrite(int fd, size_t count, uint64_t file_offset, uint64_t shm_offset, size_t* done) const {
  VfsBulkPwrite::Reply r;
  int e = call(ep_,
               VfsBulkPwrite::Request{
                   .fd = fd_word(fd), .count = count, .file_offset = file_offset, .shm_offset = shm_offset},
               &r);
  if (e != 0) return e;
  if (r.done > count) return uapi::kEIO;
  *done = r.done;
  return 0;
}

int VfsClient::bulk_write(int fd, size_t count, uint64_t shm_offset, size_t* done) const {
  ClientRequest rq(VFS_BULK_PWRITE);  // idempotent stays false: a resend would write twice
  encode(VfsBulkPwrite::Request{.fd = fd_word(fd), .count = count, .file_offset = ~uint64_t{0}, .shm_offset = shm_offset},
         rq.mr, &rq.length, rq.caps, &rq.cap_count);
  ClientReply rp;
  int e = raw_call(ep_, rq, &rp);
  if (e != 0) return e;
  VfsBulkPwrite::Reply r;
  if (!decode(rp.mr, rp.length, &r) || r.done > count) return uapi::kEIO;
  *done = r.done;
  return 0;
}

}  // namespace trona
