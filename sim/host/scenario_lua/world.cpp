#include "sim/host/scenario_lua/world.h"

#include <lua.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "hw_model/net/cable.h"
#include "kernel_model/kernel.h"
#include "scenarios/builtin/boot.h"
#include "scenarios/builtin/machine_demo.h"
#include "scenarios/builtin/serial_echo.h"
#include "sim/host/cli/duration.h"
#include "sim/host/programs/programs.h"
#include "sim/host/scenario_lua/kill_program.h"
#include "sim/host/scenario_lua/sandbox.h"
#include "sim/runtime/log/log.h"

namespace sim::lua {

namespace {

// The gate: a program the runner runs between two program() calls; it
// waits (an idle wait: not a deadlock) until the script has queued the
// next run. Host code registered as the image "lua_gate"; argv[1] names
// its machine.
constexpr VDuration kGateTimeout = 24ull * 24 * 3600 * kSec;  // the runner's poll takes int milliseconds
constexpr std::size_t kMaxRuns = 4096;                         // program() calls per machine

struct GateRef {
  World* world;
  std::int64_t id;
};
std::map<std::uint64_t, GateRef>& gates() {
  static std::map<std::uint64_t, GateRef> g;
  return g;
}
std::uint64_t g_next_gate = 1;

int gate_main(int argc, char** argv, char**) {
  if (argc < 2) return 2;
  auto it = gates().find(std::stoull(argv[1]));
  if (it == gates().end()) return 2;
  World& w = *it->second.world;
  const std::int64_t id = it->second.id;
  LuaMachine& m = w.at(id);
  m.gate_waiting = true;
  if (w.watch_gate == id) w.request_stop();
  m.gate->wait();
  return 0;
}

scenarios::ProgramRun gate_run(const LuaMachine& m) {
  return scenarios::ProgramRun{.argv = {"/bin/lua_gate", std::to_string(m.gate_key)}, .timeout = kGateTimeout};
}

}  // namespace

World::World(std::uint64_t seed, bool explore, bool keep_decisions)
    : sched_(SchedulerOptions{.seed = seed, .explore = explore, .keep_decisions = keep_decisions}) {}

World::~World() {
  // Threads end first (they hold plain pointers into the machines), then
  // the cables, the machines and the switches; the scheduler goes last.
  sched_.kill_all();
  for (auto& m : machines_)
    if (m->gate_key) gates().erase(m->gate_key);
  for (auto& m : machines_)
    for (std::size_t i = 0; i < m->ports.size() && m->machine; ++i)
      hw::unplug(*switches_.at(m->nic_switches[i]), m->ports[i], m->machine->nic(i));
  owned_.clear();
  machines_.clear();
  switches_.clear();
}

bool World::Watch::seen(const std::string& text, std::size_t old_size) const {
  if (!has_literal || literal.empty()) return true;
  // A match not there before ends in the new bytes.
  const std::size_t back = literal.size() - 1;
  const std::size_t start = std::max(from, old_size > back ? old_size - back : 0);
  return text.find(literal, start) != std::string::npos;
}

void World::request_stop() {
  sched_.stop();
  if (!hold_) hold_ = sched_.clock().schedule_at(sched_.now() + 1, [this] { hold_ = 0; });
}

void World::end_stop() {
  if (hold_) sched_.clock().cancel(std::exchange(hold_, 0));
}

int World::define(std::string os, hw::MachineConfig cfg) {
  auto m = std::make_unique<LuaMachine>();
  m->os = std::move(os);
  m->cfg = std::move(cfg);
  machines_.push_back(std::move(m));
  return static_cast<int>(machines_.size());
}

LuaMachine& World::at(std::int64_t id) {
  if (id < 1 || id > static_cast<std::int64_t>(machines_.size())) throw std::invalid_argument("not a machine");
  return *machines_[static_cast<std::size_t>(id - 1)];
}

hw::EthernetSwitch& World::switch_named(const std::string& name) {
  auto& sw = switches_[name];
  if (!sw) sw = std::make_unique<hw::EthernetSwitch>(sched_.clock(), sched_.seeds(), name);
  return *sw;
}

void World::boot(LuaMachine& m) {
  if (m.booted) throw std::runtime_error("machine '" + m.cfg.name + "' is already booted");
  ScenarioContext ctx{.sched = sched_, .pacer = nullptr, .seed = sched_.seeds().seed(), .owned = &owned_,
                      .on_kernel = on_kernel};
  if (m.os == "saltyos" || m.os == "machine-demo") {
    scenarios::MachineWorld* w = nullptr;
    if (m.os == "saltyos") {
      if (m.runner) {
        saltysim::programs::register_program("lua_gate", &gate_main);
        register_kill_program();
        m.session = std::make_unique<scenarios::ProgramSession>();
        m.session->runs.reserve(kMaxRuns + 1);
        m.gate = std::make_unique<Latch>(sched_, "lua-gate", machines_.size(), WaitKind::Idle);
        m.gate_key = g_next_gate++;
        for (std::size_t i = 0; i < machines_.size(); ++i)
          if (machines_[i].get() == &m) gates()[m.gate_key] = GateRef{this, static_cast<std::int64_t>(i + 1)};
        m.session->runs.push_back(gate_run(m));
      }
      hw::MachineConfig full = scenarios::boot_machine_config([&](hw::CpioBuilder& initrd) {
        scenarios::add_getty(initrd);  // the default system: getty on COM1, as the built-in `boot`
        for (const auto& [path, data] : m.files) initrd.add_file(path, data);
        if (m.session) {
          initrd.add_file("bin/lua_gate", "#!trona-image v1\nentry=lua_gate\n");
          initrd.add_file("bin/lua_kill", kKillImage);
          scenarios::add_program_runner(initrd, m.session.get());
        }
      });
      m.cfg.initrd = std::move(full.initrd);
      m.cfg.command_line = full.command_line;
      w = scenarios::boot_machine(ctx, m.cfg);
    } else {
      w = scenarios::make_machine_world(ctx, m.cfg);
      scenarios::machine_demo_start(w);
    }
    m.machine = w->machine.get();
    m.kernel = w->kernel.get();
  } else {
    m.bare = std::make_unique<hw::Machine>(sched_.clock(), sched_.seeds(), m.cfg);
    m.machine = m.bare.get();
    if (m.os == "serial-echo") m.com1_chain = serial_echo_start(sched_, *m.machine);
  }
  m.booted = true;
  std::int64_t self = 0;
  for (std::size_t i = 0; i < machines_.size(); ++i)
    if (machines_[i].get() == &m) self = static_cast<std::int64_t>(i + 1);
  if (auto* uart = m.machine->uart())
    uart->set_output_listener([this, self, uart, chain = m.com1_chain](char c) {
      if (chain) chain(c);
      if (watch.machine == self && !watch.debug && watch.seen(uart->output(), uart->output().size() - 1))
        request_stop();
    });
  for (std::size_t i = 0; i < m.nic_switches.size(); ++i)
    m.ports.push_back(hw::plug(switch_named(m.nic_switches[i]), m.machine->nic(i)));
}

namespace {

std::string last_lines(const std::string& text, std::size_t lines) {
  std::size_t pos = text.size();
  if (pos && text[pos - 1] == '\n') --pos;
  for (std::size_t n = 0; n < lines && pos > 0; ++n) {
    auto nl = text.rfind('\n', pos - 1);
    if (nl == std::string::npos) {
      pos = 0;
      break;
    }
    pos = nl;
    if (n + 1 < lines) continue;
    ++pos;
  }
  return text.substr(pos);
}

}  // namespace

std::string World::console_tail(std::size_t lines) const {
  std::ostringstream os;
  for (const auto& m : machines_) {
    if (!m->booted) continue;
    auto section = [&](const char* what, const std::string& text) {
      if (text.empty()) return;
      os << "--- " << m->cfg.name << " " << what << " (last " << lines << " lines) ---\n";
      std::string t = last_lines(text, lines);
      os << t;
      if (!t.empty() && t.back() != '\n') os << "\n";
    };
    if (m->machine->uart()) section("COM1", m->machine->uart()->output());
    if (m->kernel) section("debug console", m->kernel->debug_output());
  }
  return os.str();
}

std::vector<std::string> World::crashed_threads() const {
  std::vector<std::string> out;
  for (const auto& t : sched_.threads())
    if (t && t->state() == ThreadState::Crashed) out.push_back(t->name());
  return out;
}

// ------------------------------------------------------------------ primitives

namespace {

World& world(lua_State* L) { return *static_cast<World*>(Sandbox::of(L).user()); }

LuaMachine& booted(lua_State* L, std::int64_t id) {
  LuaMachine& m = world(L).at(id);
  if (!m.booted) throw std::runtime_error("machine '" + m.cfg.name + "' is not booted (boot(m) first)");
  return m;
}

hw::DiskModel& disk_of(lua_State* L, std::int64_t id, std::int64_t disk) {
  LuaMachine& m = world(L).at(id);
  if (!m.booted) throw std::runtime_error("machine '" + m.cfg.name + "' is not booted yet");
  if (disk < 0 || static_cast<std::size_t>(disk) >= m.machine->disk_count())
    throw std::runtime_error("machine '" + m.cfg.name + "' has no disk " + std::to_string(disk));
  return m.machine->disk(static_cast<std::size_t>(disk)).disk();
}

// _sim_machine(name, os, ram_bytes, serial, keyboard) -> id
int p_machine(lua_State* L, CallError& e) {
  std::string name, os;
  std::int64_t ram = 0;
  if (!arg_str(L, 1, name, e, "name") || !arg_str(L, 2, os, e, "os") || !arg_int(L, 3, ram, e, "memory")) return 0;
  if (os != "saltyos" && os != "machine-demo" && os != "serial-echo" && os != "none") {
    e("os '" + os + "': known are saltyos, machine-demo, serial-echo, none");
    return 0;
  }
  for (auto& m : world(L).machines())
    if (m->cfg.name == name) {
      e("a machine named '" + name + "' exists already");
      return 0;
    }
  // saltyos: the initrd and command line come at boot (boot_machine_config
  // with this machine's files and program runner).
  hw::MachineConfig cfg = os == "machine-demo" ? scenarios::machine_demo_config() : hw::MachineConfig{};
  cfg.name = name;
  cfg.ram_bytes = static_cast<std::uint64_t>(ram);
  cfg.serial = arg_bool(L, 4);
  cfg.keyboard = arg_bool(L, 5);
  lua_pushinteger(L, world(L).define(os, std::move(cfg)));
  return 1;
}

// _sim_disk(id, bytes, image_path_or_nil): an empty disk, or a copy of an
// image file (relative to the scenario's folder; the file is never written).
int p_disk(lua_State* L, CallError& e) {
  std::int64_t id = 0, bytes = 0;
  if (!arg_int(L, 1, id, e, "machine") || !arg_int(L, 2, bytes, e, "size")) return 0;
  LuaMachine& m = world(L).at(id);
  if (lua_type(L, 3) == LUA_TSTRING) {
    std::string path;
    arg_str(L, 3, path, e, "image");
    if (!path.empty() && path[0] != '/') path = world(L).base_dir + "/" + path;
    std::ifstream in(path, std::ios::binary);
    if (!in) return e("disk image '" + path + "' cannot be read"), 0;
    std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes > static_cast<std::int64_t>(data.size())) data.resize(static_cast<std::size_t>(bytes));
    data.resize((data.size() + hw::kSectorSize - 1) / hw::kSectorSize * hw::kSectorSize);
    m.cfg.disks.push_back(hw::DiskConfig{std::make_shared<hw::MemoryDisk>(std::move(data))});
  } else {
    m.cfg.disks.push_back(hw::DiskConfig{std::make_shared<hw::MemoryDisk>(static_cast<std::uint64_t>(bytes))});
  }
  return 0;
}

int p_nic(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  std::string sw;
  if (!arg_int(L, 1, id, e, "machine") || !arg_str(L, 2, sw, e, "switch")) return 0;
  LuaMachine& m = world(L).at(id);
  m.cfg.nics.emplace_back();
  m.nic_switches.push_back(sw);
  return 0;
}

// _sim_file(id, path, bytes): one more file in the machine's initrd.
int p_file(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  std::string path, data;
  if (!arg_int(L, 1, id, e, "machine") || !arg_str(L, 2, path, e, "path") || !arg_str(L, 3, data, e, "contents"))
    return 0;
  LuaMachine& m = world(L).at(id);
  if (m.os != "saltyos") return e("files: only an os = \"saltyos\" machine boots from an initrd of its own"), 0;
  m.files.emplace_back(path, data);
  return 0;
}

int p_runner(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  if (!arg_int(L, 1, id, e, "machine")) return 0;
  world(L).at(id).runner = arg_bool(L, 2);
  return 0;
}

// Strings of the sequence at stack index i.
bool arg_strings(lua_State* L, int i, std::vector<std::string>& out, CallError& e, const char* what) {
  if (lua_type(L, i) != LUA_TTABLE) return e(std::string(what) + ": a list of strings expected"), false;
  const auto n = static_cast<lua_Integer>(lua_rawlen(L, i));
  for (lua_Integer k = 1; k <= n; ++k) {
    lua_rawgeti(L, i, k);
    if (lua_type(L, -1) != LUA_TSTRING) {
      lua_pop(L, 1);
      return e(std::string(what) + ": a list of strings expected"), false;
    }
    std::size_t len = 0;
    const char* s = lua_tolstring(L, -1, &len);
    out.emplace_back(s, len);
    lua_pop(L, 1);
  }
  return true;
}

// _sim_program(id, argv, stdin, env, timeout_ns) -> stdout, stderr, status, timed_out
// Queues one run on the machine's program runner, then a new gate, opens
// the gate that waits, and runs the machines until the runner reaches the
// new gate (so the run has ended: exit, signal or its timeout).
int p_program(lua_State* L, CallError& e) {
  std::int64_t id = 0, timeout = 0;
  scenarios::ProgramRun run;
  if (!arg_int(L, 1, id, e, "machine") || !arg_strings(L, 2, run.argv, e, "argv") ||
      !arg_str(L, 3, run.stdin_bytes, e, "stdin") || !arg_strings(L, 4, run.env, e, "env") ||
      !arg_int(L, 5, timeout, e, "timeout"))
    return 0;
  if (run.argv.empty()) return e("program: argv is empty"), 0;
  run.timeout = static_cast<VDuration>(timeout);
  World& w = world(L);
  LuaMachine& m = booted(L, id);
  if (!m.session)
    return e("machine '" + m.cfg.name + "' has no program runner (it needs os = \"saltyos\" and runner ~= false)"), 0;
  if (m.session->runs.size() + 2 > m.session->runs.capacity())
    return e("machine '" + m.cfg.name + "': more than " + std::to_string(kMaxRuns / 2) + " program runs"), 0;
  Scheduler& s = w.sched();
  auto run_to_gate = [&](VTime deadline) {
    w.watch_gate = id;
    RunResult r = RunResult::Stopped;
    while (!m.gate_waiting && (r == RunResult::Stopped || r == RunResult::TimeLimit) && s.now() < deadline)
      r = s.run(RunLimits{.until = deadline});
    w.end_stop();
    w.watch_gate = -1;
    return r;
  };
  // The machine may still be booting: the first gate comes once the runner runs.
  RunResult r = run_to_gate(s.now() + 60 * kSec);
  if (!m.gate_waiting)
    return e(std::string("program: the machine's program runner did not start (the run ended: ") + to_string(r) +
             ")"),
           0;
  const std::size_t index = m.session->runs.size();
  m.session->runs.push_back(run);  // the runner appends results[index] when it has run it
  m.session->runs.push_back(gate_run(m));
  m.gate_waiting = false;
  m.gate->notify();
  r = run_to_gate(s.now() + run.timeout + 10 * kSec);
  if (!m.gate_waiting)
    return e(std::string("program: ") + run.argv[0] + " did not end (the run ended: " + to_string(r) + ")"), 0;
  if (m.session->results.size() <= index) return e("program: the runner reported no result"), 0;
  const scenarios::ProgramResult& res = m.session->results[index];
  lua_pushlstring(L, res.out.data(), res.out.size());
  lua_pushlstring(L, res.err.data(), res.err.size());
  lua_pushinteger(L, res.status);
  lua_pushboolean(L, res.timed_out);
  return 4;
}

int p_display(lua_State* L, CallError& e) {
  std::int64_t id = 0, w = 0, h = 0, bpp = 0;
  if (!arg_int(L, 1, id, e, "machine") || !arg_int(L, 2, w, e, "width") || !arg_int(L, 3, h, e, "height") ||
      !arg_int(L, 4, bpp, e, "bpp"))
    return 0;
  if (bpp != 16 && bpp != 24 && bpp != 32) {
    e("display: bpp must be 16, 24 or 32");
    return 0;
  }
  world(L).at(id).cfg.display = hw::DisplayConfig{hw::DisplayMode{static_cast<std::uint32_t>(w),
                                                                  static_cast<std::uint32_t>(h),
                                                                  static_cast<std::uint32_t>(bpp)}};
  return 0;
}

int p_boot(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  if (!arg_int(L, 1, id, e, "machine")) return 0;
  world(L).boot(world(L).at(id));
  return 0;
}

// _sim_type(id, device, text): device "serial" (COM1) or "keyboard" (PS/2).
int p_type(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  std::string dev, text;
  if (!arg_int(L, 1, id, e, "machine") || !arg_str(L, 2, dev, e, "device") || !arg_str(L, 3, text, e, "text"))
    return 0;
  LuaMachine& m = booted(L, id);
  if (dev == "serial") {
    if (!m.machine->uart()) return e("machine '" + m.cfg.name + "' has no COM1 (serial = false)"), 0;
    m.machine->uart()->type(text);
  } else if (dev == "keyboard") {
    if (!m.machine->keyboard()) return e("machine '" + m.cfg.name + "' has no keyboard"), 0;
    m.machine->keyboard()->type(text);
  } else {
    e("type: the debug console takes no input (type at m.console or m.keyboard)");
  }
  return 0;
}

// _sim_output(id, which, from) -> text after byte `from`, total length.
// which: "serial" (COM1) or "debug" (the kernel's debug console).
int p_output(lua_State* L, CallError& e) {
  std::int64_t id = 0, from = 0;
  std::string which;
  if (!arg_int(L, 1, id, e, "machine") || !arg_str(L, 2, which, e, "console") || !arg_int(L, 3, from, e, "from"))
    return 0;
  LuaMachine& m = booted(L, id);
  const std::string* text = nullptr;
  static const std::string none;
  if (which == "debug") text = m.kernel ? &m.kernel->debug_output() : &none;
  else text = m.machine->uart() ? &m.machine->uart()->output() : &none;
  const auto start = std::min<std::size_t>(static_cast<std::size_t>(std::max<std::int64_t>(from, 0)), text->size());
  lua_pushlstring(L, text->data() + start, text->size() - start);
  lua_pushinteger(L, static_cast<lua_Integer>(text->size()));
  return 2;
}

// _sim_run(deadline_ns, watch_id[, console, pattern, from]) -> reason[, detail]:
// runs the machines until the deadline ("deadline"), until output on
// machine `watch_id`'s console ("serial", the default, or "debug") —
// for a pattern without magic characters, only output that completes it
// after byte `from` — ("output"), or until nothing is left to happen
// ("idle"); "deadlock" and "livelock" come with the report.
int p_run(lua_State* L, CallError& e) {
  std::int64_t deadline = 0, watch = 0, from = 0;
  if (!arg_int(L, 1, deadline, e, "deadline") || !arg_int(L, 2, watch, e, "watch")) return 0;
  World& w = world(L);
  Scheduler& s = w.sched();
  World::Watch& wt = w.watch;
  wt.machine = watch;
  wt.debug = false;
  wt.has_literal = false;
  if (watch > 0) {
    std::string console;
    if (lua_type(L, 3) == LUA_TSTRING && !arg_str(L, 3, console, e, "console")) return 0;
    wt.debug = console == "debug";
    if (lua_type(L, 4) == LUA_TSTRING) {
      if (!arg_str(L, 4, wt.literal, e, "pattern") || !arg_int(L, 5, from, e, "from")) return 0;
      // Lua's own test for a plain pattern (lstrlib's "specials").
      wt.has_literal = wt.literal.find_first_of("^$*+?.([%-") == std::string::npos;
      wt.from = static_cast<std::size_t>(std::max<std::int64_t>(from, 0));
    }
  }
  // The debug console (DEBUG_PUTSTR) has no listener: while it is watched,
  // a kernel event after it grew stops the run (no hook otherwise: every
  // kernel event would pay for it).
  kmodel::Kernel* k = watch > 0 && wt.debug ? w.at(watch).kernel : nullptr;
  // A hook already there (the runner's post-mortem watch) keeps its events.
  std::function<void(const kmodel::KernelEvent&)> before = k ? k->event_hook() : nullptr;
  if (k)
    k->set_event_hook([&w, k, before, seen = k->debug_output().size()](const kmodel::KernelEvent& e) mutable {
      if (before) before(e);
      const std::string& text = k->debug_output();
      if (text.size() == seen) return;
      const std::size_t old = std::exchange(seen, text.size());
      if (w.watch.seen(text, old)) w.request_stop();
    });
  const auto target = static_cast<VTime>(std::max<std::int64_t>(deadline, static_cast<std::int64_t>(s.now())));
  RunResult r = s.run(RunLimits{.until = target});
  w.end_stop();
  if (k) k->set_event_hook(before);
  wt.machine = -1;
  switch (r) {
    case RunResult::Stopped: lua_pushstring(L, "output"); return 1;
    case RunResult::TimeLimit: lua_pushstring(L, "deadline"); return 1;
    case RunResult::Idle:
      // advance(): nothing happens, but time passes. expect() first looks
      // at the output (a stop requested by the last byte is not reported
      // when the run then goes idle), then moves the time itself.
      if (watch <= 0 && s.now() < target) s.clock().advance_to(target);
      lua_pushstring(L, "idle");
      return 1;
    case RunResult::Deadlock:
      lua_pushstring(L, "deadlock");
      lua_pushstring(L, s.deadlock_report().c_str());
      return 2;
    case RunResult::Livelock:
      lua_pushstring(L, "livelock");
      lua_pushstring(L, "too many scheduling decisions without the clock moving");
      return 2;
  }
  return 0;
}

int p_now(lua_State* L, CallError&) {
  lua_pushinteger(L, static_cast<lua_Integer>(world(L).sched().now()));
  return 1;
}

int p_duration(lua_State* L, CallError& e) {
  std::string text;
  if (!arg_str(L, 1, text, e, "duration")) return 0;
  auto d = parse_duration(text);
  if (!d) return 0;
  lua_pushinteger(L, static_cast<lua_Integer>(*d));
  return 1;
}

// _sim_disk_io_error(id, disk, first, count, on_read, on_write, probability)
int p_disk_io_error(lua_State* L, CallError& e) {
  std::int64_t id = 0, disk = 0, first = 0, count = 0;
  double p = 1;
  if (!arg_int(L, 1, id, e, "machine") || !arg_int(L, 2, disk, e, "disk") || !arg_int(L, 3, first, e, "first") ||
      !arg_int(L, 4, count, e, "sectors") || !arg_num(L, 7, p, e, "probability"))
    return 0;
  disk_of(L, id, disk).faults().io_errors.push_back(hw::SectorRangeFault{
      static_cast<std::uint64_t>(first), static_cast<std::uint64_t>(count), arg_bool(L, 5), arg_bool(L, 6), p});
  return 0;
}

bool arg_latency(lua_State* L, int i, hw::LatencyDist& d, CallError& e) {
  std::string kind;
  std::int64_t a = 0, b = 0;
  if (!arg_str(L, i, kind, e, "latency kind") || !arg_int(L, i + 1, a, e, "latency a") ||
      !arg_int(L, i + 2, b, e, "latency b"))
    return false;
  const auto ua = static_cast<VDuration>(a), ub = static_cast<VDuration>(b);
  if (kind == "none") d = hw::LatencyDist::none();
  else if (kind == "fixed") d = hw::LatencyDist::fixed(ua);
  else if (kind == "uniform") d = hw::LatencyDist::uniform(ua, ub);
  else if (kind == "exponential") d = hw::LatencyDist::exponential(ua, ub);
  else return e("latency kind '" + kind + "': none, fixed, uniform or exponential"), false;
  return true;
}

// _sim_disk_latency(id, disk, kind, a, b, probability)
int p_disk_latency(lua_State* L, CallError& e) {
  std::int64_t id = 0, disk = 0;
  double p = 1;
  hw::LatencyDist d;
  if (!arg_int(L, 1, id, e, "machine") || !arg_int(L, 2, disk, e, "disk") || !arg_latency(L, 3, d, e) ||
      !arg_num(L, 6, p, e, "probability"))
    return 0;
  auto& f = disk_of(L, id, disk).faults();
  f.extra_latency = d;
  f.latency_probability = p;
  return 0;
}

// _sim_disk_write_model(id, disk, reorder_writes, power_cut_keep)
int p_disk_write_model(lua_State* L, CallError& e) {
  std::int64_t id = 0, disk = 0;
  double keep = 0.5;
  if (!arg_int(L, 1, id, e, "machine") || !arg_int(L, 2, disk, e, "disk") || !arg_num(L, 4, keep, e, "keep"))
    return 0;
  auto& f = disk_of(L, id, disk).faults();
  f.reorder_writes = arg_bool(L, 3);
  f.power_cut_keep = keep;
  return 0;
}

int p_disk_clear(lua_State* L, CallError& e) {
  std::int64_t id = 0, disk = 0;
  if (!arg_int(L, 1, id, e, "machine") || !arg_int(L, 2, disk, e, "disk")) return 0;
  disk_of(L, id, disk).faults() = hw::DiskFaults{};
  return 0;
}

int p_power_cut(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  if (!arg_int(L, 1, id, e, "machine")) return 0;
  booted(L, id).machine->power_cut();
  return 0;
}

// _sim_link(id, nic, drop, duplicate, reorder, corrupt, delay_p, kind, a, b, window_ns)
int p_link(lua_State* L, CallError& e) {
  std::int64_t id = 0, nic = 0, window = 0;
  hw::LinkFaults f;
  if (!arg_int(L, 1, id, e, "machine") || !arg_int(L, 2, nic, e, "nic") || !arg_num(L, 3, f.drop, e, "drop") ||
      !arg_num(L, 4, f.duplicate, e, "duplicate") || !arg_num(L, 5, f.reorder, e, "reorder") ||
      !arg_num(L, 6, f.corrupt, e, "corrupt") || !arg_num(L, 7, f.delay_probability, e, "delay_probability") ||
      !arg_latency(L, 8, f.delay, e) || !arg_int(L, 11, window, e, "reorder_window"))
    return 0;
  f.reorder_window = static_cast<VDuration>(window);
  LuaMachine& m = booted(L, id);
  if (nic < 0 || static_cast<std::size_t>(nic) >= m.ports.size())
    return e("machine '" + m.cfg.name + "' has no NIC " + std::to_string(nic)), 0;
  world(L).switch_named(m.nic_switches[static_cast<std::size_t>(nic)]).set_faults(m.ports[static_cast<std::size_t>(nic)], f);
  return 0;
}

// The ports on switch `sw` of the machines listed (ids) in the table at i.
std::vector<hw::EthernetSwitch::PortId> ports_on(lua_State* L, int i, const std::string& sw) {
  std::vector<hw::EthernetSwitch::PortId> out;
  if (lua_type(L, i) != LUA_TTABLE) throw std::runtime_error("partition: two lists of machines expected");
  const auto n = lua_rawlen(L, i);
  for (lua_Integer k = 1; k <= static_cast<lua_Integer>(n); ++k) {
    lua_rawgeti(L, i, k);
    int ok = 0;
    const auto id = lua_tointegerx(L, -1, &ok);
    lua_pop(L, 1);
    if (!ok) throw std::runtime_error("partition: not a machine");
    LuaMachine& m = booted(L, id);
    bool found = false;
    for (std::size_t p = 0; p < m.ports.size(); ++p)
      if (m.nic_switches[p] == sw) out.push_back(m.ports[p]), found = true;
    if (!found) throw std::runtime_error("machine '" + m.cfg.name + "' has no NIC on switch '" + sw + "'");
  }
  return out;
}

// _sim_partition(switch, {ids}, {ids})
int p_partition(lua_State* L, CallError& e) {
  std::string sw;
  if (!arg_str(L, 1, sw, e, "switch")) return 0;
  if (!world(L).switches().count(sw)) return e("no switch named '" + sw + "'"), 0;
  auto a = ports_on(L, 2, sw), b = ports_on(L, 3, sw);
  world(L).switch_named(sw).partition(a, b);
  return 0;
}

int p_heal(lua_State* L, CallError& e) {
  std::string sw;
  if (!arg_str(L, 1, sw, e, "switch")) return 0;
  if (!world(L).switches().count(sw)) return e("no switch named '" + sw + "'"), 0;
  world(L).switch_named(sw).heal();
  return 0;
}

// _sim_faults(id) -> injected faults recorded by the machine (its disks)
// and by the switches its NICs are on.
int p_faults(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  if (!arg_int(L, 1, id, e, "machine")) return 0;
  LuaMachine& m = booted(L, id);
  std::size_t n = m.machine->fault_log().records().size();
  for (std::size_t p = 0; p < m.ports.size(); ++p) {
    const hw::LinkCounters& c = world(L).switch_named(m.nic_switches[p]).counters(m.ports[p]);
    n += c.dropped + c.duplicated + c.corrupted + c.reordered + c.partition_drops;
  }
  lua_pushinteger(L, static_cast<lua_Integer>(n));
  return 1;
}

// _sim_screenshot(id, path): relative paths only, no "..".
int p_screenshot(lua_State* L, CallError& e) {
  std::int64_t id = 0;
  std::string path;
  if (!arg_int(L, 1, id, e, "machine") || !arg_str(L, 2, path, e, "path")) return 0;
  if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos)
    return e("screenshot: a relative path without '..' expected"), 0;
  LuaMachine& m = booted(L, id);
  if (!m.machine->framebuffer()) return e("machine '" + m.cfg.name + "' has no display (machine{display=...})"), 0;
  m.machine->screenshot(path);
  return 0;
}

// _sim_where() -> "file:line: " of the first script frame outside the prelude.
int p_where(lua_State* L, CallError&) {
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); ++level) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0 && std::strcmp(ar.source, kPreludeChunk) != 0) {
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
      return 1;
    }
  }
  lua_pushstring(L, "");
  return 1;
}

int p_log(lua_State* L, CallError& e) {
  std::string text;
  if (!arg_str(L, 1, text, e, "text")) return 0;
  log::get("lua")->info("{}", text);
  return 0;
}

// _sim_set_stop(kind): "pass", "fail" (uncatchable by pcall), "none".
int p_set_stop(lua_State* L, CallError& e) {
  std::string k;
  if (!arg_str(L, 1, k, e, "kind")) return 0;
  Sandbox::of(L).set_stop_kind(k == "pass" ? StopKind::Pass : k == "fail" ? StopKind::Fail : StopKind::None);
  return 0;
}

int p_stop_kind(lua_State* L, CallError&) {
  switch (Sandbox::of(L).stop_kind()) {
    case StopKind::Pass: lua_pushstring(L, "pass"); break;
    case StopKind::Fail: lua_pushstring(L, "fail"); break;
    case StopKind::Budget: lua_pushstring(L, "budget"); break;
    case StopKind::None: lua_pushnil(L); break;
  }
  return 1;
}

}  // namespace

void World::register_primitives(lua_State* L) {
  const luaL_Reg prims[] = {
      {"_sim_machine", boundary<p_machine>},
      {"_sim_disk", boundary<p_disk>},
      {"_sim_nic", boundary<p_nic>},
      {"_sim_display", boundary<p_display>},
      {"_sim_file", boundary<p_file>},
      {"_sim_runner", boundary<p_runner>},
      {"_sim_program", boundary<p_program>},
      {"_sim_boot", boundary<p_boot>},
      {"_sim_type", boundary<p_type>},
      {"_sim_output", boundary<p_output>},
      {"_sim_run", boundary<p_run>},
      {"_sim_now", boundary<p_now>},
      {"_sim_duration", boundary<p_duration>},
      {"_sim_disk_io_error", boundary<p_disk_io_error>},
      {"_sim_disk_latency", boundary<p_disk_latency>},
      {"_sim_disk_write_model", boundary<p_disk_write_model>},
      {"_sim_disk_clear", boundary<p_disk_clear>},
      {"_sim_power_cut", boundary<p_power_cut>},
      {"_sim_link", boundary<p_link>},
      {"_sim_partition", boundary<p_partition>},
      {"_sim_heal", boundary<p_heal>},
      {"_sim_faults", boundary<p_faults>},
      {"_sim_screenshot", boundary<p_screenshot>},
      {"_sim_log", boundary<p_log>},
      {"_sim_where", boundary<p_where>},
      {"_sim_set_stop", boundary<p_set_stop>},
      {"_sim_stop_kind", boundary<p_stop_kind>},
  };
  lua_createtable(L, 0, static_cast<int>(std::size(prims)));
  for (const auto& p : prims) {
    lua_pushcfunction(L, p.func);
    lua_setfield(L, -2, p.name + 5);  // without "_sim_"
  }
  lua_setglobal(L, "_sim");  // the prelude takes it and clears the global
}

}  // namespace sim::lua
