// trona/posix/errno.h — errno of the POSIX layer and the helpers its
// wrappers end with (file.h, and the process/signal wrappers).
//
//   int close(int fd) {
//     return trona::posix::result(vfs.close(fd));   // 0, or -1 + errno
//   }
//
// Values are Linux errno numbers (uapi/linux_numbers.h), as every trona
// stub returns them. errno is process-local for now (trona/core/process_local.h):
// one value shared by the threads of a process. POSIX wants it per thread;
// that needs thread-local storage (a TLS block per TCB), which the runtime
// does not have yet. A thread reading errno right after its own failed call
// still sees its value unless another thread of the process failed in
// between (fibers switch only at syscalls).
#pragma once

#include <stdint.h>

namespace trona::posix {

// The calling process's errno.
int& errno_ref();

// errno = err; returns -1 (as R: int, long, ssize_t-like types).
template <class R = int>
inline R fail(int err) {
  errno_ref() = err;
  return static_cast<R>(-1);
}

// The end of a wrapper whose stub returned an errno (0 = success):
// 0 when err == 0, else -1 with errno = err.
inline int result(int err) { return err == 0 ? 0 : fail(err); }

// A value-or-error: `value` when err == 0, else -1 with errno = err.
template <class R>
inline R result_or(int err, R value) {
  return err == 0 ? value : fail<R>(err);
}

}  // namespace trona::posix
