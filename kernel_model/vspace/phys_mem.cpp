#include "kernel_model/vspace/phys_mem.h"

#include <cstring>

#include "hw_model/machine_bus.h"

namespace kmodel {

std::uint8_t* PhysMem::host_page(Word page) {
  auto& p = host_[page];
  if (!p) {
    p.reset(new std::uint8_t[abi::kPageSize]);
    std::memset(p.get(), 0, abi::kPageSize);
  }
  return p.get();
}

std::uint8_t* PhysMem::page(Word page, bool device) {
  if (bus_ && page < kPoolBase) {
    if (std::uint8_t* p = bus_->ram_page(page)) return p;
    if (device) return nullptr;
  }
  return host_page(page);
}

Word PhysMem::alloc_pool_page() {
  Word p;
  if (!free_pool_.empty()) {
    p = free_pool_.back();
    free_pool_.pop_back();
  } else {
    p = next_pool_;
    next_pool_ += abi::kPageSize;
  }
  std::memset(host_page(p), 0, abi::kPageSize);
  ++in_use_;
  return p;
}

Word PhysMem::alloc_pool_range(Word bytes, Word align) {
  if (align < abi::kPageSize) align = abi::kPageSize;
  Word base = (next_pool_ + align - 1) / align * align;
  next_pool_ = base + (bytes + abi::kPageSize - 1) / abi::kPageSize * abi::kPageSize;
  return base;
}

void PhysMem::free_pool_page(Word page) {
  if (page < kPoolBase) return;
  free_pool_.push_back(page);
  if (in_use_) --in_use_;
  host_.erase(page);
}

}  // namespace kmodel
