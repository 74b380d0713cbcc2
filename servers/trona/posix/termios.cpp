// The terminal calls of trona/posix/termios.h over posix_ttysrv
// (trona::TtysrvClient at SLOT_TTYSRV_EP) and the VFS.
#include "trona/posix/termios.h"

#include "trona/clients/procmgr_client.h"
#include "trona/clients/ttysrv_client.h"
#include "trona/clients/vfs_client.h"
#include "trona/core/process_local.h"
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
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

// A /dev/ptmx file the VFS knows no master of yet: a new pty from ttysrv,
// bound to the open file (uapi/termios.h). If another process sharing the
// file bound one first, that one is used and ours is given back.
int bind_new_pty(int fd, uint64_t* id, uint64_t* flags) {
  uint64_t master = 0, slave = 0, ignored = 0;
  if (int e = ttysrv().pty_alloc(&master, &slave); e != 0) return e;
  const int e = VfsClient().fcntl(fd, uapi::termios::kF_SALTY_BIND_PTY, master, &ignored);
  if (e == 0) {
    *id = master;
    return 0;
  }
  ttysrv().pty_close(master, PtySide::kMaster);
  if (e != uapi::kEBUSY) return e;
  if (int again = VfsClient().tty_of(fd, id, flags); again != 0) return again;
  return *id == uapi::termios::kTtyPtmxUnbound ? uapi::kEIO : 0;
}

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
  if (*id == uapi::termios::kTtyPtmxUnbound)
    if (int e = bind_new_pty(fd, id, &flags); e != 0) return e;
  const bool nb = flags & uapi::kO_NONBLOCK;
  if (fd < kRememberedFds) {
    t.state[fd] = *id + kTtyBase;
    t.nonblock[fd] = nb;
  }
  if (nonblock) *nonblock = nb;
  return 0;
}

// The terminal whose settings a call on `fd` changes: a pty master's are
// its slave's (Linux's tty_pair_get_tty), every other terminal its own.
int settings_id(int fd, uint64_t* id, uint64_t* asked = nullptr) {
  if (int e = tty_id(fd, id); e != 0) return e;
  if (asked) *asked = *id;
  if (uapi::termios::is_pty_master(*id)) *id = uapi::termios::slave_of_master(*id);
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

int open_pty_master(int fd) {
  uint64_t id = 0;
  const int e = tty_id(fd, &id);       // binds a new pty to an unbound /dev/ptmx file
  return e == uapi::kENOTTY ? 0 : e;  // a file merely named like it: nothing to do
}

bool tty_read(int fd, void* buf, size_t count, int vfs_err, size_t* done, int* err) {
  if (!known(fd) && vfs_err != uapi::kEREMOTEIO) return false;
  uint64_t id = 0;
  bool nonblock = false;
  *done = 0;
  *err = tty_id(fd, &id, &nonblock);
  if (*err == 0 && uapi::termios::is_pty_master(id)) {
    // The master reads what the slave side wrote (PTY_COLLECT waits for it).
    uint64_t rev = 0;
    if (nonblock && (*err = ttysrv().pty_poll(id, uapi::kPOLLIN, &rev)) == 0 && !(rev & uapi::kPOLLIN))
      *err = uapi::kEAGAIN;
    if (*err == 0) *err = ttysrv().pty_collect(id, buf, count, done);
  } else if (*err == 0) {
    *err = ttysrv().pty_read(id, buf, count, nonblock, done);
  }
  return true;
}

bool tty_write(int fd, const void* buf, size_t count, int vfs_err, size_t* done, int* err) {
  if (!known(fd) && vfs_err != uapi::kEREMOTEIO) return false;
  uint64_t id = 0;
  *done = 0;
  *err = tty_id(fd, &id);
  if (*err == 0)
    *err = uapi::termios::is_pty_master(id) ? ttysrv().pty_master_write(id, buf, count, done)  // the slave's input
                                             : ttysrv().pty_write(id, buf, count, done);
  if (*err != 0 && *done > 0) *err = 0;  // a short write is a success
  return true;
}

}  // namespace detail

int tcgetattr(int fd, uapi::Termios* t) {
  if (!t) return fail(uapi::kEFAULT);
  uint64_t id = 0;
  if (int e = settings_id(fd, &id); e != 0) return fail(e);
  return result(ttysrv().pty_tcgetattr(id, t));
}

int tcsetattr(int fd, int when, const uapi::Termios* t) {
  if (!t) return fail(uapi::kEFAULT);
  if (when < 0 || when > 2) return fail(uapi::kEINVAL);
  uint64_t id = 0;
  if (int e = settings_id(fd, &id); e != 0) return fail(e);
  return result(ttysrv().pty_tcsetattr(id, static_cast<uint64_t>(when), *t));
}

long tcgetpgrp(int fd) {
  uint64_t id = 0, pgrp = 0;
  if (int e = settings_id(fd, &id); e != 0) return fail<long>(e);
  if (int e = ttysrv().get_fg_pgrp(id, &pgrp); e != 0) return fail<long>(e);
  return static_cast<long>(pgrp);
}

int tcsetpgrp(int fd, long pgrp) {
  if (pgrp <= 0) return fail(uapi::kEINVAL);
  uint64_t id = 0;
  if (int e = settings_id(fd, &id); e != 0) return fail(e);
  if (int e = ttysrv().set_fg_pgrp(id, static_cast<uint64_t>(pgrp)); e != 0) return fail(e);
  ProcmgrClient().set_session_tty_pgrp(static_cast<uint64_t>(pgrp));  // procmgr's record of the session
  return 0;
}

int ioctl(int fd, unsigned long request, void* arg) {
  uint64_t id = 0, asked = 0;
  if (int e = settings_id(fd, &id, &asked); e != 0) return fail(e == uapi::kENOTTY ? uapi::kENOTTY : e);
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
    case uapi::kTIOCGPTN:  // a master's pty number (N of /dev/pts/N); ENOTTY elsewhere, as Linux
      if (!uapi::termios::is_pty_master(asked)) return fail(uapi::kENOTTY);
      if (!arg) return fail(uapi::kEFAULT);
      *static_cast<uint32_t*>(arg) = static_cast<uint32_t>(asked - uapi::termios::kTtyFirstPtyMaster);
      return 0;
    case uapi::kTIOCSPTLCK:  // (un)lock the slave: slaves are never locked here
      if (!uapi::termios::is_pty_master(asked)) return fail(uapi::kENOTTY);
      return arg ? 0 : fail(uapi::kEFAULT);
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

int posix_openpt(int flags) { return open("/dev/ptmx", flags); }

namespace {

// The pty number of master `fd` (EINVAL for any other fd: Linux's ENOTTY
// for a non-terminal is kept).
int pty_number(int fd, uint32_t* n) {
  uint64_t id = 0;
  if (int e = tty_id(fd, &id); e != 0) return e;
  if (!uapi::termios::is_pty_master(id)) return uapi::kEINVAL;
  *n = static_cast<uint32_t>(id - uapi::termios::kTtyFirstPtyMaster);
  return 0;
}

}  // namespace

int grantpt(int fd) {
  uint32_t n = 0;
  return result(pty_number(fd, &n));
}

int unlockpt(int fd) {
  int32_t unlock = 0;
  return ioctl(fd, uapi::kTIOCSPTLCK, &unlock);
}

int ptsname_r(int fd, char* buf, size_t len) {
  if (!buf) return uapi::kEINVAL;
  uint32_t n = 0;
  if (int e = pty_number(fd, &n); e != 0) return e;
  char name[16] = "/dev/pts/";
  size_t at = 9;
  if (n >= 10) name[at++] = static_cast<char>('0' + n / 10);
  name[at++] = static_cast<char>('0' + n % 10);
  if (at + 1 > len) return uapi::kERANGE;
  for (size_t i = 0; i < at; ++i) buf[i] = name[i];
  buf[at] = 0;
  return 0;
}

}  // namespace trona::posix
