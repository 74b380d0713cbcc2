// The simulator backend of the trona syscall interface: a system call made
// by code under servers/ becomes a call into the kernel model of the
// machine whose TCB the calling fiber is. The IPC buffer is the thread's
// IPC-buffer frame, reached through the host pointer to its bytes.
#include <cstddef>
#include <stdexcept>

#include "kernel_model/kernel.h"
#include "sim/runtime/sched/thread.h"
#include "trona/core/backend.h"
#include "trona/core/code.h"
#include "trona/core/memory.h"
#include "trona/core/syscall.h"

namespace {

kmodel::Tcb& current_tcb() {
  sim::Thread* th = sim::Thread::current();
  kmodel::Tcb* t = th ? kmodel::Kernel::tcb_of(*th) : nullptr;
  if (t == nullptr || t->kernel == nullptr)
    throw std::logic_error("trona system call outside a simulated thread bound to a TCB");
  return *t;
}

}  // namespace

// Both sides describe the same page; the user view may pad it to 4 KiB.
static_assert(offsetof(uapi::IpcBuffer, badge) == offsetof(kmodel::IpcBuffer, badge));
static_assert(offsetof(uapi::IpcBuffer, caps) == offsetof(kmodel::IpcBuffer, caps));
static_assert(offsetof(uapi::IpcBuffer, timeout_ns) == offsetof(kmodel::IpcBuffer, timeout_ns));
static_assert(offsetof(uapi::IpcBuffer, reserved) == offsetof(kmodel::IpcBuffer, reserved));
static_assert(sizeof(uapi::IpcBuffer) <= 4096 && sizeof(kmodel::IpcBuffer) <= 4096);

extern "C" trona::SysResult trona_backend_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
                                                  uint64_t a3, uint64_t a4, uint64_t a5) {
  kmodel::Tcb& t = current_tcb();
  uapi::NotifFrame* copy = t.active_frame;
  if (number == uapi::kSYS_NOTIF_RETURN && copy && a0 == reinterpret_cast<uint64_t>(copy)) {
    t.kernel->write(t.active_frame->va, copy, sizeof *copy);
    a0 = t.active_frame->va;
  }
  kmodel::SysResult r = t.kernel->syscall(number, a0, a1, a2, a3, a4, a5);
  return trona::SysResult{r.error, r.value};
}

extern "C" uapi::IpcBuffer* trona_backend_ipc_buffer() {
  kmodel::Tcb& t = current_tcb();
  return reinterpret_cast<uapi::IpcBuffer*>(t.kernel->ipc_buffer(t));
}

// trona/core/memory.h: the kernel model's user-memory copy on the calling
// thread's address space (faults go to its pager).
extern "C" void trona_backend_copy_va(uint64_t va, void* buf, size_t n, bool to_va) {
  kmodel::Tcb& t = current_tcb();
  if (to_va) t.kernel->write(va, buf, n);
  else t.kernel->read(va, buf, n);
}

// Code addresses (trona/core/code.h): host functions interned on the calling
// thread's kernel. A thread entered there reads its argument from the
// word at its initial stack pointer, runs the function, and ends with
// THREAD_EXIT as a target thread returning from its entry would.
extern "C" trona::EntryPoint trona_backend_entry_point(trona::ThreadEntry fn, uint64_t arg) {
  kmodel::Kernel& k = *current_tcb().kernel;
  trona::EntryPoint e;
  e.rip = k.intern_entry(reinterpret_cast<const void*>(fn), [fn, &k]() -> std::function<void()> {
    return [fn, &k] {
      kmodel::Tcb& self = current_tcb();
      fn(k.load<uint64_t>(self.rsp));
      trona::thread_exit();
    };
  });
  e.stack[0] = arg;
  e.stack[1] = 0;
  return e;
}

// A dispatcher gets the kernel's frame as a host copy of the bytes on the
// user stack (simulated code cannot dereference a user address); its
// NOTIF_RETURN with that pointer writes the copy back to the stack first
// (trona_backend_syscall), so what the handler edited is what the kernel
// restores.
extern "C" uint64_t trona_backend_dispatcher_address(trona::Dispatcher fn) {
  kmodel::Kernel& k = *current_tcb().kernel;
  return k.intern_dispatcher(reinterpret_cast<const void*>(fn), [fn]() -> std::function<void(kmodel::NotifFrame&)> {
    return [fn](kmodel::NotifFrame& f) { fn(&f); };
  });
}
