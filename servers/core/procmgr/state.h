// procmgr/state.h — the process manager's tables and the interface to the
// kernel work it orders (Ops). Pure logic; handler.cpp decodes PM_* and
// main.cpp implements Ops with trona invocations. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/key_index.h"
#include "lib/span.h"
#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace procmgr {

// The 10 000 processes alive at once, plus init and the services.
inline constexpr size_t kMaxProcesses = 10240;
using uapi::procmgr::kMaxArgsBytes;  // wire limits: uapi/procmgr.h
using uapi::procmgr::kMaxGroups;
using uapi::procmgr::kMaxPath;
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
// slots: the child's objects and a saved reply cap. kMaxProcesses windows
// do not fit a root CNode (at most 2^16 slots, kernel-abi.md §2.2), so
// they live in window CNodes of kWindowCNodeBits, kWindowsPerCNode windows
// each, in procmgr's root slots kWindowBase + block; window(i) is one cap
// pointer, root slot << kWindowCNodeBits | offset, resolved by the depth-0
// sub-CNode auto-detect (§2.9). procmgr creates a block's CNode when its
// table first reaches it (Ops::add_window_block). The auto-detect tries
// smaller sub-CNode sizes first; for a window pointer they name root slots
// >= 2048, which never hold a CNode in procmgr (providers, personalities
// and thread windows hold endpoints and thread objects), so nothing else
// can match.
inline constexpr uint64_t kWindowBase = 1024;
inline constexpr uint64_t kWindowSlots = 16;
inline constexpr uint64_t kWindowCNodeBits = 12;
inline constexpr size_t kWindowsPerCNode = (size_t{1} << kWindowCNodeBits) / kWindowSlots;  // 256
inline constexpr size_t kWindowCNodes = (kMaxProcesses + kWindowsPerCNode - 1) / kWindowsPerCNode;
namespace win {
inline constexpr uint64_t kTcb = 0, kVSpace = 1, kCNode = 2, kSchedCtx = 3, kStack = 4, kIpcFrame = 5,
                          kImage = 6, kReply = 7;
inline constexpr uint64_t kSignalNtfn = 8;  // the signal notification bound to the main TCB (signals.cpp)
}
constexpr uint64_t window(size_t index) {
  return (kWindowBase + index / kWindowsPerCNode) << kWindowCNodeBits | (index % kWindowsPerCNode) * kWindowSlots;
}
static_assert(win::kSignalNtfn < kWindowSlots);
inline constexpr uint64_t kProviderSlotBase = 3072;  // in the root, after the window CNodes
static_assert(kWindowBase >= 1024 && kWindowBase + kWindowCNodes <= 2048 && kProviderSlotBase >= 2048);
// After the providers: the personality providers (+ subsystem id), then
// the windows of the thread table (threads.cpp): kThreadSlots per entry.
inline constexpr uint64_t kSubsystems = 3;  // POSIX 0, WIN32 1, STARNITE 2
inline constexpr uint64_t kPersonalitySlotBase = kProviderSlotBase + kMaxProviders;
inline constexpr size_t kMaxThreads = 32;
inline constexpr uint64_t kThreadSlots = 8;
namespace tslot {
inline constexpr uint64_t kTcb = 0, kSchedCtx = 1, kIpcBuffer = 2, kStack = 3, kReply = 4;
}
inline constexpr uint64_t kThreadSlotBase = kPersonalitySlotBase + kSubsystems + 1;
constexpr uint64_t thread_window(size_t t) { return kThreadSlotBase + kThreadSlots * t; }
// Threads' tids: above every pid (pids stay < 32768), the main thread's tid
// is its pid.
inline constexpr uint64_t kFirstTid = 0x10000;
inline constexpr size_t kSignals = 32;  // NSIG: dispositions of signals 0..31

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

// A signal's disposition: handler word 0 SIG_DFL, 1 SIG_IGN, else the
// handler's code address in the process (uapi README, PM_SIGACTION).
struct SigAction {
  uint64_t handler = 0, flags = 0, mask = 0;
};

struct Proc {
  ProcState state = ProcState::kFree;
  uint64_t pid = 0, ppid = 0, badge = 0, pgid = 0, sid = 0;
  Creds creds;
  uint64_t memory_kib = 0;  // rsrcsrv quota of its objects, KiB (spawn_policy MemoryKB; fork inherits it)
  uint64_t umask = 022;
  Rlimit rlimits[kRlimits];
  uint64_t wait_status = 0;      // zombie: Linux wait status
  uint64_t pending_signals = 0;  // bit n = signal n recorded, not yet acted upon
  SigAction actions[kSignals];   // PM_SIGACTION dispositions (fork copies them, exec resets handlers)
  uint64_t alarm_deadline = 0, alarm_interval = 0;  // ITIMER_REAL: absolute CLOCK_MONOTONIC ns (0 off), period
  uint64_t dispatcher_va = 0;  // the notification dispatcher PM_SIGACTION named (installed with the signal)
  bool stopped = false;         // job control: stopped by a stop signal, until SIGCONT
  uint64_t job_status = 0;      // a stop / continue the parent's PM_WAIT has not heard of (0 none)
  bool has_objects = false;      // window holds a TCB/CNode procmgr may tear down
  bool suspended = false;        // spawned START_SUSPENDED, not yet resumed
  bool waiting = false;          // blocked in PM_WAIT (reply cap saved in the window)
  uint64_t wait_pid = 0, wait_options = 0;
  uint64_t cnode_bits = 0;
  uint64_t vfs_slot = 0;  // the VFS provider it was announced to (0: none)
  uint64_t tty = 0, tty_pgrp = 0;  // session leader: controlling TTY id (0 none), foreground pgrp
  size_t path_len = 0;
  char path[kMaxPath] = {};
};

struct ServiceDef {
  bool used = false;
  uint64_t policy = 0;
  size_t name_len = 0, binary_len = 0;
  char name[uapi::procmgr::kMaxServiceName] = {};
  char binary[uapi::procmgr::kMaxServiceBinary] = {};
};

struct Provider {
  bool used = false;
  size_t name_len = 0;
  char name[uapi::procmgr::kMaxServiceName] = {};
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
  uint64_t memory_kib = 0;          // spawn_policy [31:16]: the child's quota at rsrcsrv (0 = none)
};

// What the kernel side of PM_FORK needs (trona_fork_exec.cpp): the
// parent's window is cloned into the child's.
struct ForkSpec {
  size_t parent_index = 0, index = 0;  // table entries: window(parent_index) -> window(index)
  uint64_t pid = 0, badge = 0, parent_badge = 0;
  uint64_t cnode_bits = 10;
  uint64_t entry_rip = 0, entry_rsp = 0;  // where the child's thread starts (PM_FORK MR1, MR0)
  uint64_t memory_kib = 0;               // the child's rsrcsrv quota (the parent's)
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

enum class ThreadState : uint8_t { kFree, kRunning, kExited };

// A thread created with PM_THREAD_CREATE (not the main thread). Its
// objects sit in thread_window(index in Procmgr::threads).
struct Thread {
  ThreadState state = ThreadState::kFree;
  uint64_t tid = 0, pid = 0;  // pid: the owning process
  bool detached = false;
  uint64_t exit_value = 0;
  bool joined = false;     // a joiner waits (its reply cap saved in the thread window)
  uint64_t joiner_tid = 0;  // who (the pid = the main thread)
};

// What the kernel side of PM_THREAD_CREATE needs.
struct ThreadSpec {
  size_t index = 0;       // thread table entry: thread_window(index)
  size_t proc_index = 0;  // the owner's window (its VSpace and CNode)
  uint64_t tid = 0;
  uint64_t rip = 0, stack_word0 = 0, stack_word1 = 0;  // trona::EntryPoint
  uint64_t stack_pages = 1;
};

// What the VFS learns of a new process (VFS_CLIENT_REGISTER, or
// VFS_POSIX_CLONE_FDS from parent_badge at fork).
struct VfsClientInfo {
  uint64_t vfs_slot = 0;  // procmgr's slot of the VFS provider endpoint
  uint64_t badge = 0, pid = 0, parent_badge = 0;  // parent_badge != 0: a fork
  uint64_t uid = 0, euid = 0, gid = 0, egid = 0;
  uint64_t nofile = 0, umask = 022;
  uint64_t ngroups = 0;
  const uint64_t* groups = nullptr;
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
  // Answers through the saved reply cap (MR0..MR3 at most). False when
  // nobody took it: the saved caller no longer waits (a signal or a stop
  // ended its call), so whatever the answer carried stays with procmgr.
  virtual bool reply_saved(size_t index, uint64_t status, const uint64_t* mr, size_t n) {
    (void)index, (void)status, (void)mr, (void)n;
    return false;
  }
  // Drops the saved reply cap (the waiter went away).
  virtual void drop_saved(size_t index) { (void)index; }
  // Creates window CNode `block` (root slot kWindowBase + block): the
  // windows of entries block * kWindowsPerCNode.. become usable.
  virtual uint64_t add_window_block(size_t block) {
    (void)block;
    return uapi::TRONA_INVALID_OPERATION;
  }

  // Signals (trona_signals.cpp): sets bit `sig` of the process's signal
  // notification, creating it and binding it to its main TCB first if
  // needed, with `dispatcher_va` (if not 0) as the TCB's notification
  // dispatcher. Fails when the process has no objects or its TCB has
  // another bound notification.
  virtual uint64_t raise_signal(size_t index, uint64_t sig, uint64_t dispatcher_va) {
    (void)index, (void)sig, (void)dispatcher_va;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Deletes the signal notification (process teardown).
  virtual void drop_signals(size_t index) { (void)index; }
  // Job control: suspends (stop) or resumes the main thread / thread `t`.
  virtual uint64_t set_stopped(size_t index, bool stop) {
    (void)index, (void)stop;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual uint64_t set_thread_stopped(size_t t, bool stop) {
    (void)t, (void)stop;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // CLOCK_MONOTONIC now, ns (itimers).
  virtual uint64_t now_ns() { return 0; }

  // Threads (trona_threads.cpp): builds and starts a thread in the
  // owner's address space; on failure nothing is left.
  virtual uint64_t create_thread(const ThreadSpec& spec) {
    (void)spec;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Suspends the thread and deletes its objects (a saved joiner stays).
  virtual void destroy_thread(size_t t) { (void)t; }
  virtual uint64_t save_joiner(size_t t) {
    (void)t;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual bool reply_joiner(size_t t, uint64_t status, const uint64_t* mr, size_t n) {  // as reply_saved
    (void)t, (void)status, (void)mr, (void)n;
    return false;
  }
  virtual void drop_joiner(size_t t) { (void)t; }

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
  // The VFS (trona_vfs.cpp), when init registered a provider "vfs": before
  // the process runs, its SLOT_VFS_EP gets the VFS endpoint minted with its
  // badge and the VFS hears of it (register, or clone the parent's fds).
  // Without a VFS: nothing, TRONA_OK.
  virtual uint64_t vfs_attach(size_t index, const VfsClientInfo& info) {
    (void)index, (void)info;
    return uapi::TRONA_OK;
  }
  // A well-known service slot of the process (service_slots.cpp): its
  // `child_slot` gets init's provider endpoint `provider_slot` minted with
  // `badge`. Without a kernel: nothing, TRONA_OK.
  virtual uint64_t give_endpoint(size_t index, uint64_t provider_slot, uint64_t child_slot, uint64_t badge) {
    (void)index, (void)provider_slot, (void)child_slot, (void)badge;
    return uapi::TRONA_OK;
  }
  // The credentials of a known client changed (setuid, umask, ...).
  virtual void vfs_update(const VfsClientInfo& info) { (void)info; }
  // The process `badge` replaced its image: VFS_CLIENT_EXEC (FD_CLOEXEC fds close).
  virtual void vfs_exec(uint64_t vfs_slot, uint64_t badge) { (void)vfs_slot, (void)badge; }
  // The process `badge` is gone: VFS_CLIENT_EXIT (its fds close).
  virtual void vfs_detach(uint64_t vfs_slot, uint64_t badge) { (void)vfs_slot, (void)badge; }

 protected:
  ~Ops() = default;
};

// Where the process table lives: too big for procmgr's stack, so in
// storage its creator provides, zeroed (trona::process_local in the
// program). All-zero bytes are a valid table: every entry kFree, both
// indexes empty. Proc is an aggregate (an implicit-lifetime type), so its
// entries exist in these bytes without being constructed.
inline constexpr size_t kProcIndexSlots = 16384;  // KeyIndex size: kMaxProcesses keys at <= 5/8 load
struct ProcStorage {
  alignas(Proc) unsigned char entries[sizeof(Proc) * kMaxProcesses];
  lib::KeyIndex<kProcIndexSlots> pids, badges;  // key -> entry, checked against the entry on use
};

// The table over ProcStorage. Iterating visits entries [0, high water):
// allocation takes the lowest free entry, so a system with few processes
// scans few entries however large kMaxProcesses is.
class ProcTable {
 public:
  explicit ProcTable(ProcStorage& s) : e_(reinterpret_cast<Proc*>(s.entries)) {}
  Proc* begin() { return e_; }
  Proc* end() { return e_ + used_; }
  const Proc* begin() const { return e_; }
  const Proc* end() const { return e_ + used_; }
  Proc& operator[](size_t i) { return e_[i]; }
  size_t high_water() const { return used_; }

 private:
  friend struct Procmgr;
  Proc* e_;
  size_t used_ = 0;
};

struct Procmgr {
  Procmgr(Ops& o, ProcStorage& storage) : ops(o), procs(storage), store(storage) {}
  Ops& ops;
  ProcTable procs;
  ProcStorage& store;
  size_t window_blocks = 0;  // window CNodes created so far (Ops::add_window_block)
  uint64_t next_pid = 2;
  ServiceDef defs[kMaxServiceDefs];
  Provider providers[kMaxProviders];
  bool personality[kSubsystems] = {};  // PM_REGISTER_PERSONALITY_PROVIDER: kept at kPersonalitySlotBase + id
  Thread threads[kMaxThreads];
  uint64_t next_tid = kFirstTid;

  // pid 1 = init (badge 1, root, session and group 1).
  void add_init();
  Proc* by_pid(uint64_t pid);
  Proc* by_badge(uint64_t badge);
  size_t index_of(const Proc* p) const { return static_cast<size_t>(p - procs.begin()); }
  Proc* alloc(uint64_t pid, uint64_t badge);
  uint64_t new_pid();
};

}  // namespace procmgr
