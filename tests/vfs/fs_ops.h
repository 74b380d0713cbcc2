// tests/vfs/fs_ops.h — the calls a file-semantics row can make, one
// implementation per column: HostFs (the host kernel, host_fs.cpp) and
// SimFs (trona::posix in a simulated process, sim_fs.cpp). Every method
// returns its POSIX result (>= 0) or -errno; paths are relative to the
// row's scratch directory (the working directory when a row starts).
#pragma once

#include <string>
#include <vector>

namespace vfs_table {

// The stat fields the rows look at.
struct FsStat {
  unsigned long mode = 0, nlink = 0, size = 0, uid = 0, gid = 0, ino = 0;
};

// Who a step acts as (rows `as nobody`, steps `as root:` / `as nobody:`).
enum class Who { kRoot, kNobody };
inline constexpr unsigned kNobodyId = 65534;

struct FsOps {
  virtual ~FsOps() = default;

  // --- identity and the row's directory ---
  // Acts as `who` from now on (uid/gid, no supplementary groups); 0 or -errno.
  virtual long become(Who who) = 0;
  virtual unsigned uid() = 0;  // the acting (effective) ids
  virtual unsigned gid() = 0;
  // The absolute path of the row's scratch directory (getcwd results are
  // shown relative to it).
  virtual std::string scratch_root() = 0;

  // --- descriptors and data ---
  virtual long open(const std::string& path, long flags, long mode) = 0;
  virtual long openat(long dirfd, const std::string& path, long flags, long mode) = 0;
  virtual long close(long fd) = 0;
  virtual long read(long fd, std::string* out, long count) = 0;
  virtual long write(long fd, const std::string& data) = 0;
  virtual long pread(long fd, std::string* out, long count, long offset) = 0;
  virtual long pwrite(long fd, const std::string& data, long offset) = 0;
  virtual long lseek(long fd, long offset, long whence) = 0;
  virtual long ftruncate(long fd, long length) = 0;
  virtual long truncate(const std::string& path, long length) = 0;
  virtual long fsync(long fd) = 0;

  // --- metadata ---
  virtual long stat(const std::string& path, FsStat* st) = 0;
  virtual long lstat(const std::string& path, FsStat* st) = 0;
  virtual long fstat(long fd, FsStat* st) = 0;
  virtual long fstatat(long dirfd, const std::string& path, FsStat* st, long flags) = 0;
  virtual long access(const std::string& path, long mode) = 0;
  virtual long faccessat(long dirfd, const std::string& path, long mode, long flags) = 0;
  virtual long chmod(const std::string& path, long mode) = 0;
  virtual long fchmod(long fd, long mode) = 0;
  virtual long fchmodat(long dirfd, const std::string& path, long mode, long flags) = 0;
  virtual long chown(const std::string& path, long uid, long gid) = 0;
  virtual long fchown(long fd, long uid, long gid) = 0;
  virtual long lchown(const std::string& path, long uid, long gid) = 0;
  virtual long utimensat(long dirfd, const std::string& path, long atime_nsec, long mtime_nsec, long flags) = 0;
  virtual long umask(long mask) = 0;

  // --- names ---
  virtual long unlink(const std::string& path) = 0;
  virtual long unlinkat(long dirfd, const std::string& path, long flags) = 0;
  virtual long mkdir(const std::string& path, long mode) = 0;
  virtual long mkdirat(long dirfd, const std::string& path, long mode) = 0;
  virtual long rmdir(const std::string& path) = 0;
  virtual long rename(const std::string& from, const std::string& to) = 0;
  virtual long renameat(long from_dirfd, const std::string& from, long to_dirfd, const std::string& to) = 0;
  virtual long link(const std::string& from, const std::string& to) = 0;
  virtual long linkat(long from_dirfd, const std::string& from, long to_dirfd, const std::string& to,
                      long flags) = 0;
  virtual long symlink(const std::string& target, const std::string& link) = 0;
  virtual long symlinkat(const std::string& target, long dirfd, const std::string& link) = 0;
  virtual long readlink(const std::string& path, std::string* out) = 0;
  virtual long mkfifo(const std::string& path, long mode) = 0;
  // The names in a directory but "." and "..", sorted.
  virtual long readdir_all(const std::string& path, std::vector<std::string>* names) = 0;

  // --- the fd table and the working directory ---
  virtual long dup(long fd) = 0;
  virtual long dup2(long oldfd, long newfd) = 0;
  virtual long dup3(long oldfd, long newfd, long flags) = 0;
  virtual long pipe(long flags, long fds[2]) = 0;
  virtual long fcntl(long fd, long cmd, long arg) = 0;
  virtual long chdir(const std::string& path) = 0;
  virtual long fchdir(long fd) = 0;
  virtual long getcwd(std::string* out) = 0;
};

}  // namespace vfs_table
