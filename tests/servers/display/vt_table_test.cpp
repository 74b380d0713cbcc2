// The VT100/ANSI table (data/vt100_cases.txt) run through two columns in
// the same test: the display's VtScreen (servers/drivers/display) and
// libvterm, the reference terminal emulator from Debian. Each case must
// give the table's rows, cursor and cell attributes in both; a case where
// libvterm disagrees with the table is a wrong row, one where only
// VtScreen does is a bug. Plus VtScreen's own scrollback and damage.
#include <gtest/gtest.h>
#include <vterm.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "counting_heap.h"
#include "drivers/display/vt_screen.h"

namespace {

struct CellInfo {
  std::string attrs;  // "bold underline ..." in a fixed order, then fg= bg=
  bool operator==(const CellInfo&) const = default;
};

struct Check {
  enum Kind { kRow, kCursor, kCell } kind;
  int row = 0, col = 0;
  std::string text;  // kRow: the text; kCell: the attributes as written
};

struct Case {
  std::string name;
  int line = 0, rows = 0, cols = 0;
  std::string input;
  std::vector<Check> checks;
  std::string reference_skips;  // why libvterm is not checked on this case ("" = it is)
};

std::string unquote(const std::string& q, int line) {
  if (q.size() < 2 || q.front() != '"' || q.back() != '"')
    throw std::runtime_error("line " + std::to_string(line) + ": expected a quoted string");
  std::string out;
  for (size_t i = 1; i + 1 < q.size(); ++i) {
    char c = q[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char e = q[++i];
    switch (e) {
      case 'e': out += '\x1b'; break;
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'a': out += '\a'; break;
      case 'x': out += static_cast<char>(std::stoi(q.substr(i + 1, 2), nullptr, 16)), i += 2; break;
      default: out += e; break;
    }
  }
  return out;
}

// "bold fg=1 bg=default" in the canonical order the columns print.
std::string canonical(bool bold, bool underline, bool reverse, bool italic, bool blink, const std::string& fg,
                      const std::string& bg) {
  std::string s;
  for (auto [on, name] : {std::pair{bold, "bold"}, {underline, "underline"}, {reverse, "reverse"},
                          {italic, "italic"}, {blink, "blink"}})
    if (on) s += std::string(name) + " ";
  return s + "fg=" + fg + " bg=" + bg;
}

std::string canonical_of(const std::string& written) {
  std::istringstream in(written);
  bool f[5] = {};
  std::string fg = "default", bg = "default", w;
  const char* names[5] = {"bold", "underline", "reverse", "italic", "blink"};
  while (in >> w) {
    bool known = false;
    for (int i = 0; i < 5; ++i)
      if (w == names[i]) f[i] = known = true;
    if (w.rfind("fg=", 0) == 0) fg = w.substr(3), known = true;
    if (w.rfind("bg=", 0) == 0) bg = w.substr(3), known = true;
    if (!known) throw std::runtime_error("unknown attribute '" + w + "'");
  }
  return canonical(f[0], f[1], f[2], f[3], f[4], fg, bg);
}

std::vector<Case> load() {
  std::ifstream f(std::string(SALTYSIM_TEST_DATA) + "/vt100_cases.txt");
  if (!f) throw std::runtime_error("cannot open vt100_cases.txt");
  std::vector<Case> cases;
  std::string line;
  for (int n = 1; std::getline(f, line); ++n) {
    std::istringstream in(line);
    std::string word;
    if (!(in >> word) || word[0] == '#') continue;
    if (word == "case") {
      cases.push_back({});
      in >> cases.back().name;
      cases.back().line = n;
      continue;
    }
    if (cases.empty()) throw std::runtime_error("line " + std::to_string(n) + ": outside a case");
    Case& c = cases.back();
    std::string rest;
    if (word == "size") {
      in >> c.rows >> c.cols;
    } else if (word == "input") {
      std::getline(in >> std::ws, rest);
      c.input += unquote(rest, n);
    } else if (word == "row") {
      Check k{Check::kRow, 0, 0, {}};
      in >> k.row;
      std::getline(in >> std::ws, rest);
      k.text = unquote(rest, n);
      c.checks.push_back(k);
    } else if (word == "cursor") {
      Check k{Check::kCursor, 0, 0, {}};
      in >> k.row >> k.col;
      c.checks.push_back(k);
    } else if (word == "reference-skips") {
      std::getline(in >> std::ws, rest);
      c.reference_skips = unquote(rest, n);
    } else if (word == "cell") {
      Check k{Check::kCell, 0, 0, {}};
      in >> k.row >> k.col;
      std::getline(in >> std::ws, rest);
      k.text = canonical_of(rest);
      c.checks.push_back(k);
    } else {
      throw std::runtime_error("line " + std::to_string(n) + ": unknown word '" + word + "'");
    }
  }
  return cases;
}

void append_utf8(std::string& s, uint32_t cp) {
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | cp >> 6), s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | cp >> 12), s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | cp >> 18), s += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
    s += static_cast<char>(0x80 | (cp >> 6 & 0x3F)), s += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// One terminal under test.
struct Column {
  virtual ~Column() = default;
  virtual void write(const std::string& bytes) = 0;
  virtual uint32_t ch(int row, int col) = 0;
  virtual std::string attrs(int row, int col) = 0;
  virtual std::pair<int, int> cursor() = 0;
  std::string row_text(int row, int cols) {
    std::string s;
    for (int c = 0; c < cols; ++c) append_utf8(s, ch(row, c));
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  }
};

std::string colour(uint8_t c) { return c == display::kDefaultColor ? "default" : std::to_string(c); }

struct SimColumn final : Column {
  CountingHeap heap;
  display::VtScreen vt{heap.allocator()};
  SimColumn(int rows, int cols) {
    if (!vt.init(rows, cols, 10)) throw std::runtime_error("VtScreen::init failed");
  }
  void write(const std::string& b) override { vt.write(lib::Str(b.data(), b.size())); }
  uint32_t ch(int r, int c) override { return vt.cell(r, c).ch; }
  std::string attrs(int r, int c) override {
    const display::Cell& x = vt.cell(r, c);
    return canonical(x.attrs & display::kBold, x.attrs & display::kUnderline, x.attrs & display::kReverse,
                     x.attrs & display::kItalic, x.attrs & display::kBlink, colour(x.fg), colour(x.bg));
  }
  std::pair<int, int> cursor() override { return {vt.cursor_row(), vt.cursor_col()}; }
};

struct VtermColumn final : Column {
  VTerm* vt;
  VTermScreen* screen;
  VtermColumn(int rows, int cols) : vt(vterm_new(rows, cols)) {
    vterm_set_utf8(vt, 1);
    screen = vterm_obtain_screen(vt);
    vterm_screen_enable_altscreen(screen, 1);
    vterm_screen_reset(screen, 1);
  }
  ~VtermColumn() override { vterm_free(vt); }
  void write(const std::string& b) override { vterm_input_write(vt, b.data(), b.size()); }
  VTermScreenCell get(int r, int c) {
    VTermScreenCell cell{};
    vterm_screen_get_cell(screen, VTermPos{r, c}, &cell);
    return cell;
  }
  uint32_t ch(int r, int c) override {
    VTermScreenCell cell = get(r, c);
    return cell.chars[0] ? cell.chars[0] : ' ';
  }
  static std::string colour_of(const VTermColor& col, bool fg) {
    if (fg ? VTERM_COLOR_IS_DEFAULT_FG(&col) : VTERM_COLOR_IS_DEFAULT_BG(&col)) return "default";
    if (VTERM_COLOR_IS_INDEXED(&col)) return std::to_string(col.indexed.idx);
    return "rgb";
  }
  std::string attrs(int r, int c) override {
    VTermScreenCell x = get(r, c);
    return canonical(x.attrs.bold, x.attrs.underline != 0, x.attrs.reverse, x.attrs.italic, x.attrs.blink,
                     colour_of(x.fg, true), colour_of(x.bg, false));
  }
  std::pair<int, int> cursor() override {
    VTermPos p{};
    vterm_state_get_cursorpos(vterm_obtain_state(vt), &p);
    return {p.row, p.col};
  }
};

// Every difference between the case and what `col` shows, one per line.
std::string differences(const Case& c, Column& col) {
  col.write(c.input);
  std::ostringstream out;
  std::vector<bool> named(static_cast<size_t>(c.rows));
  for (const Check& k : c.checks) {
    if (k.kind == Check::kRow) {
      named[static_cast<size_t>(k.row)] = true;
      std::string got = col.row_text(k.row, c.cols);
      if (got != k.text) out << "row " << k.row << ": \"" << got << "\", expected \"" << k.text << "\"\n";
    } else if (k.kind == Check::kCursor) {
      auto [r, cc] = col.cursor();
      if (r != k.row || cc != k.col)
        out << "cursor " << r << " " << cc << ", expected " << k.row << " " << k.col << "\n";
    } else {
      std::string got = col.attrs(k.row, k.col);
      if (got != k.text) out << "cell " << k.row << " " << k.col << ": " << got << ", expected " << k.text << "\n";
    }
  }
  for (int r = 0; r < c.rows; ++r)
    if (!named[static_cast<size_t>(r)] && !col.row_text(r, c.cols).empty())
      out << "row " << r << ": \"" << col.row_text(r, c.cols) << "\", expected blank\n";
  return out.str();
}

TEST(VtTable, EveryCaseAgreesInVtScreenAndLibvterm) {
  std::vector<Case> cases = load();
  ASSERT_GE(cases.size(), 40u);
  int failures = 0;
  for (const Case& c : cases) {
    SimColumn sim(c.rows, c.cols);
    VtermColumn ref(c.rows, c.cols);
    std::string d_ref = c.reference_skips.empty() ? differences(c, ref) : "", d_sim = differences(c, sim);
    if (!c.reference_skips.empty()) std::printf("deviation %s: %s\n", c.name.c_str(), c.reference_skips.c_str());
    if (!d_ref.empty()) ++failures, ADD_FAILURE() << c.name << " (line " << c.line << ") libvterm:\n" << d_ref;
    if (!d_sim.empty()) ++failures, ADD_FAILURE() << c.name << " (line " << c.line << ") VtScreen:\n" << d_sim;
  }
  std::printf("vt100 table: %zu cases, %d disagreements\n", cases.size(), failures);
}

TEST(VtScreen, LinesScrolledOffTheTopGoToTheScrollbackOldestFirst) {
  CountingHeap heap;
  {
    display::VtScreen vt(heap.allocator());
    ASSERT_TRUE(vt.init(2, 4, 3));
    vt.write("a\r\nb\r\nc\r\nd\r\ne\r\nf");  // a b c d left the screen; only 3 kept
    ASSERT_EQ(vt.scrollback_lines(), 3);
    EXPECT_EQ(vt.scrollback_line(0)[0].ch, 'b');
    EXPECT_EQ(vt.scrollback_line(2)[0].ch, 'd');
    EXPECT_EQ(vt.scrollback_line(3), nullptr);
    vt.write("\x1b[2;2r\x1b[2;1H\n\n");  // a region that is not the whole screen: not kept
    EXPECT_EQ(vt.scrollback_lines(), 3);
    vt.write("\x1b[r\x1b[?1049h\n\n\n");  // nor on the alternate screen
    EXPECT_EQ(vt.scrollback_lines(), 3);
    vt.write("\x1b[?1049l\x1b[3J");
    EXPECT_EQ(vt.scrollback_lines(), 0);
  }
  EXPECT_EQ(heap.bytes, 0);
  EXPECT_EQ(heap.blocks, 0);
}

TEST(VtScreen, DamageMarksTheRowsThatChanged) {
  CountingHeap heap;
  display::VtScreen vt(heap.allocator());
  ASSERT_TRUE(vt.init(4, 8, 0));
  vt.clear_damage();
  vt.write("\x1b[3;1Hx");
  EXPECT_TRUE(vt.dirty_row(0));  // the cursor left it
  EXPECT_FALSE(vt.dirty_row(1));
  EXPECT_TRUE(vt.dirty_row(2));
  EXPECT_FALSE(vt.dirty_row(3));
  vt.clear_damage();
  vt.write("\x1b[2;1H\x1b[K");
  EXPECT_TRUE(vt.dirty_row(1));
  EXPECT_TRUE(vt.dirty_row(2));  // the cursor left it
  EXPECT_FALSE(vt.dirty_row(0));
  vt.clear_damage();
  vt.write("\x1b[?25l");
  EXPECT_TRUE(vt.dirty_row(1));  // the cursor disappears from its row
  EXPECT_FALSE(vt.dirty_row(2));
}

TEST(VtScreen, BadSizesAndOutOfMemoryAreRefusedAndMalformedInputIsHarmless) {
  CountingHeap heap;
  display::VtScreen bad(heap.allocator());
  EXPECT_FALSE(bad.init(0, 80, 0));
  EXPECT_FALSE(bad.init(25, display::VtScreen::kMaxCols + 1, 0));
  display::VtScreen none(lib::Allocator{});
  EXPECT_FALSE(none.init(25, 80, 10));
  display::VtScreen vt(heap.allocator());
  ASSERT_TRUE(vt.init(3, 5, 2));
  // Huge and too many parameters, stray bytes, cut UTF-8, an unterminated OSC.
  vt.write("\x1b[99999999999;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18H\xc3(\xff\x1b[38;5;999m\x1b]unterminated");
  EXPECT_GE(vt.cursor_row(), 0);
  EXPECT_LT(vt.cursor_row(), 3);
  vt.write("\x07\x1b\\\x1b[Hok");  // the OSC ends; text draws again
  EXPECT_EQ(vt.cell(0, 0).ch, 'o');
  EXPECT_EQ(vt.cell(0, 1).ch, 'k');
}

}  // namespace
