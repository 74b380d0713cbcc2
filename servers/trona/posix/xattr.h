// trona/posix/xattr.h — extended attributes (Linux's <sys/xattr.h> calls)
// over the VFS. get/list with size 0 return the size needed (as Linux);
// failures return -1 with errno. Wire limits: names ≤ 32 bytes, set
// values ≤ 32 bytes (E2BIG), paths ≤ 64 bytes (48 for set).
//
//   trona::posix::setxattr("/tmp/f", "user.tag", "v1", 2, 0);
//   char v[16];
//   long n = trona::posix::getxattr("/tmp/f", "user.tag", v, sizeof v);
#pragma once

#include <stddef.h>

namespace trona::posix {

inline constexpr int kXATTR_CREATE = 1, kXATTR_REPLACE = 2;

int setxattr(const char* path, const char* name, const void* value, size_t size, int flags);
int lsetxattr(const char* path, const char* name, const void* value, size_t size, int flags);
int fsetxattr(int fd, const char* name, const void* value, size_t size, int flags);
long getxattr(const char* path, const char* name, void* value, size_t size);
long lgetxattr(const char* path, const char* name, void* value, size_t size);
long fgetxattr(int fd, const char* name, void* value, size_t size);
int removexattr(const char* path, const char* name);
int lremovexattr(const char* path, const char* name);
int fremovexattr(int fd, const char* name);
long listxattr(const char* path, char* list, size_t size);
long llistxattr(const char* path, char* list, size_t size);
long flistxattr(int fd, char* list, size_t size);

}  // namespace trona::posix
