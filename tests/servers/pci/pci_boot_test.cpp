// The PCI server on a booted machine with a virtio-blk disk and the bochs
// display: a client (a unit with NeedEP=pci) lists the functions, finds
// the disk, reads its configuration and receives BAR caps.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/device_clients.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace boot_test;

std::map<std::string, long> g_seen;

// A slot holds a cap iff it can be moved (MOVE needs no rights); moved back at once.
bool occupied(uint64_t slot) {
  const uint64_t cn = uapi::SLOT_SELF_CNODE;
  if (trona::invoke(cn, uapi::CNODE_MOVE, 200, cn, slot).error != uapi::TRONA_OK) return false;
  trona::invoke(cn, uapi::CNODE_MOVE, slot, cn, 200);
  return true;
}

int pci_client(int, char**, char**) {
  trona::PciClient pc(64);
  trona::PciDevice all[8];
  size_t n = 0;
  uint64_t next = 0;
  g_seen["list"] = pc.list(0, all, 8, &n, &next);
  g_seen["count"] = static_cast<long>(n);
  g_seen["next"] = static_cast<long>(next);
  trona::PciDevice blk, disp;
  g_seen["find_blk"] = pc.find_device(0x1AF4, 0x1001, 0, &blk);  // transitional virtio-blk
  g_seen["blk_class"] = static_cast<long>(blk.class_code >> 16);
  g_seen["find_display"] = pc.find_device(0x1234, 0x1111, 0, &disp);
  g_seen["find_none"] = pc.find_device(0x1AF4, 0x1001, 1, &blk);
  uint32_t id = 0;
  g_seen["read_id"] = pc.read_config32(blk.bdf, 0, &id);
  g_seen["id_matches"] = id == 0x1001'1AF4u;
  g_seen["write_bar"] = pc.write_config32(blk.bdf, 0x10, 0);
  uint8_t ids[16], offs[16];
  size_t ncaps = 0;
  g_seen["caps"] = pc.get_caps(blk.bdf, ids, offs, 16, &ncaps);
  g_seen["ncaps"] = static_cast<long>(ncaps);
  g_seen["vendor_caps"] = 0;
  for (size_t i = 0; i < ncaps; ++i) g_seen["vendor_caps"] += ids[i] == 0x09 && offs[i] >= 0x40;
  trona::PciBar fb{}, again{}, regs{}, io{};
  // The framebuffer BAR is the boot framebuffer init already holds (slot 13): refused.
  g_seen["fb_bar"] = pc.get_bar_cap(disp.bdf, 0, 80, &fb);
  g_seen["fb_cap"] = occupied(80);
  g_seen["regs_bar"] = pc.get_bar_cap(disp.bdf, 2, 82, &regs);
  g_seen["regs_size"] = static_cast<long>(regs.size);
  g_seen["regs_kind"] = static_cast<long>(regs.kind);
  g_seen["regs_cap"] = occupied(82);
  g_seen["regs_again"] = pc.get_bar_cap(disp.bdf, 2, 81, &again);  // a copy of the same cap
  g_seen["regs_again_cap"] = occupied(81);
  // The transitional disk's legacy registers: an I/O BAR.
  long io_bar = -1;
  for (uint64_t b = 0; b < 6 && io_bar < 0; ++b)
    if (pc.get_bar_cap(blk.bdf, b, 83, &io) == 0 && io.kind == 1) io_bar = static_cast<long>(b);
  g_seen["io_bar_found"] = io_bar >= 0;
  g_seen["io_cap"] = occupied(83);
  g_seen["no_bar"] = pc.get_bar_cap(disp.bdf, 5, 84, &io);
  return 0;
}

TEST(PciBoot, AClientListsFindsReadsAndGetsBarCaps) {
  g_seen.clear();
  saltysim::programs::register_program("pci_client", &pci_client);
  Files f = standard_system();
  add_service(f, "pci", "Type=notify\n[Capabilities]\nCopyCap=15:64 11:65\n");
  add_service(f, "pci_client", "[Dependencies]\nAfter=pci\n[Capabilities]\nNeedEP=pci:64\n");
  BootResult r = boot(f, [](hw::MachineConfig& cfg) {
    cfg.disks.push_back({std::make_shared<hw::MemoryDisk>(1u << 20)});
    cfg.display = hw::DisplayConfig{};
  });
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_NE(r.console.find("pci: 3 functions on bus 0"), std::string::npos) << r.console;  // the host bridge too
  EXPECT_EQ(g_seen["list"], 0);
  EXPECT_EQ(g_seen["count"], 3);
  EXPECT_EQ(g_seen["next"], 0);
  EXPECT_EQ(g_seen["find_blk"], 0);
  EXPECT_EQ(g_seen["blk_class"], 0x01);  // mass storage
  EXPECT_EQ(g_seen["find_display"], 0);
  EXPECT_EQ(g_seen["find_none"], uapi::kENOENT);
  EXPECT_EQ(g_seen["read_id"], 0);
  EXPECT_EQ(g_seen["id_matches"], 1);
  EXPECT_EQ(g_seen["write_bar"], uapi::kEACCES);
  EXPECT_EQ(g_seen["caps"], 0);
  EXPECT_GE(g_seen["vendor_caps"], 4);  // virtio's common, notify, ISR and device config structures
  EXPECT_EQ(g_seen["fb_bar"], uapi::kEEXIST);
  EXPECT_EQ(g_seen["fb_cap"], 0);
  EXPECT_EQ(g_seen["regs_bar"], 0);
  EXPECT_EQ(g_seen["regs_size"], 0x1000);
  EXPECT_EQ(g_seen["regs_kind"], 0);
  EXPECT_EQ(g_seen["regs_cap"], 1);
  EXPECT_EQ(g_seen["regs_again"], 0);
  EXPECT_EQ(g_seen["regs_again_cap"], 1);
  EXPECT_EQ(g_seen["io_bar_found"], 1);
  EXPECT_EQ(g_seen["io_cap"], 1);
  EXPECT_EQ(g_seen["no_bar"], uapi::kENOENT);
}

}  // namespace
