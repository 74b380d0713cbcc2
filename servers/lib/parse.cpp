#include "lib/parse.h"

namespace lib {

namespace {
int digit_value(char c, unsigned base) {
  int v = -1;
  if (c >= '0' && c <= '9') v = c - '0';
  else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
  return v >= 0 && static_cast<unsigned>(v) < base ? v : -1;
}
}  // namespace

ParseError parse_u64(Str s, uint64_t* out) {
  unsigned base = 10;
  if (s.size > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s = s.tail_from(2);
  }
  if (s.empty()) return ParseError::kEmpty;
  uint64_t v = 0;
  for (char c : s) {
    int d = digit_value(c, base);
    if (d < 0) return ParseError::kBadDigit;
    if (v > (~uint64_t{0} - static_cast<uint64_t>(d)) / base) return ParseError::kOverflow;
    v = v * base + static_cast<uint64_t>(d);
  }
  *out = v;
  return ParseError::kOk;
}

ParseError parse_u64_max(Str s, uint64_t max, uint64_t* out) {
  uint64_t v = 0;
  ParseError e = parse_u64(s, &v);
  if (e != ParseError::kOk) return e;
  if (v > max) return ParseError::kOverflow;
  *out = v;
  return ParseError::kOk;
}

bool parse_bool(Str s, bool* out) {
  static constexpr const char* kTrue[] = {"yes", "true", "on", "1"};
  static constexpr const char* kFalse[] = {"no", "false", "off", "0"};
  for (const char* t : kTrue)
    if (s.equals_nocase(t)) return *out = true, true;
  for (const char* f : kFalse)
    if (s.equals_nocase(f)) return *out = false, true;
  return false;
}

}  // namespace lib
