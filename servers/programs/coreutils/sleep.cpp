// programs/coreutils — sleep NUMBER[smhd]...: the sum, on the virtual
// clock (SYS_NANOSLEEP). NUMBER may have a fraction ("0.25"). GNU's
// messages, status 1.
#include "programs/coreutils/util.h"
#include "trona/core/syscall.h"

namespace cu {

namespace {

// Nanoseconds of one operand; false when it is not a time interval.
bool interval(Str s, uint64_t* ns) {
  uint64_t whole = 0, frac = 0, scale = 1'000'000'000, unit = 1;
  size_t i = 0;
  bool digits = false;
  for (; i < s.size && s[i] >= '0' && s[i] <= '9'; ++i, digits = true) whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
  if (i < s.size && s[i] == '.') {
    for (++i; i < s.size && s[i] >= '0' && s[i] <= '9'; ++i, digits = true) {
      if (scale > 1) {
        scale /= 10;
        frac += scale * static_cast<uint64_t>(s[i] - '0');
      }
    }
  }
  if (!digits) return false;
  if (i < s.size) {
    switch (s[i++]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      default: return false;
    }
  }
  if (i != s.size || whole > 100'000'000) return false;
  *ns = (whole * 1'000'000'000 + frac) * unit;
  return true;
}

}  // namespace

int sleep_main(Prog& p, int argc, char** argv) {
  int first = 1;
  if (argc > 1 && Str(argv[1]) == Str("--")) first = 2;
  if (first >= argc) return p.usage_error("missing operand", 1);
  uint64_t total = 0;
  bool bad = false;
  for (int i = first; i < argc; ++i) {
    uint64_t ns = 0;
    if (argv[i][0] == '-' && argv[i][1] == '-' && i == 1) return p.bad_long_option(argv[i], 1);
    if (argv[i][0] == '-' && argv[i][1] != '\0' && !(argv[i][1] >= '0' && argv[i][1] <= '9') && argv[i][1] != '.')
      return p.bad_option(argv[i][1], 1);
    if (!interval(Str(argv[i]), &ns)) {
      p.say("invalid time interval ", Quoted(argv[i]));
      bad = true;
      continue;
    }
    total += ns;
  }
  if (bad) {
    p.err.put("Try 'sleep --help' for more information.\n");
    return 1;
  }
  trona::nanosleep(total);
  return 0;
}

}  // namespace cu
