// Boot harness for init's end-to-end tests (kernel-abi.md §1.3): machines
// with a cpio initrd (services/*.service + program images), a kernel each,
// init as the root task (sim/host/programs run_init), all on one scheduler.
// Test programs register with saltysim::programs::register_program and
// talk to the system only through trona.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "sim/runtime/sched/scheduler.h"

namespace boot_test {

using Files = std::map<std::string, std::string>;

// `#!trona-image v1` naming a registered program entry.
std::string image(const std::string& entry);

// mmsrv (the pager) and procmgr (spawned by init), namesrv and rsrcsrv
// (through procmgr, rsrcsrv After=namesrv), bin/hello.
Files standard_system();

// A unit file: "[Service]\nName=<name>\nBinary=bin/<name>\n" + `extra`
// lines (each ending in '\n', sections allowed).
std::string unit(const std::string& name, const std::string& extra = "");

// Adds service `name` (unit with `extra`) and its image (entry `name`).
void add_service(Files& f, const std::string& name, const std::string& extra = "");

// Adds the VFS server (servers/fs/vfs) as the unit the default boot has:
// Type=notify, CNodeBits=12, MemoryKB=16384, After=rsrcsrv. Programs that
// use it are units ordered After=vfs (procmgr gives them SLOT_VFS_EP).
void add_vfs_service(Files& f);

// The terminals as the default boot has them: the VFS with --ttysrv (it
// fronts /dev/console, /dev/tty, /dev/pts/N), the console server (COM1 and
// the keyboard, After=vfs) and posix_ttysrv (After=console). Programs on a
// terminal are units ordered After=ttysrv.
void add_tty_services(Files& f);

// init's status when it never returned: it still monitors its children.
inline constexpr int kInitMonitoring = -1;

struct BootResult {
  sim::RunResult run = sim::RunResult::Idle;
  int init_status = kInitMonitoring;
  std::string console;
};

// Boots one machine until the system is idle (or 60 s of virtual time);
// `configure` may add devices (disks, a display, NICs) to its config first.
BootResult boot(const Files& files, const std::function<void(hw::MachineConfig&)>& configure = {});
// Boots one machine per file set at the same time, on one scheduler.
std::vector<BootResult> boot_together(const std::vector<Files>& systems, sim::RunResult* run);

// The kernel of the machine booting now in boot() (nullptr elsewhere): for
// programs that touch memory with load/store (which fault like user code).
kmodel::Kernel* booting_kernel();
// Its machine (nullptr elsewhere): a test program types at the UART or the
// keyboard and reads what the UART sent, as a person at the console would.
hw::Machine* booting_machine();

// Console output from a test program (DEBUG_PUTSTR of its machine).
void say(const std::string& s);
// Virtual time in ms (CLOCK_MONOTONIC) from a test program.
std::uint64_t now_ms();

// Position of `needle` in the console, npos if absent.
inline size_t pos(const std::string& hay, const std::string& needle) { return hay.find(needle); }

}  // namespace boot_test
