// trona/posix/file.h — the POSIX file layer: open/read/write/stat/... with
// POSIX signatures over the VFS stubs (trona/clients/vfs_client.h, endpoint
// SLOT_VFS_EP). Failures return -1 (nullptr for opendir/readdir) and set
// errno (trona/posix/errno.h; Linux numbers, process-local for now).
//
//   int fd = trona::posix::open("/tmp/log", kO_WRONLY | kO_CREAT, 0644);
//   trona::posix::write(fd, "hi\n", 3);
//   trona::posix::close(fd);
//
// Behaviour:
//   - create modes (open/openat with O_CREAT, mkdir) are masked with the
//     process's umask, read from procmgr (PM_GET_PROC_INFO MR10 — a read
//     that changes nothing, where PM_UMASK would have to set it); when
//     procmgr cannot be asked the POSIX default 022 applies;
//   - checked before any message: a null path or buffer (EFAULT), a
//     negative fd (EBADF), a negative offset/length (EINVAL), a path over
//     128 bytes (ENAMETOOLONG); everything else is the server's answer;
//   - read/write move data inline in chunks (152/144/136 bytes per
//     message) and stop at the first short chunk; the bulk SHM path of
//     kernel-abi.md §3.2 is not used yet (VfsClient has its stubs);
//   - struct stat is basaltc's (uapi::PosixStat) filled from the 8-word
//     stat block: st_mtim from the ns mtime, st_atim = st_ctim = st_mtim
//     (not on the wire), st_blksize 4096, st_blocks = ceil(size / 512),
//     S_IF* type bits from the DT_* type word when the mode lacks them;
//   - DIR streams live in a process-local table of kMaxDirStreams
//     (EMFILE beyond); closedir closes the directory fd with VFS_CLOSE.
// Freestanding: no STL, no heap.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/wire.h"

namespace trona::posix {

using ssize_t = long;
using off_t = int64_t;
using mode_t = uint32_t;
using Stat = uapi::PosixStat;    // struct stat
using dirent = uapi::Dirent;     // struct dirent
struct DIR;

inline constexpr size_t kMaxDirStreams = 16;
inline constexpr mode_t kDefaultUmask = 022;

int open(const char* path, int flags, mode_t mode = 0);
int openat(int dirfd, const char* path, int flags, mode_t mode = 0);
int close(int fd);
ssize_t read(int fd, void* buf, size_t count);
ssize_t write(int fd, const void* buf, size_t count);
ssize_t pread(int fd, void* buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset);
off_t lseek(int fd, off_t offset, int whence);
int ftruncate(int fd, off_t length);
int fsync(int fd);

int stat(const char* path, Stat* st);
int lstat(const char* path, Stat* st);
int fstat(int fd, Stat* st);
int access(const char* path, int mode);

int unlink(const char* path);
int mkdir(const char* path, mode_t mode);
int rmdir(const char* path);
int rename(const char* from, const char* to);

// The *at family: a relative path is taken from the directory `dirfd`
// (or the working directory for AT_FDCWD); file_at.cpp.
int fstatat(int dirfd, const char* path, Stat* st, int flags);  // AT_SYMLINK_NOFOLLOW
int unlinkat(int dirfd, const char* path, int flags);          // AT_REMOVEDIR
int mkdirat(int dirfd, const char* path, mode_t mode);
int renameat(int from_dirfd, const char* from, int to_dirfd, const char* to);
int faccessat(int dirfd, const char* path, int mode, int flags);
// Copies at most `size` bytes of the link target, no NUL; returns the count.
ssize_t readlinkat(int dirfd, const char* path, char* buf, size_t size);
ssize_t readlink(const char* path, char* buf, size_t size);

DIR* opendir(const char* path);
// The next entry (valid until the next readdir/closedir of `dir`), or
// nullptr at the end (errno unchanged) or on error (errno set).
dirent* readdir(DIR* dir);
int closedir(DIR* dir);

// The stat block as basaltc's struct stat (the conversion the stat calls use).
Stat stat_from_wire(const uapi::TronaStat& w);

}  // namespace trona::posix
