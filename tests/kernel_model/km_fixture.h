// Shared fixture for the kernel conformance suite: a scheduler, a kernel
// (optionally on a small fake machine), helpers to make processes and to
// issue syscalls from their fibers.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "hw_model/machine_bus.h"
#include "kernel_model/kernel.h"

namespace kt {

using namespace kmodel;
using namespace kmodel::abi;

// A tiny machine: 1 MiB of RAM at 1 MiB, an initrd page, an MMIO page,
// recorded port writes.
class FakeBus final : public hw::MachineBus {
 public:
  static constexpr hw::PAddr kRamBase = 0x100000, kRamSize = 0x100000;
  static constexpr hw::PAddr kInitrd = 0x400000;
  static constexpr hw::PAddr kMmio = 0xFE000000;
  static constexpr hw::PAddr kFb = 0xE0000000;

  FakeBus() {
    info.memory_map.push_back({kRamBase, kRamSize, hw::RegionKind::Ram});
    info.memory_map.push_back({kMmio, 0x1000, hw::RegionKind::Mmio});
    info.initrd_base = kInitrd;
    info.initrd_size = 0x1000;
    info.framebuffer = {kFb, 64, 16, 256, 32};
    ram_page(kInitrd)[0] = 'I';
  }
  std::uint8_t* ram_page(hw::PAddr p) override {
    bool ram = p >= kRamBase && p < kRamBase + kRamSize;
    bool special = p == kInitrd || (p >= kFb && p < kFb + 0x1000 * 4);
    if (!ram && !special) return nullptr;
    return pages[p].data();
  }
  bool mmio_read(hw::PAddr a, unsigned size, std::uint64_t& v) override {
    if (a < kMmio || a >= kMmio + 0x1000) return false;
    v = mmio[a];
    reads.push_back({a, size});
    return true;
  }
  bool mmio_write(hw::PAddr a, unsigned size, std::uint64_t v) override {
    if (a < kMmio || a >= kMmio + 0x1000) return false;
    mmio[a] = v;
    writes.push_back({a, size});
    return true;
  }
  std::uint32_t io_in(std::uint16_t port, unsigned size) override {
    auto it = port_values.find(port);
    std::uint32_t all = size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
    return it == port_values.end() ? all : it->second;
  }
  void io_out(std::uint16_t port, unsigned size, std::uint32_t value) override { outs.emplace_back(port, size, value); }
  void set_irq_sink(std::function<void(unsigned)> s) override { sink = std::move(s); }
  const hw::BootInfo& boot_info() const override { return info; }

  hw::BootInfo info;
  std::map<hw::PAddr, std::array<std::uint8_t, 4096>> pages;
  std::map<hw::PAddr, std::uint64_t> mmio;
  std::vector<std::pair<hw::PAddr, unsigned>> reads, writes;
  std::map<std::uint16_t, std::uint32_t> port_values;
  std::vector<std::tuple<std::uint16_t, unsigned, std::uint32_t>> outs;
  std::function<void(unsigned)> sink;
};

class KernelTest : public ::testing::Test {
 protected:
  KernelTest() = default;
  explicit KernelTest(KernelOptions o) : k{sched, nullptr, o} {}
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 7}};
  std::vector<KernelEvent> events;
  Kernel k{sched};

  Process proc(const std::string& name, std::function<void()> body, sim::Priority prio = sim::kDefaultPriority,
               unsigned cnode_bits = 10) {
    ProcessOptions o;
    o.name = name;
    o.priority = prio;
    o.cnode_bits = cnode_bits;
    return k.create_process(std::move(body), o);
  }
  Slot& give(const Process& p, Word slot, KObject& o, std::uint32_t rights = RIGHTS_ALL, Word badge = 0) {
    return k.install(*p.cnode, slot, o, rights, badge);
  }
  Cap& cap_at(const Process& p, Word slot) { return p.cnode->slot(slot).cap; }
  // Host-made threads have no user stack: this maps `pages` writable pages
  // below `top` in the thread's VSpace and puts its rsp at `top` (where a
  // notification frame goes).
  static constexpr Word kStackTop = 0x7000'0000;
  void give_stack(Tcb& t, Word top = kStackTop, unsigned pages = 2) {
    for (unsigned i = 1; i <= pages; ++i) k.map_host(*t.vspace, top - i * kPageSize, k.new_frame(), VM_WRITABLE | VM_USER);
    t.rsp = top;
  }
  sim::RunResult run() { return sched.run(); }

  // --- for fibers
  SysResult sys(Word no, Word a0 = 0, Word a1 = 0, Word a2 = 0, Word a3 = 0, Word a4 = 0, Word a5 = 0) {
    return k.syscall(no, a0, a1, a2, a3, a4, a5);
  }
  SysResult inv(Word cap, Word label, Word a0 = 0, Word a1 = 0, Word a2 = 0, Word a3 = 0) {
    return k.syscall(SYS_INVOKE, cap, label, a0, a1, a2, a3);
  }
  IpcBuffer& buf() { return *k.ipc_buffer(); }
  static Word mi(Word label, Word len, Word caps = 0) { return MsgInfo::encode(label, len, caps); }
  // Retype from an untyped in `ut_slot` into `dst`.
  SysResult retype(Word ut_slot, Word type, Word bits, Word dst) {
    return inv(ut_slot, UNTYPED_RETYPE, type, bits, dst);
  }
  // Runs `body` as a lone process with a 64 KiB untyped at slot 16.
  Process solo(std::function<void()> body, unsigned ut_bits = 16) {
    Process p = proc("solo", std::move(body));
    give(p, 16, k.new_untyped(ut_bits));
    return p;
  }
  void record_events() {
    k.set_event_hook([this](const KernelEvent& e) { events.push_back(e); });
  }
  std::size_t count(KernelEvent::Kind kind) const {
    std::size_t n = 0;
    for (auto& e : events) n += e.kind == kind;
    return n;
  }
};

// A kernel on the fake machine (the root task sees its RAM, MMIO page,
// initrd and framebuffer), next to the bare kernel of KernelTest.
class BusKernelTest : public KernelTest {
 protected:
  FakeBus bus;
  sim::Scheduler s2{sim::SchedulerOptions{.seed = 3}};
  Kernel kb{s2, &bus};
  SysResult r, r2, r3;
};

}  // namespace kt
