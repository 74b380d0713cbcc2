// programs/coreutils/regex.h — POSIX basic (and extended) regular
// expressions for grep, matched by backtracking.
//
// BRE: literals, ".", "[...]" (ranges, negation, [:class:]), "*", "^" and
// "$" anchors where POSIX makes them special (start / end of the pattern
// or of a \( \) group or \| branch), \( \) groups, \{m,n\}, back
// references \1..\9, and GNU's \+ \? \| \w \W \s \S. A leading "*" is a
// literal. ERE (-E): the same operators unescaped, plus "+" "?" "|".
// Not done: equivalence classes [= =] and collating symbols [. .]
// (reported as errors), \< \> \b word boundaries.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"

namespace cu {

struct RegexNode;

class Regex {
 public:
  Regex() = default;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // nullptr on success, else GNU's message ("Unmatched ( or \\(").
  const char* compile(lib::Str pattern, bool extended, bool icase);
  // Whether some part of `line` matches.
  bool search(lib::Str line) const;

 private:
  friend struct Matcher;
  friend struct Parser;
  RegexNode* nodes_ = nullptr;  // arena, nodes_[0] is the top alternation
  size_t count_ = 0, cap_ = 0;
  size_t groups_ = 0;
  bool icase_ = false;
  size_t add();
};

}  // namespace cu
