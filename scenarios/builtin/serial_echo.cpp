#include "scenarios/builtin/serial_echo.h"

#include <cctype>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "hw_model/machine.h"
#include "scenarios/builtin/latch.h"
#include "sim/host/terminal/host_terminal.h"
#include "sim/runtime/log/log.h"

namespace sim {

namespace {

// 16550 registers and bits, as a driver knows them.
constexpr std::uint16_t kData = hw::Uart16550::kCom1Base;  // RBR/THR; DLL with DLAB
constexpr std::uint16_t kIer = kData + 1;                  // DLM with DLAB
constexpr std::uint16_t kIirFcr = kData + 2;
constexpr std::uint16_t kLcr = kData + 3;
constexpr std::uint16_t kMcr = kData + 4;
constexpr std::uint16_t kLsr = kData + 5;
constexpr std::uint8_t kIerRx = 0x01, kIerTx = 0x02, kIerLine = 0x04;
constexpr std::uint8_t kIirNone = 0x01, kIirIdMask = 0x0E, kIirLine = 0x06, kIirRx = 0x04, kIirRxTimeout = 0x0C;
constexpr std::uint8_t kLcrDlab = 0x80, kLcr8N1 = 0x03;
constexpr std::uint8_t kFcrEnableAndClear = 0x07;
constexpr std::uint8_t kMcrDtrRtsOut2 = 0x0B;
constexpr std::uint8_t kLsrDataReady = 0x01, kLsrThrEmpty = 0x20, kLsrIdle = 0x40;
constexpr std::size_t kTxFifo = hw::Uart16550::kFifo;

constexpr std::string_view kTypedLine = "hello from saltysim\n";
constexpr std::string_view kEchoedLine = "HELLO FROM SALTYSIM\r\n";
constexpr std::string_view kBye = "BYE\r\n";
constexpr VDuration kEchoTimeout = kSec;

// Everything the scenario's threads share. Owned by their bodies, so it
// lives until the scheduler goes (the pacer outlives it).
struct SerialEcho {
  explicit SerialEcho(Scheduler& s)
      : sched(s),
        irq4(s, "irq", hw::Uart16550::kCom1Irq, WaitKind::Idle),
        host_input_ready(s, "host-input", 0, WaitKind::Idle),
        output_line(s, "com1-output", 0, WaitKind::Dependent) {}

  Scheduler& sched;
  Latch irq4;              // COM1's interrupt, from the machine's IRQ sink
  Latch host_input_ready;  // bytes from the host terminal wait in host_input
  Latch output_line;       // COM1 transmitted a '\n'
  std::string host_input;
  bool quit = false;
  std::unique_ptr<HostTerminal> terminal;  // real-time mode only
  std::unique_ptr<hw::Machine> machine;    // after `terminal`: goes first
  hw::Machine* external = nullptr;         // serial_echo_start: a machine the caller owns
  hw::Machine& com1_machine() { return external ? *external : *machine; }
};

// A polled-and-interrupt-driven 16550 driver as an OS would write it:
// port I/O only, woken by IRQ 4; received bytes go to `on_rx`, `send`
// queues bytes for the transmitter.
class Com1Driver {
 public:
  Com1Driver(hw::MachineBus& bus, Latch& irq) : bus_(bus), irq_(irq) {}

  void init() {
    out(kLcr, kLcrDlab);  // 115200 baud: divisor 1
    out(kData, 1);
    out(kIer, 0);
    out(kLcr, kLcr8N1);
    out(kIirFcr, kFcrEnableAndClear);
    out(kMcr, kMcrDtrRtsOut2);
    set_ier(kIerRx | kIerLine);
  }

  // Waits for IRQ 4 and serves every pending cause.
  template <class OnRx>
  void serve_interrupt(OnRx&& on_rx) {
    irq_.wait();
    for (std::uint8_t iir; !((iir = in(kIirFcr)) & kIirNone);) {  // reading IIR acknowledges THRE
      switch (iir & kIirIdMask) {
        case kIirLine:
          (void)in(kLsr);
          break;
        case kIirRx:
        case kIirRxTimeout:
          while (in(kLsr) & kLsrDataReady) on_rx(static_cast<char>(in(kData)));
          break;
        default:
          break;
      }
      pump_tx();
    }
  }

  void send(std::string_view bytes) {
    tx_.insert(tx_.end(), bytes.begin(), bytes.end());
    pump_tx();
  }
  bool drained() { return tx_.empty() && (in(kLsr) & kLsrIdle); }

 private:
  std::uint8_t in(std::uint16_t port) { return static_cast<std::uint8_t>(bus_.io_in(port, 1)); }
  void out(std::uint16_t port, std::uint8_t v) { bus_.io_out(port, 1, v); }
  void set_ier(std::uint8_t v) {
    if (v != ier_) out(kIer, ier_ = v);
  }
  // Fills an empty transmit FIFO; keeps the THRE interrupt on while bytes
  // are queued or on the line, so the last one leaving is noticed too.
  void pump_tx() {
    bool busy = !(in(kLsr) & kLsrThrEmpty);
    for (std::size_t n = 0; !busy && n < kTxFifo && !tx_.empty(); ++n) {
      out(kData, tx_.front());
      tx_.pop_front();
      busy = true;
    }
    set_ier(static_cast<std::uint8_t>(kIerRx | kIerLine | (busy ? kIerTx : 0)));
  }

  hw::MachineBus& bus_;
  Latch& irq_;
  std::uint8_t ier_ = 0;
  std::deque<std::uint8_t> tx_;
};

// The program on top of the driver: echoes typed text upper-cased, ends
// lines with CR LF, handles backspace; "quit" on a line of its own or ^D
// says BYE and ends.
class EchoLine {
 public:
  explicit EchoLine(Com1Driver& drv) : drv_(drv) {}
  bool quitting() const { return quitting_; }

  void receive(char c) {
    if (quitting_) return;
    const bool lf_after_cr = c == '\n' && after_cr_;
    after_cr_ = c == '\r';
    if (lf_after_cr) return;
    if (c == '\r' || c == '\n') {
      drv_.send("\r\n");
      if (line_ == "quit") quit();
      line_.clear();
    } else if (c == '\x04') {  // ^D on a raw terminal
      drv_.send("\r\n");
      quit();
    } else if (c == '\x7f' || c == '\b') {
      if (!line_.empty()) {
        line_.pop_back();
        drv_.send("\b \b");
      }
    } else {
      line_.push_back(c);
      drv_.send(std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c)))));
    }
  }

 private:
  void quit() {
    drv_.send(kBye);
    quitting_ = true;
  }

  Com1Driver& drv_;
  std::string line_;
  bool after_cr_ = false;
  bool quitting_ = false;
};

void run_driver(SerialEcho& e) {
  Com1Driver drv(e.com1_machine(), e.irq4);
  EchoLine echo(drv);
  drv.init();
  while (!(echo.quitting() && drv.drained())) drv.serve_interrupt([&](char c) { echo.receive(c); });
  log::get("console")->info("COM1 echo driver: quit");
  e.quit = true;
  if (e.terminal) e.terminal->close();
  e.host_input_ready.notify();
}

// Without --realtime: types into COM1 (as a scenario's `type`) and expects
// the echo (as `expect`), then quits.
void run_typist(SerialEcho& e) {
  hw::Uart16550& com1 = *e.machine->uart();
  auto expect = [&](std::string_view text) {
    const VTime deadline = e.sched.now() + kEchoTimeout;
    while (com1.output().find(text) == std::string::npos)
      if (!e.output_line.wait(deadline))
        throw std::runtime_error("COM1 did not echo '" + std::string(text.substr(0, text.size() - 2)) + "'");
  };
  auto log = log::get("console");
  e.sched.sleep_for(kMs);
  log->info("typing '{}' into COM1", kTypedLine.substr(0, kTypedLine.size() - 1));
  com1.type(kTypedLine);
  expect(kEchoedLine);
  log->info("COM1 echoed '{}'", kEchoedLine.substr(0, kEchoedLine.size() - 2));
  com1.type("quit\n");
  expect(kBye);
}

// With --realtime: the host terminal's Asio handler only stores bytes and
// wakes this thread, which types them at the current virtual time.
void run_host_input(SerialEcho& e) {
  while (!e.quit) {
    e.host_input_ready.wait();
    if (!e.quit && !e.host_input.empty()) e.machine->uart()->type(std::exchange(e.host_input, {}));
  }
}

void attach_host_terminal(SerialEcho& e, RealtimePacer& pacer) {
  e.terminal = std::make_unique<HostTerminal>(pacer);
  e.terminal->start(
      [&e](std::string_view chunk) {
        e.host_input.append(chunk);
        e.host_input_ready.notify();
      },
      [] { log::get("console")->info("host input ended"); });
}

}  // namespace

std::function<void(char)> serial_echo_start(Scheduler& s, hw::Machine& m) {
  auto e = std::make_shared<SerialEcho>(s);
  e->external = &m;
  m.set_irq_sink([ep = e.get()](unsigned irq) {
    if (irq == hw::Uart16550::kCom1Irq) ep->irq4.notify();
  });
  s.spawn("com1-driver", [e] { run_driver(*e); });
  return [ep = e.get()](char c) {
    if (c == '\n') ep->output_line.notify();
  };
}

void serial_echo(const ScenarioContext& ctx) {
  Scheduler& s = ctx.sched;
  auto e = std::make_shared<SerialEcho>(s);
  hw::MachineConfig cfg;
  cfg.name = "m0";
  cfg.ram_bytes = 16ull << 20;
  cfg.keyboard = false;
  e->machine = std::make_unique<hw::Machine>(s.clock(), s.seeds(), cfg);
  e->machine->set_irq_sink([ep = e.get()](unsigned irq) {
    if (irq == hw::Uart16550::kCom1Irq) ep->irq4.notify();
  });
  e->machine->uart()->set_output_listener([ep = e.get()](char c) {
    if (ep->terminal) ep->terminal->write(std::string_view(&c, 1));
    if (c == '\n') ep->output_line.notify();
  });
  s.spawn("com1-driver", [e] { run_driver(*e); });
  if (ctx.pacer) {
    attach_host_terminal(*e, *ctx.pacer);
    s.spawn("host-input", [e] { run_host_input(*e); });
  } else {
    s.spawn("typist", [e] { run_typist(*e); });
  }
}

}  // namespace sim
