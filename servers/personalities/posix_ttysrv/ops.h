// personalities/posix_ttysrv/ops.h — ttysrv's seam to the rest of the
// system: saved reply caps (a read with nothing typed is answered later),
// procmgr (who a caller is, signals to a process group), the console
// (what the console line prints) and the clock. TronaOps (trona_ops.h) is
// the real one; the tests drive Ttysrv with a fake. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/message.h"

namespace posix_ttysrv {

class Ops {
 public:
  // CNODE_SAVE_CALLER into a free slot; false when none is free.
  virtual bool save_caller(uint64_t* slot) = 0;
  // Answers a saved caller and frees its slot; false when the caller was
  // gone (interrupted by a signal, killed): nothing it was sent is lost.
  virtual bool reply_saved(uint64_t slot, const lib::Reply& rp) = 0;
  // The process group and session of the process a badge belongs to
  // (PM_GETPGID_BADGE, PM_GETSID_BADGE); an errno when procmgr does not know it.
  virtual int ids_of(uint64_t badge, uint64_t* pgid, uint64_t* sid) = 0;
  // The session of process `pid` (PM_GETSID); an errno when there is none.
  virtual int sid_of_pid(uint64_t pid, uint64_t* sid) = 0;
  // A signal to every process of group `pgrp` (PM_KILL_PGID).
  virtual void kill_pgrp(uint64_t pgrp, int sig) = 0;
  // Bytes for the console line's device (CONSOLE_WRITE; waits until taken).
  virtual void console_write(const char* data, size_t n) = 0;
  // CLOCK_MONOTONIC in ns (VTIME).
  virtual uint64_t monotonic_ns() = 0;

 protected:
  ~Ops() = default;
};

}  // namespace posix_ttysrv
