// fs/vfs/files.h — open file descriptions, fd tables and clients.
//
// An OpenFile is POSIX's open file description: the offset and status
// flags shared by every fd that came from one open (dup, fork). A Client is
// one process as procmgr registered it (VFS_CLIENT_REGISTER) under the
// badge of its VFS cap: credentials, RLIMIT_NOFILE, the working directory
// and the fd table (FdSlot per fd number, FD_CLOEXEC per slot).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fs/vfs/creds.h"
#include "fs/vfs/node.h"
#include "fs/vfs/pipe.h"
#include "fs/vfs/tree.h"
#include "lib/allocator.h"
#include "lib/string.h"
#include "lib/vector.h"

namespace vfs {

inline constexpr uint64_t kDefaultNofile = 1024;
inline constexpr uint64_t kProcmgrBadge = 1;  // procmgr's own VFS cap

struct Epoll;
struct Socket;

struct OpenFile {
  explicit OpenFile(lib::Allocator a) : dir_cursor(a) {}
  uint32_t refs = 1;      // fd slots naming it, in every table
  Node* node = nullptr;   // a file, directory, FIFO or device
  Pipe* pipe = nullptr;   // a pipe or FIFO end
  bool write_end = false;  // which end of `pipe`
  bool both_ends = false;  // a FIFO opened O_RDWR: a reader and a writer at once
  Epoll* epoll = nullptr;  // an epoll instance (no node, no pipe)
  Socket* sock = nullptr;  // a socket (no node, no pipe: its queues are its own)
  uint32_t flags = 0;     // O_ACCMODE | O_APPEND | O_NONBLOCK (F_GETFL; no O_LARGEFILE: basaltc has none)
  uint64_t offset = 0;
  // readdir position: 0 ".", 1 "..", 2 the entries after dir_cursor.
  uint32_t dir_pos = 0;
  lib::String dir_cursor;
  uint64_t dir_cookie = 0;  // a server-backed directory: its SALTYFS_READDIR cookie
  uint64_t pty_master = 0;  // a /dev/ptmx file: its master's tty id once bound (0: not yet)

  bool readable() const;
  bool writable() const;
};

struct FdSlot {
  OpenFile* file = nullptr;
  bool cloexec = false;
};

struct Client {
  explicit Client(lib::Allocator a) : fds(a) {}
  uint64_t badge = 0;
  uint64_t pid = 0;
  Creds creds;
  uint64_t nofile = kDefaultNofile;
  uint32_t umask = 022;
  bool registered = false;  // by procmgr (else: defaults, see README)
  Node* cwd = nullptr;      // holds an open_count on the node
  Namespace* ns = nullptr;  // its mount namespace (nullptr: the initial one)
  uint64_t bulk_shm = 0, bulk_va = 0, bulk_bytes = 0;  // the VFS_BULK_* window (0: none)
  lib::Vector<FdSlot> fds;

  OpenFile* file(int fd) const {
    if (fd < 0 || static_cast<size_t>(fd) >= fds.size()) return nullptr;
    return fds[static_cast<size_t>(fd)].file;
  }
};

}  // namespace vfs
