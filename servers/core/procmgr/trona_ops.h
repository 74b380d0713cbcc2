// procmgr/trona_ops.h — procmgr::Ops implemented with trona invocations on
// procmgr's own CSpace (the §1.5 loader, teardown, saved reply caps, the
// pager hookup). Built with the program (main.cpp), not the logic library.
//
// procmgr's CSpace (CNodeBits >= 12): 3 its endpoint (unbadged, with
// GRANT: children get minted copies), 7 and 16..31 untypeds to retype
// children from, 59..62 receive slots, 63 the probe slot, the windows of
// the process table (state.h: window(i), namespace win), the registered
// providers (kProviderSlotBase + n), and the slots below.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/procmgr/state.h"
#include "core/procmgr/trona_child_objects.h"
#include "trona/core/image.h"
#include "trona/core/syscall.h"

namespace procmgr {

inline constexpr uint64_t kRecvSlot = 59;
inline constexpr uint64_t kProbeSlot = 63;
inline constexpr uint64_t kChildServiceEpSlot = uapi::SLOT_BOOTSTRAP_PRIVATE_BASE;  // 32
inline constexpr size_t kMaxImages = 32;
// mmsrv (the pager), when init gave procmgr its endpoint: 64 minted with
// badge 1 (privileged: MM_REGISTER/DEREGISTER of other badges, the fault
// reports), 65 unbadged with GRANT (procmgr mints each child's copy from
// it), 66 scratch for the fault-handler cap.
inline constexpr uint64_t kMmsrvSlot = uapi::SLOT_INJECTED_BASE;  // 64
inline constexpr uint64_t kMmsrvGrantSlot = kMmsrvSlot + 1;
inline constexpr uint64_t kMmScratchSlot = kMmsrvSlot + 2;
// The fault-observer notification (bound to procmgr's TCB): 67 procmgr's
// cap, 68 the badged copy handed to mmsrv (MM_REGISTER_PAGER_EP kind 0).
// A signal arrives on the service endpoint's Recv as an empty label-0
// message whose badge is kFaultBadge | bit 0.
inline constexpr uint64_t kFaultNtfnSlot = kMmsrvSlot + 3;
inline constexpr uint64_t kFaultNtfnGiveSlot = kMmsrvSlot + 4;
inline constexpr uint64_t kFaultBadge = 0x4000'0000;
// PM_EXEC builds the new address space here before the caller leaves its
// old one (trona_fork_exec.cpp): VSpace, stack MO, image MO, and the copy
// of the kept IPC frame's cap that maps it there (a frame cap maps at one
// address at a time; the copy replaces the window's cap at the commit).
inline constexpr uint64_t kExecScratchVSpace = 76;
inline constexpr uint64_t kExecScratchStack = 77;
inline constexpr uint64_t kExecScratchImage = 78;
inline constexpr uint64_t kExecScratchIpc = 79;
// Threads' IPC buffers and stacks in their process's address space: entry
// t of the thread table gets [kThreadAreaBase + t * kThreadAreaStride, +
// stride): its IPC buffer in the first page, its stack (<= 16 pages) ending
// one page below the next entry (a guard page).
inline constexpr uint64_t kThreadAreaBase = 0x0800'0000;
inline constexpr uint64_t kThreadAreaStride = 0x2'0000;
constexpr uint64_t thread_ipc_va(size_t t) { return kThreadAreaBase + kThreadAreaStride * t; }
constexpr uint64_t thread_stack_top(size_t t) { return thread_ipc_va(t + 1) - uapi::kPageSize; }
// rsrcsrv, when init handed it over (init/rsrcsrv_handoff.cpp; probed at
// each spawn until then): 69 minted with procmgr's badge (promoted to
// privileged: it allocates and reclaims for its children's owners), 70
// unbadged (procmgr mints each child's slot 6 from it).
inline constexpr uint64_t kRsrcsrvSlot = kMmsrvSlot + 5;
inline constexpr uint64_t kRsrcsrvMintSlot = kMmsrvSlot + 6;
// The VFS provider's endpoint minted with badge 1 (procmgr's calls:
// VFS_CLIENT_REGISTER, CLONE_FDS, CLIENT_EXIT), made from the provider
// slot before each use.
inline constexpr uint64_t kVfsSelfSlot = kMmsrvSlot + 7;
// The address-space layout procmgr registers for every child with mmsrv.
inline constexpr uint64_t kChildHeapBase = 0x1000'0000;
inline constexpr uint64_t kChildMmapBase = 0x4000'0000;
static_assert(kRecvSlot + uapi::kMaxExtraCaps <= kProbeSlot && kProbeSlot < kWindowBase);

// One invocation; the TRONA_* status.
inline uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0,
                    uint64_t a3 = 0) {
  return trona::invoke(cap, label, a0, a1, a2, a3).error;
}

// Answers a caller through the reply cap saved in `slot` (MR0..MR3 at
// most, no caps), then empties the slot (the kernel deletes a used reply
// cap; an unused one goes here). Saved PM_WAIT callers, PM_THREAD_JOINers.
// False when the caller no longer waits for it (the kernel refuses a dead
// reply cap).
inline bool reply_through(uint64_t slot, uint64_t status, const uint64_t* mr, size_t n) {
  uint64_t m[4] = {};
  for (size_t i = 0; i < n && i < 4; ++i) m[i] = mr[i];
  bool taken = trona::send(slot, uapi::msginfo(status, n < 4 ? n : 4, 0), m[0], m[1], m[2], m[3]).ok();
  inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot);
  return taken;
}

// An image procmgr can spawn: `--image <path> <bytes>` (the boot images
// init passes); any other path is read from the VFS once there is one
// (find_image_in_vfs, trona_vfs.cpp).
struct Image {
  lib::Str path;
  lib::Str bytes;
};

class TronaOps final : public Ops {

 public:
  Image images[kMaxImages];
  size_t image_count = 0;

  uint64_t find_image(lib::Str path, lib::Str* bytes) override;
  // `path` (no leading '/') read through the VFS as procmgr (root) into
  // image_buf_; NOT_FOUND when there is no VFS yet or no such file.
  uint64_t find_image_in_vfs(lib::Str path, lib::Str* bytes);

  uint64_t create(const SpawnSpec& s) override;

  uint64_t resume(size_t index) override;

  void destroy(size_t index) override;

  uint64_t inject(size_t index, uint64_t from_slot, uint64_t dest_slot) override;

  uint64_t adopt(size_t index, uint64_t from_slot) override;

  uint64_t save_caller(size_t index) override;

  bool reply_saved(size_t index, uint64_t status, const uint64_t* mr, size_t n) override;

  void drop_saved(size_t index) override;

  uint64_t add_window_block(size_t block) override;  // trona_windows.cpp

  // PM_FORK / PM_EXEC (trona_fork_exec.cpp).
  uint64_t fork(const ForkSpec& s) override;
  uint64_t exec_payload(char* out, size_t n) override;
  uint64_t exec(const ExecSpec& s, bool* lost) override;

  // The VFS of each child (trona_vfs.cpp).
  uint64_t vfs_attach(size_t index, const VfsClientInfo& info) override;
  uint64_t give_endpoint(size_t index, uint64_t provider_slot, uint64_t child_slot, uint64_t badge) override;
  void vfs_update(const VfsClientInfo& info) override;
  void vfs_exec(uint64_t vfs_slot, uint64_t badge) override;
  void vfs_detach(uint64_t vfs_slot, uint64_t badge) override;

  // Whether init gave procmgr mmsrv's endpoints (then every child is
  // registered with mmsrv and has it as its pager).
  bool has_pager = false;
  void probe_pager();

  // Registers procmgr as mmsrv's fault observer: a notification bound to
  // its own TCB, a badged copy (MUTATE keeps GRANT) handed to mmsrv.
  bool observe_faults();

  // Memory of the children (trona_memory.cpp). Whether init handed procmgr
  // rsrcsrv's endpoints (then every child's objects are allocated through
  // rsrcsrv, charged to the child's owner = its badge); asked again at each
  // spawn until it is true.
  bool has_rsrcsrv = false;
  bool probe_rsrcsrv();
  // Starts charging table entry `index` to rsrcsrv owner `owner` (with
  // rsrcsrv; a quota of `memory_kib` KiB, 0 = none) — else its objects come
  // from procmgr's own untypeds.
  uint64_t open_account(size_t index, uint64_t owner, uint64_t memory_kib);
  // One object for the process of table entry `index` into procmgr's slot
  // `dest` (charged to its owner when it has an account).
  uint64_t retype_for(size_t index, uint64_t type, uint64_t size_bits, uint64_t dest);
  // Its slot 6 (SLOT_RSRCSRV_EP): rsrcsrv's endpoint minted with its badge
  // (nothing without an account). `cnode` = procmgr's slot of its CNode.
  uint64_t give_rsrcsrv_endpoint(size_t index, uint64_t cnode);
  // RES_RECLAIM_OWNER: every object charged to the entry's owner (its own
  // allocations included) goes back; the owner's quota is reset.
  void close_account(size_t index);

  // Signals (trona_signals.cpp): a notification at window slot
  // win::kSignalNtfn, created and bound to the main TCB when the process's
  // first caught signal is raised.
  uint64_t raise_signal(size_t index, uint64_t sig, uint64_t dispatcher_va) override;
  void drop_signals(size_t index) override;
  uint64_t set_stopped(size_t index, bool stop) override;
  uint64_t set_thread_stopped(size_t t, bool stop) override;
  uint64_t now_ns() override;

  // Threads (trona_threads.cpp): objects in thread_window(t), mapped in
  // the owner's VSpace at thread_ipc_va(t) / below thread_stack_top(t).
  uint64_t create_thread(const ThreadSpec& s) override;
  void destroy_thread(size_t t) override;
  uint64_t save_joiner(size_t t) override;
  bool reply_joiner(size_t t, uint64_t status, const uint64_t* mr, size_t n) override;
  void drop_joiner(size_t t) override;

 private:
  uint64_t vfs_slot_ = 0;  // the VFS provider's slot, once a child was attached to it
  char image_buf_[trona::image::kMaxImageBytes] = {};
  uint64_t last_untyped_ = uapi::SLOT_CHILD_UNTYPED;
  uint64_t mm_badge_[kMaxProcesses] = {};  // badge registered with mmsrv per table entry (0 none)
  uint64_t rs_owner_[kMaxProcesses] = {};  // rsrcsrv owner charged per table entry (0: own untypeds)

  // The child's pager: MM_REGISTER (badge, bases, pid, its VSpace), its
  // slot 7 = mmsrv's endpoint minted with its badge, the same minted cap as
  // its fault handler.
  uint64_t attach_pager(const SpawnSpec& s, const child::Slots& c);

  // One object from procmgr's own untypeds (7, 16..31), the last one that
  // worked first (procmgr's objects; children's: retype_for).
  uint64_t retype(uint64_t type, uint64_t size_bits, uint64_t dest);
  // Objects of the child at table entry `index` (ChildObject: type, size
  // bits, procmgr slot): batched through rsrcsrv or retyped one by one.
  uint64_t alloc_child_objects(size_t index, const ChildObject* objs, size_t n);

  uint64_t build(const SpawnSpec& s);
  uint64_t build_thread(const ThreadSpec& s);
  uint64_t build_fork(const ForkSpec& s);
  uint64_t fork_pager(const ForkSpec& s, const child::Slots& c);
  uint64_t build_exec_space(const ExecSpec& s, uint64_t* rsp);
  // The initial stack page of a new image (§1.5: argv, envp, auxv for a
  // CNode of `cnode_bits`) built in `page`; the rsp, 0 if it does not fit.
  static uint64_t initial_stack(trona::image::StackSpec spec, uint64_t cnode_bits, uint8_t* page);

};

}  // namespace procmgr
