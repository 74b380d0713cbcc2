// programs/coreutils — date [-u] [-d @SECONDS] [+FORMAT]: the virtual
// clock (CLOCK_REALTIME: the simulator's epoch plus virtual time), always
// UTC (the simulated OS has no time zones). FORMAT takes %a %A %b %B %c
// %d %D %e %F %H %I %j %k %l %m %M %n %N %p %s %S %t %T %u %w %y %Y %Z %z
// %%. Setting the clock is not done (no label sets it): an operand that
// is not +FORMAT is GNU's "invalid date", status 1.
#include "programs/coreutils/util.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace {

const char* const kLongDays[7] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char* const kLongMonths[12] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};

void two(Out& o, int v, char fill = '0') { o.padnum(static_cast<uint64_t>(v), 2, fill); }

void put_format(Out& o, Str f, int64_t secs, uint64_t nsec) {
  Tm t = gmtime(secs);
  for (size_t i = 0; i < f.size; ++i) {
    if (f[i] != '%' || i + 1 >= f.size) {
      o.put(f[i]);
      continue;
    }
    switch (char c = f[++i]) {
      case 'a': o.put(kDays[t.wday]); break;
      case 'A': o.put(kLongDays[t.wday]); break;
      case 'b': case 'h': o.put(kMonths[t.mon]); break;
      case 'B': o.put(kLongMonths[t.mon]); break;
      case 'c': put_format(o, "%a %b %e %H:%M:%S %Y", secs, nsec); break;
      case 'd': two(o, t.mday); break;
      case 'D': put_format(o, "%m/%d/%y", secs, nsec); break;
      case 'e': two(o, t.mday, ' '); break;
      case 'F': put_format(o, "%Y-%m-%d", secs, nsec); break;
      case 'H': two(o, t.hour); break;
      case 'I': two(o, t.hour % 12 == 0 ? 12 : t.hour % 12); break;
      case 'j': o.padnum(static_cast<uint64_t>(t.yday + 1), 3, '0'); break;
      case 'k': two(o, t.hour, ' '); break;
      case 'l': two(o, t.hour % 12 == 0 ? 12 : t.hour % 12, ' '); break;
      case 'm': two(o, t.mon + 1); break;
      case 'M': two(o, t.min); break;
      case 'n': o.put('\n'); break;
      case 'N': o.padnum(nsec, 9, '0'); break;
      case 'p': o.put(t.hour < 12 ? "AM" : "PM"); break;
      case 's': o.sdec(secs); break;
      case 'S': two(o, t.sec); break;
      case 't': o.put('\t'); break;
      case 'T': put_format(o, "%H:%M:%S", secs, nsec); break;
      case 'u': o.dec(static_cast<uint64_t>(t.wday == 0 ? 7 : t.wday)); break;
      case 'w': o.dec(static_cast<uint64_t>(t.wday)); break;
      case 'y': two(o, static_cast<int>(t.year % 100)); break;
      case 'Y': o.sdec(t.year); break;
      case 'Z': o.put("UTC"); break;
      case 'z': o.put("+0000"); break;
      case '%': o.put('%'); break;
      default: o.put('%').put(c); break;
    }
  }
}

}  // namespace

int date_main(Prog& p, int argc, char** argv) {
  const char* format = nullptr;
  const char* when = nullptr;
  Opts o(argc, argv, "ud:R");
  bool rfc = false;
  for (int c; (c = o.next()) != 0;) {
    if (c == 'u') continue;
    if (c == 'R') rfc = true;
    else if (c == 'd') when = o.arg();
    else if (c == ':') return p.missing_arg('d', 1);
    else if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  for (int i = 0; i < o.operand_count(); ++i) {
    const char* a = o.operand(i);
    if (a[0] == '+' && format == nullptr) {
      format = a + 1;
      continue;
    }
    if (format != nullptr || i > 0) return p.usage_error2("extra operand", a, 1);
    p.say("invalid date ", Quoted(a));
    return 1;
  }
  int64_t secs;
  uint64_t nsec = 0;
  if (when != nullptr) {
    int64_t v = 0;
    if (when[0] != '@' || !parse_int(Str(when + 1), &v)) {
      p.say("invalid date ", Quoted(when));
      return 1;
    }
    secs = v;
  } else {
    uint64_t now = trona::clock_gettime(uapi::kClockRealtime).value;
    secs = static_cast<int64_t>(now / 1'000'000'000);
    nsec = now % 1'000'000'000;
  }
  put_format(p.out, format ? Str(format) : rfc ? Str("%a, %d %b %Y %H:%M:%S +0000") : Str("%a %b %e %H:%M:%S %Z %Y"),
             secs, nsec);
  p.out.put('\n');
  return 0;
}

}  // namespace cu
