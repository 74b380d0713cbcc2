// namesrv/handler.h — one request to the name service -> its reply
// (kernel-abi.md §3.0, §3.4; wire format in servers/uapi/README.md).
//
//   NS_REGISTER: MR0 name_len, MR1.. name; cap[0] = endpoint.
//     OK (reply.keep_cap_at = the slot to keep the cap in), INVALID_ARGUMENT
//     (empty, > 32 bytes, or the message is shorter than the name),
//     INVALID_CAPABILITY (no cap), ALREADY_EXISTS, OUT_OF_MEMORY.
//   NS_LOOKUP: same name encoding. OK with reply cap[0] = the endpoint,
//     INVALID_ARGUMENT, NOT_FOUND.
//   any other label: INVALID_OPERATION.
// Replies carry no MRs; the status is the reply label.
#pragma once

#include "lib/message.h"
#include "core/namesrv/registry.h"

namespace namesrv {

void handle(Registry& registry, const lib::Request& request, lib::Reply* reply);

}  // namespace namesrv
