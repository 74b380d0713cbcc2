#include "hw_model/display/bochs_display.h"

#include <bit>

#include "sim/runtime/log/log.h"

namespace hw {

BochsDisplay::BochsDisplay(Framebuffer& fb)
    : fb_(fb), fn_(PciIdentity{0x1234, 0x1111, 0x038000, 0x02, 0x1AF4, 0x1100}) {
  fn_.set_bar(0, BarSpec{BarKind::Mem32, std::bit_ceil(fb.vram_size()), true, nullptr, fb.vram()});
  fn_.set_bar(2, BarSpec{BarKind::Mem32, kMmioSize, false, this, nullptr});
  const DisplayMode& m = fb.mode();
  regs_[dispi::kId] = dispi::kIdValue;
  regs_[dispi::kXres] = regs_[dispi::kVirtWidth] = static_cast<std::uint16_t>(m.width);
  regs_[dispi::kYres] = regs_[dispi::kVirtHeight] = static_cast<std::uint16_t>(m.height);
  regs_[dispi::kBpp] = static_cast<std::uint16_t>(m.bpp);
  regs_[dispi::kEnable] = dispi::kEnabled;
  regs_[dispi::kVideoMemory64k] = static_cast<std::uint16_t>(fb.vram_size() / 65536);
}

std::uint64_t BochsDisplay::read(std::uint64_t offset, unsigned /*size*/) {
  if (offset < dispi::kRegsOffset) return 0;
  const std::uint64_t i = (offset - dispi::kRegsOffset) / 2;
  return i < regs_.size() ? regs_[i] : 0;
}

void BochsDisplay::write(std::uint64_t offset, unsigned /*size*/, std::uint64_t value) {
  if (offset < dispi::kRegsOffset) return;
  const std::uint64_t i = (offset - dispi::kRegsOffset) / 2;
  if (i >= regs_.size() || i == dispi::kId || i == dispi::kVideoMemory64k) return;
  regs_[i] = static_cast<std::uint16_t>(value);
  if (i == dispi::kXres) regs_[dispi::kVirtWidth] = regs_[i];
  if (i == dispi::kYres) regs_[dispi::kVirtHeight] = regs_[i];
  // Like the real device, a mode takes effect when ENABLE is written.
  if (i == dispi::kEnable && (value & dispi::kEnabled)) apply_mode();
}

void BochsDisplay::apply_mode() {
  const DisplayMode m{regs_[dispi::kXres], regs_[dispi::kYres], regs_[dispi::kBpp]};
  const std::uint32_t virt = std::max<std::uint32_t>(regs_[dispi::kVirtWidth], m.width);
  if (fb_.set_mode(m, virt * ((m.bpp + 7) / 8))) {
    ++mode_changes_;
    sim::log::get("display")->info("mode {}x{}x{}", m.width, m.height, m.bpp);
  } else {
    sim::log::get("display")->warn("mode {}x{}x{} rejected", m.width, m.height, m.bpp);
  }
}

}  // namespace hw
