#include "lib/diagnostics.h"

namespace lib {

Formatter Diagnostics::begin(bool error, Str file, size_t line) {
  Diagnostic& d = count_ < kMax ? items_[count_] : overflow_;
  ++count_;
  if (error) ++errors_;
  d.error = error;
  Formatter f(d.text, sizeof d.text);
  f.put(file);
  if (line != 0) f.put(':').dec(line);
  f.put(": ");
  if (!error) f.put("warning: ");
  return f;
}

Formatter Diagnostics::error(Str file, size_t line) { return begin(true, file, line); }
Formatter Diagnostics::warning(Str file, size_t line) { return begin(false, file, line); }

Str Diagnostics::first_error() const {
  for (size_t i = 0; i < size(); ++i)
    if (items_[i].error) return items_[i].str();
  return Str();
}

}  // namespace lib
