// uapi/wire.h — structures exchanged with servers (kernel-abi.md §3.2, §3.3).
//
// Two kinds: the trona wire blocks that travel in message registers
// (TronaStat, TronaDirent, SockaddrIn), and the basaltc C structures user
// programs see (PosixStat = FreeBSD-12-like `struct stat`, Dirent, Termios,
// ...), which servers fill in bulk windows and the POSIX layer returns.
// Layouts are fixed by the static_asserts below (x86-64 / LP64).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace uapi {

using mode_t_ = uint16_t;  // basaltc mode_t (FreeBSD: 16 bits)

struct Timespec {
  uint64_t tv_sec;
  uint64_t tv_nsec;
};
static_assert(sizeof(Timespec) == 16);

// Stat block of VFS_POSIX_STAT/LSTAT/FSTAT/FSTATAT replies: MR0..MR7.
// Field names drop the st_ prefix: st_mtime is a libc macro on the host.
struct TronaStat {
  uint64_t ino;
  uint64_t mode;   // S_IF* | permission bits
  uint64_t nlink;
  uint64_t size;
  uint64_t uid;
  uint64_t gid;
  uint64_t mtime;  // nanoseconds (SaltyFS stores ns)
  uint64_t type;   // DT_* of the file
};
inline constexpr size_t kTronaStatWords = 8;
static_assert(sizeof(TronaStat) == kTronaStatWords * 8);
static_assert(offsetof(TronaStat, mode) == 1 * 8);
static_assert(offsetof(TronaStat, size) == 3 * 8);
static_assert(offsetof(TronaStat, mtime) == 6 * 8);
static_assert(offsetof(TronaStat, type) == 7 * 8);

// basaltc `struct stat` (FreeBSD-12-like), the PosixStat the VFS stat
// labels fill on the POSIX side.
struct PosixStat {
  uint64_t st_dev;
  uint64_t st_ino;
  uint64_t st_nlink;
  mode_t_ st_mode;
  int16_t st_pad0;
  uint32_t st_uid;
  uint32_t st_gid;
  int32_t st_pad1;
  uint64_t st_rdev;
  Timespec st_atim;
  Timespec st_mtim;
  Timespec st_ctim;
  Timespec st_birthtim;
  int64_t st_size;
  int64_t st_blocks;
  int32_t st_blksize;
  uint32_t st_flags;
  uint64_t st_gen;
  uint64_t st_spare[10];
};
static_assert(sizeof(PosixStat) == 224);
static_assert(offsetof(PosixStat, st_ino) == 8);
static_assert(offsetof(PosixStat, st_nlink) == 16);
static_assert(offsetof(PosixStat, st_mode) == 24);
static_assert(offsetof(PosixStat, st_uid) == 28);
static_assert(offsetof(PosixStat, st_gid) == 32);
static_assert(offsetof(PosixStat, st_rdev) == 40);
static_assert(offsetof(PosixStat, st_atim) == 48);
static_assert(offsetof(PosixStat, st_mtim) == 64);
static_assert(offsetof(PosixStat, st_ctim) == 80);
static_assert(offsetof(PosixStat, st_birthtim) == 96);
static_assert(offsetof(PosixStat, st_size) == 112);
static_assert(offsetof(PosixStat, st_blocks) == 120);
static_assert(offsetof(PosixStat, st_blksize) == 128);
static_assert(offsetof(PosixStat, st_flags) == 132);
static_assert(offsetof(PosixStat, st_gen) == 136);
static_assert(offsetof(PosixStat, st_spare) == 144);

// Client-side directory entry of trona (READDIR reply unpacked).
inline constexpr size_t kTronaDirentNameMax = 128;  // <= 127 bytes + NUL
struct TronaDirent {
  uint64_t d_ino;
  uint8_t d_type;
  uint8_t d_namlen;
  char d_name[kTronaDirentNameMax];
};
static_assert(offsetof(TronaDirent, d_type) == 8);
static_assert(offsetof(TronaDirent, d_namlen) == 9);
static_assert(offsetof(TronaDirent, d_name) == 10);
static_assert(sizeof(TronaDirent) == 144);

// VFS_POSIX_READDIR reply MRs.
inline constexpr size_t kReaddirMrNameLen = 0;  // 0 = end of directory
inline constexpr size_t kReaddirMrIno = 2;
inline constexpr size_t kReaddirMrType = 3;
inline constexpr size_t kReaddirMrName = 4;

// basaltc `struct dirent` (FreeBSD-12-like).
inline constexpr size_t kDirentNameMax = 256;
struct Dirent {
  uint64_t d_ino;
  int64_t d_off;
  uint16_t d_reclen;
  uint8_t d_type;
  uint8_t d_pad0;
  uint16_t d_namlen;
  uint16_t d_pad1;
  char d_name[kDirentNameMax];
};
static_assert(offsetof(Dirent, d_off) == 8);
static_assert(offsetof(Dirent, d_reclen) == 16);
static_assert(offsetof(Dirent, d_type) == 18);
static_assert(offsetof(Dirent, d_namlen) == 20);
static_assert(offsetof(Dirent, d_name) == 24);
static_assert(sizeof(Dirent) == 280);

// AF_INET address on the wire: {family, port, addr}, all in HOST byte order
// (a deliberate SaltyOS deviation from the network-order sockaddr_in).
struct SockaddrIn {
  uint16_t sin_family;
  uint16_t sin_port;
  uint32_t sin_addr;
};
static_assert(sizeof(SockaddrIn) == 8);
static_assert(offsetof(SockaddrIn, sin_port) == 2);
static_assert(offsetof(SockaddrIn, sin_addr) == 4);

// AF_UNIX address: path of at most 64 bytes on the wire; the structure
// keeps Linux's 108-byte sun_path so programs can NUL-terminate it.
inline constexpr size_t kSunPathWireMax = 64;
inline constexpr size_t kSunPathSize = 108;
struct SockaddrUn {
  uint16_t sun_family;
  char sun_path[kSunPathSize];
};
static_assert(sizeof(SockaddrUn) == 110);
static_assert(offsetof(SockaddrUn, sun_path) == 2);

// Generic socket address (what sockaddr* parameters point at).
struct Sockaddr {
  uint16_t sa_family;
  char sa_data[14];
};
static_assert(sizeof(Sockaddr) == 16);

// termios (tcgetattr/tcsetattr, CONSOLE_TC*ATTR, POSIX_TTYSRV_PTY_TC*ATTR).
inline constexpr size_t kNccs = 32;
struct Termios {
  uint32_t c_iflag;
  uint32_t c_oflag;
  uint32_t c_cflag;
  uint32_t c_lflag;
  uint8_t c_line;
  uint8_t c_cc[kNccs];
  uint32_t c_ispeed;
  uint32_t c_ospeed;
};
static_assert(offsetof(Termios, c_line) == 16);
static_assert(offsetof(Termios, c_cc) == 17);
static_assert(offsetof(Termios, c_ispeed) == 52);
static_assert(offsetof(Termios, c_ospeed) == 56);
static_assert(sizeof(Termios) == 60);

// TIOCGWINSZ (Linux layout).
struct Winsize {
  uint16_t ws_row;
  uint16_t ws_col;
  uint16_t ws_xpixel;
  uint16_t ws_ypixel;
};
static_assert(sizeof(Winsize) == 8);

// epoll_event with natural alignment (not Linux's packed 12-byte x86 form).
struct EpollEvent {
  uint32_t events;
  uint64_t data;
};
static_assert(offsetof(EpollEvent, data) == 8);
static_assert(sizeof(EpollEvent) == 16);

struct PollFd {
  int32_t fd;
  int16_t events;
  int16_t revents;
};
static_assert(offsetof(PollFd, events) == 4);
static_assert(offsetof(PollFd, revents) == 6);
static_assert(sizeof(PollFd) == 8);

// DNS_RESOLVE / NET_DNS_RESOLVE result.
inline constexpr size_t kDnsMaxAddrs = 4;
struct DnsResult {
  uint32_t count;
  uint32_t ttl;
  uint32_t addrs[kDnsMaxAddrs];
};
static_assert(offsetof(DnsResult, addrs) == 8);
static_assert(sizeof(DnsResult) == 24);

// Path packing (pack_path, kernel-abi.md §3.0): MR[k] = length, bytes from
// MR[k+1], little-endian, 8 per word, no NUL.
inline constexpr size_t kMaxPathLen = 128;
inline constexpr size_t kMaxTwoPathLen = 64;   // rename/renameat/linkat, each path
inline constexpr size_t kMaxSymlinkTarget = 64;
constexpr size_t packed_words(size_t bytes) { return (bytes + 7) / 8; }

// Inline data limits per IPC of the trona clients (bytes).
inline constexpr size_t kMaxInlineRead = 152;
inline constexpr size_t kMaxInlineWrite = 144;
inline constexpr size_t kMaxInlinePwrite = 136;

// VFS device types.
inline constexpr uint64_t kVfsDevConsole = 0;
inline constexpr uint64_t kVfsDevNull = 1;
inline constexpr uint64_t kVfsDevZero = 2;
inline constexpr uint64_t kVfsDevFb0 = 3;
inline constexpr uint64_t kVfsDevPtySlave = 4;
inline constexpr uint64_t kVfsDevPtmx = 5;

}  // namespace uapi
