// servers/init — the first user process (kernel-abi.md §1.3).
//
// For now this entry point only proves that the unit parser and the boot
// planner build and link freestanding: it plans a built-in one-unit system
// and prints the diagnostics. Reading services/*.service from the initrd,
// executing the plan (endpoint pre-creation, spawning, PM_* calls) and the
// monitor loop come with the simulator backend (see init/README.md).
#include "init/boot_plan.h"
#include "lib/diagnostics.h"
#include "trona/program.h"
#include "trona/syscall.h"

namespace {

constexpr char kBuiltinUnit[] =
    "[Service]\n"
    "Name=mmsrv\n"
    "Binary=mmsrv\n"
    "PreProcmgr=yes\n"
    "Role=pager\n";

init::Unit g_units[1];
init::BootPlan g_plan;
lib::Diagnostics g_diag;

void put(lib::Str s) { trona::debug_putstr(s.data, s.size); }

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  bool ok = init::parse_unit("builtin.service", lib::Str(kBuiltinUnit, sizeof kBuiltinUnit - 1),
                             init::Arch::kX86_64, &g_units[0], &g_diag) &&
            init::make_boot_plan(g_units, 1, &g_plan, &g_diag);
  for (size_t i = 0; i < g_diag.size(); ++i) {
    put("init: ");
    put(g_diag[i].str());
    put("\n");
  }
  put(ok ? "init: boot plan ready\n" : "init: boot plan failed\n");
  return ok ? 0 : 1;
}

}  // namespace

TRONA_PROGRAM(init, run)
