// trona/clients/vfs_client.h — typed IPC stubs of the VFS server, one per label
// with a wire format in kernel-abi.md §3.2 (numbers: uapi/vfs.h; layouts:
// servers/uapi/proto/vfs.idl, PROTOCOLS.md). The bodies are facades over
// the generated stubs (proto/vfs_client.h).
//
//   trona::VfsClient vfs;                        // SLOT_VFS_EP (4)
//   int fd;
//   int e = vfs.open("/etc/motd", kO_RDONLY, 0, &fd);
//   size_t got;
//   e = vfs.read(fd, buf, sizeof buf, &got);     // chunks of 152 bytes
//
// Every stub returns 0 or a Linux errno (trona/core/client.h). Conventions:
//   - the endpoint is SLOT_VFS_EP (4), the era-B well-known slot of
//     kernel-abi.md §2.9 (uapi/kernel_abi.h);
//   - fds travel as u32 (AT_FDCWD = 0xFFFFFF9C), the server sign-extends;
//   - paths are packed inline (≤ 128 bytes and within the 20-MR message;
//     two-path ops ≤ 64 bytes each; symlink targets ≤ 64): longer is
//     ENAMETOOLONG without a call;
//   - data is inline, little-endian, 8 bytes per MR: READ/PREAD ≤ 152
//     bytes per message, WRITE ≤ 144, PWRITE ≤ 136. read/write/pread/
//     pwrite loop over chunks and stop on a short transfer (or EOF); a
//     failure after some bytes moved returns 0 with the partial count;
//   - a reply status of RESTART is resent, always (as a transport
//     RESTART: server_call); INTERRUPTED is resent only for the idempotent
//     ops (stat/lstat/fstat/fstatat, access/faccessat, lseek, pread,
//     pwrite, readlinkat, fsync, ftruncate, bulk_setup, bulk_pwrite);
//   - errors beyond the TRONA_* codes (EISDIR, ENOTEMPTY, ...): a reply
//     status kVfsErrnoStatusBase + errno carries the Linux errno itself
//     (the range era C uses for error replies; servers/uapi/README.md).
// Freestanding: no STL, no heap.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "uapi/kernel_abi.h"
#include "uapi/wire.h"

namespace trona {

// Reply statuses kVfsErrnoStatusBase + e (e < 0x100) mean Linux errno e.
inline constexpr uint64_t kVfsErrnoStatusBase = 0x5F00;

// Limits of the VFS messages (kernel-abi.md §3.0, §3.2).
inline constexpr size_t kVfsMessageMrs = 20;
inline constexpr size_t kVfsPathMax = 128;
inline constexpr size_t kVfsTwoPathMax = 64;
inline constexpr size_t kVfsReadChunk = 152;
inline constexpr size_t kVfsWriteChunk = 144;
inline constexpr size_t kVfsPwriteChunk = 136;

// One READDIR answer.
struct VfsDirent {
  uint64_t ino = 0;
  uint8_t type = 0;  // DT_*
  size_t name_len = 0;
  char name[kVfsPathMax + 1] = {};  // NUL-terminated
};

struct VfsTimes {
  int64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec;  // uapi::kUTIME_NOW / kUTIME_OMIT in *_nsec
};

class VfsClient {
 public:
  explicit constexpr VfsClient(uint64_t endpoint = uapi::SLOT_VFS_EP) : ep_(endpoint) {}

  // --- descriptors and data ---
  // VFS_POSIX_OPEN: `mode` already umask-ed.
  int open(lib::Str path, uint64_t flags, uint64_t mode, int* fd) const;
  int close(int fd) const;
  // VFS_READ in chunks into buf[0..count); *done = bytes read (0 = EOF).
  int read(int fd, void* buf, size_t count, size_t* done) const;
  // VFS_WRITE in chunks; *done = bytes written.
  int write(int fd, const void* buf, size_t count, size_t* done) const;
  // VFS_PREAD / VFS_PWRITE at `offset` (the file offset is not moved).
  int pread(int fd, void* buf, size_t count, uint64_t offset, size_t* done) const;
  int pwrite(int fd, const void* buf, size_t count, uint64_t offset, size_t* done) const;
  // VFS_LSEEK: whence SEEK_SET/CUR/END; *pos = the new offset.
  int lseek(int fd, int64_t offset, int whence, int64_t* pos) const;
  int ftruncate(int fd, uint64_t length) const;
  int fsync(int fd) const;

  // --- metadata ---
  int stat(lib::Str path, uapi::TronaStat* out) const;
  int lstat(lib::Str path, uapi::TronaStat* out) const;
  int fstat(int fd, uapi::TronaStat* out) const;
  // mode: R_OK 4 | W_OK 2 | X_OK 1, or F_OK 0.
  int access(lib::Str path, uint64_t mode) const;

  // --- names ---
  int unlink(lib::Str path) const;
  int rmdir(lib::Str path) const;
  int mkdir(lib::Str path, uint64_t mode) const;
  int rename(lib::Str from, lib::Str to) const;
  // VFS_POSIX_OPENDIR: *dirfd = a directory stream for readdir.
  int opendir(lib::Str path, int* dirfd) const;
  // VFS_POSIX_READDIR: the next entry; *end = true (and *out untouched)
  // after the last one.
  int readdir(int dirfd, VfsDirent* out, bool* end) const;

  // --- the *at family (dirfd: an open directory or AT_FDCWD) ---
  int openat(int dirfd, lib::Str path, uint64_t flags, uint64_t mode, int* fd) const;
  int fstatat(int dirfd, lib::Str path, uint64_t at_flags, uapi::TronaStat* out) const;
  int unlinkat(int dirfd, lib::Str path, uint64_t at_flags) const;
  int renameat(int from_dirfd, lib::Str from, int to_dirfd, lib::Str to) const;
  int mkdirat(int dirfd, lib::Str path, uint64_t mode) const;
  int faccessat(int dirfd, lib::Str path, uint64_t mode, uint64_t at_flags) const;
  int fchmodat(int dirfd, lib::Str path, uint64_t mode, uint64_t at_flags) const;
  int fchownat(int dirfd, lib::Str path, uint64_t uid, uint64_t gid, uint64_t at_flags) const;
  int linkat(int from_dirfd, lib::Str from, int to_dirfd, lib::Str to, uint64_t flags) const;
  int symlinkat(lib::Str target, int dirfd, lib::Str link) const;
  // Copies min(target length, size) bytes (no NUL, as readlink); *len = copied.
  int readlinkat(int dirfd, lib::Str path, char* buf, size_t size, size_t* len) const;
  // times nullptr = both UTIME_NOW.
  int utimensat(int dirfd, lib::Str path, const VfsTimes* times, uint64_t at_flags) const;

  // --- the fd table, cwd, fd metadata (vfs_client_fds.cpp) ---
  // VFS_POSIX_PIPE: flags O_NONBLOCK | O_CLOEXEC; two fds of a new pipe.
  int pipe(uint64_t flags, int* read_fd, int* write_fd) const;
  // VFS_POSIX_DUP / DUP2 / DUP3 (flags 0 or O_CLOEXEC): *out = the new fd.
  int dup(int fd, int* out) const;
  int dup2(int oldfd, int newfd, int* out) const;
  int dup3(int oldfd, int newfd, uint64_t flags, int* out) const;
  // VFS_POSIX_FCNTL and VFS_POSIX_ISATTY (posix_vfs.idl: fd as u64, a
  // reply status RESTART is not resent, no errno statuses).
  int fcntl(int fd, uint64_t cmd, uint64_t arg, uint64_t* result) const;
  int isatty(int fd, bool* tty) const;
  // A terminal's posix_ttysrv id and the open file's flags (ENOTTY: not a terminal).
  int tty_of(int fd, uint64_t* id, uint64_t* flags) const;
  // VFS_POSIX_MKFIFO: `mode` already umask-ed.
  int mkfifo(lib::Str path, uint64_t mode) const;
  // VFS_POSIX_CHDIR: chdir is (AT_FDCWD, path), fchdir is (fd, "").
  int chdir(int dirfd, lib::Str path) const;
  // VFS_POSIX_GETCWD: the path and a NUL into buf[0..size); *len = the
  // path's length. A path that does not fit with its NUL is ERANGE.
  int getcwd(char* buf, size_t size, size_t* len) const;
  int fchmod(int fd, uint64_t mode) const;
  // uid / gid 0xFFFFFFFF: unchanged.
  int fchown(int fd, uint64_t uid, uint64_t gid) const;

  // --- bulk transfers through a shared-memory window ---
  // VFS_BULK_SETUP: the SHM segment `shm_id` (MM_SHM_CREATE'd, mapped by
  // the caller) of `pages` pages is the caller's window.
  int bulk_setup(uint64_t shm_id, uint64_t pages) const;
  // VFS_BULK_READ: up to `count` bytes at the file offset into the window
  // at `shm_offset`; *done = bytes.
  int bulk_read(int fd, size_t count, uint64_t shm_offset, size_t* done) const;
  // VFS_BULK_PWRITE: `count` bytes from the window at `shm_offset` to the
  // file at `file_offset`; *done = bytes.
  int bulk_pwrite(int fd, size_t count, uint64_t file_offset, uint64_t shm_offset, size_t* done) const;

  // --- poll and epoll (vfs_client_poll.cpp) ---
  // VFS_POSIX_POLL over fds[0..n) (n <= 16, else EINVAL): events in,
  // revents out; *ready = how many have events. timeout_ms < 0: no limit.
  int poll(uapi::PollFd* fds, size_t n, int64_t timeout_ms, size_t* ready) const;
  int epoll_create(uint64_t flags, int* fd) const;
  int epoll_ctl(int epfd, uint64_t op, int fd, uint64_t events, uint64_t data) const;
  // Up to min(max, 9) events into out; *count of them.
  int epoll_wait(int epfd, uapi::EpollEvent* out, size_t max, int64_t timeout_ms, size_t* count) const;

  // --- AF_UNIX sockets (vfs_client_socket.cpp); paths <= 64 bytes ---
  int socket(uint64_t domain, uint64_t type, uint64_t protocol, int* fd) const;
  int socketpair(uint64_t domain, uint64_t type, uint64_t protocol, int* fd0, int* fd1) const;
  int bind(int fd, lib::Str path) const;
  int listen(int fd, uint64_t backlog) const;
  int accept(int fd, uint64_t flags, int* out) const;
  int connect(int fd, lib::Str path) const;
  // Up to 112 bytes per message and 2 fds (SCM_RIGHTS); loops over chunks
  // of a longer buffer (without fds) and stops at a short send.
  int sendmsg(int fd, const void* data, size_t len, const int* fds, size_t nfds, uint64_t flags, size_t* sent) const;
  // Up to 128 bytes; *nfds fds received into fds[0..2).
  int recvmsg(int fd, void* buf, size_t len, uint64_t flags, size_t* got, int* fds, size_t* nfds) const;
  int shutdown(int fd, uint64_t how) const;
  // The bound (or the peer's) path, *len bytes (no NUL).
  int sockname(int fd, bool peer, char* path, size_t cap, size_t* len) const;
  int setsockopt(int fd, uint64_t level, uint64_t name, uint64_t value) const;
  int getsockopt(int fd, uint64_t level, uint64_t name, uint64_t* value) const;

  // --- extended attributes (vfs_client_xattr.cpp); at_flags
  // AT_SYMLINK_NOFOLLOW (l*), AT_EMPTY_PATH with an empty path (f*) ---
  // The value into buf[0..cap) (*len bytes); ERANGE when it does not fit.
  int getxattr(int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, void* buf, size_t cap, size_t* len) const;
  int setxattr(int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, const void* value, size_t size,
               uint64_t xflags) const;
  int removexattr(int dirfd, lib::Str path, uint64_t at_flags, lib::Str name) const;
  int listxattr(int dirfd, lib::Str path, uint64_t at_flags, char* buf, size_t cap, size_t* len) const;

  // --- mounts (vfs_client_mount.cpp): fstype ≤ 16 bytes, target ≤ 96 (128 to umount) ---
  // backend: the slot of a file-system server's endpoint (another fstype
  // than tmpfs), or lib::kNoCap.
  int mount(lib::Str fstype, lib::Str target, uint64_t flags, uint64_t backend = ~uint64_t{0}) const;
  int umount(lib::Str target, uint64_t flags) const;
  int unshare(uint64_t flags) const;  // VFS_POSIX_UNSHARE
  int pivot_root(lib::Str new_root, lib::Str put_old) const;  // VFS_PIVOT_ROOT, paths ≤ 64

  // --- POSIX shared memory (vfs_client_shm.cpp); names ≤ 64 bytes ---
  int shm_open(lib::Str name, uint64_t flags, uint64_t mode, int* fd) const;
  int shm_unlink(lib::Str name) const;
  // VFS_BACKEND_RESOLVE_BACKING: the SHM segment behind fd (ENODEV: none).
  int resolve_backing(int fd, bool shared_write, uint64_t* shm_id, uint64_t* size) const;
  // VFS_BACKEND_PAGER_WRITE: a MAP_SHARED range of the file in segment shm_id was written.
  int pager_write(uint64_t shm_id, uint64_t offset, uint64_t length) const;

  // VFS_BULK_PWRITE at the file offset (file_offset ~0), moving it as
  // write() does; sent without the idempotent resend.
  int bulk_write(int fd, size_t count, uint64_t shm_offset, size_t* done) const;

  uint64_t endpoint() const { return ep_; }

 private:
  uint64_t ep_;
};

}  // namespace trona
