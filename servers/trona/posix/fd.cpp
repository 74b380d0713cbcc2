// The fd-table calls of trona/posix/fd.h over trona::VfsClient.
#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/termios.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

int fd_or_fail(int err, int fd) { return result_or(err, fd); }

bool known_fcntl(int cmd) {
  switch (cmd) {
    case uapi::kF_DUPFD:
    case uapi::kF_DUPFD_CLOEXEC:
    case uapi::kF_GETFD:
    case uapi::kF_SETFD:
    case uapi::kF_GETFL:
    case uapi::kF_SETFL:
      return true;
    default:
      return false;
  }
}

}  // namespace

int pipe(int fds[2]) { return pipe2(fds, 0); }

int pipe2(int fds[2], int flags) {
  if (!fds) return fail(uapi::kEFAULT);
  if ((flags & ~(uapi::kO_NONBLOCK | uapi::kO_CLOEXEC)) != 0) return fail(uapi::kEINVAL);
  int r = -1, w = -1;
  int e = VfsClient().pipe(static_cast<uint64_t>(flags), &r, &w);
  if (e != 0) return fail(e);
  fds[0] = r;
  fds[1] = w;
  return 0;
}

int dup(int fd) {
  if (fd < 0) return fail(uapi::kEBADF);
  int out = -1;
  int e = VfsClient().dup(fd, &out);
  return fd_or_fail(e, out);
}

int dup2(int oldfd, int newfd) {
  if (oldfd < 0 || newfd < 0) return fail(uapi::kEBADF);
  if (oldfd == newfd) return fcntl(oldfd, uapi::kF_GETFD) < 0 ? -1 : newfd;  // Linux: newfd iff oldfd is open
  int out = -1;
  detail::forget_tty(newfd);
  int e = VfsClient().dup2(oldfd, newfd, &out);
  return fd_or_fail(e, out);
}

int dup3(int oldfd, int newfd, int flags) {
  if ((flags & ~uapi::kO_CLOEXEC) != 0) return fail(uapi::kEINVAL);
  if (oldfd == newfd) return fail(uapi::kEINVAL);
  if (oldfd < 0 || newfd < 0) return fail(uapi::kEBADF);
  int out = -1;
  detail::forget_tty(newfd);
  int e = VfsClient().dup3(oldfd, newfd, static_cast<uint64_t>(flags), &out);
  return fd_or_fail(e, out);
}

int fcntl(int fd, int cmd, long arg) {
  if (fd < 0) return fail(uapi::kEBADF);
  if (!known_fcntl(cmd)) return fail(uapi::kEINVAL);
  if ((cmd == uapi::kF_DUPFD || cmd == uapi::kF_DUPFD_CLOEXEC) && arg < 0) return fail(uapi::kEINVAL);
  uint64_t out = 0;
  if (cmd == uapi::kF_SETFL) detail::forget_tty(fd);  // O_NONBLOCK may have changed
  int e = VfsClient().fcntl(fd, static_cast<uint64_t>(cmd), static_cast<uint64_t>(arg), &out);
  return result_or(e, static_cast<int>(out));
}

int isatty(int fd) {
  if (fd < 0) return fail(uapi::kEBADF);
  bool tty = false;
  int e = VfsClient().isatty(fd, &tty);
  if (e == 0 && tty) return 1;
  errno_ref() = e != 0 ? e : uapi::kENOTTY;
  return 0;
}

}  // namespace trona::posix
