// A split virtqueue in guest physical memory (descriptor table, available
// ring, used ring), seen from the device side: pop the next available
// descriptor chain, push it to the used ring. Shared by blk and net, and
// by both transports (legacy: one PFN; modern: three addresses).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "hw_model/mem/phys_mem.h"

namespace hw {

struct VqBuffer {
  PAddr addr = 0;
  std::uint32_t len = 0;
  bool writable = false;
};

struct VqChain {
  std::uint16_t head = 0;
  std::vector<VqBuffer> bufs;  // readable ones first, then writable ones
  std::uint64_t readable = 0;  // bytes
  std::uint64_t writable = 0;
};

class SplitVirtqueue {
 public:
  enum class Pop { Empty, Ok, Error };

  SplitVirtqueue(PhysMem& mem, std::uint16_t max_size) : mem_(mem), max_size_(max_size), size_(max_size) {}

  // --- transport side ---
  void reset();
  std::uint16_t max_size() const { return max_size_; }
  std::uint16_t size() const { return size_; }
  void set_size(std::uint16_t n);  // modern: power of two <= max
  void set_addresses(PAddr desc, PAddr avail, PAddr used) { desc_ = desc, avail_ = avail, used_ = used; }
  PAddr desc_addr() const { return desc_; }
  PAddr avail_addr() const { return avail_; }
  PAddr used_addr() const { return used_; }
  void set_enabled(bool on) { enabled_ = on; }
  bool enabled() const { return enabled_; }
  // Legacy: the whole ring at pfn * 4096 with the legacy alignment.
  void set_legacy_pfn(std::uint32_t pfn);
  std::uint32_t legacy_pfn() const { return legacy_pfn_; }

  // --- device side ---
  Pop pop(VqChain& out);
  void push(std::uint16_t head, std::uint32_t written);
  bool interrupt_suppressed();
  std::uint64_t popped() const { return popped_; }

 private:
  bool read_desc(PAddr table, std::uint32_t count, std::uint16_t i, VqChain& out, std::uint16_t& flags,
                 std::uint16_t& next, bool& seen_writable);

  PhysMem& mem_;
  std::uint16_t max_size_;
  std::uint16_t size_;
  PAddr desc_ = 0, avail_ = 0, used_ = 0;
  bool enabled_ = false;
  std::uint32_t legacy_pfn_ = 0;
  std::uint16_t last_avail_ = 0;
  std::uint16_t used_idx_ = 0;
  std::uint64_t popped_ = 0;
};

// Visits the bytes [skip, skip+len) of the readable (or writable) part of a
// chain as host segments; false when the chain is too short or a buffer
// lies outside memory.
bool chain_segments(PhysMem& mem, const VqChain& chain, bool writable, std::uint64_t skip, std::uint64_t len,
                    const std::function<void(std::uint8_t*, std::size_t)>& fn);
bool chain_read(PhysMem& mem, const VqChain& chain, std::uint64_t skip, void* dst, std::size_t len);
bool chain_write(PhysMem& mem, const VqChain& chain, std::uint64_t skip, const void* src, std::size_t len);

}  // namespace hw
