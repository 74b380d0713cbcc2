// display::VtScreen (drivers/display/vt_screen.h): the byte-level parser
// (C0 controls, ESC, CSI, OSC; UTF-8) and the grid operations behind it.
#include "drivers/display/vt_screen.h"

namespace display {

namespace {

constexpr uint32_t kReplacement = 0xFFFD;

int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

void fill(Cell* from, int n, const Cell& c) {
  for (int i = 0; i < n; ++i) from[i] = c;
}

void copy_cells(Cell* dst, const Cell* src, int n) {
  if (dst < src) {
    for (int i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    for (int i = n - 1; i >= 0; --i) dst[i] = src[i];
  }
}

}  // namespace

VtScreen::~VtScreen() {
  const size_t screen_bytes = sizeof(Cell) * static_cast<size_t>(rows_) * static_cast<size_t>(cols_);
  alloc_.release(main_, screen_bytes);
  alloc_.release(alt_, screen_bytes);
  alloc_.release(sb_, sizeof(Cell) * static_cast<size_t>(sb_cap_) * static_cast<size_t>(cols_));
}

bool VtScreen::init(int rows, int cols, int scrollback_lines) {
  if (main_ || rows < 1 || rows > kMaxRows || cols < 1 || cols > kMaxCols || scrollback_lines < 0 ||
      scrollback_lines > 100'000)
    return false;
  const size_t cells = static_cast<size_t>(rows) * static_cast<size_t>(cols);
  main_ = static_cast<Cell*>(alloc_.allocate(sizeof(Cell) * cells, alignof(Cell)));
  alt_ = static_cast<Cell*>(alloc_.allocate(sizeof(Cell) * cells, alignof(Cell)));
  const size_t sb_cells = static_cast<size_t>(scrollback_lines) * static_cast<size_t>(cols);
  sb_ = sb_cells ? static_cast<Cell*>(alloc_.allocate(sizeof(Cell) * sb_cells, alignof(Cell))) : nullptr;
  rows_ = rows, cols_ = cols, sb_cap_ = sb_ ? scrollback_lines : 0;
  if (!main_ || !alt_ || (sb_cells && !sb_)) return false;  // the destructor gives back what was had
  reset();
  return true;
}

void VtScreen::reset() {
  cur_ = saved_ = saved_main_ = Cursor{};
  top_ = 0, bottom_ = rows_ - 1;
  autowrap_ = cursor_visible_ = true;
  alt_active_ = false;
  state_ = State::kGround;
  utf8_left_ = 0;
  const Cell b{};
  fill(main_, rows_ * cols_, b);
  fill(alt_, rows_ * cols_, b);
  touch_all();
}

const Cell* VtScreen::scrollback_line(int i) const {
  if (i < 0 || i >= sb_count_) return nullptr;
  return sb_ + static_cast<size_t>((sb_first_ + i) % sb_cap_) * static_cast<size_t>(cols_);
}

void VtScreen::push_scrollback(const Cell* line) {
  if (sb_cap_ == 0) return;
  int slot = (sb_first_ + sb_count_) % sb_cap_;
  if (sb_count_ == sb_cap_) {
    slot = sb_first_;
    sb_first_ = (sb_first_ + 1) % sb_cap_;
  } else {
    ++sb_count_;
  }
  copy_cells(sb_ + static_cast<size_t>(slot) * static_cast<size_t>(cols_), line, cols_);
}

void VtScreen::clear_damage() {
  for (uint64_t& w : dirty_) w = 0;
}

void VtScreen::touch_all() {
  for (int r = 0; r < rows_; ++r) touch(r);
}

Cell VtScreen::blank() const {
  Cell c;
  c.bg = cur_.pen.bg;  // erasing keeps the background colour (xterm's bce)
  return c;
}

// --- the parser ------------------------------------------------------------

void VtScreen::write(lib::Str bytes) {
  const int row0 = cur_.row, col0 = cur_.col;
  const bool shown0 = cursor_visible_;
  write_bytes(bytes);
  if (cur_.row != row0 || cur_.col != col0 || cursor_visible_ != shown0) {  // the cursor is drawn: both places change
    touch(row0);
    touch(cur_.row);
  }
}

void VtScreen::write_bytes(lib::Str bytes) {
  for (size_t i = 0; i < bytes.size; ++i) {
    const auto c = static_cast<uint8_t>(bytes[i]);
    if (c == 0x1B && state_ != State::kOsc) {  // ESC starts over anywhere (an OSC may end with ESC \)
      utf8_left_ = 0;
      state_ = State::kEscape;
      continue;
    }
    switch (state_) {
      case State::kGround:
        if (utf8_left_ > 0) {
          if ((c & 0xC0) == 0x80) {
            utf8_cp_ = utf8_cp_ << 6 | (c & 0x3F);
            if (--utf8_left_ == 0) put(utf8_cp_);
            continue;
          }
          utf8_left_ = 0;
          put(kReplacement);  // a sequence cut short; this byte is read afresh
        }
        if (c < 0x20 || c == 0x7F) {
          control(c);
        } else if (c < 0x80) {
          put(c);
        } else if ((c & 0xE0) == 0xC0) {
          utf8_cp_ = c & 0x1F, utf8_left_ = 1;
        } else if ((c & 0xF0) == 0xE0) {
          utf8_cp_ = c & 0x0F, utf8_left_ = 2;
        } else if ((c & 0xF8) == 0xF0) {
          utf8_cp_ = c & 0x07, utf8_left_ = 3;
        } else {
          put(kReplacement);
        }
        break;
      case State::kEscape: escape(c); break;
      case State::kCharset: state_ = State::kGround; break;  // the charset designator: ignored
      case State::kCsi:
        if (c >= '0' && c <= '9') {
          if (nparams_ == 0) nparams_ = 1;
          int& p = params_[nparams_ - 1];
          p = p > 100'000 ? p : p * 10 + (c - '0');
        } else if (c == ';' || c == ':') {
          if (nparams_ == 0) nparams_ = 1;
          if (nparams_ < kMaxParams) params_[nparams_++] = 0;
          else bad_csi_ = true;
        } else if (c == '?' || c == '>' || c == '<' || c == '=') {
          private_ = private_ || c == '?';
          bad_csi_ = bad_csi_ || c != '?';
        } else if (c >= 0x20 && c <= 0x2F) {
          bad_csi_ = true;  // intermediates: no sequence here uses one
        } else if (c >= 0x40 && c <= 0x7E) {
          state_ = State::kGround;
          if (!bad_csi_) csi(c);
        } else if (c < 0x20) {
          control(c);  // C0 inside a sequence acts at once (VT100)
        } else {
          state_ = State::kGround;
        }
        break;
      case State::kOsc:
        if (c == 0x07) state_ = State::kGround;
        else if (c == 0x1B) state_ = State::kOscEscape;
        break;
      case State::kOscEscape: state_ = c == '\\' ? State::kGround : State::kOsc; break;
    }
  }
}

void VtScreen::control(uint8_t c) {
  switch (c) {
    case 0x08:  // BS
      cur_.pending_wrap = false;
      if (cur_.col > 0) --cur_.col;
      break;
    case 0x09: {  // HT: the next multiple of 8
      cur_.pending_wrap = false;
      int next = (cur_.col / 8 + 1) * 8;
      cur_.col = next < cols_ ? next : cols_ - 1;
      break;
    }
    case 0x0A:
    case 0x0B:
    case 0x0C: index(); break;  // LF VT FF (no newline mode: the column stays)
    case 0x0D:
      cur_.pending_wrap = false;
      cur_.col = 0;
      break;
    default: break;  // BEL and the rest: nothing to draw
  }
}

void VtScreen::escape(uint8_t c) {
  state_ = State::kGround;
  switch (c) {
    case '[':
      state_ = State::kCsi;
      nparams_ = 0;
      for (int& p : params_) p = 0;
      private_ = bad_csi_ = false;
      break;
    case ']': state_ = State::kOsc; break;
    case '(':
    case ')':
    case '*':
    case '+': state_ = State::kCharset; break;
    case '7': saved_ = cur_; break;
    case '8': cur_ = saved_; break;
    case 'D': index(); break;
    case 'E':
      cur_.col = 0;
      index();
      break;
    case 'M': reverse_index(); break;
    case 'c': reset(); break;
    default: break;
  }
}

void VtScreen::move_to(int row, int col) {
  cur_.row = clamp(row, 0, rows_ - 1);
  cur_.col = clamp(col, 0, cols_ - 1);
  cur_.pending_wrap = false;
}

void VtScreen::csi(uint8_t final) {
  if (private_) {
    if (final == 'h' || final == 'l')
      for (int i = 0; i < (nparams_ ? nparams_ : 1); ++i) private_mode(params_[i], final == 'h');
    return;
  }
  const int n = param(0, 1);
  switch (final) {
    case 'A': move_to(cur_.row - n, cur_.col); break;
    case 'B': move_to(cur_.row + n, cur_.col); break;
    case 'C': move_to(cur_.row, cur_.col + n); break;
    case 'D': move_to(cur_.row, cur_.col - n); break;
    case 'E': move_to(cur_.row + n, 0); break;
    case 'F': move_to(cur_.row - n, 0); break;
    case 'G': move_to(cur_.row, n - 1); break;
    case 'd': move_to(n - 1, cur_.col); break;
    case 'H':
    case 'f': move_to(param(0, 1) - 1, param(1, 1) - 1); break;
    case 'J': {
      const int mode = param(0, 0);
      if (mode == 3) {
        sb_count_ = sb_first_ = 0;
        break;
      }
      const int from = mode == 0 ? cur_.row + 1 : 0, to = mode == 1 ? cur_.row : rows_;
      if (mode == 0) erase(cur_.row, cur_.col, cols_);
      if (mode == 1) erase(cur_.row, 0, cur_.col + 1);
      for (int r = mode == 2 ? 0 : from; r < (mode == 2 ? rows_ : to); ++r) erase(r, 0, cols_);
      break;
    }
    case 'K': {
      const int mode = param(0, 0);
      if (mode == 0) erase(cur_.row, cur_.col, cols_);
      else if (mode == 1) erase(cur_.row, 0, cur_.col + 1);
      else if (mode == 2) erase(cur_.row, 0, cols_);
      break;
    }
    case 'L':
      if (cur_.row >= top_ && cur_.row <= bottom_) scroll_down(cur_.row, bottom_, n);
      cur_.pending_wrap = false;
      break;
    case 'M':
      if (cur_.row >= top_ && cur_.row <= bottom_) scroll_up(cur_.row, bottom_, n);
      cur_.pending_wrap = false;
      break;
    case '@': {  // ICH: blanks in at the cursor, the rest of the line moves right
      Cell* line = screen() + cur_.row * cols_;
      const int k = n < cols_ - cur_.col ? n : cols_ - cur_.col;
      copy_cells(line + cur_.col + k, line + cur_.col, cols_ - cur_.col - k);
      fill(line + cur_.col, k, blank());
      touch(cur_.row);
      cur_.pending_wrap = false;
      break;
    }
    case 'P': {  // DCH: characters out at the cursor, blanks in at the end
      Cell* line = screen() + cur_.row * cols_;
      const int k = n < cols_ - cur_.col ? n : cols_ - cur_.col;
      copy_cells(line + cur_.col, line + cur_.col + k, cols_ - cur_.col - k);
      fill(line + cols_ - k, k, blank());
      touch(cur_.row);
      cur_.pending_wrap = false;
      break;
    }
    case 'X': erase(cur_.row, cur_.col, cur_.col + n < cols_ ? cur_.col + n : cols_); break;
    case 'S': scroll_up(top_, bottom_, n); break;
    case 'T': scroll_down(top_, bottom_, n); break;
    case 'r': {
      const int t = param(0, 1) - 1, b = param(1, rows_) - 1;
      if (t < b && b < rows_) {
        top_ = t, bottom_ = b;
        move_to(0, 0);
      }
      break;
    }
    case 's': saved_ = cur_; break;
    case 'u': cur_ = saved_; break;
    case 'm': sgr(); break;
    default: break;
  }
}

void VtScreen::private_mode(int mode, bool set) {
  switch (mode) {
    case 7: autowrap_ = set; break;
    case 25: cursor_visible_ = set; break;
    case 47:
    case 1047:
    case 1049:
      if (set == alt_active_) break;
      if (mode == 1049 && set) saved_main_ = cur_;
      alt_active_ = set;
      if (set && mode != 47) fill(alt_, rows_ * cols_, blank());
      if (mode == 1049 && !set) cur_ = saved_main_;
      touch_all();
      break;
    default: break;
  }
}

void VtScreen::sgr() {
  Cell& p = cur_.pen;
  if (nparams_ == 0) {
    p = Cell{};
    return;
  }
  for (int i = 0; i < nparams_; ++i) {
    const int v = params_[i];
    if (v == 0) p = Cell{};
    else if (v == 1) p.attrs |= kBold;
    else if (v == 3) p.attrs |= kItalic;
    else if (v == 4) p.attrs |= kUnderline;
    else if (v == 5) p.attrs |= kBlink;
    else if (v == 7) p.attrs |= kReverse;
    else if (v == 22) p.attrs &= static_cast<uint8_t>(~kBold);
    else if (v == 23) p.attrs &= static_cast<uint8_t>(~kItalic);
    else if (v == 24) p.attrs &= static_cast<uint8_t>(~kUnderline);
    else if (v == 25) p.attrs &= static_cast<uint8_t>(~kBlink);
    else if (v == 27) p.attrs &= static_cast<uint8_t>(~kReverse);
    else if (v >= 30 && v <= 37) p.fg = static_cast<uint8_t>(v - 30);
    else if (v == 39) p.fg = kDefaultColor;
    else if (v >= 40 && v <= 47) p.bg = static_cast<uint8_t>(v - 40);
    else if (v == 49) p.bg = kDefaultColor;
    else if (v >= 90 && v <= 97) p.fg = static_cast<uint8_t>(v - 90 + 8);
    else if (v >= 100 && v <= 107) p.bg = static_cast<uint8_t>(v - 100 + 8);
    else if ((v == 38 || v == 48) && i + 2 < nparams_ && params_[i + 1] == 5) {
      const int idx = params_[i + 2];
      if (idx >= 0 && idx < 255) (v == 38 ? p.fg : p.bg) = static_cast<uint8_t>(idx);
      i += 2;
    } else if ((v == 38 || v == 48) && i + 1 < nparams_ && params_[i + 1] == 2) {
      i += 4;  // a direct colour: no palette slot for it here; skipped
    }
  }
}

// --- the grid --------------------------------------------------------------

void VtScreen::put(uint32_t cp) {
  if (cur_.pending_wrap) {
    cur_.pending_wrap = false;
    cur_.col = 0;
    index();
  }
  Cell c = cur_.pen;
  c.ch = cp;
  screen()[cur_.row * cols_ + cur_.col] = c;
  touch(cur_.row);
  if (cur_.col < cols_ - 1) ++cur_.col;
  else if (autowrap_) cur_.pending_wrap = true;
}

void VtScreen::index() {
  cur_.pending_wrap = false;
  if (cur_.row == bottom_) scroll_up(top_, bottom_, 1);
  else if (cur_.row < rows_ - 1) ++cur_.row;
}

void VtScreen::reverse_index() {
  cur_.pending_wrap = false;
  if (cur_.row == top_) scroll_down(top_, bottom_, 1);
  else if (cur_.row > 0) --cur_.row;
}

void VtScreen::scroll_up(int top, int bottom, int n) {
  const int height = bottom - top + 1;
  if (n > height) n = height;
  Cell* s = screen();
  if (!alt_active_ && top == 0 && bottom == rows_ - 1)
    for (int r = 0; r < n; ++r) push_scrollback(s + r * cols_);
  copy_cells(s + top * cols_, s + (top + n) * cols_, (height - n) * cols_);
  fill(s + (bottom - n + 1) * cols_, n * cols_, blank());
  for (int r = top; r <= bottom; ++r) touch(r);
}

void VtScreen::scroll_down(int top, int bottom, int n) {
  const int height = bottom - top + 1;
  if (n > height) n = height;
  Cell* s = screen();
  copy_cells(s + (top + n) * cols_, s + top * cols_, (height - n) * cols_);
  fill(s + top * cols_, n * cols_, blank());
  for (int r = top; r <= bottom; ++r) touch(r);
}

void VtScreen::erase(int row, int from, int to) {
  if (from >= to) return;
  fill(screen() + row * cols_ + from, to - from, blank());
  touch(row);
}

}  // namespace display
