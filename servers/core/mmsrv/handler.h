// mmsrv/handler.h — one MM_* request (or VM fault message) to one reply.
// MM_* wire formats: servers/uapi/proto/mmsrv.idl (PROTOCOLS.md, "mmsrv"),
// decoded and encoded by the generated dispatch; fault messages:
// servers/uapi/README.md ("mmsrv").
#pragma once

#include "lib/message.h"
#include "core/mmsrv/memory.h"

namespace mmsrv {

void handle(Memory& mem, const lib::Request& request, lib::Reply* reply);

}  // namespace mmsrv
