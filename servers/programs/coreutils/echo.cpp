// programs/coreutils — echo [-neE] [STRING...], as GNU echo: options are
// only recognised before the first operand and only when every letter is
// one of n, e, E ("-nx" is printed); "--" is an operand.
#include "programs/coreutils/util.h"

namespace cu {

int echo_main(Prog& p, int argc, char** argv) {
  bool newline = true, escapes = false;
  int i = 1;
  for (; i < argc; ++i) {
    Str a(argv[i]);
    if (a.size < 2 || a[0] != '-') break;
    bool all = true;
    for (size_t j = 1; j < a.size; ++j)
      if (a[j] != 'n' && a[j] != 'e' && a[j] != 'E') all = false;
    if (!all) break;
    for (size_t j = 1; j < a.size; ++j) {
      if (a[j] == 'n') newline = false;
      if (a[j] == 'e') escapes = true;
      if (a[j] == 'E') escapes = false;
    }
  }
  for (int first = i; i < argc; ++i) {
    if (i > first) p.out.put(' ');
    Str a(argv[i]);
    if (!escapes) {
      p.out.put(a);
      continue;
    }
    bool stop = false;
    for (size_t j = 0; j < a.size && !stop;) {
      if (a[j] == '\\') {
        j = put_escape(p.out, a, j, true, &stop);
      } else {
        p.out.put(a[j++]);
      }
    }
    if (stop) return 0;
  }
  if (newline) p.out.put('\n');
  p.out.flush();
  if (p.out.failed()) {
    p.say_errno(p.out.error(), "write error");
    return 1;
  }
  return 0;
}

}  // namespace cu
