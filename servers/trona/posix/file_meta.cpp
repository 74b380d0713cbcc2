// The name, working-directory and metadata calls of trona/posix/fd.h
// over trona::VfsClient.
#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file_internal.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

constexpr int kAtFdcwd = static_cast<int>(uapi::kAT_FDCWD);

bool bad_dirfd(int dirfd) { return dirfd < 0 && dirfd != kAtFdcwd; }

// The checks of a path call before a message: 0 or the errno. An empty
// path is ENOENT unless the call takes AT_EMPTY_PATH and has it.
int path_args_error(int dirfd, const char* path, int flags, int allowed_flags) {
  if (!path) return uapi::kEFAULT;
  if (bad_dirfd(dirfd)) return uapi::kEBADF;
  if ((flags & ~allowed_flags) != 0) return uapi::kEINVAL;
  if (path[0] == '\0' && (flags & uapi::kAT_EMPTY_PATH) == 0) return uapi::kENOENT;
  return 0;
}

char* fail_null(int err) {
  errno_ref() = err;
  return nullptr;
}

// tv_nsec in [0, 1e9), or UTIME_NOW / UTIME_OMIT.
bool bad_nsec(uint64_t ns) { return ns >= 1'000'000'000 && ns != uapi::kUTIME_NOW && ns != uapi::kUTIME_OMIT; }

uint64_t word(int v) { return static_cast<uint64_t>(v); }
// uid/gid (uid_t)-1 stays 0xFFFFFFFF on the wire (vfs.idl FCHOWN).
uint64_t id_word(uint32_t id) { return id; }

}  // namespace

int mkfifo(const char* path, mode_t mode) { return mkfifoat(kAtFdcwd, path, mode); }

int mkfifoat(int dirfd, const char* path, mode_t mode) {
  if (int e = path_args_error(dirfd, path, 0, 0)) return fail(e);
  if (dirfd != kAtFdcwd && path[0] != '/') return fail(uapi::kENOSYS);  // MKFIFO has no dirfd word
  return result(VfsClient().mkfifo(path, detail::create_mode(mode)));
}

int chdir(const char* path) {
  if (int e = path_args_error(kAtFdcwd, path, 0, 0)) return fail(e);
  return result(VfsClient().chdir(kAtFdcwd, path));
}

int fchdir(int fd) {
  if (fd < 0) return fail(uapi::kEBADF);
  return result(VfsClient().chdir(fd, ""));
}

char* getcwd(char* buf, size_t size) {
  if (!buf) return fail_null(uapi::kEFAULT);
  if (size == 0) return fail_null(uapi::kEINVAL);
  size_t len = 0;
  int e = VfsClient().getcwd(buf, size, &len);
  return e != 0 ? fail_null(e) : buf;
}

int chmod(const char* path, mode_t mode) { return fchmodat(kAtFdcwd, path, mode, 0); }

int fchmod(int fd, mode_t mode) {
  if (fd < 0) return fail(uapi::kEBADF);
  return result(VfsClient().fchmod(fd, mode & 07777));
}

int fchmodat(int dirfd, const char* path, mode_t mode, int flags) {
  if (int e = path_args_error(dirfd, path, flags, uapi::kAT_SYMLINK_NOFOLLOW)) return fail(e);
  return result(VfsClient().fchmodat(dirfd, path, mode & 07777, word(flags)));
}

int chown(const char* path, uid_t uid, gid_t gid) { return fchownat(kAtFdcwd, path, uid, gid, 0); }

int lchown(const char* path, uid_t uid, gid_t gid) {
  return fchownat(kAtFdcwd, path, uid, gid, uapi::kAT_SYMLINK_NOFOLLOW);
}

int fchown(int fd, uid_t uid, gid_t gid) {
  if (fd < 0) return fail(uapi::kEBADF);
  return result(VfsClient().fchown(fd, id_word(uid), id_word(gid)));
}

int fchownat(int dirfd, const char* path, uid_t uid, gid_t gid, int flags) {
  if (int e = path_args_error(dirfd, path, flags, uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH)) return fail(e);
  return result(VfsClient().fchownat(dirfd, path, id_word(uid), id_word(gid), word(flags)));
}

int link(const char* from, const char* to) { return linkat(kAtFdcwd, from, kAtFdcwd, to, 0); }

int linkat(int from_dirfd, const char* from, int to_dirfd, const char* to, int flags) {
  if (int e = path_args_error(from_dirfd, from, flags, uapi::kAT_SYMLINK_FOLLOW | uapi::kAT_EMPTY_PATH)) return fail(e);
  if (int e = path_args_error(to_dirfd, to, 0, 0)) return fail(e);
  return result(VfsClient().linkat(from_dirfd, from, to_dirfd, to, word(flags)));
}

int symlink(const char* target, const char* link) { return symlinkat(target, kAtFdcwd, link); }

int symlinkat(const char* target, int dirfd, const char* link) {
  if (int e = path_args_error(kAtFdcwd, target, 0, 0)) return fail(e);
  if (int e = path_args_error(dirfd, link, 0, 0)) return fail(e);
  return result(VfsClient().symlinkat(target, dirfd, link));
}

// No TRUNCATE label: open for writing, ftruncate, close.
int truncate(const char* path, off_t length) {
  if (int e = path_args_error(kAtFdcwd, path, 0, 0)) return fail(e);
  if (length < 0) return fail(uapi::kEINVAL);
  int fd = open(path, uapi::kO_WRONLY | uapi::kO_CLOEXEC);
  if (fd < 0) return -1;
  int e = VfsClient().ftruncate(fd, static_cast<uint64_t>(length));
  VfsClient().close(fd);
  return result(e);
}

int utimensat(int dirfd, const char* path, const timespec times[2], int flags) {
  if (!path) {  // Linux: the file dirfd itself
    if (dirfd < 0) return fail(uapi::kEBADF);
    path = "";
    flags |= uapi::kAT_EMPTY_PATH;
  }
  if (int e = path_args_error(dirfd, path, flags, uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH)) return fail(e);
  if (!times) return result(VfsClient().utimensat(dirfd, path, nullptr, word(flags)));
  if (bad_nsec(times[0].tv_nsec) || bad_nsec(times[1].tv_nsec)) return fail(uapi::kEINVAL);
  const VfsTimes t{static_cast<int64_t>(times[0].tv_sec), static_cast<int64_t>(times[0].tv_nsec),
                   static_cast<int64_t>(times[1].tv_sec), static_cast<int64_t>(times[1].tv_nsec)};
  return result(VfsClient().utimensat(dirfd, path, &t, word(flags)));
}

int futimens(int fd, const timespec times[2]) { return utimensat(fd, nullptr, times, 0); }

}  // namespace trona::posix
