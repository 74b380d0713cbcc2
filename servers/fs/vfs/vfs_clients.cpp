// Clients, fd tables and open file descriptions of fs/vfs/vfs.h:
// registration by procmgr, the fork copy (CLONE_FDS), exit, fd allocation.
#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr uint32_t kNobody = 65534;

}  // namespace

bool OpenFile::readable() const { return !(flags & uapi::kO_PATH) && (flags & uapi::kO_ACCMODE) != uapi::kO_WRONLY; }
bool OpenFile::writable() const { return !(flags & uapi::kO_PATH) && (flags & uapi::kO_ACCMODE) != uapi::kO_RDONLY; }

int Vfs::init() {
  tree_.set_on_free(&Vfs::node_freed, this);
  tree_.set_on_lookup(&Vfs::backend_lookup, this);
  return tree_.init(ops_.now_ns());
}

Vfs::~Vfs() {
  while (!clients_.empty()) drop_client(clients_.begin()->value);
  while (Waiter* w = waiters_.front()) {
    waiters_.remove(*w);
    alloc_.destroy(w);
  }
  while (Epoll* ep = epolls_.front()) {  // (every fd closed above; none is left)
    epolls_.remove(*ep);
    alloc_.destroy(ep);
  }
}

VfsStats Vfs::stats() const {
  VfsStats s;
  s.clients = clients_.size();
  s.open_files = open_files_;
  s.pipes = pipes_;
  s.sockets = sockets_;
  s.waiters = waiters_.size();
  s.tree = tree_.stats();
  return s;
}

Client* Vfs::client(uint64_t badge) {
  if (Client** found = clients_.find(badge)) return *found;
  Client* c = alloc_.make<Client>(alloc_);
  if (!c) return nullptr;
  c->badge = badge;
  if (badge != kProcmgrBadge) {
    c->creds.uid = c->creds.euid = c->creds.gid = c->creds.egid = kNobody;
  }
  c->cwd = tree_.root();
  c->cwd->open_count++;
  auto r = clients_.insert(static_cast<uint64_t&&>(badge), static_cast<Client*>(c));
  if (!r.value) {
    tree_.close_node(c->cwd);
    alloc_.destroy(c);
    return nullptr;
  }
  return c;
}

int Vfs::register_client(uint64_t caller, uint64_t badge, uint64_t pid, const Creds& creds, uint64_t nofile,
                         uint32_t umask) {
  if (caller != kProcmgrBadge) return uapi::kEPERM;
  if (badge == 0 || badge == kProcmgrBadge) return uapi::kEINVAL;
  Client* c = client(badge);
  if (!c) return uapi::kENOMEM;
  c->pid = pid;
  c->creds = creds;
  c->nofile = nofile == 0 ? kDefaultNofile : nofile;
  c->umask = umask & 0777;
  c->registered = true;
  return 0;
}

void Vfs::drop_client(Client* c) {
  // Its waiting calls will never be answered (dropped before its fds
  // close, which would answer some of them).
  for (Waiter* w = waiters_.front(); w;) {
    Waiter* next = waiters_.next(*w);
    if (w->badge == c->badge) {
      waiters_.remove(*w);
      ops_.drop_saved(w->slot);
      alloc_.destroy(w);
    }
    w = next;
  }
  for (size_t fd = 0; fd < c->fds.size(); ++fd)
    if (OpenFile* f = c->fds[fd].file) {
      c->fds[fd].file = nullptr;
      release(f);
    }
  if (c->cwd) tree_.close_node(c->cwd);
  tree_.release_namespace(c->ns);
  if (c->bulk_shm) ops_.drop_window(c->bulk_shm, c->bulk_va);
  clients_.erase(c->badge);
  alloc_.destroy(c);
}

int Vfs::client_exit(uint64_t caller, uint64_t badge) {
  if (badge == 0) badge = caller;
  if (caller != kProcmgrBadge && badge != caller) return uapi::kEPERM;
  Client** found = clients_.find(badge);
  if (!found) return uapi::kENOENT;
  drop_client(*found);
  write_back_mapped();  // what its shared mappings of server files wrote
  return 0;
}

int Vfs::client_exec(uint64_t caller, uint64_t badge) {
  if (badge == 0) badge = caller;
  if (caller != kProcmgrBadge && badge != caller) return uapi::kEPERM;
  Client** found = clients_.find(badge);
  if (!found) return uapi::kENOENT;
  Client& c = **found;
  for (size_t fd = 0; fd < c.fds.size(); ++fd)
    if (c.fds[fd].file && c.fds[fd].cloexec) close(c, static_cast<int>(fd));
  return 0;
}

int Vfs::clone_fds(uint64_t caller, uint64_t parent, uint64_t child, uint64_t child_pid) {
  if (caller != kProcmgrBadge) return uapi::kEPERM;
  if (child == 0 || child == kProcmgrBadge || child == parent) return uapi::kEINVAL;
  Client* p = client(parent);
  if (!p) return uapi::kENOMEM;
  // A fresh table for the child (a stale one from a reused badge goes).
  if (Client** old = clients_.find(child)) drop_client(*old);
  Client* c = client(child);
  if (!c) return uapi::kENOMEM;
  if (!c->fds.resize(p->fds.size())) {
    drop_client(c);
    return uapi::kENOMEM;
  }
  c->pid = child_pid;
  c->creds = p->creds;
  c->nofile = p->nofile;
  c->umask = p->umask;
  c->registered = p->registered;
  for (size_t fd = 0; fd < p->fds.size(); ++fd) {
    c->fds[fd] = p->fds[fd];
    if (c->fds[fd].file) c->fds[fd].file->refs++;
  }
  tree_.close_node(c->cwd);
  c->cwd = p->cwd;
  c->cwd->open_count++;
  c->ns = p->ns;  // fork shares the namespace
  if (c->ns) c->ns->refs++;
  return 0;
}

OpenFile* Vfs::new_file(Node* node, Pipe* pipe, bool write_end, uint32_t flags) {
  OpenFile* f = alloc_.make<OpenFile>(alloc_);
  if (!f) return nullptr;
  f->node = node;
  f->pipe = pipe;
  f->write_end = write_end;
  f->flags = flags;
  if (node) node->open_count++;
  if (pipe) (write_end ? pipe->writers : pipe->readers)++;
  open_files_++;
  return f;
}

void Vfs::release(OpenFile* f) {
  if (--f->refs > 0) return;
  if (pumping_ && deferred_.push_back(f)) return;  // pump() finishes it after its pass
  release_now(f);
}

void Vfs::release_now(OpenFile* f) {
  forget_file(f);
  if (f->pty_master != 0) ops_.pty_closed(f->pty_master, true);  // the slave hangs up (Linux: pty_close)
  if (f->sock) close_socket(f->sock);
  Pipe* p = f->pipe;
  Node* n = f->node;
  if (p) {
    (f->write_end ? p->writers : p->readers)--;
    if (f->both_ends) p->writers--;
    p->generation++;
    pump(p);  // peers see EOF or EPIPE
    if (p->readers == 0 && p->writers == 0) {
      if (n && n->fifo == p) n->fifo = nullptr;
      Pipe::destroy(alloc_, p);
      pipes_--;
    }
  }
  if (n && n->device == Device::kPts && n->open_count == 1 && ttys_elsewhere_) ops_.pty_closed(n->tty_id, false);
  if (n) tree_.close_node(n);
  open_files_--;
  alloc_.destroy(f);
}

int Vfs::alloc_fd(Client& c, int min_fd, int* fd) {
  if (min_fd < 0) return uapi::kEINVAL;
  size_t i = static_cast<size_t>(min_fd);
  while (i < c.fds.size() && c.fds[i].file) ++i;
  if (i >= c.nofile) return uapi::kEMFILE;
  if (i >= c.fds.size() && !c.fds.resize(i + 1)) return uapi::kENOMEM;
  *fd = static_cast<int>(i);
  return 0;
}

void Vfs::put_slot(Client& c, int fd, OpenFile* f, bool cloexec) {
  c.fds[static_cast<size_t>(fd)] = FdSlot{f, cloexec};
}

// Installs `f` (its one reference) at the lowest free fd >= min_fd; on
// failure the file is released.
int Vfs::install(Client& c, OpenFile* f, bool cloexec, int min_fd, int* fd) {
  if (int e = alloc_fd(c, min_fd, fd)) {
    release(f);
    return e;
  }
  put_slot(c, *fd, f, cloexec);
  return 0;
}

int Vfs::close(Client& c, int fd) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  c.fds[static_cast<size_t>(fd)] = FdSlot{};
  while (!c.fds.empty() && !c.fds.back().file) c.fds.pop_back();
  release(f);
  return 0;
}

int Vfs::dup(Client& c, int fd, int min_fd, bool cloexec, int* out) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (min_fd < 0 || static_cast<uint64_t>(min_fd) >= c.nofile) return uapi::kEINVAL;
  if (int e = alloc_fd(c, min_fd, out)) return e;
  f->refs++;
  put_slot(c, *out, f, cloexec);
  return 0;
}

int Vfs::dup2(Client& c, int oldfd, int newfd, bool cloexec, bool dup3, int* out) {
  OpenFile* f = c.file(oldfd);
  if (!f) return uapi::kEBADF;
  if (newfd < 0 || static_cast<uint64_t>(newfd) >= c.nofile) return uapi::kEBADF;
  if (oldfd == newfd) {
    if (dup3) return uapi::kEINVAL;
    *out = newfd;
    return 0;
  }
  if (static_cast<size_t>(newfd) >= c.fds.size() && !c.fds.resize(static_cast<size_t>(newfd) + 1))
    return uapi::kENOMEM;
  f->refs++;
  OpenFile* old = c.fds[static_cast<size_t>(newfd)].file;
  put_slot(c, newfd, f, cloexec);
  if (old) release(old);
  *out = newfd;
  return 0;
}

int Vfs::fcntl(Client& c, int fd, uint64_t cmd, uint64_t arg, uint64_t* result) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  FdSlot& s = c.fds[static_cast<size_t>(fd)];
  int out = 0;
  switch (static_cast<int64_t>(cmd)) {
    case uapi::kF_DUPFD:
    case uapi::kF_DUPFD_CLOEXEC:
      if (arg > 0x7FFFFFFF) return uapi::kEINVAL;
      if (int e = dup(c, fd, static_cast<int>(arg), cmd == uapi::kF_DUPFD_CLOEXEC, &out)) return e;
      *result = static_cast<uint64_t>(out);
      return 0;
    case uapi::kF_GETFD: *result = s.cloexec ? uapi::kFD_CLOEXEC : 0; return 0;
    case uapi::kF_SETFD: s.cloexec = (arg & uapi::kFD_CLOEXEC) != 0; *result = 0; return 0;
    case uapi::kF_GETFL: *result = f->flags; return 0;
    case uapi::kF_SETFL: {
      const uint32_t changeable = uapi::kO_APPEND | uapi::kO_NONBLOCK;
      f->flags = (f->flags & ~changeable) | (static_cast<uint32_t>(arg) & changeable);
      *result = 0;
      return 0;
    }
    case uapi::termios::kF_SALTY_BIND_PTY:  // uapi/termios.h: trona/posix names a /dev/ptmx file's master
      if (!f->node || f->node->device != Device::kPtmx) return uapi::kEINVAL;
      if (f->pty_master != 0) return uapi::kEBUSY;
      if (!uapi::termios::is_pty_master(arg)) return uapi::kEINVAL;
      f->pty_master = arg;
      *result = 0;
      return 0;
    default: return uapi::kEINVAL;
  }
}

}  // namespace vfs
