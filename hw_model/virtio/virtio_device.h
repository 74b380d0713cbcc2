// The transport-independent core of a virtio device: feature negotiation,
// device status, queues, the ISR and the device-specific config bytes. The
// legacy and modern transports are two register views of this one object;
// a device is "modern" once VIRTIO_F_VERSION_1 is negotiated.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hw_model/mem/phys_mem.h"
#include "hw_model/virtio/virtqueue.h"

namespace hw {

class VirtioDevice {
 public:
  VirtioDevice(PhysMem& mem, std::uint16_t type, unsigned num_queues, std::uint16_t queue_size);
  virtual ~VirtioDevice() = default;
  VirtioDevice(const VirtioDevice&) = delete;
  VirtioDevice& operator=(const VirtioDevice&) = delete;

  std::uint16_t type() const { return type_; }

  // --- transport side ---
  std::uint64_t device_features() const { return features_; }
  std::uint64_t driver_features() const { return driver_features_; }
  void set_driver_features(std::uint64_t f);
  std::uint8_t status() const { return status_; }
  void set_status(std::uint8_t s);
  std::uint8_t read_isr();  // read clears and deasserts INTx
  std::uint8_t config_generation() const { return config_generation_; }
  unsigned num_queues() const { return static_cast<unsigned>(queues_.size()); }
  SplitVirtqueue* queue(unsigned i) { return i < queues_.size() ? &queues_[i] : nullptr; }
  void notify(unsigned q);
  std::uint64_t config_read(std::uint64_t offset, unsigned size) const;
  void config_write(std::uint64_t offset, unsigned size, std::uint64_t value);
  std::size_t config_size() const { return config_.size(); }

  // Wired by the PCI function: the INTx line and the bus-master bit.
  void set_intx(std::function<void(bool)> f) { intx_ = std::move(f); }
  void set_dma_check(std::function<bool()> f) { dma_enabled_ = std::move(f); }

  bool negotiated(unsigned bit) const { return (driver_features_ >> bit) & 1; }
  bool driver_ok() const { return status_ & 4; }
  std::uint64_t interrupts() const { return interrupts_; }

 protected:
  virtual void on_notify(unsigned q) = 0;
  virtual void on_reset() {}
  virtual void on_driver_ok() {}
  virtual void on_config_write(std::uint64_t /*offset*/) {}

  void offer(unsigned bit) { features_ |= std::uint64_t{1} << bit; }
  bool dma_enabled() const { return !dma_enabled_ || dma_enabled_(); }
  // The device found the driver broke the rules (bad ring): stop until reset.
  void needs_reset(const std::string& why);
  // A buffer was used: ISR bit 0 and an interrupt unless the driver
  // suppressed it in the available ring.
  void signal_used(SplitVirtqueue& q);
  void signal_config_change();

  PhysMem& mem_;
  std::vector<std::uint8_t> config_;

 private:
  void raise(std::uint8_t isr_bits);

  std::uint16_t type_;
  std::uint64_t features_ = 0;
  std::uint64_t driver_features_ = 0;
  std::uint8_t status_ = 0;
  std::uint8_t isr_ = 0;
  std::uint8_t config_generation_ = 0;
  std::vector<SplitVirtqueue> queues_;
  std::function<void(bool)> intx_;
  std::function<bool()> dma_enabled_;
  std::uint64_t interrupts_ = 0;
};

}  // namespace hw
