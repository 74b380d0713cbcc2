// The builtins (dash's behaviour and messages).
#include "programs/sh/shell.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "uapi/linux_numbers.h"

namespace sh {

int builtin_jobs(int argc, char** argv);
int builtin_fg_bg(int argc, char** argv);
int builtin_wait(int argc, char** argv);

namespace px = trona::posix;

namespace {

// Special builtins: errors end a non-interactive shell.
int special_error() {
  if (!S().interactive) exit_shell(2);
  return 2;
}

int b_true(int, char**) { return 0; }
int b_false(int, char**) { return 1; }

int b_echo(int argc, char** argv) {
  Buf b;
  int i = 1;
  bool nl = true;
  if (i < argc && seq(argv[i], "-n")) nl = false, ++i;
  for (; i < argc; ++i) {
    if (i > 1 + (nl ? 0 : 1)) b.put(' ');
    for (const char* c = argv[i]; *c != '\0'; ++c) {
      if (*c != '\\' || c[1] == '\0') {
        b.put(*c);
        continue;
      }
      ++c;
      switch (*c) {
        case 'a': b.put('\a'); break;
        case 'b': b.put('\b'); break;
        case 'c': write_all(1, b.p, b.n); b.release(); return 0;
        case 'f': b.put('\f'); break;
        case 'n': b.put('\n'); break;
        case 'r': b.put('\r'); break;
        case 't': b.put('\t'); break;
        case 'v': b.put('\v'); break;
        case '\\': b.put('\\'); break;
        case '0': {
          int v = 0, k = 0;
          while (k < 3 && c[1] >= '0' && c[1] <= '7') v = v * 8 + (*++c - '0'), ++k;
          b.put(static_cast<char>(v));
          break;
        }
        default: b.put('\\'); b.put(*c); break;
      }
    }
  }
  if (nl) b.put('\n');
  write_all(1, b.p, b.n);
  b.release();
  return 0;
}

// "/a/b/../c" -> "/a/c" (the logical path cd keeps in PWD).
char* normalize(const char* path) {
  StrVec parts;
  for (const char* p = path; *p != '\0';) {
    while (*p == '/') ++p;
    const char* e = p;
    while (*e != '\0' && *e != '/') ++e;
    const size_t n = static_cast<size_t>(e - p);
    if (n == 0 || (n == 1 && p[0] == '.')) {
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      if (parts.n > 0) xfree(parts.v[--parts.n]);
    } else {
      parts.push(xstrndup(p, n));
    }
    p = e;
  }
  Buf b;
  for (int i = 0; i < parts.n; ++i) b.put('/'), b.puts(parts.v[i]);
  if (b.n == 0) b.put('/');
  parts.release();
  return b.take();
}

int b_cd(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : getvar("HOME");
  bool print = false;
  if (dir == nullptr) return 0;  // dash: no HOME, nothing to do
  if (seq(dir, "-")) {
    dir = getvar("OLDPWD");
    if (dir == nullptr) dir = getvar("PWD");
    if (dir == nullptr) dir = "/";
    print = true;
  }
  Buf full;
  if (dir[0] != '/') {
    const char* pwd = getvar("PWD");
    char cwd[256];
    if (pwd == nullptr) pwd = px::getcwd(cwd, sizeof cwd);
    full.puts(pwd != nullptr ? pwd : "/");
    full.put('/');
  }
  full.puts(dir);
  char* target = normalize(full.c_str());
  full.release();
  if (px::chdir(target) != 0) {
    error_msg("cd: can't cd to ", dir);
    xfree(target);
    return 2;
  }
  const char* old = getvar("PWD");
  char* oldc = xstrdup(old != nullptr ? old : "");
  setvar("OLDPWD", oldc);
  xfree(oldc);
  setvar("PWD", target);
  if (print) {
    out(1, target);
    out(1, "\n");
  }
  xfree(target);
  return 0;
}

int b_pwd(int, char**) {
  const char* pwd = getvar("PWD");
  char cwd[256];
  if (pwd == nullptr) pwd = px::getcwd(cwd, sizeof cwd);
  out(1, pwd != nullptr ? pwd : "/");
  out(1, "\n");
  return 0;
}

int b_exit(int argc, char** argv) {
  long v = S().status;
  if (argc > 1 && (!parse_int(argv[1], &v) || v < 0)) {
    error_msg("exit: Illegal number: ", argv[1]);
    exit_shell(2);
  }
  exit_shell(static_cast<int>(v));
}

const char* ifs_chars() {
  const char* v = getvar("IFS");
  return v == nullptr ? " \t\n" : v;
}

bool in_str(char c, const char* s) {
  for (; *s != '\0'; ++s)
    if (*s == c) return true;
  return false;
}

int b_read(int argc, char** argv) {
  int i = 1;
  bool raw = false;
  const char* prompt = nullptr;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; ++i) {
    if (seq(argv[i], "--")) {
      ++i;
      break;
    }
    if (seq(argv[i], "-r")) raw = true;
    else if (seq(argv[i], "-p") && i + 1 < argc) prompt = argv[++i];
    else {
      error_msg("read: Illegal option ", argv[i]);
      return 2;
    }
  }
  if (i >= argc) {
    error_msg("read: arg count");
    return 2;
  }
  if (prompt != nullptr && px::isatty(0) == 1) out(2, prompt);
  // The line: characters and whether each was escaped.
  Buf line, lit;
  bool eof = false;
  for (;;) {
    char c;
    long r = px::read(0, &c, 1);
    if (r < 0 && px::errno_ref() == uapi::kEINTR) continue;
    if (r <= 0) {
      eof = true;
      break;
    }
    if (c == '\n') break;
    if (c == '\\' && !raw) {
      r = px::read(0, &c, 1);
      if (r <= 0) {
        eof = true;
        break;
      }
      if (c == '\n') continue;
      line.put(c);
      lit.put(1);
      continue;
    }
    line.put(c);
    lit.put(0);
  }
  const char* ifs = ifs_chars();
  auto sep = [&](size_t k) { return lit.p[k] == 0 && in_str(line.p[k], ifs); };
  auto ws = [&](size_t k) { return sep(k) && in_str(line.p[k], " \t\n"); };
  size_t k = 0;
  while (k < line.n && ws(k)) ++k;
  for (; i < argc; ++i) {
    Buf v;
    if (i == argc - 1) {
      size_t end = line.n;
      while (end > k && ws(end - 1)) --end;
      v.put(line.p + k, end - k);
      k = line.n;
    } else {
      while (k < line.n && !sep(k)) v.put(line.p[k++]);
      while (k < line.n && ws(k)) ++k;
      if (k < line.n && sep(k)) {
        ++k;
        while (k < line.n && ws(k)) ++k;
      }
    }
    setvar(argv[i], v.c_str());
    v.release();
  }
  line.release();
  lit.release();
  return eof ? 1 : 0;
}

int b_set(int argc, char** argv) {
  Sh& s = S();
  if (argc == 1) {
    Buf b;
    for (Var* v = s.vars; v != nullptr; v = v->next) {
      if (v->value == nullptr) continue;
      b.puts(v->name);
      b.put('=');
      quote_value(&b, v->value);
      b.put('\n');
    }
    return flush_out(b);
  }
  int i = 1;
  for (; i < argc; ++i) {
    const char* a = argv[i];
    if (seq(a, "--")) {
      ++i;
      set_positional(argc - i, argv + i);
      return 0;
    }
    if ((a[0] != '-' && a[0] != '+') || a[1] == '\0') break;
    const bool on = a[0] == '-';
    for (const char* c = a + 1; *c != '\0'; ++c) {
      switch (*c) {
        case 'e': s.opt_e = on; break;
        case 'x': s.opt_x = on; break;
        case 'u': s.opt_u = on; break;
        case 'f': s.opt_f = on; break;
        case 'n': s.opt_n = on; break;
        case 'v': s.opt_v = on; break;
        case 'm': break;
        default: {
          char o[2] = {*c, '\0'};
          error_msg("set: Illegal option -", o);
          return special_error();
        }
      }
    }
  }
  if (i < argc) set_positional(argc - i, argv + i);
  return 0;
}

int b_shift(int argc, char** argv) {
  Sh& s = S();
  long n = 1;
  if (argc > 1 && (!parse_int(argv[1], &n) || n < 0)) {
    error_msg("shift: Illegal number: ", argv[1]);
    return special_error();
  }
  if (n > s.npos) {
    error_msg("shift: can't shift that many");
    return special_error();
  }
  set_positional(s.npos - static_cast<int>(n), s.pos + n);
  return 0;
}

int b_dot(int argc, char** argv) {
  if (argc < 2) return 0;
  const char* name = argv[1];
  bool slash = false;
  for (const char* c = name; *c != '\0'; ++c)
    if (*c == '/') slash = true;
  Buf path;
  int fd = -1;
  if (slash) {
    path.puts(name);
    fd = px::open(name, uapi::kO_RDONLY);
    if (fd < 0) {
      error_msg(".: cannot open ", name, ": ", errno_text(px::errno_ref()));
      path.release();
      return special_error();
    }
  } else {
    const char* pathv = getvar("PATH");
    if (pathv == nullptr) pathv = "/bin";
    for (const char* p = pathv; fd < 0;) {
      const char* e = p;
      while (*e != '\0' && *e != ':') ++e;
      path.clear();
      if (e == p) path.put('.');
      else path.put(p, static_cast<size_t>(e - p));
      path.put('/');
      path.puts(name);
      fd = px::open(path.c_str(), uapi::kO_RDONLY);
      if (*e == '\0') break;
      p = e + 1;
    }
    if (fd < 0) {
      error_msg(".: ", name, ": not found");
      path.release();
      return special_error();
    }
  }
  Buf text;
  char buf[512];
  for (long r; (r = px::read(fd, buf, sizeof buf)) > 0;) text.put(buf, static_cast<size_t>(r));
  px::close(fd);
  path.release();
  Sh& s = S();
  char** saved_pos = nullptr;
  int saved_n = 0;
  if (argc > 2) {
    saved_pos = s.pos;
    saved_n = s.npos;
    s.pos = nullptr;
    s.npos = 0;
    set_positional(argc - 2, argv + 2);
  }
  const int saved_line = s.line;
  s.line = 1;
  int st = run_string(text.c_str(), text.n, ".");
  s.line = saved_line;
  if (s.returning && s.func_depth == 0) {
    s.returning = false;
    st = s.status;
  }
  if (argc > 2) {
    set_positional(0, nullptr);
    xfree(s.pos);
    s.pos = saved_pos;
    s.npos = saved_n;
  }
  text.release();
  return st;
}

int b_eval(int argc, char** argv) {
  Buf b;
  for (int i = 1; i < argc; ++i) {
    if (i > 1) b.put(' ');
    b.puts(argv[i]);
  }
  int st = run_string(b.c_str(), b.n, "eval");
  b.release();
  return st;
}

int b_export(int argc, char** argv) {
  Sh& s = S();
  int i = 1;
  if (i < argc && seq(argv[i], "-p")) ++i;
  if (i >= argc) {
    Buf b;
    for (Var* v = s.vars; v != nullptr; v = v->next) {
      if (!v->exported) continue;
      b.puts("export ");
      b.puts(v->name);
      if (v->value != nullptr) {
        b.put('=');
        quote_value(&b, v->value);
      }
      b.put('\n');
    }
    return flush_out(b);
  }
  for (; i < argc; ++i) {
    const char* a = argv[i];
    size_t k = 0;
    while (a[k] != '\0' && a[k] != '=') ++k;
    if (!is_name(a, k)) {
      char* nm = xstrndup(a, k);
      error_msg("export: ", nm, ": bad variable name");
      return special_error();
    }
    if (a[k] == '=') setvar_n(a, k, a + k + 1);
    else if (findvar(a, k) == nullptr) setvar_n(a, k, nullptr);
    findvar(a, k)->exported = true;
  }
  return 0;
}

int b_unset(int argc, char** argv) {
  bool funcs = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    if (seq(argv[i], "-f")) funcs = true;
    else if (seq(argv[i], "-v")) funcs = false;
    else break;
  }
  for (; i < argc; ++i) {
    if (funcs) unsetfunc(argv[i]);
    else unsetvar(argv[i]);
  }
  return 0;
}

int b_local(int argc, char** argv) {
  if (S().func_depth == 0) {
    error_msg("local: not in a function");
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    size_t k = 0;
    while (argv[i][k] != '\0' && argv[i][k] != '=') ++k;
    if (!is_name(argv[i], k)) {
      char* nm = xstrndup(argv[i], k);
      error_msg("local: ", nm, ": bad variable name");
      xfree(nm);
      return 2;
    }
    make_local(argv[i]);
  }
  return 0;
}

int b_return(int argc, char** argv) {
  Sh& s = S();
  long v = s.status;
  if (argc > 1 && !parse_int(argv[1], &v)) {
    error_msg("return: Illegal number: ", argv[1]);
    return special_error();
  }
  s.returning = true;
  s.status = static_cast<int>(v & 0xff);
  return s.status;
}

int loop_jump(int argc, char** argv, bool brk) {
  Sh& s = S();
  long n = 1;
  if (argc > 1 && (!parse_int(argv[1], &n) || n <= 0)) {
    error_msg(argv[0], ": Illegal number: ", argv[1]);
    return special_error();
  }
  if (s.loop_depth == 0) return 0;
  if (n > s.loop_depth) n = s.loop_depth;
  if (brk) s.breaking = static_cast<int>(n);
  else s.continuing = static_cast<int>(n);
  return 0;
}

int b_break(int argc, char** argv) { return loop_jump(argc, argv, true); }
int b_continue(int argc, char** argv) { return loop_jump(argc, argv, false); }

const char* const kSigNames[] = {"0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
                                 "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP",
                                 "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
constexpr int kNumSigs = sizeof kSigNames / sizeof kSigNames[0];

}  // namespace

const char* signal_name(int sig) { return sig >= 0 && sig < kNumSigs ? kSigNames[sig] : nullptr; }

int signal_number(const char* name) {
  long v = 0;
  if (parse_int(name, &v)) return v >= 0 && v < 65 ? static_cast<int>(v) : -1;
  if (name[0] == 'S' && name[1] == 'I' && name[2] == 'G') name += 3;
  for (int i = 1; i < kNumSigs; ++i)
    if (seq(kSigNames[i], name)) return i;
  return -1;
}

namespace {

int b_kill(int argc, char** argv) {
  Sh& s = S();
  int sig = uapi::kSIGTERM;
  int i = 1;
  if (i < argc && seq(argv[i], "-l")) {
    if (i + 1 < argc) {
      long v = 0;
      if (parse_int(argv[i + 1], &v)) {
        if (v > 128) v -= 128;
        if (v > 0 && v < kNumSigs) {
          out(1, kSigNames[v]);
          out(1, "\n");
          return 0;
        }
        error_msg("kill: invalid signal number or exit status: ", argv[i + 1]);
        return 2;
      }
      error_msg("kill: Illegal number: ", argv[i + 1]);
      return 2;
    }
    Buf b;
    for (int k = 0; k < kNumSigs; ++k) b.puts(kSigNames[k]), b.put('\n');
    return flush_out(b);
  }
  if (i < argc && seq(argv[i], "-s")) {
    if (i + 1 >= argc) {
      error_msg("kill: option requires an argument -- s");
      return 2;
    }
    sig = signal_number(argv[i + 1]);
    if (sig < 0) {
      error_msg("kill: invalid signal number or name: ", argv[i + 1]);
      return 2;
    }
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' && !seq(argv[i], "--")) {
    sig = signal_number(argv[i] + 1);
    if (sig < 0) {
      error_msg("kill: invalid signal number or name: ", argv[i] + 1);
      return 2;
    }
    ++i;
  } else if (i < argc && seq(argv[i], "--")) {
    ++i;
  }
  if (i >= argc) {
    error_msg("kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]");
    return 2;
  }
  int st = 0;
  for (; i < argc; ++i) {
    int r;
    if (argv[i][0] == '%') {
      reap_jobs(false);
      Job* j = find_job(argv[i], "kill");
      if (j == nullptr) return 2;
      if (s.job_control) r = px::kill(-j->pgid, sig);
      else {
        r = 0;
        for (int k = 0; k < j->n; ++k) r |= px::kill(j->pid[k], sig);
      }
    } else {
      long pid = 0;
      if (!parse_int(argv[i], &pid)) {
        error_msg("kill: Illegal number: ", argv[i]);
        return 2;
      }
      r = px::kill(static_cast<int>(pid), sig);
    }
    if (r != 0) {
      error_msg("kill: ", argv[i], ": No such process");
      st = 1;
    }
  }
  return st;
}

// ---- test / [ ----

struct Test {
  char** a;
  int n, i;
  bool err;
  const char* name;  // "test" or "["
};

bool t_expr(Test& t);

bool is_binop(const char* s) {
  static const char* const ops[] = {"=", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"};
  for (const char* op : ops)
    if (seq(s, op)) return true;
  return false;
}

bool is_unop(const char* s) {
  return s[0] == '-' && s[1] != '\0' && s[2] == '\0' && in_str(s[1], "bcdefghknprstuwxzLS");
}

bool t_number(Test& t, const char* s, long* v) {
  const char* p = s;
  while (*p == ' ' || *p == '\t') ++p;
  if (parse_int(p, v)) return true;
  error_msg(t.name, ": Illegal number: ", s);
  t.err = true;
  return false;
}

bool t_binary(Test& t, const char* l, const char* op, const char* r) {
  if (seq(op, "=")) return seq(l, r);
  if (seq(op, "!=")) return !seq(l, r);
  if (seq(op, "<")) return scmp(l, r) < 0;
  if (seq(op, ">")) return scmp(l, r) > 0;
  if (op[0] == '-' && (seq(op, "-nt") || seq(op, "-ot") || seq(op, "-ef"))) {
    px::Stat a, b;
    const bool ha = px::stat(l, &a) == 0, hb = px::stat(r, &b) == 0;
    if (seq(op, "-ef")) return ha && hb && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
    const int64_t ta = a.st_mtim.tv_sec * 1000000000 + a.st_mtim.tv_nsec;
    const int64_t tb = b.st_mtim.tv_sec * 1000000000 + b.st_mtim.tv_nsec;
    if (seq(op, "-nt")) return ha && (!hb || ta > tb);
    return hb && (!ha || ta < tb);
  }
  long x = 0, y = 0;
  if (!t_number(t, l, &x) || !t_number(t, r, &y)) return false;
  if (seq(op, "-eq")) return x == y;
  if (seq(op, "-ne")) return x != y;
  if (seq(op, "-lt")) return x < y;
  if (seq(op, "-le")) return x <= y;
  if (seq(op, "-gt")) return x > y;
  return x >= y;
}

bool t_unary(Test& t, char op, const char* arg) {
  if (op == 'n') return arg[0] != '\0';
  if (op == 'z') return arg[0] == '\0';
  if (op == 't') {
    long fd = 0;
    if (!t_number(t, arg, &fd)) return false;
    return px::isatty(static_cast<int>(fd)) == 1;
  }
  px::Stat st;
  const bool link = op == 'h' || op == 'L';
  if ((link ? px::lstat(arg, &st) : px::stat(arg, &st)) != 0) return false;
  const uint32_t fmt = st.st_mode & uapi::kS_IFMT;
  switch (op) {
    case 'e': return true;
    case 'f': return fmt == uapi::kS_IFREG;
    case 'd': return fmt == uapi::kS_IFDIR;
    case 'b': return fmt == uapi::kS_IFBLK;
    case 'c': return fmt == uapi::kS_IFCHR;
    case 'p': return fmt == uapi::kS_IFIFO;
    case 'h':
    case 'L': return fmt == uapi::kS_IFLNK;
    case 'S': return fmt == uapi::kS_IFSOCK;
    case 's': return st.st_size > 0;
    case 'r': return px::access(arg, 4) == 0;
    case 'w': return px::access(arg, 2) == 0;
    case 'x': return px::access(arg, 1) == 0;
    case 'u': return (st.st_mode & 04000) != 0;
    case 'g': return (st.st_mode & 02000) != 0;
    case 'k': return (st.st_mode & 01000) != 0;
    default: return false;
  }
}

bool t_primary(Test& t) {
  if (t.i >= t.n) {
    t.err = true;
    error_msg(t.name, ": argument expected");
    return false;
  }
  const char* a = t.a[t.i];
  if (seq(a, "!")) {
    ++t.i;
    return !t_primary(t);
  }
  if (seq(a, "(") && t.i + 1 < t.n) {
    ++t.i;
    bool v = t_expr(t);
    if (t.i < t.n && seq(t.a[t.i], ")")) ++t.i;
    else if (!t.err) {
      error_msg(t.name, ": closing paren expected");
      t.err = true;
    }
    return v;
  }
  if (t.i + 2 < t.n + 0 + 1 && t.i + 1 < t.n && is_binop(t.a[t.i + 1]) && t.i + 2 < t.n) {
    bool v = t_binary(t, a, t.a[t.i + 1], t.a[t.i + 2]);
    t.i += 3;
    return v;
  }
  if (is_unop(a) && t.i + 1 < t.n) {
    bool v = t_unary(t, a[1], t.a[t.i + 1]);
    t.i += 2;
    return v;
  }
  ++t.i;
  return a[0] != '\0';
}

bool t_and(Test& t) {
  bool v = t_primary(t);
  while (!t.err && t.i < t.n && seq(t.a[t.i], "-a")) {
    ++t.i;
    bool r = t_primary(t);
    v = v && r;
  }
  return v;
}

bool t_expr(Test& t) {
  bool v = t_and(t);
  while (!t.err && t.i < t.n && seq(t.a[t.i], "-o")) {
    ++t.i;
    bool r = t_and(t);
    v = v || r;
  }
  return v;
}

int b_test(int argc, char** argv) {
  int n = argc - 1;
  if (seq(argv[0], "[")) {
    if (n < 1 || !seq(argv[argc - 1], "]")) {
      error_msg("[: missing ]");
      return 2;
    }
    --n;
  }
  Test t{argv + 1, n, 0, false, argv[0]};
  if (n == 0) return 1;
  bool v;
  // POSIX's rules by argument count first (they settle "! = x" & co.).
  if (n == 1) v = argv[1][0] != '\0';
  else if (n == 2 && seq(argv[1], "!")) v = argv[2][0] == '\0';
  else if (n == 2 && is_unop(argv[1])) v = t_unary(t, argv[1][1], argv[2]);
  else if (n == 3 && is_binop(argv[2])) v = t_binary(t, argv[1], argv[2], argv[3]);
  else if (n == 3 && seq(argv[1], "!")) {
    t.i = 1;
    v = !t_expr(t);
    if (t.i != n && !t.err) t.err = true, error_msg(argv[0], ": ", argv[1 + t.i], ": unexpected operator");
  } else {
    v = t_expr(t);
    if (!t.err && t.i < n) {
      error_msg(argv[0], ": ", argv[1 + t.i], ": unexpected operator");
      t.err = true;
    }
  }
  if (n == 2 && !seq(argv[1], "!") && !is_unop(argv[1])) {
    error_msg(argv[0], ": ", argv[1], ": unexpected operator");
    return 2;
  }
  return t.err ? 2 : v ? 0 : 1;
}

// ---- printf (dash's builtin: %s %b %c %d %i %o %u %x %X %%, width/precision) ----

void put_escape(Buf* b, const char** pc, bool in_b) {
  const char* c = *pc;  // at the char after '\'
  switch (*c) {
    case 'n': b->put('\n'); break;
    case 't': b->put('\t'); break;
    case 'r': b->put('\r'); break;
    case 'a': b->put('\a'); break;
    case 'b': b->put('\b'); break;
    case 'f': b->put('\f'); break;
    case 'v': b->put('\v'); break;
    case '\\': b->put('\\'); break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      int v = 0, k = 0;
      if (in_b && *c == '0') ++c;
      while (k < 3 && *c >= '0' && *c <= '7') v = v * 8 + (*c++ - '0'), ++k;
      --c;
      b->put(static_cast<char>(v));
      break;
    }
    default: b->put('\\'); b->put(*c); break;
  }
  *pc = c;
}

void pad(Buf* b, const char* s, size_t n, long width, bool left) {
  long fill = width - static_cast<long>(n);
  if (!left)
    for (; fill > 0; --fill) b->put(' ');
  b->put(s, n);
  if (left)
    for (; fill > 0; --fill) b->put(' ');
}

int b_printf(int argc, char** argv) {
  if (argc < 2) {
    error_msg("printf: usage: printf format [arg ...]");
    return 2;
  }
  const char* fmt = argv[1];
  int ai = 2;
  int st = 0;
  Buf b;
  do {
    const int start_ai = ai;
    for (const char* c = fmt; *c != '\0'; ++c) {
      if (*c == '\\' && c[1] != '\0') {
        ++c;
        put_escape(&b, &c, false);
        continue;
      }
      if (*c != '%') {
        b.put(*c);
        continue;
      }
      ++c;
      if (*c == '%') {
        b.put('%');
        continue;
      }
      bool left = false, zero = false, plus = false, space = false;
      for (; in_str(*c, "-0+ #"); ++c) {
        if (*c == '-') left = true;
        if (*c == '0') zero = true;
        if (*c == '+') plus = true;
        if (*c == ' ') space = true;
      }
      long width = 0, prec = -1;
      while (is_digit(*c)) width = width * 10 + (*c++ - '0');
      if (*c == '.') {
        ++c;
        prec = 0;
        while (is_digit(*c)) prec = prec * 10 + (*c++ - '0');
      }
      const char* arg = ai < argc ? argv[ai++] : nullptr;
      const char conv = *c;
      if (conv == 's' || conv == 'b') {
        Buf v;
        const char* a = arg != nullptr ? arg : "";
        if (conv == 'b') {
          for (const char* q = a; *q != '\0'; ++q) {
            if (*q == '\\' && q[1] == 'c') {
              write_all(1, b.p, b.n);
              b.release();
              v.release();
              return st;
            }
            if (*q == '\\' && q[1] != '\0') {
              ++q;
              put_escape(&v, &q, true);
            } else {
              v.put(*q);
            }
          }
        } else {
          v.puts(a);
        }
        size_t n = v.n;
        if (prec >= 0 && static_cast<size_t>(prec) < n) n = static_cast<size_t>(prec);
        pad(&b, v.c_str(), n, width, left);
        v.release();
      } else if (conv == 'c') {
        const char ch = arg != nullptr ? arg[0] : '\0';
        pad(&b, &ch, ch != '\0' ? 1 : 0, width, left);
      } else if (in_str(conv, "diouxX")) {
        long v = 0;
        if (arg != nullptr && arg[0] != '\0') {
          if ((arg[0] == '\'' || arg[0] == '"') && arg[1] != '\0') v = static_cast<unsigned char>(arg[1]);
          else if (!parse_int(arg, &v)) {
            error_msg("printf: ", arg, ": expected numeric value");
            st = 1;
          }
        }
        Buf digits;
        const bool neg = (conv == 'd' || conv == 'i') && v < 0;
        unsigned long u = neg ? static_cast<unsigned long>(-v) : static_cast<unsigned long>(v);
        const unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
        const char* dig = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        char tmp[32];
        int k = 0;
        do {
          tmp[k++] = dig[u % base];
          u /= base;
        } while (u != 0);
        while (prec >= 0 && k < prec) tmp[k++] = '0';
        if (neg) digits.put('-');
        else if (plus && (conv == 'd' || conv == 'i')) digits.put('+');
        else if (space && (conv == 'd' || conv == 'i')) digits.put(' ');
        if (zero && !left && prec < 0) {
          long need = width - static_cast<long>(digits.n) - k;
          for (; need > 0; --need) tmp[k++] = '0';
        }
        while (k > 0) digits.put(tmp[--k]);
        pad(&b, digits.c_str(), digits.n, width, left);
        digits.release();
      } else {
        char o[2] = {conv, '\0'};
        error_msg("printf: %", o, ": invalid directive");
        write_all(1, b.p, b.n);
        b.release();
        return 1;
      }
    }
    if (ai == start_ai) break;
  } while (ai < argc);
  write_all(1, b.p, b.n);
  b.release();
  return st;
}

int b_umask(int argc, char** argv) {
  if (argc < 2) {
    const uint32_t m = px::umask(0);
    px::umask(m);
    char o[5] = {'0', static_cast<char>('0' + ((m >> 6) & 7)), static_cast<char>('0' + ((m >> 3) & 7)),
                 static_cast<char>('0' + (m & 7)), '\0'};
    out(1, o);
    out(1, "\n");
    return 0;
  }
  uint32_t m = 0;
  for (const char* c = argv[1]; *c != '\0'; ++c) {
    if (*c < '0' || *c > '7') {
      error_msg("umask: Illegal number: ", argv[1]);
      return 2;
    }
    m = m * 8 + static_cast<uint32_t>(*c - '0');
  }
  px::umask(m);
  return 0;
}

struct Entry {
  const char* name;
  BuiltinFn fn;
  bool special;
};

int b_exec_placeholder(int, char**) { return 0; }

const Entry kBuiltins[] = {
    {":", b_true, true},         {".", b_dot, true},           {"[", b_test, false},
    {"bg", builtin_fg_bg, false}, {"break", b_break, true},    {"cd", b_cd, false},
    {"continue", b_continue, true}, {"echo", b_echo, false},   {"eval", b_eval, true},
    {"exec", b_exec_placeholder, true}, {"exit", b_exit, true}, {"export", b_export, true},
    {"false", b_false, false},   {"fg", builtin_fg_bg, false}, {"jobs", builtin_jobs, false},
    {"kill", b_kill, false},     {"local", b_local, false},     {"printf", b_printf, false},  {"pwd", b_pwd, false},
    {"read", b_read, false},     {"return", b_return, true},   {"set", b_set, true},
    {"shift", b_shift, true},    {"test", b_test, false},      {"trap", builtin_trap, true}, {"true", b_true, false},
    {"umask", b_umask, false},   {"unset", b_unset, true},     {"wait", builtin_wait, false},
};

}  // namespace

BuiltinFn find_builtin(const char* name, bool* special) {
  for (const Entry& e : kBuiltins)
    if (seq(e.name, name)) {
      *special = e.special;
      return e.fn;
    }
  *special = false;
  return nullptr;
}

}  // namespace sh
