#include "scenarios/builtin/machine_demo.h"

#include <memory>
#include <string>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "scenarios/builtin/machine_world.h"
#include "sim/runtime/log/log.h"

namespace sim::scenarios {

namespace {

namespace abi = kmodel::abi;
using kmodel::Word;

constexpr Word kEndpointSlot = 200;     // free slot of init's 4096-slot CNode
constexpr Word kServerIpcBuffer = 0x0021'0000;
constexpr Word kEchoLabel = 0x42;

Word msginfo(Word label, Word length) { return (label << abi::kMsgLabelShift) | length; }

const char* region_kind(hw::RegionKind k) {
  switch (k) {
    case hw::RegionKind::Ram: return "ram";
    case hw::RegionKind::Reserved: return "reserved";
    case hw::RegionKind::Mmio: return "mmio";
    case hw::RegionKind::Framebuffer: return "framebuffer";
    case hw::RegionKind::Initrd: return "initrd";
  }
  return "?";
}

hw::MachineConfig machine_config() {
  hw::MachineConfig cfg;
  cfg.name = "m0";
  cfg.ram_bytes = 64ull << 20;
  cfg.disks.push_back(hw::DiskConfig{std::make_shared<hw::MemoryDisk>(1u << 20)});
  hw::CpioBuilder initrd;
  initrd.add_file("etc/motd", "saltysim: the kernel model and the machine are up\n");
  cfg.initrd = initrd.build();
  cfg.command_line = "init=/sbin/init";
  return cfg;
}

// COM1 through the root task's IoPort cap, as a polling driver does: wait
// for the transmitter holding register to empty (LSR bit 5, offset 5),
// then write the byte to THR (offset 0).
void com1_write(kmodel::Kernel& k, const std::string& text) {
  constexpr Word kLsr = 5, kLsrThre = 0x20;
  for (unsigned char c : text) {
    while ((k.syscall(abi::SYS_INVOKE, abi::INIT_SLOT_COM1_IOPORT, abi::IOPORT_IN8, kLsr).value & kLsrThre) == 0)
      k.syscall(abi::SYS_NANOSLEEP, 50'000);  // about half a character at 115200 baud
    k.syscall(abi::SYS_INVOKE, abi::INIT_SLOT_COM1_IOPORT, abi::IOPORT_OUT8, 0, c);
  }
}

}  // namespace

hw::MachineConfig machine_demo_config() { return machine_config(); }

void machine_demo(const ScenarioContext& ctx) { machine_demo_start(make_machine_world(ctx, machine_config())); }

void machine_demo_start(MachineWorld* world) {
  auto log = log::get("boot");
  hw::Machine& m = *world->machine;
  kmodel::Kernel& k = *world->kernel;

  for (const auto& r : m.boot_info().memory_map)
    log->info("memory map: {:#012x}-{:#012x} {}", r.base, r.base + r.size, region_kind(r.kind));
  log->info("boot info: initrd {} bytes at {:#x}, command line '{}'", m.boot_info().initrd_size,
            m.boot_info().initrd_base, m.boot_info().command_line);

  kmodel::Process init = k.create_root_task([world, log] {
    kmodel::Kernel& k = *world->kernel;
    com1_write(k, "init: hello from the root task\n");

    auto info = k.syscall(abi::SYS_INVOKE, abi::SLOT_CNODE, abi::CNODE_GET_INFO);
    log->info("init: own CNode: get-info -> error {}", info.error);

    auto r = k.syscall(abi::SYS_INVOKE, abi::INIT_SLOT_UNTYPED_BASE, abi::UNTYPED_RETYPE, abi::OBJ_ENDPOINT, 0,
                       kEndpointSlot);
    log->info("init: retyped an endpoint from untyped slot {} into slot {} -> error {}",
              abi::INIT_SLOT_UNTYPED_BASE, kEndpointSlot, r.error);
    if (r.error != abi::OK) return;

    // The echo server runs in init's own CSpace and VSpace.
    k.create_thread(
        kmodel::Process{k.current()->cspace, k.current()->vspace, k.current()},
        [world, log] {
          kmodel::Kernel& k = *world->kernel;
          auto got = k.syscall(abi::SYS_RECV, kEndpointSlot);
          for (;;) {
            Word v = k.ipc_buffer()->mr(0);
            log->info("echo-server: request {} (badge {})", v, got.value);
            got = k.syscall(abi::SYS_REPLY_RECV, kEndpointSlot, msginfo(0, 1), v * 2);
          }
        },
        kmodel::ThreadOptions{.name = "echo-server", .ipc_buffer_va = kServerIpcBuffer});

    for (Word i = 1; i <= 3; ++i) {
      k.syscall(abi::SYS_NANOSLEEP, 5'000'000);  // 5 ms of virtual time
      auto now = k.syscall(abi::SYS_CLOCK_GETTIME, 1);
      auto rep = k.syscall(abi::SYS_CALL, kEndpointSlot, msginfo(kEchoLabel, 1), i);
      log->info("init: call {} at {} ns -> error {}, reply {}", i, now.value, rep.error, k.ipc_buffer()->mr(0));
    }
    com1_write(k, "init: done; the servers of the boot issue come next\n");
  });
  (void)init;
}

}  // namespace sim::scenarios
