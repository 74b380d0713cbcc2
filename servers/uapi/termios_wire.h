// uapi/termios_wire.h — a termios on the wire: 11 message words (iflag,
// oflag, cflag, lflag, c_line, c_cc[0..31] in four words little-endian,
// ispeed, ospeed), as the termios labels of posix_ttysrv.idl and
// console.idl carry it, and the same words as the fields of a generated
// request/reply struct. Header-only, freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/wire.h"

namespace uapi::termios {

inline constexpr size_t kTermiosWords = 11;

inline void to_words(const Termios& t, uint64_t* w) {
  w[0] = t.c_iflag;
  w[1] = t.c_oflag;
  w[2] = t.c_cflag;
  w[3] = t.c_lflag;
  w[4] = t.c_line;
  for (size_t i = 0; i < 4; ++i) {
    uint64_t v = 0;
    for (size_t b = 0; b < 8; ++b) v |= uint64_t{t.c_cc[8 * i + b]} << (8 * b);
    w[5 + i] = v;
  }
  w[9] = t.c_ispeed;
  w[10] = t.c_ospeed;
}

inline void from_words(const uint64_t* w, Termios* t) {
  t->c_iflag = static_cast<uint32_t>(w[0]);
  t->c_oflag = static_cast<uint32_t>(w[1]);
  t->c_cflag = static_cast<uint32_t>(w[2]);
  t->c_lflag = static_cast<uint32_t>(w[3]);
  t->c_line = static_cast<uint8_t>(w[4]);
  for (size_t i = 0; i < kNccs; ++i) t->c_cc[i] = static_cast<uint8_t>(w[5 + i / 8] >> (8 * (i % 8)));
  t->c_ispeed = static_cast<uint32_t>(w[9]);
  t->c_ospeed = static_cast<uint32_t>(w[10]);
}

template <class M>
void to_fields(const Termios& t, M* m) {
  uint64_t w[kTermiosWords];
  to_words(t, w);
  uint64_t* f[] = {&m->iflag, &m->oflag, &m->cflag, &m->lflag, &m->line, &m->cc0,
                   &m->cc1,   &m->cc2,   &m->cc3,   &m->ispeed, &m->ospeed};
  for (size_t i = 0; i < kTermiosWords; ++i) *f[i] = w[i];
}

template <class M>
void from_fields(const M& m, Termios* t) {
  const uint64_t w[] = {m.iflag, m.oflag, m.cflag, m.lflag, m.line, m.cc0, m.cc1, m.cc2, m.cc3, m.ispeed, m.ospeed};
  from_words(w, t);
}

}  // namespace uapi::termios
