// The shell's lexer and recursive-descent parser (POSIX grammar, the parts
// README.md lists). Words stay raw (quotes kept) until expansion.
#include "programs/sh/shell.h"

namespace sh {

namespace {

enum TokType : uint8_t {
  T_WORD, T_IONUMBER, T_NEWLINE, T_EOF, T_SEMI, T_AMP, T_PIPE, T_AND_IF, T_OR_IF, T_DSEMI, T_LPAREN, T_RPAREN,
  T_LESS, T_GREAT, T_DGREAT, T_LESSAND, T_GREATAND, T_LESSGREAT, T_DLESS, T_DLESSDASH, T_CLOBBER,
};

struct Tok {
  TokType t;
  char* text;
  bool quoted;
  int line;
  size_t start;
};

inline constexpr int kMaxPending = 16;

struct Parser {
  const char* s;
  size_t len, pos;
  int line;
  bool more_ok;
  int err;  // 0, 2 syntax error, 3 incomplete
  bool have;
  Tok tok;
  Redir* pending[kMaxPending];
  char* delim[kMaxPending];
  int npending;
  size_t last_end;  // where the last consumed token ended
};

char at(Parser& p, size_t i) { return i < p.len ? p.s[i] : '\0'; }

void syntax(Parser& p, const char* what, const char* expecting = nullptr, int line = -1) {
  if (p.err != 0) return;
  p.err = 2;
  const int saved = S().line;
  S().line = line >= 0 ? line : p.line;
  if (expecting != nullptr) {
    Buf b;
    b.puts(what);
    b.puts(" (expecting ");
    b.puts(expecting);
    b.put(')');
    error_msg(S().parse_prefix, "Syntax error: ", b.c_str());
    b.release();
  } else {
    error_msg(S().parse_prefix, "Syntax error: ", what);
  }
  S().line = saved;
}

// The end of input inside a construct: incomplete when more may come.
void eof_error(Parser& p, const char* what, const char* expecting = nullptr) {
  if (p.more_ok) {
    if (p.err == 0) p.err = 3;
    return;
  }
  syntax(p, what, expecting);
}

// Skips a $(...), ${...} or `...` starting at i (at the '$' or '`');
// returns the index after it.
size_t skip_dollar(Parser& p, size_t i);

// One character on (counting lines).
size_t step(Parser& p, size_t i) {
  if (p.s[i] == '\n') ++p.line;
  return i + 1;
}

// The index after the closing character at i, or the end of input with
// `what` reported.
size_t closed(Parser& p, size_t i, const char* what) {
  if (i < p.len) return i + 1;
  eof_error(p, what);
  return p.len;
}

size_t skip_squote(Parser& p, size_t i) {  // at the opening '
  for (++i; i < p.len && p.s[i] != '\'';) i = step(p, i);
  return closed(p, i, "Unterminated quoted string");
}

size_t skip_dquote(Parser& p, size_t i) {  // at the opening "
  for (++i; i < p.len && p.s[i] != '"';) {
    if (p.s[i] == '\\' && i + 1 < p.len) {
      if (p.s[i + 1] == '\n') ++p.line;
      i += 2;
    } else if (p.s[i] == '$' || p.s[i] == '`') {
      i = skip_dollar(p, i);
    } else {
      i = step(p, i);
    }
  }
  return closed(p, i, "Unterminated quoted string");
}

size_t skip_dollar(Parser& p, size_t i) {
  if (p.s[i] == '`') {
    for (++i; i < p.len && p.s[i] != '`'; ++i) {
      if (p.s[i] == '\\' && i + 1 < p.len) ++i;
      if (p.s[i] == '\n') ++p.line;
    }
    return closed(p, i, "EOF in backquote substitution");
  }
  const char c = at(p, i + 1);
  if (c == '{') {
    for (i += 2; i < p.len && p.s[i] != '}';) {
      if (p.s[i] == '\'') i = skip_squote(p, i);
      else if (p.s[i] == '"') i = skip_dquote(p, i);
      else if (p.s[i] == '\\' && i + 1 < p.len) i += 2;
      else if (p.s[i] == '$' || p.s[i] == '`') i = skip_dollar(p, i);
      else i = step(p, i);
    }
    return closed(p, i, "Missing '}'");
  }
  if (c == '(') {
    int depth = 0;
    for (i += 1; i < p.len;) {
      const char d = p.s[i];
      if (d == '(') ++depth, ++i;
      else if (d == ')') {
        ++i;
        if (--depth == 0) return i;
      } else if (d == '\'') i = skip_squote(p, i);
      else if (d == '"') i = skip_dquote(p, i);
      else if (d == '\\' && i + 1 < p.len) i += 2;
      else if (d == '`' || (d == '$' && i + 1 < p.len && (p.s[i + 1] == '{' || p.s[i + 1] == '('))) i = skip_dollar(p, i);
      else i = step(p, i);
      if (p.err != 0) return p.len;
    }
    eof_error(p, "end of file unexpected", "\")\"");
    return p.len;
  }
  return i + 1;
}

bool is_meta(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' ||
         c == ')';
}

// The raw word at p.pos (quotes kept, backslash-newline dropped).
char* scan_word(Parser& p, bool* quoted) {
  Buf w;
  *quoted = false;
  size_t i = p.pos;
  while (i < p.len && !is_meta(p.s[i]) && p.err == 0) {
    const char c = p.s[i];
    size_t j = i;
    if (c == '\\') {
      if (i + 1 < p.len && p.s[i + 1] == '\n') {
        ++p.line;
        i += 2;
        continue;
      }
      *quoted = true;
      j = i + 1 < p.len ? i + 2 : i + 1;
    } else if (c == '\'') {
      *quoted = true;
      j = skip_squote(p, i);
    } else if (c == '"') {
      *quoted = true;
      j = skip_dquote(p, i);
    } else if (c == '$' || c == '`') {
      j = skip_dollar(p, i);
    } else {
      j = i + 1;
    }
    w.put(p.s + i, j - i);
    i = j;
  }
  p.pos = i;
  return w.take();
}

// The bodies of the here-documents whose operators were on the line that
// just ended (p.pos is at the start of the next line).
void read_heredocs(Parser& p) {
  for (int k = 0; k < p.npending; ++k) {
    Redir* r = p.pending[k];
    const char* d = p.delim[k];
    const size_t dl = slen(d);
    Buf body;
    bool found = false;
    while (p.pos < p.len) {
      size_t e = p.pos;
      while (e < p.len && p.s[e] != '\n') ++e;
      size_t b = p.pos;
      if (r->strip_tabs)
        while (b < e && p.s[b] == '\t') ++b;
      const bool last = e >= p.len;
      p.pos = last ? e : e + 1;
      ++p.line;
      bool same = e - b == dl;
      for (size_t q = 0; same && q < dl; ++q) same = p.s[b + q] == d[q];
      if (same) {
        found = true;
        break;
      }
      body.put(p.s + b, e - b);
      body.put('\n');
    }
    if (!found && p.more_ok) {
      p.err = 3;
      body.release();
      return;
    }
    r->word = body.take();
    xfree(p.delim[k]);
  }
  p.npending = 0;
}

Tok lex(Parser& p) {
  Tok t{};
  for (;;) {
    while (p.pos < p.len && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t')) ++p.pos;
    if (at(p, p.pos) == '\\' && at(p, p.pos + 1) == '\n') {
      p.pos += 2;
      ++p.line;
      continue;
    }
    if (at(p, p.pos) == '#') {
      while (p.pos < p.len && p.s[p.pos] != '\n') ++p.pos;
    }
    break;
  }
  t.line = p.line;
  t.start = p.pos;
  if (p.pos >= p.len) {
    if (p.npending > 0) {
      if (p.more_ok) p.err = 3;
      else read_heredocs(p);
    }
    t.t = T_EOF;
    return t;
  }
  const char c = p.s[p.pos], d = at(p, p.pos + 1), e = at(p, p.pos + 2);
  auto op = [&](TokType tt, size_t n) {
    t.t = tt;
    p.pos += n;
    return t;
  };
  switch (c) {
    case '\n':
      ++p.pos;
      ++p.line;
      read_heredocs(p);
      t.t = T_NEWLINE;
      return t;
    case ';': return d == ';' ? op(T_DSEMI, 2) : op(T_SEMI, 1);
    case '&': return d == '&' ? op(T_AND_IF, 2) : op(T_AMP, 1);
    case '|': return d == '|' ? op(T_OR_IF, 2) : op(T_PIPE, 1);
    case '(': return op(T_LPAREN, 1);
    case ')': return op(T_RPAREN, 1);
    case '<':
      if (d == '<') return e == '-' ? op(T_DLESSDASH, 3) : op(T_DLESS, 2);
      if (d == '&') return op(T_LESSAND, 2);
      if (d == '>') return op(T_LESSGREAT, 2);
      return op(T_LESS, 1);
    case '>':
      if (d == '>') return op(T_DGREAT, 2);
      if (d == '&') return op(T_GREATAND, 2);
      if (d == '|') return op(T_CLOBBER, 2);
      return op(T_GREAT, 1);
    default: break;
  }
  // An IO number: digits right before < or >.
  size_t q = p.pos;
  while (q < p.len && is_digit(p.s[q])) ++q;
  if (q > p.pos && (at(p, q) == '<' || at(p, q) == '>')) {
    t.t = T_IONUMBER;
    t.text = xstrndup(p.s + p.pos, q - p.pos);
    p.pos = q;
    return t;
  }
  t.t = T_WORD;
  t.text = scan_word(p, &t.quoted);
  return t;
}

Tok& peek(Parser& p) {
  if (!p.have) {
    p.tok = lex(p);
    p.have = true;
  }
  return p.tok;
}

Tok next(Parser& p) {
  peek(p);
  p.have = false;
  p.last_end = p.pos;
  return p.tok;
}

bool is_word(Parser& p, const char* w) {
  Tok& t = peek(p);
  return t.t == T_WORD && !t.quoted && seq(t.text, w);
}

const char* const kReserved[] = {"if", "then", "else", "elif", "fi", "do", "done", "case", "esac",
                                 "while", "until", "for", "{", "}", "!", "in"};

bool reserved(const Tok& t) {
  if (t.t != T_WORD || t.quoted) return false;
  for (const char* r : kReserved)
    if (seq(t.text, r)) return true;
  return false;
}

// How dash names a token in "X unexpected".
void describe(const Tok& t, Buf* b) {
  static const char* const ops[] = {nullptr, nullptr, "newline", "end of file", "\";\"", "\"&\"", "\"|\"",
                                    "\"&&\"", "\"||\"", "\";;\"", "\"(\"", "\")\"", "\"<\"", "\">\"", "\">>\"",
                                    "\"<&\"", "\">&\"", "\"<>\"", "\"<<\"", "\"<<-\"", "\">|\""};
  if (t.t == T_WORD && reserved(t)) {
    b->put('"');
    b->puts(t.text);
    b->put('"');
  } else if (t.t == T_WORD || t.t == T_IONUMBER) {
    b->puts("word");
  } else {
    b->puts(ops[t.t]);
  }
}

void unexpected(Parser& p, const char* expecting = nullptr) {
  Tok& t = peek(p);
  if (p.err != 0) return;
  if (t.t == T_EOF && p.more_ok) {
    p.err = 3;
    return;
  }
  Buf b;
  describe(t, &b);
  b.puts(" unexpected");
  if (expecting != nullptr) {
    b.puts(" (expecting ");
    b.puts(expecting);
    b.put(')');
  }
  syntax(p, b.c_str(), nullptr, t.line);
  b.release();
}

bool expect_word(Parser& p, const char* w, const char* quoted_name) {
  if (p.err != 0) return false;
  if (!is_word(p, w)) {
    unexpected(p, quoted_name);
    return false;
  }
  next(p);
  return true;
}

void skip_newlines(Parser& p) {
  while (p.err == 0 && peek(p).t == T_NEWLINE) next(p);
}

Node* new_node(NodeType t, int line) {
  Node* n = static_cast<Node*>(xalloc(sizeof(Node)));
  n->type = t;
  n->line = line;
  return n;
}

Node* pair(NodeType t, Node* a, Node* b) {
  Node* n = new_node(t, a != nullptr ? a->line : 0);
  n->a = a;
  n->b = b;
  return n;
}

Node* parse_and_or(Parser& p);
Node* parse_command(Parser& p);

// `n &`: an N_ASYNC with the job's text (from `start` to the last token).
Node* async_of(Parser& p, Node* n, size_t start) {
  Node* a = new_node(N_ASYNC, n->line);
  a->a = n;
  a->str = xstrndup(p.s + start, p.last_end - start);
  return a;
}

bool stops_list(Parser& p, const char* const* stops) {
  Tok& t = peek(p);
  if (t.t == T_EOF || t.t == T_RPAREN || t.t == T_DSEMI) return true;
  if (t.t != T_WORD || t.quoted) return false;
  for (; *stops != nullptr; ++stops)
    if (seq(t.text, *stops)) return true;
  return false;
}

// Reserved words that end a list wherever they stand.
bool closing_word(Parser& p) {
  static const char* const words[] = {"then", "else", "elif", "fi", "do", "done", "esac", "}", nullptr};
  return stops_list(p, words);
}

// A compound list up to one of `stops` (not consumed). Empty: an error at
// the token that ended it (at the end of input: naming `expecting`).
Node* parse_clist(Parser& p, const char* const* stops, const char* expecting) {
  skip_newlines(p);
  Node* list = nullptr;
  while (p.err == 0 && !stops_list(p, stops) && !closing_word(p)) {
    const size_t start = peek(p).start;
    Node* n = parse_and_or(p);
    if (p.err != 0) return nullptr;
    Tok& t = peek(p);
    bool more = false;
    if (t.t == T_SEMI || t.t == T_AMP) {
      if (t.t == T_AMP) n = async_of(p, n, start);
      next(p);
      skip_newlines(p);
      more = true;
    } else if (t.t == T_NEWLINE) {
      skip_newlines(p);
      more = true;
    }
    list = list == nullptr ? n : pair(N_SEQ, list, n);
    if (!more) break;
  }
  if (p.err == 0 && list == nullptr) unexpected(p, peek(p).t == T_EOF ? expecting : nullptr);
  return list;
}

bool parse_redirect(Parser& p, Node* n) {
  int fd = -1;
  if (peek(p).t == T_IONUMBER) {
    Tok t = next(p);
    long v = 0;
    parse_int(t.text, &v);
    fd = static_cast<int>(v);
    xfree(t.text);
  }
  Tok op = next(p);
  Redir* r = static_cast<Redir*>(xalloc(sizeof(Redir)));
  switch (op.t) {
    case T_LESS: r->type = R_IN; break;
    case T_GREAT: r->type = R_OUT; break;
    case T_DGREAT: r->type = R_APPEND; break;
    case T_CLOBBER: r->type = R_CLOBBER; break;
    case T_LESSGREAT: r->type = R_RDWR; break;
    case T_LESSAND: r->type = R_DUPIN; break;
    case T_GREATAND: r->type = R_DUPOUT; break;
    default: r->type = R_HEREDOC; break;
  }
  const bool input = r->type == R_IN || r->type == R_RDWR || r->type == R_DUPIN || r->type == R_HEREDOC;
  r->fd = fd >= 0 ? fd : (input ? 0 : 1);
  r->strip_tabs = op.t == T_DLESSDASH;
  if (peek(p).t != T_WORD) {
    xfree(r);
    unexpected(p);
    return false;
  }
  Tok w = next(p);
  if (r->type == R_HEREDOC) {
    // The delimiter, quotes removed; quoted: the body is taken as is.
    Buf d;
    for (const char* c = w.text; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '"') {
        r->quoted = true;
        continue;
      }
      if (*c == '\\' && c[1] != '\0') {
        r->quoted = true;
        ++c;
      }
      d.put(*c);
    }
    xfree(w.text);
    if (p.npending == kMaxPending) {
      syntax(p, "too many here-documents");
      d.release();
      return false;
    }
    p.pending[p.npending] = r;
    p.delim[p.npending++] = d.take();
  } else {
    r->word = w.text;
  }
  Redir** tail = &n->redirs;
  while (*tail != nullptr) tail = &(*tail)->next;
  *tail = r;
  return true;
}

bool at_redirect(Parser& p) {
  const TokType t = peek(p).t;
  return t == T_IONUMBER || (t >= T_LESS && t <= T_CLOBBER);
}

void parse_redirects(Parser& p, Node* n) {
  while (p.err == 0 && at_redirect(p))
    if (!parse_redirect(p, n)) return;
}

// ")" and the newlines after it; false (reported) when it is not there.
bool close_paren(Parser& p) {
  if (peek(p).t != T_RPAREN) {
    unexpected(p, "\")\"");
    return false;
  }
  next(p);
  skip_newlines(p);
  return true;
}

bool is_assignment(const char* w) {
  size_t i = 0;
  while (w[i] != '\0' && w[i] != '=') ++i;
  return w[i] == '=' && is_name(w, i);
}

Node* parse_simple(Parser& p) {
  Node* n = new_node(N_SIMPLE, peek(p).line);
  for (;;) {
    if (p.err != 0) return nullptr;
    if (at_redirect(p)) {
      if (!parse_redirect(p, n)) return nullptr;
      continue;
    }
    Tok& t = peek(p);
    if (t.t != T_WORD) break;
    Tok w = next(p);
    if (n->words.n == 0 && is_assignment(w.text)) {
      n->assigns.push(w.text);
      continue;
    }
    n->words.push(w.text);
    if (n->words.n == 1 && n->assigns.n == 0 && n->redirs == nullptr && peek(p).t == T_LPAREN) {
      // NAME ( ) compound-command: a function definition.
      next(p);
      if (!close_paren(p)) return nullptr;
      Node* f = new_node(N_FUNC, n->line);
      f->str = xstrdup(n->words.v[0]);
      f->a = parse_command(p);
      free_node(n);
      return p.err != 0 ? nullptr : f;
    }
  }
  if (n->words.n == 0 && n->assigns.n == 0 && n->redirs == nullptr) {
    free_node(n);
    unexpected(p);
    return nullptr;
  }
  return n;
}

const char* const kStopThen[] = {"then", nullptr};
const char* const kStopElse[] = {"elif", "else", "fi", nullptr};
const char* const kStopFi[] = {"fi", nullptr};
const char* const kStopDo[] = {"do", nullptr};
const char* const kStopDone[] = {"done", nullptr};
const char* const kStopBrace[] = {"}", nullptr};
const char* const kStopEsac[] = {"esac", nullptr};
const char* const kStopNone[] = {nullptr};

Node* parse_if(Parser& p, int line) {  // after "if" / "elif"
  Node* n = new_node(N_IF, line);
  n->a = parse_clist(p, kStopThen, "\"then\"");
  if (!expect_word(p, "then", "\"then\"")) return nullptr;
  n->b = parse_clist(p, kStopElse, "\"fi\"");
  if (p.err != 0) return nullptr;
  if (is_word(p, "elif")) {
    Tok t = next(p);
    n->c = parse_if(p, t.line);
    return p.err != 0 ? nullptr : n;
  }
  if (is_word(p, "else")) {
    next(p);
    n->c = parse_clist(p, kStopFi, "\"fi\"");
  }
  if (!expect_word(p, "fi", "\"fi\"")) return nullptr;
  return n;
}

// "do list done" into *body; false on an error.
bool parse_do_group(Parser& p, Node** body) {
  if (!expect_word(p, "do", "\"do\"")) return false;
  *body = parse_clist(p, kStopDone, "\"done\"");
  return expect_word(p, "done", "\"done\"");
}

Node* parse_loop(Parser& p, NodeType t, int line) {
  Node* n = new_node(t, line);
  n->a = parse_clist(p, kStopDo, "\"do\"");
  return parse_do_group(p, &n->b) ? n : nullptr;
}

Node* parse_for(Parser& p, int line) {
  Node* n = new_node(N_FOR, line);
  Tok& v = peek(p);
  if (v.t != T_WORD || !is_name(v.text, slen(v.text))) {
    if (v.t == T_WORD) syntax(p, "Bad for loop variable");
    else unexpected(p);
    return nullptr;
  }
  n->str = next(p).text;
  skip_newlines(p);
  if (is_word(p, "in")) {
    next(p);
    while (p.err == 0 && peek(p).t == T_WORD) n->words.push(next(p).text);
    if (peek(p).t == T_SEMI || peek(p).t == T_NEWLINE) next(p);
    else {
      unexpected(p, "\"do\"");
      return nullptr;
    }
  } else {
    n->flags |= F_NOIN;
    if (peek(p).t == T_SEMI) next(p);
  }
  skip_newlines(p);
  return parse_do_group(p, &n->a) ? n : nullptr;
}

Node* parse_case(Parser& p, int line) {
  Node* n = new_node(N_CASE, line);
  if (peek(p).t != T_WORD) {
    unexpected(p);
    return nullptr;
  }
  n->str = next(p).text;
  skip_newlines(p);
  if (!expect_word(p, "in", "\"in\"")) return nullptr;
  Node** tail = &n->b;
  for (;;) {
    skip_newlines(p);
    if (p.err != 0) return nullptr;
    if (is_word(p, "esac")) {
      next(p);
      return n;
    }
    Node* item = new_node(N_CASEITEM, peek(p).line);
    if (peek(p).t == T_LPAREN) next(p);
    for (;;) {
      if (peek(p).t != T_WORD) {
        unexpected(p, "\")\"");
        return nullptr;
      }
      item->words.push(next(p).text);
      if (peek(p).t != T_PIPE) break;
      next(p);
    }
    if (!close_paren(p)) return nullptr;
    if (peek(p).t != T_DSEMI && !is_word(p, "esac")) item->a = parse_clist(p, kStopEsac, "\"esac\"");
    if (p.err != 0) return nullptr;
    *tail = item;
    tail = &item->next;
    if (peek(p).t == T_DSEMI) {
      next(p);
      continue;
    }
    skip_newlines(p);
    if (!is_word(p, "esac")) {
      unexpected(p, "\"esac\"");
      return nullptr;
    }
  }
}

Node* parse_command(Parser& p) {
  Tok& t = peek(p);
  const int line = t.line;
  Node* n = nullptr;
  if (t.t == T_LPAREN) {
    next(p);
    n = new_node(N_SUBSHELL, line);
    n->a = parse_clist(p, kStopNone, "\")\"");
    if (p.err != 0) return nullptr;
    if (peek(p).t != T_RPAREN) {
      unexpected(p, "\")\"");
      return nullptr;
    }
    next(p);
  } else if (reserved(t)) {
    if (seq(t.text, "if")) {
      next(p);
      n = parse_if(p, line);
    } else if (seq(t.text, "while") || seq(t.text, "until")) {
      const NodeType nt = seq(t.text, "while") ? N_WHILE : N_UNTIL;
      next(p);
      n = parse_loop(p, nt, line);
    } else if (seq(t.text, "for")) {
      next(p);
      n = parse_for(p, line);
    } else if (seq(t.text, "case")) {
      next(p);
      n = parse_case(p, line);
    } else if (seq(t.text, "{")) {
      next(p);
      n = new_node(N_GROUP, line);
      n->a = parse_clist(p, kStopBrace, "\"}\"");
      if (!expect_word(p, "}", "\"}\"")) return nullptr;
    } else {
      unexpected(p);
      return nullptr;
    }
  } else {
    return parse_simple(p);
  }
  if (p.err != 0 || n == nullptr) return nullptr;
  parse_redirects(p, n);
  return p.err != 0 ? nullptr : n;
}

Node* parse_pipeline(Parser& p) {
  const size_t start = peek(p).start;
  bool bang = false;
  while (is_word(p, "!")) {
    next(p);
    bang = !bang;
  }
  Node* first = parse_command(p);
  if (p.err != 0) return nullptr;
  Node* last = first;
  int count = 1;
  while (peek(p).t == T_PIPE) {
    next(p);
    skip_newlines(p);
    Node* c = parse_command(p);
    if (p.err != 0) return nullptr;
    last->next = c;
    last = c;
    ++count;
  }
  if (count == 1 && !bang) return first;
  Node* n = new_node(N_PIPE, first->line);
  n->a = first;
  n->flags = bang ? F_BANG : 0;
  n->str = xstrndup(p.s + start, p.last_end - start);
  return n;
}

Node* parse_and_or(Parser& p) {
  Node* n = parse_pipeline(p);
  while (p.err == 0 && (peek(p).t == T_AND_IF || peek(p).t == T_OR_IF)) {
    const NodeType t = next(p).t == T_AND_IF ? N_AND : N_OR;
    skip_newlines(p);
    Node* r = parse_pipeline(p);
    if (p.err != 0) return nullptr;
    n = pair(t, n, r);
  }
  return p.err != 0 ? nullptr : n;
}

}  // namespace

Node* parse_command(const char* src, size_t len, size_t* pos, int* line, bool more_ok, int* status) {
  Parser p{};
  p.s = src;
  p.len = len;
  p.pos = *pos;
  p.line = *line;
  p.more_ok = more_ok;
  Tok& t = peek(p);
  if (t.t == T_EOF) {
    *status = p.err == 3 ? 3 : 1;
    *pos = p.pos;
    return nullptr;
  }
  if (t.t == T_NEWLINE) {
    next(p);
    *pos = p.pos;
    *line = p.line;
    *status = 0;
    return nullptr;
  }
  Node* list = nullptr;
  for (;;) {
    const size_t start = peek(p).start;
    Node* n = parse_and_or(p);
    if (p.err != 0) break;
    Tok& s = peek(p);
    if (s.t == T_SEMI || s.t == T_AMP) {
      if (s.t == T_AMP) n = async_of(p, n, start);
      next(p);
      list = list == nullptr ? n : pair(N_SEQ, list, n);
      if (peek(p).t == T_NEWLINE || peek(p).t == T_EOF) break;
      continue;
    }
    list = list == nullptr ? n : pair(N_SEQ, list, n);
    break;
  }
  if (p.err == 0) {
    Tok& e = peek(p);
    if (e.t == T_EOF && more_ok) p.err = 3;  // the line may go on in input not read yet
    else if (e.t == T_NEWLINE) next(p);
    else if (e.t != T_EOF) unexpected(p);
    if (p.err == 0 && e.t == T_EOF && p.npending > 0) peek(p);
  }
  if (p.err != 0) {
    *status = p.err;
    if (p.err == 2) {
      // Skip the rest of the line (an interactive shell goes on after it).
      size_t q = p.pos;
      while (q < len && src[q] != '\n') ++q;
      *pos = q < len ? q + 1 : q;
      *line = p.line + 1;
    }
    return nullptr;
  }
  *pos = p.pos;
  *line = p.line;
  *status = 0;
  return list;
}

namespace {

StrVec clone_vec(const StrVec& v) {
  StrVec r;
  for (int i = 0; i < v.n; ++i) r.push(xstrdup(v.v[i]));
  return r;
}

}  // namespace

Node* clone_node(const Node* n) {
  if (n == nullptr) return nullptr;
  Node* c = static_cast<Node*>(xalloc(sizeof(Node)));
  *c = *n;
  c->a = clone_node(n->a);
  c->b = clone_node(n->b);
  c->c = clone_node(n->c);
  c->next = clone_node(n->next);
  c->words = clone_vec(n->words);
  c->assigns = clone_vec(n->assigns);
  c->str = xstrdup(n->str);
  Redir** tail = &c->redirs;
  for (const Redir* r = n->redirs; r != nullptr; r = r->next) {
    Redir* d = static_cast<Redir*>(xalloc(sizeof(Redir)));
    *d = *r;
    d->word = xstrdup(r->word);
    d->next = nullptr;
    *tail = d;
    tail = &d->next;
  }
  return c;
}

void free_node(Node* n) {
  while (n != nullptr) {
    free_node(n->a);
    free_node(n->b);
    free_node(n->c);
    n->words.release();
    n->assigns.release();
    xfree(n->str);
    for (Redir* r = n->redirs; r != nullptr;) {
      Redir* nx = r->next;
      xfree(r->word);
      xfree(r);
      r = nx;
    }
    Node* nx = n->next;
    xfree(n);
    n = nx;
  }
}

}  // namespace sh
