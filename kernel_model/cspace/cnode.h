// A CNode: 2^size_bits slots plus a guard for depth-addressed lookup.
#pragma once

#include <memory>

#include "kernel_model/cspace/cap.h"

namespace kmodel {

class CNode final : public KObject {
 public:
  explicit CNode(unsigned size_bits)
      : KObject(abi::OBJ_CNODE), size_bits(size_bits), slots_(new Slot[Word{1} << size_bits]) {
    for (Word i = 0; i < num_slots(); ++i) {
      slots_[i].owner = this;
      slots_[i].index = i;
    }
  }
  Word num_slots() const { return Word{1} << size_bits; }
  Slot& slot(Word i) { return slots_[i]; }
  const Slot& slot(Word i) const { return slots_[i]; }
  bool all_empty() const {
    for (Word i = 0; i < num_slots(); ++i)
      if (!slots_[i].cap.empty()) return false;
    return true;
  }

  unsigned size_bits;
  Word guard = 0;
  unsigned guard_bits = 0;

 private:
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace kmodel
