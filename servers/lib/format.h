// lib/format.h — Formatter: builds a short message in a caller's buffer
// (always NUL-terminated; output past the end is dropped and truncated()
// says so). Freestanding.
//
//   char buf[128];
//   lib::Formatter f(buf, sizeof buf);
//   f.put("vfs.service:").dec(7).put(": unknown Type '").put(value).put("'");
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"

namespace lib {

class Formatter {
 public:
  Formatter(char* buf, size_t cap);

  Formatter& put(Str s);
  Formatter& put(char c);
  Formatter& dec(uint64_t v);
  Formatter& hex(uint64_t v);  // 0x-prefixed, lower case

  Str str() const { return Str(buf_, len_); }
  size_t size() const { return len_; }
  bool truncated() const { return truncated_; }

 private:
  char* buf_;
  size_t cap_;
  size_t len_ = 0;
  bool truncated_ = false;
};

}  // namespace lib
