#include "hw_model/console/ps2_controller.h"

#include "sim/runtime/log/log.h"

namespace hw {

namespace {
constexpr std::uint8_t kStatusObf = 0x01, kStatusCmd = 0x08;
constexpr std::uint8_t kCfgKbdIrq = 0x01, kCfgKbdDisabled = 0x10;
constexpr std::uint8_t kAck = 0xFA, kResend = 0xFE, kSelfTestOk = 0xAA;
}  // namespace

std::uint64_t Ps2Controller::read(std::uint64_t offset, unsigned /*size*/) {
  if (offset == 0) {
    const std::uint8_t v = obf_.value_or(0);
    obf_.reset();
    pump();
    return v;
  }
  if (offset == 4) return status_flags_ | (obf_ ? kStatusObf : 0) | (command_last_ ? kStatusCmd : 0);
  return 0xFF;
}

void Ps2Controller::write(std::uint64_t offset, unsigned /*size*/, std::uint64_t value) {
  const auto v = static_cast<std::uint8_t>(value);
  if (offset == 4) {
    command_last_ = true;
    controller_command(v);
  } else if (offset == 0) {
    command_last_ = false;
    const Pending p = pending_;
    pending_ = Pending::None;
    switch (p) {
      case Pending::ConfigByte:
        config_ = v;
        break;
      case Pending::OutputPort:
        break;
      case Pending::AuxByte:
        reply(kResend);  // no mouse attached
        break;
      default:
        pending_ = p;
        keyboard_byte(v);
        break;
    }
  }
  pump();
}

void Ps2Controller::controller_command(std::uint8_t cmd) {
  ++counters_.commands;
  switch (cmd) {
    case 0x20: reply(config_); break;
    case 0x60: pending_ = Pending::ConfigByte; break;
    case 0xA7: config_ |= 0x20; break;
    case 0xA8: config_ &= static_cast<std::uint8_t>(~0x20); break;
    case 0xA9: reply(0x00); break;  // second port test passed
    case 0xAA: reply(0x55); break;  // controller self test passed
    case 0xAB: reply(0x00); break;  // first port test passed
    case 0xAD: config_ |= kCfgKbdDisabled; break;
    case 0xAE: config_ &= static_cast<std::uint8_t>(~kCfgKbdDisabled); break;
    case 0xD1: pending_ = Pending::OutputPort; break;
    case 0xD4: pending_ = Pending::AuxByte; break;
    case 0xFE: sim::log::get("ps2")->info("system reset requested through the keyboard controller"); break;
    default: break;
  }
}

void Ps2Controller::keyboard_byte(std::uint8_t b) {
  switch (pending_) {
    case Pending::KbdLeds:
      leds_ = b & 7;
      pending_ = Pending::None;
      return reply(kAck);
    case Pending::KbdTypematic:
      pending_ = Pending::None;
      return reply(kAck);
    case Pending::KbdSet:
      pending_ = Pending::None;
      reply(kAck);
      if (b == 0) return reply(scan_set_);
      if (b <= 3) scan_set_ = b;
      return;
    default:
      break;
  }
  switch (b) {
    case 0xFF:  // reset
      scanning_ = true;
      keys_.clear();
      reply(kAck);
      return reply(kSelfTestOk);
    case 0xF4: scanning_ = true; return reply(kAck);
    case 0xF5: scanning_ = false; return reply(kAck);
    case 0xF6: return reply(kAck);
    case 0xED: pending_ = Pending::KbdLeds; return reply(kAck);
    case 0xF3: pending_ = Pending::KbdTypematic; return reply(kAck);
    case 0xF0: pending_ = Pending::KbdSet; return reply(kAck);
    case 0xEE: return reply(0xEE);
    case 0xF2:
      reply(kAck);
      reply(0xAB);
      return reply(0x83);
    default: return reply(kResend);
  }
}

void Ps2Controller::reply(std::uint8_t b) { replies_.push_back(b); }

void Ps2Controller::press(Key k, bool ctrl) {
  std::vector<std::uint8_t> codes;
  append_keystroke(codes, keycode_for_key(k), ctrl);
  send_scancodes(codes);
}

void Ps2Controller::press_ctrl(char c) {
  if (auto k = keycode_for_char(c)) {
    std::vector<std::uint8_t> codes;
    append_keystroke(codes, KeyCode{k->make, false, false}, true);
    send_scancodes(codes);
  }
}

void Ps2Controller::send_scancodes(const std::vector<std::uint8_t>& codes) {
  keys_.insert(keys_.end(), codes.begin(), codes.end());
  pump();
}

void Ps2Controller::pump() {
  if (obf_) return;
  if (!replies_.empty()) {
    obf_ = replies_.front();
    replies_.pop_front();
  } else if (!keys_.empty() && scanning_ && !(config_ & kCfgKbdDisabled)) {
    // Keys typed while the port is disabled wait in the keyboard's buffer.
    obf_ = keys_.front();
    keys_.pop_front();
    ++counters_.scancodes;
  } else {
    return;
  }
  if (config_ & kCfgKbdIrq) {
    ++counters_.interrupts;
    irqs_.raise(kIrq);
  }
}

}  // namespace hw
