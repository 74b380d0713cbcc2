// programs/coreutils/headtail.h — what head and tail share: GNU's count
// syntax (suffixes b k K kB m M MB G GB; a sign), whole-input reads, and
// the "==> name <==" headers.
#pragma once

#include "programs/coreutils/util.h"

namespace cu {

struct Count {
  uint64_t n = 10;
  bool bytes = false;
  char sign = 0;  // '-' (head: all but the last), '+' (tail: from the n-th)
};

// Parses "[+-]N[suffix]"; false when it is not a count.
bool parse_count(Str s, Count* c);

// The whole input of `name` ("-" = stdin) into b; 0 or the errno.
int slurp(const char* name, Buf* b);

// Runs `each(data)` for every operand (stdin without any) with headers as
// GNU prints them (-q / -v, more than one file); the cannot-open message
// and status 1 for files that fail.
template <class Each>
int for_each_input(Prog& p, Opts& o, bool quiet, bool verbose, Each each) {
  int n = o.operand_count();
  int status = 0;
  bool first = true;
  for (int i = 0; i < (n == 0 ? 1 : n); ++i) {
    const char* name = n == 0 ? "-" : o.operand(i);
    Buf data;
    int e = slurp(name, &data);
    if (e != 0) {
      p.say_errno(e, e == 21 ? "error reading " : "cannot open ", Quoted(name), e == 21 ? "" : " for reading");
      status = 1;
      continue;
    }
    if (verbose || (!quiet && n > 1)) {
      if (!first) p.out.put('\n');
      p.out.put("==> ").put(Str(name) == Str("-") ? Str("standard input") : Str(name)).put(" <==\n");
    }
    first = false;
    each(data.str());
    data.release();
  }
  return status;
}

}  // namespace cu
