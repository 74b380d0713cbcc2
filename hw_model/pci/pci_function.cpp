#include "hw_model/pci/pci_function.h"

#include <stdexcept>

#include "hw_model/core/bytes.h"
#include "hw_model/pci/pci_regs.h"

namespace hw {

PciFunction::PciFunction(const PciIdentity& id) : id_(id) {
  store_le(&cfg_[pci::kVendorId], 2, id.vendor);
  store_le(&cfg_[pci::kDeviceId], 2, id.device);
  cfg_[pci::kRevision] = id.revision;
  store_le(&cfg_[pci::kProgIf], 3, id.class_code);
  cfg_[pci::kHeaderType] = 0x00;
  store_le(&cfg_[pci::kSubsystemVendorId], 2, id.subsystem_vendor);
  store_le(&cfg_[pci::kSubsystemId], 2, id.subsystem);
  set_mask(pci::kCommand, 2, pci::kCmdIo | pci::kCmdMemory | pci::kCmdBusMaster | pci::kCmdIntxDisable);
  set_mask(pci::kInterruptLine, 1, 0xFF);
}

void PciFunction::set_mask(std::uint16_t off, unsigned size, std::uint32_t mask) {
  store_le(&wmask_[off], size, mask);
}

void PciFunction::set_bar(unsigned index, const BarSpec& spec) {
  if (index >= kBars || (spec.kind == BarKind::Mem64 && index + 1 >= kBars))
    throw std::invalid_argument("pci: bad BAR index");
  if (spec.size & (spec.size - 1)) throw std::invalid_argument("pci: BAR size must be a power of two");
  bars_[index] = spec;
  const std::uint16_t off = static_cast<std::uint16_t>(pci::kBar0 + 4 * index);
  const auto addr_mask = static_cast<std::uint32_t>(~(spec.size - 1));
  switch (spec.kind) {
    case BarKind::None:
      set_mask(off, 4, 0);
      break;
    case BarKind::Io:
      store_le(&cfg_[off], 4, pci::kBarIo);
      set_mask(off, 4, addr_mask & 0xFFFF'FFFCu);
      break;
    case BarKind::Mem32:
      store_le(&cfg_[off], 4, spec.prefetchable ? pci::kBarPrefetch : 0);
      set_mask(off, 4, addr_mask & 0xFFFF'FFF0u);
      break;
    case BarKind::Mem64:
      store_le(&cfg_[off], 4, pci::kBarMem64 | (spec.prefetchable ? pci::kBarPrefetch : 0));
      set_mask(off, 4, addr_mask & 0xFFFF'FFF0u);
      set_mask(static_cast<std::uint16_t>(off + 4), 4, static_cast<std::uint32_t>(~(spec.size - 1) >> 32));
      bars_[index + 1] = BarSpec{};
      break;
  }
}

std::uint8_t PciFunction::add_capability(std::uint8_t id, std::span<const std::uint8_t> body) {
  const std::size_t len = (2 + body.size() + 3) & ~std::size_t{3};
  if (cap_next_ + len > 256) throw std::length_error("pci: capability list full");
  const auto off = cap_next_;
  cfg_[off] = id;
  cfg_[off + 1] = 0;
  for (std::size_t i = 0; i < body.size(); ++i) cfg_[off + 2 + i] = body[i];
  if (cap_tail_ == 0) {
    cfg_[pci::kCapabilitiesPtr] = off;
    store_le(&cfg_[pci::kStatus], 2, load_le(&cfg_[pci::kStatus], 2) | pci::kStatusCapList);
  } else {
    cfg_[cap_tail_ + 1] = off;
  }
  cap_tail_ = off;
  cap_next_ = static_cast<std::uint8_t>(off + len);
  return off;
}

std::uint32_t PciFunction::config_read(std::uint16_t offset, unsigned size) const {
  return static_cast<std::uint32_t>(load_le_bounded(cfg_.data(), cfg_.size(), offset, size));
}

void PciFunction::config_write(std::uint16_t offset, unsigned size, std::uint32_t value) {
  bool decode = false;
  for (unsigned i = 0; i < size && offset + i < 256u; ++i) {
    const unsigned o = offset + i;
    const auto v = static_cast<std::uint8_t>(value >> (8 * i));
    cfg_[o] = static_cast<std::uint8_t>((cfg_[o] & ~wmask_[o]) | (v & wmask_[o]));
    if ((o >= pci::kCommand && o < pci::kCommand + 2) || (o >= pci::kBar0 && o < pci::kBar0 + 24)) decode = true;
  }
  if (decode && on_decode_) on_decode_();
}

std::uint64_t PciFunction::bar_address(unsigned i) const {
  const auto off = pci::kBar0 + 4 * i;
  switch (bars_[i].kind) {
    case BarKind::None:
      return 0;
    case BarKind::Io:
      return load_le(&cfg_[off], 4) & 0xFFFF'FFFCu;
    case BarKind::Mem32:
      return load_le(&cfg_[off], 4) & 0xFFFF'FFF0u;
    case BarKind::Mem64:
      return (load_le(&cfg_[off], 4) & 0xFFFF'FFF0u) | (load_le(&cfg_[off + 4], 4) << 32);
  }
  return 0;
}

std::uint16_t PciFunction::command() const {
  return static_cast<std::uint16_t>(load_le(&cfg_[pci::kCommand], 2));
}

bool PciFunction::bus_master() const { return command() & pci::kCmdBusMaster; }

void PciFunction::firmware_set_bar(unsigned i, std::uint64_t addr) {
  const auto off = static_cast<std::uint16_t>(pci::kBar0 + 4 * i);
  config_write(off, 4, static_cast<std::uint32_t>(addr));
  if (bars_[i].kind == BarKind::Mem64) config_write(static_cast<std::uint16_t>(off + 4), 4, static_cast<std::uint32_t>(addr >> 32));
}

void PciFunction::firmware_set_command(std::uint16_t cmd) { config_write(pci::kCommand, 2, cmd); }

bool PciFunction::intx(bool asserted) {
  auto status = static_cast<std::uint16_t>(load_le(&cfg_[pci::kStatus], 2));
  status = asserted ? status | pci::kStatusIntx : status & ~pci::kStatusIntx;
  store_le(&cfg_[pci::kStatus], 2, status);
  return !(command() & pci::kCmdIntxDisable);
}

}  // namespace hw
