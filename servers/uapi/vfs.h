// uapi/vfs.h — labels of the VFS server (trona uapi/protocol/vfs.rs, era B).
//
// Numbers are those of spec/trona-protocol-labels.txt. Unused on purpose:
// 34 and 35 moved to posix.h (VFS_POSIX_ISATTY, VFS_POSIX_FCNTL); 45 and 46
// are retired (mmap moved to mmsrv); 74 was never assigned.
#pragma once

#include "uapi/label.h"

#define UAPI_VFS_LABELS(X)                \
  /* core file I/O */                     \
  X(VFS_POSIX_OPEN, 1)                    \
  X(VFS_READ, 2)                          \
  X(VFS_WRITE, 3)                         \
  X(VFS_CLOSE, 4)                         \
  X(VFS_POSIX_STAT, 5)                    \
  X(VFS_LSEEK, 6)                         \
  X(VFS_POSIX_FSTAT, 7)                   \
  X(VFS_POSIX_ACCESS, 8)                  \
  X(VFS_POSIX_UNLINK, 9)                  \
  X(VFS_POSIX_RENAME, 10)                 \
  X(VFS_POSIX_MKDIR, 11)                  \
  X(VFS_POSIX_RMDIR, 12)                  \
  X(VFS_POSIX_OPENDIR, 13)                \
  X(VFS_POSIX_READDIR, 14)                \
  X(VFS_POSIX_LSTAT, 15)                  \
  X(VFS_POSIX_POLL, 16)                   \
  X(VFS_POSIX_SHM_OPEN, 17)               \
  X(VFS_POSIX_SHM_UNLINK, 18)             \
  X(VFS_POSIX_FTRUNCATE, 19)              \
  /* sockets */                           \
  X(VFS_POSIX_SOCKET, 20)                 \
  X(VFS_POSIX_BIND, 21)                   \
  X(VFS_POSIX_LISTEN, 22)                 \
  X(VFS_POSIX_ACCEPT, 23)                 \
  X(VFS_POSIX_CONNECT, 24)                \
  X(VFS_POSIX_SENDMSG, 25)                \
  X(VFS_POSIX_RECVMSG, 26)                \
  X(VFS_POSIX_SOCKPAIR, 27)               \
  X(VFS_POSIX_SHUTDOWN, 28)               \
  X(VFS_POSIX_GETSOCKNAME, 66)            \
  X(VFS_POSIX_GETPEERNAME, 67)            \
  X(VFS_POSIX_SETSOCKOPT, 68)             \
  X(VFS_POSIX_GETSOCKOPT, 69)             \
  /* pipes, descriptors, fd table */      \
  X(VFS_POSIX_PIPE, 29)                   \
  X(VFS_POSIX_DUP, 30)                    \
  X(VFS_POSIX_DUP2, 31)                   \
  X(VFS_POSIX_CLONE_FDS, 32)              \
  X(VFS_POSIX_IOCTL, 33)                  \
  X(VFS_POSIX_DUP3, 43)                   \
  X(VFS_POSIX_MKFIFO, 44)                 \
  /* directory and path operations */     \
  X(VFS_POSIX_CHDIR, 36)                  \
  X(VFS_POSIX_GETCWD, 37)                 \
  X(VFS_POSIX_TCGETATTR, 38)              \
  X(VFS_POSIX_TCSETATTR, 39)              \
  /* *at() family */                      \
  X(VFS_POSIX_OPENAT, 47)                 \
  X(VFS_POSIX_FSTATAT, 48)                \
  X(VFS_POSIX_UNLINKAT, 49)               \
  X(VFS_POSIX_RENAMEAT, 50)               \
  X(VFS_POSIX_MKDIRAT, 51)                \
  X(VFS_POSIX_FACCESSAT, 52)              \
  X(VFS_POSIX_FCHMODAT, 53)               \
  X(VFS_POSIX_FCHOWNAT, 54)               \
  X(VFS_POSIX_LINKAT, 55)                 \
  X(VFS_POSIX_SYMLINKAT, 56)              \
  X(VFS_POSIX_READLINKAT, 57)             \
  X(VFS_POSIX_UTIMENSAT, 58)              \
  X(VFS_POSIX_FCHMOD, 59)                 \
  X(VFS_POSIX_FCHOWN, 60)                 \
  /* epoll */                             \
  X(VFS_POSIX_EPOLL_CREATE, 40)           \
  X(VFS_POSIX_EPOLL_CTL, 41)              \
  X(VFS_POSIX_EPOLL_WAIT, 42)             \
  /* bulk I/O, pagers, administration */  \
  X(VFS_CLIENT_EXIT, 61)                  \
  X(VFS_PREAD, 62)                        \
  X(VFS_PWRITE, 63)                       \
  X(VFS_BULK_SETUP, 64)                   \
  X(VFS_BULK_READ, 65)                    \
  X(VFS_BULK_PWRITE, 72)                  \
  X(VFS_BACKEND_PAGER_READ, 70)           \
  X(VFS_BACKEND_PAGER_WRITE, 71)          \
  X(VFS_BACKEND_RESOLVE_BACKING, 73)      \
  X(VFS_DUMP_PENDING, 75)                 \
  /* multi-user, xattr, mount, system */  \
  X(VFS_POSIX_STAT_FOR_EXEC, 76)          \
  X(VFS_FSYNC, 77)                        \
  X(VFS_GETXATTR, 78)                     \
  X(VFS_SETXATTR, 79)                     \
  X(VFS_REMOVEXATTR, 80)                  \
  X(VFS_LISTXATTR, 81)                    \
  X(VFS_MOUNT, 82)                        \
  X(VFS_UMOUNT, 83)                       \
  X(VFS_PIVOT_ROOT, 84)                   \
  X(VFS_CLIENT_REGISTER, 85)              \
  X(VFS_SYSCTL, 86)                       \
  X(VFS_POSIX_CANON_PATH, 87)             \
  X(VFS_WIN32_OPEN, 88)                   \
  X(VFS_POSIX_UNSHARE, 89)

namespace uapi::vfs {

UAPI_VFS_LABELS(UAPI_DEFINE_LABEL)

// Retired numbers the VFS endpoint must never reuse (34/35 are assigned
// in posix.h; posix.h checks the whole VFS endpoint domain).
inline constexpr Label kRetiredLabels[] = {45, 46};

}  // namespace uapi::vfs

namespace uapi::vfs::detail {
using namespace ::uapi::vfs;
UAPI_CHECK_LABEL_DOMAIN(UAPI_VFS_LABELS);
static_assert(::uapi::detail::avoids({UAPI_VFS_LABELS(UAPI_LABEL_VALUE)}, kRetiredLabels));
}  // namespace uapi::vfs::detail
