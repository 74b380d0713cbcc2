#include "hw_model/virtio/virtio_pci.h"

#include <array>
#include <bit>

#include "hw_model/core/bytes.h"
#include "hw_model/pci/pci_regs.h"
#include "hw_model/virtio/virtio_regs.h"

namespace hw {

namespace {
PciIdentity identity(std::uint16_t type, VirtioTransport mode, std::uint32_t class_code) {
  const bool modern_only = mode == VirtioTransport::Modern;
  return PciIdentity{virtio::kPciVendor,
                     modern_only ? virtio::modern_device_id(type) : virtio::transitional_device_id(type),
                     class_code,
                     static_cast<std::uint8_t>(modern_only ? 1 : 0),
                     virtio::kPciVendor,
                     modern_only ? std::uint16_t{0x1100} : type};
}
}  // namespace

VirtioPci::VirtioPci(VirtioDevice& dev, VirtioTransport mode, std::uint32_t class_code, InterruptController& irqs)
    : dev_(dev), fn_(identity(dev.type(), mode, class_code)) {
  fn_.set_interrupt_pin(1);  // INTA#
  if (mode != VirtioTransport::Modern) {
    legacy_ = std::make_unique<VirtioLegacyTransport>(dev);
    const std::uint64_t size = std::bit_ceil(virtio::legacy::kConfig + dev.config_size());
    fn_.set_bar(0, BarSpec{BarKind::Io, std::max<std::uint64_t>(size, 32), false, legacy_.get(), nullptr});
  }
  if (mode != VirtioTransport::Legacy) {
    modern_ = std::make_unique<VirtioModernTransport>(dev);
    fn_.set_bar(virtio::kModernBar, BarSpec{BarKind::Mem64, virtio::kModernBarSize, true, modern_.get(), nullptr});
    add_modern_caps();
  }
  dev.set_intx([this, &irqs](bool asserted) {
    if (fn_.intx(asserted) && asserted) irqs.raise(fn_.interrupt_line());
  });
  dev.set_dma_check([this] { return fn_.bus_master(); });
}

void VirtioPci::add_modern_caps() {
  auto cap = [&](std::uint8_t cfg_type, std::uint32_t offset, std::uint32_t length, bool notify) {
    std::array<std::uint8_t, 18> body{};
    body[0] = notify ? 20 : 16;  // cap_len, counted from cap_vndr
    body[1] = cfg_type;
    body[2] = virtio::kModernBar;
    store_le(&body[6], 4, offset);
    store_le(&body[10], 4, length);
    if (notify) store_le(&body[14], 4, virtio::kModernNotifyMultiplier);
    fn_.add_capability(pci::kCapVendor, std::span(body.data(), notify ? 18u : 14u));
  };
  cap(virtio::kCapCommonCfg, virtio::kModernCommonOffset, virtio::common::kSize, false);
  cap(virtio::kCapIsrCfg, virtio::kModernIsrOffset, 1, false);
  cap(virtio::kCapDeviceCfg, virtio::kModernDeviceOffset, static_cast<std::uint32_t>(std::max<std::size_t>(dev_.config_size(), 4)), false);
  cap(virtio::kCapNotifyCfg, virtio::kModernNotifyOffset, dev_.num_queues() * virtio::kModernNotifyMultiplier, true);
}

}  // namespace hw
