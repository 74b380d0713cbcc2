#include "hw_model/virtio/virtio_device.h"

#include "hw_model/core/bytes.h"
#include "hw_model/virtio/virtio_regs.h"
#include "sim/runtime/log/log.h"

namespace hw {

VirtioDevice::VirtioDevice(PhysMem& mem, std::uint16_t type, unsigned num_queues, std::uint16_t queue_size)
    : mem_(mem), type_(type) {
  queues_.reserve(num_queues);
  for (unsigned i = 0; i < num_queues; ++i) queues_.emplace_back(mem, queue_size);
  offer(virtio::kFVersion1);
  offer(virtio::kFIndirectDesc);
}

void VirtioDevice::set_driver_features(std::uint64_t f) {
  // Features may only be set before FEATURES_OK; the device never accepts
  // a bit it did not offer.
  if (status_ & virtio::kStatusFeaturesOk) return;
  driver_features_ = f & features_;
}

void VirtioDevice::set_status(std::uint8_t s) {
  if (s == 0) {
    status_ = 0;
    driver_features_ = 0;
    isr_ = 0;
    for (auto& q : queues_) q.reset();
    if (intx_) intx_(false);
    on_reset();
    return;
  }
  const std::uint8_t newly = static_cast<std::uint8_t>(s & ~status_);
  if (newly & virtio::kStatusFeaturesOk) {
    // A modern driver must accept VERSION_1; otherwise FEATURES_OK does
    // not stick and the driver sees the negotiation failed.
    if (!negotiated(virtio::kFVersion1)) s = static_cast<std::uint8_t>(s & ~virtio::kStatusFeaturesOk);
  }
  status_ = static_cast<std::uint8_t>(s | (status_ & virtio::kStatusNeedsReset));
  if (newly & virtio::kStatusDriverOk) on_driver_ok();
}

std::uint8_t VirtioDevice::read_isr() {
  const std::uint8_t v = isr_;
  isr_ = 0;
  if (v && intx_) intx_(false);
  return v;
}

void VirtioDevice::notify(unsigned q) {
  if (q >= queues_.size() || !driver_ok() || (status_ & virtio::kStatusNeedsReset)) return;
  on_notify(q);
}

std::uint64_t VirtioDevice::config_read(std::uint64_t offset, unsigned size) const {
  return load_le_bounded(config_.data(), config_.size(), offset, size);
}

void VirtioDevice::config_write(std::uint64_t offset, unsigned size, std::uint64_t value) {
  store_le_bounded(config_.data(), config_.size(), offset, size, value);
  on_config_write(offset);
}

void VirtioDevice::needs_reset(const std::string& why) {
  sim::log::get("virtio")->warn("virtio type {}: {}; device needs reset", type_, why);
  status_ |= virtio::kStatusNeedsReset;
  signal_config_change();
}

void VirtioDevice::signal_used(SplitVirtqueue& q) {
  if (q.interrupt_suppressed()) return;
  raise(virtio::kIsrQueue);
}

void VirtioDevice::signal_config_change() {
  ++config_generation_;
  raise(virtio::kIsrConfig);
}

void VirtioDevice::raise(std::uint8_t isr_bits) {
  isr_ |= isr_bits;
  ++interrupts_;
  if (intx_) intx_(true);
}

}  // namespace hw
