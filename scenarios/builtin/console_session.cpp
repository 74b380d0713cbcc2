#include "scenarios/builtin/console_session.h"

#include <iostream>
#include <memory>
#include <stdexcept>
#include <utility>

#include "scenarios/builtin/latch.h"
#include "sim/runtime/log/log.h"

namespace sim::scenarios {

namespace {

struct Typist {
  Typist(Scheduler& s, hw::Machine& m, std::vector<ConsoleStep> st)
      : sched(s), machine(m), steps(std::move(st)), output(s, "com1-output", 0, WaitKind::Dependent) {}
  Scheduler& sched;
  hw::Machine& machine;
  std::vector<ConsoleStep> steps;
  Latch output;
  std::size_t seen_from = 0;  // output before this belongs to earlier steps
};

std::string last_lines(const std::string& text, std::size_t n) {
  std::size_t at = text.size();
  for (std::size_t lines = 0; at > 0 && lines <= n; --at)
    if (text[at - 1] == '\n') ++lines;
  return text.substr(at);
}

std::string printable(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20) out += "^" + std::string(1, static_cast<char>(c + 0x40));
    else out += c;
  }
  return out;
}

void run(Typist& t) {
  auto log = log::get("session");
  hw::Uart16550& com1 = *t.machine.uart();
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const ConsoleStep& st = t.steps[i];
    const VTime deadline = t.sched.now() + st.timeout;
    std::size_t at;
    while ((at = com1.output().find(st.expect, t.seen_from)) == std::string::npos) {
      if (!t.output.wait(deadline) && com1.output().find(st.expect, t.seen_from) == std::string::npos)
        throw std::runtime_error("console session step " + std::to_string(i + 1) + ": '" + printable(st.expect) +
                                 "' did not come within " + format_vtime(st.timeout) + "; COM1's last lines:\n" +
                                 last_lines(com1.output(), 8));
    }
    t.seen_from = at + st.expect.size();
    if (st.delay) t.sched.sleep_for(st.delay);
    if (!st.type.empty()) {
      log->info("typing '{}'", printable(st.type));
      com1.type(st.type);
    }
  }
  std::cout << "---- COM1 of " << t.machine.name() << " ----\n";
  for (char c : com1.output())
    if (c != '\r') std::cout << c;
  std::cout << "\n---- end of COM1 ----\n" << std::flush;
}

}  // namespace

void run_console_session(const ScenarioContext& ctx, hw::Machine& m, std::vector<ConsoleStep> steps) {
  auto t = std::make_shared<Typist>(ctx.sched, m, std::move(steps));
  ctx.owned->push_back(t);
  Typist* tp = t.get();
  m.uart()->set_output_listener([tp](char) { tp->output.notify(); });
  ctx.sched.spawn("session-typist", [tp] { run(*tp); });
}

std::vector<ConsoleStep> default_console_session() {
  return {
      {"login: ", "root\r"},
      {"Password: ", "root\r"},
      {"# ", "mkdir -p /tmp/demo/src/lib /tmp/demo/doc && cd /tmp/demo && ls -R\r"},
      {"# ", "echo 'hello, saltysim' > doc/greeting; echo second line >> doc/greeting; cat doc/greeting\r"},
      {"# ", "ls /bin | grep -c s; cat doc/greeting | grep -v second | wc -c\r"},
      {"# ", "sleep 100 &\r"},
      {"# ", "jobs\r"},
      {"# ", "kill %1\r"},
      {"# ", "sleep 100\r"},
      {"sleep 100\r\n", "\x03", kSec},
      {"# ", "echo status $?; exit\r"},
      {"login: ", ""},
  };
}

}  // namespace sim::scenarios
