// open and the fd operations of fs/vfs/vfs.h: read/write/pread/pwrite on
// files and devices (pipes: vfs_pipes.cpp), lseek, ftruncate, fstat,
// readdir, fchmod/fchown.
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr int64_t kSeekData = 3, kSeekHole = 4;

void fill_stat(const Node& n, StatInfo* st) {
  st->ino = n.ino;
  st->mode = n.type_bits() | n.mode;
  st->nlink = n.nlink;
  st->size = n.type == NodeType::kRegular || n.type == NodeType::kSymlink ? n.size : 0;
  if (n.is_dir()) st->size = 40 + 20 * n.entries.size();  // tmpfs-like, never 0
  st->uid = n.uid;
  st->gid = n.gid;
  st->mtime_ns = static_cast<uint64_t>(n.mtime_ns);
  st->type = n.dtype();
}

}  // namespace

void Vfs::touch(Node& n, bool modify) {
  const int64_t now = ops_.now_ns();
  if (modify) n.mtime_ns = now;
  n.ctime_ns = now;
}

// The directory a relative path starts from: the cwd, or dirfd's directory.
int Vfs::start_dir(Client& c, int dirfd, lib::Str path, Node** start) {
  tree_.use(c.ns);  // every path operation starts here or in lookup: the caller's mounts
  if (!path.empty() && path[0] == '/') {
    *start = tree_.root();
    return 0;
  }
  if (dirfd == kAtFdcwd) {
    *start = c.cwd;
    return 0;
  }
  OpenFile* f = c.file(dirfd);
  if (!f) return uapi::kEBADF;
  if (!f->node || !f->node->is_dir()) return uapi::kENOTDIR;
  *start = f->node;
  return 0;
}

int Vfs::lookup(Client& c, int dirfd, lib::Str path, bool follow, Node** out, bool empty_path) {
  tree_.use(c.ns);
  if (path.empty() && empty_path) {
    if (dirfd == kAtFdcwd) {
      *out = c.cwd;
      return 0;
    }
    OpenFile* f = c.file(dirfd);
    if (!f) return uapi::kEBADF;
    if (!f->node) return uapi::kEINVAL;  // a pipe has no inode of the tree
    *out = f->node;
    return 0;
  }
  Node* start = nullptr;
  if (int e = start_dir(c, dirfd, path, &start)) return e;
  Walk w(alloc_);
  if (int e = tree_.walk(c.creds, start, path, follow ? kFollow : 0, &w)) return e;
  if (!w.node) return uapi::kENOENT;
  *out = w.node;
  return 0;
}

// O_PATH (Linux): the name only — no permission on the file itself, no
// creation, no FIFO open; the fd serves fstat, fchdir, the *at dirfd and
// close, and read/write on it are EBADF.
int Vfs::open_path(Client& c, int dirfd, lib::Str path, uint64_t flags, int* fd) {
  Node* n = nullptr;
  if (int e = lookup(c, dirfd, path, !(flags & uapi::kO_NOFOLLOW), &n)) return e;
  if ((flags & uapi::kO_DIRECTORY) && !n->is_dir()) return uapi::kENOTDIR;
  OpenFile* f = new_file(n, nullptr, false, uapi::kO_PATH);
  if (!f) return uapi::kENOMEM;
  return install(c, f, flags & uapi::kO_CLOEXEC, 0, fd);
}

int Vfs::open(Client& c, int dirfd, lib::Str path, uint64_t flags, uint32_t mode, int* fd) {
  if (flags & uapi::kO_PATH) return open_path(c, dirfd, path, flags, fd);
  const uint64_t acc = flags & uapi::kO_ACCMODE;
  if (acc == 3) return uapi::kEINVAL;
  Node* start = nullptr;
  if (int e = start_dir(c, dirfd, path, &start)) return e;
  const bool creat = flags & uapi::kO_CREAT, excl = flags & uapi::kO_EXCL;
  const bool follow = !(creat && excl) && !(flags & uapi::kO_NOFOLLOW);
  Walk w(alloc_);
  if (int e = tree_.walk(c.creds, start, path, follow ? kFollow : 0, &w)) return e;
  Node* n = w.node;
  bool created = false;
  if (!n) {
    if (!creat) return uapi::kENOENT;
    if (w.trailing_slash) return uapi::kEISDIR;
    if (w.dir->backend_slot) {  // the file-system server makes it
      if (int e = backend_create(c, w.dir, w.name.view(), false, mode, &n)) return e;
      OpenFile* f = new_file(n, nullptr, false, static_cast<uint32_t>(flags) & (uapi::kO_ACCMODE | uapi::kO_APPEND | uapi::kO_NONBLOCK));
      if (!f) return uapi::kENOMEM;
      return install(c, f, flags & uapi::kO_CLOEXEC, 0, fd);
    }
    if (!may(c.creds, *w.dir, kMayWrite | kMayExec)) return uapi::kEACCES;
    if (w.dir->nlink == 0) return uapi::kENOENT;
    const int64_t now = ops_.now_ns();
    n = tree_.make_node(NodeType::kRegular, mode, c.creds, w.dir, now);
    if (!n) return uapi::kENOMEM;
    n->nlink = 0;
    if (int e = tree_.add_entry(w.dir, w.name.view(), n, now)) {
      tree_.close_node(n);  // nlink 0, no opens: freed
      return e;
    }
    created = true;
  } else {
    if (creat && excl) return uapi::kEEXIST;
    if (n->backend_slot && n->type != NodeType::kRegular && acc != uapi::kO_RDONLY) return uapi::kEROFS;
    if (n->type == NodeType::kSymlink) return uapi::kELOOP;  // O_NOFOLLOW
    if ((flags & uapi::kO_DIRECTORY) && !n->is_dir()) return uapi::kENOTDIR;
    if (n->is_dir() && (acc != uapi::kO_RDONLY || creat)) return uapi::kEISDIR;
    uint32_t want = 0;
    if (acc != uapi::kO_WRONLY) want |= kMayRead;
    if (acc != uapi::kO_RDONLY || (flags & uapi::kO_TRUNC)) want |= kMayWrite;
    if (!may(c.creds, *n, want)) return uapi::kEACCES;
  }
  if (n->type == NodeType::kFifo) return open_fifo(c, n, flags, fd);
  if (n->type == NodeType::kSocket) return uapi::kENXIO;  // sockets are connected to, not opened
  if (!created && n->type == NodeType::kRegular && (flags & uapi::kO_TRUNC) && n->size != 0) {
    if (n->backend_slot) {
      if (int e = ops_.fs_truncate(n->backend_slot, n->backend_ino, 0)) return e;
      n->size = 0;
    } else if (n->shm_backed) shm_truncate(*n, 0);
    else n->truncate(0);
    touch(*n, true);
  }
  const uint32_t keep = uapi::kO_ACCMODE | uapi::kO_APPEND | uapi::kO_NONBLOCK;
  OpenFile* f = new_file(n, nullptr, false, static_cast<uint32_t>(flags) & keep);
  if (!f) {
    if (created) tree_.close_node(n);
    return uapi::kENOMEM;
  }
  return install(c, f, flags & uapi::kO_CLOEXEC, 0, fd);
}

int Vfs::read(Client& c, int fd, char* out, size_t count, int64_t offset, size_t* got) {
  *got = 0;
  OpenFile* f = c.file(fd);
  if (!f || !f->readable()) return uapi::kEBADF;
  if (f->epoll) return uapi::kEINVAL;
  if (f->sock) {
    if (offset >= 0) return uapi::kESPIPE;
    size_t nfds = 0;
    uint64_t fds[kMaxPassedFds];
    int e = recvmsg(c, fd, 0, count, out, got, fds, &nfds);
    for (size_t i = 0; i < nfds; ++i) close(c, static_cast<int>(fds[i]));  // read() drops passed fds
    return e;
  }
  if (f->pipe) return offset >= 0 ? uapi::kESPIPE : pipe_read(c, f->pipe, f->flags & uapi::kO_NONBLOCK, out, count, got);
  Node& n = *f->node;
  if (n.is_dir()) return uapi::kEISDIR;
  if (n.type == NodeType::kCharDevice) return device_read(n, out, count, got);
  const uint64_t at = offset >= 0 ? static_cast<uint64_t>(offset) : f->offset;
  if (n.shm_backed) {  // (a mapped server file too: its segment caches it)
    *got = shm_read(n, at, out, count);
  } else if (n.backend_slot) {
    if (int e = backend_read(n, at, out, count, got)) return e;
  } else {
    *got = n.read_at(at, out, count);
  }
  if (offset < 0) f->offset = at + *got;
  return 0;
}

int Vfs::write(Client& c, int fd, const char* data, size_t count, int64_t offset, size_t* done) {
  *done = 0;
  OpenFile* f = c.file(fd);
  if (!f || !f->writable()) return uapi::kEBADF;
  if (f->epoll) return uapi::kEINVAL;
  if (f->sock) return offset >= 0 ? uapi::kESPIPE : sendmsg(c, fd, 0, nullptr, 0, data, count, done);
  if (f->pipe)
    return offset >= 0 ? uapi::kESPIPE : pipe_write(c, f->pipe, f->flags & uapi::kO_NONBLOCK, data, count, done);
  Node& n = *f->node;
  if (n.type == NodeType::kCharDevice) return device_write(n, data, count, done);
  if (count == 0) return 0;
  // O_APPEND writes at the end, pwrite too (as Linux does).
  uint64_t at = (f->flags & uapi::kO_APPEND) ? n.size : offset >= 0 ? static_cast<uint64_t>(offset) : f->offset;
  if (n.backend_slot) {  // written through to the server (and its cached segment, when mapped)
    if (n.shm_backed && (at > kShmFileBytes || count > kShmFileBytes - at)) return uapi::kEFBIG;
    if (int e = backend_write(n, at, data, count, done)) return e;
    if (n.shm_backed && *done)
      if (int e = shm_write(n, at, data, *done)) return e;
    if (offset < 0) f->offset = at + *done;
    return 0;
  }
  if (n.shm_backed) {
    if (int e = shm_write(n, at, data, count)) return e;
    *done = count;
  } else if (int e = n.write_at(at, data, count, done)) {
    return e;
  }
  if (offset < 0) f->offset = at + *done;
  // Linux clears setuid (and setgid with group exec) on a write by a non-root user.
  if (!c.creds.root()) n.mode &= (n.mode & 010) ? ~06000u : ~04000u;
  touch(n, true);
  return 0;
}

int Vfs::lseek(Client& c, int fd, int64_t offset, int whence, int64_t* pos) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (f->pipe || !f->node) return uapi::kESPIPE;  // pipes, FIFOs, sockets, epoll
  Node& n = *f->node;
  if (n.type == NodeType::kCharDevice) {
    *pos = 0;
    return 0;
  }
  if (n.is_dir()) {
    if (whence != uapi::kSEEK_SET || offset != 0) return uapi::kEINVAL;
    f->dir_pos = 0;
    f->dir_cursor.clear();
    *pos = 0;
    return 0;
  }
  int64_t base = 0;
  switch (whence) {
    case uapi::kSEEK_SET: base = 0; break;
    case uapi::kSEEK_CUR: base = static_cast<int64_t>(f->offset); break;
    case uapi::kSEEK_END: base = static_cast<int64_t>(n.size); break;
    case kSeekData:
    case kSeekHole: {
      if (offset < 0) return uapi::kENXIO;
      uint64_t p = 0;
      if (int e = n.seek_data(static_cast<uint64_t>(offset), whence == kSeekData, &p)) return e;
      f->offset = p;
      *pos = static_cast<int64_t>(p);
      return 0;
    }
    default: return uapi::kEINVAL;
  }
  if ((offset > 0 && base > INT64_MAX - offset)) return uapi::kEOVERFLOW;
  const int64_t next = base + offset;
  if (next < 0) return uapi::kEINVAL;
  f->offset = static_cast<uint64_t>(next);
  *pos = next;
  return 0;
}

int Vfs::ftruncate(Client& c, int fd, uint64_t length) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (!f->node || !f->writable() || f->node->type != NodeType::kRegular) return uapi::kEINVAL;
  if (length > static_cast<uint64_t>(INT64_MAX)) return uapi::kEINVAL;
  Node& n = *f->node;
  if (n.backend_slot) {
    if (n.shm_backed && length > kShmFileBytes) return uapi::kEFBIG;  // its cache could not follow
    if (int e = ops_.fs_truncate(n.backend_slot, n.backend_ino, length)) return e;
    if (n.shm_backed) shm_truncate(n, length);
    n.size = length;
  } else if (int e = n.shm_backed ? shm_truncate(n, length) : n.truncate(length)) {
    return e;
  }
  touch(*f->node, true);
  return 0;
}

// Nothing to write back on tmpfs; a mapped server file's segment goes back
// to the server; pipes and devices cannot sync (Linux: EINVAL).
int Vfs::fsync(Client& c, int fd) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (f->pipe || !f->node || f->node->type == NodeType::kCharDevice) return uapi::kEINVAL;
  Node& n = *f->node;
  return n.backend_slot && n.mapped_shared_write ? write_back(n, 0, n.size) : 0;
}

int Vfs::fstat(Client& c, int fd, StatInfo* st) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (f->node) {
    fill_stat(*f->node, st);
    return 0;
  }
  *st = StatInfo{};
  st->nlink = 1;
  if (f->epoll || f->sock) {  // anonymous inodes, as Linux's (epoll: mode 0600; a socket: S_IFSOCK 0777)
    st->mode = f->sock ? uapi::kS_IFSOCK | 0777 : 0600;
    st->type = f->sock ? uapi::kDT_SOCK : 0;
    st->uid = c.creds.euid;
    st->gid = c.creds.egid;
    return 0;
  }
  st->ino = (uint64_t{1} << 32) + f->pipe->id;
  st->mode = uapi::kS_IFIFO | 0600;
  st->uid = f->pipe->uid;
  st->gid = f->pipe->gid;
  st->type = uapi::kDT_FIFO;
  return 0;
}

int Vfs::stat(Client& c, int dirfd, lib::Str path, bool follow, bool empty_path, StatInfo* st) {
  if (path.empty() && empty_path) {
    if (dirfd == kAtFdcwd) {
      fill_stat(*c.cwd, st);
      return 0;
    }
    return fstat(c, dirfd, st);
  }
  Node* n = nullptr;
  if (int e = lookup(c, dirfd, path, follow, &n)) return e;
  fill_stat(*n, st);
  return 0;
}

int Vfs::isatty(Client& c, int fd, bool* tty, uint64_t* tty_id, uint64_t* flags) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  *tty = f->node && f->node->is_terminal();
  if (*tty && tty_id)
    *tty_id = f->node->device != Device::kPtmx ? f->node->tty_id
              : f->pty_master != 0          ? f->pty_master
                                            : uapi::termios::kTtyPtmxUnbound;
  if (*tty && flags) *flags = f->flags;
  return 0;
}

int Vfs::fchmod(Client& c, int fd, uint32_t mode) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (!f->node) return 0;  // a pipe: Linux accepts and ignores
  if (f->node->backend_slot) return backend_setattr(c, *f->node, mode, ~0u, ~0u);
  if (!may_chmod(c.creds, *f->node)) return uapi::kEPERM;
  uint32_t m = mode & 07777;
  if (!c.creds.root() && !f->node->is_dir() && !c.creds.in_group(f->node->gid)) m &= ~02000u;
  f->node->mode = m;
  touch(*f->node, false);
  return 0;
}

int Vfs::fchown(Client& c, int fd, uint32_t uid, uint32_t gid) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (!f->node) return 0;
  Node& n = *f->node;
  if (n.backend_slot) return backend_setattr(c, n, ~0u, uid, gid);
  if (int e = check_chown(c.creds, n, uid, gid)) return e;
  if (uid != ~0u) n.uid = uid;
  if (gid != ~0u) n.gid = gid;
  // chown clears setuid/setgid of non-directories (Linux, also for root).
  if ((uid != ~0u || gid != ~0u) && !n.is_dir()) n.mode &= (n.mode & 010) ? ~06000u : ~04000u;
  touch(n, false);
  return 0;
}

int Vfs::readdir(Client& c, int fd, uint64_t* ino, uint32_t* type, char* name, size_t cap, size_t* len) {
  *len = 0;
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (!f->node || !f->node->is_dir()) return uapi::kENOTDIR;
  Node& d = *f->node;
  if (f->dir_pos < 2) {
    const bool dot = f->dir_pos == 0;
    *ino = dot ? d.ino : d.parent->ino;
    *type = uapi::kDT_DIR;
    name[0] = name[1] = '.';
    *len = dot ? 1 : 2;
    f->dir_pos++;
    return 0;
  }
  if (d.backend_slot) return backend_readdir(*f, ino, type, name, cap, len);
  // The first entry after the last one returned: stable while entries
  // come and go (each name at most once, new names after the cursor seen).
  auto it = f->dir_pos == 2 ? d.entries.begin() : d.entries.upper_bound(f->dir_cursor.view());
  for (; it != d.entries.end(); ++it) {
    lib::Str key = it->key.view();
    if (key.size > cap) continue;  // not representable on the wire
    if (!f->dir_cursor.assign(key)) return uapi::kENOMEM;
    f->dir_pos = 3;
    for (size_t i = 0; i < key.size; ++i) name[i] = key[i];
    *len = key.size;
    *ino = it->value->ino;
    *type = it->value->dtype();
    return 0;
  }
  return 0;
}

}  // namespace vfs
