// An i8042 PS/2 controller with a keyboard on its first port (data 0x60,
// status/command 0x64, IRQ 1): controller commands (config byte, self
// tests, port enable/disable), keyboard commands (reset, enable/disable
// scanning, LEDs, scan code set, echo, identify) and scan code set 1
// delivered one byte at a time through the output buffer.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

#include "hw_model/console/scancodes.h"
#include "hw_model/core/io_handler.h"
#include "hw_model/irq/interrupt_controller.h"

namespace hw {

struct Ps2Counters {
  std::uint64_t scancodes = 0, interrupts = 0, commands = 0;
};

class Ps2Controller final : public IoHandler {
 public:
  static constexpr std::uint16_t kBase = 0x60;  // 0x60..0x64
  static constexpr std::uint16_t kPorts = 5;
  static constexpr unsigned kIrq = 1;

  explicit Ps2Controller(InterruptController& irqs) : irqs_(irqs) {}

  std::uint64_t read(std::uint64_t offset, unsigned size) override;
  void write(std::uint64_t offset, unsigned size, std::uint64_t value) override;

  // Scenario / host side: keys typed on the keyboard.
  void type(std::string_view text) { send_scancodes(scancodes_for_text(text)); }
  void press(Key k, bool ctrl = false);
  void press_ctrl(char c);
  void send_scancodes(const std::vector<std::uint8_t>& codes);
  const Ps2Counters& counters() const { return counters_; }
  std::uint8_t leds() const { return leds_; }

 private:
  enum class Pending { None, ConfigByte, OutputPort, AuxByte, KbdLeds, KbdSet, KbdTypematic };
  void controller_command(std::uint8_t cmd);
  void keyboard_byte(std::uint8_t b);
  void reply(std::uint8_t b);  // controller/keyboard reply: ahead of typed keys
  void pump();                 // moves the next byte into the output buffer

  InterruptController& irqs_;
  std::uint8_t config_ = 0x45;  // IRQ1 on, system flag, translation
  std::uint8_t status_flags_ = 0x14;  // system flag, unlocked
  bool command_last_ = false;
  Pending pending_ = Pending::None;
  bool scanning_ = true;
  std::uint8_t leds_ = 0;
  std::uint8_t scan_set_ = 2;  // as the keyboard reports it; translated to set 1
  std::optional<std::uint8_t> obf_;  // the output buffer
  std::deque<std::uint8_t> replies_, keys_;
  Ps2Counters counters_;
};

}  // namespace hw
