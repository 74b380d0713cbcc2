// The row language's parser and runner, and the column comparison
// (table.h; the language: README.md).
#include "table.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <sstream>

#include "uapi/linux_numbers.h"

namespace vfs_table {

namespace {

// --- names and numbers -----------------------------------------------------------

const std::map<std::string, long>& constants() {
  static const std::map<std::string, long> m = [] {
    std::map<std::string, long> c;
#define VFS_TABLE_CONST(name, value) c[#name] = static_cast<long>(value);
    UAPI_FLAGS_LINUX(VFS_TABLE_CONST)
#undef VFS_TABLE_CONST
    c["S_ISVTX"] = 01000;
    c["AT_EACCESS"] = 0x200;  // faccessat (the value of AT_REMOVEDIR)
    return c;
  }();
  return m;
}

const std::map<std::string, long>& errno_numbers() {
  static const std::map<std::string, long> m = [] {
    std::map<std::string, long> c;
#define VFS_TABLE_ERRNO(name, value) c[#name] = value;
    UAPI_ERRNO_LINUX(VFS_TABLE_ERRNO)
#undef VFS_TABLE_ERRNO
    return c;
  }();
  return m;
}

std::string errno_name(long e) {
  static const std::map<long, std::string> m = [] {
    std::map<long, std::string> c;
#define VFS_TABLE_ERRNO(name, value) c.emplace(value, #name);  // the first name of a number wins
    UAPI_ERRNO_LINUX(VFS_TABLE_ERRNO)
#undef VFS_TABLE_ERRNO
    return c;
  }();
  auto it = m.find(e);
  return it != m.end() ? it->second : "errno " + std::to_string(e);
}

std::optional<long> number(const std::string& t) {
  if (t.empty()) return std::nullopt;
  size_t i = t[0] == '-' ? 1 : 0;
  if (i >= t.size() || !std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  int base = 10;
  if (t.size() > i + 1 && t[i] == '0') base = (t[i + 1] == 'x' || t[i + 1] == 'X') ? 16 : 8;
  size_t used = 0;
  long v = 0;
  try {
    v = std::stol(t, &used, base);
  } catch (...) {
    return std::nullopt;
  }
  if (used != t.size()) return std::nullopt;
  return v;
}

bool is_ident(const std::string& t) {
  if (t.empty() || !(std::islower(static_cast<unsigned char>(t[0])) || t[0] == '_')) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool is_var(const std::string& t) { return t.size() > 1 && t[0] == '$' && is_ident(t.substr(1)); }
bool is_quoted(const std::string& t) { return t.size() >= 2 && t.front() == '"' && t.back() == '"'; }

const std::set<std::string>& type_names() {
  static const std::set<std::string> s = {"reg", "dir", "lnk", "fifo", "chr", "blk", "sock"};
  return s;
}

std::string type_name(unsigned long mode) {
  switch (mode & 0170000) {
    case 0100000: return "reg";
    case 0040000: return "dir";
    case 0120000: return "lnk";
    case 0010000: return "fifo";
    case 0020000: return "chr";
    case 0060000: return "blk";
    case 0140000: return "sock";
    default: return "type?";
  }
}

std::string octal(unsigned long v) {
  std::ostringstream s;
  s << '0' << std::oct << v;
  return s.str();
}

// A quoted token's bytes: escapes \" \\ \n \t \0 \xHH; `{c*N}` is N c's.
std::string unquote(const std::string& t) {
  std::string in = is_quoted(t) ? t.substr(1, t.size() - 2) : t, out;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {
      char e = in[++i];
      if (e == 'n') out += '\n';
      else if (e == 't') out += '\t';
      else if (e == '0') out += '\0';
      else if (e == 'x' && i + 2 < in.size()) {
        out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else out += e;
    } else if (c == '{') {
      size_t star = in.find('*', i), close = in.find('}', i);
      out.append(static_cast<size_t>(std::stol(in.substr(star + 1, close - star - 1))), in[i + 1]);
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

bool good_repeats(const std::string& t) {
  for (size_t i = t.find('{'); i != std::string::npos; i = t.find('{', i + 1)) {
    size_t star = t.find('*', i), close = t.find('}', i);
    if (star != i + 2 || close == std::string::npos || close < star || !number(t.substr(star + 1, close - star - 1)))
      return false;
  }
  return true;
}

// The tokens of a line: words, and "quoted strings" (quotes kept); a
// token starting with '#' ends the line.
std::vector<std::string> tokens(const std::string& line, std::string* error) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    if (std::isspace(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    if (line[i] == '#') break;
    size_t start = i;
    if (line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i)
        if (line[i] == '\\') ++i;
      if (i >= line.size()) {
        *error = "unterminated string";
        return {};
      }
      ++i;
    } else {
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    }
    out.push_back(line.substr(start, i - start));
  }
  return out;
}

// --- the calls ------------------------------------------------------------------

// What a step got: the call's result, and its text (read data, link
// targets, names) or the second fd of a pipe.
struct Value {
  long code = 0;
  std::string text;
  long second = -1;
  FsStat st;
};

enum class Kind { kCode, kField, kText, kPair };

// A resolved argument: its bytes (paths, data, fields) and its number.
struct Arg {
  std::string s;
  long n = 0;
};
using Args = std::vector<Arg>;

// args: one letter an argument: p path, s data string, n number
// expression, f stat field; after '?' they are optional (0).
struct CallSpec {
  const char* args;
  Kind kind;
  bool returns_fd;
  std::function<long(FsOps&, const Args&, Value*)> run;
};

long stat_field(long r, const FsStat& st, const std::string& field, Value* v) {
  v->st = st;
  v->text = field;
  return r;
}

const std::map<std::string, CallSpec>& calls() {
  using A = const Args&;
  static const std::map<std::string, CallSpec> m = {
      {"open", {"pn?n", Kind::kCode, true, [](FsOps& f, A a, Value*) { return f.open(a[0].s, a[1].n, a[2].n); }}},
      {"openat", {"dpn?n", Kind::kCode, true,
                  [](FsOps& f, A a, Value*) { return f.openat(a[0].n, a[1].s, a[2].n, a[3].n); }}},
      {"close", {"d", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.close(a[0].n); }}},
      {"read", {"dn", Kind::kText, false, [](FsOps& f, A a, Value* v) { return f.read(a[0].n, &v->text, a[1].n); }}},
      {"write", {"ds", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.write(a[0].n, a[1].s); }}},
      {"pread", {"dnn", Kind::kText, false,
                 [](FsOps& f, A a, Value* v) { return f.pread(a[0].n, &v->text, a[1].n, a[2].n); }}},
      {"pwrite", {"dsn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.pwrite(a[0].n, a[1].s, a[2].n); }}},
      {"lseek", {"dnn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.lseek(a[0].n, a[1].n, a[2].n); }}},
      {"ftruncate", {"dn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.ftruncate(a[0].n, a[1].n); }}},
      {"truncate", {"pn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.truncate(a[0].s, a[1].n); }}},
      {"fsync", {"d", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.fsync(a[0].n); }}},
      {"stat", {"pf", Kind::kField, false,
                [](FsOps& f, A a, Value* v) {
                  FsStat st;
                  return stat_field(f.stat(a[0].s, &st), st, a[1].s, v);
                }}},
      {"lstat", {"pf", Kind::kField, false,
                 [](FsOps& f, A a, Value* v) {
                   FsStat st;
                   return stat_field(f.lstat(a[0].s, &st), st, a[1].s, v);
                 }}},
      {"fstat", {"df", Kind::kField, false,
                 [](FsOps& f, A a, Value* v) {
                   FsStat st;
                   return stat_field(f.fstat(a[0].n, &st), st, a[1].s, v);
                 }}},
      {"fstatat", {"dpnf", Kind::kField, false,
                   [](FsOps& f, A a, Value* v) {
                     FsStat st;
                     return stat_field(f.fstatat(a[0].n, a[1].s, &st, a[2].n), st, a[3].s, v);
                   }}},
      {"access", {"pn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.access(a[0].s, a[1].n); }}},
      {"faccessat", {"dpnn", Kind::kCode, false,
                     [](FsOps& f, A a, Value*) { return f.faccessat(a[0].n, a[1].s, a[2].n, a[3].n); }}},
      {"chmod", {"pn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.chmod(a[0].s, a[1].n); }}},
      {"fchmod", {"dn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.fchmod(a[0].n, a[1].n); }}},
      {"fchmodat", {"dpnn", Kind::kCode, false,
                    [](FsOps& f, A a, Value*) { return f.fchmodat(a[0].n, a[1].s, a[2].n, a[3].n); }}},
      {"chown", {"pnn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.chown(a[0].s, a[1].n, a[2].n); }}},
      {"fchown", {"dnn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.fchown(a[0].n, a[1].n, a[2].n); }}},
      {"lchown", {"pnn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.lchown(a[0].s, a[1].n, a[2].n); }}},
      {"utimensat", {"dpnnn", Kind::kCode, false,
                     [](FsOps& f, A a, Value*) { return f.utimensat(a[0].n, a[1].s, a[2].n, a[3].n, a[4].n); }}},
      {"umask", {"n", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.umask(a[0].n); }}},
      {"unlink", {"p", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.unlink(a[0].s); }}},
      {"unlinkat", {"dpn", Kind::kCode, false,
                    [](FsOps& f, A a, Value*) { return f.unlinkat(a[0].n, a[1].s, a[2].n); }}},
      {"mkdir", {"pn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.mkdir(a[0].s, a[1].n); }}},
      {"mkdirat", {"dpn", Kind::kCode, false,
                   [](FsOps& f, A a, Value*) { return f.mkdirat(a[0].n, a[1].s, a[2].n); }}},
      {"rmdir", {"p", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.rmdir(a[0].s); }}},
      {"rename", {"pp", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.rename(a[0].s, a[1].s); }}},
      {"renameat", {"dpdp", Kind::kCode, false,
                    [](FsOps& f, A a, Value*) { return f.renameat(a[0].n, a[1].s, a[2].n, a[3].s); }}},
      {"link", {"pp", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.link(a[0].s, a[1].s); }}},
      {"linkat", {"dpdpn", Kind::kCode, false,
                  [](FsOps& f, A a, Value*) { return f.linkat(a[0].n, a[1].s, a[2].n, a[3].s, a[4].n); }}},
      {"symlink", {"pp", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.symlink(a[0].s, a[1].s); }}},
      {"symlinkat", {"pdp", Kind::kCode, false,
                     [](FsOps& f, A a, Value*) { return f.symlinkat(a[0].s, a[1].n, a[2].s); }}},
      {"readlink", {"p", Kind::kText, false, [](FsOps& f, A a, Value* v) { return f.readlink(a[0].s, &v->text); }}},
      {"mkfifo", {"pn", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.mkfifo(a[0].s, a[1].n); }}},
      {"readdir", {"p", Kind::kText, false,
                   [](FsOps& f, A a, Value* v) {
                     std::vector<std::string> names;
                     long r = f.readdir_all(a[0].s, &names);
                     for (const std::string& n : names) v->text += (v->text.empty() ? "" : " ") + n;
                     return r;
                   }}},
      {"dup", {"d", Kind::kCode, true, [](FsOps& f, A a, Value*) { return f.dup(a[0].n); }}},
      {"dup2", {"dd", Kind::kCode, true, [](FsOps& f, A a, Value*) { return f.dup2(a[0].n, a[1].n); }}},
      {"dup3", {"ddn", Kind::kCode, true, [](FsOps& f, A a, Value*) { return f.dup3(a[0].n, a[1].n, a[2].n); }}},
      {"pipe", {"?n", Kind::kPair, true,
                [](FsOps& f, A a, Value* v) {
                  long fds[2] = {-1, -1};
                  long r = f.pipe(a[0].n, fds);
                  v->second = fds[1];
                  return r < 0 ? r : fds[0];
                }}},
      {"fcntl", {"dn?n", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.fcntl(a[0].n, a[1].n, a[2].n); }}},
      {"chdir", {"p", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.chdir(a[0].s); }}},
      {"fchdir", {"d", Kind::kCode, false, [](FsOps& f, A a, Value*) { return f.fchdir(a[0].n); }}},
      {"getcwd", {"", Kind::kText, false,
                  [](FsOps& f, A, Value* v) {  // shown below the row's directory: "/" is the directory
                    long r = f.getcwd(&v->text);
                    const std::string root = f.scratch_root();
                    if (r >= 0 && v->text.compare(0, root.size(), root) == 0) v->text = v->text.substr(root.size());
                    if (r >= 0 && v->text.empty()) v->text = "/";
                    return r;
                  }}},
  };
  return m;
}

const std::set<std::string>& field_names() {
  static const std::set<std::string> s = {"mode", "perm", "type", "nlink", "size", "uid", "gid", "ino"};
  return s;
}

unsigned long field_value(const FsStat& st, const std::string& f) {
  if (f == "mode") return st.mode;
  if (f == "perm") return st.mode & 07777;
  if (f == "nlink") return st.nlink;
  if (f == "size") return st.size;
  if (f == "uid") return st.uid;
  if (f == "gid") return st.gid;
  return st.ino;
}

// --- parsing --------------------------------------------------------------------

struct LineError {
  std::string what;
};

void check_expression(const std::string& t) {
  std::stringstream parts(t);
  std::string p;
  if (t.empty() || t.front() == '|' || t.back() == '|') throw LineError{"bad expression '" + t + "'"};
  while (std::getline(parts, p, '|'))
    if (!number(p) && !constants().count(p) && !is_var(p))
      throw LineError{"unknown constant '" + p + "' in '" + t + "'"};
}

void check_args(const Step& s, const CallSpec& spec) {
  std::string letters = spec.args;
  size_t optional_at = letters.find('?');
  if (optional_at != std::string::npos) letters.erase(optional_at, 1);
  size_t need = optional_at == std::string::npos ? letters.size() : optional_at;
  if (s.args.size() < need || s.args.size() > letters.size())
    throw LineError{s.call + " takes " + std::to_string(need) +
                    (need == letters.size() ? "" : ".." + std::to_string(letters.size())) + " arguments, got " +
                    std::to_string(s.args.size())};
  for (size_t i = 0; i < s.args.size(); ++i) {
    const std::string& a = s.args[i];
    switch (letters[i]) {
      case 'p':
        if (!good_repeats(a)) throw LineError{"bad {c*N} in '" + a + "'"};
        break;
      case 's':
        if (!is_quoted(a)) throw LineError{"data must be a \"quoted string\": '" + a + "'"};
        break;
      case 'f':
        if (!field_names().count(a)) throw LineError{"unknown stat field '" + a + "'"};
        break;
      default:
        check_expression(a);
    }
  }
}

void check_expect(const Step& s, const CallSpec& spec) {
  const auto& e = s.expect;
  if (e.empty()) throw LineError{"nothing after '->'"};
  auto single = [&](const std::string& t) {
    return t == "ok" || t == "any" || errno_numbers().count(t) || number(t) || is_ident(t) || is_var(t) ||
           is_quoted(t);
  };
  if (spec.kind == Kind::kPair && e.size() == 2) {
    if (!is_ident(e[0]) || !is_ident(e[1])) throw LineError{"pipe binds two names: -> r w"};
    return;
  }
  if (e.size() != 1) throw LineError{"one expected result, got " + std::to_string(e.size())};
  const std::string& t = e[0];
  if (spec.kind == Kind::kField && s.args.back() == "type") {
    if (!type_names().count(t) && !errno_numbers().count(t)) throw LineError{"type is reg, dir, lnk, fifo, ...: '" + t + "'"};
    return;
  }
  if (constants().count(t) || t.find('|') != std::string::npos) return check_expression(t);  // O_RDWR|O_APPEND
  if (t.size() > 1 && std::isupper(static_cast<unsigned char>(t[0])) && !errno_numbers().count(t))
    throw LineError{"unknown errno '" + t + "'"};
  if (!single(t)) throw LineError{"bad expected result '" + t + "'"};
  if (is_quoted(t) && spec.kind != Kind::kText) throw LineError{s.call + " gives no text to compare"};
  if (spec.kind == Kind::kPair && t != "any" && !errno_numbers().count(t)) throw LineError{"pipe gives -> r w or an errno"};
}

Step parse_step(std::vector<std::string> t, const std::string& text, int line) {
  Step s;
  s.line = line;
  s.text = text;
  if (t.size() >= 2 && t[0] == "as") {
    if (t[1] == "root:") s.as = Who::kRoot;
    else if (t[1] == "nobody:") s.as = Who::kNobody;
    else throw LineError{"step prefix is 'as root:' or 'as nobody:'"};
    t.erase(t.begin(), t.begin() + 2);
  }
  auto arrow = std::find(t.begin(), t.end(), "->");
  if (t.empty() || arrow == t.end()) throw LineError{"a step is: call args... -> expected"};
  s.call = t[0];
  s.args.assign(t.begin() + 1, arrow);
  s.expect.assign(arrow + 1, t.end());
  auto it = calls().find(s.call);
  if (it == calls().end()) throw LineError{"unknown call '" + s.call + "'"};
  check_args(s, it->second);
  check_expect(s, it->second);
  return s;
}

void parse_row_head(const std::vector<std::string>& t, Row* row) {
  if (t.size() < 2) throw LineError{"row needs a name"};
  row->name = t[1];
  for (size_t i = 2; i < t.size(); i += 2) {
    std::string flag = i + 1 < t.size() ? t[i] + " " + t[i + 1] : t[i];
    if (flag == "as nobody") row->nobody = true;
    else if (flag == "needs root") row->needs_root = true;
    else throw LineError{"row flags are 'as nobody' and 'needs root', got '" + flag + "'"};
  }
}

std::string trimmed(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// --- running --------------------------------------------------------------------

long eval(const std::string& t, const std::map<std::string, long>& vars) {
  std::stringstream parts(t);
  std::string p;
  long v = 0;
  while (std::getline(parts, p, '|')) {
    if (auto n = number(p)) v |= *n;
    else if (is_var(p)) {
      auto it = vars.find(p.substr(1));
      v |= it == vars.end() ? -1 : it->second;  // unbound (its step failed): -1, an fd nobody has
    } else v |= constants().at(p);
  }
  return v;
}

Args resolve(const Step& s, const CallSpec& spec, const std::map<std::string, long>& vars) {
  std::string letters = spec.args;
  letters.erase(std::remove(letters.begin(), letters.end(), '?'), letters.end());
  Args out(letters.size());
  for (size_t i = 0; i < s.args.size(); ++i) {
    char k = letters[i];
    if (k == 'p' || k == 's') out[i].s = unquote(s.args[i]);
    else if (k == 'f') out[i].s = s.args[i];
    else out[i].n = eval(s.args[i], vars);
  }
  return out;
}

// What a step shows when it did not match: the errno name, the field, the text.
std::string actual(const CallSpec& spec, const Value& v) {
  if (v.code < 0) return errno_name(-v.code);
  if (spec.kind == Kind::kField) {
    if (v.text == "type") return type_name(v.st.mode);
    unsigned long x = field_value(v.st, v.text);
    return v.text == "mode" || v.text == "perm" ? octal(x) : std::to_string(x);
  }
  if (spec.kind == Kind::kText) return "\"" + v.text + "\" (" + std::to_string(v.code) + ")";
  if (spec.kind == Kind::kPair) return "fds " + std::to_string(v.code) + " " + std::to_string(v.second);
  return std::to_string(v.code);
}

// Whether `v` is what the step expects; binds names on success.
bool matches(const Step& s, const CallSpec& spec, const Value& v, std::map<std::string, long>* vars) {
  const std::string& t = s.expect[0];
  if (auto it = errno_numbers().find(t); it != errno_numbers().end()) return v.code == -it->second;
  if (v.code < 0) return false;
  if (spec.kind == Kind::kPair) {
    if (s.expect.size() == 2) {
      (*vars)[s.expect[0]] = v.code;
      (*vars)[s.expect[1]] = v.second;
    }
    return true;
  }
  long got = v.code;
  if (spec.kind == Kind::kField) {
    if (v.text == "type") return type_name(v.st.mode) == t;
    got = static_cast<long>(field_value(v.st, v.text));
  }
  if (t == "ok") return got == 0;
  if (constants().count(t) || t.find('|') != std::string::npos) return got == eval(t, *vars);
  if (t == "any") return true;
  if (is_quoted(t)) return v.text == unquote(t);
  if (auto n = number(t)) return got == *n;
  if (is_var(t)) {
    auto it = vars->find(t.substr(1));
    return it != vars->end() && it->second == got;
  }
  (*vars)[t] = got;  // a name: binds
  return true;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& t : v) s += (s.empty() ? "" : " ") + t;
  return s;
}

}  // namespace

bool Row::switches_user() const {
  return nobody || std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.as == Who::kNobody; });
}

bool Row::has_root_steps() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.as == Who::kRoot; });
}

std::vector<Row> parse_table(const std::string& text, const std::string& file) {
  std::vector<Row> rows;
  std::set<std::string> names;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  auto where = [&](int at) { return file + ":" + std::to_string(at) + ": "; };
  auto finish = [&] {
    if (!rows.empty() && rows.back().steps.empty())
      throw ParseError(where(rows.back().line) + "row " + rows.back().name + " has no steps");
  };
  while (std::getline(in, line)) {
    ++n;
    try {
      std::string error;
      std::vector<std::string> t = tokens(line, &error);
      if (!error.empty()) throw LineError{error};
      if (t.empty()) continue;
      const bool indented = std::isspace(static_cast<unsigned char>(line[0]));
      if (!indented) {
        if (t[0] != "row") throw LineError{"expected 'row NAME' (steps are indented)"};
        finish();
        Row row;
        row.line = n;
        parse_row_head(t, &row);
        if (!names.insert(row.name).second) throw LineError{"row " + row.name + " again"};
        rows.push_back(row);
        continue;
      }
      if (rows.empty()) throw LineError{"a step before the first row"};
      if (t[0] == "umask" && std::find(t.begin(), t.end(), "->") == t.end()) {
        auto v = t.size() == 2 ? number(t[1]) : std::nullopt;
        if (!v) throw LineError{"umask takes one octal number"};
        rows.back().umask = *v;
        continue;
      }
      rows.back().steps.push_back(parse_step(t, trimmed(line), n));
    } catch (const LineError& e) {
      throw ParseError(where(n) + e.what);
    }
  }
  finish();
  return rows;
}

RowOutcome run_row(FsOps& fs, const Row& row) {
  RowOutcome out;
  out.name = row.name;
  std::map<std::string, long> vars;
  std::vector<std::string> observed;
  std::vector<long> opened;
  fs.umask(row.umask);
  const Who base = row.nobody ? Who::kNobody : Who::kRoot;
  Who current = Who::kRoot;
  for (const Step& s : row.steps) {
    const Who want = s.as.value_or(base);
    if (want != current) {
      if (long e = fs.become(want); e < 0) {
        out.status = "line " + std::to_string(s.line) + ": cannot act as " +
                     (want == Who::kRoot ? "root" : "nobody") + ": " + errno_name(-e);
        out.observed = joined(observed) + " <no identity>";
        return out;
      }
      current = want;
    }
    vars["uid"] = fs.uid();
    vars["gid"] = fs.gid();
    const CallSpec& spec = calls().at(s.call);
    Value v;
    v.code = spec.run(fs, resolve(s, spec, vars), &v);
    if (spec.returns_fd && v.code >= 0) {
      opened.push_back(v.code);
      if (spec.kind == Kind::kPair) opened.push_back(v.second);
    }
    if (s.call == "fcntl" && v.code >= 0 && (eval(s.args[1], vars) == uapi::kF_DUPFD ||
                                             eval(s.args[1], vars) == uapi::kF_DUPFD_CLOEXEC))
      opened.push_back(v.code);
    const bool ok = matches(s, spec, v, &vars);
    observed.push_back(ok ? joined(s.expect) : "got:" + actual(spec, v));
    if (!ok && out.status.empty())
      out.status = "line " + std::to_string(s.line) + ": " + s.text + ": got " + actual(spec, v);
  }
  if (current != Who::kRoot) fs.become(Who::kRoot);
  for (long fd : opened) fs.close(fd);  // what the row left open (errors: already closed)
  out.passed = out.status.empty();
  if (out.passed) out.status = "ok";
  out.observed = joined(observed);
  return out;
}

std::map<std::string, std::string> parse_deviations(const std::string& text, const std::string& file) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = trimmed(line);
    if (t.empty() || t[0] == '#') continue;
    size_t sp = t.find_first_of(" \t");
    if (sp == std::string::npos) throw ParseError(file + ":" + std::to_string(n) + ": 'ROW reason', the reason is missing");
    out[t.substr(0, sp)] = trimmed(t.substr(sp));
  }
  return out;
}

std::vector<Verdict> judge(const std::vector<Row>& rows, const std::vector<RowOutcome>& host,
                           const std::vector<RowOutcome>* sim, const std::map<std::string, std::string>& deviations) {
  std::vector<Verdict> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const RowOutcome& h = host[i];
    Verdict v{rows[i].name, h.status, "n/a (no VFS server)", "not compared", false};
    if (!h.skipped && !h.passed) {
      v.verdict = "HOST DIFFERS FROM THE TABLE";
      v.failed = true;
    }
    if (sim && !v.failed) {
      const RowOutcome& s = (*sim)[i];
      v.sim = s.status;
      auto dev = deviations.find(v.name);
      if (h.skipped || s.skipped) {
        v.verdict = "not compared";
      } else if (h.observed == s.observed) {
        v.verdict = dev == deviations.end() ? "same" : "same (deviation listed, not needed)";
      } else if (dev != deviations.end()) {
        v.verdict = "deviation: " + dev->second;
      } else {
        v.verdict = "DIFFERS";
        v.failed = true;
      }
    }
    out.push_back(v);
  }
  return out;
}

std::string format_table(const std::vector<Verdict>& verdicts) {
  size_t w[3] = {3, 4, 3};
  auto cell = [](const std::string& s) { return s.size() > 70 ? s.substr(0, 67) + "..." : s; };
  for (const Verdict& v : verdicts) {
    w[0] = std::max(w[0], v.name.size());
    w[1] = std::max(w[1], cell(v.host).size());
    w[2] = std::max(w[2], cell(v.sim).size());
  }
  auto pad = [](const std::string& s, size_t n) { return s + std::string(n > s.size() ? n - s.size() : 0, ' '); };
  std::ostringstream o;
  o << pad("row", w[0]) << " | " << pad("host", w[1]) << " | " << pad("sim", w[2]) << " | verdict\n";
  for (const Verdict& v : verdicts)
    o << pad(v.name, w[0]) << " | " << pad(cell(v.host), w[1]) << " | " << pad(cell(v.sim), w[2]) << " | " << v.verdict
      << "\n";
  return o.str();
}

}  // namespace vfs_table
