#include "hw_model/virtio/legacy_transport.h"

#include "hw_model/virtio/virtio_regs.h"

namespace hw {

using namespace virtio::legacy;

std::uint64_t VirtioLegacyTransport::read(std::uint64_t offset, unsigned size) {
  if (offset >= kConfig) return dev_.config_read(offset - kConfig, size);
  SplitVirtqueue* q = dev_.queue(queue_select_);
  switch (offset) {
    case kHostFeatures:
      return dev_.device_features() & 0xFFFF'FFFFu;
    case kGuestFeatures:
      return dev_.driver_features() & 0xFFFF'FFFFu;
    case kQueuePfn:
      return q ? q->legacy_pfn() : 0;
    case kQueueSize:
      return q ? q->max_size() : 0;  // legacy queues have a fixed size
    case kQueueSelect:
      return queue_select_;
    case kStatus:
      return dev_.status();
    case kIsr:
      return dev_.read_isr();
    default:
      return 0;
  }
}

void VirtioLegacyTransport::write(std::uint64_t offset, unsigned size, std::uint64_t value) {
  if (offset >= kConfig) {
    dev_.config_write(offset - kConfig, size, value);
    return;
  }
  switch (offset) {
    case kGuestFeatures:
      dev_.set_driver_features(value & 0xFFFF'FFFFu);
      break;
    case kQueuePfn:
      if (SplitVirtqueue* q = dev_.queue(queue_select_)) q->set_legacy_pfn(static_cast<std::uint32_t>(value));
      break;
    case kQueueSelect:
      queue_select_ = static_cast<std::uint16_t>(value);
      break;
    case kQueueNotify:
      dev_.notify(static_cast<unsigned>(value & 0xFFFF));
      break;
    case kStatus:
      dev_.set_status(static_cast<std::uint8_t>(value));
      break;
    default:
      break;
  }
}

}  // namespace hw
