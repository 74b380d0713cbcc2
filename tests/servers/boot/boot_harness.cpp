#include "boot_harness.h"

#include <memory>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "trona/core/debug_put.h"
#include "sim/host/programs/programs.h"
#include "trona/core/syscall.h"
#include "uapi/kernel_abi.h"

namespace boot_test {

namespace {

kmodel::Kernel* g_kernel = nullptr;
hw::Machine* g_machine = nullptr;

constexpr sim::VTime kRunLimit = sim::VTime{60} * 1'000'000'000;

hw::MachineConfig machine_config(const Files& files, size_t index,
                                 const std::function<void(hw::MachineConfig&)>& configure = {}) {
  hw::MachineConfig cfg;
  cfg.name = "m" + std::to_string(index);
  cfg.ram_bytes = 64ull << 20;
  hw::CpioBuilder initrd;
  initrd.add_dir("services");
  for (const auto& [path, text] : files) initrd.add_file(path, text);
  cfg.initrd = initrd.build();
  if (configure) configure(cfg);
  return cfg;
}

// One machine with its kernel and init (the root task) on `sched`.
struct Booting {
  Booting(sim::Scheduler& sched, const Files& files, size_t index,
          const std::function<void(hw::MachineConfig&)>& configure = {})
      : machine(sched.clock(), sched.seeds(), machine_config(files, index, configure)), kernel(sched, &machine) {
    saltysim::programs::install_image_start(kernel);
    kernel.create_root_task([this] { result.init_status = saltysim::programs::run_init(kernel); });
  }
  hw::Machine machine;
  kmodel::Kernel kernel;
  BootResult result;
};

}  // namespace

std::string image(const std::string& entry) { return "#!trona-image v1\nentry=" + entry + "\n"; }

Files standard_system() {
  return {
      {"services/mmsrv.service",
       "[Service]\nName=mmsrv\nBinary=bin/mmsrv\nCNodeBits=12\nMemoryKB=4096\nPreProcmgr=yes\nRole=pager\n"},
      {"services/procmgr.service", "[Service]\nName=procmgr\nBinary=bin/procmgr\nCNodeBits=12\nMemoryKB=8192\n"},
      {"bin/mmsrv", image("mmsrv")},
      {"services/namesrv.service", "[Service]\nName=namesrv\nBinary=bin/namesrv\n"},
      {"services/rsrcsrv.service", "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\n[Dependencies]\nAfter=namesrv\n"},
      {"bin/procmgr", image("procmgr")},
      {"bin/namesrv", image("namesrv")},
      {"bin/rsrcsrv", image("rsrcsrv")},
      {"bin/hello", image("hello")},
  };
}

std::string unit(const std::string& name, const std::string& extra) {
  return "[Service]\nName=" + name + "\nBinary=bin/" + name + "\n" + extra;
}

void add_service(Files& f, const std::string& name, const std::string& extra) {
  f["services/" + name + ".service"] = unit(name, extra);
  f["bin/" + name] = image(name);
}

void add_vfs_service(Files& f) {
  add_service(f, "vfs", "Type=notify\nCNodeBits=12\nMemoryKB=16384\n[Dependencies]\nAfter=rsrcsrv\n");
}

void add_tty_services(Files& f) {
  add_service(f, "vfs", "Type=notify\nCNodeBits=12\nMemoryKB=16384\nArgs=--ttysrv\n[Dependencies]\nAfter=rsrcsrv\n"
              "[Capabilities]\nNeedEP=ttysrv:64\n");
  add_service(f, "console",
              "Type=notify\n[Dependencies]\nAfter=vfs\n[Capabilities]\nCopyCap=6:64 7:65 8:66 9:67 10:68\n"
              "NeedEP=ttysrv:69\n");
  add_service(f, "ttysrv", "Type=notify\nCNodeBits=12\n[Dependencies]\nAfter=console\n");
}

BootResult boot(const Files& files, const std::function<void(hw::MachineConfig&)>& configure) {
  sim::Scheduler sched(sim::SchedulerOptions{.seed = 7});
  Booting m(sched, files, 0, configure);
  g_kernel = &m.kernel;
  g_machine = &m.machine;
  m.result.run = sched.run(sim::RunLimits{.until = kRunLimit});
  g_kernel = nullptr;
  g_machine = nullptr;
  m.result.console = m.kernel.debug_output();
  return m.result;
}

std::vector<BootResult> boot_together(const std::vector<Files>& systems, sim::RunResult* run) {
  sim::Scheduler sched(sim::SchedulerOptions{.seed = 7});
  std::vector<std::unique_ptr<Booting>> machines;
  for (size_t i = 0; i < systems.size(); ++i) machines.push_back(std::make_unique<Booting>(sched, systems[i], i));
  *run = sched.run(sim::RunLimits{.until = kRunLimit});
  std::vector<BootResult> out;
  for (auto& m : machines) {
    m->result.console = m->kernel.debug_output();
    out.push_back(m->result);
  }
  return out;
}

kmodel::Kernel* booting_kernel() { return g_kernel; }
hw::Machine* booting_machine() { return g_machine; }

void say(const std::string& s) { lib::debug_put(lib::Str(s.data(), s.size())); }

std::uint64_t now_ms() { return trona::clock_gettime(uapi::kClockMonotonic).value / 1'000'000; }

}  // namespace boot_test
