// AF_UNIX sockets of fs/vfs/vfs.h over the pipe machinery (socket.h): a
// stream connection is two pipes, a datagram socket a pipe of framed
// messages, a listener a pipe of doorbell bytes — so blocking, EOF, EPIPE
// and poll/epoll readiness are the pipes'. Linux's errors: ENOTSOCK on a
// non-socket fd, EADDRINUSE, ECONNREFUSED, EISCONN, ENOTCONN, EDESTADDRREQ,
// EOPNOTSUPP, EAFNOSUPPORT (AF_INET until the network server exists).
#include "fs/vfs/errors.h"
#include "fs/vfs/vfs.h"
#include "lib/proto_call.h"
#include "proto/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr uint64_t kSockNonblock = 0x800, kSockCloexec = 0x80000;
constexpr uint64_t kMsgPeek = 2, kMsgDontwait = 0x40, kMsgNosignal = 0x4000;
constexpr uint64_t kSolSocket = 1;
constexpr uint64_t kSoReuseaddr = 2, kSoType = 3, kSoError = 4, kSoSndbuf = 7, kSoRcvbuf = 8, kSoKeepalive = 9,
                   kSoPasscred = 16, kSoAcceptconn = 30;
constexpr uint64_t kPfUnix = 1;
constexpr size_t kFrameHeader = 3;  // datagram frame: length lo, hi, fd count

// The socket behind fd: EBADF / ENOTSOCK.
int socket_of(Client& c, int fd, Socket** s) {
  OpenFile* f = c.file(fd);
  if (!f) return uapi::kEBADF;
  if (!f->sock) return uapi::kENOTSOCK;
  *s = f->sock;
  return 0;
}

}  // namespace

Socket* Vfs::new_socket(uint32_t type) {
  Socket* s = alloc_.make<Socket>(alloc_);
  if (!s) return nullptr;
  s->type = type;
  s->rx = Pipe::make(alloc_);
  if (!s->rx) {
    alloc_.destroy(s);
    return nullptr;
  }
  s->rx->id = next_pipe_id_++;
  s->rx->readers = 1;  // this end reads it
  if (type == uapi::kSOCK_DGRAM) s->rx->writers = 1;  // anyone may send: it never sees EOF
  pipes_++;
  sockets_++;
  return s;
}

OpenFile* Vfs::socket_file(Socket* s, uint64_t flags) {
  OpenFile* f = new_file(nullptr, nullptr, false, uapi::kO_RDWR | ((flags & kSockNonblock) ? uapi::kO_NONBLOCK : 0));
  if (!f) return nullptr;
  f->sock = s;
  s->file = f;
  return f;
}

// One end of p goes (its waiters see EOF / EPIPE through pump).
void Vfs::drop_pipe_end(Pipe*& p, bool write_end) {
  if (!p) return;
  uint32_t& n = write_end ? p->writers : p->readers;
  if (n > 0) --n;
  p->generation++;
  pump(p);
}

// Frees p once nobody holds either end; what still waits on it (an accept
// on a closed listener) gets EBADF. True when it was freed (p = nullptr).
bool Vfs::free_if_unused(Pipe*& p) {
  if (!p || p->readers != 0 || p->writers != 0) return false;
  for (Waiter* w = waiters_.front(); w;) {
    Waiter* next = waiters_.next(*w);
    if (w->pipe == p) {
      lib::Reply rp;
      rp.status(status_from_errno(uapi::kEBADF));
      ops_.reply_saved(w->slot, rp);
      waiters_.remove(*w);
      alloc_.destroy(w);
    }
    w = next;
  }
  Pipe::destroy(alloc_, p);
  pipes_--;
  p = nullptr;
  return true;
}

// Calls waiting on s (or, for connects, on s as the listener) end: EBADF
// for its own, ECONNREFUSED for a connect whose listener went.
void Vfs::drop_socket_waiters(Socket* s) {
  for (Waiter* w = waiters_.front(); w;) {
    Waiter* next = waiters_.next(*w);
    if (w->sock == s || w->target == s) {
      lib::Reply rp;
      rp.status(status_from_errno(w->target == s && w->sock != s ? uapi::kECONNREFUSED : uapi::kEBADF));
      ops_.reply_saved(w->slot, rp);
      waiters_.remove(*w);
      alloc_.destroy(w);
    }
    w = next;
  }
}

void Vfs::close_socket(Socket* s) {
  drop_socket_waiters(s);
  for (Socket* pending : s->backlog) close_socket(pending);  // their clients see EOF / EPIPE
  s->backlog.clear();
  Socket* peer = s->peer;
  if (peer) peer->peer = nullptr;
  if (s->type == uapi::kSOCK_DGRAM || s->listening) {
    if (s->rx && s->rx->writers > 0) --s->rx->writers;
    drop_pipe_end(s->rx, false);
    free_if_unused(s->rx);
  } else {
    if (!s->shut_rd) drop_pipe_end(s->rx, false);
    if (!s->shut_wr) drop_pipe_end(s->tx, true);
    // A pipe nobody holds any more goes, and the peer forgets it.
    if (free_if_unused(s->rx) && peer) peer->tx = nullptr;
    if (free_if_unused(s->tx) && peer) peer->rx = nullptr;
  }
  for (OpenFile* f : s->passed) release(f);
  s->passed.clear();
  if (s->bound) {
    if (s->bound->socket == s) s->bound->socket = nullptr;
    tree_.close_node(s->bound);
  }
  if (s->dgram_peer) tree_.close_node(s->dgram_peer);
  sockets_--;
  alloc_.destroy(s);
}

int Vfs::socket(Client& c, uint64_t domain, uint64_t type, uint64_t protocol, int* fd) {
  // AF_INET / AF_INET6 are the network server's (issue: not there yet).
  if (domain != static_cast<uint64_t>(uapi::kAF_UNIX)) return uapi::kEAFNOSUPPORT;
  const uint64_t flags = type & (kSockNonblock | kSockCloexec);
  uint64_t base = type & ~(kSockNonblock | kSockCloexec);
  if (protocol != 0 && protocol != kPfUnix) return uapi::kEPROTONOSUPPORT;
  if (base == static_cast<uint64_t>(uapi::kSOCK_RAW)) base = uapi::kSOCK_DGRAM;  // as Linux
  if (base != static_cast<uint64_t>(uapi::kSOCK_STREAM) && base != static_cast<uint64_t>(uapi::kSOCK_DGRAM))
    return uapi::kESOCKTNOSUPPORT;
  Socket* s = new_socket(static_cast<uint32_t>(base));
  if (!s) return uapi::kENOMEM;
  OpenFile* f = socket_file(s, flags);
  if (!f) {
    close_socket(s);
    return uapi::kENOMEM;
  }
  return install(c, f, flags & kSockCloexec, 0, fd);
}

int Vfs::socketpair(Client& c, uint64_t domain, uint64_t type, uint64_t protocol, int* fd0, int* fd1) {
  if (domain != static_cast<uint64_t>(uapi::kAF_UNIX)) return domain == static_cast<uint64_t>(uapi::kAF_INET)
                                                                  ? uapi::kEOPNOTSUPP
                                                                  : uapi::kEAFNOSUPPORT;
  if (int e = socket(c, domain, type, protocol, fd0)) return e;
  if (int e = socket(c, domain, type, protocol, fd1)) {
    close(c, *fd0);
    return e;
  }
  Socket* a = c.file(*fd0)->sock;
  Socket* b = c.file(*fd1)->sock;
  a->connected = b->connected = true;
  if (a->type == uapi::kSOCK_STREAM) {
    a->peer = b;
    b->peer = a;
    a->tx = b->rx;
    b->tx = a->rx;
    a->rx->writers = b->rx->writers = 1;  // each end writes the other's rx
  } else {
    // Unnamed datagram peers: each sends straight into the other's rx.
    a->peer = b;
    b->peer = a;
  }
  return 0;
}

int Vfs::bind(Client& c, int fd, lib::Str path) {
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (path.empty() || path[0] == '\0') return uapi::kEINVAL;  // no abstract namespace
  if (s->bound) return uapi::kEINVAL;
  Node* start = nullptr;
  if (int e = start_dir(c, kAtFdcwd, path, &start)) return e;
  Node* n = nullptr;
  int e = tree_.create(c.creds, start, path, NodeType::kSocket, 0777 & ~c.umask, ops_.now_ns(), &n);
  if (e == uapi::kEEXIST) return uapi::kEADDRINUSE;
  if (e) return e;
  if (!s->path.assign(path)) return uapi::kENOMEM;
  n->socket = s;
  n->open_count++;
  s->bound = n;
  return 0;
}

int Vfs::listen(Client& c, int fd, uint64_t backlog) {
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (s->type != uapi::kSOCK_STREAM) return uapi::kEOPNOTSUPP;
  if (!s->bound || s->connected) return uapi::kEINVAL;
  s->listening = true;
  s->rx->writers = 1;  // the doorbell never reads as EOF
  s->backlog_max = backlog == 0 ? 1 : (backlog > 4096 ? 4096 : backlog);
  return 0;
}

int Vfs::connect(Client& c, int fd, lib::Str path) {
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (s->listening) return uapi::kEINVAL;
  if (s->type == uapi::kSOCK_STREAM && s->connected) return uapi::kEISCONN;
  Node* n = nullptr;
  if (int e = lookup(c, kAtFdcwd, path, true, &n)) return e;
  if (n->type != NodeType::kSocket) return uapi::kECONNREFUSED;
  if (!may(c.creds, *n, kMayWrite)) return uapi::kEACCES;
  Socket* l = n->socket;
  if (s->type == uapi::kSOCK_DGRAM) {
    if (!l || l->type != uapi::kSOCK_DGRAM) return l ? uapi::kEPROTOTYPE : uapi::kECONNREFUSED;
    if (s->dgram_peer) tree_.close_node(s->dgram_peer);
    n->open_count++;
    s->dgram_peer = n;
    s->connected = true;
    return 0;
  }
  if (!l || !l->listening) return l && l->type != uapi::kSOCK_STREAM ? uapi::kEPROTOTYPE : uapi::kECONNREFUSED;
  if (l->backlog.size() < l->backlog_max) return connect_now(s, l);
  // A full backlog: wait for an accept (Linux), or EAGAIN without blocking.
  if (s->file->flags & uapi::kO_NONBLOCK) return uapi::kEAGAIN;
  int e = wait_for(Waiter::Kind::kConnect, c.badge, l->rx, fd, false, 0, nullptr, 0);
  if (e == kDeferred) {
    Waiter* w = waiters_.back();
    w->sock = s;
    w->target = l;
  }
  return e;
}

// Queues s on listener l's backlog (room checked by the caller).
int Vfs::connect_now(Socket* s, Socket* l) {
  Socket* server = new_socket(uapi::kSOCK_STREAM);
  if (!server) return uapi::kENOMEM;
  if (!l->backlog.push_back(server)) {
    close_socket(server);
    return uapi::kENOMEM;
  }
  server->peer = s;
  s->peer = server;
  server->tx = s->rx;
  s->tx = server->rx;
  s->rx->writers = server->rx->writers = 1;
  server->connected = s->connected = true;
  if (!server->path.assign(l->path.view())) return uapi::kENOMEM;  // getsockname of the accepted end
  char bell = 1;
  l->rx->put(&bell, 1);
  pump(l->rx);  // a waiting accept goes on
  return 0;
}

int Vfs::accept_now(Client& c, Socket& l, uint64_t flags, int* out) {
  char bell;
  if (l.rx->take(&bell, 1) != 1 || l.backlog.empty()) return uapi::kEAGAIN;
  Socket* s = l.backlog[0];
  l.backlog.erase(0);
  OpenFile* f = socket_file(s, flags);
  if (!f) {
    close_socket(s);
    return uapi::kENOMEM;
  }
  return install(c, f, flags & kSockCloexec, 0, out);
}

int Vfs::accept(Client& c, int fd, uint64_t flags, int* out) {
  Socket* l = nullptr;
  if (int e = socket_of(c, fd, &l)) return e;
  if (flags & ~(kSockNonblock | kSockCloexec)) return uapi::kEINVAL;
  if (l->type != uapi::kSOCK_STREAM) return uapi::kEOPNOTSUPP;
  if (!l->listening) return uapi::kEINVAL;
  if (l->rx->used() > 0) {
    int e = accept_now(c, *l, flags, out);
    pump(l->rx);  // room in the backlog: a waiting connect goes on
    return e;
  }
  if (l->file->flags & uapi::kO_NONBLOCK) return uapi::kEAGAIN;
  int e = wait_for(Waiter::Kind::kAccept, c.badge, l->rx, fd, false, 0, nullptr, 0);
  if (e == kDeferred) {
    Waiter* w = waiters_.back();
    w->sock = l;
    w->flags = flags;
  }
  return e;
}

int Vfs::sendmsg(Client& c, int fd, uint64_t flags, const uint64_t* fds, size_t nfds, const char* data, size_t len,
                 size_t* sent) {
  *sent = 0;
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (nfds > kMaxPassedFds || len > kMaxInlineWrite) return uapi::kEINVAL;
  for (size_t i = 0; i < nfds; ++i)
    if (!c.file(static_cast<int>(static_cast<int32_t>(fds[i])))) return uapi::kEBADF;
  const bool nonblock = (flags & kMsgDontwait) || (s->file->flags & uapi::kO_NONBLOCK);
  (void)kMsgNosignal;  // SIGPIPE is the client's to raise (or not)
  Socket* dest = nullptr;
  Pipe* to = nullptr;
  char frame[kFrameHeader + kMaxInlineWrite];
  const char* bytes = data;
  size_t n = len;
  if (s->type == uapi::kSOCK_STREAM) {
    if (!s->connected) return uapi::kENOTCONN;
    if (s->shut_wr || !s->tx) return uapi::kEPIPE;
    to = s->tx;
    dest = s->peer;
    if (len == 0) return 0;
  } else {
    dest = s->dgram_peer ? s->dgram_peer->socket : s->peer;
    if (!s->connected) return uapi::kEDESTADDRREQ;
    if (!dest) return uapi::kECONNREFUSED;
    if (s->shut_wr) return uapi::kEPIPE;
    if (len > kMaxDatagram - kFrameHeader) return uapi::kEMSGSIZE;
    to = dest->rx;
    frame[0] = static_cast<char>(len & 0xFF);
    frame[1] = static_cast<char>(len >> 8);
    frame[2] = static_cast<char>(nfds);
    for (size_t i = 0; i < len; ++i) frame[kFrameHeader + i] = data[i];
    bytes = frame;
    n = kFrameHeader + len;
  }
  // With fds the message must go now (they travel with it): EAGAIN otherwise.
  if (nfds > 0 && (to->space() < n || !dest || dest->passed.size() + nfds > 64)) return uapi::kEAGAIN;
  size_t done = 0;
  int e = pipe_write(c, to, nonblock || nfds > 0, bytes, n, &done);
  if (e != 0) return e == kDeferred && s->type == uapi::kSOCK_DGRAM ? kDeferred : e;
  for (size_t i = 0; i < nfds; ++i) {
    OpenFile* f = c.file(static_cast<int>(static_cast<int32_t>(fds[i])));
    f->refs++;
    dest->passed.push_back(f);
  }
  *sent = s->type == uapi::kSOCK_DGRAM ? len : done;
  return 0;
}

int Vfs::recv_now(Client& c, Socket& s, uint64_t flags, size_t count, char* out, size_t* got, uint64_t* fds,
                  size_t* nfds) {
  *got = 0;
  *nfds = 0;
  Pipe* p = s.rx;
  size_t pass = 0;
  if (s.type == uapi::kSOCK_STREAM) {
    if (flags & kMsgPeek) {
      size_t k = count < p->used() ? count : p->used();
      for (size_t i = 0; i < k; ++i) out[i] = p->bytes[(p->head + i) % kPipeCapacity];
      *got = k;
      return 0;
    }
    *got = p->take(out, count);
    pass = s.passed.size() < kMaxPassedFds ? s.passed.size() : kMaxPassedFds;
  } else {
    char h[kFrameHeader];
    if (p->take(h, kFrameHeader) != kFrameHeader) return 0;
    const size_t len = static_cast<uint8_t>(h[0]) | static_cast<size_t>(static_cast<uint8_t>(h[1])) << 8;
    char body[kMaxDatagram];
    p->take(body, len);
    const size_t k = len < count ? len : count;  // the rest of the datagram is lost (truncated)
    for (size_t i = 0; i < k; ++i) out[i] = body[i];
    *got = k;
    pass = static_cast<uint8_t>(h[2]);
  }
  for (size_t i = 0; i < pass && !s.passed.empty(); ++i) {
    OpenFile* f = s.passed[0];
    s.passed.erase(0);
    int fd = -1;
    if (install(c, f, false, 0, &fd) == 0) fds[(*nfds)++] = static_cast<uint64_t>(fd);  // (install releases on EMFILE)
  }
  pump(p);  // room for waiting senders
  return 0;
}

int Vfs::recvmsg(Client& c, int fd, uint64_t flags, size_t count, char* out, size_t* got, uint64_t* fds,
                 size_t* nfds) {
  *got = 0;
  *nfds = 0;
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (s->listening) return uapi::kENOTCONN;
  if (s->type == uapi::kSOCK_STREAM && !s->connected) return uapi::kENOTCONN;
  if (count == 0) return 0;
  if (!s->rx || s->shut_rd) return 0;  // shut down for reading: end of stream
  if (s->rx->used() > 0) return recv_now(c, *s, flags, count, out, got, fds, nfds);
  if (s->rx->writers == 0) return 0;  // end of stream
  if ((flags & kMsgDontwait) || (s->file->flags & uapi::kO_NONBLOCK)) return uapi::kEAGAIN;
  int e = wait_for(Waiter::Kind::kRecv, c.badge, s->rx, fd, false, count, nullptr, 0);
  if (e == kDeferred) {
    Waiter* w = waiters_.back();
    w->sock = s;
    w->flags = flags;
  }
  return e;
}

// kAccept / kRecv waiters (from try_complete): answered once the socket's
// rx has something (or says EOF).
bool Vfs::try_socket_wait(Waiter& w) {
  Pipe* p = w.pipe;
  if (w.kind == Waiter::Kind::kConnect) {
    if (w.target->backlog.size() >= w.target->backlog_max) return false;
    lib::Reply rp;
    rp.status(status_from_errno(connect_now(w.sock, w.target)));
    ops_.reply_saved(w.slot, rp);  // (a connect nobody waits for any more stays queued, as Linux's)
    return true;
  }
  if (p->used() == 0 && (w.kind == Waiter::Kind::kAccept || p->writers > 0)) return false;
  Client** found = clients_.find(w.badge);
  lib::Reply rp;
  if (!found) {
    ops_.drop_saved(w.slot);
    return true;
  }
  if (w.kind == Waiter::Kind::kAccept) {
    proto::vfs::VfsPosixAccept::Reply out;
    int fd = -1;
    int e = accept_now(**found, *w.sock, w.flags, &fd);
    out.fd = static_cast<uint64_t>(fd);
    proto::finish(status_from_errno(e), false, out, &rp);
    if (!ops_.reply_saved(w.slot, rp) && e == 0) close(**found, fd);
    return true;
  }
  proto::vfs::VfsPosixRecvmsg::Reply out;
  size_t nfds = 0;
  int e = p->used() > 0 ? recv_now(**found, *w.sock, w.flags, w.count < sizeof out.data_buf ? w.count : sizeof out.data_buf,
                                   out.data_buf, &out.data_len, out.fds, &nfds)
                        : 0;
  out.fds_count = nfds;
  proto::finish(status_from_errno(e), false, out, &rp);
  if (!ops_.reply_saved(w.slot, rp))
    for (size_t i = 0; i < nfds; ++i) close(**found, static_cast<int>(out.fds[i]));  // (the bytes are lost, as a killed reader's)
  return true;
}

int Vfs::shutdown(Client& c, int fd, uint64_t how) {
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (how > 2) return uapi::kEINVAL;
  if (!s->connected) return uapi::kENOTCONN;
  const bool rd = how == 0 || how == 2, wr = how == 1 || how == 2;
  if (s->type == uapi::kSOCK_STREAM) {
    if (rd && !s->shut_rd) {
      s->shut_rd = true;
      if (s->rx && s->rx->readers > 0) {
        --s->rx->readers;
        s->rx->generation++;
        pump(s->rx);
      }
    }
    if (wr && !s->shut_wr) {
      s->shut_wr = true;
      if (s->tx && s->tx->writers > 0) {
        --s->tx->writers;
        s->tx->generation++;
        pump(s->tx);
      }
    }
  } else {
    s->shut_rd = s->shut_rd || rd;
    s->shut_wr = s->shut_wr || wr;
  }
  return 0;
}

int Vfs::sockname(Client& c, int fd, bool peer, char* out, size_t cap, size_t* len) {
  *len = 0;
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  lib::Str name;
  if (peer) {
    if (!s->connected) return uapi::kENOTCONN;
    if (s->type == uapi::kSOCK_STREAM) {
      if (s->peer) name = s->peer->path.view();
    } else if (s->dgram_peer && s->dgram_peer->socket) {
      name = s->dgram_peer->socket->path.view();
    }
  } else {
    name = s->path.view();
  }
  const size_t k = name.size < cap ? name.size : cap;
  for (size_t i = 0; i < k; ++i) out[i] = name[i];
  *len = k;
  return 0;
}

int Vfs::setsockopt(Client& c, int fd, uint64_t level, uint64_t name, uint64_t value) {
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (level != kSolSocket) return uapi::kENOPROTOOPT;
  switch (name) {
    case kSoReuseaddr: s->reuseaddr = value != 0; return 0;
    case kSoSndbuf: s->sndbuf = value; return 0;
    case kSoRcvbuf: s->rcvbuf = value; return 0;
    case kSoKeepalive: s->keepalive = value != 0; return 0;
    case kSoPasscred: s->passcred = value != 0; return 0;
    default: return uapi::kENOPROTOOPT;
  }
}

int Vfs::getsockopt(Client& c, int fd, uint64_t level, uint64_t name, uint64_t* value) {
  Socket* s = nullptr;
  if (int e = socket_of(c, fd, &s)) return e;
  if (level != kSolSocket) return uapi::kENOPROTOOPT;
  switch (name) {
    case kSoType: *value = s->type; return 0;
    case kSoError: *value = 0; return 0;
    case kSoAcceptconn: *value = s->listening; return 0;
    case kSoReuseaddr: *value = s->reuseaddr; return 0;
    case kSoSndbuf: *value = s->sndbuf; return 0;
    case kSoRcvbuf: *value = s->rcvbuf; return 0;
    case kSoKeepalive: *value = s->keepalive; return 0;
    case kSoPasscred: *value = s->passcred; return 0;
    default: return uapi::kENOPROTOOPT;
  }
}

}  // namespace vfs
