// lib/diagnostics.h — Diagnostics: a bounded list of error and warning
// messages, each prefixed "<file>:<line>: " (or "<file>: " for line 0), so
// parsers and planners can report every problem with its origin.
// Freestanding.
//
//   diag.error("vfs.service", 7).put("unknown Type '").put(v).put("'");
#pragma once

#include <stddef.h>

#include "lib/format.h"
#include "lib/span.h"

namespace lib {

struct Diagnostic {
  static constexpr size_t kTextMax = 192;
  bool error = false;
  char text[kTextMax] = {};

  Str str() const { return Str(text); }
};

class Diagnostics {
 public:
  static constexpr size_t kMax = 32;

  // Start a message; the returned formatter appends to it. Messages beyond
  // kMax are counted but their text is dropped.
  Formatter error(Str file, size_t line);
  Formatter warning(Str file, size_t line);

  size_t size() const { return count_ < kMax ? count_ : kMax; }
  const Diagnostic& operator[](size_t i) const { return items_[i]; }
  size_t errors() const { return errors_; }
  size_t warnings() const { return count_ - errors_; }
  // First error message (empty if none).
  Str first_error() const;
  void clear() { count_ = errors_ = 0; }

 private:
  Formatter begin(bool error, Str file, size_t line);

  Diagnostic items_[kMax];
  Diagnostic overflow_;
  size_t count_ = 0;
  size_t errors_ = 0;
};

}  // namespace lib
