// programs/coreutils — uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]: adjacent
// equal lines once (-c with GNU's "%7d " counts; -d only repeated ones, -u
// only unrepeated ones). GNU's messages, status 1.
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

bool same(Str a, Str b, bool icase) {
  if (a.size != b.size) return false;
  for (size_t i = 0; i < a.size; ++i) {
    char x = a[i], y = b[i];
    if (icase) {
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    }
    if (x != y) return false;
  }
  return true;
}

}  // namespace

int uniq_main(Prog& p, int argc, char** argv) {
  bool count = false, dups = false, uniques = false, icase = false;
  Opts o(argc, argv, "cdui");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'c') count = true;
    else if (c == 'd') dups = true;
    else if (c == 'u') uniques = true;
    else if (c == 'i') icase = true;
    else if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  if (o.operand_count() > 2) return p.usage_error2("extra operand", o.operand(2), 1);
  const char* in = o.operand_count() > 0 ? o.operand(0) : "-";
  int fd = Str(in) == Str("-") ? 0 : px::open(in, uapi::kO_RDONLY);
  Buf data;
  int e = fd < 0 ? px::errno_ref() : read_all(fd, &data);
  if (fd > 0) px::close(fd);
  if (e != 0) {
    p.say_errno(e, in);
    return 1;
  }
  int out_fd = 1;
  if (o.operand_count() == 2 && Str(o.operand(1)) != Str("-")) {
    out_fd = px::open(o.operand(1), uapi::kO_WRONLY | uapi::kO_CREAT | uapi::kO_TRUNC, 0666);
    if (out_fd < 0) {
      p.say_errno(px::errno_ref(), o.operand(1));
      return 1;
    }
  }
  Out out(out_fd);
  Lines lines;
  if (!lines.split(data.str())) return 1;
  for (size_t i = 0; i < lines.count;) {
    size_t j = i + 1;
    while (j < lines.count && same(lines.at[i], lines.at[j], icase)) ++j;
    uint64_t n = j - i;
    bool show = (!dups || n > 1) && (!uniques || n == 1);
    if (show) {
      if (count) out.padnum(n, 7).put(' ');
      out.put(lines.at[i]).put('\n');
    }
    i = j;
  }
  out.flush();
  if (out_fd != 1) px::close(out_fd);
  return 0;
}

}  // namespace cu
