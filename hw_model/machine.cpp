#include "hw_model/machine.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "hw_model/pci/pci_regs.h"
#include "sim/runtime/log/log.h"

namespace hw {

namespace {
constexpr PAddr kLowRamEnd = 0x9F000;    // conventional memory below the EBDA
constexpr PAddr kHighRamStart = 0x100000;  // 1 MiB
constexpr std::uint64_t kMaxRam = 0xC000'0000ull;  // below the PCI hole
constexpr std::uint32_t kMassStorageClass = 0x010000;
constexpr std::uint32_t kEthernetClass = 0x020000;
constexpr PAddr kBootFramebufferBase = 0xFD00'0000ull;  // without a PCI display

std::uint64_t page_up(std::uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }
}  // namespace

Machine::Machine(sim::VirtualClock& clock, const sim::SeedSource& seeds, MachineConfig cfg)
    : clock_(clock), seeds_(seeds), cfg_(std::move(cfg)), timer_(clock, irqs_) {
  if (cfg_.ram_bytes < 2 * kHighRamStart || cfg_.ram_bytes > kMaxRam || cfg_.ram_bytes % kPageSize)
    throw std::invalid_argument("machine " + cfg_.name + ": RAM must be page-aligned, 2 MiB .. 3 GiB");
  mem_.add_ram(0, cfg_.ram_bytes);
  add_fixed_ports(pci::kConfigAddressPort, 8, pci_);
  if (cfg_.serial) {
    uart_ = std::make_unique<Uart16550>(clock_, irqs_, cfg_.name + "/com1", Uart16550::kCom1Irq, cfg_.uart);
    add_fixed_ports(Uart16550::kCom1Base, 8, *uart_);
  }
  if (cfg_.keyboard) {
    ps2_ = std::make_unique<Ps2Controller>(irqs_);
    add_fixed_ports(Ps2Controller::kBase, Ps2Controller::kPorts, *ps2_);
  }
  if (cfg_.display) {
    fb_ = std::make_unique<Framebuffer>(cfg_.display->vram_bytes, cfg_.display->mode);
    if (cfg_.display->pci_device) {
      display_ = std::make_unique<BochsDisplay>(*fb_);
      pci_.plug(display_->function());
    } else {
      mem_.map_external(kBootFramebufferBase, fb_->vram_size(), fb_->vram());
    }
  }

  for (std::size_t i = 0; i < cfg_.disks.size(); ++i) {
    DiskConfig& d = cfg_.disks[i];
    if (!d.image) throw std::invalid_argument("machine " + cfg_.name + ": disk without image");
    const std::string dev_name = cfg_.name + "/blk" + std::to_string(i);
    if (d.serial.empty()) d.serial = dev_name;
    auto dev = std::make_unique<VirtioBlk>(mem_, clock_, stream("blk" + std::to_string(i)), faults_, dev_name, d);
    auto pci = std::make_unique<VirtioPci>(*dev, d.transport, kMassStorageClass, irqs_);
    pci_.plug(pci->function());
    disks_.push_back({std::move(dev), std::move(pci)});
  }

  for (std::size_t i = 0; i < cfg_.nics.size(); ++i) {
    const NicConfig& n = cfg_.nics[i];
    auto dev = std::make_unique<VirtioNet>(mem_, clock_, cfg_.name + "/net" + std::to_string(i), n);
    auto pci = std::make_unique<VirtioPci>(*dev, n.transport, kEthernetClass, irqs_);
    pci_.plug(pci->function());
    nics_.push_back({std::move(dev), std::move(pci)});
  }

  pci_.assign_resources();
  rebuild_decode();
  pci_.set_decode_listener([this] { rebuild_decode(); });
  build_boot_info();
}

Machine::~Machine() = default;

void Machine::add_fixed_ports(std::uint16_t base, std::uint16_t count, IoHandler& h) {
  if (!ports_.add(base, count, PortEntry{&h, false}))
    throw std::logic_error("machine: I/O port range overlap at " + std::to_string(base));
}

void Machine::rebuild_decode() {
  ports_.remove_if([](const auto& e) { return e.value.from_pci; });
  mmio_.clear();
  for (PAddr a : external_maps_) mem_.unmap_external(a);
  external_maps_.clear();
  for (const auto& [addr, fn] : pci_.functions()) {
    const std::uint16_t cmd = fn->command();
    for (unsigned i = 0; i < PciFunction::kBars; ++i) {
      const BarSpec& b = fn->bar(i);
      const std::uint64_t base = fn->bar_address(i);
      if (b.kind == BarKind::None || base == 0) continue;
      // A BAR being sized (all ones) or overlapping another is not decoded.
      if (b.kind == BarKind::Io) {
        if ((cmd & pci::kCmdIo) && base + b.size <= 0x10000) ports_.add(base, b.size, PortEntry{b.handler, true});
      } else if (cmd & pci::kCmdMemory) {
        if (b.backing) {
          if (mem_.map_external(base, b.size, b.backing)) external_maps_.push_back(base);
        } else {
          mmio_.add(base, b.size, b.handler);
        }
      }
    }
  }
}

void Machine::build_boot_info() {
  BootInfo& bi = boot_info_;
  bi.command_line = cfg_.command_line;
  const std::uint64_t ram_end = cfg_.ram_bytes;
  std::uint64_t usable_end = ram_end;
  if (!cfg_.initrd.empty()) {
    const std::uint64_t size = page_up(cfg_.initrd.size());
    if (size + 2 * kHighRamStart > ram_end) throw std::invalid_argument("machine: initrd does not fit in RAM");
    bi.initrd_base = ram_end - size;
    bi.initrd_size = cfg_.initrd.size();
    mem_.write(bi.initrd_base, cfg_.initrd.data(), cfg_.initrd.size());
    usable_end = bi.initrd_base;
  }
  bi.memory_map = {
      {0, kLowRamEnd, RegionKind::Ram},
      {kLowRamEnd, kHighRamStart - kLowRamEnd, RegionKind::Reserved},
      {kHighRamStart, usable_end - kHighRamStart, RegionKind::Ram},
  };
  if (bi.initrd_size) bi.memory_map.push_back({bi.initrd_base, page_up(bi.initrd_size), RegionKind::Initrd});
  if (fb_) {
    const PAddr base = display_ ? display_->function().bar_address(0) : kBootFramebufferBase;
    bi.framebuffer = FramebufferInfo{base, fb_->mode().width, fb_->mode().height, fb_->pitch(), fb_->mode().bpp};
    bi.memory_map.push_back({base, fb_->vram_size(), RegionKind::Framebuffer});
  }
  // Device memory the OS may map: every memory BAR as firmware placed it.
  for (const auto& [addr, fn] : pci_.functions())
    for (unsigned i = 0; i < PciFunction::kBars; ++i) {
      const BarSpec& b = fn->bar(i);
      if ((b.kind == BarKind::Mem32 || b.kind == BarKind::Mem64) && !b.backing)
        bi.memory_map.push_back({fn->bar_address(i), b.size, RegionKind::Mmio});
    }
  std::sort(bi.memory_map.begin(), bi.memory_map.end(),
            [](const MemoryRegion& a, const MemoryRegion& b) { return a.base < b.base; });
}

std::uint8_t* Machine::ram_page(PAddr page) {
  if (page % kPageSize) return nullptr;
  return mem_.translate(page, kPageSize);
}

bool Machine::mmio_read(PAddr addr, unsigned size, std::uint64_t& value) {
  if (const auto* e = mmio_.find(addr)) {
    value = e->value->read(addr - e->base, size);
    return true;
  }
  if (const std::uint8_t* p = mem_.translate(addr, size)) {
    value = 0;
    std::memcpy(&value, p, size);
    return true;
  }
  return false;
}

bool Machine::mmio_write(PAddr addr, unsigned size, std::uint64_t value) {
  if (const auto* e = mmio_.find(addr)) {
    e->value->write(addr - e->base, size, value);
    return true;
  }
  if (std::uint8_t* p = mem_.translate(addr, size)) {
    std::memcpy(p, &value, size);
    return true;
  }
  return false;
}

std::uint32_t Machine::io_in(std::uint16_t port, unsigned size) {
  if (const auto* e = ports_.find(port)) return static_cast<std::uint32_t>(e->value.handler->read(port - e->base, size));
  return size >= 4 ? 0xFFFF'FFFFu : (1u << (8 * size)) - 1;
}

void Machine::io_out(std::uint16_t port, unsigned size, std::uint32_t value) {
  if (const auto* e = ports_.find(port)) e->value.handler->write(port - e->base, size, value);
}

void Machine::set_irq_sink(std::function<void(unsigned irq)> sink) { irqs_.set_sink(std::move(sink)); }

void Machine::screenshot(const std::string& path) const {
  if (!fb_) throw std::logic_error("machine " + cfg_.name + " has no display");
  fb_->screenshot(path);
}

void Machine::power_cut() {
  sim::log::get("hw")->info("{}: power cut", cfg_.name);
  timer_.stop();
  for (auto& d : disks_) d.dev->power_cut();
}

}  // namespace hw
