// The shell's memory, string and output helpers.
#include "programs/sh/shell.h"
#include "trona/core/heap.h"
#include "trona/core/process_local.h"
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "uapi/linux_numbers.h"

namespace sh {

namespace px = trona::posix;

Sh& S() { return trona::process_local<Sh>(); }

void* xalloc(size_t n) {
  void* p = trona::malloc(n == 0 ? 1 : n);
  if (p == nullptr) {
    out(2, "sh: out of memory\n");
    px::_exit(2);
  }
  char* c = static_cast<char*>(p);
  for (size_t i = 0; i < n; ++i) c[i] = 0;
  return p;
}

void* xrealloc(void* p, size_t n) {
  void* q = trona::realloc(p, n == 0 ? 1 : n);
  if (q == nullptr) {
    out(2, "sh: out of memory\n");
    px::_exit(2);
  }
  return q;
}

void xfree(void* p) { trona::free(p); }

size_t slen(const char* s) {
  size_t n = 0;
  while (s != nullptr && s[n] != '\0') ++n;
  return n;
}

void mcopy(void* d, const void* s, size_t n) {
  char* dd = static_cast<char*>(d);
  const char* ss = static_cast<const char*>(s);
  for (size_t i = 0; i < n; ++i) dd[i] = ss[i];
}

char* xstrndup(const char* s, size_t n) {
  char* p = static_cast<char*>(xalloc(n + 1));
  mcopy(p, s, n);
  p[n] = '\0';
  return p;
}

char* xstrdup(const char* s) { return s == nullptr ? nullptr : xstrndup(s, slen(s)); }

int scmp(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

bool seq(const char* a, const char* b) { return scmp(a, b) == 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

bool is_name(const char* s, size_t n) {
  if (n == 0 || !is_name_start(s[0])) return false;
  for (size_t i = 1; i < n; ++i)
    if (!is_name_char(s[i])) return false;
  return true;
}

bool parse_int(const char* s, long* out_v) {
  bool neg = false;
  if (*s == '-' || *s == '+') neg = *s++ == '-';
  if (!is_digit(*s)) return false;
  long v = 0;
  for (; is_digit(*s); ++s) v = v * 10 + (*s - '0');
  if (*s != '\0') return false;
  *out_v = neg ? -v : v;
  return true;
}

void Buf::put(char c) {
  if (n + 2 > cap) {
    cap = cap == 0 ? 64 : cap * 2;
    p = static_cast<char*>(xrealloc(p, cap));
  }
  p[n++] = c;
}

void Buf::put(const char* s, size_t len) {
  for (size_t i = 0; i < len; ++i) put(s[i]);
}

void Buf::num(long v) {
  char tmp[24];
  int k = 0;
  unsigned long u = v < 0 ? static_cast<unsigned long>(-v) : static_cast<unsigned long>(v);
  do {
    tmp[k++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) put('-');
  while (k > 0) put(tmp[--k]);
}

const char* Buf::c_str() {
  if (p == nullptr) return "";
  p[n] = '\0';
  return p;
}

char* Buf::take() {
  char* r = xstrndup(p == nullptr ? "" : p, n);
  release();
  return r;
}

void Buf::release() {
  xfree(p);
  p = nullptr;
  n = cap = 0;
}

void StrVec::push(char* s) {
  if (n + 2 > cap) {
    cap = cap == 0 ? 8 : cap * 2;
    v = static_cast<char**>(xrealloc(v, sizeof(char*) * static_cast<size_t>(cap)));
  }
  v[n++] = s;
  v[n] = nullptr;
}

char** StrVec::terminated() {
  if (v == nullptr) push(nullptr), n = 0;
  v[n] = nullptr;
  return v;
}

void StrVec::release() {
  for (int i = 0; i < n; ++i) xfree(v[i]);
  xfree(v);
  v = nullptr;
  n = cap = 0;
}

void write_all(int fd, const char* s, size_t n) {
  while (n > 0) {
    long w = px::write(fd, s, n);
    if (w < 0 && px::errno_ref() == uapi::kEINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}

void out(int fd, const char* s) { write_all(fd, s, slen(s)); }

void quote_value(Buf* b, const char* v) {
  b->put('\'');
  for (; *v != '\0'; ++v) {
    if (*v == '\'') b->puts("'\"'\"'");
    else b->put(*v);
  }
  b->put('\'');
}

int flush_out(Buf& b) {
  write_all(1, b.p, b.n);
  b.release();
  return 0;
}

void error_msg(const char* a, const char* b, const char* c, const char* d) {
  Buf m;
  m.puts(S().arg0 != nullptr ? S().arg0 : "sh");
  m.puts(": ");
  m.num(S().line);
  m.puts(": ");
  const char* parts[] = {a, b, c, d};  // any may be null
  for (const char* part : parts)
    if (part != nullptr) m.puts(part);
  m.put('\n');
  write_all(2, m.p, m.n);
  m.release();
}

const char* errno_text(int e) {
  switch (e) {
    case uapi::kENOENT: return "No such file";
    case uapi::kEACCES: return "Permission denied";
    case uapi::kEISDIR: return "Is a directory";
    case uapi::kENOTDIR: return "Not a directory";
    case uapi::kEEXIST: return "File exists";
    case uapi::kEBADF: return "Bad file descriptor";
    case uapi::kENOMEM: return "Out of memory";
    case uapi::kEMFILE: return "Too many open files";
    case uapi::kENOEXEC: return "Exec format error";
    case uapi::kEINVAL: return "Invalid argument";
    case uapi::kEPERM: return "Operation not permitted";
    case uapi::kESRCH: return "No such process";
    case uapi::kENOTTY: return "Not a tty";
    case uapi::kEINTR: return "Interrupted system call";
    case uapi::kE2BIG: return "Argument list too long";
    case uapi::kENXIO: return "No such device or address";
    default: return "Error";
  }
}

}  // namespace sh
