// A 16550A UART (COM1: ports 0x3F8-0x3FF, IRQ 4): divisor latch, 16-byte
// FIFOs, IER/IIR interrupt identification, LSR/MSR, scratch, and the MCR
// loopback mode. Each character takes its line time (10 bits at the
// programmed baud rate, configurable). What the OS transmits is captured
// per machine (for `expect`) and logged line by line; typed input waits
// host-side and enters the receive FIFO as fast as the line allows.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

#include "hw_model/core/event_set.h"
#include "hw_model/core/io_handler.h"
#include "hw_model/irq/interrupt_controller.h"

namespace hw {

struct UartConfig {
  // Line time of one character; 0 = derived from the divisor (10 bits at
  // 115200 / divisor baud, 86.8 us at divisor 1).
  sim::VDuration char_time = 0;
};

struct UartCounters {
  std::uint64_t tx_bytes = 0, rx_bytes = 0, overruns = 0, interrupts = 0;
};

class Uart16550 final : public IoHandler {
 public:
  static constexpr std::uint16_t kCom1Base = 0x3F8;
  static constexpr unsigned kCom1Irq = 4;
  static constexpr std::size_t kFifo = 16;

  Uart16550(sim::VirtualClock& clock, InterruptController& irqs, std::string name, unsigned irq = kCom1Irq,
            UartConfig cfg = {});

  std::uint64_t read(std::uint64_t offset, unsigned size) override;
  void write(std::uint64_t offset, unsigned size, std::uint64_t value) override;

  // Scenario / host-terminal side.
  void type(std::string_view bytes);
  const std::string& output() const { return output_; }
  std::string take_output();
  void set_output_listener(std::function<void(char)> f) { on_output_ = std::move(f); }
  const UartCounters& counters() const { return counters_; }
  sim::VDuration char_time() const;

 private:
  void start_tx();
  void start_rx();
  void receive_byte(std::uint8_t b);
  void emit(std::uint8_t b);
  void update_irq();
  std::uint8_t iir();

  EventSet events_;
  InterruptController& irqs_;
  std::string name_;
  unsigned irq_;
  UartConfig cfg_;
  std::uint16_t divisor_ = 12;  // 9600 baud after reset
  std::uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, fcr_ = 0;
  bool overrun_ = false;
  bool thre_pending_ = false;
  bool line_high_ = false;
  bool tx_busy_ = false, rx_busy_ = false;
  std::deque<std::uint8_t> rx_fifo_, tx_fifo_, host_input_;
  std::string output_, line_;
  std::function<void(char)> on_output_;
  UartCounters counters_;
};

}  // namespace hw
