// poll and epoll of fs/vfs/vfs.h. Readiness (Linux's pipe_poll): a pipe's
// read end is POLLIN with data, POLLHUP with no writer left; its write end
// POLLOUT with room for PIPE_BUF bytes, POLLERR with no reader left; files,
// directories and devices are always POLLIN | POLLOUT (terminals served by
// posix_ttysrv never: trona/posix polls them there); an epoll instance is
// POLLIN when one of its watches is ready. A wait that finds nothing saves
// the caller and is answered by wake_polls() (after every pipe change) or,
// at its deadline on virtual time, by expire() with nothing ready.
#include "fs/vfs/errors.h"
#include "fs/vfs/vfs.h"
#include "lib/proto_call.h"
#include "proto/vfs.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

constexpr uint32_t kPollIn = 1, kPollOut = 4, kPollErr = 8, kPollHup = 0x10, kPollNval = 0x20;
constexpr uint64_t kEpollRdhup = 0x2000, kEpollOneshot = uint64_t{1} << 30, kEpollEt = uint64_t{1} << 31;
constexpr uint64_t kEpollKnown = kPollIn | 2 | kPollOut | kPollErr | kPollHup | kEpollRdhup | kEpollOneshot | kEpollEt;

uint64_t generation_of(const OpenFile& f) {
  if (const Socket* s = f.sock) return (s->rx ? s->rx->generation : 0) + ((s->tx ? s->tx->generation : 0) << 32);
  return f.pipe ? f.pipe->generation : 0;
}

// A socket's events (Linux's unix_poll / unix_dgram_poll, simplified).
uint32_t socket_mask(const Socket& s) {
  if (s.listening) return s.rx->used() > 0 ? kPollIn : 0;
  uint32_t m = 0;
  const bool rx_done = !s.rx || s.shut_rd || s.rx->writers == 0;
  if (s.rx && s.rx->used() > 0) m |= kPollIn;
  if (s.type == uapi::kSOCK_DGRAM) return m | kPollOut;
  if (!s.connected) return m;
  if (rx_done) m |= kPollIn | static_cast<uint32_t>(kEpollRdhup);
  const bool tx_done = !s.tx || s.shut_wr || s.tx->readers == 0;
  if (!tx_done && s.tx->space() >= kPipeBuf) m |= kPollOut;
  if (rx_done && tx_done) m |= kPollHup;
  return m;
}

}  // namespace

uint32_t Vfs::ready_mask(const OpenFile& f) {
  if (f.sock) return socket_mask(*f.sock);
  if (const Pipe* p = f.pipe) {
    if (f.both_ends) return (p->used() > 0 ? kPollIn : 0) | (p->space() >= kPipeBuf ? kPollOut : 0);
    if (f.write_end) return p->readers == 0 ? kPollErr | kPollOut : (p->space() >= kPipeBuf ? kPollOut : 0);
    return (p->used() > 0 ? kPollIn : 0) | (p->writers == 0 ? kPollHup : 0);
  }
  if (f.epoll) {
    for (const EpollWatch& w : f.epoll->watches)
      if (!w.disabled && (ready_mask(*w.file) & (w.events | kPollErr | kPollHup))) return kPollIn;
    return 0;
  }
  // posix_ttysrv's terminals: trona/posix asks ttysrv (PTY_POLL) beside the VFS's answer.
  if (f.node && f.node->is_terminal() && ttys_elsewhere_) return 0;
  return kPollIn | kPollOut;
}

uint64_t Vfs::deadline_after(int64_t timeout_ms) {
  if (timeout_ms < 0) return kNoDeadline;
  const uint64_t ms = static_cast<uint64_t>(timeout_ms);
  const uint64_t now = ops_.monotonic_ns();
  return ms > (kNoDeadline - now) / 1'000'000 ? kNoDeadline - 1 : now + ms * 1'000'000;
}

// A poll/epoll waiter with the caller's reply cap saved (not yet listed);
// nullptr and *e = ENOMEM / EAGAIN (no slot).
Waiter* Vfs::start_wait(Waiter::Kind kind, Client& c, int64_t timeout_ms, int* e) {
  Waiter* w = alloc_.make<Waiter>(alloc_);
  if (!w) {
    *e = uapi::kENOMEM;
    return nullptr;
  }
  if (!ops_.save_caller(&w->slot)) {
    alloc_.destroy(w);
    *e = uapi::kEAGAIN;
    return nullptr;
  }
  w->kind = kind;
  w->badge = c.badge;
  w->deadline = deadline_after(timeout_ms);
  return w;
}

size_t Vfs::poll_now(Client& c, const uint64_t* words, size_t n, uint64_t* revents) {
  size_t ready = 0;
  for (size_t i = 0; i < n; ++i) {
    const int fd = static_cast<int32_t>(static_cast<uint32_t>(words[i]));
    const uint32_t events = static_cast<uint32_t>((words[i] >> 32) & 0xFFFF);
    revents[i] = 0;
    if (fd < 0) continue;
    OpenFile* f = c.file(fd);
    revents[i] = f ? ready_mask(*f) & (events | kPollErr | kPollHup) : kPollNval;
    if (revents[i]) ++ready;
  }
  return ready;
}

int Vfs::poll(Client& c, const uint64_t* words, size_t n, int64_t timeout_ms, uint64_t* revents, uint64_t* ready) {
  if (n > kMaxPollFds) return uapi::kEINVAL;
  *ready = poll_now(c, words, n, revents);
  if (*ready > 0 || timeout_ms == 0) return 0;
  int e = 0;
  Waiter* w = start_wait(Waiter::Kind::kPoll, c, timeout_ms, &e);
  if (!w) return e;
  w->word_count = n;
  for (size_t i = 0; i < n; ++i) w->words[i] = words[i];
  waiters_.push_back(*w);
  return kDeferred;
}

int Vfs::epoll_create(Client& c, uint64_t flags, int* fd) {
  if (flags & ~static_cast<uint64_t>(uapi::kO_CLOEXEC)) return uapi::kEINVAL;
  Epoll* ep = alloc_.make<Epoll>(alloc_);
  if (!ep) return uapi::kENOMEM;
  OpenFile* f = new_file(nullptr, nullptr, false, uapi::kO_RDWR);
  if (!f) {
    alloc_.destroy(ep);
    return uapi::kENOMEM;
  }
  f->epoll = ep;
  epolls_.push_back(*ep);
  return install(c, f, flags & uapi::kO_CLOEXEC, 0, fd);
}

int Vfs::epoll_ctl(Client& c, int epfd, uint64_t op, int fd, uint64_t events, uint64_t data) {
  OpenFile* e = c.file(epfd);
  OpenFile* f = c.file(fd);
  if (!e || !f) return uapi::kEBADF;
  if (!e->epoll || fd == epfd) return uapi::kEINVAL;
  if (f->node && (f->node->type == NodeType::kRegular || f->node->is_dir())) return uapi::kEPERM;
  if (events & ~kEpollKnown) return uapi::kEINVAL;
  lib::Vector<EpollWatch>& ws = e->epoll->watches;
  size_t at = 0;
  while (at < ws.size() && !(ws[at].fd == fd && ws[at].file == f)) ++at;
  const bool found = at < ws.size();
  switch (static_cast<int64_t>(op)) {
    case uapi::kEPOLL_CTL_ADD: {
      if (found) return uapi::kEEXIST;
      if (f->epoll) return uapi::kEINVAL;  // nested epoll instances are not modelled
      EpollWatch w;
      w.fd = fd;
      w.file = f;
      w.events = static_cast<uint32_t>(events);
      w.data = data;
      return ws.push_back(w) ? 0 : uapi::kENOMEM;
    }
    case uapi::kEPOLL_CTL_DEL:
      if (!found) return uapi::kENOENT;
      ws.erase(at);
      return 0;
    case uapi::kEPOLL_CTL_MOD:
      if (!found) return uapi::kENOENT;
      ws[at].events = static_cast<uint32_t>(events);
      ws[at].data = data;
      ws[at].disabled = false;
      ws[at].seen = ~uint64_t{0};
      return 0;
    default: return uapi::kEINVAL;
  }
}

size_t Vfs::collect(Epoll& ep, size_t max, uint64_t* out) {
  size_t n = 0;
  for (EpollWatch& w : ep.watches) {
    if (n == max) break;
    if (w.disabled) continue;
    const uint32_t m = ready_mask(*w.file) & (w.events | kPollErr | kPollHup);
    if (m == 0) continue;
    if (w.events & kEpollEt) {
      const uint64_t g = generation_of(*w.file);
      if (g == w.seen) continue;  // nothing happened since the last report
      w.seen = g;
    }
    if (w.events & kEpollOneshot) w.disabled = true;
    out[2 * n] = m;
    out[2 * n + 1] = w.data;
    ++n;
  }
  return n;
}

int Vfs::epoll_wait(Client& c, int epfd, size_t max, int64_t timeout_ms, uint64_t* out, uint64_t* count) {
  *count = 0;
  OpenFile* e = c.file(epfd);
  if (!e) return uapi::kEBADF;
  if (!e->epoll || max == 0 || max > 0x7FFFFFFF) return uapi::kEINVAL;
  if (max > kMaxEpollEvents) max = kMaxEpollEvents;
  *count = collect(*e->epoll, max, out);
  if (*count > 0 || timeout_ms == 0) return 0;
  int err = 0;
  Waiter* w = start_wait(Waiter::Kind::kEpoll, c, timeout_ms, &err);
  if (!w) return err;
  w->ep = e;
  w->max_events = max;
  waiters_.push_back(*w);
  return kDeferred;
}

// A poll/epoll waiter: answered (true) with what is ready, or with nothing
// when `expired`; false while it keeps waiting.
bool Vfs::try_poll(Waiter& w, bool expired) {
  Client** found = clients_.find(w.badge);
  lib::Reply rp;
  if (w.kind == Waiter::Kind::kPoll) {
    proto::vfs::VfsPosixPoll::Reply out;
    out.revents_count = w.word_count;
    out.ready = found ? poll_now(**found, w.words, w.word_count, out.revents) : 0;
    if (out.ready == 0 && !expired) return false;
    proto::finish(uapi::TRONA_OK, false, out, &rp);
  } else {
    proto::vfs::VfsPosixEpollWait::Reply out;
    out.count = w.ep && w.ep->epoll ? collect(*w.ep->epoll, w.max_events, out.events) : 0;
    if (out.count == 0 && !expired && w.ep) return false;
    out.events_count = 2 * out.count;
    proto::finish(uapi::TRONA_OK, false, out, &rp);
  }
  ops_.reply_saved(w.slot, rp);  // an ONESHOT/ET report to a caller that left is lost (as a signal would)
  return true;
}

void Vfs::wake_polls() {
  for (Waiter* w = waiters_.front(); w;) {
    Waiter* next = waiters_.next(*w);
    if ((w->kind == Waiter::Kind::kPoll || w->kind == Waiter::Kind::kEpoll) && try_poll(*w, false)) {
      waiters_.remove(*w);
      alloc_.destroy(w);
    }
    w = next;
  }
}

uint64_t Vfs::next_deadline() {
  uint64_t d = kNoDeadline;
  for (Waiter* w = waiters_.front(); w; w = waiters_.next(*w))
    if (w->deadline < d) d = w->deadline;
  return d;
}

void Vfs::expire(uint64_t now_ns) {
  for (Waiter* w = waiters_.front(); w;) {
    Waiter* next = waiters_.next(*w);
    if (w->deadline <= now_ns) {
      try_poll(*w, true);
      waiters_.remove(*w);
      alloc_.destroy(w);
    }
    w = next;
  }
}

// `f` goes away: no epoll instance watches it any more; if it is one, its
// waiters are answered (nothing) and it is freed.
void Vfs::forget_file(OpenFile* f) {
  for (Epoll* ep = epolls_.front(); ep; ep = epolls_.next(*ep)) {
    lib::Vector<EpollWatch>& ws = ep->watches;
    for (size_t i = ws.size(); i > 0; --i)
      if (ws[i - 1].file == f) ws.erase(i - 1);
  }
  if (!f->epoll) return;
  for (Waiter* w = waiters_.front(); w; w = waiters_.next(*w))
    if (w->ep == f) w->ep = nullptr;
  epolls_.remove(*f->epoll);
  alloc_.destroy(f->epoll);
  f->epoll = nullptr;
  for (Waiter* w = waiters_.front(); w;) {
    Waiter* next = waiters_.next(*w);
    if (w->kind == Waiter::Kind::kEpoll && w->ep == nullptr) {
      try_poll(*w, true);
      waiters_.remove(*w);
      alloc_.destroy(w);
    }
    w = next;
  }
}

}  // namespace vfs
