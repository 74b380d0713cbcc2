// A block of device registers (I/O ports or MMIO), addressed by the offset
// from the base where it is currently decoded.
#pragma once

#include <cstdint>

namespace hw {

class IoHandler {
 public:
  virtual ~IoHandler() = default;
  // size is 1, 2, 4 or 8; reads of registers that do not exist return 0.
  virtual std::uint64_t read(std::uint64_t offset, unsigned size) = 0;
  virtual void write(std::uint64_t offset, unsigned size, std::uint64_t value) = 0;
};

}  // namespace hw
