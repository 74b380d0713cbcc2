// A virtio device on PCI: the PCI function (IDs, class, BARs, vendor
// capabilities, INTA) wired to the device's legacy and/or modern register
// views. Transitional devices (the default, like QEMU's) show both: BAR0
// as the legacy I/O block, BAR4 as the modern memory block.
#pragma once

#include <memory>

#include "hw_model/irq/interrupt_controller.h"
#include "hw_model/pci/pci_function.h"
#include "hw_model/virtio/legacy_transport.h"
#include "hw_model/virtio/modern_transport.h"

namespace hw {

enum class VirtioTransport { Transitional, Legacy, Modern };

class VirtioPci {
 public:
  VirtioPci(VirtioDevice& dev, VirtioTransport mode, std::uint32_t class_code, InterruptController& irqs);

  PciFunction& function() { return fn_; }

 private:
  void add_modern_caps();

  VirtioDevice& dev_;
  PciFunction fn_;
  std::unique_ptr<VirtioLegacyTransport> legacy_;
  std::unique_ptr<VirtioModernTransport> modern_;
};

}  // namespace hw
