// Pipes and FIFOs of fs/vfs/vfs.h: the calls that would block are saved
// (Ops::save_caller) and answered by pump() when the pipe changes, so the
// server never blocks for one client. Linux's rules: a read returns what
// is there (at least one byte) or waits; EOF when no writer is left; a
// write of up to PIPE_BUF bytes (every inline write: ≤ 144) goes in whole
// or waits; EPIPE when no reader is left (the client raises SIGPIPE);
// O_NONBLOCK gives EAGAIN instead of waiting; opening a FIFO waits for
// the other end unless O_NONBLOCK (a reader opens at once, a writer gets
// ENXIO).
#include "fs/vfs/errors.h"
#include "fs/vfs/vfs.h"
#include "lib/proto_call.h"
#include "proto/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

lib::Reply status_reply(int e) {
  lib::Reply rp;
  rp.status(status_from_errno(e));
  return rp;
}

}  // namespace

int Vfs::pipe(Client& c, uint64_t flags, int* read_fd, int* write_fd) {
  if (flags & ~static_cast<uint64_t>(uapi::kO_NONBLOCK | uapi::kO_CLOEXEC)) return uapi::kEINVAL;
  Pipe* p = Pipe::make(alloc_);
  if (!p) return uapi::kENOMEM;
  p->id = next_pipe_id_++;
  p->uid = c.creds.euid;
  p->gid = c.creds.egid;
  pipes_++;
  const uint32_t nb = static_cast<uint32_t>(flags & uapi::kO_NONBLOCK);
  OpenFile* r = new_file(nullptr, p, false, uapi::kO_RDONLY | nb);
  if (!r) {
    Pipe::destroy(alloc_, p);
    pipes_--;
    return uapi::kENOMEM;
  }
  OpenFile* w = new_file(nullptr, p, true, uapi::kO_WRONLY | nb);
  if (!w) {
    release(r);
    return uapi::kENOMEM;
  }
  const bool cloexec = flags & uapi::kO_CLOEXEC;
  if (int e = install(c, r, cloexec, 0, read_fd)) {
    release(w);
    return e;
  }
  if (int e = install(c, w, cloexec, 0, write_fd)) {
    close(c, *read_fd);
    return e;
  }
  return 0;
}

int Vfs::open_fifo(Client& c, Node* n, uint64_t flags, int* fd) {
  const uint64_t acc = flags & uapi::kO_ACCMODE;
  // O_RDWR (Linux): both ends in one description; it never waits.
  const bool both = acc == uapi::kO_RDWR;
  const bool writer = acc == uapi::kO_WRONLY, nonblock = (flags & uapi::kO_NONBLOCK) || both;
  if (!n->fifo) {
    if (writer && (flags & uapi::kO_NONBLOCK)) return uapi::kENXIO;
    n->fifo = Pipe::make(alloc_);
    if (!n->fifo) return uapi::kENOMEM;
    n->fifo->id = next_pipe_id_++;
    pipes_++;
  }
  Pipe* p = n->fifo;
  if (writer && (flags & uapi::kO_NONBLOCK) && p->readers == 0) return uapi::kENXIO;
  OpenFile* f = new_file(n, p, writer, static_cast<uint32_t>(flags & (uapi::kO_ACCMODE | uapi::kO_NONBLOCK)));
  if (!f) return uapi::kENOMEM;
  if (both) {
    f->both_ends = true;
    p->writers++;
  }
  if (int e = install(c, f, flags & uapi::kO_CLOEXEC, 0, fd)) return e;
  pump(p);  // openers waiting for this end go on
  const uint32_t peers = writer ? p->readers : p->writers;
  if (peers > 0 || nonblock) return 0;
  int e = wait_for(Waiter::Kind::kOpen, c.badge, p, *fd, writer, 0, nullptr, 0);
  if (e != kDeferred) close(c, *fd);
  return e;
}

int Vfs::wait_for(Waiter::Kind kind, uint64_t badge, Pipe* p, int fd, bool for_write, size_t count,
                  const char* data, size_t len) {
  Waiter* w = alloc_.make<Waiter>(alloc_);
  if (!w) return uapi::kENOMEM;
  if (!ops_.save_caller(&w->slot)) {
    alloc_.destroy(w);
    return uapi::kEAGAIN;
  }
  w->kind = kind;
  w->badge = badge;
  w->pipe = p;
  w->fd = fd;
  w->open_for_write = for_write;
  w->count = count;
  w->len = len < kMaxInlineWrite ? len : kMaxInlineWrite;
  for (size_t i = 0; i < w->len; ++i) w->data[i] = data[i];
  waiters_.push_back(*w);
  return kDeferred;
}

bool Vfs::has_writer_waiting(const Pipe* p) {
  for (Waiter* w = waiters_.front(); w; w = waiters_.next(*w))
    if (w->pipe == p && w->kind == Waiter::Kind::kWrite) return true;
  return false;
}

int Vfs::pipe_read(Client& c, Pipe* p, bool nonblock, char* out, size_t count, size_t* got) {
  if (count == 0) return 0;
  if (p->used() > 0) {
    *got = p->take(out, count);
    pump(p);  // room for waiting writers
    return 0;
  }
  if (p->writers == 0) return 0;  // EOF
  if (nonblock) return uapi::kEAGAIN;
  return wait_for(Waiter::Kind::kRead, c.badge, p, -1, false, count, nullptr, 0);
}

int Vfs::pipe_write(Client& c, Pipe* p, bool nonblock, const char* data, size_t count, size_t* done) {
  if (p->readers == 0) return uapi::kEPIPE;
  if (count == 0) return 0;
  if (count > kMaxInlineWrite) return uapi::kEINVAL;
  if (p->space() >= count && !has_writer_waiting(p)) {
    *done = p->put(data, count);
    pump(p);  // data for waiting readers
    return 0;
  }
  if (nonblock) return uapi::kEAGAIN;
  return wait_for(Waiter::Kind::kWrite, c.badge, p, -1, true, 0, data, count);
}

// One waiter of `p`: answered (true) or still waiting (false).
bool Vfs::try_complete(Waiter& w, bool writers_blocked) {
  Pipe* p = w.pipe;
  switch (w.kind) {
    case Waiter::Kind::kRead: {
      if (p->used() == 0 && p->writers > 0) return false;
      proto::vfs::VfsRead::Reply out;
      size_t want = w.count < sizeof out.data_buf ? w.count : sizeof out.data_buf;
      out.data_len = p->take(out.data_buf, want);
      lib::Reply rp;
      proto::finish(uapi::TRONA_OK, false, out, &rp);
      if (!ops_.reply_saved(w.slot, rp)) p->untake(out.data_len);  // nobody took it: the bytes stay
      return true;
    }
    case Waiter::Kind::kWrite: {
      if (p->readers == 0) {
        ops_.reply_saved(w.slot, status_reply(uapi::kEPIPE));
        return true;
      }
      if (writers_blocked || p->space() < w.len) return false;
      size_t n = p->put(w.bytes(), w.len);
      proto::vfs::VfsWrite::Reply out;
      out.written = n;
      lib::Reply rp;
      proto::finish(uapi::TRONA_OK, false, out, &rp);
      if (!ops_.reply_saved(w.slot, rp)) p->unput(n);
      return true;
    }
    case Waiter::Kind::kOpen: {
      if ((w.open_for_write ? p->readers : p->writers) == 0) return false;
      proto::vfs::VfsPosixOpen::Reply out;
      out.fd = static_cast<uint64_t>(w.fd);
      lib::Reply rp;
      proto::finish(uapi::TRONA_OK, false, out, &rp);
      if (!ops_.reply_saved(w.slot, rp)) {
        if (Client** c = clients_.find(w.badge)) close(**c, w.fd);
      }
      return true;
    }
    case Waiter::Kind::kPoll:
    case Waiter::Kind::kEpoll: return false;  // vfs_poll.cpp
    case Waiter::Kind::kAccept:
    case Waiter::Kind::kRecv:
    case Waiter::Kind::kConnect: return try_socket_wait(w);  // vfs_sockets.cpp
  }
  return true;
}

// Not reentrant by design: what a completion does to the pipe itself (a
// socket receive freeing room, a queued connect ringing the listener's
// bell) asks for another pass instead of a nested pump, and what it
// releases (an fd nobody will get) waits in deferred_ until the pass ends —
// so no waiter is answered twice or freed under the loop.
void Vfs::pump(Pipe* p) {
  if (pumping_) {
    again_ = true;
    return;
  }
  pumping_ = true;
  for (bool progress = true; progress;) {
    progress = false;
    again_ = false;
    bool writers_blocked = false;
    for (Waiter* w = waiters_.front(); w;) {
      Waiter* next = waiters_.next(*w);
      if (w->pipe == p) {
        if (try_complete(*w, writers_blocked)) {
          waiters_.remove(*w);
          alloc_.destroy(w);
          progress = true;
        } else if (w->kind == Waiter::Kind::kWrite) {
          writers_blocked = true;  // later writers keep their order
        }
      }
      w = next;
    }
    progress = progress || again_;
  }
  pumping_ = false;
  while (!deferred_.empty()) {  // (each may pump again: not nested now)
    OpenFile* f = deferred_.back();
    deferred_.pop_back();
    release_now(f);
  }
  wake_polls();  // readiness of p changed
}

int Vfs::device_read(Node& n, char* out, size_t count, size_t* got) {
  if (n.is_terminal() && ttys_elsewhere_) return uapi::kEREMOTEIO;
  switch (n.device) {
    case Device::kPtmx: return uapi::kEIO;  // no posix_ttysrv: no ptys
    case Device::kZero:
    case Device::kFull:
      for (size_t i = 0; i < count; ++i) out[i] = 0;
      *got = count;
      return 0;
    case Device::kRandom:
      ops_.random_bytes(out, count);
      *got = count;
      return 0;
    default:  // null: EOF; a terminal without posix_ttysrv: no input
      *got = 0;
      return 0;
  }
}

int Vfs::device_write(Node& n, const char* data, size_t count, size_t* done) {
  if (n.is_terminal() && ttys_elsewhere_) return uapi::kEREMOTEIO;
  switch (n.device) {
    case Device::kFull: return uapi::kENOSPC;
    case Device::kPtmx: return uapi::kEIO;
    case Device::kConsole:
    case Device::kTty: ops_.console_write(data, count); break;
    default: break;
  }
  *done = count;
  return 0;
}

}  // namespace vfs
