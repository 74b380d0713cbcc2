// PCI configuration-space layout (type 0 header) and mechanism #1 ports.
#pragma once

#include <cstdint>

namespace hw::pci {

constexpr std::uint16_t kConfigAddressPort = 0xCF8;
constexpr std::uint16_t kConfigDataPort = 0xCFC;
constexpr std::uint32_t kConfigEnable = 0x8000'0000u;

constexpr std::uint16_t kVendorId = 0x00;
constexpr std::uint16_t kDeviceId = 0x02;
constexpr std::uint16_t kCommand = 0x04;
constexpr std::uint16_t kStatus = 0x06;
constexpr std::uint16_t kRevision = 0x08;
constexpr std::uint16_t kProgIf = 0x09;
constexpr std::uint16_t kHeaderType = 0x0E;
constexpr std::uint16_t kBar0 = 0x10;
constexpr std::uint16_t kSubsystemVendorId = 0x2C;
constexpr std::uint16_t kSubsystemId = 0x2E;
constexpr std::uint16_t kCapabilitiesPtr = 0x34;
constexpr std::uint16_t kInterruptLine = 0x3C;
constexpr std::uint16_t kInterruptPin = 0x3D;

constexpr std::uint16_t kCmdIo = 1u << 0;
constexpr std::uint16_t kCmdMemory = 1u << 1;
constexpr std::uint16_t kCmdBusMaster = 1u << 2;
constexpr std::uint16_t kCmdIntxDisable = 1u << 10;
constexpr std::uint16_t kStatusCapList = 1u << 4;
constexpr std::uint16_t kStatusIntx = 1u << 3;

constexpr std::uint8_t kCapVendor = 0x09;

constexpr std::uint32_t kBarIo = 0x1;
constexpr std::uint32_t kBarMem64 = 0x4;
constexpr std::uint32_t kBarPrefetch = 0x8;

}  // namespace hw::pci
