// Word expansion: tilde, parameters (${...} forms), command substitution,
// arithmetic, quote removal, field splitting on IFS, pathname expansion
// against the VFS directory listing, and the pattern matcher (case, ${%#}).
#include "programs/sh/shell.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "uapi/linux_numbers.h"

namespace sh {

namespace px = trona::posix;

namespace {

// Per character: Q quoted (literal to globbing, never split), X the
// result of an unquoted expansion (split on IFS), MARK a placeholder
// saying a quoted (possibly empty) string was here.
constexpr char Q = 1, X = 2, MARK = 4;

struct Piece {
  Buf c, f;
};

struct Exp {
  Piece* pieces = nullptr;  // finished pieces ("$@" breaks)
  int np = 0, cap = 0;
  Piece cur;
  bool err = false;
  void put(char ch, char fl) {
    cur.c.put(ch);
    cur.f.put(fl);
  }
  void put_str(const char* s, char fl) {
    for (; *s != '\0'; ++s) put(*s, fl);
  }
  void mark() { put('\0', MARK); }
  void brk() {
    if (np == cap) {
      cap = cap == 0 ? 4 : cap * 2;
      pieces = static_cast<Piece*>(xrealloc(pieces, sizeof(Piece) * static_cast<size_t>(cap)));
    }
    pieces[np++] = cur;
    cur = Piece{};
  }
  void release() {
    for (int i = 0; i < np; ++i) pieces[i].c.release(), pieces[i].f.release();
    xfree(pieces);
    cur.c.release();
    cur.f.release();
  }
};

const char* ifs() {
  const char* v = getvar("IFS");
  return v == nullptr ? " \t\n" : v;
}

bool in_set(char c, const char* set) {
  for (; *set != '\0'; ++set)
    if (*set == c) return true;
  return false;
}

// The end of a quoted or nested construct starting at w[i] (same rules as
// the lexer, which already checked it is complete).
size_t match_end(const char* w, size_t n, size_t i);

size_t skip_sq(const char* w, size_t n, size_t i) {
  for (++i; i < n && w[i] != '\''; ++i) {
  }
  return i < n ? i + 1 : n;
}

size_t skip_dq(const char* w, size_t n, size_t i) {
  for (++i; i < n && w[i] != '"';) {
    if (w[i] == '\\' && i + 1 < n) i += 2;
    else if (w[i] == '$' || w[i] == '`') i = match_end(w, n, i);
    else ++i;
  }
  return i < n ? i + 1 : n;
}

size_t match_end(const char* w, size_t n, size_t i) {
  if (w[i] == '`') {
    for (++i; i < n && w[i] != '`'; ++i)
      if (w[i] == '\\' && i + 1 < n) ++i;
    return i < n ? i + 1 : n;
  }
  if (i + 1 >= n) return n;
  if (w[i + 1] == '{') {
    for (i += 2; i < n && w[i] != '}';) {
      if (w[i] == '\'') i = skip_sq(w, n, i);
      else if (w[i] == '"') i = skip_dq(w, n, i);
      else if (w[i] == '\\' && i + 1 < n) i += 2;
      else if (w[i] == '$' || w[i] == '`') i = match_end(w, n, i);
      else ++i;
    }
    return i < n ? i + 1 : n;
  }
  if (w[i + 1] == '(') {
    int depth = 0;
    for (++i; i < n;) {
      if (w[i] == '(') ++depth, ++i;
      else if (w[i] == ')') {
        ++i;
        if (--depth == 0) return i;
      } else if (w[i] == '\'') i = skip_sq(w, n, i);
      else if (w[i] == '"') i = skip_dq(w, n, i);
      else if (w[i] == '\\' && i + 1 < n) i += 2;
      else if (w[i] == '`' || (w[i] == '$' && i + 1 < n && (w[i + 1] == '{' || w[i + 1] == '('))) i = match_end(w, n, i);
      else ++i;
    }
    return n;
  }
  return i + 1;
}

void expand_raw(Exp& e, const char* w, size_t n, bool dq, bool nested, bool heredoc = false);

// The value of a parameter; *set false when unset. @ and * are joined
// with `sep`.
char* param_value(const char* name, size_t len, bool* set, char sep) {
  Sh& s = S();
  *set = true;
  Buf b;
  if (len == 1) {
    switch (name[0]) {
      case '?': b.num(s.status); return b.take();
      case '$': b.num(s.shell_pid); return b.take();
      case '#': b.num(s.npos); return b.take();
      case '!':
        if (s.last_bg == 0) *set = false;
        else b.num(s.last_bg);
        return b.take();
      case '-':
        if (s.opt_e) b.put('e');
        if (s.opt_f) b.put('f');
        if (s.interactive) b.put('i');
        if (s.job_control) b.put('m');
        if (s.opt_n) b.put('n');
        if (s.opt_u) b.put('u');
        if (s.opt_v) b.put('v');
        if (s.opt_x) b.put('x');
        return b.take();
      case '@':
      case '*':
        for (int i = 0; i < s.npos; ++i) {
          if (i > 0 && sep != '\0') b.put(sep);
          b.puts(s.pos[i]);
        }
        return b.take();
      case '0': return xstrdup(s.arg0);
      default: break;
    }
  }
  if (is_digit(name[0])) {
    long k = 0;
    for (size_t i = 0; i < len; ++i) k = k * 10 + (name[i] - '0');
    if (k == 0) return xstrdup(s.arg0);
    if (k > s.npos) {
      *set = false;
      return xstrdup("");
    }
    return xstrdup(s.pos[k - 1]);
  }
  Var* v = findvar(name, len);
  if (v == nullptr || v->value == nullptr) {
    *set = false;
    return xstrdup("");
  }
  return xstrdup(v->value);
}

void put_value(Exp& e, const char* v, bool dq) {
  for (; *v != '\0'; ++v) e.put(*v, dq ? Q : X);
}

// Whole-string expansion of `w` (no splitting), into a heap string.
char* expand_sub(const char* w, size_t n, bool* err) {
  Exp e;
  expand_raw(e, w, n, false, false);
  *err = e.err;
  Buf out;
  for (int i = 0; i <= e.np; ++i) {
    Piece& p = i < e.np ? e.pieces[i] : e.cur;
    if (i > 0) out.put(' ');
    for (size_t k = 0; k < p.c.n; ++k)
      if (p.f.p[k] != MARK) out.put(p.c.p[k]);
  }
  e.release();
  return out.take();
}

// Removes the shortest/longest prefix/suffix of `v` matching the pattern.
char* strip_pattern(const char* v, const char* pw, size_t pn, bool suffix, bool longest, bool* err) {
  Buf pc, pq;
  char* raw = xstrndup(pw, pn);
  *err = !expand_pattern(raw, &pc, &pq);
  xfree(raw);
  const size_t vl = slen(v);
  char* r = nullptr;
  if (!suffix) {
    for (size_t k = 0; k <= vl && r == nullptr; ++k) {
      const size_t len = longest ? vl - k : k;
      if (pattern_match(pc.c_str(), pq.c_str(), pc.n, v, len)) r = xstrdup(v + len);
    }
  } else {
    for (size_t k = 0; k <= vl && r == nullptr; ++k) {
      const size_t at = longest ? k : vl - k;
      if (pattern_match(pc.c_str(), pq.c_str(), pc.n, v + at, vl - at)) r = xstrndup(v, at);
    }
  }
  pc.release();
  pq.release();
  return r != nullptr ? r : xstrdup(v);
}

void param_error(Exp& e, const char* name, size_t len, const char* msg) {
  char* nm = xstrndup(name, len);
  error_msg(nm, ": ", msg);
  xfree(nm);
  e.err = true;
}

long arith(const char* s, bool* err);

// ${...}: `in` is the text between the braces.
void expand_braced(Exp& e, const char* in, size_t n, bool dq, bool* at_in_dq) {
  Sh& s = S();
  if (n == 0) {
    error_msg("${}: Bad substitution");
    e.err = true;
    return;
  }
  if (in[0] == '#' && n > 1) {  // ${#name}
    bool set = false;
    char* v = param_value(in + 1, n - 1, &set, ' ');
    Buf b;
    if (n == 2 && (in[1] == '@' || in[1] == '*')) b.num(s.npos);
    else b.num(static_cast<long>(slen(v)));
    put_value(e, b.c_str(), dq);
    b.release();
    xfree(v);
    return;
  }
  size_t k = 0;
  if (is_name_start(in[0])) {
    while (k < n && is_name_char(in[k])) ++k;
  } else if (is_digit(in[0])) {
    while (k < n && is_digit(in[k])) ++k;
  } else if (in_set(in[0], "@*#?$!-0")) {
    k = 1;
  } else {
    error_msg("${", xstrndup(in, n), "}: Bad substitution");
    e.err = true;
    return;
  }
  const char* name = in;
  const size_t nl = k;
  const bool is_at = nl == 1 && name[0] == '@';
  const char* sepv = ifs();
  bool set = false;
  char* v = param_value(name, nl, &set, is_at && !dq ? ' ' : (name[0] == '*' && nl == 1 ? sepv[0] : ' '));
  if ((nl == 1 && (name[0] == '@' || name[0] == '*')) && s.npos == 0) set = false;
  if (k == n) {
    if (!set && s.opt_u && !(nl == 1 && in_set(name[0], "@*"))) {
      param_error(e, name, nl, "parameter not set");
    } else if (is_at && dq) {
      *at_in_dq = true;
      for (int i = 0; i < s.npos; ++i) {
        if (i > 0) e.brk();
        put_value(e, s.pos[i], true);
      }
    } else {
      put_value(e, v, dq);
    }
    xfree(v);
    return;
  }
  bool colon = false;
  if (in[k] == ':') colon = true, ++k;
  if (k >= n) {
    error_msg("${", xstrndup(in, n), "}: Bad substitution");
    e.err = true;
    xfree(v);
    return;
  }
  const char op = in[k++];
  const bool empty = !set || (colon && v[0] == '\0');
  const char* word = in + k;
  const size_t wl = n - k;
  switch (op) {
    case '-':
      if (empty) expand_raw(e, word, wl, dq, true);
      else put_value(e, v, dq);
      break;
    case '+':
      if (!empty) expand_raw(e, word, wl, dq, true);
      break;
    case '=':
      if (empty) {
        if (!is_name(name, nl)) {
          param_error(e, name, nl, "Bad substitution");
          break;
        }
        bool err = false;
        char* nv = expand_sub(word, wl, &err);
        setvar_n(name, nl, nv);
        put_value(e, nv, dq);
        xfree(nv);
      } else {
        put_value(e, v, dq);
      }
      break;
    case '?':
      if (empty) {
        bool err = false;
        char* msg = expand_sub(word, wl, &err);
        param_error(e, name, nl, wl != 0 ? msg : colon ? "parameter not set or null" : "parameter not set");
        xfree(msg);
      } else {
        put_value(e, v, dq);
      }
      break;
    case '%':
    case '#': {
      if (colon) {
        error_msg("${", xstrndup(in, n), "}: Bad substitution");
        e.err = true;
        break;
      }
      const bool longest = k < n && in[k] == op;
      if (longest) ++word;
      bool err = false;
      char* r = strip_pattern(v, word, longest ? wl - 1 : wl, op == '%', longest, &err);
      put_value(e, r, dq);
      xfree(r);
      break;
    }
    default:
      error_msg("${", xstrndup(in, n), "}: Bad substitution");
      e.err = true;
      break;
  }
  xfree(v);
}

// $... at w[i]; returns the index after it.
size_t expand_dollar(Exp& e, const char* w, size_t n, size_t i, bool dq, bool* at_in_dq) {
  if (i + 1 >= n) {
    e.put('$', dq ? Q : 0);
    return i + 1;
  }
  const char c = w[i + 1];
  if (c == '{') {
    const size_t end = match_end(w, n, i);
    expand_braced(e, w + i + 2, end - i - 3, dq, at_in_dq);
    return end;
  }
  if (c == '(') {
    const size_t end = match_end(w, n, i);
    Buf outb;
    if (i + 2 < n && w[i + 2] == '(' && end >= i + 5 && w[end - 2] == ')') {
      bool err = false;
      char* inner = expand_sub(w + i + 3, end - i - 5, &err);
      long v = err ? 0 : arith(inner, &err);
      xfree(inner);
      if (err) e.err = true;
      outb.num(v);
    } else {
      S().last_subst = command_subst(w + i + 2, end - i - 3, &outb);
    }
    while (outb.n > 0 && outb.p[outb.n - 1] == '\n') --outb.n;
    put_value(e, outb.c_str(), dq);
    outb.release();
    return end;
  }
  size_t k = i + 1;
  if (is_name_start(c)) {
    while (k < n && is_name_char(w[k])) ++k;
  } else if (is_digit(c) || in_set(c, "@*#?$!-")) {
    k = i + 2;
  } else {
    e.put('$', dq ? Q : 0);
    return i + 1;
  }
  expand_braced(e, w + i + 1, k - i - 1, dq, at_in_dq);
  return k;
}

size_t expand_backquote(Exp& e, const char* w, size_t n, size_t i, bool dq) {
  const size_t end = match_end(w, n, i);
  Buf src;
  for (size_t k = i + 1; k + 1 < end; ++k) {
    if (w[k] == '\\' && k + 2 < end && in_set(w[k + 1], "$`\\")) ++k;
    src.put(w[k]);
  }
  Buf outb;
  S().last_subst = command_subst(src.p == nullptr ? "" : src.p, src.n, &outb);
  src.release();
  while (outb.n > 0 && outb.p[outb.n - 1] == '\n') --outb.n;
  put_value(e, outb.c_str(), dq);
  outb.release();
  return end;
}

void expand_raw(Exp& e, const char* w, size_t n, bool dq, bool nested, bool heredoc) {
  const char lit = dq ? Q : (nested ? X : 0);
  for (size_t i = 0; i < n && !e.err;) {
    const char c = w[i];
    if (c == '\\') {
      if (i + 1 >= n) {
        e.put('\\', lit | Q);
        ++i;
      } else if (!dq) {
        e.put(w[i + 1], Q);
        i += 2;
      } else if (w[i + 1] == '\n') {
        i += 2;
      } else if (in_set(w[i + 1], heredoc ? "$`\\" : "$`\"\\")) {
        e.put(w[i + 1], Q);
        i += 2;
      } else {
        e.put('\\', Q);
        ++i;
      }
    } else if (c == '\'' && !dq) {
      const size_t end = skip_sq(w, n, i);
      e.mark();
      for (size_t k = i + 1; k + 1 < end; ++k) e.put(w[k], Q);
      i = end;
    } else if (c == '"' && !dq) {
      const size_t end = skip_dq(w, n, i);
      bool at = false;
      const int before = e.np;
      const size_t before_n = e.cur.c.n;
      expand_raw(e, w + i + 1, end - i - 2, true, false);
      (void)before;
      // "" is an (empty) field, except "$@" with no parameters.
      const bool only_at = (end - i - 2 == 2 && w[i + 1] == '$' && w[i + 2] == '@') ||
                           (end - i - 2 == 4 && w[i + 1] == '$' && w[i + 2] == '{' && w[i + 3] == '@');
      if (!(only_at && S().npos == 0) && e.cur.c.n == before_n) e.mark();
      (void)at;
      i = end;
    } else if (c == '$') {
      bool at = false;
      i = expand_dollar(e, w, n, i, dq, &at);
    } else if (c == '`') {
      i = expand_backquote(e, w, n, i, dq);
    } else if (c == '~' && i == 0 && !dq && !nested) {
      size_t k = 1;
      while (k < n && w[k] != '/') ++k;
      if (k == 1) {
        const char* home = getvar("HOME");
        if (home != nullptr) put_value(e, home, true);
        else e.put('~', 0);
      } else {
        for (size_t q = 0; q < k; ++q) e.put(w[q], 0);
      }
      i = k;
    } else {
      e.put(c, lit);
      ++i;
    }
  }
}

// ---- field splitting and pathname expansion ----

struct Field {
  Buf c, f;
};

void push_field(StrVec* out, Field& fl, bool glob);

void split_piece(Piece& p, StrVec* out, bool glob) {
  const char* set = ifs();
  Field cur;
  bool has = false;
  auto is_ifs = [&](size_t k) { return (p.f.p[k] & X) != 0 && in_set(p.c.p[k], set); };
  auto is_ws = [&](char ch) { return ch == ' ' || ch == '\t' || ch == '\n'; };
  for (size_t k = 0; k < p.c.n;) {
    if (!is_ifs(k)) {
      cur.c.put(p.c.p[k]);
      cur.f.put(p.f.p[k]);
      has = true;
      ++k;
      continue;
    }
    bool hard = false;
    while (k < p.c.n && is_ifs(k) && is_ws(p.c.p[k])) ++k;
    if (k < p.c.n && is_ifs(k) && !is_ws(p.c.p[k])) {
      hard = true;
      ++k;
      while (k < p.c.n && is_ifs(k) && is_ws(p.c.p[k])) ++k;
    }
    if (has || hard) push_field(out, cur, glob);
    cur = Field{};
    has = false;
  }
  if (has) push_field(out, cur, glob);
  else {
    cur.c.release();
    cur.f.release();
  }
}

void glob_into(const char* pc, const char* pf, size_t n, StrVec* matches);

void push_field(StrVec* out, Field& fl, bool glob) {
  bool wild = false;
  if (glob && !S().opt_f)
    for (size_t k = 0; k < fl.c.n; ++k)
      if ((fl.f.p[k] & (Q | MARK)) == 0 && in_set(fl.c.p[k], "*?[")) wild = true;
  Buf plain, pq;
  for (size_t k = 0; k < fl.c.n; ++k) {
    if (fl.f.p[k] == MARK) continue;
    plain.put(fl.c.p[k]);
    pq.put((fl.f.p[k] & Q) != 0 ? 1 : 0);
  }
  if (wild) {
    StrVec m;
    glob_into(plain.c_str(), pq.p, plain.n, &m);
    if (m.n > 0) {
      for (int i = 0; i < m.n; ++i) out->push(m.v[i]);
      xfree(m.v);
      plain.release();
      pq.release();
      fl.c.release();
      fl.f.release();
      return;
    }
    xfree(m.v);
  }
  out->push(plain.take());
  pq.release();
  fl.c.release();
  fl.f.release();
}

bool has_wild(const char* pc, const char* pq, size_t n) {
  for (size_t k = 0; k < n; ++k)
    if (pq[k] == 0 && in_set(pc[k], "*?[")) return true;
  return false;
}

void sort_strings(char** v, int n) {
  for (int i = 1; i < n; ++i)
    for (int j = i; j > 0 && scmp(v[j - 1], v[j]) > 0; --j) {
      char* t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
}

void glob_dir(const char* prefix, const char* pc, const char* pq, size_t n, StrVec* out) {
  size_t k = 0;
  while (k < n && pc[k] == '/') ++k;
  if (k > 0) {
    Buf p;
    p.puts(prefix);
    p.put(pc, k);
    if (k == n) out->push(p.take());
    else glob_dir(p.c_str(), pc + k, pq + k, n - k, out), p.release();
    return;
  }
  size_t e = 0;
  while (e < n && pc[e] != '/') ++e;
  const bool last = e == n;
  if (!has_wild(pc, pq, e)) {
    Buf p;
    p.puts(prefix);
    p.put(pc, e);
    px::Stat st;
    if (last) {
      if (px::lstat(p.c_str(), &st) == 0) out->push(p.take());
      else p.release();
    } else {
      glob_dir(p.c_str(), pc + e, pq + e, n - e, out);
      p.release();
    }
    return;
  }
  px::DIR* d = px::opendir(prefix[0] == '\0' ? "." : prefix);
  if (d == nullptr) return;
  StrVec names;
  for (px::dirent* de; (de = px::readdir(d)) != nullptr;) {
    const char* nm = de->d_name;
    if (seq(nm, ".") || seq(nm, "..")) continue;
    if (nm[0] == '.' && !(pc[0] == '.' && pq[0] == 0) && !(pc[0] == '.' && pq[0] != 0)) continue;
    if (pattern_match(pc, pq, e, nm, slen(nm))) names.push(xstrdup(nm));
  }
  px::closedir(d);
  sort_strings(names.v, names.n);
  for (int i = 0; i < names.n; ++i) {
    Buf p;
    p.puts(prefix);
    p.puts(names.v[i]);
    if (last) {
      out->push(p.take());
    } else {
      px::Stat st;
      if (px::stat(p.c_str(), &st) == 0 && (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFDIR)
        glob_dir(p.c_str(), pc + e, pq + e, n - e, out);
      p.release();
    }
  }
  names.release();
}

void glob_into(const char* pc, const char* pq, size_t n, StrVec* matches) {
  glob_dir("", pc, pq, n, matches);
  sort_strings(matches->v, matches->n);
}

bool finish(Exp& e, StrVec* out, bool split) {
  if (e.err) return false;
  e.brk();
  for (int i = 0; i < e.np; ++i) {
    if (split) {
      split_piece(e.pieces[i], out, true);
    } else {
      Field f;
      f.c.put(e.pieces[i].c.p, e.pieces[i].c.n);
      f.f.put(e.pieces[i].f.p, e.pieces[i].f.n);
      push_field(out, f, false);
    }
  }
  return true;
}

// ---- arithmetic: + - * / % ( ) comparisons, && ||, unary - ! ~, names ----

struct Arith {
  const char* s;
  bool err;
  bool div0;
};

void aws(Arith& a) {
  while (*a.s == ' ' || *a.s == '\t' || *a.s == '\n') ++a.s;
}

long a_or(Arith& a);

long a_primary(Arith& a) {
  aws(a);
  if (*a.s == '(') {
    ++a.s;
    long v = a_or(a);
    aws(a);
    if (*a.s == ')') ++a.s;
    else a.err = true;
    return v;
  }
  if (*a.s == '-' || *a.s == '+' || *a.s == '!' || *a.s == '~') {
    const char op = *a.s++;
    long v = a_primary(a);
    return op == '-' ? -v : op == '+' ? v : op == '!' ? !v : ~v;
  }
  if (is_digit(*a.s)) {
    long v = 0;
    while (is_digit(*a.s)) v = v * 10 + (*a.s++ - '0');
    return v;
  }
  if (is_name_start(*a.s)) {
    const char* st = a.s;
    while (is_name_char(*a.s)) ++a.s;
    Var* v = findvar(st, static_cast<size_t>(a.s - st));
    long r = 0;
    if (v != nullptr && v->value != nullptr && !parse_int(v->value, &r) && v->value[0] != '\0') a.err = true;
    return r;
  }
  a.err = true;
  return 0;
}

long a_mul(Arith& a) {
  long v = a_primary(a);
  for (;;) {
    aws(a);
    const char op = *a.s;
    if (op != '*' && op != '/' && op != '%') return v;
    ++a.s;
    long r = a_primary(a);
    if ((op == '/' || op == '%') && r == 0) {
      a.err = a.div0 = true;
      return 0;
    }
    v = op == '*' ? v * r : op == '/' ? v / r : v % r;
  }
}

long a_add(Arith& a) {
  long v = a_mul(a);
  for (;;) {
    aws(a);
    if (*a.s != '+' && *a.s != '-') return v;
    const char op = *a.s++;
    long r = a_mul(a);
    v = op == '+' ? v + r : v - r;
  }
}

long a_cmp(Arith& a) {
  long v = a_add(a);
  for (;;) {
    aws(a);
    const char c0 = a.s[0], c1 = a.s[1];
    int op = 0;
    if (c0 == '<' && c1 == '=') op = 1;
    else if (c0 == '>' && c1 == '=') op = 2;
    else if (c0 == '=' && c1 == '=') op = 3;
    else if (c0 == '!' && c1 == '=') op = 4;
    else if (c0 == '<') op = 5;
    else if (c0 == '>') op = 6;
    if (op == 0) return v;
    a.s += op <= 4 ? 2 : 1;
    long r = a_add(a);
    v = op == 1 ? v <= r : op == 2 ? v >= r : op == 3 ? v == r : op == 4 ? v != r : op == 5 ? v < r : v > r;
  }
}

long a_and(Arith& a) {
  long v = a_cmp(a);
  for (;;) {
    aws(a);
    if (!(a.s[0] == '&' && a.s[1] == '&')) return v;
    a.s += 2;
    long r = a_cmp(a);
    v = v && r;
  }
}

long a_or(Arith& a) {
  long v = a_and(a);
  for (;;) {
    aws(a);
    if (!(a.s[0] == '|' && a.s[1] == '|')) return v;
    a.s += 2;
    long r = a_and(a);
    v = v || r;
  }
}

long arith(const char* s, bool* err) {
  Arith a{s, false, false};
  long v = a_or(a);
  aws(a);
  if (*a.s != '\0') a.err = true;
  if (a.err) {
    Buf m;
    m.puts(a.div0 ? "division by zero" : "expecting primary");
    m.puts(": \"");
    m.puts(s);
    m.put('"');
    error_msg("arithmetic expression: ", m.c_str());
    m.release();
    *err = true;
  }
  return v;
}

// One bracket expression at p[i] ('['); *end the index after it, or
// false when it is not a complete one (then '[' is literal).
bool bracket(const char* p, const char* pq, size_t n, size_t i, char c, size_t* end, bool* hit) {
  size_t k = i + 1;
  bool neg = false;
  if (k < n && (p[k] == '!' || p[k] == '^') && pq[k] == 0) neg = true, ++k;
  bool found = false;
  bool first = true;
  for (; k < n; first = false) {
    if (p[k] == ']' && pq[k] == 0 && !first) {
      *end = k + 1;
      *hit = found != neg;
      return true;
    }
    if (p[k] == '[' && k + 1 < n && p[k + 1] == ':' && pq[k] == 0) {
      size_t q = k + 2;
      while (q + 1 < n && !(p[q] == ':' && p[q + 1] == ']')) ++q;
      if (q + 1 < n) {
        const size_t cl = q - (k + 2);
        const char* nm = p + k + 2;
        auto is = [&](const char* w) { return slen(w) == cl && [&] {
          for (size_t z = 0; z < cl; ++z)
            if (nm[z] != w[z]) return false;
          return true;
        }(); };
        const bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z', dg = is_digit(c);
        if ((is("alpha") && (up || lo)) || (is("digit") && dg) || (is("alnum") && (up || lo || dg)) ||
            (is("upper") && up) || (is("lower") && lo) || (is("space") && in_set(c, " \t\n\r\f\v")) ||
            (is("blank") && (c == ' ' || c == '\t')) || (is("punct") && c > ' ' && c < 127 && !(up || lo || dg)))
          found = true;
        k = q + 2;
        continue;
      }
    }
    char lo_c = p[k];
    if (k + 2 < n && p[k + 1] == '-' && pq[k + 1] == 0 && !(p[k + 2] == ']' && pq[k + 2] == 0)) {
      const char hi_c = p[k + 2];
      if (c >= lo_c && c <= hi_c) found = true;
      k += 3;
      continue;
    }
    if (c == lo_c) found = true;
    ++k;
  }
  return false;
}

}  // namespace

bool pattern_match(const char* p, const char* pq, size_t pn, const char* s, size_t sn) {
  size_t i = 0, j = 0;
  size_t star_i = static_cast<size_t>(-1), star_j = 0;
  while (j < sn) {
    if (i < pn && p[i] == '*' && pq[i] == 0) {
      star_i = ++i;
      star_j = j;
      continue;
    }
    if (i < pn) {
      if (p[i] == '?' && pq[i] == 0) {
        ++i, ++j;
        continue;
      }
      if (p[i] == '[' && pq[i] == 0) {
        size_t end = 0;
        bool hit = false;
        if (bracket(p, pq, pn, i, s[j], &end, &hit)) {
          if (hit) {
            i = end, ++j;
            continue;
          }
        } else if (s[j] == '[') {
          ++i, ++j;
          continue;
        }
      } else if (p[i] == s[j]) {
        ++i, ++j;
        continue;
      }
    }
    if (star_i == static_cast<size_t>(-1)) return false;
    i = star_i;
    j = ++star_j;
  }
  while (i < pn && p[i] == '*' && pq[i] == 0) ++i;
  return i == pn;
}

bool expand_pattern(const char* raw, Buf* chars, Buf* quoted) {
  Exp e;
  expand_raw(e, raw, slen(raw), false, false);
  if (e.err) {
    e.release();
    return false;
  }
  e.brk();
  for (int i = 0; i < e.np; ++i)
    for (size_t k = 0; k < e.pieces[i].c.n; ++k) {
      if (e.pieces[i].f.p[k] == MARK) continue;
      chars->put(e.pieces[i].c.p[k]);
      quoted->put((e.pieces[i].f.p[k] & Q) != 0 ? 1 : 0);
    }
  chars->c_str();
  quoted->c_str();
  e.release();
  return true;
}

bool expand_words(const StrVec& raw, StrVec* out) {
  for (int i = 0; i < raw.n; ++i) {
    Exp e;
    expand_raw(e, raw.v[i], slen(raw.v[i]), false, false);
    const bool ok = finish(e, out, true);
    e.release();
    if (!ok) return false;
  }
  return true;
}

char* expand_one(const char* raw) {
  bool err = false;
  char* r = expand_sub(raw, slen(raw), &err);
  if (err) {
    xfree(r);
    return nullptr;
  }
  return r;
}

char* expand_heredoc(const char* body) {
  Exp e;
  expand_raw(e, body, slen(body), true, false, true);
  if (e.err) {
    e.release();
    return nullptr;
  }
  Buf out;
  for (size_t k = 0; k < e.cur.c.n; ++k)
    if (e.cur.f.p[k] != MARK) out.put(e.cur.c.p[k]);
  e.release();
  return out.take();
}

}  // namespace sh
