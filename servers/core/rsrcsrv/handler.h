// rsrcsrv/handler.h — one request to rsrcsrv -> its reply: every RES_*
// label of kernel-abi.md §3.7 decoded into ResourceManager, with the
// permission rules (owner 0 = the caller's badge; acting for another owner
// needs a privileged caller; RES_ADOPT_UNTYPED and the promote flag of
// RES_SET_QUOTA only from badge 1). Wire details and choices:
// servers/core/rsrcsrv/README.md.
#pragma once

#include "lib/message.h"
#include "core/rsrcsrv/quota.h"

namespace rsrcsrv {

void handle(ResourceManager& rm, const lib::Request& request, lib::Reply* reply);

}  // namespace rsrcsrv
