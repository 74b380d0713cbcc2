#include "sim/runtime/fiber/overflow_guard.h"

#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <mutex>

#include "sim/runtime/fiber/fiber.h"

namespace sim {

namespace {

constexpr std::size_t kAltStackSize = 64 * 1024;
constexpr std::size_t kEmergencyStackSize = 256 * 1024;

struct sigaction g_previous{};
alignas(16) thread_local char t_alt_stack[kAltStackSize];
alignas(16) thread_local char t_emergency_stack[kEmergencyStackSize];
thread_local bool t_alt_installed = false;

void write_str(const char* s) {
  ssize_t r = ::write(STDERR_FILENO, s, std::strlen(s));
  (void)r;
}

[[noreturn]] void landing() { Fiber::abandon_current_after_overflow(); }

void chain(int sig, siginfo_t* info, void* uctx) {
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction) {
      g_previous.sa_sigaction(sig, info, uctx);
      return;
    }
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    g_previous.sa_handler(sig);
    return;
  }
  // Default action: re-raise with the default disposition.
  struct sigaction dfl{};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(sig, &dfl, nullptr);
  ::raise(sig);
}

void on_segv(int sig, siginfo_t* info, void* uctx) {
  Fiber* f = Fiber::current();
  if (f == nullptr || f->is_host() || !f->stack() || !f->stack().in_guard(info->si_addr)) {
    chain(sig, info, uctx);
    return;
  }
  write_str("saltysim: stack overflow in simulated thread '");
  write_str(f->name());
  write_str("'\n");
#if defined(__x86_64__)
  auto* uc = static_cast<ucontext_t*>(uctx);
  auto top = reinterpret_cast<std::uintptr_t>(t_emergency_stack + kEmergencyStackSize);
  top &= ~std::uintptr_t{15};
  top -= 8;  // as if `landing` had been called: rsp+8 is 16-byte aligned
  uc->uc_mcontext.gregs[REG_RSP] = static_cast<greg_t>(top);
  uc->uc_mcontext.gregs[REG_RIP] = reinterpret_cast<greg_t>(&landing);
#else
  chain(sig, info, uctx);
#endif
}

}  // namespace

void OverflowGuard::install() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa{};
    sa.sa_sigaction = &on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGSEGV, &sa, &g_previous);
  });
  if (!t_alt_installed) {
    stack_t ss{};
    ss.ss_sp = t_alt_stack;
    ss.ss_size = kAltStackSize;
    ss.ss_flags = 0;
    if (::sigaltstack(&ss, nullptr) == 0) t_alt_installed = true;
  }
}

}  // namespace sim
