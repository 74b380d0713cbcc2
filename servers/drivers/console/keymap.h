// drivers/console/keymap.h — PS/2 scan code set 1 (what the i8042 delivers
// with translation on) to the bytes a terminal sends: US layout, Shift,
// Ctrl (Ctrl+letter = 0x01..0x1A), Caps Lock, Enter as CR, Backspace as
// DEL (0x7F, as the Linux console), the arrows / Home / End / Delete as
// VT100 escape sequences. Pure state machine. Freestanding.
//
//   console::Keymap km;
//   char out[8];
//   size_t n = km.feed(0x1E, out);   // 'a' pressed → "a"
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace console {

class Keymap {
 public:
  static constexpr size_t kMaxOut = 4;  // the longest sequence one scan code gives ("\x1b[3~")
  // One byte from the keyboard; the bytes it makes (0 for modifiers,
  // releases and prefixes) go to out[0..return).
  size_t feed(uint8_t scancode, char* out);

 private:
  bool extended_ = false;
  bool shift_l_ = false, shift_r_ = false, ctrl_ = false, caps_ = false;
};

}  // namespace console
