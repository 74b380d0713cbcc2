// programs/coreutils — wc [-l] [-w] [-c] [-m] [FILE...]: lines, words,
// bytes (-m counts bytes too: the C locale), GNU's column widths (the
// digits of the regular files' total size, at least 7 when an input is not
// a regular file, 1 for a single count of a single input) and "total".
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

struct Counts {
  uint64_t lines = 0, words = 0, bytes = 0;
};

int count_fd(int fd, Counts* c) {
  char buf[1024];
  bool in_word = false;
  for (;;) {
    long n = px::read(fd, buf, sizeof buf);
    if (n < 0) return px::errno_ref();
    if (n == 0) return 0;
    c->bytes += static_cast<uint64_t>(n);
    for (long i = 0; i < n; ++i) {
      char ch = buf[i];
      if (ch == '\n') ++c->lines;
      bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
      if (!space && !in_word) ++c->words;
      in_word = !space;
    }
  }
}

}  // namespace

int wc_main(Prog& p, int argc, char** argv) {
  bool l = false, w = false, c = false;
  Opts o(argc, argv, "lwcm");
  for (int ch; (ch = o.next()) != 0;) {
    if (ch == 'l') l = true;
    else if (ch == 'w') w = true;
    else if (ch == 'c' || ch == 'm') c = true;
    else if (ch == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  if (!l && !w && !c) l = w = c = true;
  int n = o.operand_count();
  int files = n == 0 ? 1 : n;
  // Open everything first: the width depends on the sizes.
  int fds[64];
  bool regular_all = true;
  uint64_t regular_total = 0;
  int first_failed = 0;
  for (int i = 0; i < files && i < 64; ++i) {
    const char* name = n == 0 ? "-" : o.operand(i);
    fds[i] = Str(name) == Str("-") ? 0 : px::open(name, uapi::kO_RDONLY);
    if (fds[i] < 0) {
      fds[i] = -px::errno_ref() - 1;
      if (i == 0) first_failed = 1;
      continue;
    }
    px::Stat st;
    if (px::fstat(fds[i], &st) == 0 && (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFREG)
      regular_total += static_cast<uint64_t>(st.st_size);
    else
      regular_all = false;
  }
  size_t width = 1;
  int kinds = (l ? 1 : 0) + (w ? 1 : 0) + (c ? 1 : 0);
  if (!(kinds == 1 && files == 1) && !first_failed) {
    for (uint64_t t = regular_total; t >= 10; t /= 10) ++width;
    if (!regular_all && width < 7) width = 7;
  }
  Counts total;
  int status = 0;
  auto print = [&](const Counts& k, const char* name) {
    bool first = true;
    auto one = [&](bool on, uint64_t v) {
      if (!on) return;
      if (!first) p.out.put(' ');
      p.out.padnum(v, width);
      first = false;
    };
    one(l, k.lines);
    one(w, k.words);
    one(c, k.bytes);
    if (name != nullptr) p.out.put(' ').put(name);
    p.out.put('\n');
  };
  for (int i = 0; i < files && i < 64; ++i) {
    const char* name = n == 0 ? nullptr : o.operand(i);
    if (fds[i] < 0 && !(fds[i] == 0)) {
      p.say_errno(-(fds[i] + 1), name);
      status = 1;
      continue;
    }
    Counts k;
    int e = count_fd(fds[i], &k);
    if (fds[i] != 0) px::close(fds[i]);
    if (e != 0) {
      p.say_errno(e, name ? name : "standard input");
      status = 1;
      if (e != uapi::kEISDIR) continue;
    }
    total.lines += k.lines;
    total.words += k.words;
    total.bytes += k.bytes;
    print(k, name != nullptr && Str(name) == Str("-") && n == 1 ? "-" : name);
  }
  if (files > 1) print(total, "total");
  return status;
}

}  // namespace cu
