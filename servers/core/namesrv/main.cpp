// servers/core/namesrv — the name service (NS_REGISTER / NS_LOOKUP, §3.4).
// Its endpoint is the one init pre-created and placed in namesrv's
// well-known slot (SLOT_NAMESRV_EP); transferred caps land in slots 27..30
// (a message may carry up to 4; only cap[0] is used), cap[0] is probed into
// 31 and kept at 32 + n (namesrv/registry.h). namesrv receives no
// untypeds, so 16..31 are free for this.
//
// The registry lives on the program's stack, not in a global: the
// simulator may run several namesrv instances (machines) in one host
// process, and a restarted namesrv starts empty.
#include "trona/core/serve.h"
#include "core/namesrv/handler.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"

namespace {

inline constexpr uint64_t kRecvSlot = 27;
inline constexpr uint64_t kProbeSlot = 31;
static_assert(kRecvSlot + uapi::kMaxExtraCaps <= kProbeSlot && kProbeSlot < namesrv::kFirstNameSlot);

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  namesrv::Registry registry;
  trona::notify_ready();  // Type=notify: init starts what is ordered after us now
  lib::serve_state<namesrv::Registry, namesrv::handle>({uapi::SLOT_NAMESRV_EP, kRecvSlot, kProbeSlot}, registry);
}

}  // namespace

TRONA_PROGRAM(namesrv, run)
