// trona/posix/xattr.h: the path / l / f forms as one call each with
// at_flags (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH on the fd), after Linux's
// argument checks (EFAULT for null pointers, EINVAL for bad flags).
#include "trona/posix/xattr.h"

#include "lib/span.h"
#include "trona/clients/vfs_client.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

struct Target {
  int dirfd;
  const char* path;
  uint64_t at_flags;
};

Target by_path(const char* p, bool follow) {
  return {static_cast<int>(uapi::kAT_FDCWD), p, follow ? 0 : static_cast<uint64_t>(uapi::kAT_SYMLINK_NOFOLLOW)};
}
Target by_fd(int fd) { return {fd, "", static_cast<uint64_t>(uapi::kAT_EMPTY_PATH)}; }

int check(const Target& t, const char* name) {
  if (!t.path || !name) return uapi::kEFAULT;
  if (t.at_flags & uapi::kAT_EMPTY_PATH ? t.dirfd < 0 : t.path[0] == '\0') return t.dirfd < 0 ? uapi::kEBADF : uapi::kENOENT;
  return 0;
}

int set(const Target& t, const char* name, const void* value, size_t size, int flags) {
  if (int e = check(t, name)) return fail(e);
  if (size > 0 && !value) return fail(uapi::kEFAULT);
  if (flags & ~(kXATTR_CREATE | kXATTR_REPLACE)) return fail(uapi::kEINVAL);
  return result(VfsClient().setxattr(t.dirfd, t.path, t.at_flags, name, value, size, static_cast<uint64_t>(flags)));
}

long get(const Target& t, const char* name, void* value, size_t size) {
  if (int e = check(t, name)) return fail<long>(e);
  char buf[128];
  size_t n = 0;
  int e = VfsClient().getxattr(t.dirfd, t.path, t.at_flags, name, buf, sizeof buf, &n);
  if (e != 0) return fail<long>(e);
  if (size == 0) return static_cast<long>(n);  // the size needed
  if (n > size) return fail<long>(uapi::kERANGE);
  if (!value) return fail<long>(uapi::kEFAULT);
  __builtin_memcpy(value, buf, n);
  return static_cast<long>(n);
}

int remove(const Target& t, const char* name) {
  if (int e = check(t, name)) return fail(e);
  return result(VfsClient().removexattr(t.dirfd, t.path, t.at_flags, name));
}

long list(const Target& t, char* out, size_t size) {
  if (int e = check(t, "")) return fail<long>(e);
  char buf[152];
  size_t n = 0;
  int e = VfsClient().listxattr(t.dirfd, t.path, t.at_flags, buf, sizeof buf, &n);
  if (e != 0) return fail<long>(e);
  if (size == 0) return static_cast<long>(n);
  if (n > size) return fail<long>(uapi::kERANGE);
  if (!out) return fail<long>(uapi::kEFAULT);
  __builtin_memcpy(out, buf, n);
  return static_cast<long>(n);
}

}  // namespace

int setxattr(const char* p, const char* n, const void* v, size_t s, int f) { return set(by_path(p, true), n, v, s, f); }
int lsetxattr(const char* p, const char* n, const void* v, size_t s, int f) { return set(by_path(p, false), n, v, s, f); }
int fsetxattr(int fd, const char* n, const void* v, size_t s, int f) { return set(by_fd(fd), n, v, s, f); }
long getxattr(const char* p, const char* n, void* v, size_t s) { return get(by_path(p, true), n, v, s); }
long lgetxattr(const char* p, const char* n, void* v, size_t s) { return get(by_path(p, false), n, v, s); }
long fgetxattr(int fd, const char* n, void* v, size_t s) { return get(by_fd(fd), n, v, s); }
int removexattr(const char* p, const char* n) { return remove(by_path(p, true), n); }
int lremovexattr(const char* p, const char* n) { return remove(by_path(p, false), n); }
int fremovexattr(int fd, const char* n) { return remove(by_fd(fd), n); }
long listxattr(const char* p, char* l, size_t s) { return list(by_path(p, true), l, s); }
long llistxattr(const char* p, char* l, size_t s) { return list(by_path(p, false), l, s); }
long flistxattr(int fd, char* l, size_t s) { return list(by_fd(fd), l, s); }

}  // namespace trona::posix
