#include "fake_vfs.h"

#include <algorithm>
#include <cstring>

#include "lib/inline_string.h"
#include "trona/core/syscall.h"
#include "trona/clients/vfs_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/posix.h"
#include "uapi/vfs.h"

namespace vfstest {

namespace {

using namespace uapi::vfs;
using lib::Reply;
using lib::Request;

constexpr std::uint64_t kAtFdcwd = 0xFFFFFF9C;

std::uint64_t errno_status(int e) { return trona::kVfsErrnoStatusBase + static_cast<std::uint64_t>(e); }

bool path_at(const Request& rq, std::size_t k, std::string* out) {
  char buf[129];
  std::size_t len = 0;
  if (lib::unpack_inline(rq.mr, rq.length, k, buf, 128, &len) != lib::UnpackError::kOk) return false;
  out->assign(buf, len);
  return true;
}

std::string bytes_at(const Request& rq, std::size_t first_mr, std::size_t n) {
  std::string s(n, '\0');
  std::memcpy(s.data(), &rq.mr[first_mr], n);
  return s;
}

void push_bytes(Reply* rp, const char* data, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, data + i, std::min<std::size_t>(8, n - i));
    rp->push(w);
  }
}

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

FakeVfs::FakeVfs() { add_dir("/"); }

FakeVfs::Node& FakeVfs::add_file(const std::string& path, std::string data, std::uint64_t mode) {
  Node& n = nodes[path];
  n = Node{};
  n.data = std::move(data);
  n.ino = next_ino_++;
  n.mode = mode;
  n.mtime_ns = 1'700'000'000'123'456'789ULL;
  return n;
}

FakeVfs::Node& FakeVfs::add_dir(const std::string& path, std::uint64_t mode) {
  Node& n = nodes[path];
  n = Node{};
  n.dir = true;
  n.ino = next_ino_++;
  n.mode = mode;
  return n;
}

std::size_t FakeVfs::count(std::uint64_t label) const {
  return static_cast<std::size_t>(
      std::count_if(requests.begin(), requests.end(), [&](const Request& r) { return r.label == label; }));
}

void FakeVfs::handle(void* self, const Request& rq, Reply* rp) {
  auto& vfs = *static_cast<FakeVfs*>(self);
  vfs.requests.push_back(rq);
  if (vfs.hold_requests > 0) {
    --vfs.hold_requests;
    trona::signal(vfs.hold_go, 1);
    trona::wait(vfs.hold_go_on);
  }
  if (vfs.restart_replies > 0) {
    --vfs.restart_replies;
    rp->status(uapi::TRONA_RESTART);  // not acted on: the client resends
    return;
  }
  if (vfs.interrupted_replies > 0) {
    if (vfs.interrupt_after > 0) {
      --vfs.interrupt_after;
    } else {
      --vfs.interrupted_replies;
      rp->status(uapi::TRONA_INTERRUPTED);
      return;
    }
  }
  vfs.dispatch(rq, rp);
}

void FakeVfs::dispatch(const Request& rq, Reply* rp) {
  auto open_of = [&](std::uint64_t fd) -> Open* {
    auto it = fds.find(static_cast<int>(fd));
    return it == fds.end() ? nullptr : &it->second;
  };
  auto node_of = [&](const std::string& path) -> Node* {
    auto it = nodes.find(path);
    return it == nodes.end() ? nullptr : &it->second;
  };
  auto stat_reply = [&](const Node& n) {
    std::uint64_t type = n.dir ? uapi::kDT_DIR : uapi::kDT_REG;
    std::uint64_t words[] = {n.ino, (n.dir ? 0040000u : 0100000u) | n.mode, 1, n.data.size(), n.uid, n.gid,
                             n.mtime_ns, type};
    for (std::uint64_t w : words) rp->push(w);
  };
  auto do_open = [&](const std::string& path, std::uint64_t flags, std::uint64_t mode) {
    Node* n = node_of(path);
    if (!n) {
      if (!(flags & uapi::kO_CREAT)) return rp->status(uapi::TRONA_NOT_FOUND);
      if (!node_of(parent_of(path))) return rp->status(uapi::TRONA_NOT_FOUND);
      last_create_mode = mode;
      n = &add_file(path, "", mode);
    } else if ((flags & uapi::kO_CREAT) && (flags & uapi::kO_EXCL)) {
      return rp->status(uapi::TRONA_ALREADY_EXISTS);
    }
    std::uint64_t acc = flags & uapi::kO_ACCMODE;
    if (n->dir && acc != uapi::kO_RDONLY) return rp->status(errno_status(uapi::kEISDIR));
    if ((acc != uapi::kO_WRONLY && !(n->mode & 0400)) || (acc != uapi::kO_RDONLY && !(n->mode & 0200)))
      return rp->status(uapi::TRONA_INSUFFICIENT_RIGHTS);
    if (flags & uapi::kO_TRUNC) n->data.clear();
    int fd = next_fd_++;
    fds[fd] = Open{path, 0, flags, 0};
    rp->push(static_cast<std::uint64_t>(fd));
  };
  auto do_read = [&](Open* o, std::uint64_t count, std::uint64_t* offset) {
    Node* n = node_of(o->path);
    if (!n) return rp->status(uapi::TRONA_NOT_FOUND);
    if (n->dir) return rp->status(errno_status(uapi::kEISDIR));
    if (count > trona::kVfsReadChunk) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
    std::size_t at = std::min<std::size_t>(*offset, n->data.size());
    std::size_t len = std::min({static_cast<std::size_t>(count), max_read_reply, n->data.size() - at});
    rp->push(len);
    push_bytes(rp, n->data.data() + at, len);
    *offset += len;
  };
  auto do_write = [&](Open* o, std::uint64_t count, std::size_t data_mr, std::uint64_t* offset, std::size_t max) {
    Node* n = node_of(o->path);
    if (!n) return rp->status(uapi::TRONA_NOT_FOUND);
    if (count > max || rq.length < data_mr + (count + 7) / 8) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
    if ((o->flags & uapi::kO_ACCMODE) == uapi::kO_RDONLY) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
    if (o->flags & uapi::kO_APPEND) *offset = n->data.size();
    std::size_t room = *offset >= n->capacity ? 0 : n->capacity - *offset;
    std::size_t len = std::min<std::size_t>(count, room);
    if (n->data.size() < *offset + len) n->data.resize(*offset + len);
    n->data.replace(*offset, len, bytes_at(rq, data_mr, len));
    *offset += len;
    rp->push(len);
  };

  // Path-level ops, shared by the plain labels and the *at family.
  auto do_stat = [&](const std::string& path) {
    Node* n = node_of(path);
    if (!n) return rp->status(uapi::TRONA_NOT_FOUND);
    stat_reply(*n);
  };
  auto do_access = [&](const std::string& path, std::uint64_t mode) {
    Node* n = node_of(path);
    if (!n) return rp->status(uapi::TRONA_NOT_FOUND);
    std::uint64_t want = mode << 6;  // R/W/X as owner bits
    if ((n->mode & want) != want) return rp->status(uapi::TRONA_INSUFFICIENT_RIGHTS);
  };
  auto do_unlink = [&](const std::string& path) {
    Node* n = node_of(path);
    if (!n) return rp->status(uapi::TRONA_NOT_FOUND);
    if (n->dir) return rp->status(errno_status(uapi::kEISDIR));
    nodes.erase(path);
  };
  auto do_rmdir = [&](const std::string& path) {
    Node* n = node_of(path);
    if (!n) return rp->status(uapi::TRONA_NOT_FOUND);
    if (!n->dir) return rp->status(errno_status(uapi::kENOTDIR));
    for (auto& [p, child] : nodes)
      if (p != path && parent_of(p) == path) return rp->status(errno_status(uapi::kENOTEMPTY));
    nodes.erase(path);
  };
  auto do_mkdir = [&](const std::string& path, std::uint64_t mode) {
    if (node_of(path)) return rp->status(uapi::TRONA_ALREADY_EXISTS);
    if (!node_of(parent_of(path))) return rp->status(uapi::TRONA_NOT_FOUND);
    last_create_mode = mode;
    add_dir(path, mode);
  };
  // Two paths from MR `first`: lengths, then the bytes (kernel-abi.md §3.0).
  auto do_rename = [&](std::size_t first, auto resolve_from, auto resolve_to) {
    std::size_t a = rq.get(first), b = rq.get(first + 1);
    if (a > 64 || b > 64 || rq.length < first + 2 + (a + 7) / 8 + (b + 7) / 8)
      return rp->status(uapi::TRONA_INVALID_ARGUMENT);
    std::string from = bytes_at(rq, first + 2, a), to = bytes_at(rq, first + 2 + (a + 7) / 8, b);
    if (!resolve_from(&from) || !resolve_to(&to)) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
    auto it = nodes.find(from);
    if (it == nodes.end()) return rp->status(uapi::TRONA_NOT_FOUND);
    Node moved = it->second;
    nodes.erase(it);
    nodes[to] = moved;
  };
  // A relative path of an *at op against its dirfd; false: bad dirfd.
  auto resolve = [&](std::uint64_t dirfd, std::string* path) {
    if (path->empty() || (*path)[0] == '/') return true;
    if (dirfd == kAtFdcwd) {
      *path = "/" + *path;
      return true;
    }
    Open* d = open_of(dirfd);
    if (!d) return false;
    *path = (d->path == "/" ? "" : d->path) + "/" + *path;
    return true;
  };
  auto as_is = [](std::string*) { return true; };

  std::string path;
  Open* o = nullptr;
  switch (rq.label) {
    case VFS_POSIX_OPEN:
      if (!path_at(rq, 2, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      return do_open(path, rq.get(1), rq.get(0));
    case VFS_POSIX_OPENAT:
      if (!path_at(rq, 3, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      if (!resolve(rq.get(0), &path)) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return do_open(path, rq.get(1), rq.get(2));
    case VFS_READ:
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return do_read(o, rq.get(1), &o->offset);
    case VFS_PREAD: {
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      std::uint64_t at = rq.get(2);
      return do_read(o, rq.get(1), &at);
    }
    case VFS_WRITE:
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return do_write(o, rq.get(1), 2, &o->offset, trona::kVfsWriteChunk);
    case VFS_PWRITE: {
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      std::uint64_t at = rq.get(2);
      return do_write(o, rq.get(1), 3, &at, trona::kVfsPwriteChunk);
    }
    case VFS_CLOSE:
      if (fds.erase(static_cast<int>(rq.get(0))) == 0) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return;
    case VFS_POSIX_STAT:
    case VFS_POSIX_LSTAT:
      if (!path_at(rq, 0, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      return do_stat(path);
    case VFS_POSIX_FSTATAT:
      if (!path_at(rq, 2, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      if (!resolve(rq.get(0), &path)) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return do_stat(path);
    case VFS_POSIX_FSTAT: {
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return stat_reply(*node_of(o->path));
    }
    case VFS_LSEEK: {
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      auto off = static_cast<std::int64_t>(rq.get(1));
      std::int64_t base = 0;
      switch (rq.get(2)) {
        case 0: base = 0; break;
        case 1: base = static_cast<std::int64_t>(o->offset); break;
        case 2: base = static_cast<std::int64_t>(node_of(o->path)->data.size()); break;
        default: return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      }
      if (base + off < 0) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      o->offset = static_cast<std::uint64_t>(base + off);
      rp->push(o->offset);
      return;
    }
    case VFS_POSIX_ACCESS:
      if (!path_at(rq, 1, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      return do_access(path, rq.get(0));
    case VFS_POSIX_FACCESSAT:
      if (!path_at(rq, 3, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      if (!resolve(rq.get(0), &path)) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return do_access(path, rq.get(1));
    case VFS_POSIX_UNLINK:
      if (!path_at(rq, 0, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      return do_unlink(path);
    case VFS_POSIX_RMDIR:
      if (!path_at(rq, 0, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      return do_rmdir(path);
    case VFS_POSIX_UNLINKAT:
      if (!path_at(rq, 2, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      if (!resolve(rq.get(0), &path)) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return (rq.get(1) & uapi::kAT_REMOVEDIR) ? do_rmdir(path) : do_unlink(path);
    case VFS_POSIX_MKDIR:
      if (!path_at(rq, 1, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      return do_mkdir(path, rq.get(0));
    case VFS_POSIX_MKDIRAT:
      if (!path_at(rq, 2, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      if (!resolve(rq.get(0), &path)) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return do_mkdir(path, rq.get(1));
    case VFS_POSIX_RENAME:
      return do_rename(0, as_is, as_is);
    case VFS_POSIX_RENAMEAT:
      return do_rename(
          2, [&](std::string* p) { return resolve(rq.get(0), p); }, [&](std::string* p) { return resolve(rq.get(1), p); });
    case VFS_POSIX_OPENDIR: {
      if (!path_at(rq, 0, &path)) return rp->status(uapi::TRONA_INVALID_ARGUMENT);
      Node* n = node_of(path);
      if (!n) return rp->status(uapi::TRONA_NOT_FOUND);
      if (!n->dir) return rp->status(errno_status(uapi::kENOTDIR));
      int fd = next_fd_++;
      fds[fd] = Open{path, 0, 0, 0};
      rp->push(static_cast<std::uint64_t>(fd));
      return;
    }
    case VFS_POSIX_READDIR: {
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      std::size_t i = 0;
      for (auto& [p, n] : nodes) {
        if (p == o->path || parent_of(p) != o->path) continue;
        if (i++ < o->dir_pos) continue;
        ++o->dir_pos;
        std::string name = p.substr(p.rfind('/') + 1);
        rp->push(name.size());
        rp->push(0);
        rp->push(n.ino);
        rp->push(n.dir ? uapi::kDT_DIR : uapi::kDT_REG);
        push_bytes(rp, name.data(), name.size());
        return;
      }
      rp->push(0);  // end of directory
      return;
    }
    case VFS_POSIX_FTRUNCATE:
      if (!(o = open_of(rq.get(0)))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      node_of(o->path)->data.resize(rq.get(1));
      return;
    case VFS_POSIX_READLINKAT: {  // every path is a link to the same place
      const std::string target = "/real/target";
      rp->push(target.size());
      push_bytes(rp, target.data(), target.size());
      return;
    }
    case VFS_POSIX_PIPE:  // two made-up fds (no pipe behind them)
      rp->push(7);
      rp->push(8);
      return;
    case VFS_POSIX_DUP:
    case VFS_POSIX_DUP2:
    case VFS_POSIX_DUP3:
      if (!open_of(rq.get(0))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      rp->push(rq.label == VFS_POSIX_DUP ? 9 : rq.get(1));
      return;
    case uapi::posix::VFS_POSIX_FCNTL:  // F_GETFD of an open fd: 0
      if (!open_of(rq.get(0))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      rp->push(0);
      return;
    case VFS_POSIX_GETCWD: {
      const std::string cwd = "/home/user";
      rp->push(cwd.size());
      push_bytes(rp, cwd.data(), cwd.size());
      return;
    }
    case VFS_BULK_SETUP:
      return;
    case VFS_BULK_READ:  // the window holds no data here: only the counts travel
      rp->push(std::min<std::uint64_t>(rq.get(1), 100));
      return;
    case VFS_BULK_PWRITE:
      rp->push(rq.get(1));
      return;
    case VFS_FSYNC:
      if (!open_of(rq.get(0))) return rp->status(uapi::TRONA_INVALID_CAPABILITY);
      return;
    default:
      return rp->status(uapi::TRONA_INVALID_OPERATION);
  }
}

}  // namespace vfstest
