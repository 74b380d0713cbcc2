// uapi/server.h — labels between servers and drivers (trona
// uapi/protocol/server.rs, era B). Each sub-protocol is its own number
// domain (its own endpoint), so numbers repeat across lists.
// The posix_ttysrv labels are re-exported from posix.h (server.rs
// re-declares them with the same values; here they are the same entities).
#pragma once

#include "uapi/label.h"
#include "uapi/posix.h"

#include "proto/console_labels.h"  // UAPI_SERVER_CONSOLE_LABELS: servers/uapi/proto/console.idl

#include "proto/display_labels.h"  // UAPI_SERVER_DISPLAY_LABELS: servers/uapi/proto/display.idl

#include "proto/pci_labels.h"  // UAPI_SERVER_PCI_LABELS: servers/uapi/proto/pci.idl

#include "proto/blk_labels.h"  // UAPI_SERVER_BLK_LABELS: servers/uapi/proto/blk.idl

#include "proto/saltyfs_labels.h"  // UAPI_SERVER_SALTYFS_LABELS: servers/uapi/proto/saltyfs.idl

#include "proto/net_labels.h"  // UAPI_SERVER_NET_LABELS: servers/uapi/proto/net.idl

#include "proto/dns_labels.h"  // UAPI_SERVER_DNS_LABELS: servers/uapi/proto/dns.idl

#include "proto/driver_labels.h"  // UAPI_SERVER_DRIVER_LABELS: servers/uapi/proto/driver.idl

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
