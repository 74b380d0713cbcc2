#include "personalities/posix_ttysrv/line.h"

#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace posix_ttysrv {

namespace {

using namespace uapi::termios;

constexpr uint32_t kISTRIP = 0x20;
constexpr uint32_t kOCRNL = 0x8;

bool control(char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F; }

}  // namespace

Line::Line() : termios_(default_termios()) {}

bool Line::canonical() const { return termios_.c_lflag & kICANON; }

void Line::set_termios(const uapi::Termios& t, bool flush) {
  const bool was_canonical = canonical();
  termios_ = t;
  if (flush) flush_input();
  if (was_canonical && !canonical()) {
    ready_ = count_;  // the line being edited becomes readable
    uint16_t dummy;
    while (lines_.pop(&dummy)) {
    }
    consumed_ = 0;
  } else if (!was_canonical && canonical() && ready_ > 0) {
    // What was typed in raw mode stays readable, as one line.
    size_t left = ready_;
    while (left > 0) {
      const uint16_t n = left > 0xFFFF ? 0xFFFF : static_cast<uint16_t>(left);
      lines_.push(n);
      left -= n;
    }
    consumed_ = 0;
  }
}

void Line::flush_input() {
  head_ = count_ = ready_ = consumed_ = 0;
  uint16_t dummy;
  while (lines_.pop(&dummy)) {
  }
}

bool Line::put_byte(char c) {
  if (count_ == kInputBytes) {
    ++dropped_;
    return false;
  }
  buf_[(head_ + count_) % kInputBytes] = c;
  ++count_;
  return true;
}

void Line::complete_line() {
  const size_t n = count_ - ready_;
  if (lines_.full()) {  // more lines than the table holds: the oldest one grows instead
    ready_ = count_;
    return;
  }
  lines_.push(static_cast<uint16_t>(n));
  ready_ = count_;
}

void Line::echo_char(char c, Echo* e) const {
  if ((termios_.c_lflag & kECHOCTL) && control(c)) {
    e->put('^');
    e->put(static_cast<char>(c ^ 0x40));
  } else {
    e->put(c);
  }
}

void Line::erase_one(Echo* e) {
  if (count_ == ready_) return;  // nothing on this line
  const char c = buf_[(head_ + count_ - 1) % kInputBytes];
  --count_;
  const uint32_t l = termios_.c_lflag;
  if (!(l & kECHO)) return;
  if (l & kECHOE) {
    const int columns = (l & kECHOCTL) && control(c) ? 2 : 1;
    for (int i = 0; i < columns; ++i) {
      e->put('\b');
      e->put(' ');
      e->put('\b');
    }
  } else {
    echo_char(termios_.c_cc[kVERASE], e);
  }
}

int Line::input(char c, Echo* echo) {
  const uint32_t in = termios_.c_iflag, l = termios_.c_lflag;
  const uint8_t* cc = termios_.c_cc;
  if (in & kISTRIP) c = static_cast<char>(c & 0x7F);
  if (c == '\r') {
    if (in & kIGNCR) return 0;
    if (in & kICRNL) c = '\n';
  } else if (c == '\n' && (in & kINLCR)) {
    c = '\r';
  }
  auto is = [&](int index) { return cc[index] != 0 && static_cast<uint8_t>(c) == cc[index]; };  // 0: disabled
  if (l & kISIG) {
    const int sig = is(kVINTR) ? uapi::kSIGINT : is(kVQUIT) ? uapi::kSIGQUIT : is(kVSUSP) ? uapi::kSIGTSTP : 0;
    if (sig != 0) {
      if (!(l & kNOFLSH)) flush_input();
      if (l & kECHO) echo_char(c, echo);
      return sig;
    }
  }
  if (!canonical()) {
    if (put_byte(c)) ready_ = count_;
    if (l & kECHO) echo_char(c, echo);
    return 0;
  }
  if (is(kVERASE)) {
    erase_one(echo);
    return 0;
  }
  if ((l & kIEXTEN) && is(kVWERASE)) {
    while (count_ > ready_ && buf_[(head_ + count_ - 1) % kInputBytes] == ' ') erase_one(echo);
    while (count_ > ready_ && buf_[(head_ + count_ - 1) % kInputBytes] != ' ') erase_one(echo);
    return 0;
  }
  if (is(kVKILL)) {
    if ((l & kECHO) && (l & kECHOKE)) {
      while (count_ > ready_) erase_one(echo);
    } else {
      count_ = ready_;
      if ((l & kECHO) && (l & kECHOK)) {
        echo_char(c, echo);
        echo->put('\n');
      }
    }
    return 0;
  }
  if (is(kVEOF)) {
    complete_line();  // without the character; an empty line is an end of file
    return 0;
  }
  const bool ends_line = c == '\n' || is(kVEOL) || is(kVEOL2);
  if (!ends_line && count_ >= kInputBytes - 1) {  // the last byte is kept for the newline
    ++dropped_;
    if (in & uapi::termios::kIMAXBEL) echo->put('\a');
    return 0;
  }
  put_byte(c);
  if ((l & kECHO) || (c == '\n' && (l & kECHONL))) echo_char(c, echo);
  if (ends_line) complete_line();
  return 0;
}

size_t Line::output(lib::Str data, Echo* out) {
  const uint32_t o = termios_.c_oflag;
  size_t i = 0;
  for (; i < data.size; ++i) {
    const char c = data[i];
    if (!(o & kOPOST)) {
      if (out->len == kEchoBytes) break;
      out->put(c);
      continue;
    }
    if (c == '\n' && (o & kONLCR)) {
      if (out->len + 2 > kEchoBytes) break;
      out->put('\r');
      out->put('\n');
      continue;
    }
    if (out->len == kEchoBytes) break;
    out->put(c == '\r' && (o & kOCRNL) ? '\n' : c);  // ONOCR/ONLRET: no column is kept, CR always goes out
  }
  return i;
}

size_t Line::pending_line_bytes() const { return ready_; }

size_t Line::take(char* out, size_t max) {
  if (!canonical()) {
    size_t n = 0;
    while (n < max && ready_ > 0) {
      out[n++] = buf_[head_];
      head_ = (head_ + 1) % kInputBytes;
      --count_;
      --ready_;
    }
    return n;
  }
  if (lines_.empty()) return 0;
  const size_t line = lines_.front() - consumed_;
  size_t n = 0;
  while (n < max && n < line) {
    out[n++] = buf_[head_];
    head_ = (head_ + 1) % kInputBytes;
    --count_;
    --ready_;
  }
  if (n == line) {
    uint16_t dummy;
    lines_.pop(&dummy);
    consumed_ = 0;
  } else {
    consumed_ += n;
  }
  return n;
}

}  // namespace posix_ttysrv
