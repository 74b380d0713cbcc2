// drivers/display/vt_screen.h — the text console's terminal: a VT100/ANSI
// (xterm subset) interpreter over a grid of cells, as the display driver
// draws it.
//
//   display::VtScreen vt(heap);
//   if (!vt.init(25, 80, 500)) ...;          // rows, columns, scrollback lines
//   vt.write("\x1b[2J\x1b[1;31mred\x1b[m");
//   const display::Cell& c = vt.cell(0, 0);  // 'r', fg 1, kBold
//
// Understood (everything else is consumed and ignored, never drawn):
// C0 BS HT LF VT FF CR (and BEL, ignored); ESC 7/8 (save/restore cursor),
// D (index), E (next line), M (reverse index), c (reset), ( ) * + with a
// charset byte (ignored); CSI with up to 16 parameters: A B C D E F G H f
// d (cursor), J K (erase, 3J clears the scrollback), L M (lines), @ P X
// (characters), S T (scroll), r (margins), s u (save/restore), m (SGR:
// 0 1 3 4 5 7 22 23 24 25 27, 30-37 39 40-47 49 90-97 100-107; 38/48 with
// ;5;N take the palette index), DEC private h/l: ?7 autowrap, ?25 cursor
// visible, ?47 ?1047 ?1049 the alternate screen (1049 saves the cursor and
// clears); OSC strings up to BEL or ST are skipped. UTF-8 is decoded to
// code points (one column each: no wide characters; a malformed sequence
// is U+FFFD). Like xterm and libvterm: the cursor waits at the last
// column until the next printable character wraps (autowrap), erasing
// fills with the current background colour, and only lines scrolled off
// the top of a full-screen region of the main screen go to the scrollback.
//
// Damage: every change marks its rows dirty (dirty_row; a moved or shown
// cursor marks its old and new row), the driver's
// PRESENT redraws them and clears the marks. Freestanding; memory through
// the lib::Allocator given (init allocates everything; write never does).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/allocator.h"
#include "lib/span.h"

namespace display {

inline constexpr uint8_t kDefaultColor = 0xFF;  // the terminal's default fg / bg
enum CellAttr : uint8_t { kBold = 1, kItalic = 2, kUnderline = 4, kBlink = 8, kReverse = 16 };

struct Cell {
  uint32_t ch = ' ';
  uint8_t fg = kDefaultColor, bg = kDefaultColor;
  uint8_t attrs = 0;
};

class VtScreen {
 public:
  static constexpr int kMaxRows = 256, kMaxCols = 512;

  explicit VtScreen(lib::Allocator a) : alloc_(a) {}
  ~VtScreen();
  VtScreen(const VtScreen&) = delete;
  VtScreen& operator=(const VtScreen&) = delete;

  // rows 1..kMaxRows, cols 1..kMaxCols; false when out of range or out of memory.
  bool init(int rows, int cols, int scrollback_lines);
  void write(lib::Str bytes);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  const Cell& cell(int row, int col) const { return screen()[row * cols_ + col]; }
  int cursor_row() const { return cur_.row; }
  int cursor_col() const { return cur_.col; }
  bool cursor_visible() const { return cursor_visible_; }
  bool alternate() const { return alt_active_; }

  // Lines that left the top of the main screen, oldest first.
  int scrollback_lines() const { return sb_count_; }
  const Cell* scrollback_line(int i) const;

  bool dirty_row(int row) const { return (dirty_[row / 64] >> (row % 64)) & 1; }
  void clear_damage();

 private:
  struct Cursor {
    int row = 0, col = 0;
    Cell pen;  // ch unused: the colours and attributes of new text
    bool pending_wrap = false;
  };
  enum class State : uint8_t { kGround, kEscape, kCharset, kCsi, kOsc, kOscEscape };

  Cell* screen() { return alt_active_ ? alt_ : main_; }
  const Cell* screen() const { return alt_active_ ? alt_ : main_; }
  Cell blank() const;
  void touch(int row) { dirty_[row / 64] |= uint64_t{1} << (row % 64); }
  void touch_all();

  void write_bytes(lib::Str bytes);
  void put(uint32_t cp);
  void control(uint8_t c);
  void escape(uint8_t c);
  void csi(uint8_t final);
  void sgr();
  void private_mode(int mode, bool set);

  int param(int i, int def) const { return i < nparams_ && params_[i] > 0 ? params_[i] : def; }
  void index();    // LF / IND: down one, scrolling at the bottom margin
  void reverse_index();
  void scroll_up(int top, int bottom, int n);
  void scroll_down(int top, int bottom, int n);
  void erase(int row, int from, int to);  // [from, to) of one row
  void move_to(int row, int col);
  void push_scrollback(const Cell* line);
  void reset();

  lib::Allocator alloc_;
  int rows_ = 0, cols_ = 0;
  Cell* main_ = nullptr;
  Cell* alt_ = nullptr;
  Cell* sb_ = nullptr;  // ring of sb_cap_ lines
  int sb_cap_ = 0, sb_first_ = 0, sb_count_ = 0;
  uint64_t dirty_[kMaxRows / 64] = {};

  Cursor cur_, saved_, saved_main_;
  int top_ = 0, bottom_ = 0;  // scroll region (inclusive)
  bool autowrap_ = true, cursor_visible_ = true, alt_active_ = false;

  State state_ = State::kGround;
  static constexpr int kMaxParams = 16;
  int params_[kMaxParams] = {};
  int nparams_ = 0;
  bool private_ = false, bad_csi_ = false;
  uint32_t utf8_cp_ = 0;
  int utf8_left_ = 0;
};

}  // namespace display
