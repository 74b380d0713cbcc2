// lib/parse.h — number and boolean parsing with overflow checks.
// Freestanding; errors are return values.
#pragma once

#include <stdint.h>

#include "lib/span.h"

namespace lib {

enum class ParseError : uint8_t { kOk, kEmpty, kBadDigit, kOverflow };

// Unsigned integer: decimal, or hexadecimal with a 0x/0X prefix. The whole
// of `s` must be the number (no sign, no spaces).
ParseError parse_u64(Str s, uint64_t* out);
// Like parse_u64, and the value must be <= max (else kOverflow).
ParseError parse_u64_max(Str s, uint64_t max, uint64_t* out);

// yes/no, true/false, on/off, 1/0 (ASCII case-insensitive).
bool parse_bool(Str s, bool* out);

}  // namespace lib
