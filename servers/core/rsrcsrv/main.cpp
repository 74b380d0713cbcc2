// servers/core/rsrcsrv — the resource server (RES_*, kernel-abi.md §3.7).
//
// Boot untypeds: slot 7 (boot-load untyped) and 16..31 (root untypeds,
// §1.3 step 8); empty ones are skipped on first use. Its service endpoint
// is taken at SLOT_RSRCSRV_EP; transferred caps land in slots 59..62 (a
// message may carry up to 4; only cap[0] is used), cap[0] is probed into
// 63; adopted untypeds are kept at 64 + n, objects at 1024 + i (with
// CNodeBits >= 11; in a smaller CNode at 128 + i up to its end: layout()).
//
// The accounting state lives on the program's stack, not in globals: the
// simulator may run several rsrcsrv instances (machines) in one host
// process, and a restarted rsrcsrv starts afresh.
#include "trona/core/serve.h"
#include "core/rsrcsrv/handler.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"
#include "trona/core/syscall.h"

namespace {

using uapi::SLOT_SELF_CNODE;

inline constexpr uint64_t kRecvSlot = 59;
inline constexpr uint64_t kProbeSlot = 63;
static_assert(kRecvSlot + uapi::kMaxExtraCaps <= kProbeSlot && kProbeSlot < rsrcsrv::Config().adopt_slot_base);

// KernelOps on rsrcsrv's own CSpace (flat addressing, depth 0).
class TronaKernelOps final : public rsrcsrv::KernelOps {
 public:
  uint64_t retype(uint64_t untyped_slot, uint64_t type, uint64_t size_bits, uint64_t dest_slot) override {
    return trona::invoke(untyped_slot, uapi::UNTYPED_RETYPE, type, size_bits, dest_slot).error;
  }
  uint64_t reset(uint64_t untyped_slot) override { return trona::invoke(untyped_slot, uapi::UNTYPED_RESET).error; }
  uint64_t revoke(uint64_t slot) override { return trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_REVOKE, slot).error; }
  uint64_t remove(uint64_t slot) override { return trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot).error; }
};

// Where objects are kept: 1024 + i when rsrcsrv's CNode has 2^11 slots or
// more; a smaller CNode (a unit without CNodeBits= gets 2^10) keeps them
// from kSmallObjectBase to its end (adopted untypeds stay below).
inline constexpr uint64_t kSmallObjectBase = 128;
rsrcsrv::Config layout() {
  rsrcsrv::Config c;
  static_assert(kSmallObjectBase >= rsrcsrv::Config().adopt_slot_base + rsrcsrv::kMaxUntypeds);
  if (trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_GET_INFO).error != uapi::TRONA_OK) return c;
  const uint64_t slots = trona::ipc_buffer()->msg[3];
  if (slots < c.object_slot_base + rsrcsrv::kMaxObjects) {
    c.object_slot_base = kSmallObjectBase;
    c.max_objects = slots > kSmallObjectBase ? static_cast<size_t>(slots - kSmallObjectBase) : 0;
  }
  return c;
}

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  TronaKernelOps ops;
  rsrcsrv::ResourceManager manager(ops, layout());
  manager.add_untyped(uapi::SLOT_CHILD_UNTYPED);
  for (uint64_t s = uapi::SLOT_UNTYPED_BASE; s < uapi::SLOT_BOOTSTRAP_PRIVATE_BASE; ++s) manager.add_untyped(s);
  trona::notify_ready();  // Type=notify: init starts what is ordered after us now
  lib::serve_state<rsrcsrv::ResourceManager, rsrcsrv::handle>({uapi::SLOT_RSRCSRV_EP, kRecvSlot, kProbeSlot},
                                                              manager);
}

}  // namespace

TRONA_PROGRAM(rsrcsrv, run)
