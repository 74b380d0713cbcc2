#include "hw_model/console/scancodes.h"

#include <cctype>
#include <cstring>

namespace hw {

namespace {
// Unshifted and shifted characters of the main block, indexed by make code.
constexpr const char* kPlain =
    "\0\x1b"
    "1234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
constexpr const char* kShifted =
    "\0\x1b"
    "!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";
constexpr std::size_t kTableLen = 0x3A;  // up to and including Space (0x39)
}  // namespace

std::optional<KeyCode> keycode_for_char(char c) {
  if (c == '\0') return std::nullopt;
  if (c == '\r') c = '\n';
  for (std::size_t i = 1; i < kTableLen; ++i) {
    if (kPlain[i] == c) return KeyCode{static_cast<std::uint8_t>(i), false, false};
    if (kShifted[i] == c) return KeyCode{static_cast<std::uint8_t>(i), true, false};
  }
  return std::nullopt;
}

KeyCode keycode_for_key(Key k) {
  switch (k) {
    case Key::Escape: return {0x01, false, false};
    case Key::Enter: return {0x1C, false, false};
    case Key::Backspace: return {0x0E, false, false};
    case Key::Tab: return {0x0F, false, false};
    case Key::F1: return {0x3B, false, false};
    case Key::Up: return {0x48, false, true};
    case Key::Down: return {0x50, false, true};
    case Key::Left: return {0x4B, false, true};
    case Key::Right: return {0x4D, false, true};
    case Key::Home: return {0x47, false, true};
    case Key::End: return {0x4F, false, true};
    case Key::Delete: return {0x53, false, true};
  }
  return {};
}

void append_keystroke(std::vector<std::uint8_t>& out, const KeyCode& k, bool ctrl) {
  if (ctrl) out.push_back(kScanLeftCtrl);
  if (k.shift) out.push_back(kScanLeftShift);
  if (k.extended) out.push_back(kScanExtended);
  out.push_back(k.make);
  if (k.extended) out.push_back(kScanExtended);
  out.push_back(static_cast<std::uint8_t>(k.make | kScanBreak));
  if (k.shift) out.push_back(kScanLeftShift | kScanBreak);
  if (ctrl) out.push_back(kScanLeftCtrl | kScanBreak);
}

std::vector<std::uint8_t> scancodes_for_text(std::string_view text) {
  std::vector<std::uint8_t> out;
  for (char c : text)
    if (auto k = keycode_for_char(c)) append_keystroke(out, *k);
  return out;
}

}  // namespace hw
