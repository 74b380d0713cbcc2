// uapi/server.h — labels between servers and drivers (trona
// uapi/protocol/server.rs, era B). Each sub-protocol is its own number
// domain (its own endpoint), so numbers repeat across lists.
// The posix_ttysrv labels are re-exported from posix.h (server.rs
// re-declares them with the same values; here they are the same entities).
#pragma once

#include "uapi/label.h"
#include "uapi/posix.h"

#define UAPI_SERVER_CONSOLE_LABELS(X) \
  X(CONSOLE_WRITE, 1)                 \
  X(CONSOLE_READ, 2)                  \
  X(CONSOLE_TCGETATTR, 3)             \
  X(CONSOLE_TCSETATTR, 4)

#define UAPI_SERVER_DISPLAY_LABELS(X) \
  X(DISPLAY_GET_INFO, 1)              \
  X(DISPLAY_PRESENT, 2)               \
  X(DISPLAY_FILL_RECT, 6)             \
  X(DISPLAY_WRITE_TEXT, 7)            \
  X(DISPLAY_TERMINAL_WRITE, 8)        \
  X(DISPLAY_SETUP_RING, 9)

#define UAPI_SERVER_PCI_LABELS(X) \
  X(PCI_FIND_DEVICE, 1)           \
  X(PCI_GET_CAPS, 2)              \
  X(PCI_LIST, 3)                  \
  X(PCI_READ_CONFIG32, 4)         \
  X(PCI_GET_BAR_CAP, 5)           \
  X(PCI_WRITE_CONFIG32, 6)

#define UAPI_SERVER_BLK_LABELS(X) \
  X(BLK_READ, 1)                  \
  X(BLK_WRITE, 2)                 \
  X(BLK_GET_INFO, 3)              \
  X(BLK_FLUSH, 4)                 \
  X(BLK_GET_SHM_ID, 5)

#define UAPI_SERVER_SALTYFS_LABELS(X) \
  X(SALTYFS_MOUNT, 1)                 \
  X(SALTYFS_LOOKUP, 2)                \
  X(SALTYFS_READ, 3)                  \
  X(SALTYFS_READDIR, 4)               \
  X(SALTYFS_STAT, 5)                  \
  X(SALTYFS_GETINFO, 6)               \
  X(SALTYFS_READ_INLINE, 7)           \
  X(SALTYFS_WRITE_INLINE, 8)          \
  X(SALTYFS_CREATE, 9)                \
  X(SALTYFS_MKDIR, 10)                \
  X(SALTYFS_UNLINK, 11)               \
  X(SALTYFS_RMDIR, 12)                \
  X(SALTYFS_RENAME, 13)               \
  X(SALTYFS_TRUNCATE, 14)             \
  X(SALTYFS_SHM_SETUP, 15)            \
  X(SALTYFS_WRITE, 16)                \
  X(SALTYFS_SYMLINK, 17)              \
  X(SALTYFS_READLINK, 18)             \
  X(SALTYFS_LINK, 19)                 \
  X(SALTYFS_GETPARENT, 20)            \
  X(SALTYFS_CHMOD, 21)                \
  X(SALTYFS_CHOWN, 22)                \
  X(SALTYFS_GETXATTR, 23)             \
  X(SALTYFS_SETXATTR, 24)             \
  X(SALTYFS_REMOVEXATTR, 25)          \
  X(SALTYFS_LISTXATTR, 26)

#define UAPI_SERVER_NET_LABELS(X) \
  X(NET_SOCKET, 0xA0)             \
  X(NET_CONNECT, 0xA1)            \
  X(NET_SEND, 0xA2)               \
  X(NET_RECV, 0xA3)               \
  X(NET_CLOSE, 0xA4)              \
  X(NET_BIND, 0xA5)               \
  X(NET_LISTEN, 0xA6)             \
  X(NET_ACCEPT, 0xA7)             \
  X(NET_SENDTO, 0xA8)             \
  X(NET_RECVFROM, 0xA9)           \
  X(NET_SHUTDOWN, 0xAA)           \
  X(NET_GETSOCKNAME, 0xAB)        \
  X(NET_GETPEERNAME, 0xAC)        \
  X(NET_SETSOCKOPT, 0xAD)         \
  X(NET_GETSOCKOPT, 0xAE)         \
  X(NET_POLL_STATUS, 0xAF)        \
  X(NET_REGISTER_VFS, 0xB0)       \
  X(NET_COMPLETE, 0xB1)           \
  X(NET_DNS_RESOLVE, 0xB2)        \
  X(NET_DNS_RESOLVE_PTR, 0xB3)    \
  X(NET_GET_CONFIG, 0xB4)         \
  X(NET_GET_ARP_ENTRY, 0xB5)      \
  X(NET_RECV_WAIT, 0xB6)          \
  X(NET_ACCEPT_WAIT, 0xB7)        \
  X(NET_RECVFROM_WAIT, 0xB8)      \
  X(NET_SEND_WAIT, 0xB9)          \
  X(NET_SENDTO_WAIT, 0xBA)

#define UAPI_SERVER_DNS_LABELS(X) \
  X(DNS_RESOLVE, 1)               \
  X(DNS_CACHE_FLUSH, 2)           \
  X(DNS_REVERSE_LOOKUP, 3)

#define UAPI_SERVER_DRIVER_LABELS(X) \
  X(DRIVER_REGISTER, 0xC0)           \
  X(DRIVER_GET_INFO, 0xC1)

// Labels defined in this file (the posix_ttysrv ones come from posix.h).
#define UAPI_SERVER_OWN_LABELS(X)   \
  UAPI_SERVER_CONSOLE_LABELS(X)     \
  UAPI_SERVER_DISPLAY_LABELS(X)     \
  UAPI_SERVER_PCI_LABELS(X)         \
  UAPI_SERVER_BLK_LABELS(X)         \
  UAPI_SERVER_SALTYFS_LABELS(X)     \
  UAPI_SERVER_NET_LABELS(X)         \
  UAPI_SERVER_DNS_LABELS(X)         \
  UAPI_SERVER_DRIVER_LABELS(X)

// Every label reachable as uapi::server::NAME.
#define UAPI_SERVER_LABELS(X)       \
  UAPI_SERVER_OWN_LABELS(X)         \
  UAPI_POSIX_TTYSRV_LABELS(X)

#define UAPI_DETAIL_USING_POSIX(name, value) using ::uapi::posix::name;

namespace uapi::server {

UAPI_SERVER_OWN_LABELS(UAPI_DEFINE_LABEL)
UAPI_POSIX_TTYSRV_LABELS(UAPI_DETAIL_USING_POSIX)

// NET_GET_CONFIG states.
inline constexpr uint64_t kNetConfigDown = 0;
inline constexpr uint64_t kNetConfigConfiguring = 1;
inline constexpr uint64_t kNetConfigReady = 2;
inline constexpr uint64_t kNetConfigFallback = 3;

// BLK_READ/BLK_WRITE: at most 8 sectors (4 KiB) per request, 512-byte sectors.
inline constexpr uint64_t kBlkMaxSectorsPerRequest = 8;
inline constexpr uint64_t kBlkSectorSize = 512;

}  // namespace uapi::server

#undef UAPI_DETAIL_USING_POSIX

namespace uapi::server::detail {
using namespace ::uapi::server;
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_CONSOLE_LABELS);
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_DISPLAY_LABELS);
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_PCI_LABELS);
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_BLK_LABELS);
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_SALTYFS_LABELS);
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_NET_LABELS);
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_DNS_LABELS);
UAPI_CHECK_LABEL_DOMAIN(UAPI_SERVER_DRIVER_LABELS);
}  // namespace uapi::server::detail
