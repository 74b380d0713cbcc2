// uapi/linux_numbers.h — errno, signal, open-flag and related numbers
// exchanged with servers. SaltyOS (basaltc) uses the Linux x86-64 values
// (spec/kernel-abi.md §3.0, §3.2), plus a few SaltyOS/BSD extras marked
// below.
//
// Every name is the Linux name with a `k` prefix (kEPERM, kO_CREAT, ...):
// the bare names are libc macros on the host, and the simulator build
// compiles these headers next to host headers. The X-macro lists let tests
// compare each value with the host's <errno.h>, <signal.h>, <fcntl.h>, ...
// (lists named *_SALTYOS hold the values that are not Linux's).
#pragma once

#include <stdint.h>

// errno (basaltc errno.h = Linux numbers).
#define UAPI_ERRNO_LINUX(X)                                                   \
  X(EPERM, 1) X(ENOENT, 2) X(ESRCH, 3) X(EINTR, 4) X(EIO, 5) X(ENXIO, 6)      \
  X(E2BIG, 7) X(ENOEXEC, 8) X(EBADF, 9) X(ECHILD, 10) X(EAGAIN, 11)           \
  X(EWOULDBLOCK, 11) X(ENOMEM, 12) X(EACCES, 13) X(EFAULT, 14) X(EBUSY, 16)   \
  X(EEXIST, 17) X(EXDEV, 18) X(ENODEV, 19) X(ENOTDIR, 20) X(EISDIR, 21)       \
  X(EINVAL, 22) X(ENFILE, 23) X(EMFILE, 24) X(ENOTTY, 25) X(EFBIG, 27)        \
  X(ENOSPC, 28) X(ESPIPE, 29) X(EROFS, 30) X(EMLINK, 31) X(EPIPE, 32)         \
  X(EDOM, 33) X(ERANGE, 34) X(EDEADLK, 35) X(ENAMETOOLONG, 36) X(ENOLCK, 37)  \
  X(ENOSYS, 38) X(ENOTEMPTY, 39) X(ELOOP, 40) X(ENODATA, 61) X(ETIME, 62)     \
  X(EPROTO, 71) X(EMULTIHOP, 72) X(EBADMSG, 74) X(EOVERFLOW, 75)              \
  X(EILSEQ, 84) X(ENOTSOCK, 88) X(EDESTADDRREQ, 89) X(EMSGSIZE, 90) X(EPROTOTYPE, 91)\
  X(ENOPROTOOPT, 92) X(EPROTONOSUPPORT, 93) X(ESOCKTNOSUPPORT, 94) X(EOPNOTSUPP, 95)      \
  X(ENOTSUP, 95) X(EAFNOSUPPORT, 97) X(EADDRINUSE, 98) X(EADDRNOTAVAIL, 99)   \
  X(ENETDOWN, 100) X(ENETUNREACH, 101) X(ENETRESET, 102)                      \
  X(ECONNABORTED, 103) X(ECONNRESET, 104) X(ENOBUFS, 105) X(EISCONN, 106)     \
  X(ENOTCONN, 107) X(ETIMEDOUT, 110) X(ECONNREFUSED, 111) X(EHOSTDOWN, 112)   \
  X(EHOSTUNREACH, 113) X(EALREADY, 114) X(EINPROGRESS, 115) X(ESTALE, 116)    \
  X(EREMOTEIO, 121)                                                            \
  X(ECANCELED, 125) X(EOWNERDEAD, 130) X(ENOTRECOVERABLE, 131)

// BSD extras of basaltc; their numbers are other errnos on Linux.
#define UAPI_ERRNO_SALTYOS(X) X(EFTYPE, 79) X(EAUTH, 80) X(ENEEDAUTH, 81)

// Signals (Linux numbering).
#define UAPI_SIGNALS_LINUX(X)                                                  \
  X(SIGHUP, 1) X(SIGINT, 2) X(SIGQUIT, 3) X(SIGILL, 4) X(SIGTRAP, 5)           \
  X(SIGABRT, 6) X(SIGBUS, 7) X(SIGFPE, 8) X(SIGKILL, 9) X(SIGUSR1, 10)         \
  X(SIGSEGV, 11) X(SIGUSR2, 12) X(SIGPIPE, 13) X(SIGALRM, 14) X(SIGTERM, 15)   \
  X(SIGSTKFLT, 16) X(SIGCHLD, 17) X(SIGCONT, 18) X(SIGSTOP, 19) X(SIGTSTP, 20) \
  X(SIGTTIN, 21) X(SIGTTOU, 22) X(SIGURG, 23) X(SIGXCPU, 24) X(SIGXFSZ, 25)    \
  X(SIGVTALRM, 26) X(SIGPROF, 27) X(SIGWINCH, 28) X(SIGIO, 29) X(SIGPWR, 30)   \
  X(SIGSYS, 31)

// NSIG is 32 on SaltyOS (signals 1..31, no real-time signals).
#define UAPI_SIGNALS_SALTYOS(X) X(NSIG, 32)

// Flag and option numbers (Linux x86-64 values).
#define UAPI_FLAGS_LINUX(X)                                                    \
  /* open(2) */                                                                \
  X(O_RDONLY, 0) X(O_WRONLY, 1) X(O_RDWR, 2) X(O_ACCMODE, 3) X(O_CREAT, 0x40)  \
  X(O_EXCL, 0x80) X(O_NOCTTY, 0x100) X(O_TRUNC, 0x200) X(O_APPEND, 0x400)      \
  X(O_NONBLOCK, 0x800) X(O_DIRECTORY, 0x10000) X(O_NOFOLLOW, 0x20000)          \
  X(O_CLOEXEC, 0x80000) X(O_PATH, 0x200000)                                   \
  /* *at() */                                                                  \
  X(AT_FDCWD, -100) X(AT_SYMLINK_NOFOLLOW, 0x100) X(AT_REMOVEDIR, 0x200)       \
  X(AT_SYMLINK_FOLLOW, 0x400) X(AT_EMPTY_PATH, 0x1000)                         \
  X(UTIME_NOW, (1 << 30) - 1) X(UTIME_OMIT, (1 << 30) - 2)                     \
  /* access(2), lseek(2) */                                                    \
  X(F_OK, 0) X(X_OK, 1) X(W_OK, 2) X(R_OK, 4)                                  \
  X(SEEK_SET, 0) X(SEEK_CUR, 1) X(SEEK_END, 2)                                 \
  /* fcntl(2) */                                                               \
  X(F_DUPFD, 0) X(F_GETFD, 1) X(F_SETFD, 2) X(F_GETFL, 3) X(F_SETFL, 4)        \
  X(F_DUPFD_CLOEXEC, 1030) X(FD_CLOEXEC, 1)                                    \
  /* mmap(2) */                                                                \
  X(PROT_NONE, 0) X(PROT_READ, 1) X(PROT_WRITE, 2) X(PROT_EXEC, 4)             \
  X(MAP_SHARED, 1) X(MAP_PRIVATE, 2) X(MAP_FIXED, 0x10) X(MAP_ANONYMOUS, 0x20) \
  X(MS_ASYNC, 1) X(MS_INVALIDATE, 2) X(MS_SYNC, 4)                             \
  /* poll(2), epoll(7) */                                                      \
  X(POLLIN, 1) X(POLLPRI, 2) X(POLLOUT, 4) X(POLLERR, 8) X(POLLHUP, 0x10)      \
  X(POLLNVAL, 0x20) X(EPOLL_CTL_ADD, 1) X(EPOLL_CTL_DEL, 2)                    \
  X(EPOLL_CTL_MOD, 3) X(EPOLLIN, 1) X(EPOLLOUT, 4) X(EPOLLERR, 8)              \
  X(EPOLLHUP, 0x10)                                                            \
  /* sockets */                                                                \
  X(AF_UNSPEC, 0) X(AF_UNIX, 1) X(AF_INET, 2) X(SOCK_STREAM, 1)                \
  X(SOCK_DGRAM, 2) X(SOCK_RAW, 3) X(SHUT_RD, 0) X(SHUT_WR, 1) X(SHUT_RDWR, 2)  \
  /* terminal ioctls */                                                        \
  X(TIOCSCTTY, 0x540E) X(TIOCGPGRP, 0x540F) X(TIOCSPGRP, 0x5410)               \
  X(TIOCGWINSZ, 0x5413) X(TIOCNOTTY, 0x5422) X(TCGETS, 0x5401)                \
  X(TCSETS, 0x5402) X(TCSETSW, 0x5403) X(TCSETSF, 0x5404) X(TIOCOUTQ, 0x5411)  \
  X(TIOCSWINSZ, 0x5414) X(FIONREAD, 0x541B) X(TIOCGSID, 0x5429)                \
  X(TIOCGPTN, 0x80045430) X(TIOCSPTLCK, 0x40045431)                            \
  /* wait(2) options */                                                        \
  X(WNOHANG, 1) X(WUNTRACED, 2) X(WCONTINUED, 8)                               \
  /* sigaction(2), sigprocmask(2) */                                           \
  X(SIG_BLOCK, 0) X(SIG_UNBLOCK, 1) X(SIG_SETMASK, 2) X(SA_NOCLDSTOP, 1)       \
  X(SA_SIGINFO, 4) X(SA_RESTART, 0x10000000) X(SA_NODEFER, 0x40000000)         \
  /* getrlimit(2), setitimer(2) */                                             \
  X(RLIMIT_CPU, 0) X(RLIMIT_FSIZE, 1) X(RLIMIT_DATA, 2) X(RLIMIT_STACK, 3)     \
  X(RLIMIT_CORE, 4) X(RLIMIT_NPROC, 6) X(RLIMIT_NOFILE, 7) X(RLIMIT_AS, 9)     \
  X(ITIMER_REAL, 0) X(ITIMER_VIRTUAL, 1) X(ITIMER_PROF, 2)                     \
  /* unshare(2) */                                                             \
  X(CLONE_NEWNS, 0x00020000)                                                   \
  /* file type bits of st_mode */                                              \
  X(S_IFMT, 0170000) X(S_IFIFO, 0010000) X(S_IFCHR, 0020000)                   \
  X(S_IFDIR, 0040000) X(S_IFBLK, 0060000) X(S_IFREG, 0100000)                  \
  X(S_IFLNK, 0120000) X(S_IFSOCK, 0140000)                                     \
  /* dirent d_type */                                                          \
  X(DT_UNKNOWN, 0) X(DT_FIFO, 1) X(DT_CHR, 2) X(DT_DIR, 4) X(DT_BLK, 6)        \
  X(DT_REG, 8) X(DT_LNK, 10) X(DT_SOCK, 12)

// SaltyOS-specific flags and numbers without a Linux counterpart.
#define UAPI_FLAGS_SALTYOS(X)                                                  \
  X(MAP_LAZY, 0x40) /* Linux uses 0x40 for MAP_32BIT */                        \
  X(FBIOGET_VSCREENINFO, 0x4600) X(FBIOGET_FSCREENINFO, 0x4602)                \
  X(SIG_DFL, 0) X(SIG_IGN, 1) X(RLIMIT_NLIMITS, 16)

#define UAPI_DETAIL_INT(name, value) inline constexpr int k##name = value;
#define UAPI_DETAIL_FLAG(name, value) inline constexpr int64_t k##name = value;

namespace uapi {

UAPI_ERRNO_LINUX(UAPI_DETAIL_INT)
UAPI_ERRNO_SALTYOS(UAPI_DETAIL_INT)
UAPI_SIGNALS_LINUX(UAPI_DETAIL_INT)
UAPI_SIGNALS_SALTYOS(UAPI_DETAIL_INT)
UAPI_FLAGS_LINUX(UAPI_DETAIL_FLAG)
UAPI_FLAGS_SALTYOS(UAPI_DETAIL_FLAG)

// Wait status encoding (Linux style): low 7 bits = terminating signal,
// bits 15:8 = exit code, low byte 0x7f = stopped (stop signal in 15:8),
// 0xffff = continued.
constexpr int wait_status_exited(int code) { return (code & 0xff) << 8; }
constexpr int wait_status_signaled(int sig) { return sig & 0x7f; }
constexpr int wait_status_stopped(int sig) { return ((sig & 0xff) << 8) | 0x7f; }
inline constexpr int kWaitStatusContinued = 0xffff;

constexpr bool w_ifexited(int status) { return (status & 0x7f) == 0; }
constexpr int w_exitstatus(int status) { return (status >> 8) & 0xff; }
constexpr bool w_ifsignaled(int status) { return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f; }
constexpr int w_termsig(int status) { return status & 0x7f; }
constexpr bool w_ifstopped(int status) { return (status & 0xff) == 0x7f; }
constexpr int w_stopsig(int status) { return w_exitstatus(status); }
constexpr bool w_ifcontinued(int status) { return status == kWaitStatusContinued; }

}  // namespace uapi

#undef UAPI_DETAIL_INT
#undef UAPI_DETAIL_FLAG
