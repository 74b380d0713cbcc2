// vfs::TronaOps (fs/vfs/trona_ops.h).
#include "fs/vfs/trona_ops.h"

#include "trona/clients/mmsrv_client.h"
#include "trona/core/memory.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0 = 0, uint64_t a1 = 0) {
  return trona::invoke(cap, label, a0, a1).error;
}

}  // namespace

int64_t TronaOps::now_ns() {
  trona::SysResult r = trona::clock_gettime(uapi::kClockRealtime);
  return r.ok() ? static_cast<int64_t>(r.value) : 0;
}

uint64_t TronaOps::monotonic_ns() { return trona::clock_gettime(uapi::kClockMonotonic).value; }

bool TronaOps::save_caller(uint64_t* slot) {
  size_t i = used_.find_clear();
  if (i == lib::Bitmap<kSavedSlots>::npos) return false;
  const uint64_t s = kSavedSlotBase + i;
  inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, s);
  if (inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_SAVE_CALLER, s) != uapi::TRONA_OK) return false;
  used_.set(i);
  *slot = s;
  return true;
}

void TronaOps::free_slot(uint64_t slot) {
  inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot);
  if (slot >= kSavedSlotBase && slot < kSavedSlotBase + kSavedSlots) used_.clear(slot - kSavedSlotBase);
}

bool TronaOps::reply_saved(uint64_t slot, const lib::Reply& rp) {
  uapi::IpcBuffer* ipc = trona::ipc_buffer();
  for (size_t i = uapi::kRegisterMessageRegisters; i < rp.length; ++i) ipc->mr(i) = rp.mr[i];
  const bool taken =
      trona::send(slot, uapi::msginfo(rp.label, rp.length, 0), rp.mr[0], rp.mr[1], rp.mr[2], rp.mr[3]).ok();
  free_slot(slot);
  return taken;
}

void TronaOps::drop_saved(uint64_t slot) { free_slot(slot); }

void TronaOps::random_bytes(char* out, size_t n) {
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = trona::getrandom().value;
    for (size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<char>(v >> (8 * j));
  }
}

bool TronaOps::map_window(uint64_t shm_id, uint64_t* va) {
  return trona::MmsrvClient().shm_map(shm_id, 0, 0, uapi::kPROT_READ | uapi::kPROT_WRITE, va) == 0;
}

bool TronaOps::create_segment(uint64_t shm_id, uint64_t pages) {
  return trona::MmsrvClient().shm_create(shm_id, pages) == 0;
}

// The VFS's mapping goes, then the segment (the client's own mapping went
// with its address space; mmsrv refuses while any is left).
void TronaOps::drop_window(uint64_t shm_id, uint64_t va) {
  trona::MmsrvClient mm;
  mm.shm_unmap(shm_id, 0, va);
  mm.shm_destroy(shm_id);
}

void TronaOps::copy_in(void* dst, uint64_t va, size_t n) { trona::copy_from_va(dst, va, n); }
void TronaOps::copy_out(uint64_t va, const void* src, size_t n) { trona::copy_to_va(va, src, n); }

void TronaOps::console_write(const char* data, size_t n) { trona::debug_putbuf(data, n); }

}  // namespace vfs
