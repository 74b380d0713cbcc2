// One emulated x86-64 PC: RAM, the I/O-port and MMIO spaces, the PCI bus
// with its devices, the interrupt controller and timer, and the boot
// information. Implements MachineBus, the only face the kernel model sees.
// Several machines may share one clock (one simulator process); each draws
// its randomness from its own seed streams, named after it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hw_model/console/ps2_controller.h"
#include "hw_model/console/uart16550.h"
#include "hw_model/core/fault_log.h"
#include "hw_model/core/range_map.h"
#include "hw_model/display/bochs_display.h"
#include "hw_model/irq/interrupt_controller.h"
#include "hw_model/irq/timer.h"
#include "hw_model/machine_bus.h"
#include "hw_model/machine_config.h"
#include "hw_model/mem/phys_mem.h"
#include "hw_model/pci/pci_bus.h"
#include "sim/runtime/seed/seed.h"

namespace hw {

class Machine final : public MachineBus {
 public:
  Machine(sim::VirtualClock& clock, const sim::SeedSource& seeds, MachineConfig cfg);
  ~Machine() override;
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // --- MachineBus ---
  std::uint8_t* ram_page(PAddr page) override;
  bool mmio_read(PAddr addr, unsigned size, std::uint64_t& value) override;
  bool mmio_write(PAddr addr, unsigned size, std::uint64_t value) override;
  std::uint32_t io_in(std::uint16_t port, unsigned size) override;
  void io_out(std::uint16_t port, unsigned size, std::uint32_t value) override;
  void set_irq_sink(std::function<void(unsigned irq)> sink) override;
  const BootInfo& boot_info() const override { return boot_info_; }

  // --- the simulator side (scenarios, tests, the kernel model's set-up) ---
  const std::string& name() const { return cfg_.name; }
  sim::VirtualClock& clock() { return clock_; }
  PhysMem& memory() { return mem_; }
  PciBus& pci() { return pci_; }
  InterruptController& irqs() { return irqs_; }
  Timer& timer() { return timer_; }
  FaultLog& fault_log() { return faults_; }

  std::size_t disk_count() const { return disks_.size(); }
  VirtioBlk& disk(std::size_t i) { return *disks_.at(i).dev; }
  std::size_t nic_count() const { return nics_.size(); }
  VirtioNet& nic(std::size_t i) { return *nics_.at(i).dev; }

  Uart16550* uart() { return uart_.get(); }
  Ps2Controller* keyboard() { return ps2_.get(); }
  Framebuffer* framebuffer() { return fb_.get(); }
  BochsDisplay* display_device() { return display_.get(); }
  // Writes the current framebuffer as PNG (throws when there is none).
  void screenshot(const std::string& path) const;

  // Power cut: every disk loses what its fault model says, the timer stops.
  void power_cut();

  // Seed stream of one component of this machine ("<name>/<component>").
  sim::Rng stream(const std::string& component) const { return seeds_.stream(cfg_.name + "/" + component); }

 private:
  struct PortEntry {
    IoHandler* handler;
    bool from_pci;
  };
  template <class Dev>
  struct PciDevice {
    std::unique_ptr<Dev> dev;
    std::unique_ptr<VirtioPci> pci;
  };

  void add_fixed_ports(std::uint16_t base, std::uint16_t count, IoHandler& h);
  void rebuild_decode();
  void build_boot_info();

  sim::VirtualClock& clock_;
  sim::SeedSource seeds_;
  MachineConfig cfg_;
  PhysMem mem_;
  InterruptController irqs_;
  Timer timer_;
  PciBus pci_;
  FaultLog faults_;
  RangeMap<PortEntry> ports_;
  RangeMap<IoHandler*> mmio_;
  std::vector<PAddr> external_maps_;
  std::vector<PciDevice<VirtioBlk>> disks_;
  std::vector<PciDevice<VirtioNet>> nics_;
  std::unique_ptr<Uart16550> uart_;
  std::unique_ptr<Ps2Controller> ps2_;
  std::unique_ptr<Framebuffer> fb_;
  std::unique_ptr<BochsDisplay> display_;
  BootInfo boot_info_;
};

}  // namespace hw
