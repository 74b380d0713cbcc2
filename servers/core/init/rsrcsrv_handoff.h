// init/rsrcsrv_handoff.h — init gives procmgr rsrcsrv (kernel-abi.md §1.3
// step 8), once the root untypeds are rsrcsrv's: procmgr's badge is
// promoted to privileged (RES_SET_QUOTA with bit 63, only init's badge 1
// may), and procmgr's CNode gets rsrcsrv's endpoint twice — minted with
// procmgr's badge (its calls: allocate and reclaim for its children's
// owners) and unbadged (procmgr mints each child's slot 6 from it, badge =
// the child's owner id). procmgr notices at its next spawn
// (procmgr/trona_memory.cpp). Design: servers/core/rsrcsrv/README.md "Owners".
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace init {

struct BootPlan;

// procmgr's slots for rsrcsrv's endpoint (procmgr/trona_ops.h
// kRsrcsrvSlot, kRsrcsrvMintSlot).
inline constexpr uint64_t kProcmgrRsrcsrvSlot = 69;
inline constexpr uint64_t kProcmgrRsrcsrvMintSlot = 70;

// The hand-over over init's slots: `init_rsrcsrv` rsrcsrv's endpoint with
// badge 1, `rsrcsrv_ep` its unbadged service endpoint, `procmgr_cnode`
// procmgr's CNode; `procmgr_badge` procmgr's badge at rsrcsrv. Returns the
// TRONA_* status of the first step that failed (OK when done).
uint64_t hand_rsrcsrv_to_procmgr(uint64_t init_rsrcsrv, uint64_t rsrcsrv_ep, uint64_t procmgr_cnode,
                                 uint64_t procmgr_badge);

// The same from init's boot plan (rsrcsrv = its index in plan.services;
// procmgr's CNode at its window_base + `cnode_offset`), logged as
// `init: procmgr allocates through rsrcsrv` or `init: cannot hand rsrcsrv
// to procmgr (status <n>)`.
void hand_rsrcsrv_to_procmgr(const BootPlan& plan, size_t rsrcsrv, uint64_t init_rsrcsrv, uint64_t cnode_offset);

}  // namespace init
