// lib/inline_string.h — strings packed inline in message registers
// (kernel-abi.md §3.0 "pack_path"): MR[k] = byte length, the bytes start at
// MR[k+1], little-endian, 8 per word, no NUL. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"

namespace lib {

// Words MR[k+1..] a string of `len` bytes occupies.
constexpr size_t inline_words(size_t len) { return (len + 7) / 8; }

// Writes s at mr[k] (length) and mr[k+1..]. Returns the message length
// k + 1 + inline_words(s.size), or 0 if it does not fit in `mr_count` MRs.
size_t pack_inline(uint64_t* mr, size_t mr_count, size_t k, Str s);

enum class UnpackError : uint8_t { kOk, kTooLong, kTruncated };

// Reads the string at mr[k] from a message of `length` MRs into out[0..max)
// (not NUL-terminated; *out_len = bytes). kTooLong: the declared length is
// > max; kTruncated: the message is shorter than the declared length needs.
UnpackError unpack_inline(const uint64_t* mr, size_t length, size_t k, char* out, size_t max, size_t* out_len);

}  // namespace lib
