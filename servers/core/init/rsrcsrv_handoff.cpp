#include "core/init/rsrcsrv_handoff.h"

#include "core/init/boot_plan.h"
#include "trona/core/debug_put.h"
#include "lib/format.h"
#include "trona/clients/rsrcsrv_client.h"
#include "trona/core/syscall.h"
#include "uapi/status.h"

namespace init {

namespace {

uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
  return trona::invoke(cap, label, a0, a1, a2, a3).error;
}

}  // namespace

uint64_t hand_rsrcsrv_to_procmgr(uint64_t init_rsrcsrv, uint64_t rsrcsrv_ep, uint64_t procmgr_cnode,
                                 uint64_t procmgr_badge) {
  // Privilege first: procmgr starts using rsrcsrv as soon as the caps are
  // there, and its first call may already act for a child.
  if (trona::RsrcsrvClient(init_rsrcsrv).set_quota(procmgr_badge, 0, 0, /*promote=*/true) != 0)
    return uapi::TRONA_INSUFFICIENT_RIGHTS;
  const uint64_t self = uapi::SLOT_SELF_CNODE;
  if (uint64_t st = inv(self, uapi::CNODE_COPY, rsrcsrv_ep, procmgr_cnode, kProcmgrRsrcsrvMintSlot, uapi::RIGHTS_ALL))
    return st;
  return inv(self, uapi::CNODE_MINT, rsrcsrv_ep, procmgr_cnode, kProcmgrRsrcsrvSlot, procmgr_badge);
}

void hand_rsrcsrv_to_procmgr(const BootPlan& plan, size_t rsrcsrv, uint64_t init_rsrcsrv, uint64_t cnode_offset) {
  uint64_t st = uapi::TRONA_NOT_FOUND;
  for (size_t i = 0; i < plan.pre_procmgr_count && rsrcsrv < plan.services.size(); ++i) {
    const PlannedService& pm = plan.services[i];
    if (!pm.unit->name.str().equals(kProcmgrName)) continue;
    st = hand_rsrcsrv_to_procmgr(init_rsrcsrv, plan.services[rsrcsrv].endpoint_slot, pm.window_base + cnode_offset,
                                 pm.badge);
    break;
  }
  char buf[96];
  lib::Formatter f(buf, sizeof buf);
  if (st == uapi::TRONA_OK) f.put("init: procmgr allocates through rsrcsrv\n");
  else f.put("init: cannot hand rsrcsrv to procmgr (status ").dec(st).put(")\n");
  lib::debug_put(f.str());
}

}  // namespace init
