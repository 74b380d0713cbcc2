// A CNode: 2^size_bits slots plus a guard for depth-addressed lookup.
//
// Slots are stored sparsely, in chunks of kChunkSlots that come into being
// the first time one of their slots is asked for by reference: a process's
// 1024-slot CNode typically uses a handful of slots, and a 65536-slot one
// a few hundred, so building and zeroing every slot up front was most of
// the host cost (time and memory) of creating and deleting a CNode.
// Semantics are those of a dense array: a slot nobody touched is empty,
// slot addresses never move (the derivation tree links slots by pointer),
// and iteration (for_each_slot) visits slots in index order.
#pragma once

#include <memory>
#include <vector>

#include "kernel_model/cspace/cap.h"

namespace kmodel {

class CNode final : public KObject {
 public:
  // TCBs whose CSpace root this is: weak links, cleared at teardown.
  std::vector<Tcb*> tcb_links;
  static constexpr unsigned kChunkBits = 4;
  static constexpr Word kChunkSlots = Word{1} << kChunkBits;
  static_assert(kChunkBits <= abi::kCNodeMinBits, "a chunk never reaches past the last slot");

  explicit CNode(unsigned size_bits)
      : KObject(abi::OBJ_CNODE), size_bits(size_bits), chunks_(new std::unique_ptr<Slot[]>[chunk_count()]()) {}

  Word num_slots() const { return Word{1} << size_bits; }

  // The slot at `i` (< num_slots()), materialising its chunk.
  Slot& slot(Word i) {
    std::unique_ptr<Slot[]>& c = chunks_[i >> kChunkBits];
    if (!c) [[unlikely]] materialise(c, i & ~(kChunkSlots - 1));
    return c[i & (kChunkSlots - 1)];
  }
  // Read-only view: a slot never touched reads as an empty one.
  const Slot& slot(Word i) const {
    const std::unique_ptr<Slot[]>& c = chunks_[i >> kChunkBits];
    return c ? c[i & (kChunkSlots - 1)] : empty_slot();
  }

  bool all_empty() const {
    bool empty = true;
    for_each_slot([&](const Slot& s) { empty = empty && s.cap.empty(); });
    return empty;
  }

  // Every slot that may hold a cap, in index order (untouched chunks are
  // skipped: they are empty). `f` may touch other slots of this CNode.
  template <class F>
  void for_each_slot(F&& f) {
    for (Word c = 0; c < chunk_count(); ++c)
      if (chunks_[c])
        for (Word i = 0; i < kChunkSlots; ++i) f(chunks_[c][i]);
  }
  template <class F>
  void for_each_slot(F&& f) const {
    for (Word c = 0; c < chunk_count(); ++c)
      if (chunks_[c])
        for (Word i = 0; i < kChunkSlots; ++i) f(static_cast<const Slot&>(chunks_[c][i]));
  }

  unsigned size_bits;
  Word guard = 0;
  unsigned guard_bits = 0;

 private:
  Word chunk_count() const { return size_bits > kChunkBits ? Word{1} << (size_bits - kChunkBits) : 1; }

  void materialise(std::unique_ptr<Slot[]>& c, Word first) {
    c.reset(new Slot[kChunkSlots]);
    for (Word i = 0; i < kChunkSlots; ++i) {
      c[i].owner = this;
      c[i].index = first + i;
    }
  }

  static const Slot& empty_slot() {
    static const Slot s;
    return s;
  }

  std::unique_ptr<std::unique_ptr<Slot[]>[]> chunks_;
};

}  // namespace kmodel
