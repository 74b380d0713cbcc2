// programs/coreutils — head and tail (-n, -c, the legacy -N / +N forms).
#include "programs/coreutils/headtail.h"

#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

bool parse_count(Str s, Count* c) {
  c->sign = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    c->sign = s[0];
    s = s.tail_from(1);
  }
  size_t i = 0;
  uint64_t v = 0;
  for (; i < s.size && s[i] >= '0' && s[i] <= '9'; ++i) v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  if (i == 0) return false;
  Str suf = s.tail_from(i);
  uint64_t mult = 1;
  if (suf.empty()) mult = 1;
  else if (suf == Str("b")) mult = 512;
  else if (suf == Str("k") || suf == Str("K") || suf == Str("KiB")) mult = 1024;
  else if (suf == Str("kB") || suf == Str("KB")) mult = 1000;
  else if (suf == Str("m") || suf == Str("M") || suf == Str("MiB")) mult = 1024 * 1024;
  else if (suf == Str("MB")) mult = 1000 * 1000;
  else if (suf == Str("G") || suf == Str("GiB")) mult = 1024ull * 1024 * 1024;
  else if (suf == Str("GB")) mult = 1000ull * 1000 * 1000;
  else return false;
  c->n = v * mult;
  return true;
}

int slurp(const char* name, Buf* b) {
  bool is_stdin = Str(name) == Str("-");
  int fd = is_stdin ? 0 : px::open(name, uapi::kO_RDONLY);
  if (fd < 0) return px::errno_ref();
  int e = read_all(fd, b);
  if (!is_stdin) px::close(fd);
  return e;
}

namespace {

// Options of head and tail; the legacy first operand (-5, +3 for tail).
int parse_options(Prog& p, int argc, char** argv, bool tail, Count* c, bool* quiet, bool* verbose, Opts** out,
                  Opts* storage) {
  int skip = 0;
  if (argc > 1) {
    Str a(argv[1]);
    Count legacy;
    bool digits = a.size > 1 && a[1] >= '0' && a[1] <= '9';
    if (digits && (a[0] == '-' || (tail && a[0] == '+')) && parse_count(a.tail_from(1), &legacy)) {
      c->n = legacy.n;
      c->sign = a[0] == '+' ? '+' : 0;
      skip = 1;
    }
  }
  // Opts over argv without the legacy operand.
  char** args = argv + skip;
  *storage = Opts(argc - skip, args, "n:c:qv");
  Opts& o = *storage;
  for (int ch; (ch = o.next()) != 0;) {
    if (ch == 'n' || ch == 'c') {
      if (!parse_count(Str(o.arg()), c) || (c->sign == '+' && !tail && false)) {
        p.say(ch == 'n' ? "invalid number of lines: " : "invalid number of bytes: ", Quoted(o.arg()));
        return 1;
      }
      c->bytes = ch == 'c';
      if (!tail && c->sign == '+') c->sign = 0;
      if (tail && c->sign == '-') c->sign = 0;
    } else if (ch == 'q') {
      *quiet = true;
      *verbose = false;
    } else if (ch == 'v') {
      *verbose = true;
      *quiet = false;
    } else if (ch == ':') {
      return p.missing_arg(o.bad(), 1);
    } else if (ch == Opts::kLong) {
      return p.bad_long_option(o.long_opt(), 1);
    } else {
      return p.bad_option(o.bad(), 1);
    }
  }
  *out = &o;
  return 0;
}

// Offset of the start of line k (0-based) of data, or data.size.
size_t line_start(Str data, uint64_t k) {
  size_t i = 0;
  for (uint64_t seen = 0; seen < k && i < data.size; ++i)
    if (data[i] == '\n') ++seen;
  return i;
}

uint64_t line_count(Str data) {
  uint64_t n = 0;
  for (char ch : data) n += ch == '\n';
  if (!data.empty() && data[data.size - 1] != '\n') ++n;
  return n;
}

}  // namespace

int head_main(Prog& p, int argc, char** argv) {
  Count c;
  bool quiet = false, verbose = false;
  Opts storage(0, nullptr, "");
  Opts* o = nullptr;
  if (int st = parse_options(p, argc, argv, false, &c, &quiet, &verbose, &o, &storage)) return st;
  return for_each_input(p, *o, quiet, verbose, [&](Str data) {
    size_t end;
    if (c.bytes) {
      end = c.sign == '-' ? (c.n >= data.size ? 0 : data.size - c.n) : (c.n < data.size ? c.n : data.size);
    } else if (c.sign == '-') {
      uint64_t total = line_count(data);
      end = c.n >= total ? 0 : line_start(data, total - c.n);
    } else {
      end = line_start(data, c.n);
    }
    p.out.put(data.head(end));
  });
}

int tail_main(Prog& p, int argc, char** argv) {
  Count c;
  bool quiet = false, verbose = false;
  Opts storage(0, nullptr, "");
  Opts* o = nullptr;
  if (int st = parse_options(p, argc, argv, true, &c, &quiet, &verbose, &o, &storage)) return st;
  return for_each_input(p, *o, quiet, verbose, [&](Str data) {
    size_t start;
    if (c.bytes) {
      if (c.sign == '+') start = c.n == 0 ? 0 : (c.n - 1 < data.size ? c.n - 1 : data.size);
      else start = c.n >= data.size ? 0 : data.size - c.n;
    } else if (c.sign == '+') {
      start = line_start(data, c.n == 0 ? 0 : c.n - 1);
    } else {
      uint64_t total = line_count(data);
      start = c.n >= total ? 0 : line_start(data, total - c.n);
    }
    p.out.put(data.tail_from(start));
  });
}

}  // namespace cu
