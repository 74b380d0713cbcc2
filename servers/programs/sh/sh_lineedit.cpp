// The interactive prompt: the terminal in raw mode (termios through
// trona/posix/termios.h) while a line is edited — printable input,
// backspace, ^U, ^A/^E, ^K, ^C (a new line), ^D on an empty line (end of
// file), left/right arrows, up/down through the history — and restored
// before the line is returned (so the command runs on a cooked terminal).
#include "programs/sh/shell.h"
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
#include "trona/posix/termios.h"
#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace sh {

namespace px = trona::posix;
namespace tio = uapi::termios;

namespace {

void redraw(const char* prompt, const Buf& cur, size_t cursor) {
  Buf b;
  b.put('\r');
  b.puts(prompt);
  b.put(cur.p == nullptr ? "" : cur.p, cur.n);
  b.puts("\x1b[K");
  for (size_t k = cursor; k < cur.n; ++k) b.put('\b');
  write_all(1, b.p, b.n);
  b.release();
}

void set_line(Buf* cur, const char* s) {
  cur->clear();
  cur->puts(s);
}

int read_byte(char* c) {
  for (;;) {
    long r = px::read(0, c, 1);
    if (r < 0 && px::errno_ref() == uapi::kEINTR) continue;
    return static_cast<int>(r);
  }
}

// No terminal attributes: the prompt and a plain line.
int read_plain(const char* prompt, Buf* line) {
  out(1, prompt);
  for (;;) {
    char c;
    if (read_byte(&c) <= 0) return line->n > 0 ? 1 : 0;
    line->put(c);
    if (c == '\n') return 1;
  }
}

}  // namespace

void hist_add(const char* line, size_t len) {
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' ')) --len;
  if (len == 0) return;
  Sh& s = S();
  if (s.nhist > 0) {
    const char* last = s.hist[s.nhist - 1];
    if (slen(last) == len) {
      size_t k = 0;
      while (k < len && last[k] == line[k]) ++k;
      if (k == len) return;
    }
  }
  if (s.nhist == kHistMax) {
    xfree(s.hist[0]);
    for (int i = 1; i < kHistMax; ++i) s.hist[i - 1] = s.hist[i];
    --s.nhist;
  }
  s.hist[s.nhist++] = xstrndup(line, len);
}

int read_line_edit(const char* prompt, Buf* line) {
  uapi::Termios orig{};
  if (px::tcgetattr(0, &orig) != 0) return read_plain(prompt, line);
  uapi::Termios raw = orig;
  raw.c_lflag &= ~(tio::kICANON | tio::kECHO | tio::kISIG | tio::kIEXTEN);
  raw.c_cc[tio::kVMIN] = 1;
  raw.c_cc[tio::kVTIME] = 0;
  px::tcsetattr(0, static_cast<int>(tio::kTCSADRAIN), &raw);
  Sh& s = S();
  out(1, prompt);
  Buf cur, saved;
  size_t cursor = 0;
  int hist = s.nhist;
  int result = 1;
  for (;;) {
    char c;
    if (read_byte(&c) <= 0) {
      result = cur.n > 0 ? 1 : 0;
      if (result == 1) out(1, "\n");
      break;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '\r' || c == '\n') {
      out(1, "\n");
      break;
    }
    if (u == 0x04) {  // ^D
      if (cur.n == 0) {
        out(1, "\n");
        result = 0;
        break;
      }
      if (cursor < cur.n) {
        for (size_t k = cursor; k + 1 < cur.n; ++k) cur.p[k] = cur.p[k + 1];
        --cur.n;
        redraw(prompt, cur, cursor);
      }
      continue;
    }
    if (u == 0x03) {  // ^C
      out(1, "^C\n");
      cur.clear();
      result = -1;
      break;
    }
    if (u == 0x7f || u == 0x08) {
      if (cursor > 0) {
        for (size_t k = cursor - 1; k + 1 < cur.n; ++k) cur.p[k] = cur.p[k + 1];
        --cur.n;
        --cursor;
        if (cursor == cur.n) out(1, "\b \b");
        else redraw(prompt, cur, cursor);
      }
      continue;
    }
    if (u == 0x15) {  // ^U: the line up to the cursor
      size_t k = 0;
      for (size_t q = cursor; q < cur.n; ++q) cur.p[k++] = cur.p[q];
      cur.n = k;
      cursor = 0;
      redraw(prompt, cur, cursor);
      continue;
    }
    if (u == 0x0b) {  // ^K
      cur.n = cursor;
      redraw(prompt, cur, cursor);
      continue;
    }
    if (u == 0x01 || u == 0x05) {  // ^A ^E
      cursor = u == 0x01 ? 0 : cur.n;
      redraw(prompt, cur, cursor);
      continue;
    }
    if (u == 0x1b) {
      char a = 0, b = 0;
      if (read_byte(&a) <= 0 || (a != '[' && a != 'O') || read_byte(&b) <= 0) continue;
      if (b == 'A' || b == 'B') {
        if (b == 'A' && hist > 0) {
          if (hist == s.nhist) set_line(&saved, cur.c_str());
          --hist;
          set_line(&cur, s.hist[hist]);
        } else if (b == 'B' && hist < s.nhist) {
          ++hist;
          set_line(&cur, hist == s.nhist ? saved.c_str() : s.hist[hist]);
        } else {
          continue;
        }
        cursor = cur.n;
        redraw(prompt, cur, cursor);
      } else if (b == 'C' && cursor < cur.n) {
        ++cursor;
        out(1, "\x1b[C");
      } else if (b == 'D' && cursor > 0) {
        --cursor;
        out(1, "\b");
      } else if (b == 'H' || b == 'F') {
        cursor = b == 'H' ? 0 : cur.n;
        redraw(prompt, cur, cursor);
      } else if (b == '3') {
        char t = 0;
        read_byte(&t);
        if (t == '~' && cursor < cur.n) {
          for (size_t k = cursor; k + 1 < cur.n; ++k) cur.p[k] = cur.p[k + 1];
          --cur.n;
          redraw(prompt, cur, cursor);
        }
      }
      continue;
    }
    if (u < 0x20) continue;
    if (cursor == cur.n) {
      cur.put(c);
      ++cursor;
      write_all(1, &c, 1);
    } else {
      cur.put(' ');
      for (size_t k = cur.n - 1; k > cursor; --k) cur.p[k] = cur.p[k - 1];
      cur.p[cursor++] = c;
      redraw(prompt, cur, cursor);
    }
  }
  px::tcsetattr(0, static_cast<int>(tio::kTCSADRAIN), &orig);
  if (result == 1) {
    line->put(cur.p == nullptr ? "" : cur.p, cur.n);
    line->put('\n');
  }
  cur.release();
  saved.release();
  return result;
}

}  // namespace sh
