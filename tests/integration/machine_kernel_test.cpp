// The kernel model on the emulated machine: a root task drives devices
// only through its boot capabilities (IoPort caps, IRQ notifications,
// the initrd mapping), as a driver on the real kernel would.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "kernel_model/kernel.h"

namespace {

namespace abi = kmodel::abi;
using kmodel::Word;

struct Rig {
  sim::Scheduler sched;
  std::unique_ptr<hw::Machine> machine;
  std::unique_ptr<kmodel::Kernel> kernel;

  Rig() {
    hw::MachineConfig cfg;
    cfg.disks.push_back(hw::DiskConfig{std::make_shared<hw::MemoryDisk>(1u << 20)});
    hw::CpioBuilder initrd;
    initrd.add_file("etc/motd", "hello from the initrd\n");
    cfg.initrd = initrd.build();
    machine = std::make_unique<hw::Machine>(sched.clock(), sched.seeds(), cfg);
    kernel = std::make_unique<kmodel::Kernel>(sched, machine.get());
  }
  Word in8(Word cap, Word off) { return kernel->syscall(abi::SYS_INVOKE, cap, abi::IOPORT_IN8, off).value; }
  void out8(Word cap, Word off, Word v) { kernel->syscall(abi::SYS_INVOKE, cap, abi::IOPORT_OUT8, off, v); }
  std::uint32_t in32(Word cap, Word off) {
    return static_cast<std::uint32_t>(kernel->syscall(abi::SYS_INVOKE, cap, abi::IOPORT_IN32, off).value);
  }
  void out32(Word cap, Word off, Word v) { kernel->syscall(abi::SYS_INVOKE, cap, abi::IOPORT_OUT32, off, v); }
};

constexpr Word kThr = 0, kIer = 1, kLsr = 5, kLsrDr = 0x01, kLsrThre = 0x20;

TEST(MachineKernel, RootTaskTransmitsOnCom1ThroughItsIoPortCap) {
  Rig r;
  r.kernel->create_root_task([&] {
    for (char c : std::string("ping\n")) {
      while ((r.in8(abi::INIT_SLOT_COM1_IOPORT, kLsr) & kLsrThre) == 0) r.kernel->syscall(abi::SYS_NANOSLEEP, 100'000);
      r.out8(abi::INIT_SLOT_COM1_IOPORT, kThr, static_cast<unsigned char>(c));
    }
  });
  EXPECT_EQ(r.sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(r.machine->uart()->output(), "ping\n");
}

TEST(MachineKernel, TypedBytesArriveThroughIrq4AsANotification) {
  Rig r;
  std::string received;
  r.kernel->create_root_task([&] {
    r.out8(abi::INIT_SLOT_COM1_IOPORT, kIer, 0x01);  // receive-data interrupt on
    while (received.size() < 2) {
      auto w = r.kernel->syscall(abi::SYS_WAIT, abi::INIT_SLOT_COM1_NTFN);
      ASSERT_EQ(w.error, abi::OK);
      EXPECT_NE(w.value, 0u);  // the IRQ's bit
      while (r.in8(abi::INIT_SLOT_COM1_IOPORT, kLsr) & kLsrDr)
        received.push_back(static_cast<char>(r.in8(abi::INIT_SLOT_COM1_IOPORT, kThr)));
      EXPECT_EQ(r.kernel->syscall(abi::SYS_INVOKE, abi::INIT_SLOT_COM1_IRQ, abi::IRQ_HANDLER_ACK).error, abi::OK);
    }
  });
  r.sched.clock().schedule_at(sim::kMs, [&] { r.machine->uart()->type("h"); });
  r.sched.clock().schedule_at(3 * sim::kMs, [&] { r.machine->uart()->type("i"); });
  EXPECT_EQ(r.sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(received, "hi");
}

TEST(MachineKernel, PciEnumerationThroughThePciIoPortFindsTheVirtioDisk) {
  Rig r;
  std::uint32_t found = 0;
  r.kernel->create_root_task([&] {
    for (Word dev = 0; dev < 32 && !found; ++dev) {
      r.out32(abi::INIT_SLOT_PCI_IOPORT, 0, 0x8000'0000u | (dev << 11));  // CONFIG_ADDRESS, register 0
      std::uint32_t id = r.in32(abi::INIT_SLOT_PCI_IOPORT, 4);           // CONFIG_DATA
      if ((id & 0xFFFF) == 0x1AF4) found = id;
    }
  });
  EXPECT_EQ(r.sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(found & 0xFFFF, 0x1AF4u);  // virtio vendor
  std::uint32_t device = found >> 16;
  EXPECT_TRUE(device == 0x1001 || device == 0x1042) << std::hex << device;  // block: transitional or modern
}

TEST(MachineKernel, RootTaskReadsTheInitrdThroughItsMapping) {
  Rig r;
  std::string magic;
  r.kernel->create_root_task([&] {
    char buf[6];
    r.kernel->read(abi::kInitrdVa, buf, sizeof buf);
    magic.assign(buf, sizeof buf);
  });
  EXPECT_EQ(r.sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(magic, "070701");  // cpio newc
}

TEST(MachineKernel, IoPortCapWithoutWriteRightCannotDrivePorts) {
  Rig r;
  Word err = 0;
  r.kernel->create_root_task([&] {
    // Copy COM1's IoPort cap with READ only (CNODE_COPY: src, dest CNode, dest slot, rights).
    constexpr Word kCopy = 300;
    auto c = r.kernel->syscall(abi::SYS_INVOKE, abi::SLOT_CNODE, abi::CNODE_COPY, abi::INIT_SLOT_COM1_IOPORT,
                               abi::SLOT_CNODE, kCopy, abi::RIGHT_READ);
    ASSERT_EQ(c.error, abi::OK);
    err = r.kernel->syscall(abi::SYS_INVOKE, kCopy, abi::IOPORT_OUT8, kThr, 'x').error;
  });
  EXPECT_EQ(r.sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(err, static_cast<Word>(abi::INSUFFICIENT_RIGHTS));
  EXPECT_EQ(r.machine->uart()->output(), "");
}

}  // namespace
