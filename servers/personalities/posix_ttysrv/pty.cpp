// Ttysrv's pseudo-terminals (ttysrv.h): allocation, the master side
// (what the slave wrote, input to the slave) and closing either side.
#include "personalities/posix_ttysrv/ttysrv.h"

#include "proto/posix_ttysrv.h"
#include "lib/proto_call.h"
#include "uapi/errno_status.h"
#include "uapi/linux_numbers.h"

namespace posix_ttysrv {

int Ttysrv::pty_alloc(uint64_t* master, uint64_t* slave) {
  for (size_t i = 0; i < kMaxPtys; ++i) {
    if (ptys_[i]) continue;
    Tty* t = heap_.make<Tty>();
    if (!t) return uapi::kENOMEM;
    t->id = kFirstPtySlave + i;
    t->pty = true;
    t->master_open = true;
    ptys_[i] = t;
    *master = kFirstPtyMaster + i;
    *slave = t->id;
    ++counters_.ptys_allocated;
    return 0;
  }
  return uapi::kENOSPC;  // Linux: ENOSPC when /dev/ptmx has no pty left
}

int Ttysrv::pty_collect(uint64_t master, size_t max, char* out, size_t* got) {
  *got = 0;
  if (master < kFirstPtyMaster) return uapi::kEINVAL;
  Tty* t = find(master);
  if (!t || !t->master_open) return uapi::kEBADF;
  if (max > kMaxMessageBytes) max = kMaxMessageBytes;
  if (!t->to_master.empty() && t->collectors.empty()) {
    while (*got < max && t->to_master.pop(&out[*got])) ++*got;
    wake_writers(*t);
    return 0;
  }
  if (t->slave_closed) return 0;  // the slave side is gone: end of file
  Collector c;
  c.max = max;
  if (t->collectors.full() || !ops_.save_caller(&c.slot)) return uapi::kEAGAIN;
  t->collectors.push(c);
  return kDeferred;
}

void Ttysrv::wake_collectors(Tty& t) {
  while (!t.collectors.empty() && (!t.to_master.empty() || t.slave_closed)) {
    Collector c;
    t.collectors.pop(&c);
    proto::posix_ttysrv::PosixTtysrvPtyCollect::Reply out{};
    lib::RingQueue<char, kMasterBytes> before = t.to_master;
    while (out.data_len < c.max && t.to_master.pop(&out.data_buf[out.data_len])) ++out.data_len;
    lib::Reply rp;
    proto::finish(uapi::TRONA_OK, false, out, &rp);
    if (!ops_.reply_saved(c.slot, rp)) t.to_master = before;  // nobody took them: the bytes stay
  }
  wake_writers(t);
}

int Ttysrv::pty_master_write(uint64_t master, lib::Str data, size_t* taken) {
  *taken = 0;
  if (master < kFirstPtyMaster) return uapi::kEINVAL;
  Tty* t = find(master);
  if (!t || !t->master_open) return uapi::kEBADF;
  if (data.size > kMaxMessageBytes) return uapi::kEINVAL;
  if (t->slave_closed) return uapi::kEIO;
  input(*t, data);
  *taken = data.size;
  return 0;
}

// The master's end hangs the slave up: readers get end of file, writers
// EIO, and the foreground group SIGHUP (as Linux's tty_vhangup).
void Ttysrv::hang_up(Tty& t) {
  t.master_open = false;
  while (!t.readers.empty()) {
    Reader r;
    t.readers.pop(&r);
    answer_reader(t, r);
  }
  Writer w;
  while (t.writers.pop(&w)) {
    lib::Reply rp;
    rp.status(uapi::status_from_errno(uapi::kEIO));
    ops_.reply_saved(w.slot, rp);
  }
  if (t.fg_pgrp != 0) {
    ++counters_.signals;
    ops_.kill_pgrp(t.fg_pgrp, uapi::kSIGHUP);
  }
  t.sid = t.fg_pgrp = 0;
}

void Ttysrv::release(Tty* t) {
  for (size_t i = 0; i < kMaxPtys; ++i)
    if (ptys_[i] == t) ptys_[i] = nullptr;
  heap_.destroy(t);
}

int Ttysrv::pty_close(uint64_t id, uint64_t side) {
  if (side > 1) return uapi::kEINVAL;
  Tty* t = find(id);
  if (!t || !t->pty) return uapi::kEBADF;
  if (side == 0) {
    if (!t->master_open) return uapi::kEBADF;
    hang_up(*t);
  } else {
    if (t->slave_closed) return uapi::kEBADF;
    t->slave_closed = true;
    wake_collectors(*t);  // a master read sees the end
  }
  if (!t->master_open && t->slave_closed) release(t);
  return 0;
}

}  // namespace posix_ttysrv
