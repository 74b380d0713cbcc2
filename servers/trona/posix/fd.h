// trona/posix/fd.h — the POSIX calls on the fd table and on metadata that
// file.h does not have: pipes, dup*, fcntl, isatty (fd.cpp); FIFOs, the
// working directory, modes, owners, links, truncate and times
// (file_meta.cpp). Failures return -1 (nullptr for getcwd) with errno
// (Linux numbers), as file.h.
//
//   int p[2];
//   trona::posix::pipe2(p, kO_CLOEXEC);
//   trona::posix::dup2(p[1], 1);
//
// Checked before any message, as Linux does: a null path or buffer
// (EFAULT), a negative fd (EBADF), flags a call does not take (EINVAL),
// dup3(fd, fd) (EINVAL), getcwd size 0 (EINVAL), an empty path
// (ENOENT), paths over the wire limits (ENAMETOOLONG). dup2(fd, fd)
// asks the server whether fd is open (F_GETFD) and returns fd.
// Wire gaps, filled on the client:
//   - mkfifoat: VFS_POSIX_MKFIFO takes no dirfd; AT_FDCWD or an absolute
//     path works, any other dirfd is ENOSYS;
//   - truncate: no label; open(O_WRONLY) + ftruncate + close;
//   - futimens: utimensat(fd, "", times, AT_EMPTY_PATH) on the wire.
// Freestanding: no STL, no heap.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "trona/posix/file.h"
#include "uapi/wire.h"

namespace trona::posix {

using uid_t = uint32_t;
using gid_t = uint32_t;
using timespec = uapi::Timespec;

// --- the fd table (fd.cpp) ---
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);  // O_NONBLOCK | O_CLOEXEC
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);  // 0 or O_CLOEXEC
// F_DUPFD, F_DUPFD_CLOEXEC (arg = the lowest fd), F_GETFD, F_SETFD
// (FD_CLOEXEC), F_GETFL, F_SETFL (O_APPEND | O_NONBLOCK); others EINVAL.
int fcntl(int fd, int cmd, long arg = 0);
// 1, or 0 with errno ENOTTY (EBADF for a closed fd).
int isatty(int fd);

// --- names, cwd, metadata (file_meta.cpp) ---
int mkfifo(const char* path, mode_t mode);
int mkfifoat(int dirfd, const char* path, mode_t mode);
int chdir(const char* path);
int fchdir(int fd);
// buf, or nullptr with errno ERANGE (too small), EINVAL (size 0), EFAULT
// (buf null: no allocating form).
char* getcwd(char* buf, size_t size);
int chmod(const char* path, mode_t mode);
int fchmod(int fd, mode_t mode);
int fchmodat(int dirfd, const char* path, mode_t mode, int flags);  // AT_SYMLINK_NOFOLLOW
// uid / gid (uid_t)-1: unchanged.
int chown(const char* path, uid_t uid, gid_t gid);
int lchown(const char* path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
int fchownat(int dirfd, const char* path, uid_t uid, gid_t gid, int flags);  // AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH
int link(const char* from, const char* to);
int linkat(int from_dirfd, const char* from, int to_dirfd, const char* to, int flags);  // AT_SYMLINK_FOLLOW
int symlink(const char* target, const char* link);
int symlinkat(const char* target, int dirfd, const char* link);
int truncate(const char* path, off_t length);
// times nullptr: both now; tv_nsec UTIME_NOW / UTIME_OMIT. path nullptr:
// dirfd itself (as Linux's utimensat).
int utimensat(int dirfd, const char* path, const timespec times[2], int flags);  // AT_SYMLINK_NOFOLLOW
int futimens(int fd, const timespec times[2]);

}  // namespace trona::posix
