// programs/coreutils/util.h — what the utilities share: buffered output
// to fd 1/2, GNU-style diagnostics, a growable byte buffer on the trona
// heap, whole-file reads, option scanning, number parsing, /etc/passwd and
// /etc/group look-ups, and calendar arithmetic for the virtual clock.
//
// Simulated processes share the host's globals, so nothing here keeps
// mutable global state: every utility gets a Prog on its own stack.
// Freestanding: servers/lib and trona/posix only.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "trona/posix/file.h"

namespace cu {

using lib::Str;

// A buffered writer on one fd. A write error (EPIPE, ...) is remembered
// and later output is dropped.
class Out {
 public:
  explicit Out(int fd) : fd_(fd) {}
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;

  Out& put(Str s);
  Out& put(char c);
  Out& dec(uint64_t v);
  Out& sdec(int64_t v);
  // Right-aligned in `width` columns (left-aligned when left is true).
  Out& pad(Str s, size_t width, bool left = false, char fill = ' ');
  Out& padnum(uint64_t v, size_t width, char fill = ' ');
  void flush();
  bool failed() const { return err_ != 0; }
  int error() const { return err_; }

 private:
  int fd_;
  int err_ = 0;
  size_t n_ = 0;
  char buf_[1024];
};

// Decimal text of v in buf (no NUL); its length.
size_t utoa(uint64_t v, char* buf);

// One utility run: its name (for messages), stdout, stderr, environment.
struct Prog {
  const char* name;
  char** envp;
  Out out{1};
  Out err{2};

  // "<name>: a b c...\n" on stderr.
  template <class... S>
  void say(const S&... parts) {
    out.flush();
    err.put(Str(name)).put(": ");
    (err.put(Str(parts)), ...);
    err.put('\n');
    err.flush();
  }
  // "<name>: parts...: <strerror(e)>\n".
  template <class... S>
  void say_errno(int e, const S&... parts) {
    out.flush();
    err.put(Str(name)).put(": ");
    (err.put(Str(parts)), ...);
    err.put(": ").put(strerror(e)).put('\n');
    err.flush();
  }
  // "<name>: invalid option -- 'c'" + the --help hint; returns status.
  int bad_option(char c, int status);
  // "<name>: option requires an argument -- 'c'" + hint.
  int missing_arg(char c, int status);
  // "<name>: unrecognized option '--x'" + hint.
  int bad_long_option(const char* arg, int status);
  // "<name>: <what>" + hint (e.g. "missing operand").
  int usage_error(const char* what, int status);
  int usage_error2(const char* what, const char* arg, int status);  // "<what> 'arg'"
  // The value of NAME in the environment, or nullptr.
  const char* getenv(const char* key) const;

  static const char* strerror(int e);
};

// 'x' quoted the way GNU's quote() does for plain names.
struct Quoted {
  char buf[160];
  explicit Quoted(Str s);
  operator Str() const { return Str(buf); }  // NOLINT(google-explicit-constructor)
};

// A growable byte buffer on the trona heap.
//
// No destructor gives the memory back: a process killed by a signal, or
// one whose exec succeeded, is unwound after its address space (and the
// heap with it) is gone, and a destructor calling into trona then would
// fail. The heap ends with the process; loops that allocate call
// release() themselves.
class Buf {
 public:
  Buf() = default;
  void release();
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  bool append(Str s);
  bool push(char c) { return append(Str(&c, 1)); }
  bool reserve(size_t n);
  void clear() { size_ = 0; }
  char* data() { return data_; }
  const char* data() const { return data_; }
  size_t size() const { return size_; }
  Str str() const { return Str(data_, size_); }
  // NUL-terminated view (the NUL is not counted).
  const char* c_str();

 private:
  char* data_ = nullptr;
  size_t size_ = 0, cap_ = 0;
};

// Reads fd to its end into b; 0 or the errno.
int read_all(int fd, Buf* b);
// Writes all of s to fd; 0 or the errno.
int write_all(int fd, Str s);

// Lines of a buffer (the last one may lack its '\n'): views without '\n'.
struct Lines {
  Str* at = nullptr;
  size_t count = 0;
  bool last_has_newline = true;
  void release();  // see Buf
  bool split(Str text);
};

// Option scanning in getopt's manner (POSIXLY_CORRECT off: options may
// follow operands, "--" ends them). `spec` as getopt's ("n:cv").
class Opts {
 public:
  Opts(int argc, char** argv, const char* spec) : argc_(argc), argv_(argv), spec_(spec) {}
  static constexpr int kLong = 0x100;
  // The next option char; 0 at the end; '?' for an unknown option
  // (bad() = the char), ':' for a missing argument; kLong + long_opt()
  // for "--x".
  int next();
  const char* arg() const { return arg_; }
  char bad() const { return bad_; }
  const char* long_opt() const { return long_; }
  // Operands in order after next() returned 0.
  int operand_count() const { return nops_; }
  char* operand(int i) const { return ops_[i]; }

 private:
  int argc_;
  char** argv_;
  const char* spec_;
  int i_ = 1;
  int pos_ = 0;
  bool done_ = false;
  const char* arg_ = nullptr;
  const char* long_ = nullptr;
  char bad_ = 0;
  int nops_ = 0;
  char* ops_[256] = {};
};

// Decimal integer, all of s ("-" allowed when sign); false when not.
bool parse_int(Str s, int64_t* out, bool sign = true);
bool parse_uint(Str s, uint64_t* out);

// /etc/passwd and /etc/group.
struct PwEntry {
  char name[33];
  char passwd[64];
  uint32_t uid, gid;
  char home[96];
  char shell[64];
};
bool pw_by_name(Str name, PwEntry* out);
bool pw_by_uid(uint32_t uid, PwEntry* out);
struct GrEntry {
  char name[33];
  uint32_t gid;
  char members[256];  // comma-separated
};
bool gr_by_name(Str name, GrEntry* out);
bool gr_by_gid(uint32_t gid, GrEntry* out);
// Groups of user `name` whose member list names it (not the primary one).
size_t groups_of(Str name, uint32_t* gids, size_t max);

// Calendar (UTC) of seconds since the epoch.
struct Tm {
  int64_t year;
  int mon, mday, hour, min, sec, wday, yday;  // mon 0..11, wday 0 = Sunday
};
Tm gmtime(int64_t secs);
extern const char* const kMonths[12];
extern const char* const kDays[7];

// Basename / dirname of a path (the views point into p).
Str base_name(Str p);
// p joined with "/" and name into b (NUL-terminated).
const char* join_path(Buf* b, Str dir, Str name);

// The backslash escape at s[i] (s[i] == '\\'), written to out; returns the
// index after it. \c sets *stop. echo_octal: echo's \0NNN (printf's
// format takes \NNN).
size_t put_escape(Out& out, Str s, size_t i, bool echo_octal, bool* stop);
// The same into out[0..*n) (at most 2 bytes).
size_t decode_escape(Str s, size_t i, bool echo_octal, bool* stop, char out[2], size_t* n);

// "-rwxr-xr-x" of a mode (10 chars + NUL).
void mode_string(uint32_t mode, char out[11]);
// "regular file", "directory", ...
const char* file_type_name(uint32_t mode);

// The utilities (one .cpp each).
using Main = int (*)(Prog& p, int argc, char** argv);
struct Utility {
  const char* name;
  Main main;
};
extern const Utility kUtilities[];
extern const size_t kUtilityCount;

}  // namespace cu
