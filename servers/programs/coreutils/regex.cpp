// programs/coreutils/regex.cpp — see regex.h.
//
// A pattern is parsed into nodes in one arena: an alternation node holds
// branches (sequences), a sequence holds items, an item is an atom with a
// repetition {min, max}. Matching walks items with a continuation chain
// (what follows when an inner sequence ends), trying the longest
// repetition first and backing off.
#include "programs/coreutils/regex.h"

#include "trona/core/heap.h"

namespace cu {

using lib::Str;

enum class Kind : uint8_t { kChar, kAny, kSet, kGroup, kBackref, kBol, kEol, kAlt, kSeq };

struct RegexNode {
  Kind kind = Kind::kChar;
  unsigned char ch = 0;
  uint32_t min = 1, max = 1;  // repetition of this atom; max ~0u = unbounded
  uint8_t set[32] = {};
  size_t group = 0;           // kGroup: capture index; kBackref: which
  size_t child = 0;           // kGroup: its kAlt node
  size_t first = 0, next = 0;  // kAlt: first branch; kSeq: first item; items/branches: next sibling (0 = none)
};

namespace {

constexpr uint32_t kInf = ~0u;

unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c; }
unsigned char upper(unsigned char c) { return c >= 'a' && c <= 'z' ? static_cast<unsigned char>(c - 32) : c; }
void set_bit(uint8_t* s, unsigned char c) { s[c >> 3] |= static_cast<uint8_t>(1u << (c & 7)); }
bool has_bit(const uint8_t* s, unsigned char c) { return (s[c >> 3] >> (c & 7)) & 1; }

bool in_class(Str name, unsigned char c) {
  bool al = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'), di = c >= '0' && c <= '9';
  if (name == Str("alpha")) return al;
  if (name == Str("digit")) return di;
  if (name == Str("alnum")) return al || di;
  if (name == Str("upper")) return c >= 'A' && c <= 'Z';
  if (name == Str("lower")) return c >= 'a' && c <= 'z';
  if (name == Str("space")) return c == ' ' || (c >= '\t' && c <= '\r');
  if (name == Str("blank")) return c == ' ' || c == '\t';
  if (name == Str("punct")) return c > 32 && c < 127 && !al && !di;
  if (name == Str("print")) return c >= 32 && c < 127;
  if (name == Str("graph")) return c > 32 && c < 127;
  if (name == Str("cntrl")) return c < 32 || c == 127;
  if (name == Str("xdigit")) return di || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  return false;
}

bool known_class(Str name) {
  const char* names[] = {"alpha", "digit", "alnum", "upper", "lower", "space",
                         "blank", "punct", "print", "graph", "cntrl", "xdigit"};
  for (const char* n : names)
    if (name == Str(n)) return true;
  return false;
}

}  // namespace

size_t Regex::add() {
  if (count_ == cap_) {
    size_t c = cap_ == 0 ? 32 : cap_ * 2;
    void* p = trona::realloc(nodes_, c * sizeof(RegexNode));
    if (p == nullptr) return 0;
    nodes_ = static_cast<RegexNode*>(p);
    cap_ = c;
  }
  nodes_[count_] = RegexNode{};
  return count_++;
}

struct Parser {
  Regex& re;
  RegexNode*& nodes;  // re-read after each add (the arena moves)
  Str p;
  size_t i = 0;
  bool ere, icase;
  size_t* groups;
  const char* error = nullptr;
  size_t open_groups = 0;

  bool at_escaped(char c) const { return !ere && i + 1 < p.size && p[i] == '\\' && p[i + 1] == c; }
  bool at_plain(char c) const { return ere && i < p.size && p[i] == c; }
  bool at_alt() const { return at_escaped('|') || at_plain('|'); }
  bool at_close() const { return (at_escaped(')') || at_plain(')')) && open_groups > 0; }

  size_t node() {
    size_t n = re.add();
    if (n == 0 && re.count_ != 1) error = "Memory exhausted";
    return n;
  }

  // alternation := sequence ('|' sequence)*
  size_t alternation() {
    size_t alt = node();
    if (error) return 0;
    nodes[alt].kind = Kind::kAlt;
    size_t last = 0;
    for (;;) {
      size_t s = sequence();
      if (error) return 0;
      if (last == 0) nodes[alt].first = s;
      else nodes[last].next = s;
      last = s;
      if (!at_alt()) break;
      i += ere ? 1 : 2;
    }
    return alt;
  }

  size_t sequence() {
    size_t seq = node();
    if (error) return 0;
    nodes[seq].kind = Kind::kSeq;
    size_t last = 0;
    bool start = true;
    while (i < p.size && !at_alt() && !at_close()) {
      size_t item = atom(start);
      if (error) return 0;
      if (item == 0) continue;  // nothing (e.g. a stray piece consumed)
      repetitions(item);
      if (error) return 0;
      if (last == 0) nodes[seq].first = item;
      else nodes[last].next = item;
      last = item;
      start = false;
    }
    if (!ere && i + 1 < p.size && p[i] == '\\' && p[i + 1] == ')' && open_groups == 0) error = "Unmatched ) or \\)";
    return seq;
  }

  void repetitions(size_t item) {
    for (;;) {
      uint32_t mn, mx;
      if (i < p.size && p[i] == '*') {
        mn = 0, mx = kInf, i += 1;
      } else if (at_escaped('+') || at_plain('+')) {
        mn = 1, mx = kInf, i += ere ? 1 : 2;
      } else if (at_escaped('?') || at_plain('?')) {
        mn = 0, mx = 1, i += ere ? 1 : 2;
      } else if (at_escaped('{') || (at_plain('{') && ere_interval_ahead())) {
        i += ere ? 1 : 2;
        if (!interval(&mn, &mx)) return;
      } else {
        return;
      }
      RegexNode& n = nodes[item];
      if (n.kind == Kind::kBol || n.kind == Kind::kEol) continue;
      // a{2}{3}: multiply (good enough for the stacked forms).
      uint64_t nmin = static_cast<uint64_t>(n.min) * mn;
      uint64_t nmax = n.max == kInf || mx == kInf ? kInf : static_cast<uint64_t>(n.max) * mx;
      n.min = nmin > 0xFFFF ? 0xFFFF : static_cast<uint32_t>(nmin);
      n.max = nmax >= kInf ? kInf : static_cast<uint32_t>(nmax);
    }
  }

  // ERE: "{" starts an interval only as "{m}", "{m,}", "{,n}", "{m,n}";
  // otherwise it is an ordinary character (GNU grep -E).
  bool ere_interval_ahead() const {
    size_t j = i + 1;
    bool digits = false;
    while (j < p.size && p[j] >= '0' && p[j] <= '9') ++j, digits = true;
    if (j < p.size && p[j] == ',') {
      ++j;
      while (j < p.size && p[j] >= '0' && p[j] <= '9') ++j, digits = true;
    }
    return digits && j < p.size && p[j] == '}';
  }

  bool interval(uint32_t* mn, uint32_t* mx) {
    auto num = [&](uint32_t* v) {
      bool any = false;
      *v = 0;
      while (i < p.size && p[i] >= '0' && p[i] <= '9') {
        *v = *v * 10 + static_cast<uint32_t>(p[i++] - '0');
        if (*v > 0x7FFF) *v = 0x7FFF;
        any = true;
      }
      return any;
    };
    bool has_min = num(mn);
    if (!has_min) *mn = 0;
    *mx = *mn;
    if (i < p.size && p[i] == ',') {
      ++i;
      if (!num(mx)) *mx = kInf;
    } else if (!has_min) {
      error = "Invalid content of \\{\\}";
      return false;
    }
    bool closed = ere ? (i < p.size && p[i] == '}') : (i + 1 < p.size && p[i] == '\\' && p[i + 1] == '}');
    if (!closed) {
      error = i >= p.size ? (ere ? "Unmatched { or \\{" : "Unmatched \\{") : "Invalid content of \\{\\}";
      return false;
    }
    i += ere ? 1 : 2;
    if (*mx < *mn) {
      error = "Invalid content of \\{\\}";
      return false;
    }
    return true;
  }

  size_t literal(unsigned char c) {
    size_t n = node();
    if (error) return 0;
    if (icase && lower(c) != upper(c)) {
      nodes[n].kind = Kind::kSet;
      set_bit(nodes[n].set, lower(c));
      set_bit(nodes[n].set, upper(c));
    } else {
      nodes[n].kind = Kind::kChar;
      nodes[n].ch = c;
    }
    return n;
  }

  size_t class_escape(char c) {
    size_t n = node();
    if (error) return 0;
    nodes[n].kind = Kind::kSet;
    for (int ch = 0; ch < 256; ++ch) {
      unsigned char u = static_cast<unsigned char>(ch);
      bool word = in_class("alnum", u) || u == '_';
      bool space = in_class("space", u);
      bool in = c == 'w' ? word : c == 'W' ? !word : c == 's' ? space : !space;
      if (in) set_bit(nodes[n].set, u);
    }
    return n;
  }

  size_t atom(bool start) {
    char c = p[i];
    if (c == '^' && (ere || start)) {
      ++i;
      size_t n = node();
      if (!error) nodes[n].kind = Kind::kBol;
      return n;
    }
    if (c == '$') {
      bool last = i + 1 == p.size ||
                  (!ere && i + 2 < p.size && p[i + 1] == '\\' && (p[i + 2] == ')' || p[i + 2] == '|'));
      if (ere || last) {
        ++i;
        size_t n = node();
        if (!error) nodes[n].kind = Kind::kEol;
        return n;
      }
    }
    if (c == '*' && start && !ere) {
      ++i;
      return literal('*');
    }
    if (ere && (c == '*' || c == '+' || c == '?') && start) {
      ++i;
      return literal(static_cast<unsigned char>(c));
    }
    if (c == '.') {
      ++i;
      size_t n = node();
      if (!error) nodes[n].kind = Kind::kAny;
      return n;
    }
    if (c == '[') {
      if (i + 1 == p.size) {
        error = "Invalid regular expression";  // what GNU grep says for a final "["
        return 0;
      }
      return bracket();
    }
    if ((ere && c == '(') || (!ere && c == '\\' && i + 1 < p.size && p[i + 1] == '(')) {
      i += ere ? 1 : 2;
      size_t g = node();
      if (error) return 0;
      size_t index = ++*groups;
      nodes[g].kind = Kind::kGroup;
      nodes[g].group = index;
      ++open_groups;
      size_t alt = alternation();
      if (error) return 0;
      --open_groups;
      nodes[g].child = alt;
      bool closed = ere ? (i < p.size && p[i] == ')') : (i + 1 < p.size && p[i] == '\\' && p[i + 1] == ')');
      if (!closed) {
        error = "Unmatched ( or \\(";
        return 0;
      }
      i += ere ? 1 : 2;
      return g;
    }
    if (ere && c == ')') {  // unmatched ')' in an ERE is an ordinary character
      ++i;
      return literal(')');
    }
    if (ere && c == '{') {  // not an interval (repetitions() took those)
      ++i;
      return literal('{');
    }
    if (c == '\\') {
      if (i + 1 >= p.size) {
        error = "Trailing backslash";
        return 0;
      }
      char e = p[i + 1];
      i += 2;
      if (e >= '1' && e <= '9') {
        size_t which = static_cast<size_t>(e - '0');
        if (which > *groups) {
          error = "Invalid back reference";
          return 0;
        }
        size_t n = node();
        if (!error) {
          nodes[n].kind = Kind::kBackref;
          nodes[n].group = which;
        }
        return n;
      }
      if (e == 'w' || e == 'W' || e == 's' || e == 'S') return class_escape(e);
      if (!ere && e == ')') {
        error = "Unmatched ) or \\)";
        return 0;
      }
      if (!ere && e == '{' && start) return literal('{');
      return literal(static_cast<unsigned char>(e));
    }
    ++i;
    return literal(static_cast<unsigned char>(c));
  }

  size_t bracket() {
    size_t start = i++;
    size_t n = node();
    if (error) return 0;
    uint8_t set[32] = {};
    bool negate = false;
    if (i < p.size && p[i] == '^') {
      negate = true;
      ++i;
    }
    bool first = true;
    for (;;) {
      if (i >= p.size) {
        error = "Unmatched [, [^, [:, [., or [=";
        return 0;
      }
      unsigned char c = static_cast<unsigned char>(p[i]);
      if (c == ']' && !first) {
        ++i;
        break;
      }
      first = false;
      if (c == '[' && i + 1 < p.size && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
        char kind = p[i + 1];
        size_t close = i + 2;
        while (close + 1 < p.size && !(p[close] == kind && p[close + 1] == ']')) ++close;
        if (close + 1 >= p.size) {
          error = "Unmatched [, [^, [:, [., or [=";
          return 0;
        }
        Str name = p.sub(i + 2, close - (i + 2));
        if (kind != ':' || !known_class(name)) {
          error = kind == ':' ? "Invalid character class name" : "Invalid collation character";
          return 0;
        }
        for (int ch = 0; ch < 256; ++ch)
          if (in_class(name, static_cast<unsigned char>(ch))) set_bit(set, static_cast<unsigned char>(ch));
        i = close + 2;
        continue;
      }
      ++i;
      unsigned char hi = c;
      if (i + 1 < p.size && p[i] == '-' && p[i + 1] != ']') {
        hi = static_cast<unsigned char>(p[i + 1]);
        i += 2;
        if (hi < c) {
          error = "Invalid range end";
          return 0;
        }
      }
      for (unsigned v = c; v <= hi; ++v) set_bit(set, static_cast<unsigned char>(v));
    }
    (void)start;
    if (icase)
      for (int ch = 0; ch < 256; ++ch)
        if (has_bit(set, static_cast<unsigned char>(ch))) {
          set_bit(set, lower(static_cast<unsigned char>(ch)));
          set_bit(set, upper(static_cast<unsigned char>(ch)));
        }
    RegexNode& r = nodes[n];
    r.kind = Kind::kSet;
    for (int k = 0; k < 32; ++k) r.set[k] = negate ? static_cast<uint8_t>(~set[k]) : set[k];
    if (negate) r.set['\n' >> 3] &= static_cast<uint8_t>(~(1u << ('\n' & 7)));
    return n;
  }
};

const char* Regex::compile(Str pattern, bool extended, bool icase) {
  count_ = 0;
  groups_ = 0;
  icase_ = icase;
  Parser ps{*this, nodes_, pattern, 0, extended, icase, &groups_};
  ps.alternation();
  if (ps.error == nullptr && ps.i < pattern.size) ps.error = "Unmatched ) or \\)";
  return ps.error;
}

// The continuation: what to match once the current sequence is done.
struct Frame {
  enum Kind : uint8_t { kRest, kRepeat, kClose } kind;
  size_t item;        // kRest: the item to continue at (0 = end of that sequence); kRepeat/kClose: the group
  uint32_t count;     // kRepeat: repetitions done
  size_t start;       // kRepeat: where this repetition began; kClose: where the group began
  const Frame* next;
};

struct Matcher {
  const Regex& re;
  Str s;
  size_t cap_start[10] = {}, cap_end[10] = {};
  bool cap_set[10] = {};
  int budget = 200000;  // steps before giving up (pathological patterns)

  const RegexNode& n(size_t i) const { return re.nodes_[i]; }

  bool single(const RegexNode& a, size_t pos) const {
    if (pos >= s.size) return false;
    unsigned char c = static_cast<unsigned char>(s[pos]);
    switch (a.kind) {
      case Kind::kChar: return c == a.ch;
      case Kind::kAny: return true;
      case Kind::kSet: return has_bit(a.set, c);
      default: return false;
    }
  }

  bool cont(const Frame* k, size_t pos) {
    if (k == nullptr) return true;
    switch (k->kind) {
      case Frame::kRest: return items(k->item, pos, k->next);
      case Frame::kClose: {
        const RegexNode& g = n(k->item);
        size_t gi = g.group < 10 ? g.group : 0;
        size_t os = cap_start[gi], oe = cap_end[gi];
        bool oset = cap_set[gi];
        cap_start[gi] = k->start;
        cap_end[gi] = pos;
        cap_set[gi] = true;
        if (cont(k->next, pos)) return true;
        cap_start[gi] = os, cap_end[gi] = oe, cap_set[gi] = oset;
        return false;
      }
      case Frame::kRepeat: return repeat(k->item, k->count, pos, k->start, k->next);
    }
    return false;
  }

  // Group `g` has matched `count` times, the last ending at pos.
  bool repeat(size_t g, uint32_t count, size_t pos, size_t last_start, const Frame* k) {
    const RegexNode& node = n(g);
    if (--budget < 0) return false;
    bool progressed = count == 0 || pos != last_start;
    if (count < node.max && progressed) {
      Frame again{Frame::kRepeat, g, count + 1, pos, k};
      Frame close{Frame::kClose, g, 0, pos, &again};
      for (size_t b = n(node.child).first; b != 0; b = n(b).next)
        if (items(n(b).first, pos, &close)) return true;
    }
    if (count >= node.min || !progressed) return cont(k, pos);
    return false;
  }

  bool items(size_t item, size_t pos, const Frame* k) {
    if (--budget < 0) return false;
    if (item == 0) return cont(k, pos);
    const RegexNode& a = n(item);
    switch (a.kind) {
      case Kind::kBol: return pos == 0 && items(a.next, pos, k);
      case Kind::kEol: return pos == s.size && items(a.next, pos, k);
      case Kind::kGroup: {
        Frame rest{Frame::kRest, a.next, 0, 0, k};
        return repeat(item, 0, pos, pos, &rest);
      }
      case Kind::kBackref: {
        size_t gi = a.group;
        if (!cap_set[gi]) return false;
        size_t len = cap_end[gi] - cap_start[gi];
        uint32_t count = 0;
        size_t at = pos;
        size_t ends[64];
        ends[0] = pos;
        while (count < a.max && count < 63) {
          bool eq = at + len <= s.size;
          for (size_t j = 0; eq && j < len; ++j) {
            unsigned char x = static_cast<unsigned char>(s[cap_start[gi] + j]), y = static_cast<unsigned char>(s[at + j]);
            eq = re.icase_ ? lower(x) == lower(y) : x == y;
          }
          if (!eq) break;
          at += len;
          ends[++count] = at;
          if (len == 0) break;
        }
        for (uint32_t c = count + 1; c-- > 0;) {
          if (c < a.min) break;
          if (items(a.next, ends[c], k)) return true;
        }
        return false;
      }
      default: {
        size_t count = 0;
        while (count < a.max && single(a, pos + count)) ++count;
        for (size_t c = count + 1; c-- > 0;) {
          if (c < a.min) break;
          if (items(a.next, pos + c, k)) return true;
        }
        return false;
      }
    }
  }
};

bool Regex::search(Str line) const {
  if (count_ == 0) return false;
  for (size_t start = 0; start <= line.size; ++start) {
    Matcher m{*this, line};
    for (size_t b = nodes_[0].first; b != 0; b = nodes_[b].next)
      if (m.items(nodes_[b].first, start, nullptr)) return true;
    // An anchored pattern only matches at 0.
  }
  return false;
}

}  // namespace cu
