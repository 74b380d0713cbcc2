// lib/proto_shape.h — what the generated protocol code (proto/<p>.h, from
// servers/uapi/proto/*.idl) says about each label, for the generated
// malformed-message sweep and for tools: whether it has a wire format, the
// words and caps a well-formed request has. Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace proto {

struct Shape {
  uint64_t label;
  const char* name;
  bool has_layout;      // false: defined, no wire format yet (answered INVALID_OPERATION)
  bool idempotent;      // resent after INTERRUPTED
  size_t min_words;     // words of a well-formed request with empty strings
  size_t max_words;     // most words a well-formed request may have (32: unbounded by its fields)
  size_t caps;          // caps the request must carry
  size_t optional_caps; // caps it may carry
  size_t reply_caps;    // caps a success reply carries
  bool variable;        // has strings, tails or counted words (length words to corrupt)
};

struct Protocol {
  const char* name;
  const Shape* shapes;
  size_t count;
};

}  // namespace proto
