// servers/namesrv — the name service (NS_REGISTER / NS_LOOKUP, §3.4).
// Its endpoint is the one init pre-created and placed in namesrv's
// well-known slot (SLOT_NAMESRV_EP); transferred caps land in slot 30 and
// are kept at 32 + n (namesrv/registry.h).
#include "lib/serve.h"
#include "namesrv/handler.h"
#include "trona/program.h"

namespace {

namesrv::Registry g_registry;

void dispatch(void* ctx, const lib::Request& rq, lib::Reply* rp) {
  namesrv::handle(*static_cast<namesrv::Registry*>(ctx), rq, rp);
}

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  lib::ServeConfig config;
  config.endpoint = uapi::SLOT_NAMESRV_EP;
  config.recv_slot = 30;
  config.probe_slot = 31;
  lib::serve(config, dispatch, &g_registry);
}

}  // namespace

TRONA_PROGRAM(namesrv, run)
