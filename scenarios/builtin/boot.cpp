#include "scenarios/builtin/boot.h"

#include <memory>
#include <string>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "scenarios/builtin/console_session.h"
#include "scenarios/builtin/host_console.h"
#include "scenarios/builtin/machine_world.h"
#include "sim/host/programs/programs.h"
#include "sim/runtime/log/log.h"

namespace sim::scenarios {

namespace {

std::string image(const std::string& entry) { return "#!trona-image v1\nentry=" + entry + "\n"; }

}  // namespace

const char* const kUtilityNames[kUtilityCount] = {
    "cat",   "chmod", "chown",  "cp",    "date",  "df",     "dmesg", "echo",  "env",   "false", "free",
    "grep",  "head",  "id",     "kill",  "ln",    "login",  "ls",    "mkdir", "mkfifo", "mount", "mv",
    "printf", "ps",   "rm",     "rmdir", "seq",   "sleep",  "sort",  "stat",  "su",    "tail",  "tee",
    "touch", "true",  "umount", "uname", "uniq",  "wc",     "whoami", "yes"};

namespace {

}  // namespace

hw::MachineConfig boot_machine_config(const std::function<void(hw::CpioBuilder&)>& extra) {
  hw::MachineConfig cfg;
  cfg.name = "m0";
  cfg.ram_bytes = 64ull << 20;
  hw::CpioBuilder initrd;
  initrd.add_dir("services");
  initrd.add_file("services/mmsrv.service",
                  "[Service]\nName=mmsrv\nBinary=bin/mmsrv\nType=notify\nCNodeBits=12\nMemoryKB=4096\nPreProcmgr=yes\n"
                  "Role=pager\n");
  initrd.add_file("services/procmgr.service",
                  "[Service]\nName=procmgr\nBinary=bin/procmgr\nType=notify\nCNodeBits=12\nMemoryKB=8192\n");
  initrd.add_file("services/namesrv.service", "[Service]\nName=namesrv\nBinary=bin/namesrv\nType=notify\n");
  initrd.add_file("services/rsrcsrv.service",
                  "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\nType=notify\n[Dependencies]\nAfter=namesrv\n");
  initrd.add_file("services/vfs.service",
                  "[Service]\nName=vfs\nBinary=bin/vfs\nType=notify\nCNodeBits=12\nMemoryKB=16384\nArgs=--ttysrv\n"
                  "[Dependencies]\nAfter=rsrcsrv\n[Capabilities]\nNeedEP=ttysrv:64\n");
  initrd.add_file("services/console.service",
                  "[Service]\nName=console\nBinary=bin/console\nType=notify\n[Dependencies]\nAfter=vfs\n"
                  "[Capabilities]\nCopyCap=6:64 7:65 8:66 9:67 10:68\nNeedEP=ttysrv:69\n");
  initrd.add_file("services/ttysrv.service",
                  "[Service]\nName=ttysrv\nBinary=bin/ttysrv\nType=notify\nCNodeBits=12\n[Dependencies]\nAfter=console\n");
  initrd.add_dir("bin");
  for (const char* name : {"mmsrv", "procmgr", "namesrv", "rsrcsrv", "vfs", "console", "ttysrv", "hello", "sh"})
    initrd.add_file(std::string("bin/") + name, image(name));
  // The utilities (servers/programs/coreutils): one multi-call program, an
  // image per name; init copies bin/ and etc/ (and the home directories)
  // into the VFS (servers/core/init/vfs_seed.cpp).
  initrd.add_file("bin/coreutils", image("coreutils"), 0755);
  for (const char* name : kUtilityNames) initrd.add_file(std::string("bin/") + name, image("coreutils"), 0755);
  initrd.add_dir("etc");
  initrd.add_file("etc/passwd", "root:root:0:0:root:/root:/bin/sh\nuser:user:1000:1000:user:/home/user:/bin/sh\n");
  initrd.add_file("etc/group", "root:x:0:\nwheel:x:10:root,user\nusers:x:100:user\nuser:x:1000:\n");
  initrd.add_file("etc/hostname", "saltyos\n");
  initrd.add_dir("root", 0700);
  initrd.add_dir("home");
  initrd.add_dir("home/user", 0755);
  if (extra) extra(initrd);
  cfg.initrd = initrd.build();
  cfg.command_line = "init=/sbin/init";
  return cfg;
}

void add_getty(hw::CpioBuilder& initrd) {
  initrd.add_file("services/getty.service",
                  "[Service]\nName=getty\nBinary=bin/getty\nArgs=/dev/console\nRestart=always\n"
                  "[Dependencies]\nAfter=ttysrv\n");
  initrd.add_file("bin/getty", image("getty"));
}

MachineWorld* boot_machine(const ScenarioContext& ctx, hw::MachineConfig cfg) {
  auto log = log::get("boot");
  MachineWorld* world = make_machine_world(ctx, std::move(cfg));
  hw::Machine& m = *world->machine;
  kmodel::Kernel& k = *world->kernel;
  log->info("machine {}: initrd {} bytes at {:#x}, command line '{}'", m.name(), m.boot_info().initrd_size,
            m.boot_info().initrd_base, m.boot_info().command_line);
  saltysim::programs::install_image_start(k);
  if (ctx.pacer) attach_host_console(ctx, m);
  kmodel::Process init = k.create_root_task([world, log] {
    int status = saltysim::programs::run_init(*world->kernel);
    log->info("init exited with status {}", status);
  });
  (void)init;
  return world;
}

MachineWorld* boot_world(const ScenarioContext& ctx) { return boot_machine(ctx, boot_machine_config(add_getty)); }

void boot(const ScenarioContext& ctx) { (void)boot_world(ctx); }

void login_session(const ScenarioContext& ctx) {
  MachineWorld* world = boot_world(ctx);
  if (!ctx.pacer) run_console_session(ctx, *world->machine, default_console_session());
}

}  // namespace sim::scenarios
