// programs/coreutils — sort [-r] [-n] [-u] [FILE...]: the lines of all
// inputs in LC_ALL=C byte order, or by the leading number (-n: blanks,
// sign, digits, a decimal point; none = 0), equal keys then by the whole
// line (GNU's last-resort comparison; not with -u, which keeps the first
// of each run of equal keys). A missing final newline is supplied.
// Statuses as GNU: 2 for errors.
#include "programs/coreutils/listing.h"
#include "trona/core/heap.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

struct Key {
  bool numeric, reverse;
};

int bytes_cmp(Str a, Str b) {
  size_t n = a.size < b.size ? a.size : b.size;
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  return a.size == b.size ? 0 : a.size < b.size ? -1 : 1;
}

// GNU's numeric comparison of two leading numbers, textually (no
// overflow): sign, integer digits without leading zeros, then fractions.
int num_cmp(Str a, Str b) {
  auto parse = [](Str s, bool* neg, Str* ip, Str* fp) {
    size_t i = 0;
    while (i < s.size && (s[i] == ' ' || s[i] == '\t')) ++i;
    *neg = i < s.size && s[i] == '-';
    if (*neg) ++i;
    while (i < s.size && s[i] == '0') ++i;
    size_t st = i;
    while (i < s.size && s[i] >= '0' && s[i] <= '9') ++i;
    *ip = s.sub(st, i - st);
    *fp = Str();
    if (i < s.size && s[i] == '.') {
      size_t f = ++i;
      while (i < s.size && s[i] >= '0' && s[i] <= '9') ++i;
      size_t e = i;
      while (e > f && s[e - 1] == '0') --e;
      *fp = s.sub(f, e - f);
    }
  };
  bool na, nb;
  Str ia, fa, ib, fb;
  parse(a, &na, &ia, &fa);
  parse(b, &nb, &ib, &fb);
  bool za = ia.empty() && fa.empty(), zb = ib.empty() && fb.empty();
  if (za) na = false;
  if (zb) nb = false;
  if (na != nb) return na ? -1 : 1;
  int mag;
  if (ia.size != ib.size) {
    mag = ia.size < ib.size ? -1 : 1;
  } else {
    mag = bytes_cmp(ia, ib);
    if (mag == 0) mag = bytes_cmp(fa, fb);
  }
  return na ? -mag : mag;
}

struct Ctx {
  Key k;
  bool last_resort;
};

int compare(Str a, Str b, const Ctx& c) {
  int r = c.k.numeric ? num_cmp(a, b) : bytes_cmp(a, b);
  if (r == 0 && c.last_resort && c.k.numeric) r = bytes_cmp(a, b);
  return c.k.reverse ? -r : r;
}

}  // namespace

int sort_main(Prog& p, int argc, char** argv) {
  Ctx c{{false, false}, true};
  bool unique = false;
  Opts o(argc, argv, "rnus");
  for (int ch; (ch = o.next()) != 0;) {
    if (ch == 'r') c.k.reverse = true;
    else if (ch == 'n') c.k.numeric = true;
    else if (ch == 'u') unique = true;
    else if (ch == 's') c.last_resort = false;
    else if (ch == Opts::kLong) return p.bad_long_option(o.long_opt(), 2);
    else return p.bad_option(o.bad(), 2);
  }
  if (unique) c.last_resort = false;
  Buf all;
  int n = o.operand_count();
  for (int i = 0; i < (n == 0 ? 1 : n); ++i) {
    const char* name = n == 0 ? "-" : o.operand(i);
    bool is_stdin = Str(name) == Str("-");
    int fd = is_stdin ? 0 : px::open(name, uapi::kO_RDONLY);
    int e = fd < 0 ? px::errno_ref() : 0;
    size_t before = all.size();
    if (e == 0) e = read_all(fd, &all);
    if (fd > 0) px::close(fd);
    if (e != 0) {
      p.say_errno(e, e == uapi::kEISDIR ? "read failed: " : "cannot read: ", name);
      return 2;
    }
    if (all.size() > before && all.data()[all.size() - 1] != '\n') all.push('\n');
  }
  Lines lines;
  if (!lines.split(all.str())) return 2;
  Str** v = static_cast<Str**>(trona::malloc((lines.count + 1) * sizeof(Str*)));
  if (v == nullptr) return 2;
  for (size_t i = 0; i < lines.count; ++i) v[i] = &lines.at[i];
  sort_ptrs(reinterpret_cast<void**>(v), lines.count,
            [](const void* a, const void* b, const void* ctx) {
              return compare(*static_cast<const Str*>(a), *static_cast<const Str*>(b), *static_cast<const Ctx*>(ctx)) < 0;
            },
            &c);
  for (size_t i = 0; i < lines.count; ++i) {
    if (unique && i > 0 && compare(*v[i - 1], *v[i], c) == 0) continue;
    p.out.put(*v[i]).put('\n');
  }
  trona::free(v);
  p.out.flush();
  return 0;
}

}  // namespace cu
