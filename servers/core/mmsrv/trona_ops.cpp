// mmsrv/trona_ops.cpp — the kernel work behind mmsrv::Ops (trona_ops.h).
#include "core/mmsrv/trona_ops.h"

#include "trona/core/syscall.h"

namespace mmsrv {

using namespace uapi;

namespace {

constexpr uint64_t kUntypedLast = SLOT_BOOTSTRAP_PRIVATE_BASE - 1;  // 16..31

uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0) {
  return trona::invoke(cap, label, a0, a1, a2, a3).error;
}

}  // namespace

uint64_t TronaOps::make_zero_page() {
  uint64_t st = TRONA_OUT_OF_MEMORY;
  for (uint64_t s = layout_.untyped_first; s <= kUntypedLast; s = s == layout_.untyped_first ? SLOT_UNTYPED_BASE : s + 1) {
    st = inv(s, UNTYPED_RETYPE, OBJ_FRAME, 12, layout_.zero_frame_slot);
    if (st == TRONA_OK) break;
  }
  if (st != TRONA_OK) return st;
  return inv(SLOT_SELF_VSPACE, VSPACE_MAP, layout_.zero_frame_slot, layout_.zero_va, VSPACE_USER);
}

uint64_t TronaOps::retype_frame(uint16_t f) {
  // Untypeds: slot 7, then 16..31; the last one that worked first.
  static constexpr size_t kSources = 1 + (kUntypedLast - SLOT_UNTYPED_BASE + 1);
  for (size_t k = 0; k < kSources; ++k) {
    size_t idx = (untyped_cursor_ + k) % kSources;
    uint64_t slot = idx == 0 ? layout_.untyped_first : SLOT_UNTYPED_BASE + idx - 1;
    if (inv(slot, UNTYPED_RETYPE, OBJ_FRAME, 12, frame_slot(f)) == TRONA_OK) {
      untyped_cursor_ = idx;
      return TRONA_OK;
    }
  }
  return TRONA_OUT_OF_MEMORY;
}

// A reused frame is zeroed by copying the zero page into it.
uint64_t TronaOps::zero_frame(uint16_t f) {
  return inv(SLOT_SELF_VSPACE, VSPACE_COPY_PAGE, layout_.zero_va, frame_slot(f));
}

uint64_t TronaOps::replace_slot(uint64_t slot, uint64_t from_slot) {
  inv(SLOT_SELF_CNODE, CNODE_DELETE, slot);
  return inv(SLOT_SELF_CNODE, CNODE_MOVE, slot, SLOT_SELF_CNODE, from_slot);
}

uint64_t TronaOps::adopt_vspace(int c, uint64_t from_slot) { return replace_slot(vspace_slot(c), from_slot); }

void TronaOps::drop_vspace(int c) {
  for (size_t j = 0; j < kMaxMapCopies; ++j)
    if (copies_[j].used && copies_[j].client == c) drop_copy(j);
  inv(SLOT_SELF_CNODE, CNODE_DELETE, vspace_slot(c));
}

int TronaOps::find_copy(int c, uint64_t va) const {
  for (size_t j = 0; j < kMaxMapCopies; ++j)
    if (copies_[j].used && copies_[j].client == c && copies_[j].va == va) return int(j);
  return -1;
}

void TronaOps::drop_copy(size_t j) {
  inv(SLOT_SELF_CNODE, CNODE_DELETE, copy_slot(j));
  copies_[j] = MapCopy();
}

uint64_t TronaOps::map_through_copy(int c, uint64_t va, uint16_t f, uint64_t flags) {
  size_t j = 0;
  while (j < kMaxMapCopies && copies_[j].used) ++j;
  if (j == kMaxMapCopies) return TRONA_OUT_OF_MEMORY;
  uint64_t st = inv(SLOT_SELF_CNODE, CNODE_COPY, frame_slot(f), SLOT_SELF_CNODE, copy_slot(j), RIGHTS_ALL);
  if (st != TRONA_OK) return st;
  st = inv(vspace_slot(c), VSPACE_MAP, copy_slot(j), va, flags);
  if (st != TRONA_OK) {
    inv(SLOT_SELF_CNODE, CNODE_DELETE, copy_slot(j));
    return st;
  }
  copies_[j] = {true, uint8_t(c), va};
  return TRONA_OK;
}

uint64_t TronaOps::map_page(int c, uint64_t va, uint16_t f, uint64_t flags) {
  int stale = find_copy(c, va);  // a copy whose page COW or the kernel replaced
  if (stale >= 0) drop_copy(size_t(stale));
  uint64_t st = inv(vspace_slot(c), VSPACE_MAP, frame_slot(f), va, flags);
  // INVALID_CAPABILITY: frame f's cap maps another page already.
  return st == TRONA_INVALID_CAPABILITY ? map_through_copy(c, va, f, flags) : st;
}

// The copy goes after the unmap: the lenient kernel leaves the page when
// its cap is deleted.
uint64_t TronaOps::unmap_page(int c, uint64_t va) {
  uint64_t st = inv(vspace_slot(c), VSPACE_UNMAP, va);
  int j = find_copy(c, va);
  if (j >= 0) drop_copy(size_t(j));
  return st;
}

uint64_t TronaOps::protect_page(int c, uint64_t va, uint64_t flags) {
  return inv(vspace_slot(c), VSPACE_PROTECT, va, flags);
}

uint64_t TronaOps::clone_cow(int from, uint64_t va, int to) {
  return inv(vspace_slot(from), VSPACE_CLONE_COW_PAGE, va, vspace_slot(to), va);
}

// COW_RESOLVE puts a new entry at `va` that no cap maps: a copy that
// mapped the old one is spent.
uint64_t TronaOps::cow_resolve(int c, uint64_t va, uint16_t f, uint64_t flags) {
  uint64_t st = inv(vspace_slot(c), VSPACE_COW_RESOLVE, va, frame_slot(f), flags);
  int j = st == TRONA_OK ? find_copy(c, va) : -1;
  if (j >= 0) drop_copy(size_t(j));
  return st;
}

uint64_t TronaOps::copy_page(int src, uint64_t src_va, uint16_t f) {
  return inv(vspace_slot(src), VSPACE_COPY_PAGE, src_va, frame_slot(f));
}

uint64_t TronaOps::adopt_observer(uint64_t from_slot) { return replace_slot(layout_.observer_slot, from_slot); }

void TronaOps::signal_observer() { trona::signal(layout_.observer_slot, 1); }

}  // namespace mmsrv
