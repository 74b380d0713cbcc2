// uapi/termios.h — termios numbers as Linux (asm-generic/termbits.h) has
// them, and the defaults a terminal line starts with, for every server
// that keeps a termios (the console, posix_ttysrv). The struct is
// uapi::Termios (wire.h). Freestanding.
#pragma once

#include <stdint.h>

#include "uapi/wire.h"

namespace uapi::termios {

// posix_ttysrv's terminal ids, shared by the VFS (which fronts them as
// files), trona/posix and ttysrv: the console line, the slave of pty N
// (/dev/pts/N) and its master (a /dev/ptmx open file). A /dev/ptmx file the
// VFS has not been told the master of yet is kTtyPtmxUnbound: trona/posix
// allocates the pty (PTY_ALLOC) and binds it with fcntl(kF_SALTY_BIND_PTY).
inline constexpr uint64_t kTtyConsole = 1, kTtyFirstPtySlave = 2, kTtyFirstPtyMaster = 0x100, kTtyMaxPtys = 16;
inline constexpr uint64_t kTtyPtmxUnbound = 0xFFFF;
// A SaltyOS fcntl command (not Linux's): binds a /dev/ptmx open file to the
// pty master id in arg (once; EBUSY after). The VFS hangs the pty up
// (PTY_CLOSE) when the last descriptor of that open file goes away.
inline constexpr uint64_t kF_SALTY_BIND_PTY = 0x5A01;
inline constexpr bool is_pty_master(uint64_t id) {
  return id >= kTtyFirstPtyMaster && id < kTtyFirstPtyMaster + kTtyMaxPtys;
}
inline constexpr uint64_t slave_of_master(uint64_t id) { return id - kTtyFirstPtyMaster + kTtyFirstPtySlave; }

// c_iflag
inline constexpr uint32_t kIGNBRK = 0x1, kBRKINT = 0x2, kINLCR = 0x40, kIGNCR = 0x80, kICRNL = 0x100,
                          kIXON = 0x400, kIXOFF = 0x1000, kIMAXBEL = 0x2000, kIUTF8 = 0x4000;
// c_oflag
inline constexpr uint32_t kOPOST = 0x1, kONLCR = 0x4;
// c_cflag
inline constexpr uint32_t kCS8 = 0x30, kCREAD = 0x80, kHUPCL = 0x400, kCLOCAL = 0x800, kB38400 = 0xF,
                          kB115200 = 0x1002;
// c_lflag
inline constexpr uint32_t kISIG = 0x1, kICANON = 0x2, kECHO = 0x8, kECHOE = 0x10, kECHOK = 0x20, kECHONL = 0x40,
                          kNOFLSH = 0x80, kTOSTOP = 0x100, kECHOCTL = 0x200, kECHOKE = 0x800, kIEXTEN = 0x8000;
// c_cc indices
inline constexpr int kVINTR = 0, kVQUIT = 1, kVERASE = 2, kVKILL = 3, kVEOF = 4, kVTIME = 5, kVMIN = 6,
                     kVSTART = 8, kVSTOP = 9, kVSUSP = 10, kVEOL = 11, kVREPRINT = 12, kVDISCARD = 13,
                     kVWERASE = 14, kVLNEXT = 15, kVEOL2 = 16;
// tcsetattr's `when`
inline constexpr uint64_t kTCSANOW = 0, kTCSADRAIN = 1, kTCSAFLUSH = 2;

// What a Linux serial line starts with (`stty -a` on a fresh ttyS0 at 115200):
// cooked mode, echo, signals, CR→NL in, NL→CR NL out.
inline Termios default_termios(uint32_t speed = 115200) {
  Termios t{};
  t.c_iflag = kICRNL | kIXON;
  t.c_oflag = kOPOST | kONLCR;
  t.c_cflag = (speed == 115200 ? kB115200 : kB38400) | kCS8 | kCREAD | kHUPCL | kCLOCAL;
  t.c_lflag = kISIG | kICANON | kECHO | kECHOE | kECHOK | kECHOCTL | kECHOKE | kIEXTEN;
  t.c_cc[kVINTR] = 0x03;
  t.c_cc[kVQUIT] = 0x1C;
  t.c_cc[kVERASE] = 0x7F;
  t.c_cc[kVKILL] = 0x15;
  t.c_cc[kVEOF] = 0x04;
  t.c_cc[kVTIME] = 0;
  t.c_cc[kVMIN] = 1;
  t.c_cc[kVSTART] = 0x11;
  t.c_cc[kVSTOP] = 0x13;
  t.c_cc[kVSUSP] = 0x1A;
  t.c_cc[kVREPRINT] = 0x12;
  t.c_cc[kVDISCARD] = 0x0F;
  t.c_cc[kVWERASE] = 0x17;
  t.c_cc[kVLNEXT] = 0x16;
  t.c_ispeed = t.c_ospeed = speed;
  return t;
}

}  // namespace uapi::termios
