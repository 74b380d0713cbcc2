// COM1 (16550) and the PS/2 keyboard controller, driven through their I/O
// ports with interrupts, as the console server drives them.
#include <gtest/gtest.h>

#include "hw_model/machine.h"
#include "tests/hw_model/support/run.h"

using namespace hwtest;

namespace {
constexpr std::uint16_t kCom1 = 0x3F8;

struct ConsoleRig {
  sim::VirtualClock clock;
  hw::Machine m{clock, sim::SeedSource(3), hw::MachineConfig{}};
  std::vector<unsigned> irqs;
  ConsoleRig() {
    m.set_irq_sink([this](unsigned irq) { irqs.push_back(irq); });
  }
  std::uint8_t in(std::uint16_t port) { return static_cast<std::uint8_t>(m.io_in(port, 1)); }
  void out(std::uint16_t port, std::uint8_t v) { m.io_out(port, 1, v); }
  bool wait_irq(unsigned line) {
    return run_until(clock, [&] { return std::find(irqs.begin(), irqs.end(), line) != irqs.end(); });
  }
  // 115200 8N1, FIFOs on, receive interrupts on.
  void uart_init(std::uint8_t mcr = 0x0B) {
    out(kCom1 + 3, 0x80);
    out(kCom1 + 0, 1);
    out(kCom1 + 1, 0);
    out(kCom1 + 3, 0x03);
    out(kCom1 + 2, 0x07);
    out(kCom1 + 4, mcr);
    out(kCom1 + 1, 0x01);
  }
};
}  // namespace

TEST(Uart, TypedBytesAreEchoedBackThroughInterruptsAndCaptured) {
  ConsoleRig r;
  r.uart_init();
  EXPECT_EQ(r.in(kCom1 + 7), 0);
  r.out(kCom1 + 7, 0x5A);
  EXPECT_EQ(r.in(kCom1 + 7), 0x5A);  // scratch

  const std::string typed = "hello, world\n";
  r.m.uart()->type(typed);
  std::string echoed;
  while (echoed.size() < typed.size() && r.wait_irq(hw::Uart16550::kCom1Irq)) {
    r.irqs.clear();
    EXPECT_EQ(r.in(kCom1 + 2) & 0x0F, 0x04);  // received data available
    while (r.in(kCom1 + 5) & 1) {
      const std::uint8_t c = r.in(kCom1);
      echoed.push_back(static_cast<char>(c));
      r.out(kCom1, c);
    }
  }
  EXPECT_EQ(echoed, typed);
  run_all(r.clock);
  EXPECT_EQ(r.m.uart()->output(), typed);
  EXPECT_EQ(r.in(kCom1 + 5) & 0x60, 0x60);  // transmitter empty
  // 13 characters in at 115200 baud, the last echoed out after it.
  const sim::VDuration ch = 10 * sim::kSec / 115200;
  EXPECT_EQ(r.clock.now(), (typed.size() + 1) * ch);
  EXPECT_EQ(r.m.uart()->counters().rx_bytes, typed.size());
}

TEST(Uart, McrLoopbackReturnsTransmittedBytesAndModemBits) {
  ConsoleRig r;
  r.uart_init(0x10 | 0x0F);  // loop + DTR RTS OUT1 OUT2
  EXPECT_EQ(r.in(kCom1 + 6) & 0xF0, 0xF0);
  for (char c : std::string("ping")) r.out(kCom1, static_cast<std::uint8_t>(c));
  std::string back;
  while (back.size() < 4 && r.wait_irq(hw::Uart16550::kCom1Irq)) {
    r.irqs.clear();
    while (r.in(kCom1 + 5) & 1) back.push_back(static_cast<char>(r.in(kCom1)));
  }
  EXPECT_EQ(back, "ping");
  EXPECT_EQ(r.m.uart()->output(), "");  // nothing reached the line
}

TEST(Uart, TransmitterEmptyInterrupt) {
  ConsoleRig r;
  r.uart_init();
  r.irqs.clear();
  r.out(kCom1 + 1, 0x03);  // + THRE: the idle transmitter interrupts at once
  ASSERT_EQ(r.irqs.size(), 1u);
  EXPECT_EQ(r.in(kCom1 + 2) & 0x0F, 0x02);
  EXPECT_EQ(r.in(kCom1 + 2) & 0x0F, 0x01);  // reading IIR cleared it
  r.irqs.clear();
  r.out(kCom1, 'x');
  EXPECT_TRUE(r.irqs.empty());
  EXPECT_TRUE(r.wait_irq(4));  // the transmitter drained
  EXPECT_EQ(r.in(kCom1 + 2) & 0x0F, 0x02);
  EXPECT_EQ(r.m.uart()->output(), "x");
}

namespace {
std::vector<std::uint8_t> drain_keyboard(ConsoleRig& r) {
  std::vector<std::uint8_t> codes;
  while (r.in(0x64) & 1) codes.push_back(r.in(0x60));
  return codes;
}
}  // namespace

TEST(Ps2, TypedKeysArriveAsScanCodeSet1WithIrq1) {
  ConsoleRig r;
  r.m.keyboard()->type("aB\n");
  std::vector<std::uint8_t> codes;
  // One byte in the output buffer at a time, one IRQ 1 for each.
  while (!r.irqs.empty()) {
    r.irqs.erase(r.irqs.begin());
    ASSERT_TRUE(r.in(0x64) & 1);
    codes.push_back(r.in(0x60));
  }
  EXPECT_EQ(codes, (std::vector<std::uint8_t>{0x1E, 0x9E, 0x2A, 0x30, 0xB0, 0xAA, 0x1C, 0x9C}));
  EXPECT_EQ(r.m.irqs().delivered(1), 8u);

  r.m.keyboard()->press(hw::Key::Up);
  r.m.keyboard()->press_ctrl('c');
  EXPECT_EQ(drain_keyboard(r), (std::vector<std::uint8_t>{0xE0, 0x48, 0xE0, 0xC8, 0x1D, 0x2E, 0xAE, 0x9D}));
}

TEST(Ps2, ControllerAndKeyboardCommands) {
  ConsoleRig r;
  r.out(0x64, 0xAD);  // disable keyboard port
  r.out(0x64, 0xAA);
  EXPECT_EQ(drain_keyboard(r), std::vector<std::uint8_t>{0x55});
  r.out(0x64, 0x20);
  const std::uint8_t cfg = drain_keyboard(r).at(0);
  EXPECT_EQ(cfg & 0x41, 0x41);  // IRQ 1 on, translation on
  EXPECT_TRUE(cfg & 0x10);      // port disabled
  r.m.keyboard()->type("x");    // held while the port is disabled
  EXPECT_TRUE(drain_keyboard(r).empty());
  r.out(0x64, 0xAE);
  EXPECT_EQ(drain_keyboard(r), (std::vector<std::uint8_t>{0x2D, 0xAD}));

  r.out(0x60, 0xFF);
  EXPECT_EQ(drain_keyboard(r), (std::vector<std::uint8_t>{0xFA, 0xAA}));
  r.out(0x60, 0xF2);
  EXPECT_EQ(drain_keyboard(r), (std::vector<std::uint8_t>{0xFA, 0xAB, 0x83}));
  r.out(0x60, 0xED);
  r.out(0x60, 0x05);
  EXPECT_EQ(drain_keyboard(r), (std::vector<std::uint8_t>{0xFA, 0xFA}));
  EXPECT_EQ(r.m.keyboard()->leds(), 5);
  r.out(0x60, 0xEE);
  EXPECT_EQ(drain_keyboard(r), std::vector<std::uint8_t>{0xEE});

  r.out(0x64, 0x60);  // config: IRQ off
  r.out(0x60, static_cast<std::uint8_t>(cfg & ~0x11));
  r.irqs.clear();
  r.m.keyboard()->type("q");
  EXPECT_TRUE(r.irqs.empty());
  EXPECT_EQ(drain_keyboard(r), (std::vector<std::uint8_t>{0x10, 0x90}));
}
