// fs/vfs/ops.h — what the VFS logic needs from the kernel, as a seam: the
// clock, saved reply caps for calls answered later (a blocked pipe read),
// and the bytes of the random devices. trona_ops.cpp implements it with
// trona calls; tests use their own.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/message.h"

namespace vfs {

struct Ops {
  virtual int64_t now_ns() = 0;  // CLOCK_REALTIME (file times)
  virtual uint64_t monotonic_ns() = 0;  // CLOCK_MONOTONIC (poll/epoll timeouts)
  // Keeps the reply cap of the call being handled in a slot of its own;
  // false when none is free (the call then fails with EAGAIN).
  virtual bool save_caller(uint64_t* slot) = 0;
  // Answers the saved caller with `rp` (status, MRs; no caps) and frees
  // the slot; false when the caller no longer waits (it was killed or
  // interrupted): nothing was delivered.
  virtual bool reply_saved(uint64_t slot, const lib::Reply& rp) = 0;
  // Frees the slot without an answer (the client is gone).
  virtual void drop_saved(uint64_t slot) = 0;
  // /dev/random and /dev/urandom: the kernel's stream (the run's seed in
  // the simulator).
  virtual void random_bytes(char* out, size_t n) = 0;
  // Bulk windows (VFS_BULK_*): the client's SHM segment mapped into the
  // VFS (MM_SHM_MAP; false when mmsrv refuses), unmapped and destroyed when
  // the client goes, and copies to and from it (trona/core/memory.h).
  virtual bool map_window(uint64_t shm_id, uint64_t* va) = 0;
  // A new segment of `pages` (the VFS's own, for a /dev/shm object).
  virtual bool create_segment(uint64_t shm_id, uint64_t pages) = 0;
  virtual void drop_window(uint64_t shm_id, uint64_t va) = 0;
  virtual void copy_in(void* dst, uint64_t va, size_t n) = 0;
  virtual void copy_out(uint64_t va, const void* src, size_t n) = 0;
  // /dev/console and /dev/tty until the console server exists.
  virtual void console_write(const char* data, size_t n) = 0;

 protected:
  ~Ops() = default;
};

}  // namespace vfs
