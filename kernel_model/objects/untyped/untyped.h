// Untyped memory: a power-of-two physical region that objects are carved
// out of, one per UNTYPED_RETYPE, at an aligned watermark.
#pragma once

#include "kernel_model/objects/object.h"

namespace kmodel {

class Untyped final : public KObject {
 public:
  Untyped(Word base, unsigned size_bits, bool device)
      : KObject(abi::OBJ_UNTYPED), base(base), size_bits(size_bits), device(device) {}
  Word size() const { return Word{1} << size_bits; }
  Word free_bytes() const { return size() - watermark; }

  Word base;
  unsigned size_bits;
  bool device;
  Word watermark = 0;            // offset of the first free byte
  std::uint32_t live_children = 0;  // objects carved out and still alive
};

}  // namespace kmodel
