// servers/rsrcsrv — the resource server (RES_*, kernel-abi.md §3.7).
//
// Boot untypeds: slot 7 (boot-load untyped) and 16..31 (root untypeds,
// §1.3 step 8); empty ones are skipped on first use. Its service endpoint
// is taken at SLOT_RSRCSRV_EP; transferred caps land in slot 62 (probe 63);
// adopted untypeds are kept at 64 + n, objects at 1024 + i (CNodeBits >= 11).
#include "lib/serve.h"
#include "rsrcsrv/handler.h"
#include "trona/program.h"
#include "trona/syscall.h"

namespace {

using uapi::SLOT_SELF_CNODE;

// KernelOps on rsrcsrv's own CSpace (flat addressing, depth 0).
class TronaKernelOps : public rsrcsrv::KernelOps {
 public:
  uint64_t retype(uint64_t untyped_slot, uint64_t type, uint64_t size_bits, uint64_t dest_slot) override {
    return trona::invoke(untyped_slot, uapi::UNTYPED_RETYPE, type, size_bits, dest_slot).error;
  }
  uint64_t reset(uint64_t untyped_slot) override { return trona::invoke(untyped_slot, uapi::UNTYPED_RESET).error; }
  uint64_t revoke(uint64_t slot) override { return trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_REVOKE, slot).error; }
  uint64_t remove(uint64_t slot) override { return trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot).error; }
};

TronaKernelOps g_ops;
rsrcsrv::ResourceManager g_manager(g_ops);

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  g_manager.add_untyped(uapi::SLOT_CHILD_UNTYPED);
  for (uint64_t s = uapi::SLOT_UNTYPED_BASE; s < uapi::SLOT_BOOTSTRAP_PRIVATE_BASE; ++s) g_manager.add_untyped(s);
  lib::serve_state<rsrcsrv::ResourceManager, rsrcsrv::handle>({uapi::SLOT_RSRCSRV_EP, 62, 63}, g_manager);
}

}  // namespace

TRONA_PROGRAM(rsrcsrv, run)
