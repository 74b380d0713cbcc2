#include "drivers/console/console.h"

#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace console {

namespace {

using namespace uapi::termios;

// 16550 registers (offsets from 0x3F8) and bits.
constexpr uint16_t kData = 0, kIer = 1, kIirFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6;
constexpr uint8_t kLcrDlab = 0x80, kLcr8N1 = 0x03;
constexpr uint8_t kFcrEnableClear = 0x07;  // FIFOs on, both cleared
constexpr uint8_t kMcrDtrRtsOut2 = 0x0B;   // OUT2 gates the IRQ line on a PC
constexpr uint8_t kIerRxTx = 0x03;         // received data, transmitter empty
constexpr uint8_t kIirNone = 0x01, kIirCause = 0x0E;
constexpr uint8_t kIirModem = 0x00, kIirThre = 0x02, kIirRx = 0x04, kIirLine = 0x06, kIirTimeout = 0x0C;
constexpr uint8_t kLsrDataReady = 0x01, kLsrThre = 0x20;
constexpr size_t kTxFifo = 16;
// i8042: data 0x60 (reg 0), status 0x64 (reg 4).
constexpr uint16_t kKbdData = 0, kKbdStatus = 4;
constexpr uint8_t kKbdOutputFull = 0x01;
// A guard against a device that never says "nothing pending".
constexpr int kMaxLoops = 256;

}  // namespace

Console::Console(Ops& ops) : ops_(ops), termios_(default_termios()) {}

void Console::init() {
  ops_.out8(Device::kCom1, kIer, 0);
  ops_.out8(Device::kCom1, kLcr, kLcrDlab);
  ops_.out8(Device::kCom1, kData, 1);  // divisor 1: 115200 baud
  ops_.out8(Device::kCom1, kIer, 0);
  ops_.out8(Device::kCom1, kLcr, kLcr8N1);
  ops_.out8(Device::kCom1, kIirFcr, kFcrEnableClear);
  ops_.out8(Device::kCom1, kMcr, kMcrDtrRtsOut2);
  ops_.out8(Device::kCom1, kIer, kIerRxTx);
  // Whatever is pending from before (typed ahead, a stale interrupt) is taken now.
  com1_interrupt();
  keyboard_interrupt();
  ops_.ack(Device::kCom1);
  ops_.ack(Device::kKeyboard);
  forward_input();
  wake_readers();
}

void Console::on_interrupt(uint64_t bits) {
  ++counters_.interrupts;
  if (bits & kCom1Bit) {
    com1_interrupt();
    ops_.ack(Device::kCom1);
  }
  if (bits & kKeyboardBit) {
    keyboard_interrupt();
    ops_.ack(Device::kKeyboard);
  }
  forward_input();
  wake_readers();
  wake_writers();
}

// In order, one message at a time; what the server's queue cannot take now
// waits in pushing_ for the next interrupt.
void Console::forward_input() {
  if (!ops_.forwarding()) return;
  for (;;) {
    if (pushing_len_ == 0)
      while (pushing_len_ < kMaxMessageBytes && input_.pop(&pushing_[pushing_len_])) ++pushing_len_;
    if (pushing_len_ == 0 || !ops_.push_input(pushing_, pushing_len_)) return;
    pushing_len_ = 0;
  }
}

// Every cause the UART reports, highest first, until it says none is left
// (its line is edge-triggered: a cause left standing would never interrupt again).
void Console::com1_interrupt() {
  for (int i = 0; i < kMaxLoops; ++i) {
    const uint8_t iir = ops_.in8(Device::kCom1, kIirFcr);
    if (iir & kIirNone) return;
    switch (iir & kIirCause) {
      case kIirRx:
      case kIirTimeout:
        for (int k = 0; k < kMaxLoops && (ops_.in8(Device::kCom1, kLsr) & kLsrDataReady); ++k) {
          ++counters_.rx_bytes;
          input_byte(static_cast<char>(ops_.in8(Device::kCom1, kData)));
        }
        break;
      case kIirThre: transmit(); break;  // reading IIR cleared it; refilling the FIFO re-arms it
      case kIirLine: ops_.in8(Device::kCom1, kLsr); break;
      case kIirModem: ops_.in8(Device::kCom1, kMsr); break;
      default: return;
    }
  }
}

void Console::keyboard_interrupt() {
  char bytes[Keymap::kMaxOut];
  for (int i = 0; i < kMaxLoops && (ops_.in8(Device::kKeyboard, kKbdStatus) & kKbdOutputFull); ++i) {
    const size_t n = keymap_.feed(ops_.in8(Device::kKeyboard, kKbdData), bytes);
    for (size_t k = 0; k < n; ++k) {
      ++counters_.key_bytes;
      input_byte(bytes[k]);
    }
  }
}

void Console::input_byte(char c) {
  const uint32_t in = termios_.c_iflag;
  if (c == '\r') {
    if (in & kIGNCR) return;
    if (in & kICRNL) c = '\n';
  } else if (c == '\n' && (in & kINLCR)) {
    c = '\r';
  }
  if (!input_.push(c)) ++counters_.dropped_input;  // as a UART overrun: the oldest stay
}

size_t Console::output_room(lib::Str data) const {
  size_t need = data.size;
  if ((termios_.c_oflag & kOPOST) && (termios_.c_oflag & kONLCR))
    for (size_t i = 0; i < data.size; ++i)
      if (data[i] == '\n') ++need;
  return need;
}

bool Console::queue_output(lib::Str data) {
  if (output_room(data) > kRingBytes - output_.size()) return false;
  const bool onlcr = (termios_.c_oflag & kOPOST) && (termios_.c_oflag & kONLCR);
  for (size_t i = 0; i < data.size; ++i) {
    if (onlcr && data[i] == '\n') output_.push('\r');
    output_.push(data[i]);
  }
  return true;
}

void Console::transmit() {
  if (!(ops_.in8(Device::kCom1, kLsr) & kLsrThre)) {  // still sending: its interrupt will come
    tx_idle_ = false;
    return;
  }
  size_t n = 0;
  char c = 0;
  while (n < kTxFifo && output_.pop(&c)) {
    ops_.out8(Device::kCom1, kData, static_cast<uint8_t>(c));
    ++n;
  }
  counters_.tx_bytes += n;
  tx_idle_ = n == 0;  // bytes in the FIFO: a THRE interrupt follows when it empties
}

int Console::write(lib::Str data, size_t* taken) {
  *taken = 0;
  if (data.size > kMaxMessageBytes) return uapi::kEINVAL;
  // In order: while others wait, a new writer waits behind them.
  if (writers_.empty() && queue_output(data)) {
    *taken = data.size;
    if (tx_idle_) transmit();
    return 0;
  }
  Writer w;
  w.len = data.size;
  for (size_t i = 0; i < data.size; ++i) w.bytes[i] = data[i];
  if (writers_.full() || !ops_.save_caller(&w.slot)) return uapi::kEAGAIN;
  writers_.push(w);
  if (tx_idle_) transmit();
  return kDeferred;
}

int Console::read(size_t max, char* out, size_t* got) {
  *got = 0;
  if (max > kMaxMessageBytes) max = kMaxMessageBytes;
  if (max == 0) return 0;
  if (!input_.empty() && readers_.empty()) {
    while (*got < max && input_.pop(&out[*got])) ++*got;
    return 0;
  }
  Reader r;
  r.max = max;
  if (readers_.full() || !ops_.save_caller(&r.slot)) return uapi::kEAGAIN;
  readers_.push(r);
  return kDeferred;
}

int Console::set_termios(uint64_t when, const uapi::Termios& t) {
  if (when > kTCSAFLUSH) return uapi::kEINVAL;
  if (when == kTCSAFLUSH) {  // unread input goes (TCSADRAIN: output is drained by the UART anyway)
    char c;
    while (input_.pop(&c)) {
    }
  }
  termios_ = t;
  return 0;
}

void Console::wake_readers() {
  Reader r;
  while (!input_.empty() && readers_.pop(&r)) {
    char bytes[kMaxMessageBytes];
    size_t n = 0;
    while (n < r.max && input_.pop(&bytes[n])) ++n;
    ops_.answer_read(r.slot, bytes, n);
  }
}

void Console::wake_writers() {
  while (!writers_.empty()) {
    const Writer& w = writers_.front();
    if (!queue_output(lib::Str(w.bytes, w.len))) break;
    Writer done;
    writers_.pop(&done);
    ops_.answer_write(done.slot, done.len);
  }
  if (tx_idle_) transmit();
}

}  // namespace console
