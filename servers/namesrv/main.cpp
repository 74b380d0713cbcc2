// servers/namesrv — the name service (NS_REGISTER / NS_LOOKUP, §3.4).
// Its endpoint is the one init pre-created and placed in namesrv's
// well-known slot (SLOT_NAMESRV_EP); transferred caps land in slot 30 and
// are kept at 32 + n (namesrv/registry.h).
#include "lib/serve.h"
#include "namesrv/handler.h"
#include "trona/program.h"

namespace {

namesrv::Registry g_registry;

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  lib::serve_state<namesrv::Registry, namesrv::handle>({uapi::SLOT_NAMESRV_EP, 30, 31}, g_registry);
}

}  // namespace

TRONA_PROGRAM(namesrv, run)
