// One execution context: either the host context (the OS thread that runs
// the simulator) or a fiber on a pooled, guard-paged stack. Switches go
// straight from fiber to fiber (Boost.Context fcontext), each one annotated
// for ASan and TSan. Killing a suspended fiber resumes it through the same
// annotated path and unwinds it with FiberKilled.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/fiber/stack_pool.h"

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

  // Switch from this fiber (which must be current) to `to`.
  void switch_to(Fiber& to);

  // Unwind a suspended fiber (or discard one that never ran). Called from
  // another context; returns when the fiber has finished.
  void kill();

  Status status() const { return status_; }
  End end() const { return end_; }
  bool is_host() const { return host_; }
  const char* name() const { return name_; }
  void set_name(std::string_view name);
  const Stack& stack() const { return stack_; }
  // Saved register block of a suspended fiber (read by the gdb script).
  void* saved_context() const { return ctx_; }

  static Fiber* current();

  // Crash path for the stack-overflow handler: never returns.
  [[noreturn]] static void abandon_current_after_overflow();

  // Internal: first code run on a new fiber's stack.
  static void entry(void* fctx, void* data);

 private:
  static void arrived(void* fctx, void* data);
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

}  // namespace sim
