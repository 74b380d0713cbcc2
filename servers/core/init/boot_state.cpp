// init/boot_state.cpp — see boot_state.h.
#include "core/init/boot_state.h"

#include "trona/core/process_local.h"

namespace init {

namespace {

// process_local wants a trivially constructible type: the Boot is kept as
// bytes (zero at first use, a valid empty Boot) and reset member by member.
struct BootBytes {
  alignas(Boot) unsigned char bytes[sizeof(Boot)];
};

}  // namespace

Boot& boot_state() { return *__builtin_launder(reinterpret_cast<Boot*>(trona::process_local<BootBytes>().bytes)); }

void reset_boot_state() {
  Boot& b = boot_state();
  b.unit_count = 0;
  b.diag.clear();
  for (ServiceRun& r : b.run) r = ServiceRun{};
  b.initrd = lib::Str();
  b.procmgr_up = false;
  // units[] and plan are rebuilt by parse_unit / make_boot_plan.
}

}  // namespace init
