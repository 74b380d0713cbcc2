#include "hw_model/virtio/modern_transport.h"

#include "hw_model/virtio/virtio_regs.h"

namespace hw {

using namespace virtio;

namespace {
// Replaces the `size` bytes at byte `off` of a 64-bit value (the queue
// address registers may be written as two 32-bit halves).
std::uint64_t merge(std::uint64_t old, std::uint64_t off, unsigned size, std::uint64_t v) {
  const std::uint64_t mask = (size >= 8 ? ~0ull : ((1ull << (8 * size)) - 1)) << (8 * off);
  return (old & ~mask) | ((v << (8 * off)) & mask);
}
}  // namespace

std::uint64_t VirtioModernTransport::read(std::uint64_t offset, unsigned size) {
  if (offset < kModernCommonOffset + common::kSize) return common_read(offset, size);
  if (offset == kModernIsrOffset) return dev_.read_isr();
  if (offset >= kModernDeviceOffset && offset < kModernNotifyOffset)
    return dev_.config_read(offset - kModernDeviceOffset, size);
  return 0;
}

void VirtioModernTransport::write(std::uint64_t offset, unsigned size, std::uint64_t value) {
  if (offset < kModernCommonOffset + common::kSize) {
    common_write(offset, size, value);
  } else if (offset >= kModernDeviceOffset && offset < kModernNotifyOffset) {
    dev_.config_write(offset - kModernDeviceOffset, size, value);
  } else if (offset >= kModernNotifyOffset && offset < kModernBarSize) {
    // queue_notify_off(q) == q, so the address names the queue.
    dev_.notify(static_cast<unsigned>((offset - kModernNotifyOffset) / kModernNotifyMultiplier));
  }
}

std::uint64_t VirtioModernTransport::common_read(std::uint64_t off, unsigned size) {
  SplitVirtqueue* q = dev_.queue(queue_select_);
  switch (off & ~7ull) {
    case common::kQueueDesc:
      return q ? q->desc_addr() >> (8 * (off & 7)) : 0;
    case common::kQueueDriver:
      return q ? q->avail_addr() >> (8 * (off & 7)) : 0;
    case common::kQueueDevice:
      return q ? q->used_addr() >> (8 * (off & 7)) : 0;
    default:
      break;
  }
  (void)size;
  switch (off) {
    case common::kDeviceFeatureSelect:
      return device_feature_select_;
    case common::kDeviceFeature:
      return device_feature_select_ < 2 ? (dev_.device_features() >> (32 * device_feature_select_)) & 0xFFFF'FFFFu : 0;
    case common::kDriverFeatureSelect:
      return driver_feature_select_;
    case common::kDriverFeature:
      return driver_feature_select_ < 2 ? (dev_.driver_features() >> (32 * driver_feature_select_)) & 0xFFFF'FFFFu : 0;
    case common::kMsixConfig:
      return msix_config_;
    case common::kNumQueues:
      return dev_.num_queues();
    case common::kDeviceStatus:
      return dev_.status();
    case common::kConfigGeneration:
      return dev_.config_generation();
    case common::kQueueSelect:
      return queue_select_;
    case common::kQueueSize:
      return q ? q->size() : 0;
    case common::kQueueMsixVector:
      return kNoMsiVector;  // no MSI-X: INTx only
    case common::kQueueEnable:
      return q && q->enabled() ? 1 : 0;
    case common::kQueueNotifyOff:
      return queue_select_;
    default:
      return 0;
  }
}

void VirtioModernTransport::common_write(std::uint64_t off, unsigned size, std::uint64_t value) {
  SplitVirtqueue* q = dev_.queue(queue_select_);
  const bool q_writable = q && !q->enabled();
  switch (off & ~7ull) {
    case common::kQueueDesc:
      if (q_writable) q->set_addresses(merge(q->desc_addr(), off & 7, size, value), q->avail_addr(), q->used_addr());
      return;
    case common::kQueueDriver:
      if (q_writable) q->set_addresses(q->desc_addr(), merge(q->avail_addr(), off & 7, size, value), q->used_addr());
      return;
    case common::kQueueDevice:
      if (q_writable) q->set_addresses(q->desc_addr(), q->avail_addr(), merge(q->used_addr(), off & 7, size, value));
      return;
    default:
      break;
  }
  switch (off) {
    case common::kDeviceFeatureSelect:
      device_feature_select_ = static_cast<std::uint32_t>(value);
      break;
    case common::kDriverFeatureSelect:
      driver_feature_select_ = static_cast<std::uint32_t>(value);
      break;
    case common::kDriverFeature:
      if (driver_feature_select_ < 2) {
        const unsigned shift = 32 * driver_feature_select_;
        const std::uint64_t keep = dev_.driver_features() & ~(0xFFFF'FFFFull << shift);
        dev_.set_driver_features(keep | ((value & 0xFFFF'FFFFull) << shift));
      }
      break;
    case common::kMsixConfig:
      msix_config_ = kNoMsiVector;
      break;
    case common::kDeviceStatus:
      if (value == 0) queue_select_ = 0;
      dev_.set_status(static_cast<std::uint8_t>(value));
      break;
    case common::kQueueSelect:
      queue_select_ = static_cast<std::uint16_t>(value);
      break;
    case common::kQueueSize:
      if (q_writable) q->set_size(static_cast<std::uint16_t>(value));
      break;
    case common::kQueueEnable:
      if (q && value == 1) q->set_enabled(true);
      break;
    default:
      break;
  }
}

}  // namespace hw
