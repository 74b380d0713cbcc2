// DIR streams of trona/posix/file.h: a process-local table of open
// directory fds (VFS_POSIX_OPENDIR) and the entry readdir hands out.
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
#include "trona/core/process_local.h"
#include "trona/clients/vfs_client.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

struct DIR {
  bool used;
  int fd;
  dirent entry;
};

namespace {

struct DirTable {
  DIR streams[kMaxDirStreams];
};

DIR* free_stream() {
  for (DIR& d : process_local<DirTable>().streams)
    if (!d.used) return &d;
  return nullptr;
}

bool is_open_stream(const DIR* dir) {
  for (const DIR& d : process_local<DirTable>().streams)
    if (&d == dir) return d.used;
  return false;
}

}  // namespace

DIR* opendir(const char* path) {
  if (!path) return fail(uapi::kEFAULT), nullptr;
  DIR* d = free_stream();
  if (!d) return fail(uapi::kEMFILE), nullptr;
  int fd = -1;
  int e = VfsClient().opendir(path, &fd);
  if (e != 0) return fail(e), nullptr;
  *d = DIR{};
  d->used = true;
  d->fd = fd;
  return d;
}

dirent* readdir(DIR* dir) {
  if (!is_open_stream(dir)) return fail(uapi::kEBADF), nullptr;
  VfsDirent got;
  bool end = false;
  int e = VfsClient().readdir(dir->fd, &got, &end);
  if (e != 0) return fail(e), nullptr;
  if (end) return nullptr;
  dirent& out = dir->entry;
  out = dirent{};
  out.d_ino = got.ino;
  out.d_type = got.type;
  out.d_namlen = static_cast<uint16_t>(got.name_len);
  out.d_reclen = sizeof(dirent);
  __builtin_memcpy(out.d_name, got.name, got.name_len + 1);
  return &out;
}

int closedir(DIR* dir) {
  if (!is_open_stream(dir)) return fail(uapi::kEBADF);
  int e = VfsClient().close(dir->fd);
  dir->used = false;  // the stream is gone even if the server complained
  return result(e);
}

}  // namespace trona::posix
