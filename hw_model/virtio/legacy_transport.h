// The legacy (virtio 0.9.5) register block behind an I/O BAR: 32-bit
// feature words, one page-frame number per queue, notify, status, ISR and
// the device config at 0x14 (no MSI-X).
#pragma once

#include "hw_model/core/io_handler.h"
#include "hw_model/virtio/virtio_device.h"

namespace hw {

class VirtioLegacyTransport final : public IoHandler {
 public:
  explicit VirtioLegacyTransport(VirtioDevice& dev) : dev_(dev) {}
  std::uint64_t read(std::uint64_t offset, unsigned size) override;
  void write(std::uint64_t offset, unsigned size, std::uint64_t value) override;

 private:
  VirtioDevice& dev_;
  std::uint16_t queue_select_ = 0;
};

}  // namespace hw
