// The bulk path of the POSIX file calls (file_internal.h): a read or write
// of more than kBulkMin bytes on a regular file or device moves through the
// process's bulk window — an SHM segment (mmsrv MM_SHM_CREATE, id
// pid | 0x42_0000_0000, 256 pages, as kernel-abi.md §3.2) mapped here and
// registered with the VFS (VFS_BULK_SETUP) on first use — in steps of the
// window, one message each,
// instead of 144/152-byte messages. When the window cannot be made (no
// mmsrv, the segments are all taken) or the VFS refuses the file (a pipe,
// socket: INVALID_ARGUMENT), the inline path is used. Writes over 144 bytes
// (one inline message) take it too, so a pipe write of up to PIPE_BUF
// (4096) bytes arrives whole; reads over 512. The VFS
// destroys the segment when the process ends; a forked child makes its
// own (fork_to forgets the parent's).
#include "trona/clients/mmsrv_client.h"
#include "trona/clients/procmgr_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/core/memory.h"
#include "trona/core/process_local.h"
#include "trona/core/syscall.h"
#include "trona/posix/file_internal.h"
#include "uapi/linux_numbers.h"

namespace trona::posix::detail {

namespace {

// kernel-abi.md §3.2: shm_id = pid | 0x42_0000_0000, 256 pages (1 MiB;
// frames appear on first touch).
constexpr uint64_t kBulkShmTag = 0x42'0000'0000;
constexpr uint64_t kWindowPages = 256;
constexpr size_t kWindowBytes = kWindowPages * 4096;

struct BulkWindow {
  bool tried, ok;
  uint64_t va;
  int busy;  // one transfer at a time: the threads of a process share the window
};

// Holds the window for one transfer (threads take turns; a waiting thread
// yields the CPU).
class Hold {
 public:
  explicit Hold(BulkWindow& w) : w_(w) {
    while (__atomic_exchange_n(&w_.busy, 1, __ATOMIC_ACQUIRE) != 0) trona::yield();
  }
  ~Hold() { __atomic_store_n(&w_.busy, 0, __ATOMIC_RELEASE); }
  Hold(const Hold&) = delete;
  Hold& operator=(const Hold&) = delete;

 private:
  BulkWindow& w_;
};

BulkWindow* window() {
  BulkWindow& w = process_local<BulkWindow>();
  if (w.tried) return w.ok ? &w : nullptr;
  w.tried = true;
  uint64_t pid = 0;
  if (ProcmgrClient().getpid(&pid) != 0) return nullptr;
  const uint64_t id = kBulkShmTag | pid;
  MmsrvClient mm;
  // EEXIST: this process's segment from before an exec (the VFS still has it).
  int e = mm.shm_create(id, kWindowPages);
  if (e != 0 && e != uapi::kEEXIST) return nullptr;
  if (mm.shm_map(id, 0, 0, uapi::kPROT_READ | uapi::kPROT_WRITE, &w.va) != 0) return nullptr;
  if (VfsClient().bulk_setup(id, kWindowPages) != 0) {
    mm.shm_unmap(id, 0, w.va);
    mm.shm_destroy(id);
    return nullptr;
  }
  w.ok = true;
  return &w;
}

}  // namespace

void forget_bulk_window() { process_local<BulkWindow>() = BulkWindow{}; }

bool bulk_read(int fd, void* buf, size_t count, size_t* done, int* err) {
  if (count <= kBulkMin) return false;
  BulkWindow* w = window();
  if (!w) return false;
  Hold hold(*w);
  *done = 0;
  *err = 0;
  auto* out = static_cast<char*>(buf);
  while (*done < count) {
    const size_t n = count - *done < kWindowBytes ? count - *done : kWindowBytes;
    size_t got = 0;
    int e = VfsClient().bulk_read(fd, n, 0, &got);
    if (e == uapi::kEINVAL && *done == 0) return false;  // not a file for the bulk path
    if (e != 0) {
      if (*done == 0) *err = e;
      return true;
    }
    copy_from_va(out + *done, w->va, got);
    *done += got;
    if (got < n) break;
  }
  return true;
}

bool bulk_write(int fd, const void* buf, size_t count, size_t* done, int* err) {
  // Over one inline message: a pipe write of up to PIPE_BUF bytes must be atomic.
  if (count <= kBulkMinWrite) return false;
  BulkWindow* w = window();
  if (!w) return false;
  Hold hold(*w);
  *done = 0;
  *err = 0;
  const auto* in = static_cast<const char*>(buf);
  while (*done < count) {
    const size_t n = count - *done < kWindowBytes ? count - *done : kWindowBytes;
    copy_to_va(w->va, in + *done, n);
    size_t wrote = 0;
    int e = VfsClient().bulk_write(fd, n, 0, &wrote);
    if (e == uapi::kEINVAL && *done == 0) return false;
    if (e != 0) {
      if (*done == 0) *err = e;
      return true;
    }
    *done += wrote;
    if (wrote == 0) break;  // (a pipe takes PIPE_BUF per message: go on)
  }
  return true;
}

}  // namespace trona::posix::detail
