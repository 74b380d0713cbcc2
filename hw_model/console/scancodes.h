// PC keyboard scan code set 1 (what an i8042 delivers with translation on):
// make codes, break = make | 0x80, 0xE0 prefix for extended keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hw {

enum class Key { Escape, Enter, Backspace, Tab, Up, Down, Left, Right, Home, End, Delete, F1 };

struct KeyCode {
  std::uint8_t make = 0;
  bool shift = false;     // needs Left Shift held
  bool extended = false;  // 0xE0 prefix
};

constexpr std::uint8_t kScanLeftShift = 0x2A;
constexpr std::uint8_t kScanLeftCtrl = 0x1D;
constexpr std::uint8_t kScanBreak = 0x80;
constexpr std::uint8_t kScanExtended = 0xE0;

std::optional<KeyCode> keycode_for_char(char c);
KeyCode keycode_for_key(Key k);

// Press and release of one key (with Shift / Ctrl around it when asked).
void append_keystroke(std::vector<std::uint8_t>& out, const KeyCode& k, bool ctrl = false);
// Scan codes typing `text`; characters with no key are skipped.
std::vector<std::uint8_t> scancodes_for_text(std::string_view text);

}  // namespace hw
