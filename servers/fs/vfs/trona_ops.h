// fs/vfs/trona_ops.h — vfs::Ops on the trona interface: the clock, reply
// caps saved into a range of the VFS's own CSpace (kSavedSlotBase ..
// + kSavedSlots; the unit gives it CNodeBits=12), the kernel's random
// stream, and the debug console. Built with the program, not the logic.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fs/vfs/ops.h"
#include "trona/core/saved_callers.h"

namespace vfs {

// The VFS's CSpace: 32 the service endpoint (init's pre-created one), 64 ttysrv's,
// 27..30 receive slots, 31 the probe slot, saved reply caps from 2048.
inline constexpr uint64_t kServiceEndpointSlot = 32;
inline constexpr uint64_t kRecvSlot = 27;
inline constexpr uint64_t kProbeSlot = 31;
// posix_ttysrv's endpoint (the unit's NeedEP=ttysrv:64, with --ttysrv).
inline constexpr uint64_t kTtysrvSlot = 64;
inline constexpr uint64_t kSavedSlotBase = 2048;
inline constexpr size_t kSavedSlots = 2048;

class TronaOps final : public Ops {
 public:
  int64_t now_ns() override;
  uint64_t monotonic_ns() override;
  bool save_caller(uint64_t* slot) override;
  bool reply_saved(uint64_t slot, const lib::Reply& rp) override;
  void drop_saved(uint64_t slot) override;
  void random_bytes(char* out, size_t n) override;
  bool map_window(uint64_t shm_id, uint64_t* va) override;
  bool create_segment(uint64_t shm_id, uint64_t pages) override;
  void drop_window(uint64_t shm_id, uint64_t va) override;
  void copy_in(void* dst, uint64_t va, size_t n) override;
  void copy_out(uint64_t va, const void* src, size_t n) override;
  void console_write(const char* data, size_t n) override;
  void pty_closed(uint64_t pty, bool master) override;
  int fs_mount(uint64_t slot, uint64_t* root_ino) override;
  int fs_lookup(uint64_t slot, uint64_t dir, lib::Str name, FsAttrs* out) override;
  int fs_read(uint64_t slot, uint64_t ino, uint64_t offset, char* out, size_t count, size_t* got) override;
  int fs_readdir(uint64_t slot, uint64_t dir, uint64_t cookie, uint64_t* next, uint64_t* ino, uint32_t* type,
                 char* name, size_t cap, size_t* len) override;
  int fs_create(uint64_t slot, uint64_t dir, lib::Str name, bool directory, uint32_t mode, uint32_t uid, uint32_t gid,
                FsAttrs* out) override;
  int fs_remove(uint64_t slot, uint64_t dir, lib::Str name, bool directory) override;
  int fs_write(uint64_t slot, uint64_t ino, uint64_t offset, const char* data, size_t n, size_t* written,
               uint64_t* size) override;
  int fs_truncate(uint64_t slot, uint64_t ino, uint64_t length) override;
  int fs_symlink(uint64_t slot, uint64_t dir, lib::Str name, lib::Str target, uint32_t uid, uint32_t gid,
                 FsAttrs* out) override;
  int fs_readlink(uint64_t slot, uint64_t ino, char* out, size_t cap, size_t* len) override;
  int fs_setattr(uint64_t slot, uint64_t ino, uint32_t mode, uint32_t uid, uint32_t gid) override;
  int fs_rename(uint64_t slot, uint64_t from_dir, lib::Str from, uint64_t to_dir, lib::Str to) override;
  int fs_link(uint64_t slot, uint64_t ino, uint64_t dir, lib::Str name) override;
  int fs_xattr(uint64_t slot, uint64_t ino, int op, lib::Str name, char* buf, size_t cap, size_t* len,
               uint64_t xflags) override;
  int fs_shm_setup(uint64_t slot, uint64_t shm_id, uint64_t pages) override;
  int fs_bulk(uint64_t slot, bool write, uint64_t ino, uint64_t offset, size_t count, uint64_t shm_offset,
              size_t* done, uint64_t* size) override;
  void fs_release(uint64_t slot) override;

 private:
  trona::SavedCallers<kSavedSlotBase, kSavedSlots> saved_;
};

}  // namespace vfs
