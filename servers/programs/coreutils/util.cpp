// programs/coreutils/util.cpp — see util.h.
#include "programs/coreutils/util.h"

#include "trona/core/heap.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

size_t utoa(uint64_t v, char* buf) {
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (size_t i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
  return n;
}

Out& Out::put(Str s) {
  for (size_t i = 0; i < s.size; ++i) {
    if (n_ == sizeof buf_) flush();
    buf_[n_++] = s.data[i];
  }
  return *this;
}

Out& Out::put(char c) { return put(Str(&c, 1)); }

Out& Out::dec(uint64_t v) {
  char b[24];
  return put(Str(b, utoa(v, b)));
}

Out& Out::sdec(int64_t v) {
  if (v < 0) {
    put('-');
    return dec(static_cast<uint64_t>(0) - static_cast<uint64_t>(v));
  }
  return dec(static_cast<uint64_t>(v));
}

Out& Out::pad(Str s, size_t width, bool left, char fill) {
  if (left) put(s);
  for (size_t i = s.size; i < width; ++i) put(fill);
  if (!left) put(s);
  return *this;
}

Out& Out::padnum(uint64_t v, size_t width, char fill) {
  char b[24];
  return pad(Str(b, utoa(v, b)), width, false, fill);
}

void Out::flush() {
  if (n_ == 0) return;
  if (err_ == 0) err_ = write_all(fd_, Str(buf_, n_));
  n_ = 0;
}

int write_all(int fd, Str s) {
  while (s.size > 0) {
    long n = px::write(fd, s.data, s.size);
    if (n < 0) {
      if (px::errno_ref() == uapi::kEINTR) continue;
      return px::errno_ref();
    }
    if (n == 0) return uapi::kEIO;
    s = s.tail_from(static_cast<size_t>(n));
  }
  return 0;
}

int read_all(int fd, Buf* b) {
  char chunk[512];
  for (;;) {
    long n = px::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (px::errno_ref() == uapi::kEINTR) continue;
      return px::errno_ref();
    }
    if (n == 0) return 0;
    if (!b->append(Str(chunk, static_cast<size_t>(n)))) return uapi::kENOMEM;
  }
}

int Prog::bad_option(char c, int status) {
  char q[4] = {'\'', c, '\'', 0};
  say("invalid option -- ", q);
  err.put("Try '").put(Str(name)).put(" --help' for more information.\n");
  err.flush();
  return status;
}

int Prog::missing_arg(char c, int status) {
  char q[4] = {'\'', c, '\'', 0};
  say("option requires an argument -- ", q);
  err.put("Try '").put(Str(name)).put(" --help' for more information.\n");
  err.flush();
  return status;
}

int Prog::bad_long_option(const char* arg, int status) {
  say("unrecognized option ", Quoted(arg));
  err.put("Try '").put(Str(name)).put(" --help' for more information.\n");
  err.flush();
  return status;
}

int Prog::usage_error(const char* what, int status) {
  say(what);
  err.put("Try '").put(Str(name)).put(" --help' for more information.\n");
  err.flush();
  return status;
}

int Prog::usage_error2(const char* what, const char* arg, int status) {
  say(what, " ", Quoted(arg));
  err.put("Try '").put(Str(name)).put(" --help' for more information.\n");
  err.flush();
  return status;
}

const char* Prog::getenv(const char* key) const {
  Str k(key);
  for (char** e = envp; e != nullptr && *e != nullptr; ++e) {
    Str s(*e);
    if (s.size > k.size && s.starts_with(k) && s[k.size] == '=') return *e + k.size + 1;
  }
  return nullptr;
}

const char* Prog::strerror(int e) {
  switch (e) {
    case 1: return "Operation not permitted";
    case 2: return "No such file or directory";
    case 3: return "No such process";
    case 4: return "Interrupted system call";
    case 5: return "Input/output error";
    case 6: return "No such device or address";
    case 7: return "Argument list too long";
    case 8: return "Exec format error";
    case 9: return "Bad file descriptor";
    case 10: return "No child processes";
    case 11: return "Resource temporarily unavailable";
    case 12: return "Cannot allocate memory";
    case 13: return "Permission denied";
    case 14: return "Bad address";
    case 16: return "Device or resource busy";
    case 17: return "File exists";
    case 18: return "Invalid cross-device link";
    case 19: return "No such device";
    case 20: return "Not a directory";
    case 21: return "Is a directory";
    case 22: return "Invalid argument";
    case 23: return "Too many open files in system";
    case 24: return "Too many open files";
    case 25: return "Inappropriate ioctl for device";
    case 27: return "File too large";
    case 28: return "No space left on device";
    case 29: return "Illegal seek";
    case 30: return "Read-only file system";
    case 31: return "Too many links";
    case 32: return "Broken pipe";
    case 34: return "Numerical result out of range";
    case 36: return "File name too long";
    case 38: return "Function not implemented";
    case 39: return "Directory not empty";
    case 40: return "Too many levels of symbolic links";
    case 95: return "Operation not supported";
    case 121: return "Remote I/O error";
    default: return "Unknown error";
  }
}

Quoted::Quoted(Str s) {
  size_t n = 0;
  buf[n++] = '\'';
  for (size_t i = 0; i < s.size && n + 6 < sizeof buf; ++i) {
    if (s[i] == '\'') {  // GNU: 'it'\''s'
      const char esc[] = "'\\''";
      for (size_t j = 0; j < 4; ++j) buf[n++] = esc[j];
    } else {
      buf[n++] = s[i];
    }
  }
  buf[n++] = '\'';
  buf[n] = '\0';
}

void Buf::release() {
  trona::free(data_);
  data_ = nullptr;
  size_ = cap_ = 0;
}

bool Buf::reserve(size_t n) {
  if (n <= cap_) return true;
  size_t c = cap_ == 0 ? 256 : cap_;
  while (c < n) c *= 2;
  void* p = trona::realloc(data_, c);
  if (p == nullptr) return false;
  data_ = static_cast<char*>(p);
  cap_ = c;
  return true;
}

bool Buf::append(Str s) {
  if (!reserve(size_ + s.size + 1)) return false;
  for (size_t i = 0; i < s.size; ++i) data_[size_ + i] = s.data[i];
  size_ += s.size;
  return true;
}

const char* Buf::c_str() {
  if (!reserve(size_ + 1)) return "";
  data_[size_] = '\0';
  return data_;
}

void Lines::release() {
  trona::free(at);
  at = nullptr;
  count = 0;
}

bool Lines::split(Str text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size; ++i) n += text[i] == '\n';
  last_has_newline = text.empty() || text[text.size - 1] == '\n';
  if (!last_has_newline) ++n;
  at = static_cast<Str*>(trona::malloc((n == 0 ? 1 : n) * sizeof(Str)));
  if (at == nullptr) return false;
  count = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size; ++i)
    if (text[i] == '\n') {
      at[count++] = text.sub(start, i - start);
      start = i + 1;
    }
  if (start < text.size) at[count++] = text.sub(start);
  return true;
}

int Opts::next() {
  for (;;) {
    if (done_) {
      for (; i_ < argc_; ++i_)
        if (nops_ < 256) ops_[nops_++] = argv_[i_];
      return 0;
    }
    if (i_ >= argc_) {
      done_ = true;
      continue;
    }
    char* a = argv_[i_];
    if (pos_ == 0) {
      if (a[0] != '-' || a[1] == '\0') {  // an operand ("-" too)
        if (nops_ < 256) ops_[nops_++] = a;
        ++i_;
        continue;
      }
      if (a[1] == '-' && a[2] == '\0') {
        ++i_;
        done_ = true;
        continue;
      }
      if (a[1] == '-') {
        ++i_;
        long_ = a;
        return kLong;
      }
      pos_ = 1;
    }
    char c = a[pos_++];
    if (c == '\0') {
      ++i_;
      pos_ = 0;
      continue;
    }
    const char* s = spec_;
    while (*s != '\0' && *s != c) ++s;
    if (*s == '\0' || c == ':') {
      bad_ = c;
      if (a[pos_] == '\0') {
        ++i_;
        pos_ = 0;
      }
      return '?';
    }
    if (s[1] == ':') {
      if (a[pos_] != '\0') {
        arg_ = a + pos_;
      } else if (i_ + 1 < argc_) {
        arg_ = argv_[++i_];
      } else {
        bad_ = c;
        ++i_;
        pos_ = 0;
        return ':';
      }
      ++i_;
      pos_ = 0;
      return c;
    }
    if (a[pos_] == '\0') {
      ++i_;
      pos_ = 0;
    }
    return c;
  }
}

bool parse_uint(Str s, uint64_t* out) {
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (~uint64_t{0} - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

bool parse_int(Str s, int64_t* out, bool sign) {
  bool neg = false;
  if (sign && !s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s = s.tail_from(1);
  }
  uint64_t v = 0;
  if (!parse_uint(s, &v) || v > (uint64_t{1} << 63)) return false;
  if (!neg && v == (uint64_t{1} << 63)) return false;
  *out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

namespace {

// Calls fn(fields, count) for each line of `path` split at ':' (at most 8
// fields); stops when fn returns true. False when the file cannot be read.
template <class Fn>
bool each_colon_line(const char* path, Fn fn) {
  int fd = px::open(path, uapi::kO_RDONLY);
  if (fd < 0) return false;
  Buf b;
  int e = read_all(fd, &b);
  px::close(fd);
  Lines lines;
  if (e != 0 || !lines.split(b.str())) {
    b.release();
    return false;
  }
  bool found = false;
  for (size_t i = 0; i < lines.count && !found; ++i) {
    Str f[8];
    size_t n = 0;
    Str line = lines.at[i];
    if (line.empty() || line[0] == '#') continue;
    size_t start = 0;
    for (size_t j = 0; j <= line.size && n < 8; ++j)
      if (j == line.size || line[j] == ':') {
        f[n++] = line.sub(start, j - start);
        start = j + 1;
      }
    found = fn(f, n);
  }
  lines.release();
  b.release();
  return found;
}

void copy_field(Str s, char* out, size_t cap) {
  size_t n = s.size < cap - 1 ? s.size : cap - 1;
  for (size_t i = 0; i < n; ++i) out[i] = s[i];
  out[n] = '\0';
}

bool fill_pw(const Str* f, size_t n, PwEntry* out) {
  uint64_t uid = 0, gid = 0;
  if (n < 7 || !parse_uint(f[2], &uid) || !parse_uint(f[3], &gid)) return false;
  copy_field(f[0], out->name, sizeof out->name);
  copy_field(f[1], out->passwd, sizeof out->passwd);
  out->uid = static_cast<uint32_t>(uid);
  out->gid = static_cast<uint32_t>(gid);
  copy_field(f[5], out->home, sizeof out->home);
  copy_field(f[6], out->shell, sizeof out->shell);
  return true;
}

bool fill_gr(const Str* f, size_t n, GrEntry* out) {
  uint64_t gid = 0;
  if (n < 3 || !parse_uint(f[2], &gid)) return false;
  copy_field(f[0], out->name, sizeof out->name);
  out->gid = static_cast<uint32_t>(gid);
  copy_field(n > 3 ? f[3] : Str(), out->members, sizeof out->members);
  return true;
}

}  // namespace

bool pw_by_name(Str name, PwEntry* out) {
  return each_colon_line("/etc/passwd", [&](const Str* f, size_t n) { return f[0] == name && fill_pw(f, n, out); });
}

bool pw_by_uid(uint32_t uid, PwEntry* out) {
  return each_colon_line("/etc/passwd", [&](const Str* f, size_t n) {
    uint64_t v = 0;
    return n > 2 && parse_uint(f[2], &v) && v == uid && fill_pw(f, n, out);
  });
}

bool gr_by_name(Str name, GrEntry* out) {
  return each_colon_line("/etc/group", [&](const Str* f, size_t n) { return f[0] == name && fill_gr(f, n, out); });
}

bool gr_by_gid(uint32_t gid, GrEntry* out) {
  return each_colon_line("/etc/group", [&](const Str* f, size_t n) {
    uint64_t v = 0;
    return n > 2 && parse_uint(f[2], &v) && v == gid && fill_gr(f, n, out);
  });
}

size_t groups_of(Str name, uint32_t* gids, size_t max) {
  size_t count = 0;
  each_colon_line("/etc/group", [&](const Str* f, size_t n) {
    uint64_t v = 0;
    if (n < 4 || !parse_uint(f[2], &v)) return false;
    Str m = f[3];
    size_t start = 0;
    for (size_t j = 0; j <= m.size; ++j)
      if (j == m.size || m[j] == ',') {
        if (m.sub(start, j - start) == name && count < max) gids[count++] = static_cast<uint32_t>(v);
        start = j + 1;
      }
    return false;
  });
  return count;
}

const char* const kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kDays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

Tm gmtime(int64_t secs) {
  Tm t{};
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  t.hour = static_cast<int>(rem / 3600);
  t.min = static_cast<int>(rem % 3600 / 60);
  t.sec = static_cast<int>(rem % 60);
  t.wday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  // Days to civil (Howard Hinnant's algorithm).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  t.year = y + (m <= 2);
  t.mon = static_cast<int>(m - 1);
  t.mday = static_cast<int>(d);
  static constexpr int kCum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
  t.yday = kCum[t.mon] + t.mday - 1 + (leap && t.mon > 1);
  return t;
}

Str base_name(Str p) {
  while (p.size > 1 && p[p.size - 1] == '/') p = p.head(p.size - 1);
  size_t slash = p.rfind('/');
  if (slash == Str::npos || p.size == 1) return p;
  return p.tail_from(slash + 1);
}

const char* join_path(Buf* b, Str dir, Str name) {
  b->clear();
  b->append(dir);
  if (dir.empty() || dir[dir.size - 1] != '/') b->push('/');
  b->append(name);
  return b->c_str();
}

size_t decode_escape(Str s, size_t i, bool echo_octal, bool* stop, char out[2], size_t* n) {
  ++i;  // past the backslash
  *n = 0;
  auto emit = [&](char c) { out[(*n)++] = c; };
  if (i >= s.size) {
    emit('\\');
    return i;
  }
  char c = s[i++];
  auto is_oct = [](char d) { return d >= '0' && d <= '7'; };
  auto hexval = [](char d) {
    return d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
  };
  switch (c) {
    case '\\': emit('\\'); break;
    case 'a': emit('\a'); break;
    case 'b': emit('\b'); break;
    case 'c': *stop = true; break;
    case 'e': emit('\x1b'); break;
    case 'f': emit('\f'); break;
    case 'n': emit('\n'); break;
    case 'r': emit('\r'); break;
    case 't': emit('\t'); break;
    case 'v': emit('\v'); break;
    case 'x': {
      int v = 0, k = 0;
      while (k < 2 && i < s.size && hexval(s[i]) >= 0) v = v * 16 + hexval(s[i++]), ++k;
      if (k == 0) {
        emit('\\');
        emit('x');
      } else {
        emit(static_cast<char>(v));
      }
      break;
    }
    default:
      if (is_oct(c)) {
        // \0NNN (echo, %b: after the 0) or \NNN: at most three digits.
        int v = 0, k = 0;
        if (c != '0' || !echo_octal) v = c - '0', k = 1;
        while (k < 3 && i < s.size && is_oct(s[i])) v = v * 8 + (s[i++] - '0'), ++k;
        emit(static_cast<char>(v));
      } else {
        emit('\\');
        emit(c);
      }
  }
  return i;
}

size_t put_escape(Out& out, Str s, size_t i, bool echo_octal, bool* stop) {
  char b[2];
  size_t n = 0;
  i = decode_escape(s, i, echo_octal, stop, b, &n);
  out.put(Str(b, n));
  return i;
}

void mode_string(uint32_t mode, char out[11]) {
  const uint32_t fmt = mode & uapi::kS_IFMT;
  out[0] = fmt == uapi::kS_IFDIR    ? 'd'
           : fmt == uapi::kS_IFLNK  ? 'l'
           : fmt == uapi::kS_IFCHR  ? 'c'
           : fmt == uapi::kS_IFBLK  ? 'b'
           : fmt == uapi::kS_IFIFO  ? 'p'
           : fmt == uapi::kS_IFSOCK ? 's'
                                    : '-';
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i) out[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
  if (mode & 04000) out[3] = (mode & 0100) ? 's' : 'S';
  if (mode & 02000) out[6] = (mode & 0010) ? 's' : 'S';
  if (mode & 01000) out[9] = (mode & 0001) ? 't' : 'T';
  out[10] = '\0';
}

const char* file_type_name(uint32_t mode) {
  switch (mode & uapi::kS_IFMT) {
    case uapi::kS_IFDIR: return "directory";
    case uapi::kS_IFLNK: return "symbolic link";
    case uapi::kS_IFCHR: return "character special file";
    case uapi::kS_IFBLK: return "block special file";
    case uapi::kS_IFIFO: return "fifo";
    case uapi::kS_IFSOCK: return "socket";
    default: return "regular file";
  }
}

}  // namespace cu
