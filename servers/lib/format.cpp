#include "lib/format.h"

namespace lib {

Formatter::Formatter(char* buf, size_t cap) : buf_(buf), cap_(cap) {
  if (cap_ > 0) buf_[0] = '\0';
}

Formatter& Formatter::put(char c) {
  if (len_ + 1 < cap_) {
    buf_[len_++] = c;
    buf_[len_] = '\0';
  } else {
    truncated_ = true;
  }
  return *this;
}

Formatter& Formatter::put(Str s) {
  for (char c : s) put(c);
  return *this;
}

Formatter& Formatter::dec(uint64_t v) {
  char tmp[20];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) put(tmp[--n]);
  return *this;
}

Formatter& Formatter::hex(uint64_t v) {
  put("0x");
  char tmp[16];
  size_t n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 0xF];
    v >>= 4;
  } while (v != 0);
  while (n > 0) put(tmp[--n]);
  return *this;
}

}  // namespace lib
