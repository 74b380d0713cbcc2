// The Lua 5.4 sandbox a scenario script runs in (README.md, "Sandbox").
//
// Lua is C: its errors are longjmps. The rule that keeps C++ destructors
// from being skipped: a C function Lua calls is `boundary<F>`; F runs under
// try/catch, reads its arguments and pushes its results only with Lua API
// calls that cannot raise (raw accesses, pushes — the allocator never
// fails while F runs), and reports failure through a trivially
// destructible CallError. Only boundary<F> calls lua_error, after F's
// frames are gone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/host/scenario_lua/lua_heap.h"
#include "sim/runtime/seed/seed.h"

struct lua_State;
struct lua_Debug;

namespace sim::lua {

// Why the script stopped, as far as the sandbox knows (the runner maps it
// to PASS / FAIL / ERROR).
// The chunk name of the scenario API's Lua half (errors skip its frames).
inline constexpr const char* kPreludeChunk = "=prelude";

enum class StopKind : std::uint8_t { None, Pass, Fail, Budget };

struct SandboxOptions {
  std::uint64_t seed = 1;                        // math.random's stream ("lua/math.random")
  std::uint64_t instruction_budget = 100'000'000;  // Lua VM instructions for the whole run
  std::size_t memory_limit = 256u << 20;         // bytes the script may hold
};

class Sandbox {
 public:
  explicit Sandbox(const SandboxOptions& opts);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return L_; }
  static Sandbox& of(lua_State* L);

  // Something the scenario API keeps per run (the world).
  void set_user(void* u) { user_ = u; }
  void* user() const { return user_; }

  std::uint64_t instructions() const { return instructions_; }
  StopKind stop_kind() const { return stop_; }
  void set_stop_kind(StopKind k) { stop_ = k; }

  // Loads and runs `source` as the chunk `@name` (text; "prelude" is the
  // API's own Lua half; both compiled once per host thread and loaded as
  // bytecode on later runs with the same text). Returns
  // true when it ran to its end; otherwise `error` holds the message
  // ("file:line: ...").
  bool run(const std::string& source, const std::string& name, std::string& error);

  // Set while a boundary<F> body runs: the allocator never refuses then.
  bool in_cxx = false;

 private:
  static void* alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize);
  static void count_hook(lua_State* L, ::lua_Debug* ar);
  void open_libraries();

  LuaHeap heap_;  // declared before L_: outlives lua_close
  lua_State* L_ = nullptr;
  SandboxOptions opts_;
  void* user_ = nullptr;
  std::size_t bytes_ = 0;
  std::uint64_t instructions_ = 0;
  StopKind stop_ = StopKind::None;
  Rng random_;
};

// An error a boundary body reports; trivially destructible (it may live
// across lua_error).
struct CallError {
  char text[1024] = {};
  bool set = false;
  void operator()(const std::string& msg);
};

using Body = int (*)(lua_State*, CallError&);
int run_boundary(lua_State* L, Body f);

template <Body F>
int boundary(lua_State* L) {
  return run_boundary(L, F);
}

// Non-raising argument helpers for boundary bodies (return false and set
// `e` on a wrong type).
bool arg_int(lua_State* L, int i, std::int64_t& v, CallError& e, const char* what);
bool arg_num(lua_State* L, int i, double& v, CallError& e, const char* what);
bool arg_str(lua_State* L, int i, std::string& v, CallError& e, const char* what);
bool arg_bool(lua_State* L, int i);

}  // namespace sim::lua
