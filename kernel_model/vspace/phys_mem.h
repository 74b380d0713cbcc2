// Physical memory as real bytes. RAM, framebuffer and initrd pages come
// from the machine (hw::MachineBus::ram_page); without a machine, or for
// the kernel's own page pool (demand-zero pages, COW copies, pages of
// host-created objects), the kernel keeps the bytes itself.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "kernel_model/types.h"

namespace hw {
class MachineBus;
}

namespace kmodel {

class PhysMem {
 public:
  // Physical addresses of the kernel pool: far above any machine's RAM.
  static constexpr Word kPoolBase = 0x7F00'0000'0000ULL;

  explicit PhysMem(hw::MachineBus* bus) : bus_(bus) {}

  // The 4 KiB of bytes at `page`; nullptr means device registers (MMIO).
  std::uint8_t* page(Word page, bool device);
  Word alloc_pool_page();
  void free_pool_page(Word page);
  // A fresh aligned run of pool addresses (bytes appear zeroed on first use).
  Word alloc_pool_range(Word bytes, Word align);
  Word pool_pages_in_use() const { return in_use_; }
  hw::MachineBus* bus() const { return bus_; }

 private:
  std::uint8_t* host_page(Word page);
  hw::MachineBus* bus_;
  std::unordered_map<Word, std::unique_ptr<std::uint8_t[]>> host_;
  std::vector<Word> free_pool_;
  Word next_pool_ = kPoolBase;
  Word in_use_ = 0;
};

}  // namespace kmodel
