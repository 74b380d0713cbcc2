// trona/clients/namesrv_client.h — typed IPC stubs of the name service
// (kernel-abi.md §3.4; reply choices in servers/core/namesrv/README.md).
//
//   trona::NamesrvClient ns;                       // endpoint in SLOT_NAMESRV_EP
//   int e = ns.register_endpoint("echo", 40);      // cap in slot 40 (needs GRANT)
//   e = ns.lookup("echo", 41);                     // a copy lands in empty slot 41
//
// Every call returns 0 or a Linux errno (trona/core/client.h). Names are checked
// by the server (the single place that knows the rules); a name too long to
// pack into one message at all is EINVAL without a call.
#pragma once

#include <stdint.h>

#include "lib/span.h"
#include "uapi/kernel_abi.h"

namespace trona {

class NamesrvClient {
 public:
  explicit constexpr NamesrvClient(uint64_t endpoint = uapi::SLOT_NAMESRV_EP) : ep_(endpoint) {}

  // NS_REGISTER: registers the endpoint cap in the caller's `endpoint_slot`
  // under `name`. EINVAL (empty or > 32 bytes), EEXIST, ENOMEM (table
  // full), EBADF (no cap in the slot), EACCES (the cap
  // lacks GRANT, e.g. a minted badged cap), EINTR (interrupted; not resent).
  int register_endpoint(lib::Str name, uint64_t endpoint_slot) const;

  // NS_LOOKUP: copies the endpoint registered under `name` into the
  // caller's empty `dest_slot` (own CSpace root, flat). ENOENT (unknown),
  // EINVAL (bad name), EIO (dest_slot occupied: the reply's cap could not
  // be delivered, see servers/uapi/README.md "Server loop").
  int lookup(lib::Str name, uint64_t dest_slot) const;

  uint64_t endpoint() const { return ep_; }

 private:
  uint64_t ep_;
};

}  // namespace trona
