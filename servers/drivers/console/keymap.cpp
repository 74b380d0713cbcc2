#include "drivers/console/keymap.h"

namespace console {

namespace {

constexpr uint8_t kBreak = 0x80;
constexpr uint8_t kExtended = 0xE0;
constexpr uint8_t kLeftShift = 0x2A, kRightShift = 0x36, kCtrl = 0x1D, kCapsLock = 0x3A;

// Make codes 0x00..0x39, unshifted and shifted; 0 = no character.
constexpr char kPlain[0x3A] = {
    0,    0x1B, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0x7F, '\t',
    'q',  'w',  'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0,  'a',  's',
    'd',  'f',  'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,  '\\', 'z', 'x', 'c', 'v',
    'b',  'n',  'm', ',', '.', '/', 0,   '*', 0,   ' '};
constexpr char kShifted[0x3A] = {
    0,    0x1B, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 0x7F, '\t',
    'Q',  'W',  'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0,  'A',  'S',
    'D',  'F',  'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,   '|', 'Z', 'X', 'C', 'V',
    'B',  'N',  'M', '<', '>', '?', 0,   '*', 0,   ' '};

size_t put(char* out, const char* s) {
  size_t n = 0;
  while (s[n]) {
    out[n] = s[n];
    ++n;
  }
  return n;
}

// E0-prefixed keys that send something.
size_t extended_key(uint8_t make, char* out) {
  switch (make) {
    case 0x48: return put(out, "\x1b[A");  // up
    case 0x50: return put(out, "\x1b[B");  // down
    case 0x4D: return put(out, "\x1b[C");  // right
    case 0x4B: return put(out, "\x1b[D");  // left
    case 0x47: return put(out, "\x1b[H");  // home
    case 0x4F: return put(out, "\x1b[F");  // end
    case 0x53: return put(out, "\x1b[3~");  // delete
    case 0x1C: out[0] = '\r'; return 1;    // keypad enter
    case 0x35: out[0] = '/'; return 1;     // keypad slash
    default: return 0;
  }
}

}  // namespace

size_t Keymap::feed(uint8_t code, char* out) {
  if (code == kExtended) {
    extended_ = true;
    return 0;
  }
  const bool extended = extended_;
  extended_ = false;
  const bool release = code & kBreak;
  const uint8_t make = code & ~kBreak;
  // Modifiers (both Ctrl keys: 0x1D, the right one with E0).
  if (make == kCtrl) {
    ctrl_ = !release;
    return 0;
  }
  if (!extended && make == kLeftShift) {
    shift_l_ = !release;
    return 0;
  }
  if (!extended && make == kRightShift) {
    shift_r_ = !release;
    return 0;
  }
  if (release) return 0;
  if (extended) return extended_key(make, out);
  if (make == kCapsLock) {
    caps_ = !caps_;
    return 0;
  }
  if (make >= sizeof kPlain) return 0;  // F keys, keypad: nothing yet
  const bool shift = shift_l_ || shift_r_;
  char c = shift ? kShifted[make] : kPlain[make];
  if (c == 0) return 0;
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (letter && caps_) c = static_cast<char>(c ^ 0x20);  // Caps Lock swaps the case of letters only
  if (ctrl_) {
    if (letter) c = static_cast<char>(c & 0x1F);
    else if (c == ' ' || c == '@' || c == '2') c = 0;  // ^@
    else if (c >= '[' && c <= '_') c = static_cast<char>(c & 0x1F);  // ^[ ^\ ^] ^^ ^_
    else if (c == '/') c = 0x1F;
    else if (c == '?' || c == 0x7F) c = 0x7F;
  }
  out[0] = c;
  return 1;
}

}  // namespace console
