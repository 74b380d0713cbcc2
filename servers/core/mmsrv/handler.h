// mmsrv/handler.h — one MM_* request (or VM fault message) to one reply.
// Wire formats: servers/uapi/README.md ("mmsrv").
#pragma once

#include "lib/message.h"
#include "core/mmsrv/memory.h"

namespace mmsrv {

void handle(Memory& mem, const lib::Request& request, lib::Reply* reply);

}  // namespace mmsrv
