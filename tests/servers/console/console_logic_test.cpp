// The console server's logic (servers/drivers/console) against a register
// model of a 16550 and an i8042: the keymap, output and input translation,
// readers and writers that wait and are answered from the interrupt.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "drivers/console/console.h"
#include "drivers/console/keymap.h"
#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace {

using console::Console;
using console::Device;
using namespace uapi::termios;

// Register-level stand-in for COM1 and the keyboard controller: what the
// driver wrote, bytes waiting to be received, and the interrupt causes.
struct FakeDevices final : console::Ops {
  std::deque<char> rx, keys;
  std::string tx;
  bool thre_pending = false;  // the transmit FIFO emptied (cleared by reading IIR)
  uint8_t ier = 0, lcr = 0, mcr = 0, divisor_lo = 0xFF, fcr = 0;
  int acks_com1 = 0, acks_kbd = 0;
  uint64_t next_slot = 100;
  bool slots_left = true;
  std::vector<std::pair<uint64_t, std::string>> reads;
  std::vector<std::pair<uint64_t, size_t>> writes;

  uint8_t in8(Device d, uint16_t reg) override {
    if (d == Device::kKeyboard) {
      if (reg == 4) return keys.empty() ? 0 : 1;
      char c = keys.front();
      keys.pop_front();
      return static_cast<uint8_t>(c);
    }
    switch (reg) {
      case 0: {
        if (rx.empty()) return 0;
        char c = rx.front();
        rx.pop_front();
        return static_cast<uint8_t>(c);
      }
      case 2:
        if ((ier & 1) && !rx.empty()) return 0x04;
        if ((ier & 2) && thre_pending) {
          thre_pending = false;
          return 0x02;
        }
        return 0x01;
      case 5: return static_cast<uint8_t>((rx.empty() ? 0 : 1) | 0x60);  // the FIFO drains at once
      default: return 0;
    }
  }
  void out8(Device d, uint16_t reg, uint8_t v) override {
    if (d != Device::kCom1) return;
    const bool dlab = lcr & 0x80;
    switch (reg) {
      case 0:
        if (dlab) {
          divisor_lo = v;
        } else {
          tx.push_back(static_cast<char>(v));
          thre_pending = true;
        }
        break;
      case 1:
        if (!dlab) ier = v;
        break;
      case 2: fcr = v; break;
      case 3: lcr = v; break;
      case 4: mcr = v; break;
      default: break;
    }
  }
  void ack(Device d) override { ++(d == Device::kCom1 ? acks_com1 : acks_kbd); }
  bool save_caller(uint64_t* slot) override {
    if (!slots_left) return false;
    *slot = next_slot++;
    return true;
  }
  void answer_read(uint64_t slot, const char* data, size_t n) override { reads.emplace_back(slot, std::string(data, n)); }
  void answer_write(uint64_t slot, size_t taken) override { writes.emplace_back(slot, taken); }

  void type(const std::string& s) { rx.insert(rx.end(), s.begin(), s.end()); }
};

std::string keys(console::Keymap& km, std::initializer_list<uint8_t> codes) {
  std::string out;
  for (uint8_t c : codes) {
    char b[console::Keymap::kMaxOut];
    size_t n = km.feed(c, b);
    out.append(b, n);
  }
  return out;
}

struct ConsoleLogic : ::testing::Test {
  FakeDevices dev;
  Console con{dev};
  void SetUp() override { con.init(); }
  std::string read_now(size_t max = 152) {
    char buf[152];
    size_t got = 0;
    EXPECT_EQ(con.read(max, buf, &got), 0);
    return std::string(buf, got);
  }
  int write(const std::string& s, size_t* taken) { return con.write(lib::Str(s.data(), s.size()), taken); }
};

TEST(ConsoleKeymap, LettersShiftCapsAndCtrlAsATerminalSendsThem) {
  console::Keymap km;
  EXPECT_EQ(keys(km, {0x1E, 0x9E, 0x30, 0xB0}), "ab");
  EXPECT_EQ(keys(km, {0x2A, 0x1E, 0x02, 0xAA, 0x1E}), "A!a");       // left Shift held for 'a' and '1'
  EXPECT_EQ(keys(km, {0x36, 0x27, 0xB6, 0x27}), ":;");              // right Shift
  EXPECT_EQ(keys(km, {0x3A, 0xBA, 0x1E, 0x02, 0x3A, 0x1E}), "A1a");  // Caps Lock: letters only, toggles
  EXPECT_EQ(keys(km, {0x1D, 0x2E, 0x20, 0x2B, 0x9D, 0x2E}), std::string("\x03\x04\x1c") + "c");  // ^C ^D ^\ //
  EXPECT_EQ(keys(km, {0x1C, 0x0E, 0x0F, 0x39, 0x01}), "\r\x7f\t \x1b");  // Enter CR, Backspace DEL, Tab, Space, Esc
}

TEST(ConsoleKeymap, ExtendedKeysAreEscapeSequencesAndRightCtrlIsCtrl) {
  console::Keymap km;
  EXPECT_EQ(keys(km, {0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0x50, 0xE0, 0x4D, 0xE0, 0x4B}), "\x1b[A\x1b[B\x1b[C\x1b[D");
  EXPECT_EQ(keys(km, {0xE0, 0x47, 0xE0, 0x4F, 0xE0, 0x53}), "\x1b[H\x1b[F\x1b[3~");
  EXPECT_EQ(keys(km, {0xE0, 0x1D, 0x26, 0xE0, 0x9D, 0x26}), "\x0cl");  // right Ctrl + L
  EXPECT_EQ(keys(km, {0x3B, 0x57}), "");                               // F1, F11: nothing yet
  EXPECT_EQ(keys(km, {0xE0, 0x2A, 0xE0, 0x48}), "\x1b[A");              // fake shift of the E0 block ignored
}

TEST_F(ConsoleLogic, InitProgramsTheUartAs115200Baud8N1WithFifosAndInterrupts) {
  EXPECT_EQ(dev.divisor_lo, 1);
  EXPECT_EQ(dev.lcr, 0x03);
  EXPECT_EQ(dev.ier, 0x03);
  EXPECT_EQ(dev.mcr & 0x08, 0x08);  // OUT2: the IRQ line reaches the PIC
  EXPECT_EQ(dev.fcr & 0x01, 0x01);
  EXPECT_GE(dev.acks_com1, 1);
  EXPECT_GE(dev.acks_kbd, 1);
}

TEST_F(ConsoleLogic, OutputTurnsNewlineIntoCrNlUnlessOpostIsOff) {
  size_t taken = 0;
  ASSERT_EQ(write("one\ntwo\n", &taken), 0);
  EXPECT_EQ(taken, 8u);
  EXPECT_EQ(dev.tx, "one\r\ntwo\r\n");
  uapi::Termios t;
  con.get_termios(&t);
  t.c_oflag &= ~kOPOST;
  ASSERT_EQ(con.set_termios(kTCSANOW, t), 0);
  dev.tx.clear();
  ASSERT_EQ(write("raw\n", &taken), 0);
  con.on_interrupt(console::kCom1Bit);
  EXPECT_EQ(dev.tx, "raw\n");
}

TEST_F(ConsoleLogic, InputFromBothDevicesWithCarriageReturnsAsTermiosSays) {
  dev.type("ls\r");
  dev.keys.insert(dev.keys.end(), {0x1E, static_cast<char>(0x9E), 0x1C});  // 'a' Enter
  con.on_interrupt(console::kCom1Bit | console::kKeyboardBit);
  EXPECT_EQ(read_now(), "ls\na\n");  // ICRNL by default
  uapi::Termios t;
  con.get_termios(&t);
  t.c_iflag = (t.c_iflag & ~kICRNL) | kIGNCR;
  ASSERT_EQ(con.set_termios(kTCSANOW, t), 0);
  dev.type("x\ry");
  con.on_interrupt(console::kCom1Bit);
  EXPECT_EQ(read_now(), "xy");
  t.c_iflag = kINLCR;
  ASSERT_EQ(con.set_termios(kTCSANOW, t), 0);
  dev.type("p\nq\r");
  con.on_interrupt(console::kCom1Bit);
  EXPECT_EQ(read_now(), "p\rq\r");
}

TEST_F(ConsoleLogic, AReaderWithNothingTypedWaitsAndIsAnsweredByTheInterrupt) {
  char buf[8];
  size_t got = 99;
  ASSERT_EQ(con.read(4, buf, &got), console::kDeferred);
  ASSERT_EQ(con.read(8, buf, &got), console::kDeferred);
  EXPECT_TRUE(dev.reads.empty());
  dev.type("hello!");
  con.on_interrupt(console::kCom1Bit);
  ASSERT_EQ(dev.reads.size(), 2u);
  EXPECT_EQ(dev.reads[0], std::make_pair(uint64_t{100}, std::string("hell")));  // first come, at most its max
  EXPECT_EQ(dev.reads[1], std::make_pair(uint64_t{101}, std::string("o!")));
  EXPECT_EQ(con.counters().rx_bytes, 6u);
  // No slot to save the caller in: EAGAIN, not a lost caller.
  dev.slots_left = false;
  EXPECT_EQ(con.read(4, buf, &got), uapi::kEAGAIN);
}

TEST_F(ConsoleLogic, WritersBeyondTheRingWaitInOrderAndAllBytesGoOutInOrder) {
  // The model's FIFO empties only when told: nothing drains between writes.
  std::string expect;
  std::vector<int> results;
  for (int i = 0; i < 40; ++i) {
    std::string chunk(150, static_cast<char>('A' + i % 26));
    size_t taken = 0;
    results.push_back(write(chunk, &taken));
    expect += chunk;
  }
  int deferred = 0;
  for (int r : results) deferred += r == console::kDeferred;
  EXPECT_GT(deferred, 0);
  EXPECT_LT(deferred, 40);
  for (size_t i = 1; i < results.size(); ++i) {  // once one waits, every later one waits behind it
    if (results[i - 1] == console::kDeferred) {
      EXPECT_EQ(results[i], console::kDeferred);
    }
  }
  for (int i = 0; i < 1000 && dev.writes.size() < static_cast<size_t>(deferred); ++i) con.on_interrupt(console::kCom1Bit);
  ASSERT_EQ(dev.writes.size(), static_cast<size_t>(deferred));
  for (size_t i = 0; i < dev.writes.size(); ++i) {
    EXPECT_EQ(dev.writes[i].first, 100 + i);
    EXPECT_EQ(dev.writes[i].second, 150u);
  }
  for (int i = 0; i < 1000 && con.pending_output() > 0; ++i) con.on_interrupt(console::kCom1Bit);
  EXPECT_EQ(dev.tx, expect);
  EXPECT_EQ(con.counters().tx_bytes, expect.size());
}

TEST_F(ConsoleLogic, BadArgumentsAndTcsaflush) {
  size_t taken = 0;
  EXPECT_EQ(write(std::string(153, 'x'), &taken), uapi::kEINVAL);
  EXPECT_EQ(taken, 0u);
  uapi::Termios t;
  con.get_termios(&t);
  EXPECT_EQ(con.set_termios(3, t), uapi::kEINVAL);
  EXPECT_EQ(read_now(0), "");
  dev.type("typed ahead");
  con.on_interrupt(console::kCom1Bit);
  EXPECT_EQ(con.pending_input(), 11u);
  ASSERT_EQ(con.set_termios(kTCSAFLUSH, t), 0);
  EXPECT_EQ(con.pending_input(), 0u);
}

TEST_F(ConsoleLogic, StartsWithTheTermiosOfALinuxSerialLine) {
  uapi::Termios t;
  con.get_termios(&t);
  EXPECT_EQ(t.c_iflag & kICRNL, kICRNL);
  EXPECT_EQ(t.c_oflag, kOPOST | kONLCR);
  EXPECT_EQ(t.c_lflag & (kICANON | kECHO | kISIG), kICANON | kECHO | kISIG);
  EXPECT_EQ(t.c_cc[kVINTR], 0x03);
  EXPECT_EQ(t.c_cc[kVEOF], 0x04);
  EXPECT_EQ(t.c_cc[kVERASE], 0x7F);
}

}  // namespace
