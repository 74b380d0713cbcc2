#include "personalities/posix_ttysrv/ttysrv.h"

#include "proto/posix_ttysrv.h"
#include "lib/proto_call.h"
#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace posix_ttysrv {

namespace {

using namespace uapi::termios;
constexpr uint64_t kDeciSecondNs = 100'000'000;

}  // namespace

Ttysrv::Ttysrv(const lib::Allocator& heap, Ops& ops) : heap_(heap), ops_(ops) {
  console_ = heap_.make<Tty>();
  if (console_) console_->id = kConsoleTty;
}

Ttysrv::~Ttysrv() {
  heap_.destroy(console_);
  for (Tty*& t : ptys_) {
    heap_.destroy(t);
    t = nullptr;
  }
}

Tty* Ttysrv::find(uint64_t id) {
  if (id == kConsoleTty) return console_;
  if (id >= kFirstPtySlave && id < kFirstPtySlave + kMaxPtys) return ptys_[id - kFirstPtySlave];
  if (id >= kFirstPtyMaster && id < kFirstPtyMaster + kMaxPtys) return ptys_[id - kFirstPtyMaster];
  return nullptr;
}

// The caller's controlling tty: the one whose session is the caller's.
int Ttysrv::controlling(uint64_t badge, Tty** out, uint64_t* pgid, uint64_t* sid) {
  if (int e = ops_.ids_of(badge, pgid, sid); e != 0) return uapi::kENOTTY;
  Tty* all[1 + kMaxPtys] = {console_};
  for (size_t i = 0; i < kMaxPtys; ++i) all[1 + i] = ptys_[i];
  for (Tty* t : all) {
    if (t && t->sid != 0 && t->sid == *sid) {
      *out = t;
      return 0;
    }
  }
  return uapi::kENOTTY;
}

Tty* Ttysrv::resolve(uint64_t badge, uint64_t tty, int* err) {
  *err = 0;
  if (tty == 0) {
    Tty* t = nullptr;
    uint64_t pgid = 0, sid = 0;
    *err = controlling(badge, &t, &pgid, &sid);
    return t;
  }
  if (tty >= kFirstPtyMaster) {  // the master's id is not a terminal for these calls
    *err = uapi::kENOTTY;
    return nullptr;
  }
  Tty* t = find(tty);
  if (!t) *err = uapi::kENXIO;
  // A slave used again after its last close (the VFS's PTY_CLOSE side 1) is open again, as a reopened
  // /dev/pts/N on Linux.
  if (t && t->pty && t->slave_closed && t->master_open) t->slave_closed = false;
  return t;
}

// A background process group touching its controlling terminal: the
// signal goes to its group and the call fails with EINTR (Linux checks
// whether the signal is ignored or blocked first and then gives EIO or lets
// it through; ttysrv cannot see dispositions: README, Deviations).
int Ttysrv::job_control(Tty& t, uint64_t badge, int sig) {
  if (t.sid == 0 || badge == 0) return 0;
  uint64_t pgid = 0, sid = 0;
  if (ops_.ids_of(badge, &pgid, &sid) != 0) return 0;
  if (sid != t.sid || pgid == t.fg_pgrp || t.fg_pgrp == 0) return 0;
  ++counters_.signals;
  ops_.kill_pgrp(pgid, sig);
  return uapi::kEINTR;
}

// --- output ----------------------------------------------------------------

void Ttysrv::to_device(Tty& t, const char* data, size_t n) {
  if (n == 0) return;
  if (!t.pty) {
    ops_.console_write(data, n);
    return;
  }
  for (size_t i = 0; i < n; ++i) t.to_master.push(data[i]);  // the caller checked the room
  wake_collectors(t);
}

size_t Ttysrv::emitted_size(const Tty& t, lib::Str data) const {
  const uapi::Termios& tm = t.line.termios();
  if (!(tm.c_oflag & kOPOST) || !(tm.c_oflag & kONLCR)) return data.size;
  size_t n = data.size;
  for (size_t i = 0; i < data.size; ++i) n += data[i] == '\n';
  return n;
}

bool Ttysrv::emit(Tty& t, lib::Str data) {
  if (t.pty && emitted_size(t, data) > kMasterBytes - t.to_master.size()) return false;
  while (data.size > 0) {
    Echo out;
    const size_t used = t.line.output(data, &out);
    to_device(t, out.bytes, out.len);
    data = lib::Str(data.data + used, data.size - used);
  }
  return true;
}

void Ttysrv::input(Tty& t, lib::Str data) {
  counters_.input_bytes += data.size;
  for (size_t i = 0; i < data.size; ++i) {
    Echo echo;
    const int sig = t.line.input(data[i], &echo);
    if (echo.len > 0) {
      // Echo that does not fit the master's buffer is dropped (a pty whose master never reads).
      emit(t, lib::Str(echo.bytes, echo.len));
    }
    if (sig != 0 && t.fg_pgrp != 0) {
      ++counters_.signals;
      ops_.kill_pgrp(t.fg_pgrp, sig);
    }
  }
  wake_readers(t);
}

// --- reads -------------------------------------------------------------------

// Whether a read of `max` may be answered now; *deadline: when it must be
// answered anyway (VTIME), kNoDeadline if only input can end it.
bool Ttysrv::readable(const Tty& t, size_t max, uint64_t* deadline) const {
  *deadline = kNoDeadline;
  if (t.pty && !t.master_open) return true;  // hung up: end of file
  if (t.line.canonical()) return t.line.line_ready();
  const size_t vmin = t.line.termios().c_cc[kVMIN], vtime = t.line.termios().c_cc[kVTIME];
  const size_t avail = t.line.available();
  if (vmin == 0) {
    if (avail > 0 || vtime == 0) return true;
    *deadline = ops_.monotonic_ns() + vtime * kDeciSecondNs;
    return false;
  }
  const size_t want = vmin < max ? vmin : max;
  if (avail >= want) return true;
  if (vtime > 0 && avail > 0) *deadline = ops_.monotonic_ns() + vtime * kDeciSecondNs;  // the inter-byte timer
  return false;
}

int Ttysrv::read(uint64_t badge, uint64_t tty, size_t max, bool nonblock, char* out, size_t* got) {
  *got = 0;
  int e = 0;
  Tty* t = resolve(badge, tty, &e);
  if (!t) return e;
  if (max > kMaxMessageBytes) max = kMaxMessageBytes;
  if (int jc = job_control(*t, badge, uapi::kSIGTTIN); jc != 0) return jc;
  ++counters_.reads;
  uint64_t deadline = kNoDeadline;
  if (t->readers.empty() && readable(*t, max, &deadline)) {
    *got = t->line.take(out, max);
    return 0;
  }
  if (nonblock) {
    if (t->line.available() > 0 && t->readers.empty()) {
      *got = t->line.take(out, max);
      return 0;
    }
    return uapi::kEAGAIN;
  }
  Reader r;
  r.max = max;
  r.deadline = deadline;
  if (t->readers.full() || !ops_.save_caller(&r.slot)) return uapi::kEAGAIN;
  t->readers.push(r);
  return kDeferred;
}

void Ttysrv::answer_reader(Tty& t, const Reader& r) {
  proto::posix_ttysrv::PosixTtysrvPtyRead::Reply out{};
  const Line::Mark m = t.line.mark();
  out.data_len = t.line.take(out.data_buf, r.max);
  lib::Reply rp;
  proto::finish(uapi::TRONA_OK, false, out, &rp);
  if (!ops_.reply_saved(r.slot, rp)) t.line.restore(m);  // the reader went away: the bytes stay
}

void Ttysrv::wake_readers(Tty& t) {
  while (!t.readers.empty()) {
    const Reader& front = t.readers.front();
    uint64_t deadline = kNoDeadline;
    if (!readable(t, front.max, &deadline)) {
      // VMIN > 0 with VTIME: each byte restarts the timer of the first reader.
      if (deadline != kNoDeadline) {
        Reader r;
        t.readers.pop(&r);
        r.deadline = deadline;
        lib::RingQueue<Reader, kMaxWaiting> rest;
        rest.push(r);
        Reader x;
        while (t.readers.pop(&x)) rest.push(x);
        t.readers = rest;
      }
      return;
    }
    Reader r;
    t.readers.pop(&r);
    answer_reader(t, r);
  }
}

uint64_t Ttysrv::next_deadline() const {
  uint64_t d = kNoDeadline;
  const Tty* all[1 + kMaxPtys] = {console_};
  for (size_t i = 0; i < kMaxPtys; ++i) all[1 + i] = ptys_[i];
  for (const Tty* t : all)
    if (t && !t->readers.empty() && t->readers.front().deadline < d) d = t->readers.front().deadline;
  return d;
}

void Ttysrv::on_deadline(uint64_t now) {
  Tty* all[1 + kMaxPtys] = {console_};
  for (size_t i = 0; i < kMaxPtys; ++i) all[1 + i] = ptys_[i];
  for (Tty* t : all) {
    if (!t) continue;
    while (!t->readers.empty() && t->readers.front().deadline <= now) {
      Reader r;
      t->readers.pop(&r);
      answer_reader(*t, r);  // what is there, perhaps nothing (VTIME expired)
    }
    wake_readers(*t);
  }
}

// --- writes, termios, ioctls -------------------------------------------------

int Ttysrv::write(uint64_t badge, uint64_t tty, lib::Str data, size_t* taken) {
  *taken = 0;
  int e = 0;
  Tty* t = resolve(badge, tty, &e);
  if (!t) return e;
  if (data.size > kMaxMessageBytes) return uapi::kEINVAL;
  if (t->pty && !t->master_open) return uapi::kEIO;  // hung up
  if (t->line.termios().c_lflag & kTOSTOP)
    if (int jc = job_control(*t, badge, uapi::kSIGTTOU); jc != 0) return jc;
  ++counters_.writes;
  if (t->writers.empty() && emit(*t, data)) {
    *taken = data.size;
    return 0;
  }
  Writer w;
  w.len = data.size;
  for (size_t i = 0; i < data.size; ++i) w.bytes[i] = data[i];
  if (t->writers.full() || !ops_.save_caller(&w.slot)) return uapi::kEAGAIN;
  t->writers.push(w);
  return kDeferred;
}

void Ttysrv::wake_writers(Tty& t) {
  while (!t.writers.empty()) {
    const Writer& w = t.writers.front();
    if (!emit(t, lib::Str(w.bytes, w.len))) return;
    Writer done;
    t.writers.pop(&done);
    proto::posix_ttysrv::PosixTtysrvPtyWrite::Reply out{};
    out.taken = done.len;
    lib::Reply rp;
    proto::finish(uapi::TRONA_OK, false, out, &rp);
    ops_.reply_saved(done.slot, rp);  // a writer that went away: its bytes went out anyway, as a write interrupted late
  }
}

int Ttysrv::tcgetattr(uint64_t badge, uint64_t tty, uapi::Termios* out) {
  int e = 0;
  Tty* t = resolve(badge, tty, &e);
  if (!t) return e;
  *out = t->line.termios();
  return 0;
}

int Ttysrv::tcsetattr(uint64_t badge, uint64_t tty, uint64_t when, const uapi::Termios& tm) {
  int e = 0;
  Tty* t = resolve(badge, tty, &e);
  if (!t) return e;
  if (when > kTCSAFLUSH) return uapi::kEINVAL;
  t->line.set_termios(tm, when == kTCSAFLUSH);
  wake_readers(*t);  // a mode change can make a waiting read complete (ICANON off, VMIN 0)
  return 0;
}

int Ttysrv::ioctl(uint64_t badge, uint64_t tty, uint64_t cmd, uint64_t arg, uint64_t out[4]) {
  out[0] = out[1] = out[2] = out[3] = 0;
  int e = 0;
  Tty* t = resolve(badge, tty, &e);
  if (!t) return e;
  switch (cmd) {
    case uapi::kTIOCGWINSZ:
      out[0] = t->ws.ws_row, out[1] = t->ws.ws_col, out[2] = t->ws.ws_xpixel, out[3] = t->ws.ws_ypixel;
      return 0;
    case uapi::kTIOCSWINSZ: {  // arg: rows | cols << 16 | xpixel << 32 | ypixel << 48
      const uapi::Winsize ws{static_cast<uint16_t>(arg), static_cast<uint16_t>(arg >> 16),
                             static_cast<uint16_t>(arg >> 32), static_cast<uint16_t>(arg >> 48)};
      const bool changed = ws.ws_row != t->ws.ws_row || ws.ws_col != t->ws.ws_col ||
                           ws.ws_xpixel != t->ws.ws_xpixel || ws.ws_ypixel != t->ws.ws_ypixel;
      t->ws = ws;
      if (changed && t->fg_pgrp != 0) {
        ++counters_.signals;
        ops_.kill_pgrp(t->fg_pgrp, uapi::kSIGWINCH);
      }
      return 0;
    }
    case uapi::kFIONREAD: out[0] = t->line.available(); return 0;
    case uapi::kTIOCOUTQ: out[0] = t->pty ? t->to_master.size() : 0; return 0;
    case uapi::kTIOCGPGRP: {
      uint64_t pgrp = 0;
      if (int g = get_fg_pgrp(badge, t->id, &pgrp); g != 0) return g;
      out[0] = pgrp;
      return 0;
    }
    case uapi::kTIOCSPGRP: return set_fg_pgrp(badge, t->id, arg);
    case uapi::kTIOCSCTTY: return set_ctty(badge, t->id, arg != 0);
    case uapi::kTIOCNOTTY: return drop_ctty(badge, t->id);
    case uapi::kTIOCGSID: {
      uint64_t pgid = 0, sid = 0;
      if (ops_.ids_of(badge, &pgid, &sid) != 0 || t->sid == 0 || t->sid != sid) return uapi::kENOTTY;
      out[0] = t->sid;
      return 0;
    }
    case uapi::kTIOCGPTN:
      if (!t->pty) return uapi::kENOTTY;
      out[0] = t->id - kFirstPtySlave;
      return 0;
    case uapi::kTIOCSPTLCK: return t->pty ? 0 : uapi::kENOTTY;  // slaves are never locked here
    default: return uapi::kENOTTY;  // as Linux for a request a tty does not know
  }
}

int Ttysrv::poll(uint64_t badge, uint64_t id, uint64_t events, uint64_t* revents) {
  (void)badge;
  *revents = 0;
  Tty* t = find(id == 0 ? kConsoleTty : id);
  if (!t) return uapi::kENXIO;
  uint64_t r = 0;
  if (id >= kFirstPtyMaster) {
    if (!t->to_master.empty()) r |= uapi::kPOLLIN;
    r |= uapi::kPOLLOUT;  // master writes never wait (input beyond the line's room is dropped)
    if (t->slave_closed) r |= uapi::kPOLLHUP;
  } else {
    if (t->pty && !t->master_open) {
      r |= uapi::kPOLLHUP | uapi::kPOLLIN;
    } else if (t->line.canonical() ? t->line.line_ready() : t->line.available() > 0) {
      r |= uapi::kPOLLIN;
    }
    if (!t->pty || (t->master_open && t->to_master.size() < kMasterBytes)) r |= uapi::kPOLLOUT;
  }
  *revents = r & (events | uapi::kPOLLHUP | uapi::kPOLLERR);
  return 0;
}

// --- sessions ------------------------------------------------------------------

int Ttysrv::get_fg_pgrp(uint64_t badge, uint64_t tty, uint64_t* pgrp) {
  Tty* mine = nullptr;
  uint64_t pgid = 0, sid = 0;
  if (int e = controlling(badge, &mine, &pgid, &sid); e != 0) return e;
  if (tty != 0 && mine != find(tty)) return uapi::kENOTTY;  // not the caller's controlling terminal
  *pgrp = mine->fg_pgrp;
  return 0;
}

int Ttysrv::set_fg_pgrp(uint64_t badge, uint64_t tty, uint64_t pgrp) {
  Tty* mine = nullptr;
  uint64_t pgid = 0, sid = 0;
  if (int e = controlling(badge, &mine, &pgid, &sid); e != 0) return e;
  if (tty != 0 && mine != find(tty)) return uapi::kENOTTY;
  if (pgrp == 0 || pgrp > 0x7FFFFFFF) return uapi::kEINVAL;
  uint64_t group_sid = 0;
  if (ops_.sid_of_pid(pgrp, &group_sid) != 0 || group_sid != mine->sid) return uapi::kEPERM;
  mine->fg_pgrp = pgrp;
  return 0;
}

int Ttysrv::set_ctty(uint64_t badge, uint64_t tty, bool steal) {
  int e = 0;
  Tty* t = resolve(badge, tty, &e);
  if (!t) return e;
  uint64_t pgid = 0, sid = 0;
  if (ops_.ids_of(badge, &pgid, &sid) != 0) return uapi::kEPERM;
  if (t->sid == sid) return 0;
  Tty* current = nullptr;
  uint64_t p2 = 0, s2 = 0;
  if (controlling(badge, &current, &p2, &s2) == 0) return uapi::kEPERM;  // the session has one already
  if (t->sid != 0 && !session_alive(t->sid)) {  // its leader exited: the terminal is free (Linux frees it at the exit)
    t->sid = 0;
    t->fg_pgrp = 0;
  }
  if (t->sid != 0 && !steal) return uapi::kEPERM;  // another session's
  t->sid = sid;
  t->fg_pgrp = pgid;
  return 0;
}

// A session lives while its leader (pid == sid) does and still leads it.
bool Ttysrv::session_alive(uint64_t sid) {
  uint64_t leader_sid = 0;
  return ops_.sid_of_pid(sid, &leader_sid) == 0 && leader_sid == sid;
}

int Ttysrv::drop_ctty(uint64_t badge, uint64_t tty) {
  Tty* mine = nullptr;
  uint64_t pgid = 0, sid = 0;
  if (int e = controlling(badge, &mine, &pgid, &sid); e != 0) return e;
  if (tty != 0 && mine != find(tty)) return uapi::kENOTTY;
  mine->sid = 0;
  mine->fg_pgrp = 0;
  return 0;
}

int Ttysrv::input_event(uint64_t badge, lib::Str data) {
  if (badge != 0) return uapi::kEPERM;  // only the console server, on ttysrv's unbadged endpoint
  if (data.size > kMaxMessageBytes) return uapi::kEINVAL;
  if (console_) input(*console_, data);
  return 0;
}

}  // namespace posix_ttysrv
