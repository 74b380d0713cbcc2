// procmgr/state.h — the process manager's tables and the interface to the
// kernel work it orders (Ops). Pure logic; handler.cpp decodes PM_* and
// main.cpp implements Ops with trona invocations. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"

namespace procmgr {

inline constexpr size_t kMaxProcesses = 128;
inline constexpr size_t kMaxGroups = 16;
inline constexpr size_t kMaxPath = 64;
inline constexpr size_t kMaxArgsBytes = 216;  // what fits a PM_SPAWN message
inline constexpr size_t kRlimits = 16;        // RLIMIT_NLIMITS
inline constexpr uint64_t kRlimInfinity = ~uint64_t{0};
inline constexpr uint64_t kIdUnchanged = 0xFFFFFFFF;  // (uid_t)-1 in set*id
inline constexpr size_t kMaxServiceDefs = 32;
inline constexpr size_t kMaxProviders = 16;
inline constexpr uint64_t kNoSlot = ~uint64_t{0};

// Badges procmgr mints for the children it spawns: kChildBadgeBase + pid.
// init's badge is 1 (= pid 1); init-spawned services register with
// PM_REGISTER under their own badges (0x1000 + i).
inline constexpr uint64_t kInitBadge = 1;
inline constexpr uint64_t kChildBadgeBase = 0x10000;

// procmgr's own CSpace: each table entry i owns a window of kWindowSlots
// slots from kWindowBase: the child's objects and a saved reply cap.
inline constexpr uint64_t kWindowBase = 1024;
inline constexpr uint64_t kWindowSlots = 16;
namespace win {
inline constexpr uint64_t kTcb = 0, kVSpace = 1, kCNode = 2, kSchedCtx = 3, kStack = 4, kIpcFrame = 5,
                          kImage = 6, kReply = 7;
}
constexpr uint64_t window(size_t index) { return kWindowBase + kWindowSlots * index; }
inline constexpr uint64_t kProviderSlotBase = kWindowBase + kWindowSlots * kMaxProcesses;  // 3072..

enum class ProcState : uint8_t { kFree, kRunning, kZombie };

struct Creds {
  uint64_t ruid = 0, euid = 0, suid = 0;
  uint64_t rgid = 0, egid = 0, sgid = 0;
  uint64_t ngroups = 0;
  uint64_t groups[kMaxGroups] = {};
};

struct Rlimit {
  uint64_t cur = kRlimInfinity;
  uint64_t max = kRlimInfinity;
};

struct Proc {
  ProcState state = ProcState::kFree;
  uint64_t pid = 0, ppid = 0, badge = 0, pgid = 0, sid = 0;
  Creds creds;
  uint64_t umask = 022;
  Rlimit rlimits[kRlimits];
  uint64_t wait_status = 0;      // zombie: Linux wait status
  uint64_t pending_signals = 0;  // bit n = signal n recorded, not yet acted upon
  bool has_objects = false;      // window holds a TCB/CNode procmgr may tear down
  bool suspended = false;        // spawned START_SUSPENDED, not yet resumed
  bool waiting = false;          // blocked in PM_WAIT (reply cap saved in the window)
  uint64_t wait_pid = 0, wait_options = 0;
  uint64_t cnode_bits = 0;
  uint64_t tty = 0, tty_pgrp = 0;  // session leader: controlling TTY id (0 none), foreground pgrp
  size_t path_len = 0;
  char path[kMaxPath] = {};
};

struct ServiceDef {
  bool used = false;
  uint64_t policy = 0;
  size_t name_len = 0, binary_len = 0;
  char name[32] = {};
  char binary[48] = {};
};

struct Provider {
  bool used = false;
  size_t name_len = 0;
  char name[32] = {};
  uint64_t slot = 0;  // procmgr slot of the endpoint
};

// What the kernel side of a spawn needs (main.cpp builds the objects).
struct SpawnSpec {
  size_t index = 0;  // table entry: window(index)
  uint64_t pid = 0, badge = 0;
  uint64_t cnode_bits = 10;
  uint64_t stack_pages = 1;
  lib::Str image;  // the image bytes (mapped at trona::image::kImageVa)
  const char* argv_bytes = nullptr;  // NUL-separated, argv[0] = path
  size_t argv_len = 0, argc = 0;
  uint64_t pre_ep_slot = kNoSlot;  // procmgr slot of a pre-created service endpoint, or kNoSlot
};

// What the kernel side of PM_FORK needs (trona_fork_exec.cpp): the
// parent's window is cloned into the child's.
struct ForkSpec {
  size_t parent_index = 0, index = 0;  // table entries: window(parent_index) -> window(index)
  uint64_t pid = 0, badge = 0, parent_badge = 0;
  uint64_t cnode_bits = 10;
  uint64_t entry_rip = 0, entry_rsp = 0;  // where the child's thread starts (PM_FORK MR1, MR0)
};

// What the kernel side of PM_EXEC needs: the new image and initial stack.
struct ExecSpec {
  size_t index = 0;
  uint64_t pid = 0, badge = 0;
  uint64_t cnode_bits = 10;  // the process's CNode (unchanged; the auxv describes it)
  uint64_t stack_pages = 1;
  lib::Str image;
  const char* argv_bytes = nullptr;  // NUL-separated
  size_t argv_len = 0, argc = 0;
  const char* envp_bytes = nullptr;
  size_t envp_len = 0, envc = 0;
};

// Kernel work. Every call returns a TRONA_* status. The defaults refuse
// (no pure virtuals: the freestanding target has no __cxa_pure_virtual).
class Ops {
 public:
  // The bytes of the image at `path` (no leading '/'), NOT_FOUND if none.
  virtual uint64_t find_image(lib::Str path, lib::Str* bytes) {
    (void)path, (void)bytes;
    return uapi::TRONA_NOT_FOUND;
  }
  // Creates and sets up the child's objects in its window (not resumed).
  // On failure nothing is left in the window.
  virtual uint64_t create(const SpawnSpec& spec) {
    (void)spec;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual uint64_t resume(size_t index) {
    (void)index;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Suspends the child's TCB and deletes every object in the window (the
  // saved reply cap stays).
  virtual void destroy(size_t index) { (void)index; }
  // Moves the cap that arrived in procmgr's `from_slot` into the child's CNode.
  virtual uint64_t inject(size_t index, uint64_t from_slot, uint64_t dest_slot) {
    (void)index, (void)from_slot, (void)dest_slot;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // PM_REGISTER: keeps the child CNode (arrived in `from_slot`) in the window
  // and copies the child's TCB and VSpace caps (its slots 0/1) next to it.
  virtual uint64_t adopt(size_t index, uint64_t from_slot) {
    (void)index, (void)from_slot;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Saves the current caller's reply cap in the window's reply slot.
  virtual uint64_t save_caller(size_t index) {
    (void)index;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Answers through the saved reply cap (MR0..MR3 at most).
  virtual void reply_saved(size_t index, uint64_t status, const uint64_t* mr, size_t n) {
    (void)index, (void)status, (void)mr, (void)n;
  }
  // Drops the saved reply cap (the waiter went away).
  virtual void drop_saved(size_t index) { (void)index; }

  // PM_FORK (trona_fork_exec.cpp): the child's objects in window(s.index),
  // its address space a copy-on-write clone of the parent's, its thread
  // configured at s.entry_rip/entry_rsp (not resumed). On failure nothing
  // is left in the window.
  virtual uint64_t fork(const ForkSpec& s) {
    (void)s;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // PM_EXEC: copies `n` bytes of the payload the kernel put in procmgr's
  // IPC-buffer reserved area into `out` (before any other kernel work).
  virtual uint64_t exec_payload(char* out, size_t n) {
    (void)out, (void)n;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // PM_EXEC: a new address space with the image and stack of `s`, the
  // thread restarted at the image entry. A failure before the old address
  // space is dropped leaves everything as it was (*lost = false); after
  // that point (*lost = true) the process cannot continue.
  virtual uint64_t exec(const ExecSpec& s, bool* lost) {
    (void)s;
    *lost = false;
    return uapi::TRONA_INVALID_OPERATION;
  }

 protected:
  ~Ops() = default;
};

struct Procmgr {
  explicit Procmgr(Ops& o) : ops(o) {}
  Ops& ops;
  Proc procs[kMaxProcesses];
  uint64_t next_pid = 2;
  ServiceDef defs[kMaxServiceDefs];
  Provider providers[kMaxProviders];

  // pid 1 = init (badge 1, root, session and group 1).
  void add_init();
  Proc* by_pid(uint64_t pid);
  Proc* by_badge(uint64_t badge);
  size_t index_of(const Proc* p) const { return static_cast<size_t>(p - procs); }
  Proc* alloc(uint64_t pid, uint64_t badge);
  uint64_t new_pid();
};

}  // namespace procmgr
