// PCI bus 0 of a PC: configuration mechanism #1 on ports 0xCF8 (address)
// and 0xCFC-0xCFF (data), a host bridge at 00:00.0, and the firmware step
// that assigns BAR addresses and interrupt lines before the OS runs (as a
// BIOS would). The OS finds devices only by enumerating config space.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "hw_model/core/io_handler.h"
#include "hw_model/pci/pci_function.h"

namespace hw {

struct PciAddress {
  std::uint8_t device = 0;    // 0..31
  std::uint8_t function = 0;  // 0..7
  auto operator<=>(const PciAddress&) const = default;
};

class PciBus final : public IoHandler {
 public:
  static constexpr std::uint64_t kIoWindowBase = 0xC000;
  static constexpr std::uint64_t kIoWindowEnd = 0x10000;
  static constexpr std::uint64_t kMmioWindowBase = 0xE000'0000ull;
  static constexpr std::uint64_t kMmioWindowEnd = 0xFD00'0000ull;  // then the boot framebuffer

  PciBus();

  // Plugs `fn` into the next free slot (or `slot`) and returns its address.
  PciAddress plug(PciFunction& fn);
  PciFunction* at(PciAddress a) const;
  const std::map<PciAddress, PciFunction*>& functions() const { return functions_; }

  // Firmware: assigns every BAR (naturally aligned, I/O from 0xC000, memory
  // from 0xE0000000), enables I/O, memory and bus mastering, and routes
  // INTA..INTD to the PC's PCI IRQ lines.
  void assign_resources();
  static std::uint8_t route_irq(std::uint8_t slot, std::uint8_t pin);

  // Called whenever any BAR or command register changed.
  void set_decode_listener(std::function<void()> f) { on_decode_ = std::move(f); }

  // IoHandler at port 0xCF8, 8 ports.
  std::uint64_t read(std::uint64_t offset, unsigned size) override;
  void write(std::uint64_t offset, unsigned size, std::uint64_t value) override;

 private:
  PciFunction* selected() const;

  std::unique_ptr<PciFunction> host_bridge_;
  std::map<PciAddress, PciFunction*> functions_;
  std::uint32_t address_ = 0;
  std::function<void()> on_decode_;
};

}  // namespace hw
