#include "scenarios/builtin/host_console.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "scenarios/builtin/latch.h"
#include "sim/host/terminal/host_terminal.h"
#include "sim/runtime/log/log.h"

namespace sim::scenarios {

namespace {

// Shared by the Asio handler (host context: it only stores bytes and
// wakes) and the simulated thread that types them at the current virtual
// time. Owned through ctx.owned, so it outlives every thread.
struct HostConsole {
  HostConsole(Scheduler& s, hw::Machine& m) : sched(s), machine(m), input_ready(s, "host-input", 0, WaitKind::Idle) {}
  Scheduler& sched;
  hw::Machine& machine;
  Latch input_ready;
  std::string input;
  bool detach = false;
  std::unique_ptr<HostTerminal> terminal;
};

void run_typist(HostConsole& c) {
  while (!c.detach) {
    c.input_ready.wait();
    if (!c.input.empty()) c.machine.uart()->type(std::exchange(c.input, {}));
  }
  c.terminal->close();
  log::get("console")->info("host terminal detached from COM1 of {}", c.machine.name());
  c.sched.stop();
}

}  // namespace

void attach_host_console(const ScenarioContext& ctx, hw::Machine& m) {
  if (!ctx.pacer) throw std::logic_error("attach_host_console: not in real-time mode");
  auto c = std::make_shared<HostConsole>(ctx.sched, m);
  ctx.owned->push_back(c);
  HostConsole* cp = c.get();
  m.uart()->set_output_listener([cp](char ch) {
    if (cp->terminal && cp->terminal->is_open()) cp->terminal->write(std::string_view(&ch, 1));
  });
  cp->terminal = std::make_unique<HostTerminal>(*ctx.pacer);
  cp->terminal->write("saltysim: COM1 of " + m.name() + " is this terminal; Ctrl-] quits\r\n");
  cp->terminal->start(
      [cp](std::string_view chunk) {
        std::size_t quit = chunk.find(kHostConsoleDetachKey);
        cp->input.append(chunk.substr(0, quit));
        if (quit != std::string_view::npos) cp->detach = true;
        cp->input_ready.notify();
      },
      [cp] {
        cp->detach = true;
        cp->input_ready.notify();
      });
  ctx.sched.spawn("host-console", [cp] { run_typist(*cp); });
}

}  // namespace sim::scenarios
