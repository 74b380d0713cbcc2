// The one interface between the emulated machine (hw_model) and the kernel
// model (kernel_model). The kernel model sees a machine only through this:
// physical RAM as real bytes, device registers (MMIO and I/O ports), the
// interrupt lines, and the boot information a bootloader would leave.
// hw_model implements it; kernel_model consumes it. Neither sees servers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hw {

using PAddr = std::uint64_t;
constexpr std::uint64_t kPageSize = 4096;

enum class RegionKind : std::uint8_t { Ram, Reserved, Mmio, Framebuffer, Initrd };

struct MemoryRegion {
  PAddr base = 0;
  std::uint64_t size = 0;
  RegionKind kind = RegionKind::Ram;
};

struct FramebufferInfo {
  PAddr base = 0;  // 0 when the machine has no display
  std::uint32_t width = 0, height = 0, pitch = 0, bpp = 0;
};

// What a bootloader hands the kernel (kernel-abi.md §1.3).
struct BootInfo {
  std::vector<MemoryRegion> memory_map;
  FramebufferInfo framebuffer;
  PAddr initrd_base = 0;
  std::uint64_t initrd_size = 0;
  std::string command_line;
};

class MachineBus {
 public:
  virtual ~MachineBus() = default;

  // 4 KiB of real bytes backing a RAM, framebuffer or initrd page
  // (`page` must be page-aligned); nullptr for MMIO or unbacked addresses.
  virtual std::uint8_t* ram_page(PAddr page) = 0;

  // Device registers in memory space; size is 1, 2, 4 or 8. Return false
  // when no device claims the address (the kernel model faults the access).
  virtual bool mmio_read(PAddr addr, unsigned size, std::uint64_t& value) = 0;
  virtual bool mmio_write(PAddr addr, unsigned size, std::uint64_t value) = 0;

  // x86 I/O ports; size is 1, 2 or 4. Unclaimed ports read as all ones.
  virtual std::uint32_t io_in(std::uint16_t port, unsigned size) = 0;
  virtual void io_out(std::uint16_t port, unsigned size, std::uint32_t value) = 0;

  // The kernel model registers where raised interrupt lines go (it turns
  // them into notification signals through IrqHandler caps).
  virtual void set_irq_sink(std::function<void(unsigned irq)> sink) = 0;

  virtual const BootInfo& boot_info() const = 0;
};

}  // namespace hw
