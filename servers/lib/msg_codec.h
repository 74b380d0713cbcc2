// lib/msg_codec.h — the word-level reader and writer the generated protocol
// code (build/<preset>/servers/gen/proto/*.h, from servers/uapi/proto/*.idl)
// packs and unpacks messages with. Hand-written code should not need it: a
// message layout belongs in the protocol's .idl file.
//
// Packing (kernel-abi.md §3.0): one word per scalar; an inline byte string
// is a length word followed by its bytes, 8 per word, little-endian; a
// "tail" is bytes whose length travels in an earlier word. Reading past the
// message gives 0 (a short message reads as zeros, as lib::Request::get).
// Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/inline_string.h"
#include "lib/span.h"

namespace lib {

// Appends words to mr[0..max); *len is the message length so far. Once a
// value does not fit, ok is false and nothing more is written.
struct MsgWriter {
  uint64_t* mr;
  size_t* len;
  size_t max;
  bool ok = true;

  void word(uint64_t v) {
    if (!ok || *len >= max) {
      ok = false;
      return;
    }
    mr[(*len)++] = v;
  }
  // The bytes only (a tail); the length went in an earlier word.
  void bytes(const void* data, size_t n) {
    const auto* p = static_cast<const uint8_t*>(data);
    for (size_t w = 0; w < inline_words(n) && ok; ++w) {
      uint64_t v = 0;
      for (size_t i = 0; i < 8 && 8 * w + i < n; ++i) v |= static_cast<uint64_t>(p[8 * w + i]) << (8 * i);
      word(v);
    }
  }
  // Length word, then the bytes.
  void inline_bytes(const void* data, size_t n) {
    word(n);
    bytes(data, n);
  }
};

// Reads words from a message of `len` MRs, in order.
struct MsgReader {
  const uint64_t* mr;
  size_t len;
  size_t pos = 0;

  uint64_t word() {
    uint64_t v = pos < len ? mr[pos] : 0;
    ++pos;
    return v;
  }
  // n bytes from the next words into out[0..max): false when n > max or the
  // message is too short to hold them.
  bool bytes(size_t n, void* out, size_t max) {
    if (n > max || pos > len || inline_words(n) > len - pos) return false;
    auto* p = static_cast<uint8_t*>(out);
    for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(mr[pos + i / 8] >> (8 * (i % 8)));
    pos += inline_words(n);
    return true;
  }
  // Length word, then the bytes; *n = the length read.
  bool inline_bytes(void* out, size_t max, size_t* n) {
    bool present = pos < len;
    *n = static_cast<size_t>(word());
    return present && bytes(*n, out, max);
  }
};

}  // namespace lib
