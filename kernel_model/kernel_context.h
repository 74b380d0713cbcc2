// kmodel::Kernel, the kernel context: the class every part of the kernel
// model works through (host API, object lifetime, CSpace, VSpace, IPC,
// faults) with the host value types it uses (options, processes, events,
// waits), but none of the object types beyond the few its inline members
// touch (KObject, Cap/Slot, Frame, VSpace). Each object type's invocation
// decoder and operations are free functions taking a Kernel&, declared next
// to the type's state (objects/<type>/<type>_ops.h, vspace/vspace_decode.h).
// A file includes this plus the object headers it uses
// (objects/<type>/<type>.h, ipc/endpoint.h, ...); embedders and tests
// include kernel_model/kernel.h, which gathers everything.
//
// Everything below "kernel internals" is used by kernel_model's own files
// (decoders, operations, IPC paths) and by white-box tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "kernel_model/abi.h"
#include "kernel_model/cspace/cap.h"
#include "kernel_model/objects/object.h"
#include "kernel_model/objects/object_table.h"
#include "kernel_model/objects/tcb/tcb_state.h"
#include "kernel_model/types.h"
#include "kernel_model/vspace/frame.h"
#include "kernel_model/vspace/phys_mem.h"
#include "kernel_model/vspace/vspace.h"
#include "sim/runtime/sched/scheduler.h"
#include <spdlog/spdlog.h>

namespace hw {
class MachineBus;
}

namespace kmodel {

struct IpcBuffer;
struct NotifFrame;
struct PendingSend;

struct KernelOptions {
  // RAM given to the root task as untypeds when there is no machine bus.
  Word ram_bytes = Word{64} << 20;
  // CLOCK_ID_REALTIME at virtual time 0 (2024-01-01T00:00:00Z).
  Word realtime_epoch_ns = 1'704'067'200ULL * 1'000'000'000ULL;
  // Install the scheduler end hook (cleans a TCB up when its fiber ends).
  // Set to false if the embedder chains on_thread_end() itself.
  bool install_end_hook = true;
  // Most pages the kernel's own pool may hold (MO commits without an
  // untyped, demand-zero pages, COW copies); past it: OUT_OF_MEMORY.
  Word kernel_pool_pages = Word{1} << 18;
  // Most pages one range invocation may touch (OUT_OF_RANGE beyond).
  Word max_range_pages = Word{1} << 16;
  // The old, lenient memory model (saltysim run --lenient-vm): no user
  // stack auto-grow, no kernel stack charged at TCB_CONFIGURE
  // (kernel_model/README.md, VSpace and Objects).
  bool lenient_vm = false;
  // seL4's frame-cap rule: a frame cap maps at one address at a time and
  // its deletion unmaps it (mmsrv maps a second address through a
  // CNODE_COPY of the cap). On unless lenient_vm; false turns it off alone.
  bool one_mapping_per_frame_cap = true;
  bool frame_cap_rule() const { return one_mapping_per_frame_cap && !lenient_vm; }
  // VSPACE_MAP through a cap needs the level 1..3 tables covering the
  // address, made with VSPACE_MAP_PT (the kernel has no heap); a missing
  // one is NOT_FOUND (seL4_FailedLookup). Off by default until mmsrv, init
  // and procmgr create the tables before they map (kernel_model/README.md).
  bool map_requires_tables = false;
  bool table_rule() const { return map_requires_tables && !lenient_vm; }
};

// A simulated process as the host sees it: CSpace root, VSpace, main TCB.
struct Process {
  CNode* cnode = nullptr;
  VSpace* vspace = nullptr;
  Tcb* tcb = nullptr;
};

struct ProcessOptions {
  std::string name = "proc";
  unsigned cnode_bits = 10;
  Word ipc_buffer_va = abi::kInitIpcBufferVa;
  sim::Priority priority = sim::kDefaultPriority;
  bool start = true;
};

struct ThreadOptions {
  std::string name = "thread";
  Word ipc_buffer_va = 0;  // 0: no IPC buffer
  sim::Priority priority = sim::kDefaultPriority;
  bool start = true;
  Word tcb_slot = 0;  // non-zero: also install a TCB cap here in the process CNode
};

struct RootTaskOptions {
  std::string name = "init";
  sim::Priority priority = sim::kDefaultPriority;
};

// One IPC, fault or capability operation, for traces and the
// capability-flow recorder.
struct KernelEvent {
  enum class Kind : std::uint8_t {
    Send, Receive, Call, Reply, NbSendQueued, Signal, Wait, Fault, FaultReply, Timeout,
    CapCopy, CapMint, CapMove, CapMutate, CapDelete, CapRevoke, CapTransfer, CapSaveCaller,
    Retype, Interrupt,
    // Appended for traces and statistics (no behaviour of their own): a
    // caller or blocking sender queued on an endpoint with no receiver
    // (detail = senders queued after it), and a hardware interrupt line
    // raised (label = line, detail = 1 when it stayed pending: masked or
    // no notification).
    CallQueued, SendQueued, Irq,
    // Appended for the capability-flow recorder: a cap was put into a slot
    // (SlotFilled) or taken out of one (SlotEmptied), emitted by the three
    // derivation-tree primitives every cap operation goes through
    // (cdt_insert; cdt_move: SlotEmptied of the source, then SlotFilled of
    // the destination; cap_delete), before the operation's own event
    // (CapCopy, CapTransfer, Retype, ...). object = the cap's object,
    // badge = its badge, label = the slot's CNode id, detail = slot index.
    SlotFilled, SlotEmptied,
  };
  Kind kind;
  sim::VTime time = 0;
  Word thread = 0;  // TCB object id of the actor (0: kernel/host)
  Word peer = 0;    // TCB object id of the partner, if any
  Word object = 0;  // endpoint / notification / cap object id
  Word badge = 0;
  Word label = 0;
  Word detail = 0;  // kind-specific: rights, error, slot, ...
};
const char* to_string(KernelEvent::Kind k);

// A blocked thread and what it waits for (feeds the deadlock report).
struct WaitInfo {
  std::string thread;
  Word tcb = 0;
  TcbState state = TcbState::Inactive;
  std::string on;   // "endpoint #12 (send)", "reply from 'vfs'", ...
  Word object = 0;  // the object waited on, 0 if none
  std::vector<std::string> wakers;
};

class Kernel {
 public:
  explicit Kernel(sim::Scheduler& sched, hw::MachineBus* bus = nullptr, KernelOptions opts = {});
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  sim::Scheduler& scheduler() { return sched_; }

  // ---------------------------------------------------------- boot and threads (host side)
  // The root task: 12-bit CNode with the §1.3 well-known slots (TCB,
  // VSpace, CNode, keyboard/COM1/PCI IoPorts, IRQ handlers, COM1
  // notification, IrqControl, initrd/framebuffer device untypeds, root
  // untypeds from slot 16), IPC buffer at 0x200000, boot-info page at
  // 0x1FF000, initrd mapped at 0x1000000, SchedContext 10 ms / 100 ms.
  Process create_root_task(std::function<void()> body, RootTaskOptions opts = {});
  // A process with a fresh CNode (slots 0/1/2 = TCB/VSpace/CNode), VSpace
  // and IPC buffer frame, whose main thread runs `body`.
  Process create_process(std::function<void()> body, ProcessOptions opts = {});
  // Another thread in `p`'s CSpace and VSpace.
  Tcb& create_thread(const Process& p, std::function<void()> body, ThreadOptions opts = {});
  // Starts (TCB_RESUME) a TCB from the host.
  void start(Tcb& t);

  // Program entry points: a TCB configured with rip = `va` runs `fn`.
  void register_entry(Word va, std::function<void()> fn);
  // Notification dispatchers: TCB_SET_NOTIFICATION_DISPATCHER(va) makes
  // interrupted CALLs run `fn(frame)` on the interrupted thread.
  void register_dispatcher(Word va, std::function<void(NotifFrame&)> fn);
  // A code address for host code that has no image (thread entries,
  // dispatchers given by programs): the same `key` always gets the same
  // address on this kernel; `make` builds the entry the first time. The
  // addresses are handed out in order from kInternedCodeBase (16 bytes
  // apart), so a run is deterministic whatever the host pointers are.
  Word intern_entry(const void* key, const std::function<std::function<void()>()>& make);
  Word intern_dispatcher(const void* key, const std::function<std::function<void(NotifFrame&)>()>& make);
  static constexpr Word kInternedCodeBase = 0x7F00'0000'0000;

  // Host-side object creation from the kernel pool (not charged to any
  // untyped) and cap installation. install() throws std::logic_error when
  // the slot is occupied.
  Endpoint& new_endpoint();
  Notification& new_notification();
  Untyped& new_untyped(unsigned size_bits, bool device = false, Word phys = 0);
  Frame& new_frame();
  CNode& new_cnode(unsigned size_bits);
  VSpace& new_vspace();
  Slot& install(CNode& cnode, Word slot, KObject& obj, std::uint32_t rights = abi::RIGHTS_ALL, Word badge = 0);
  // Maps a frame without rights checks (host set-up).
  void map_host(VSpace& vs, Word va, Frame& f, Word flags);

  // ---------------------------------------------------------- syscalls (simulated thread)
  // Era-B convention: `no` = syscall number, a0 = cap, a1 = msginfo or
  // invoke label, a2..a5 = MR0..MR3 / invoke args. Returns the error
  // register and the value register. Runs on the calling fiber.
  SysResult syscall(Word no, Word a0 = 0, Word a1 = 0, Word a2 = 0, Word a3 = 0, Word a4 = 0, Word a5 = 0);

  // ---------------------------------------------------------- user memory (simulated thread)
  // Through the current thread's VSpace; an unmapped page, a write to a
  // read-only or COW page, or an instruction fetch without EXECUTE raises a
  // VM fault delivered as fault IPC; an empty reply re-runs the access.
  void read(Word va, void* dst, std::size_t n);
  void write(Word va, const void* src, std::size_t n);
  template <class T>
  T load(Word va) {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    read(va, &v, sizeof v);
    return v;
  }
  template <class T>
  void store(Word va, const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    write(va, &v, sizeof v);
  }
  // Atomics on naturally aligned 4- or 8-byte words; return the old value.
  Word atomic_cas(Word va, Word expected, Word desired, unsigned size = 8);
  Word atomic_fetch_add(Word va, Word delta, unsigned size = 8);
  Word atomic_exchange(Word va, Word value, unsigned size = 8);
  // An instruction fetch at `va` (faults without EXECUTE).
  void execute(Word va);
  // A user exception (fault label 4: vector, error code, pc, sp).
  void raise_exception(Word vector, Word error_code);

  // Host pointer to a thread's IPC buffer (nullptr when not mapped).
  IpcBuffer* ipc_buffer();
  IpcBuffer* ipc_buffer(Tcb& t);
  Tcb* current() const;
  static Tcb* tcb_of(const sim::Thread& t) { return static_cast<Tcb*>(t.user()); }

  // ---------------------------------------------------------- machine
  // An interrupt line was raised (the machine bus's sink calls this).
  void irq_raised(unsigned irq);
  // Interrupts raised with nobody to tell (no handler claimed, or a
  // handler with no notification set): the line was left masked instead.
  std::uint64_t irq_undelivered(unsigned irq) const { return irq < irq_undelivered_.size() ? irq_undelivered_[irq] : 0; }
  bool shutdown_requested() const { return shutdown_; }
  const std::string& debug_output() const { return debug_out_; }

  // ---------------------------------------------------------- introspection
  std::vector<WaitInfo> waits() const;
  std::string waits_report() const;
  // The derivation tree of every capability, one line per cap.
  std::string derivation_tree() const;
  void set_event_hook(std::function<void(const KernelEvent&)> hook) { hook_ = std::move(hook); }
  // The hook set now (to chain another one in front of it and restore it).
  const std::function<void(const KernelEvent&)>& event_hook() const { return hook_; }
  // Calls delivered to a server (faults excluded), by label: the kernel's
  // own count, kept whether or not an event hook is set.
  const std::map<Word, std::uint64_t>& calls_delivered() const { return calls_delivered_; }
  const ObjectTable& objects() const { return objects_; }
  // Host lookup of a cap pointer in a CSpace (depth 0 = flat).
  Slot* lookup(CNode& root, Word cptr, unsigned depth = 0);
  // Bytes of a virtual page as the host sees them (no faults, no COW).
  std::uint8_t* peek(VSpace& vs, Word va);

  // Cleans up a TCB whose fiber ended (the end hook calls this).
  void on_thread_end(sim::Thread& t);

  // ======================================================================
  // kernel internals
  // ======================================================================
  // --- object lifetime (kernel.cpp)
  void retain(KObject& o) { objects_.retain(o); }
  void release(KObject& o) { objects_.release(o); }
  template <class T, class... A>
  T& make_object(A&&... args) { return objects_.make<T>(std::forward<A>(args)...); }
  void teardown(KObject& o);
  Tcb& new_tcb(std::string name);
  void emit(KernelEvent::Kind k, Word thread, Word peer, Word object, Word badge = 0, Word label = 0, Word detail = 0);
  Word tid(const KObject* t) const { return t ? t->id() : 0; }
  spdlog::logger& log() { return *log_; }
  PhysMem& phys() { return phys_; }

  // --- CSpace (cspace/lookup.cpp, cspace/cdt.cpp)
  // Resolves `cptr` in `root` with `depth` bits (0 = flat with sub-CNode
  // auto-detect). Null + error when it does not resolve to a slot.
  Slot* resolve(CNode& root, Word cptr, unsigned depth, Err& err);
  Slot* lookup_slot(Tcb& t, Word cptr, Err& err);
  Slot* lookup_cap(Tcb& t, Word cptr, Err& err);  // non-empty slot
  void cdt_insert(Slot& dst, const Cap& cap, Slot* parent);
  void cdt_move(Slot& src, Slot& dst);
  // SlotFilled / SlotEmptied for the capability-flow recorder.
  void emit_slot(KernelEvent::Kind k, const Slot& s, const Cap& c);
  void cap_delete(Slot& s);
  void cap_revoke(Slot& s);
  bool cap_has_descendants(const Slot& s) const { return !s.children.empty(); }

  // --- VSpace (vspace/*.cpp)
  // `via`: the frame cap's slot (VSPACE_MAP), which records the mapping.
  SysResult vs_map(VSpace& vs, Frame& f, Word va, Word flags, Slot* via = nullptr);
  // The page a frame cap mapped (VSPACE_MAP) while that mapping stands.
  std::optional<std::pair<VSpace*, Word>> cap_mapping(const Cap& c);
  SysResult vs_unmap(VSpace& vs, Word va);
  SysResult vs_map_pt(VSpace& vs, Frame& f, Word va, Word level);
  SysResult vs_walk(Tcb& self, VSpace& vs, Word start, Word max);
  SysResult vs_copy_page(VSpace& vs, Word src_va, Frame& dst);
  SysResult vs_map_device(VSpace& vs, Untyped& dev, Word page_off, Word va, Word flags, Word count);
  SysResult vs_clone_cow_page(VSpace& src, Word src_va, VSpace& dst, Word dst_va);
  SysResult vs_share_ro_page(VSpace& src, Word src_va, VSpace& dst, Word dst_va);
  SysResult vs_protect(VSpace& vs, Word va, Word count, Word flags, bool range);
  SysResult vs_map_demand(VSpace& vs, Word va, Word count, Word flags, bool range);
  SysResult vs_cow_resolve(VSpace& vs, Word va, Frame& f, Word flags);
  SysResult vs_set_cow_pool(VSpace& vs, Frame& pool, CNode& src, Word count);
  SysResult vs_set_cow_notif(VSpace& vs, Frame& ring, Notification& n, Word badge);
  SysResult vs_replenish_cow_pool(VSpace& vs, CNode& src, Word start, Word count);
  SysResult vs_map_mo(VSpace& vs, MemoryObject& mo, Word va, Word page_off, Word count, Word flags);
  SysResult vs_unmap_mo(VSpace& vs, Word va, Word count);
  SysResult vs_fork_range(VSpace& parent, VSpace& child, MemoryObject& mo, Word va, Word pages, Word mo_off);
  void vs_insert(VSpace& vs, Word va, Frame* f, Word flags, bool owns_ref);
  void vs_touch(VSpace& vs) { vs.generation = ++vs_generation_; }
  void vs_remove(VSpace& vs, Word vpn);
  std::uint8_t* frame_bytes(const Frame& f) { return phys_.page(f.paddr, f.device); }
  Frame& pool_frame();  // a zeroed kernel-owned frame

  // --- invocations (invocations/invoke.cpp): look the cap up, then call the
  // decoder of its type
  SysResult invoke(Tcb& self, Word cptr, Word label, Word a0, Word a1, Word a2, Word a3);
  // Looks up an argument cap of a given type with given rights
  // (defined in invocations/invocation.h).
  template <class T>
  T* arg_cap(Tcb& self, Word cptr, abi::ObjType type, std::uint32_t rights, Err& err, Cap* out = nullptr);

  // --- IPC (ipc/*.cpp)
  SysResult sys_send(Tcb& self, Word cptr, Word msginfo, const Word* mrs, bool blocking, bool timed);
  SysResult sys_call(Tcb& self, Word cptr, Word msginfo, const Word* mrs);
  SysResult sys_recv(Tcb& self, const Word* cptrs, std::size_t n, bool any, std::optional<sim::VTime> deadline,
                     Tcb* handoff_to = nullptr);
  SysResult sys_reply(Tcb& self, Word msginfo, const Word* mrs, Tcb*& woken);
  SysResult reply_via_cap(Tcb& self, Slot& reply_slot, Word msginfo, const Word* mrs);
  SysResult call_endpoint(Tcb& self, Endpoint& ep, Word badge, PendingSend msg, Word cptr_for_restart);
  Err transfer(Tcb* sender, const PendingSend& msg, Tcb& receiver, bool allow_caps);
  Err transfer_caps(Tcb& sender, Word n, Tcb& receiver);
  void write_message(Tcb& receiver, Word label, Word length, const Word* mrs, Word badge);
  void copy_exec_payload(Tcb& sender, Tcb& receiver, const Word* mrs, Word length);
  void complete(Tcb& t, Word error, Word value);
  void dequeue(Tcb& t);  // leave every endpoint/notification/futex queue
  void begin_reply_wait(Tcb& caller, Tcb& server, bool fault);
  void end_reply_wait(Tcb& caller);
  bool wait_done(Tcb& self, sim::WaitKind kind, std::optional<sim::VTime> deadline, Tcb* handoff_to = nullptr);
  void park_if_inactive(Tcb& self);
  // The running thread yields at once when `t` is ready and more urgent
  // (seL4 reschedules on a priority change, a signal or a reply).
  void preempt_for(Tcb* t);
  std::optional<sim::VTime> timeout_deadline(Word ns) const;
  Word next_seq() { return ++seq_; }
  void count_delivered_call(Word label) { ++calls_delivered_[label]; }

  // notifications (ipc/notification.cpp)
  SysResult sys_signal(Tcb& self, Word cptr, Word bits);
  SysResult sys_wait(Tcb& self, Word cptr, bool poll);
  // Returns the thread the signal woke, if any.
  Tcb* signal(Notification& n, Word bits);
  bool interruptible(const Tcb& t) const;
  void interrupt_blocked(Tcb& t, Word bits);
  // Runs a syscall that a bound notification may interrupt: with a
  // dispatcher, the frame is delivered, RESTART retries, INTERRUPTED returns.
  template <class F>
  SysResult interruptible_call(Tcb& self, const SyscallRegs& regs, F&& call);
  // Writes the frame on the user stack, runs the dispatcher, reads the
  // frame back: what the restored context asks for.
  FrameReturn run_dispatcher(Tcb& self, const SyscallRegs& regs, bool restart);
  // nullopt: the CALL goes out as issued.
  std::optional<SysResult> deliver_pending_at_call(Tcb& self, const SyscallRegs& regs);
  SysResult sys_notif_return(Tcb& self, Word frame);

  // futex (ipc/futex.cpp)
  SysResult sys_futex(Tcb& self, Word addr, Word op, Word val, Word timeout_ns);
  SysResult sys_nanosleep(Tcb& self, Word ns);

  // faults (faults/fault.cpp)
  // Sends a fault message and waits for the reply; false when the thread
  // has no handler (it is then Inactive until resumed).
  bool deliver_fault(Tcb& self, Word label, const Word* mrs, Word n);
  // The page fault loop of every user access: true when translated.
  enum class Access : std::uint8_t { Read, Write, Execute };
  std::uint8_t* user_page(Tcb& self, Word va, Access a, Frame** frame_out = nullptr);
  // Translates without faulting; resolves demand-zero and COW-pool pages.
  std::uint8_t* translate(VSpace& vs, Word va, Access a, Word& pf_code, Frame** frame_out = nullptr);
  bool resolve_cow_fast(VSpace& vs, Word va, Pte& pte);

  Tcb& self_or_throw();
  std::function<void()> entry_for(Tcb& t);
  void ensure_thread(Tcb& t);
  void kill_tcb(Tcb& t);

 private:
  friend class TcbWait;
  sim::Scheduler& sched_;
  hw::MachineBus* bus_;
  KernelOptions opts_;
  Word map_seq_ = 0;  // Cap::map_id / Pte::map_id
  static constexpr Word kStackGrowBytes = Word{1} << 20;
  bool grow_stack(Tcb& self, Word va, Access a);
  std::shared_ptr<spdlog::logger> log_;
  PhysMem phys_;
  ObjectTable objects_;
  std::map<Word, std::function<void()>> entries_;
  std::map<Word, std::function<void(NotifFrame&)>> dispatchers_;
  std::map<const void*, Word> interned_;  // key -> code address (intern_entry/intern_dispatcher)
  std::vector<IrqHandler*> irq_handlers_;  // by line
  std::vector<std::uint64_t> irq_undelivered_;  // by line
  std::map<Word, std::vector<Tcb*>> futex_waiters_;
  std::function<void(const KernelEvent&)> hook_;
  std::map<Word, std::uint64_t> calls_delivered_;
  sim::Rng random_;
  std::string debug_out_;
  std::string debug_line_;
  Word seq_ = 0;
  Word vs_generation_ = 1;
  bool shutdown_ = false;
  bool tearing_down_ = false;

  void debug_putc(char c);
  SysResult dispatch_syscall(Tcb& self, Word no, Word a0, Word a1, Word a2, Word a3, Word a4, Word a5);
  SysResult sys_reply_recv(Tcb& self, Word no, Word a0, Word a1, const Word* mrs);
  SysResult sys_misc(Tcb& self, Word no, Word a0, Word a1);
  void memcpy_user(Word va, void* buf, std::size_t n, bool to_user);
  template <class F>
  Word atomic_rmw(Word va, unsigned size, F f);

 public:
  // Used by the decoders and operations for the bits above.
  sim::Rng& random() { return random_; }
  std::map<Word, std::vector<Tcb*>>& futex_waiters() { return futex_waiters_; }
  std::vector<IrqHandler*>& irq_handlers() { return irq_handlers_; }
  std::map<Word, std::function<void(NotifFrame&)>>& dispatchers() { return dispatchers_; }
  const KernelOptions& options() const { return opts_; }
  hw::MachineBus* bus() const { return bus_; }
  void set_shutdown() { shutdown_ = true; }
  void debug_put(const char* s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) debug_putc(s[i]);
  }
};

}  // namespace kmodel
