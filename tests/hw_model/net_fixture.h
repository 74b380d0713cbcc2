// N machines with one NIC each, plugged into one switch, with drivers.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "hw_model/host_driver/net_driver.h"
#include "hw_model/machine.h"
#include "hw_model/net/cable.h"
#include "tests/hw_model/support/run.h"

namespace hwtest {

using namespace hostdrv;  // the host-side drivers (hw_model/host_driver)

struct NetNode {
  std::unique_ptr<hw::Machine> machine;
  std::unique_ptr<DmaArena> arena;
  std::unique_ptr<NetDriver> drv;
  hw::EthernetSwitch::PortId port = 0;
  std::vector<unsigned> irqs;
};

struct NetRig {
  sim::VirtualClock clock;
  sim::SeedSource seeds;
  hw::EthernetSwitch sw;
  std::vector<std::unique_ptr<NetNode>> nodes;

  explicit NetRig(unsigned n, std::uint64_t seed = 1) : seeds(seed), sw(clock, seeds, "sw0") {
    for (unsigned i = 0; i < n; ++i) {
      auto node = std::make_unique<NetNode>();
      hw::MachineConfig cfg;
      cfg.name = "m" + std::to_string(i);
      cfg.nics.emplace_back();
      node->machine = std::make_unique<hw::Machine>(clock, seeds, cfg);
      node->machine->set_irq_sink([n = node.get()](unsigned irq) { n->irqs.push_back(irq); });
      node->port = hw::plug(sw, node->machine->nic(0));
      node->arena = std::make_unique<DmaArena>(*node->machine);
      auto dev = find_pci(*node->machine, 0x1AF4, 0x1000);
      EXPECT_TRUE(dev.has_value());
      // Alternate the transports: even machines legacy, odd ones modern.
      node->drv = std::make_unique<NetDriver>(*node->arena, *dev, i % 2 ? VirtioMode::Modern : VirtioMode::Legacy);
      EXPECT_TRUE(node->drv->ok());
      node->drv->post_rx(32);
      nodes.push_back(std::move(node));
    }
  }
  NetDriver& drv(unsigned i) { return *nodes[i]->drv; }
  hw::EthernetSwitch::PortId port(unsigned i) { return nodes[i]->port; }
  void settle() { run_all(clock); }
};

}  // namespace hwtest
