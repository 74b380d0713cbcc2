// The bulk path of fs/vfs/vfs.h (VFS_BULK_SETUP / READ / PWRITE): a client
// names an SHM segment it created and mapped (up to 256 pages); the VFS
// maps it too and moves file data through it, 4 KiB at a time, instead of
// 144-byte messages. Regular files and devices only: a pipe, FIFO or
// socket is EINVAL (their blocking rules are the inline path's). The
// segment id space is mmsrv's and global: a client may name any segment,
// which gives it nothing it could not map itself.
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr uint64_t kMaxWindowPages = 256;
constexpr size_t kStep = 4096;

bool fits(const Client& c, uint64_t offset, size_t count) {
  return c.bulk_shm != 0 && offset <= c.bulk_bytes && count <= c.bulk_bytes - offset;
}

}  // namespace

int Vfs::bulk_setup(Client& c, uint64_t shm_id, uint64_t pages) {
  if (shm_id == 0 || pages == 0 || pages > kMaxWindowPages) return uapi::kEINVAL;
  if (c.bulk_shm == shm_id && c.bulk_bytes == pages * kPageBytes) return 0;  // idempotent
  uint64_t va = 0;
  if (!ops_.map_window(shm_id, &va)) return uapi::kENOENT;
  if (c.bulk_shm) ops_.drop_window(c.bulk_shm, c.bulk_va);
  c.bulk_shm = shm_id;
  c.bulk_va = va;
  c.bulk_bytes = pages * kPageBytes;
  return 0;
}

int Vfs::bulk_read(Client& c, int fd, size_t count, uint64_t shm_offset, size_t* done) {
  *done = 0;
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (!f->node || f->node->type == NodeType::kFifo) return uapi::kEINVAL;
  if (!fits(c, shm_offset, count)) return uapi::kEINVAL;
  char buf[kStep];
  while (*done < count) {
    const size_t want = count - *done < kStep ? count - *done : kStep;
    size_t got = 0;
    if (int e = read(c, fd, buf, want, -1, &got)) return *done > 0 ? 0 : e;
    ops_.copy_out(c.bulk_va + shm_offset + *done, buf, got);
    *done += got;
    if (got < want) break;
  }
  return 0;
}

int Vfs::bulk_pwrite(Client& c, int fd, size_t count, uint64_t file_offset, uint64_t shm_offset, size_t* done) {
  *done = 0;
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (f->pipe) return bulk_pipe_write(c, *f, count, file_offset, shm_offset, done);
  if (!f->node) return uapi::kEINVAL;
  const bool at_offset = file_offset == ~uint64_t{0};  // as VFS_WRITE: at the file offset, moving it
  if (!fits(c, shm_offset, count) || (!at_offset && file_offset > static_cast<uint64_t>(INT64_MAX)))
    return uapi::kEINVAL;
  char buf[kStep];
  while (*done < count) {
    const size_t n = count - *done < kStep ? count - *done : kStep;
    ops_.copy_in(buf, c.bulk_va + shm_offset + *done, n);
    size_t wrote = 0;
    const int64_t at = at_offset ? -1 : static_cast<int64_t>(file_offset + *done);
    if (int e = write(c, fd, buf, n, at, &wrote)) return *done > 0 ? 0 : e;
    *done += wrote;
    if (wrote < n) break;
  }
  return 0;
}

// A bulk write to a pipe or FIFO: up to PIPE_BUF bytes go in whole or wait
// (a longer one writes its first PIPE_BUF: POSIX allows the partial write),
// with the pipe rules of vfs_pipes.cpp. The bytes are taken from the window
// now: a write that waits keeps its own copy.
int Vfs::bulk_pipe_write(Client& c, OpenFile& f, size_t count, uint64_t file_offset, uint64_t shm_offset,
                         size_t* done) {
  if (file_offset != ~uint64_t{0}) return uapi::kESPIPE;
  if (!f.writable()) return uapi::kEBADF;
  if (!fits(c, shm_offset, count)) return uapi::kEINVAL;
  Pipe* p = f.pipe;
  if (p->readers == 0) return uapi::kEPIPE;
  const size_t n = count < kPipeBuf ? count : kPipeBuf;
  if (n == 0) return 0;
  if (p->space() >= n && !has_writer_waiting(p)) {
    char buf[kPipeBuf];
    ops_.copy_in(buf, c.bulk_va + shm_offset, n);
    *done = p->put(buf, n);
    pump(p);
    return 0;
  }
  if (f.flags & uapi::kO_NONBLOCK) return uapi::kEAGAIN;
  char* copy = static_cast<char*>(alloc_.allocate(n));
  if (!copy) return uapi::kENOMEM;
  ops_.copy_in(copy, c.bulk_va + shm_offset, n);
  int e = wait_for(Waiter::Kind::kWrite, c.badge, p, -1, true, 0, nullptr, 0);
  if (e != kDeferred) {
    alloc_.release(copy, n);
    return e;
  }
  Waiter* w = waiters_.back();
  w->big = copy;
  w->len = n;
  return kDeferred;
}

}  // namespace vfs
