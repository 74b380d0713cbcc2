// programs/coreutils — uname [-a] [-s] [-n] [-r] [-v] [-m] [-p] [-i] [-o]:
// the system's names, in GNU's fixed order. kernel name "SaltyOS",
// release "0.1", version "#1 era-B", machine, processor and hardware
// platform "x86_64" (known, so -a shows them, as GNU does), operating system
// "SaltyOS"; the node name is the first line of /etc/hostname, else
// "saltyos" (the OS has no sethostname).
#include "programs/coreutils/util.h"
#include "trona/posix/file.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

int uname_main(Prog& p, int argc, char** argv) {
  enum : unsigned { kS = 1, kN = 2, kR = 4, kV = 8, kM = 16, kP = 32, kI = 64, kO = 128 };
  unsigned want = 0;
  Opts o(argc, argv, "asnrvmpio");
  for (int c; (c = o.next()) != 0;) {
    switch (c) {
      case 'a': want |= kS | kN | kR | kV | kM | kP | kI | kO; break;
      case 's': want |= kS; break;
      case 'n': want |= kN; break;
      case 'r': want |= kR; break;
      case 'v': want |= kV; break;
      case 'm': want |= kM; break;
      case 'p': want |= kP; break;
      case 'i': want |= kI; break;
      case 'o': want |= kO; break;
      case Opts::kLong: return p.bad_long_option(o.long_opt(), 1);
      default: return p.bad_option(o.bad(), 1);
    }
  }
  if (o.operand_count() > 0) return p.usage_error2("extra operand", o.operand(0), 1);
  if (want == 0) want = kS;
  char host[65] = "saltyos";
  int fd = px::open("/etc/hostname", uapi::kO_RDONLY);
  if (fd >= 0) {
    char buf[65] = {};
    long n = px::read(fd, buf, sizeof buf - 1);
    px::close(fd);
    size_t len = 0;
    while (n > 0 && len < static_cast<size_t>(n) && buf[len] != '\n') ++len;
    if (len > 0) {
      for (size_t i = 0; i < len; ++i) host[i] = buf[i];
      host[len] = '\0';
    }
  }
  const char* fields[8] = {"SaltyOS", host, "0.1", "#1 era-B", "x86_64", "x86_64", "x86_64", "SaltyOS"};
  bool first = true;
  for (unsigned i = 0; i < 8; ++i) {
    if (!(want & (1u << i))) continue;
    if (!first) p.out.put(' ');
    p.out.put(fields[i]);
    first = false;
  }
  p.out.put('\n');
  return 0;
}

}  // namespace cu
