// fs/vfs/ops.h — what the VFS logic needs from the kernel, as a seam: the
// clock, saved reply caps for calls answered later (a blocked pipe read),
// and the bytes of the random devices. trona_ops.cpp implements it with
// trona calls; tests use their own.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/message.h"
#include "lib/span.h"

namespace vfs {

// A file-system server's answer for one inode (SALTYFS_LOOKUP / STAT).
struct FsAttrs {
  uint64_t ino = 0, mode = 0, nlink = 0, size = 0, uid = 0, gid = 0, mtime_ns = 0, type = 0;
};

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
  // File-system servers behind the mount table (SALTYFS_* on the endpoint
  // kept at `slot`): errno results. fs_release deletes the cap.
  virtual int fs_mount(uint64_t slot, uint64_t* root_ino) = 0;
  virtual int fs_lookup(uint64_t slot, uint64_t dir, lib::Str name, FsAttrs* out) = 0;
  virtual int fs_read(uint64_t slot, uint64_t ino, uint64_t offset, char* out, size_t count, size_t* got) = 0;
  virtual int fs_readdir(uint64_t slot, uint64_t dir, uint64_t cookie, uint64_t* next, uint64_t* ino, uint32_t* type,
                         char* name, size_t cap, size_t* len) = 0;
  // The change side: a new file or directory (its attributes), removal,
  // a write (bytes taken, the size after), a truncate.
  virtual int fs_create(uint64_t slot, uint64_t dir, lib::Str name, bool directory, uint32_t mode, uint32_t uid,
                        uint32_t gid, FsAttrs* out) = 0;
  virtual int fs_remove(uint64_t slot, uint64_t dir, lib::Str name, bool directory) = 0;
  virtual int fs_write(uint64_t slot, uint64_t ino, uint64_t offset, const char* data, size_t n, size_t* written,
                       uint64_t* size) = 0;
  virtual int fs_truncate(uint64_t slot, uint64_t ino, uint64_t length) = 0;
  virtual int fs_symlink(uint64_t slot, uint64_t dir, lib::Str name, lib::Str target, uint32_t uid, uint32_t gid,
                         FsAttrs* out) = 0;
  virtual int fs_readlink(uint64_t slot, uint64_t ino, char* out, size_t cap, size_t* len) = 0;
  virtual int fs_rename(uint64_t slot, uint64_t from_dir, lib::Str from, uint64_t to_dir, lib::Str to) = 0;
  virtual int fs_link(uint64_t slot, uint64_t ino, uint64_t dir, lib::Str name) = 0;
  // Extended attributes (SALTYFS_*XATTR): op 0 get (into buf, *len), 1 set
  // (buf[0..len), xflags), 2 remove, 3 list (names into buf, *len).
  virtual int fs_xattr(uint64_t slot, uint64_t ino, int op, lib::Str name, char* buf, size_t cap, size_t* len,
                       uint64_t xflags) = 0;
  // uid/gid ~0u: unchanged; mode ~0u: chown only.
  virtual int fs_setattr(uint64_t slot, uint64_t ino, uint32_t mode, uint32_t uid, uint32_t gid) = 0;
  // The mount's data window (SALTYFS_SHM_SETUP) and the data moved through it.
  virtual int fs_shm_setup(uint64_t slot, uint64_t shm_id, uint64_t pages) = 0;
  virtual int fs_bulk(uint64_t slot, bool write, uint64_t ino, uint64_t offset, size_t count, uint64_t shm_offset,
                      size_t* done, uint64_t* size) = 0;
  virtual void fs_release(uint64_t slot) = 0;
  // /dev/console and /dev/tty until the console server exists.
  virtual void console_write(const char* data, size_t n) = 0;
  // A side of a pty lost its last open file: a /dev/ptmx file bound to
  // master id `pty` (posix_ttysrv hangs the slave up), or every open file
  // of /dev/pts/N, slave id `pty`. PTY_CLOSE, sent without waiting: the
  // VFS never waits for ttysrv.
  virtual void pty_closed(uint64_t pty, bool master) = 0;

 protected:
  ~Ops() = default;
};

}  // namespace vfs
