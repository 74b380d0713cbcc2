// The *at family of trona/posix/file.h (openat is with open in file.cpp).
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
#include "trona/posix/file_internal.h"
#include "trona/clients/vfs_client.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

// An fd that can name a directory here: an open one, or AT_FDCWD.
bool bad_dirfd(int dirfd) { return dirfd < 0 && dirfd != uapi::kAT_FDCWD; }

// The checks every *at call makes before a message: 0 or the errno.
int at_args_error(int dirfd, const char* path, int flags, int allowed_flags) {
  if (!path) return uapi::kEFAULT;
  if (bad_dirfd(dirfd)) return uapi::kEBADF;
  if ((flags & ~allowed_flags) != 0) return uapi::kEINVAL;
  return 0;
}

uint64_t word(int v) { return static_cast<uint64_t>(v); }

}  // namespace

int fstatat(int dirfd, const char* path, Stat* st, int flags) {
  if (int e = at_args_error(dirfd, path, flags, uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH)) return fail(e);
  if (!st) return fail(uapi::kEFAULT);
  uapi::TronaStat w{};
  return detail::finish_stat(VfsClient().fstatat(dirfd, path, word(flags), &w), w, st);
}

int unlinkat(int dirfd, const char* path, int flags) {
  if (int e = at_args_error(dirfd, path, flags, uapi::kAT_REMOVEDIR)) return fail(e);
  return result(VfsClient().unlinkat(dirfd, path, word(flags)));
}

int mkdirat(int dirfd, const char* path, mode_t mode) {
  if (int e = at_args_error(dirfd, path, 0, 0)) return fail(e);
  return result(VfsClient().mkdirat(dirfd, path, detail::create_mode(mode)));
}

int renameat(int from_dirfd, const char* from, int to_dirfd, const char* to) {
  if (int e = at_args_error(from_dirfd, from, 0, 0)) return fail(e);
  if (int e = at_args_error(to_dirfd, to, 0, 0)) return fail(e);
  return result(VfsClient().renameat(from_dirfd, from, to_dirfd, to));
}

int faccessat(int dirfd, const char* path, int mode, int flags) {
  // AT_EACCESS (0x200): check with the effective ids.
  if (int e = at_args_error(dirfd, path, flags, uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH | 0x200)) return fail(e);
  if ((mode & ~(uapi::kR_OK | uapi::kW_OK | uapi::kX_OK)) != 0) return fail(uapi::kEINVAL);
  return result(VfsClient().faccessat(dirfd, path, word(mode), word(flags)));
}

ssize_t readlinkat(int dirfd, const char* path, char* buf, size_t size) {
  if (int e = at_args_error(dirfd, path, 0, 0)) return fail<ssize_t>(e);
  if (size == 0) return fail<ssize_t>(uapi::kEINVAL);
  if (!buf) return fail<ssize_t>(uapi::kEFAULT);
  size_t len = 0;
  int e = VfsClient().readlinkat(dirfd, path, buf, size, &len);
  return result_or(e, static_cast<ssize_t>(len));
}

ssize_t readlink(const char* path, char* buf, size_t size) {
  return readlinkat(static_cast<int>(uapi::kAT_FDCWD), path, buf, size);
}

}  // namespace trona::posix
