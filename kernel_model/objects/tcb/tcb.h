// A thread control block, bound to a sim::Thread (a fiber) once started.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/ipc/notif_frame.h"
#include "kernel_model/objects/object.h"
#include "kernel_model/objects/tcb/tcb_state.h"
#include "sim/runtime/sched/thread.h"

namespace kmodel {


// A send the kernel is carrying out for a TCB: MR0..MR3 (registers) are
// captured here, MR4.. and the cap pointers are read from the sender's IPC
// buffer when the message is transferred.
struct PendingSend {
  Word label = 0;
  Word length = 0;
  Word extra_caps = 0;
  std::array<Word, abi::kRegisterMrs> mr{};
  Word badge = 0;
  Word seq = 0;
  bool call = false;
  bool fault = false;  // a fault message: registers only, never caps
  bool reply = false;  // a reply: never the PM_EXEC payload (it belongs to the send)
};

struct IpcBufferCache {
  IpcBuffer* ptr = nullptr;
  Word generation = 0;
};

// The wait target a blocked TCB reports to the scheduler; describes itself
// from the TCB's state (endpoint, reply, notification, ...).
class TcbWait final : public sim::WaitTarget {
 public:
  explicit TcbWait(Tcb& t);
  std::string describe() const override;
  void wakers(std::vector<const sim::Thread*>& out) const override;

 private:
  Tcb& tcb_;
};

class Tcb final : public KObject {
 public:
  Tcb();

  std::string name;
  sim::Thread* thread = nullptr;
  Kernel* kernel = nullptr;  // the kernel this TCB belongs to (one per machine)
  TcbState state = TcbState::Inactive;
  std::function<void()> body;  // host-created threads run this
  bool exited = false;

  // spaces
  CNode* cspace = nullptr;  // weak link (CNode::tcb_links), cleared at its teardown
  unsigned cspace_depth = 0;
  VSpace* vspace = nullptr;  // weak link (VSpace::tcb_links)
  Word ipc_buffer_va = 0;

  // modelled user registers
  Word rip = 0, rsp = 0, rflags = 0x202, tls_base = 0;
  Word fpu_tag = 0;
  bool kernel_stack_charged = false;  // its 16 KiB kernel stack was carved from `source` with it (retype)
  Word stack_top = 0;  // rsp given to TCB_CONFIGURE (user-stack auto-grow; 0: none)
  Word affinity = abi::kAffinityAny;
  sim::Priority priority = sim::kDefaultPriority;
  bool configured = false;

  // IPC in progress
  PendingSend pending;
  Endpoint* send_ep = nullptr;           // queued on this endpoint's senders
  std::vector<Endpoint*> recv_eps;       // queued on these endpoints' receivers
  std::vector<Endpoint*> recv_scratch;  // sys_recv's endpoint list, kept to avoid an allocation per receive
  bool recv_any = false;                 // RECV_ANY family: value = endpoint index
  Word recv_cnode = 0, recv_index = 0, recv_depth = 0;  // snapshot at block time
  Tcb* reply_to = nullptr;   // the caller this thread owes the implicit reply
  Word reply_to_gen = 0;
  Tcb* reply_from = nullptr; // the server this thread waits on for a reply
  Word reply_gen = 0;        // bumped on each ReplyWait (saved reply caps check it)
  bool reply_is_fault = false;
  bool reply_saved = false;  // a server saved our reply cap (SAVE_CALLER): our wait counts as Idle
  Word reply_label = 0;      // label of the reply received (fault resumption)
  Tcb* donated_to = nullptr;
  Slot* saved_reply = nullptr;  // the slot holding our saved reply cap (SAVE_CALLER), if any

  // Completion of a blocking operation, filled in by the partner.
  bool done = false;
  Word result_error = 0;
  Word result_value = 0;

  // notifications
  Notification* bound_ntfn = nullptr;
  Notification* waiting_ntfn = nullptr;
  Word dispatcher_va = 0;
  Word interrupted_bits = 0;

  // faults
  Endpoint* fault_ep = nullptr;  // weak link (Endpoint::tcb_links)
  Word fault_badge = 0;

  // scheduling
  SchedCtx* sc = nullptr;

  // SET_INVOKE_DEPTHS one-shot hints
  bool depths_set = false;
  unsigned depth0 = 0, depth1 = 0;

  // futex wait key (frame physical address + offset)
  Word futex_key = 0;

  // host-pointer cache of the IPC buffer page
  IpcBufferCache ipc_cache;
  NotifFrame* active_frame = nullptr;  // dispatcher running on this thread
  unsigned syscall_depth = 0;

  TcbWait wait;
};

}  // namespace kmodel
