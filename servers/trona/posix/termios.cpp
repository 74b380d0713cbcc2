// The terminal calls of trona/posix/termios.h over posix_ttysrv
// (trona::TtysrvClient at SLOT_TTYSRV_EP) and the VFS.
#include "trona/posix/termios.h"

#include "trona/clients/procmgr_client.h"
#include "trona/clients/ttysrv_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/core/process_local.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace trona::posix {

namespace {

constexpr int kRememberedFds = 256;

// fd -> 0 unknown, kNotTty, or tty id + kTtyBase; whether the open file is O_NONBLOCK.
constexpr uint64_t kNotTty = 1, kTtyBase = 2;
struct TtyFds {
  uint64_t state[kRememberedFds];
  bool nonblock[kRememberedFds];
};

TtysrvClient ttysrv() { return TtysrvClient(uapi::SLOT_TTYSRV_EP); }

// The tty behind `fd`, asked of the VFS unless remembered. ENOTTY: none.
int tty_id(int fd, uint64_t* id, bool* nonblock = nullptr) {
  if (fd < 0) return uapi::kEBADF;
  TtyFds& t = process_local<TtyFds>();
  if (fd < kRememberedFds && t.state[fd] == kNotTty) return uapi::kENOTTY;
  if (fd < kRememberedFds && t.state[fd] >= kTtyBase) {
    *id = t.state[fd] - kTtyBase;
    if (nonblock) *nonblock = t.nonblock[fd];
    return 0;
  }
  uint64_t flags = 0;
  if (int e = VfsClient().tty_of(fd, id, &flags); e != 0) {
    if (e == uapi::kENOTTY && fd < kRememberedFds) t.state[fd] = kNotTty;
    return e;
  }
  const bool nb = flags & uapi::kO_NONBLOCK;
  if (fd < kRememberedFds) {
    t.state[fd] = *id + kTtyBase;
    t.nonblock[fd] = nb;
  }
  if (nonblock) *nonblock = nb;
  return 0;
}

bool known(int fd) { return fd >= 0 && fd < kRememberedFds && process_local<TtyFds>().state[fd] >= kTtyBase; }

}  // namespace

namespace detail {

void forget_tty(int fd) {
  if (fd >= 0 && fd < kRememberedFds) process_local<TtyFds>().state[fd] = 0;
}

int tty_of(int fd, uint64_t* id) { return tty_id(fd, id); }

int tty_poll(uint64_t id, uint64_t events, uint64_t* revents) { return ttysrv().pty_poll(id, events, revents); }

bool tty_read(int fd, void* buf, size_t count, int vfs_err, size_t* done, int* err) {
  if (!known(fd) && vfs_err != uapi::kEREMOTEIO) return false;
  uint64_t id = 0;
  bool nonblock = false;
  *done = 0;
  *err = tty_id(fd, &id, &nonblock);
  if (*err == 0) *err = ttysrv().pty_read(id, buf, count, nonblock, done);
  return true;
}

bool tty_write(int fd, const void* buf, size_t count, int vfs_err, size_t* done, int* err) {
  if (!known(fd) && vfs_err != uapi::kEREMOTEIO) return false;
  uint64_t id = 0;
  *done = 0;
  *err = tty_id(fd, &id);
  if (*err == 0) *err = ttysrv().pty_write(id, buf, count, done);
  if (*err != 0 && *done > 0) *err = 0;  // a short write is a success
  return true;
}

}  // namespace detail

int tcgetattr(int fd, uapi::Termios* t) {
  if (!t) return fail(uapi::kEFAULT);
  uint64_t id = 0;
  if (int e = tty_id(fd, &id); e != 0) return fail(e);
  return result(ttysrv().pty_tcgetattr(id, t));
}

int tcsetattr(int fd, int when, const uapi::Termios* t) {
  if (!t) return fail(uapi::kEFAULT);
  if (when < 0 || when > 2) return fail(uapi::kEINVAL);
  uint64_t id = 0;
  if (int e = tty_id(fd, &id); e != 0) return fail(e);
  return result(ttysrv().pty_tcsetattr(id, static_cast<uint64_t>(when), *t));
}

long tcgetpgrp(int fd) {
  uint64_t id = 0, pgrp = 0;
  if (int e = tty_id(fd, &id); e != 0) return fail<long>(e);
  if (int e = ttysrv().get_fg_pgrp(id, &pgrp); e != 0) return fail<long>(e);
  return static_cast<long>(pgrp);
}

int tcsetpgrp(int fd, long pgrp) {
  if (pgrp <= 0) return fail(uapi::kEINVAL);
  uint64_t id = 0;
  if (int e = tty_id(fd, &id); e != 0) return fail(e);
  if (int e = ttysrv().set_fg_pgrp(id, static_cast<uint64_t>(pgrp)); e != 0) return fail(e);
  ProcmgrClient().set_session_tty_pgrp(static_cast<uint64_t>(pgrp));  // procmgr's record of the session
  return 0;
}

int ioctl(int fd, unsigned long request, void* arg) {
  uint64_t id = 0;
  if (int e = tty_id(fd, &id); e != 0) return fail(e == uapi::kENOTTY ? uapi::kENOTTY : e);
  switch (request) {
    case uapi::kTCGETS: return tcgetattr(fd, static_cast<uapi::Termios*>(arg));
    case uapi::kTCSETS: return tcsetattr(fd, 0, static_cast<const uapi::Termios*>(arg));
    case uapi::kTCSETSW: return tcsetattr(fd, 1, static_cast<const uapi::Termios*>(arg));
    case uapi::kTCSETSF: return tcsetattr(fd, 2, static_cast<const uapi::Termios*>(arg));
    case uapi::kTIOCGPGRP: {
      if (!arg) return fail(uapi::kEFAULT);
      long p = tcgetpgrp(fd);
      if (p < 0) return -1;
      *static_cast<int32_t*>(arg) = static_cast<int32_t>(p);
      return 0;
    }
    case uapi::kTIOCSPGRP:
      if (!arg) return fail(uapi::kEFAULT);
      return tcsetpgrp(fd, *static_cast<const int32_t*>(arg));
    case uapi::kTIOCSCTTY: {
      // procmgr first: it knows whether the caller leads its session (EPERM).
      if (int e = ProcmgrClient().set_session_tty(id == 0 ? 1 : id); e != 0 && e != uapi::kEBUSY) return fail(e);
      return result(ttysrv().set_ctty(id, arg != nullptr));
    }
    case uapi::kTIOCNOTTY: {
      if (int e = ttysrv().drop_ctty(id); e != 0) return fail(e);
      ProcmgrClient().clear_session_tty();  // only the leader's is accepted; others simply lose the terminal
      return 0;
    }
    case uapi::kTIOCGWINSZ:
    case uapi::kTIOCGSID:
    case uapi::kFIONREAD: {
      if (!arg) return fail(uapi::kEFAULT);
      uint64_t out[4] = {};
      if (int e = ttysrv().pty_ioctl(id, request, 0, out); e != 0) return fail(e);
      if (request == uapi::kTIOCGWINSZ) {
        auto* ws = static_cast<uapi::Winsize*>(arg);
        ws->ws_row = static_cast<uint16_t>(out[0]);
        ws->ws_col = static_cast<uint16_t>(out[1]);
        ws->ws_xpixel = static_cast<uint16_t>(out[2]);
        ws->ws_ypixel = static_cast<uint16_t>(out[3]);
      } else {
        *static_cast<int32_t*>(arg) = static_cast<int32_t>(out[0]);
      }
      return 0;
    }
    case uapi::kTIOCSWINSZ: {
      if (!arg) return fail(uapi::kEFAULT);
      const auto* ws = static_cast<const uapi::Winsize*>(arg);
      const uint64_t packed = uint64_t{ws->ws_row} | uint64_t{ws->ws_col} << 16 | uint64_t{ws->ws_xpixel} << 32 |
                              uint64_t{ws->ws_ypixel} << 48;
      uint64_t out[4];
      return result(ttysrv().pty_ioctl(id, request, packed, out));
    }
    default: return fail(uapi::kENOTTY);  // as Linux for a request no terminal knows
  }
}

}  // namespace trona::posix
