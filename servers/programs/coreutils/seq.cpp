// programs/coreutils — seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST: the
// numbers from FIRST (1) by INCREMENT (1) up to LAST (down when the
// increment is negative). Decimal operands are exact: every number is
// printed with as many decimals as the most precise operand, as GNU does
// for plain decimals (exponents and -f formats are not done). -w pads with
// zeros to equal width. GNU's messages, status 1.
#include "programs/coreutils/util.h"

namespace cu {

namespace {

struct Fixed {
  int64_t v = 0;  // value * 10^decimals
  int decimals = 0;
};

bool parse_fixed(Str s, Fixed* f) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  int64_t v = 0;
  bool digits = false;
  for (; i < s.size && s[i] >= '0' && s[i] <= '9'; ++i, digits = true) v = v * 10 + (s[i] - '0');
  int dec = 0;
  if (i < s.size && s[i] == '.') {
    for (++i; i < s.size && s[i] >= '0' && s[i] <= '9'; ++i, ++dec, digits = true) v = v * 10 + (s[i] - '0');
  }
  if (!digits || i != s.size || dec > 9 || v > (int64_t{1} << 53)) return false;
  f->v = neg ? -v : v;
  f->decimals = dec;
  return true;
}

int64_t scale_to(const Fixed& f, int decimals) {
  int64_t v = f.v;
  for (int d = f.decimals; d < decimals; ++d) v *= 10;
  return v;
}

size_t format(int64_t v, int decimals, char* out) {
  size_t n = 0;
  uint64_t a = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  char digits[32];
  size_t k = utoa(a, digits);
  if (v < 0) out[n++] = '-';
  size_t int_len = k > static_cast<size_t>(decimals) ? k - static_cast<size_t>(decimals) : 0;
  if (int_len == 0) out[n++] = '0';
  for (size_t i = 0; i < int_len; ++i) out[n++] = digits[i];
  if (decimals > 0) {
    out[n++] = '.';
    for (size_t pad = k; pad < static_cast<size_t>(decimals); ++pad) out[n++] = '0';
    for (size_t i = int_len; i < k; ++i) out[n++] = digits[i];
  }
  return n;
}

}  // namespace

int seq_main(Prog& p, int argc, char** argv) {
  Str sep("\n");
  bool equal_width = false;
  const char* ops[3];
  int nops = 0;
  for (int i = 1; i < argc; ++i) {
    Str a(argv[i]);
    bool numberish = a.size > 1 && a[0] == '-' && ((a[1] >= '0' && a[1] <= '9') || a[1] == '.');
    if (a.size > 1 && a[0] == '-' && !numberish && nops == 0) {
      if (a == Str("--")) continue;
      if (a == Str("-w")) {
        equal_width = true;
      } else if (a == Str("-s")) {
        if (i + 1 >= argc) return p.missing_arg('s', 1);
        sep = Str(argv[++i]);
      } else if (a.starts_with("-s")) {
        sep = a.tail_from(2);
      } else if (a.starts_with("--")) {
        return p.bad_long_option(argv[i], 1);
      } else {
        return p.bad_option(a[1], 1);
      }
      continue;
    }
    if (nops == 3) return p.usage_error2("extra operand", argv[i], 1);
    ops[nops++] = argv[i];
  }
  if (nops == 0) return p.usage_error("missing operand", 1);
  Fixed f[3];
  for (int i = 0; i < nops; ++i)
    if (!parse_fixed(Str(ops[i]), &f[i])) {
      p.say("invalid floating point argument: ", Quoted(ops[i]));
      p.err.put("Try 'seq --help' for more information.\n");
      return 1;
    }
  Fixed first{1, 0}, inc{1, 0}, last = f[nops - 1];
  if (nops >= 2) first = f[0];
  if (nops == 3) inc = f[1];
  if (inc.v == 0) {
    p.say("invalid Zero increment value: ", Quoted(ops[1]));
    p.err.put("Try 'seq --help' for more information.\n");
    return 1;
  }
  // GNU prints with the precision of FIRST and INCREMENT (LAST only bounds).
  int dec = first.decimals > inc.decimals ? first.decimals : inc.decimals;
  int cmp_dec = dec > last.decimals ? dec : last.decimals;
  int64_t a = scale_to(first, cmp_dec), step = scale_to(inc, cmp_dec), end = scale_to(last, cmp_dec);
  int64_t shrink = 1;
  for (int d = dec; d < cmp_dec; ++d) shrink *= 10;
  size_t width = 0;
  if (equal_width) {
    char b[48];
    size_t w1 = format(a / shrink, dec, b), w2 = format(end / shrink, dec, b);
    width = w1 > w2 ? w1 : w2;
  }
  bool any = false;
  for (int64_t v = a; step > 0 ? v <= end : v >= end; v += step) {
    if (any) p.out.put(sep);
    char b[48];
    size_t n = format(v / shrink, dec, b);
    if (equal_width && n < width) {
      size_t pad = width - n;
      if (b[0] == '-') {
        p.out.put('-');
        for (size_t k = 0; k < pad; ++k) p.out.put('0');
        p.out.put(Str(b + 1, n - 1));
      } else {
        for (size_t k = 0; k < pad; ++k) p.out.put('0');
        p.out.put(Str(b, n));
      }
    } else {
      p.out.put(Str(b, n));
    }
    any = true;
    if (p.out.failed()) return 1;
  }
  if (any) p.out.put('\n');
  return 0;
}

}  // namespace cu
