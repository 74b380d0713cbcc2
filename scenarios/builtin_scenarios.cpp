#include "scenarios/builtin_scenarios.h"

#include "scenarios/builtin/boot.h"
#include "scenarios/builtin/machine_demo.h"
#include "scenarios/builtin/runtime_demo.h"
#include "scenarios/builtin/serial_echo.h"

namespace sim {

const std::vector<BuiltinScenario>& builtin_scenarios() {
  static const std::vector<BuiltinScenario> list = {
      {"default", "the OS boots to a login on COM1; root logs in and types a short shell session (printed)",
       scenarios::login_session},
      {"boot", "the OS boots from its initrd: init, procmgr, mmsrv, namesrv, rsrcsrv, vfs, console, ttysrv, getty",
       scenarios::boot},
      {"machine-demo", "a PC with COM1, disk and initrd; the kernel model; a root task serving IPC",
       scenarios::machine_demo},
      {"runtime-demo", "timer-driven pipeline of simulated threads on the runtime alone",
       scenarios::runtime_demo},
      {"selftest-nondeterminism", "deliberately nondeterministic: proves --check-determinism finds divergence",
       scenarios::nondeterministic_selftest},
      {"serial-echo",
       "a machine's COM1 driven by a simulated echo driver; with --realtime it is the host terminal",
       serial_echo},
  };
  return list;
}

const BuiltinScenario* find_builtin_scenario(const std::string& name) {
  for (auto& s : builtin_scenarios())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace sim
