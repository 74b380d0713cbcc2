// programs/coreutils — true, false, yes.
#include "programs/coreutils/util.h"

namespace cu {

int true_main(Prog&, int, char**) { return 0; }
int false_main(Prog&, int, char**) { return 1; }

// yes [STRING...]: the operands joined by spaces (default "y"), forever;
// ends when the reader goes (SIGPIPE, or a write error).
int yes_main(Prog& p, int argc, char** argv) {
  int first = 1;
  if (argc > 1 && Str(argv[1]) == Str("--")) first = 2;
  // GNU's yes takes only --help/--version: other options are errors.
  if (first == 1 && argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
    if (argv[1][1] == '-') return p.bad_long_option(argv[1], 1);
    return p.bad_option(argv[1][1], 1);
  }
  Buf line;
  if (first >= argc) line.append("y");
  for (int i = first; i < argc; ++i) {
    if (i > first) line.push(' ');
    line.append(argv[i]);
  }
  line.push('\n');
  for (;;) {
    p.out.put(line.str());
    if (p.out.failed()) {
      p.say_errno(p.out.error(), "standard output");
      return 1;
    }
  }
}

}  // namespace cu
