#include "trona/clients/ttysrv_client.h"

#include "lib/inline_string.h"
#include "trona/core/client.h"
#include "trona/clients/stub_util.h"
#include "uapi/linux_numbers.h"
#include "uapi/posix.h"

namespace trona {

namespace tty = uapi::posix;
using stub::chunked_write;
using stub::words;

void termios_to_words(const uapi::Termios& t, uint64_t* w) {
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

void termios_from_words(const uint64_t* w, uapi::Termios* t) {
  t->c_iflag = static_cast<uint32_t>(w[0]);
  t->c_oflag = static_cast<uint32_t>(w[1]);
  t->c_cflag = static_cast<uint32_t>(w[2]);
  t->c_lflag = static_cast<uint32_t>(w[3]);
  t->c_line = static_cast<uint8_t>(w[4]);
  for (size_t i = 0; i < uapi::kNccs; ++i) t->c_cc[i] = static_cast<uint8_t>(w[5 + i / 8] >> (8 * (i % 8)));
  t->c_ispeed = static_cast<uint32_t>(w[9]);
  t->c_ospeed = static_cast<uint32_t>(w[10]);
}

int TtysrvClient::get_fg_pgrp(uint64_t t, uint64_t* pgrp) const {
  ClientReply rp;
  int e = words(ep_, tty::POSIX_TTYSRV_GET_FG_PGRP, &t, 1, true, &rp);
  if (e == 0) *pgrp = rp.get(0);
  return e;
}

int TtysrvClient::set_fg_pgrp(uint64_t t, uint64_t pgrp) const {
  const uint64_t in[] = {t, pgrp};
  ClientReply rp;
  return words(ep_, tty::POSIX_TTYSRV_SET_FG_PGRP, in, 2, true, &rp);
}

int TtysrvClient::set_ctty(uint64_t t, bool steal) const {
  const uint64_t in[] = {t, steal ? 1u : 0u};
  ClientReply rp;
  return words(ep_, tty::POSIX_TTYSRV_SET_CTTY, in, 2, false, &rp);
}

int TtysrvClient::drop_ctty(uint64_t t) const {
  ClientReply rp;
  return words(ep_, tty::POSIX_TTYSRV_DROP_CTTY, &t, 1, false, &rp);
}

int TtysrvClient::pty_alloc(uint64_t* master, uint64_t* slave_tty) const {
  ClientReply rp;
  int e = words(ep_, tty::POSIX_TTYSRV_PTY_ALLOC, nullptr, 0, false, &rp);
  if (e == 0) {
    *master = rp.get(0);
    *slave_tty = rp.get(1);
  }
  return e;
}

int TtysrvClient::pty_read(uint64_t pty, void* buf, size_t max, bool nonblock, size_t* got) const {
  if (max > kChunk) max = kChunk;
  const uint64_t in[] = {pty, max, nonblock ? 1u : 0u};
  ClientReply rp;
  int e = words(ep_, tty::POSIX_TTYSRV_PTY_READ, in, 3, false, &rp);
  return e != 0 ? e : stub::inline_reply(rp, 0, buf, max, got);
}

int TtysrvClient::pty_write(uint64_t pty, const void* data, size_t len, size_t* written) const {
  return chunked_write(ep_, tty::POSIX_TTYSRV_PTY_WRITE, &pty, 1, data, len, written);
}

int TtysrvClient::pty_close(uint64_t pty, PtySide side) const {
  const uint64_t in[] = {pty, static_cast<uint64_t>(side)};
  ClientReply rp;
  return words(ep_, tty::POSIX_TTYSRV_PTY_CLOSE, in, 2, false, &rp);
}

int TtysrvClient::pty_tcgetattr(uint64_t pty, uapi::Termios* t) const {
  ClientReply rp;
  int e = words(ep_, tty::POSIX_TTYSRV_PTY_TCGETATTR, &pty, 1, true, &rp);
  if (e != 0) return e;
  if (rp.length < kTermiosWords) return uapi::kEIO;
  termios_from_words(rp.mr, t);
  return 0;
}

int TtysrvClient::pty_tcsetattr(uint64_t pty, uint64_t when, const uapi::Termios& t) const {
  if (when > 2) return uapi::kEINVAL;
  uint64_t in[2 + kTermiosWords] = {pty, when};
  termios_to_words(t, in + 2);
  ClientReply rp;
  return words(ep_, tty::POSIX_TTYSRV_PTY_TCSETATTR, in, 2 + kTermiosWords, true, &rp);
}

int TtysrvClient::pty_ioctl(uint64_t pty, uint64_t request, uint64_t arg, uint64_t out[4]) const {
  const uint64_t in[] = {pty, request, arg};
  ClientReply rp;
  int e = words(ep_, tty::POSIX_TTYSRV_PTY_IOCTL, in, 3, false, &rp);
  if (e == 0)
    for (size_t i = 0; i < 4; ++i) out[i] = rp.get(i);
  return e;
}

int TtysrvClient::pty_poll(uint64_t pty, uint64_t events, uint64_t* revents) const {
  const uint64_t in[] = {pty, events};
  ClientReply rp;
  int e = words(ep_, tty::POSIX_TTYSRV_PTY_POLL, in, 2, true, &rp);
  if (e == 0) *revents = rp.get(0);
  return e;
}

int TtysrvClient::pty_collect(uint64_t pty, void* buf, size_t max, size_t* got) const {
  if (max > kChunk) max = kChunk;
  const uint64_t in[] = {pty, max};
  ClientReply rp;
  int e = words(ep_, tty::POSIX_TTYSRV_PTY_COLLECT, in, 2, false, &rp);
  return e != 0 ? e : stub::inline_reply(rp, 0, buf, max, got);
}

int TtysrvClient::pty_master_write(uint64_t pty, const void* data, size_t len, size_t* written) const {
  return chunked_write(ep_, tty::POSIX_TTYSRV_PTY_MASTER_WRITE, &pty, 1, data, len, written);
}

int TtysrvClient::input_event(const void* data, size_t len) const {
  if (len > kChunk) return uapi::kEINVAL;
  ClientReply rp;
  return stub::with_bytes(ep_, tty::POSIX_TTYSRV_INPUT_EVENT, nullptr, 0, data, len, &rp);
}

int TtysrvClient::client_exit(uint64_t pid) const {
  ClientReply rp;
  return words(ep_, tty::POSIX_TTYSRV_CLIENT_EXIT, &pid, 1, false, &rp);
}

int TtysrvClient::isatty(uint64_t vfs_ep, uint64_t fd, bool* yes) {
  ClientReply rp;
  int e = words(vfs_ep, tty::VFS_POSIX_ISATTY, &fd, 1, true, &rp);
  if (e == 0) *yes = rp.get(0) != 0;
  return e;
}

int TtysrvClient::fcntl(uint64_t vfs_ep, uint64_t fd, uint64_t cmd, uint64_t arg, uint64_t* result) {
  const uint64_t in[] = {fd, cmd, arg};
  ClientReply rp;
  int e = words(vfs_ep, tty::VFS_POSIX_FCNTL, in, 3, false, &rp);
  if (e == 0) *result = rp.get(0);
  return e;
}

}  // namespace trona
