// What one Lua scenario run drives: the scheduler, the machines the script
// defined (booted or not), the named switches, and the C primitives the
// prelude (prelude.cpp) builds the scenario API from.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hw_model/machine.h"
#include "hw_model/net/ethernet_switch.h"
#include "scenarios/builtin/latch.h"
#include "scenarios/builtin/run_program.h"
#include "sim/runtime/sched/scheduler.h"

struct lua_State;

namespace kmodel {
class Kernel;
}

namespace sim::lua {

struct LuaMachine {
  std::string os;  // "saltyos" (init from the boot initrd), "machine-demo", "serial-echo", "none"
  hw::MachineConfig cfg;
  std::vector<std::string> nic_switches;
  bool booted = false;
  hw::Machine* machine = nullptr;
  kmodel::Kernel* kernel = nullptr;                     // null without a kernel ("serial-echo", "none")
  std::unique_ptr<hw::Machine> bare;                    // a machine without a kernel, owned here
  std::vector<hw::EthernetSwitch::PortId> ports;        // per NIC, on nic_switches[i]
  std::function<void(char)> com1_chain;                 // a program's own COM1 listener
  std::vector<std::pair<std::string, std::string>> files;  // extra initrd files (machine{ files = ... })
  // The program runner (scenarios/builtin/run_program) for program()/sh():
  // its session's runs alternate with a gate program that waits here.
  bool runner = true;
  std::unique_ptr<scenarios::ProgramSession> session;
  std::unique_ptr<Latch> gate;
  std::uint64_t gate_key = 0;
  bool gate_waiting = false;
};

class World {
 public:
  World(std::uint64_t seed, bool explore, bool keep_decisions);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  Scheduler& sched() { return sched_; }
  std::vector<std::unique_ptr<LuaMachine>>& machines() { return machines_; }
  // The last `lines` lines of every booted machine's COM1 and debug console.
  std::string console_tail(std::size_t lines) const;
  // Names of crashed simulated threads.
  std::vector<std::string> crashed_threads() const;

  // Registers the C primitives (`_sim_*` globals) on L.
  static void register_primitives(lua_State* L);

  // --- used by the primitives ---
  int define(std::string os, hw::MachineConfig cfg);
  LuaMachine& at(std::int64_t id);
  void boot(LuaMachine& m);
  hw::EthernetSwitch& switch_named(const std::string& name);
  std::map<std::string, std::unique_ptr<hw::EthernetSwitch>>& switches() { return switches_; }
  std::string base_dir = ".";  // the scenario file's folder (disk images)
  // What stops a run for expect: output on machine `machine`'s COM1 (or
  // its debug console); with a literal (a pattern without magic
  // characters), only once the text after byte `from` holds it.
  struct Watch {
    std::int64_t machine = -1;
    bool debug = false;
    bool has_literal = false;
    std::string literal;
    std::size_t from = 0;
    // Whether `text`, which held `old_size` bytes at the last look, now
    // has what stops the run.
    bool seen(const std::string& text, std::size_t old_size) const;
  };
  Watch watch;
  // Called with each kernel a boot makes (the runner's post-mortem watch).
  std::function<void(kmodel::Kernel&, const std::string& machine)> on_kernel;
  std::int64_t watch_gate = -1;  // a machine whose program-runner gate stops the run (program)
  // Stops the run at once: Scheduler::stop() is honoured at the top of its
  // loop, after a clock jump, so a stop from a device event while every
  // thread sleeps would wait for the next event; a pending "hold" event
  // 1 ns later bounds that jump. end_stop() cancels it (no decision).
  void request_stop();
  void end_stop();

 private:
  Scheduler sched_;
  std::vector<std::shared_ptr<void>> owned_;  // MachineWorlds (kernel + machine)
  std::map<std::string, std::unique_ptr<hw::EthernetSwitch>> switches_;
  std::vector<std::unique_ptr<LuaMachine>> machines_;
  VirtualClock::EventId hold_ = 0;
};

}  // namespace sim::lua
