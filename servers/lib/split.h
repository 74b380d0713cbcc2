// lib/split.h — iterate the fields of a Str separated by a delimiter
// (split_at) or by runs of white space (Words). Freestanding, header-only.
#pragma once

#include "lib/span.h"

namespace lib {

// Splits `s` at the first `sep`: before -> *left, after -> *right. Returns
// false (and *left = s, *right = empty) if there is no `sep`.
constexpr bool split_at(Str s, char sep, Str* left, Str* right) {
  size_t i = s.find(sep);
  if (i == Str::npos) {
    *left = s;
    *right = Str();
    return false;
  }
  *left = s.head(i);
  *right = s.tail_from(i + 1);
  return true;
}

// Fields separated by white space (and, if `comma` is set, commas); empty
// fields are skipped.
//   Words w(text); for (Str f; w.next(&f);) ...
class Words {
 public:
  constexpr explicit Words(Str s, bool comma = false) : s_(s), comma_(comma) {}

  constexpr bool next(Str* field) {
    while (pos_ < s_.size && is_sep(s_[pos_])) ++pos_;
    if (pos_ >= s_.size) return false;
    size_t b = pos_;
    while (pos_ < s_.size && !is_sep(s_[pos_])) ++pos_;
    *field = s_.sub(b, pos_ - b);
    return true;
  }

 private:
  constexpr bool is_sep(char c) const { return is_space(c) || (comma_ && c == ','); }
  Str s_;
  bool comma_;
  size_t pos_ = 0;
};

// Lines of a text (LF or CRLF); the terminator is not part of the line.
class Lines {
 public:
  constexpr explicit Lines(Str s) : s_(s) {}
  constexpr bool next(Str* line) {
    if (pos_ >= s_.size) return false;
    size_t e = s_.find('\n', pos_);
    if (e == Str::npos) e = s_.size;
    Str l = s_.sub(pos_, e - pos_);
    if (!l.empty() && l[l.size - 1] == '\r') l = l.head(l.size - 1);
    pos_ = e + 1;
    ++number_;
    *line = l;
    return true;
  }
  // 1-based number of the line last returned.
  constexpr size_t number() const { return number_; }

 private:
  Str s_;
  size_t pos_ = 0;
  size_t number_ = 0;
};

}  // namespace lib
