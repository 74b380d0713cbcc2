// One execution context: either the host context (the OS thread that runs
// the simulator) or a fiber on a pooled, guard-paged stack. Switches go
// straight from fiber to fiber (Boost.Context fcontext), each one annotated
// for ASan and TSan. Killing a suspended fiber resumes it through the same
// annotated path and unwinds it with FiberKilled.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/context/detail/fcontext.hpp>

#include "sim/runtime/fiber/sanitizer.h"
#include "sim/runtime/fiber/stack_pool.h"

namespace sim {

// Thrown inside a fiber that is being killed; caught by the fiber's entry.
// Simulated code must not swallow it (catch (...) { ... } must rethrow).
struct FiberKilled {};

class Fiber {
 public:
  enum class Status : std::uint8_t { NotStarted, Running, Suspended, Finished };
  enum class End : std::uint8_t { None, Returned, Killed, Exception, StackOverflow };

  // Body of the fiber; `arg` is the owner given at construction.
  using Body = void (*)(void* arg);
  // Called on the fiber's own stack once its body has ended (returned,
  // thrown, overflowed). Returns the context to continue with.
  using ExitHook = Fiber* (*)(void* arg);

  // The host context of the calling OS thread. Must be created before any
  // fiber runs on this OS thread; becomes current.
  struct HostTag {};
  explicit Fiber(HostTag, std::string_view name = "host");
  Fiber(StackPool& pool, Body body, ExitHook on_exit, void* arg, std::string_view name);
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // Switch from this fiber (which must be current) to `to`. Inline on
  // purpose: every call level between the switch and the simulated code
  // costs a mispredicted return after the stack changes.
  [[gnu::always_inline]] inline void switch_to(Fiber& to);

  // Unwind a suspended fiber (or discard one that never ran). Called from
  // another context; returns when the fiber has finished.
  void kill();
  // End a suspended fiber without running anything on it: its stack goes
  // back to the pool as it is, no destructor of its frames runs. Only for
  // a fiber whose frames hold nothing that needs one (the owner knows:
  // sim::Scheduler's unwind-free threads). Called from another context.
  void abandon();

  Status status() const { return status_; }
  End end() const { return end_; }
  bool is_host() const { return host_; }
  const char* name() const { return name_; }
  // The owner passed at construction (a sim::Thread for simulated threads).
  void* owner() const { return arg_; }
  void set_name(std::string_view name);
  const Stack& stack() const { return stack_; }
  // Saved register block of a suspended fiber (read by the gdb script).
  void* saved_context() const { return ctx_; }

  static inline Fiber* current();
  // Called on the host (outside every simulated fiber) before a scheduler
  // switches away from its host fiber `host`: makes `host` the current
  // context. Several schedulers live in one process, each with its own host
  // fiber; the one created or destroyed last is not necessarily the one
  // switching now.
  static inline void enter_host(Fiber& host);

  // Crash path for the stack-overflow handler: never returns.
  [[noreturn]] static void abandon_current_after_overflow();
  // Ends the current (non-host) fiber as `how` without unwinding it, like
  // a body that returned; never returns. Same precondition as abandon().
  [[noreturn]] static void end_current(End how);

  // Internal: first code run on a new fiber's stack.
  static void entry(void* fctx, void* data);

 private:
  static Fiber*& current_ref();
  [[gnu::always_inline]] static inline void arrived(void* fctx, void* data);
  [[noreturn]] void exit_to(Fiber& to);
  void retire();
  void check_kill();

  void* ctx_ = nullptr;            // fcontext_t of a suspended context
  Stack stack_;
  StackPool* pool_ = nullptr;
  Body body_ = nullptr;
  ExitHook on_exit_ = nullptr;
  void* arg_ = nullptr;
  Fiber* killer_ = nullptr;
  void* asan_fake_stack_ = nullptr;
  const void* asan_bottom_ = nullptr;  // stack bounds ASan is told on switch
  std::size_t asan_size_ = 0;
  void* tsan_fiber_ = nullptr;
  Status status_ = Status::NotStarted;
  End end_ = End::None;
  bool host_ = false;
  bool kill_requested_ = false;
  char name_[64] = {};
};

inline Fiber*& Fiber::current_ref() {
  static thread_local Fiber* current = nullptr;
  return current;
}

inline Fiber* Fiber::current() { return current_ref(); }

inline void Fiber::enter_host(Fiber& host) {
  Fiber* c = current_ref();
  if (c == nullptr || c->host_) current_ref() = &host;
}

// Runs on the destination stack right after every jump.
[[gnu::always_inline]] inline void Fiber::arrived(void* fctx, void* data) {
  Fiber* prev = static_cast<Fiber*>(data);
  Fiber* self = current_ref();
  const void* from_bottom = nullptr;
  std::size_t from_size = 0;
  san::finish_switch(self->asan_fake_stack_, &from_bottom, &from_size);
  if (prev->host_ && from_bottom) [[unlikely]] {
    prev->asan_bottom_ = from_bottom;
    prev->asan_size_ = from_size;
  }
  if (prev->status_ == Status::Finished) [[unlikely]] {
    prev->ctx_ = nullptr;
    prev->retire();
  } else {
    prev->ctx_ = fctx;
    prev->status_ = Status::Suspended;
  }
}

inline void Fiber::switch_to(Fiber& to) {
  if (&to == this) return;
  current_ref() = &to;
  to.status_ = Status::Running;
  san::start_switch(&asan_fake_stack_, to.asan_bottom_, to.asan_size_);
  san::tsan_switch_to(to.tsan_fiber_);
  boost::context::detail::transfer_t t = boost::context::detail::jump_fcontext(to.ctx_, this);
  arrived(t.fctx, t.data);
  if (kill_requested_) [[unlikely]] check_kill();
}

}  // namespace sim
