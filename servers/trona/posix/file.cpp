// The POSIX file calls of trona/posix/file.h over trona::VfsClient (the
// *at family: file_at.cpp; DIR streams: dir_stream.cpp).
#include "trona/posix/file.h"
#include "trona/posix/termios.h"

#include "lib/span.h"
#include "trona/posix/errno.h"
#include "trona/posix/file_internal.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "trona/clients/procmgr_client.h"
#include "trona/clients/vfs_client.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

constexpr size_t kMaxTransfer = ~size_t{0} >> 1;  // what an ssize_t can report

mode_t current_umask() {
  ProcInfo info;
  if (ProcmgrClient().get_proc_info(0, &info) != 0) return kDefaultUmask;
  return static_cast<mode_t>(info.umask & 0777);
}

// The mode an open sends: umask-ed when the call may create the file.
mode_t open_mode(int flags, mode_t mode) { return (flags & uapi::kO_CREAT) != 0 ? detail::create_mode(mode) : 0; }

// The local checks of a data call: 0, or the errno to fail with.
int data_args_error(int fd, const void* buf, size_t count, off_t offset = 0) {
  if (fd < 0) return uapi::kEBADF;
  if (!buf && count != 0) return uapi::kEFAULT;
  if (offset < 0) return uapi::kEINVAL;
  return 0;
}

size_t clamp(size_t count) { return count < kMaxTransfer ? count : kMaxTransfer; }

ssize_t count_or_fail(int err, size_t done) { return result_or(err, static_cast<ssize_t>(done)); }

// A new fd from open/openat: one of /dev/ptmx gets its pty now, as Linux's
// ptmx_open does (the VFS cannot ask posix_ttysrv; trona/posix/termios.h).
int opened(const char* path, int err, int fd) {
  if (err != 0) return fail(err);
  size_t n = 0;
  while (path[n]) ++n;
  if (n >= 4 && path[n - 4] == 'p' && path[n - 3] == 't' && path[n - 2] == 'm' && path[n - 1] == 'x')
    if (int e = detail::open_pty_master(fd); e != 0) {
      close(fd);
      return fail(e);
    }
  return fd;
}

}  // namespace

mode_t detail::create_mode(mode_t mode) { return mode & 07777 & ~current_umask(); }

int detail::finish_stat(int err, const uapi::TronaStat& w, Stat* st) {
  if (err == 0) *st = stat_from_wire(w);
  return result(err);
}

using detail::create_mode;
using detail::finish_stat;

int open(const char* path, int flags, mode_t mode) {
  if (!path) return fail(uapi::kEFAULT);
  int fd = -1;
  int e = VfsClient().open(path, static_cast<uint64_t>(flags), open_mode(flags, mode), &fd);
  return opened(path, e, fd);
}

int openat(int dirfd, const char* path, int flags, mode_t mode) {
  if (!path) return fail(uapi::kEFAULT);
  if (dirfd < 0 && dirfd != uapi::kAT_FDCWD) return fail(uapi::kEBADF);
  int fd = -1;
  int e = VfsClient().openat(dirfd, path, static_cast<uint64_t>(flags), open_mode(flags, mode), &fd);
  return opened(path, e, fd);
}

int close(int fd) {
  if (fd < 0) return fail(uapi::kEBADF);
  detail::forget_tty(fd);
  return result(VfsClient().close(fd));
}

ssize_t read(int fd, void* buf, size_t count) {
  if (int e = data_args_error(fd, buf, count)) return fail<ssize_t>(e);
  size_t done = 0;
  int e = 0;
  if (detail::tty_read(fd, buf, count, 0, &done, &e)) return count_or_fail(e, done);
  if (!detail::bulk_read(fd, buf, clamp(count), &done, &e)) e = VfsClient().read(fd, buf, clamp(count), &done);
  if (e == uapi::kEREMOTEIO) detail::tty_read(fd, buf, count, e, &done, &e);  // a terminal: posix_ttysrv's
  return count_or_fail(e, done);
}

ssize_t write(int fd, const void* buf, size_t count) {
  if (int e = data_args_error(fd, buf, count)) return fail<ssize_t>(e);
  size_t done = 0;
  int e = 0;
  if (detail::tty_write(fd, buf, count, 0, &done, &e)) return count_or_fail(e, done);
  if (!detail::bulk_write(fd, buf, clamp(count), &done, &e)) e = VfsClient().write(fd, buf, clamp(count), &done);
  if (e == uapi::kEREMOTEIO) detail::tty_write(fd, buf, count, e, &done, &e);  // a terminal: posix_ttysrv's
  // Linux sends SIGPIPE with EPIPE (a write to a pipe nobody reads); the
  // VFS only answers, so the writer raises it on itself.
  if (e == uapi::kEPIPE) kill(static_cast<int>(getpid()), uapi::kSIGPIPE);
  return count_or_fail(e, done);
}

ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
  if (int e = data_args_error(fd, buf, count, offset)) return fail<ssize_t>(e);
  size_t done = 0;
  int e = VfsClient().pread(fd, buf, clamp(count), static_cast<uint64_t>(offset), &done);
  return count_or_fail(e, done);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  if (int e = data_args_error(fd, buf, count, offset)) return fail<ssize_t>(e);
  size_t done = 0;
  int e = VfsClient().pwrite(fd, buf, clamp(count), static_cast<uint64_t>(offset), &done);
  return count_or_fail(e, done);
}

off_t lseek(int fd, off_t offset, int whence) {
  if (fd < 0) return fail<off_t>(uapi::kEBADF);
  int64_t pos = 0;
  int e = VfsClient().lseek(fd, offset, whence, &pos);
  return result_or<off_t>(e, pos);
}

int ftruncate(int fd, off_t length) {
  if (fd < 0) return fail(uapi::kEBADF);
  if (length < 0) return fail(uapi::kEINVAL);
  return result(VfsClient().ftruncate(fd, static_cast<uint64_t>(length)));
}

int fsync(int fd) {
  if (fd < 0) return fail(uapi::kEBADF);
  return result(VfsClient().fsync(fd));
}

Stat stat_from_wire(const uapi::TronaStat& w) {
  Stat st{};
  uint64_t mode = w.mode;
  if ((mode & static_cast<uint64_t>(uapi::kS_IFMT)) == 0) mode |= (w.type & 0xF) << 12;  // DT_x << 12 == S_IFx
  st.st_ino = w.ino;
  st.st_mode = static_cast<uapi::mode_t_>(mode);
  st.st_nlink = w.nlink;
  st.st_uid = static_cast<uint32_t>(w.uid);
  st.st_gid = static_cast<uint32_t>(w.gid);
  st.st_size = static_cast<int64_t>(w.size);
  st.st_mtim = {w.mtime / 1'000'000'000, w.mtime % 1'000'000'000};
  st.st_atim = st.st_mtim;
  st.st_ctim = st.st_mtim;
  st.st_blksize = 4096;
  st.st_blocks = static_cast<int64_t>((w.size + 511) / 512);
  return st;
}

int stat(const char* path, Stat* st) {
  if (!path || !st) return fail(uapi::kEFAULT);
  uapi::TronaStat w{};
  return finish_stat(VfsClient().stat(path, &w), w, st);
}

int lstat(const char* path, Stat* st) {
  if (!path || !st) return fail(uapi::kEFAULT);
  uapi::TronaStat w{};
  return finish_stat(VfsClient().lstat(path, &w), w, st);
}

int fstat(int fd, Stat* st) {
  if (fd < 0) return fail(uapi::kEBADF);
  if (!st) return fail(uapi::kEFAULT);
  uapi::TronaStat w{};
  return finish_stat(VfsClient().fstat(fd, &w), w, st);
}

int access(const char* path, int mode) {
  if (!path) return fail(uapi::kEFAULT);
  if ((mode & ~(uapi::kR_OK | uapi::kW_OK | uapi::kX_OK)) != 0) return fail(uapi::kEINVAL);
  return result(VfsClient().access(path, static_cast<uint64_t>(mode)));
}

int unlink(const char* path) {
  if (!path) return fail(uapi::kEFAULT);
  return result(VfsClient().unlink(path));
}

int mkdir(const char* path, mode_t mode) {
  if (!path) return fail(uapi::kEFAULT);
  return result(VfsClient().mkdir(path, create_mode(mode)));
}

int rmdir(const char* path) {
  if (!path) return fail(uapi::kEFAULT);
  return result(VfsClient().rmdir(path));
}

int rename(const char* from, const char* to) {
  if (!from || !to) return fail(uapi::kEFAULT);
  return result(VfsClient().rename(from, to));
}

}  // namespace trona::posix
