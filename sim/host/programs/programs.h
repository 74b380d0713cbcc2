// sim/host/programs — the simulator side of program images.
//
// A program is a C++ entry point `int(int argc, char** argv, char** envp)`
// registered under a name (the `entry=` of an image, servers/trona/image.h).
// install_image_start(k) registers, on kernel `k`, the start routine every
// image-loaded thread runs: its TCB is configured with rip =
// trona::image::kImageVa, where the loader (procmgr) mapped the image
// bytes. The routine reads the image header back from the thread's own
// memory, looks the entry up here, reads argc/argv/envp from the initial
// stack at the TCB's rsp (§1.5 layout), calls the entry, and ends the
// process with PM_EXIT(status) on its procmgr endpoint (slot 3). An
// unknown entry or a malformed header exits with status 127 (as a shell
// does for a program that cannot be run).
#pragma once

#include <string>
#include <string_view>

namespace kmodel {
class Kernel;
}

namespace saltysim::programs {

using EntryFn = int (*)(int argc, char** argv, char** envp);

// Process-wide registry (names are unique; a second registration replaces
// the first). The servers' own programs (namesrv, rsrcsrv, procmgr, mmsrv, init)
// and `hello` (prints "hello: hello from the initrd" with DEBUG_PUTSTR,
// exits 0: the first program of the default boot) are registered on first
// use.
void register_program(std::string name, EntryFn fn);
EntryFn find_program(std::string_view name);

void install_image_start(kmodel::Kernel& k);

// Runs init (trona_program_init) in the current thread, the root task of
// `k` (create_root_task on a kernel with a machine): reads the initrd
// through init's mapping (boot-info page words 1/2) into a host copy and
// passes it as `--initrd-at <address> <size>` (simulated code cannot
// dereference simulated addresses). Returns init's exit status.
int run_init(kmodel::Kernel& k);

// Exit status of a thread whose image could not be run.
inline constexpr int kExitCannotRun = 127;

}  // namespace saltysim::programs
