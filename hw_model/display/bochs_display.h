// The optional PCI display (QEMU's bochs-display, 1234:1111): BAR0 is the
// framebuffer memory, BAR2 holds the DISPI registers (16-bit, at 0x500 +
// 2 * index) through which a driver changes the mode.
#pragma once

#include <array>
#include <cstdint>

#include "hw_model/core/io_handler.h"
#include "hw_model/display/framebuffer.h"
#include "hw_model/pci/pci_function.h"

namespace hw {

namespace dispi {
constexpr unsigned kId = 0, kXres = 1, kYres = 2, kBpp = 3, kEnable = 4, kBank = 5, kVirtWidth = 6,
                   kVirtHeight = 7, kXOffset = 8, kYOffset = 9, kVideoMemory64k = 10, kCount = 11;
constexpr std::uint16_t kIdValue = 0xB0C5;
constexpr std::uint16_t kEnabled = 0x01;
constexpr std::uint64_t kRegsOffset = 0x500;
}  // namespace dispi

class BochsDisplay final : public IoHandler {
 public:
  static constexpr std::uint64_t kMmioSize = 0x1000;

  explicit BochsDisplay(Framebuffer& fb);
  PciFunction& function() { return fn_; }

  std::uint64_t read(std::uint64_t offset, unsigned size) override;
  void write(std::uint64_t offset, unsigned size, std::uint64_t value) override;
  std::uint64_t mode_changes() const { return mode_changes_; }

 private:
  void apply_mode();

  Framebuffer& fb_;
  PciFunction fn_;
  std::array<std::uint16_t, dispi::kCount> regs_{};
  std::uint64_t mode_changes_ = 0;
};

}  // namespace hw
