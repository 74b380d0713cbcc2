// programs/coreutils — printf FORMAT [ARGUMENT...], as GNU printf: the
// format is reused while arguments remain; %d %i %o %u %x %X %c %s %b %f
// %% with the flags "-+ #0", widths and precisions (also "*"); numeric
// arguments in C syntax (0x.., 0.., 'c); a bad one is reported, counts as
// what was converted so far, and makes the status 1. Not done: %e %g %a
// (reported as invalid conversions) and \u escapes.
#include "programs/coreutils/util.h"

namespace cu {

namespace {

struct Spec {
  bool minus = false, plus = false, space = false, hash = false, zero = false;
  int width = -1, prec = -1;
};

struct Printer {
  Prog& p;
  char** args;
  int nargs;
  int used = 0;
  int status = 0;
  bool stop = false;

  const char* next_arg() { return used < nargs ? args[used++] : nullptr; }

  // The numeric value of an argument (strtoimax + GNU's checks).
  int64_t number(const char* a, bool* is_unsigned_neg = nullptr) {
    if (a == nullptr) return 0;
    Str s(a);
    if (is_unsigned_neg) *is_unsigned_neg = false;
    if (s.size >= 2 && (s[0] == '\'' || s[0] == '"')) return static_cast<unsigned char>(s[1]);
    size_t i = 0;
    while (i < s.size && (s[i] == ' ' || s[i] == '\t')) ++i;
    bool neg = false;
    if (i < s.size && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    uint64_t base = 10;
    if (i + 1 < s.size && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
      base = 16;
      i += 2;
    } else if (i < s.size && s[i] == '0') {
      base = 8;
    }
    uint64_t v = 0;
    size_t start = i;
    for (; i < s.size; ++i) {
      char c = s[i];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
      if (static_cast<uint64_t>(d) >= base) break;
      v = v * base + static_cast<uint64_t>(d);
    }
    if (i == start && !(base == 8)) {
      p.say(Quoted(s), ": expected a numeric value");
      status = 1;
    } else if (i < s.size) {
      p.say(Quoted(s), ": value not completely converted");
      status = 1;
    }
    if (is_unsigned_neg) *is_unsigned_neg = neg;
    return neg ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  }

  // A decimal fraction argument as value * 10^prec, rounded (for %f).
  bool fixed(const char* a, int prec, bool* neg, uint64_t* ip, uint64_t* frac) {
    *neg = false;
    *ip = 0;
    *frac = 0;
    if (a == nullptr) return true;
    Str s(a);
    size_t i = 0;
    while (i < s.size && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i < s.size && (s[i] == '-' || s[i] == '+')) *neg = s[i++] == '-';
    size_t start = i;
    while (i < s.size && s[i] >= '0' && s[i] <= '9') *ip = *ip * 10 + static_cast<uint64_t>(s[i++] - '0');
    uint64_t scale = 1;
    for (int k = 0; k < prec; ++k) scale *= 10;
    if (i < s.size && s[i] == '.') {
      ++i;
      uint64_t f = 0, place = scale;
      int first_dropped = -1;  // the digit after the precision
      bool rest_nonzero = false;
      for (int k = 0; i < s.size && s[i] >= '0' && s[i] <= '9'; ++i, ++k) {
        if (k < prec) {
          place /= 10;
          f += place * static_cast<uint64_t>(s[i] - '0');
        } else if (k == prec) {
          first_dropped = s[i] - '0';
        } else if (s[i] != '0') {
          rest_nonzero = true;
        }
      }
      // Round half to even, as glibc's printf does for exact halves.
      uint64_t last = prec > 0 ? f % 10 : *ip % 10;
      bool round_up = first_dropped > 5 || (first_dropped == 5 && (rest_nonzero || last % 2 == 1));
      if (round_up && ++f == scale) {
        f = 0;
        ++*ip;
      }
      *frac = f;
    }
    if (i == start || i < s.size) {
      p.say(Quoted(s), i == start ? ": expected a numeric value" : ": value not completely converted");
      status = 1;
    }
    return true;
  }

  void pad_out(Str body, const Spec& sp, Str prefix = Str(), bool numeric = false) {
    size_t len = body.size + prefix.size;
    size_t w = sp.width > 0 ? static_cast<size_t>(sp.width) : 0;
    if (sp.minus) {
      p.out.put(prefix).put(body);
      for (size_t i = len; i < w; ++i) p.out.put(' ');
    } else if (sp.zero && numeric) {
      p.out.put(prefix);
      for (size_t i = len; i < w; ++i) p.out.put('0');
      p.out.put(body);
    } else {
      for (size_t i = len; i < w; ++i) p.out.put(' ');
      p.out.put(prefix).put(body);
    }
  }

  void integer(char conv, const Spec& sp0, const char* a) {
    Spec sp = sp0;
    bool neg = false;
    int64_t sv = number(a, &neg);
    uint64_t v;
    bool is_signed = conv == 'd' || conv == 'i';
    if (is_signed) {
      neg = sv < 0;
      v = neg ? 0 - static_cast<uint64_t>(sv) : static_cast<uint64_t>(sv);
    } else {
      v = static_cast<uint64_t>(sv);
      neg = false;
    }
    char digits[70];
    size_t n = 0;
    uint64_t base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
    const char* set = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[70];
    size_t t = 0;
    if (v == 0 && sp.prec != 0) tmp[t++] = '0';
    for (uint64_t x = v; x != 0; x /= base) tmp[t++] = set[x % base];
    int prec = sp.prec;
    if (conv == 'o' && sp.hash && (t == 0 || tmp[t - 1] != '0') && prec <= static_cast<int>(t)) prec = static_cast<int>(t) + 1;
    for (int k = static_cast<int>(t); k < prec; ++k) digits[n++] = '0';
    while (t > 0) digits[n++] = tmp[--t];
    char pre[3] = {};
    size_t pn = 0;
    if (is_signed && neg) pre[pn++] = '-';
    else if (is_signed && sp.plus) pre[pn++] = '+';
    else if (is_signed && sp.space) pre[pn++] = ' ';
    if (sp.hash && v != 0 && base == 16) {
      pre[pn++] = '0';
      pre[pn++] = conv;
    }
    if (sp.prec >= 0) sp.zero = false;
    pad_out(Str(digits, n), sp, Str(pre, pn), true);
  }

  void floating(const Spec& sp, const char* a) {
    int prec = sp.prec < 0 ? 6 : sp.prec > 18 ? 18 : sp.prec;
    bool neg;
    uint64_t ip, frac;
    fixed(a, prec, &neg, &ip, &frac);
    char body[64];
    size_t n = utoa(ip, body);
    if (prec > 0 || sp.hash) body[n++] = '.';
    char f[24];
    size_t fn = utoa(frac, f);
    for (int k = static_cast<int>(fn); k < prec; ++k) body[n++] = '0';
    for (size_t k = 0; k < fn && prec > 0; ++k) body[n++] = f[k];
    char pre[2] = {};
    size_t pn = 0;
    if (neg) pre[pn++] = '-';
    else if (sp.plus) pre[pn++] = '+';
    else if (sp.space) pre[pn++] = ' ';
    pad_out(Str(body, n), sp, Str(pre, pn), true);
  }

  // %b: the argument with echo's escapes (\c ends all output).
  void escaped(const Spec& sp, const char* a) {
    Buf b;
    Str s(a ? a : "");
    for (size_t i = 0; i < s.size && !stop;) {
      if (s[i] == '\\') {
        char e[2];
        size_t n = 0;
        i = decode_escape(s, i, true, &stop, e, &n);
        b.append(Str(e, n));
      } else {
        b.push(s[i++]);
      }
    }
    Str body = b.str();
    if (sp.prec >= 0 && static_cast<size_t>(sp.prec) < body.size) body = body.head(static_cast<size_t>(sp.prec));
    pad_out(body, sp);
  }

  // One pass over the format; false on an invalid conversion.
  bool pass(Str f) {
    for (size_t i = 0; i < f.size && !stop;) {
      char c = f[i];
      if (c == '\\') {
        i = put_escape(p.out, f, i, false, &stop);
        continue;
      }
      if (c != '%') {
        p.out.put(c);
        ++i;
        continue;
      }
      size_t start = i++;
      if (i < f.size && f[i] == '%') {
        p.out.put('%');
        ++i;
        continue;
      }
      Spec sp;
      for (; i < f.size; ++i) {
        char g = f[i];
        if (g == '-') sp.minus = true;
        else if (g == '+') sp.plus = true;
        else if (g == ' ') sp.space = true;
        else if (g == '#') sp.hash = true;
        else if (g == '0') sp.zero = true;
        else if (g == '\'') {
        } else break;
      }
      if (i < f.size && f[i] == '*') {
        ++i;
        int64_t w = number(next_arg());
        if (w < 0) {
          sp.minus = true;
          w = -w;
        }
        sp.width = static_cast<int>(w);
      } else {
        for (; i < f.size && f[i] >= '0' && f[i] <= '9'; ++i) sp.width = (sp.width < 0 ? 0 : sp.width) * 10 + (f[i] - '0');
      }
      if (i < f.size && f[i] == '.') {
        ++i;
        sp.prec = 0;
        if (i < f.size && f[i] == '*') {
          ++i;
          int64_t pr = number(next_arg());
          sp.prec = pr < 0 ? -1 : static_cast<int>(pr);
        } else {
          for (; i < f.size && f[i] >= '0' && f[i] <= '9'; ++i) sp.prec = sp.prec * 10 + (f[i] - '0');
        }
      }
      while (i < f.size && (f[i] == 'l' || f[i] == 'h' || f[i] == 'j' || f[i] == 'z' || f[i] == 't' || f[i] == 'L')) ++i;
      char conv = i < f.size ? f[i++] : '\0';
      switch (conv) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
          integer(conv, sp, next_arg());
          break;
        case 'f': case 'F':
          floating(sp, next_arg());
          break;
        case 'c': {
          const char* a = next_arg();
          char ch = a ? a[0] : '\0';  // GNU prints the NUL of a missing or empty one
          pad_out(Str(&ch, 1), sp);
          break;
        }
        case 's': {
          const char* a = next_arg();
          Str s(a ? a : "");
          if (sp.prec >= 0 && static_cast<size_t>(sp.prec) < s.size) s = s.head(static_cast<size_t>(sp.prec));
          pad_out(s, sp);
          break;
        }
        case 'b':
          escaped(sp, next_arg());
          break;
        default: {
          char bad[80];
          size_t n = 0;
          for (size_t k = start; k < i && n + 1 < sizeof bad; ++k) bad[n++] = f[k];
          bad[n] = '\0';
          p.say(bad, ": invalid conversion specification");
          status = 1;
          return false;
        }
      }
    }
    return true;
  }
};

}  // namespace

int printf_main(Prog& p, int argc, char** argv) {
  int first = 1;
  if (argc > 1 && Str(argv[1]) == Str("--")) first = 2;
  if (first >= argc) return p.usage_error("missing operand", 1);
  Str format(argv[first]);
  Printer pr{p, argv + first + 1, argc - first - 1};
  do {
    int before = pr.used;
    if (!pr.pass(format)) break;
    if (pr.used == before) break;  // the format takes no argument
  } while (pr.used < pr.nargs && !pr.stop);
  p.out.flush();
  return pr.status;
}

}  // namespace cu
