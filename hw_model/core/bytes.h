// Little-endian loads and stores of 1/2/4/8-byte register values into byte
// arrays (config spaces, descriptors, headers).
#pragma once

#include <cstdint>
#include <cstring>

namespace hw {

inline std::uint64_t load_le(const std::uint8_t* p, unsigned size) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < size; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

inline void store_le(std::uint8_t* p, unsigned size, std::uint64_t v) {
  for (unsigned i = 0; i < size; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// Reads `size` bytes at `offset` of a register file of `len` bytes; bytes
// past the end read as zero.
inline std::uint64_t load_le_bounded(const std::uint8_t* base, std::uint64_t len, std::uint64_t offset,
                                     unsigned size) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < size; ++i)
    if (offset + i < len) v |= std::uint64_t{base[offset + i]} << (8 * i);
  return v;
}

inline void store_le_bounded(std::uint8_t* base, std::uint64_t len, std::uint64_t offset, unsigned size,
                             std::uint64_t v) {
  for (unsigned i = 0; i < size; ++i)
    if (offset + i < len) base[offset + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace hw
