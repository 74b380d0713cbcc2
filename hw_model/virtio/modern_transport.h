// The virtio 1.x PCI transport behind a memory BAR: common configuration,
// ISR, device configuration and the notify area, each found by the driver
// through a vendor capability in config space.
#pragma once

#include "hw_model/core/io_handler.h"
#include "hw_model/virtio/virtio_device.h"

namespace hw {

class VirtioModernTransport final : public IoHandler {
 public:
  explicit VirtioModernTransport(VirtioDevice& dev) : dev_(dev) {}
  std::uint64_t read(std::uint64_t offset, unsigned size) override;
  void write(std::uint64_t offset, unsigned size, std::uint64_t value) override;

 private:
  std::uint64_t common_read(std::uint64_t off, unsigned size);
  void common_write(std::uint64_t off, unsigned size, std::uint64_t value);

  VirtioDevice& dev_;
  std::uint32_t device_feature_select_ = 0;
  std::uint32_t driver_feature_select_ = 0;
  std::uint16_t queue_select_ = 0;
  std::uint16_t msix_config_ = 0xFFFF;
};

}  // namespace hw
