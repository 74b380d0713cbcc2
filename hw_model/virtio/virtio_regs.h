// Virtio 1.x / legacy 0.9.5 constants: device status, feature bits, ring
// flags, the legacy I/O register block and the modern PCI capabilities.
#pragma once

#include <cstdint>

namespace hw::virtio {

constexpr std::uint16_t kPciVendor = 0x1AF4;
constexpr std::uint16_t kTypeNet = 1;
constexpr std::uint16_t kTypeBlk = 2;
// Transitional (legacy-capable) device IDs are 0x1000 + (type - 1) for
// net/blk; modern-only IDs are 0x1040 + type.
constexpr std::uint16_t transitional_device_id(std::uint16_t type) {
  return static_cast<std::uint16_t>(type == kTypeNet ? 0x1000 : 0x1001);
}
constexpr std::uint16_t modern_device_id(std::uint16_t type) { return static_cast<std::uint16_t>(0x1040 + type); }

// Device status.
constexpr std::uint8_t kStatusAcknowledge = 1;
constexpr std::uint8_t kStatusDriver = 2;
constexpr std::uint8_t kStatusDriverOk = 4;
constexpr std::uint8_t kStatusFeaturesOk = 8;
constexpr std::uint8_t kStatusNeedsReset = 64;
constexpr std::uint8_t kStatusFailed = 128;

// Transport feature bits.
constexpr unsigned kFIndirectDesc = 28;
constexpr unsigned kFEventIdx = 29;
constexpr unsigned kFVersion1 = 32;

// ISR bits.
constexpr std::uint8_t kIsrQueue = 1;
constexpr std::uint8_t kIsrConfig = 2;

// Descriptor flags / ring flags.
constexpr std::uint16_t kDescNext = 1;
constexpr std::uint16_t kDescWrite = 2;
constexpr std::uint16_t kDescIndirect = 4;
constexpr std::uint16_t kAvailNoInterrupt = 1;
constexpr std::uint32_t kLegacyQueueAlign = 4096;

// Legacy I/O BAR0 registers.
namespace legacy {
constexpr unsigned kHostFeatures = 0x00;   // u32 R
constexpr unsigned kGuestFeatures = 0x04;  // u32 RW
constexpr unsigned kQueuePfn = 0x08;       // u32 RW
constexpr unsigned kQueueSize = 0x0C;      // u16 R
constexpr unsigned kQueueSelect = 0x0E;    // u16 RW
constexpr unsigned kQueueNotify = 0x10;    // u16 RW
constexpr unsigned kStatus = 0x12;         // u8 RW
constexpr unsigned kIsr = 0x13;            // u8 R (read clears)
constexpr unsigned kConfig = 0x14;         // device config (no MSI-X)
}  // namespace legacy

// Modern: vendor capability cfg_type values.
constexpr std::uint8_t kCapCommonCfg = 1;
constexpr std::uint8_t kCapNotifyCfg = 2;
constexpr std::uint8_t kCapIsrCfg = 3;
constexpr std::uint8_t kCapDeviceCfg = 4;

// Modern common configuration structure.
namespace common {
constexpr unsigned kDeviceFeatureSelect = 0x00;
constexpr unsigned kDeviceFeature = 0x04;
constexpr unsigned kDriverFeatureSelect = 0x08;
constexpr unsigned kDriverFeature = 0x0C;
constexpr unsigned kMsixConfig = 0x10;
constexpr unsigned kNumQueues = 0x12;
constexpr unsigned kDeviceStatus = 0x14;
constexpr unsigned kConfigGeneration = 0x15;
constexpr unsigned kQueueSelect = 0x16;
constexpr unsigned kQueueSize = 0x18;
constexpr unsigned kQueueMsixVector = 0x1A;
constexpr unsigned kQueueEnable = 0x1C;
constexpr unsigned kQueueNotifyOff = 0x1E;
constexpr unsigned kQueueDesc = 0x20;
constexpr unsigned kQueueDriver = 0x28;
constexpr unsigned kQueueDevice = 0x30;
constexpr unsigned kSize = 0x38;
}  // namespace common

// Layout of the modern BAR (BAR4, 64-bit memory).
constexpr unsigned kModernBar = 4;
constexpr std::uint64_t kModernBarSize = 0x4000;
constexpr std::uint32_t kModernCommonOffset = 0x0000;
constexpr std::uint32_t kModernIsrOffset = 0x1000;
constexpr std::uint32_t kModernDeviceOffset = 0x2000;
constexpr std::uint32_t kModernNotifyOffset = 0x3000;
constexpr std::uint32_t kModernNotifyMultiplier = 4;
constexpr std::uint16_t kNoMsiVector = 0xFFFF;

}  // namespace hw::virtio
