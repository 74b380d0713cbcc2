// trona/posix/termios.h — terminals for POSIX programs: tcgetattr,
// tcsetattr, tcgetpgrp, tcsetpgrp, ioctl (TCGETS/TCSETS*, TIOCGWINSZ,
// TIOCSWINSZ, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY, TIOCNOTTY, TIOCGSID,
// FIONREAD, TIOCGPTN, TIOCSPTLCK), pseudo-terminals (posix_openpt,
// grantpt, unlockpt, ptsname_r) and the read/write path of a terminal fd.
// A terminal is a VFS file (/dev/console, /dev/tty, /dev/pts/N, /dev/ptmx)
// whose bytes are posix_ttysrv's
// (SLOT_TTYSRV_EP): the VFS answers its reads and writes with EREMOTEIO,
// VFS_POSIX_ISATTY names the tty, and this layer remembers it per fd
// (process-local; forgotten at close, dup2/dup3 onto the fd, F_SETFL, and
// with the image at exec).
//
//   uapi::Termios t; trona::posix::tcgetattr(0, &t);
//   t.c_lflag &= ~(kICANON | kECHO); trona::posix::tcsetattr(0, kTCSANOW, &t);
//   trona::posix::tcsetpgrp(0, job_pgid);
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/wire.h"

namespace trona::posix {

int tcgetattr(int fd, uapi::Termios* t);
int tcsetattr(int fd, int when, const uapi::Termios* t);  // TCSANOW 0, TCSADRAIN 1, TCSAFLUSH 2
long tcgetpgrp(int fd);
int tcsetpgrp(int fd, long pgrp);
// The terminal requests above; `arg` points at the request's argument
// (TIOCSCTTY: its value is the steal flag, passed as the pointer itself).
int ioctl(int fd, unsigned long request, void* arg);

// Pseudo-terminals. Opening /dev/ptmx (any path ending in "ptmx") makes a
// new pty (PTY_ALLOC) and binds it to the open file; its slave is
// /dev/pts/N (N from TIOCGPTN); the last close of the master file hangs the
// slave up. Reading the master gives what the slave side wrote, writing it
// types at the slave.
int posix_openpt(int flags);  // open("/dev/ptmx", flags)
int grantpt(int fd);          // nothing to change here: 0 for a master, else -1
int unlockpt(int fd);         // TIOCSPTLCK 0
int ptsname_r(int fd, char* buf, size_t len);  // "/dev/pts/N"; ERANGE when it does not fit

namespace detail {
// A terminal fd's read and write (file.cpp): true when `fd` is a terminal
// (known, or named by the VFS's EREMOTEIO), with *err / *done set.
bool tty_read(int fd, void* buf, size_t count, int vfs_err, size_t* done, int* err);
bool tty_write(int fd, const void* buf, size_t count, int vfs_err, size_t* done, int* err);
// The fd no longer names what was remembered.
void forget_tty(int fd);
// The terminal behind `fd` (remembered: a second call asks nobody); ENOTTY: none.
int tty_of(int fd, uint64_t* id);
// open()/openat() of a path ending in "ptmx" gave `fd`: its pty now.
int open_pty_master(int fd);
// PTY_POLL on terminal `id`.
int tty_poll(uint64_t id, uint64_t events, uint64_t* revents);
}  // namespace detail

}  // namespace trona::posix
