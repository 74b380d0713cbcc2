// One PCI function: its 256-byte configuration space with per-bit write
// masks, BARs (I/O, 32- and 64-bit memory; sizing by writing all ones), a
// capability list, command/status and its interrupt line and pin. The
// register blocks behind the BARs belong to the device; the bus decodes
// them where the BARs currently point.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>

#include "hw_model/core/io_handler.h"

namespace hw {

enum class BarKind : std::uint8_t { None, Io, Mem32, Mem64 };

struct BarSpec {
  BarKind kind = BarKind::None;
  std::uint64_t size = 0;  // power of two
  bool prefetchable = false;
  IoHandler* handler = nullptr;     // register block, or
  std::uint8_t* backing = nullptr;  // plain bytes (framebuffer)
};

struct PciIdentity {
  std::uint16_t vendor = 0, device = 0;
  std::uint32_t class_code = 0;  // class << 16 | subclass << 8 | prog-if
  std::uint8_t revision = 0;
  std::uint16_t subsystem_vendor = 0, subsystem = 0;
};

class PciFunction {
 public:
  static constexpr unsigned kBars = 6;

  explicit PciFunction(const PciIdentity& id);

  void set_bar(unsigned index, const BarSpec& spec);
  // Appends a capability; `body` is what follows the ID and next bytes.
  // Returns its offset in config space.
  std::uint8_t add_capability(std::uint8_t id, std::span<const std::uint8_t> body);
  void set_interrupt_pin(std::uint8_t pin) { cfg_[0x3D] = pin; }

  std::uint32_t config_read(std::uint16_t offset, unsigned size) const;
  void config_write(std::uint16_t offset, unsigned size, std::uint32_t value);

  const BarSpec& bar(unsigned i) const { return bars_[i]; }
  std::uint64_t bar_address(unsigned i) const;
  std::uint16_t command() const;
  bool bus_master() const;
  std::uint8_t interrupt_line() const { return cfg_[0x3C]; }
  std::uint8_t interrupt_pin() const { return cfg_[0x3D]; }
  const PciIdentity& identity() const { return id_; }

  // Firmware (the bus) assigns resources before the OS runs.
  void firmware_set_bar(unsigned i, std::uint64_t addr);
  void firmware_set_command(std::uint16_t cmd);
  void firmware_set_interrupt_line(std::uint8_t line) { cfg_[0x3C] = line; }

  // Asserts/deasserts INTx status; returns whether the interrupt may be
  // delivered (INTx not disabled in the command register).
  bool intx(bool asserted);

  // Called after a write that may move a BAR or change decoding.
  void set_decode_listener(std::function<void()> f) { on_decode_ = std::move(f); }

 private:
  void set_mask(std::uint16_t off, unsigned size, std::uint32_t mask);

  PciIdentity id_;
  std::array<std::uint8_t, 256> cfg_{};
  std::array<std::uint8_t, 256> wmask_{};
  std::array<BarSpec, kBars> bars_{};
  std::uint8_t cap_tail_ = 0;   // offset of the last capability
  std::uint8_t cap_next_ = 0x40;
  std::function<void()> on_decode_;
};

}  // namespace hw
