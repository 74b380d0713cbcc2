// mmsrv/trona_ops.h — mmsrv::Ops implemented with trona invocations on
// mmsrv's own CSpace (flat addressing). Built with the program (main.cpp),
// not the logic library.
//
// mmsrv's CSpace (CNodeBits >= 12; Layout): untypeds at slot 7 (the child
// untyped of a server) and 16..31, the service endpoint at 64 (the first
// injected slot), the fault observer (MM_REGISTER_PAGER_EP) at 65, the zero
// frame at 66 (mapped read-only at 0x1FFF_8000, the zeroing window, in
// mmsrv's own VSpace), client i's VSpace at 128 + i, frame i at 1024 + i,
// the extra mapping caps at 3072 + j.
//
// One frame cap per mapping (seL4: a frame cap maps at one address at a
// time). A page is mapped through frame i's own cap when that cap is free;
// when it is mapped already (the kernel answers INVALID_CAPABILITY: a
// shared region or SHM page in a second client, a fork's shared page),
// the cap is CNODE_COPY'd into a free mapping slot and the page is mapped
// through the copy. The copy is deleted when that page is unmapped, its
// PTE replaced by COW_RESOLVE, or its client's VSpace dropped.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/mmsrv/ops.h"
#include "uapi/kernel_abi.h"

namespace mmsrv {

// mmsrv's CSpace (flat). CNodeBits >= 12.
struct Layout {
  uint64_t untyped_first = uapi::SLOT_CHILD_UNTYPED;  // 7, then 16..31
  uint64_t service_ep = uapi::SLOT_INJECTED_BASE;     // 64
  uint64_t observer_slot = 65;                        // fault observer (MM_REGISTER_PAGER_EP)
  uint64_t zero_frame_slot = 66;                      // a never-written frame, mapped at zero_va
  uint64_t zero_va = 0x1FFF'8000;                     // the zeroing window (kernel-abi.md §7)
  uint64_t vspace_slot_base = 128;                    // client i's VSpace cap at 128 + i
  uint64_t frame_slot_base = 1024;                    // frame i at 1024 + i
  uint64_t map_slot_base = 3072;                      // extra mapping cap j at 3072 + j
};

// The extra mapping caps mmsrv can hold at once (slots 3072..4095).
inline constexpr size_t kMaxMapCopies = 1024;

// A mapping made through a copy of a frame cap (slot map_slot_base + index).
struct MapCopy {
  bool used = false;
  uint8_t client = 0;
  uint64_t va = 0;
};

class TronaOps final : public Ops {
 public:
  explicit TronaOps(const Layout& layout = Layout()) : layout_(layout) {}

  uint64_t make_zero_page() override;
  uint64_t retype_frame(uint16_t f) override;
  uint64_t zero_frame(uint16_t f) override;
  uint64_t adopt_vspace(int c, uint64_t from_slot) override;
  void drop_vspace(int c) override;
  uint64_t map_page(int c, uint64_t va, uint16_t f, uint64_t flags) override;
  uint64_t unmap_page(int c, uint64_t va) override;
  uint64_t protect_page(int c, uint64_t va, uint64_t flags) override;
  uint64_t clone_cow(int from, uint64_t va, int to) override;
  uint64_t cow_resolve(int c, uint64_t va, uint16_t f, uint64_t flags) override;
  uint64_t copy_page(int src, uint64_t src_va, uint16_t f) override;
  uint64_t adopt_observer(uint64_t from_slot) override;
  void signal_observer() override;

 private:
  uint64_t frame_slot(uint16_t f) const { return layout_.frame_slot_base + f; }
  uint64_t vspace_slot(int c) const { return layout_.vspace_slot_base + static_cast<uint64_t>(c); }
  // Keeps the cap that arrived in `from_slot` in `slot` (emptied first).
  static uint64_t replace_slot(uint64_t slot, uint64_t from_slot);
  uint64_t copy_slot(size_t j) const { return layout_.map_slot_base + j; }
  // The copy that maps client c's `va`, -1 when none.
  int find_copy(int c, uint64_t va) const;
  // Deletes copy j (its page, if still mapped through it, goes too).
  void drop_copy(size_t j);
  // Maps `va` through a fresh copy of frame f's cap.
  uint64_t map_through_copy(int c, uint64_t va, uint16_t f, uint64_t flags);

  Layout layout_;
  MapCopy copies_[kMaxMapCopies];
  size_t untyped_cursor_ = 0;  // retype_frame: the untyped that worked last (0 = slot 7, k = 15 + k)
};

}  // namespace mmsrv
