#include "sim/host/scenario_lua/sandbox.h"

#include <lua.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

namespace sim::lua {

namespace {

constexpr int kHookEvery = 1000;  // instructions between two budget checks

// math.random with Lua's three forms, drawn from the run's seed stream.
int math_random_body(lua_State* L, CallError& e) {
  Rng& rng = *static_cast<Rng*>(lua_touserdata(L, lua_upvalueindex(1)));
  const int n = lua_gettop(L);
  if (n == 0) {
    lua_pushnumber(L, rng.uniform01());
    return 1;
  }
  std::int64_t lo = 1, hi = 0;
  if (n == 1) {
    if (!arg_int(L, 1, hi, e, "math.random: upper bound")) return 0;
  } else {
    if (!arg_int(L, 1, lo, e, "math.random: lower bound") || !arg_int(L, 2, hi, e, "math.random: upper bound"))
      return 0;
  }
  if (lo > hi) {
    e("math.random: interval is empty");
    return 0;
  }
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const std::uint64_t r = span == ~std::uint64_t{0} ? rng.next() : rng.below(span + 1);
  lua_pushinteger(L, static_cast<lua_Integer>(static_cast<std::uint64_t>(lo) + r));
  return 1;
}

int math_randomseed_body(lua_State*, CallError& e) {
  e("math.randomseed: the run's seed decides math.random (saltysim run FILE --seed N)");
  return 0;
}

}  // namespace

void CallError::operator()(const std::string& msg) {
  std::size_t n = std::min(msg.size(), sizeof text - 1);
  std::memcpy(text, msg.data(), n);
  text[n] = 0;
  set = true;
}

static int call_body(lua_State* L, Body f, CallError& e) noexcept {
  Sandbox& sb = Sandbox::of(L);
  const bool outer = sb.in_cxx;
  sb.in_cxx = true;
  int n = 0;
  try {
    n = f(L, e);
  } catch (const std::exception& x) {
    e(x.what());
  } catch (...) {
    e("unknown C++ exception");
  }
  sb.in_cxx = outer;
  return n;
}

int run_boundary(lua_State* L, Body f) {
  CallError e;  // trivially destructible: may live across lua_error
  const int n = call_body(L, f, e);
  if (!e.set) return n;
  // Where the script called from: the first frame outside the prelude
  // (the API's Lua half calls the primitives on the script's behalf).
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); ++level) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0 && std::strcmp(ar.source, kPreludeChunk) != 0) {
      lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, e.text);
      return lua_error(L);
    }
  }
  lua_pushstring(L, e.text);
  return lua_error(L);
}

bool arg_int(lua_State* L, int i, std::int64_t& v, CallError& e, const char* what) {
  int ok = 0;
  v = lua_tointegerx(L, i, &ok);
  if (!ok) e(std::string(what) + ": an integer expected, got " + lua_typename(L, lua_type(L, i)));
  return ok;
}

bool arg_num(lua_State* L, int i, double& v, CallError& e, const char* what) {
  int ok = 0;
  v = lua_tonumberx(L, i, &ok);
  if (!ok) e(std::string(what) + ": a number expected, got " + lua_typename(L, lua_type(L, i)));
  return ok;
}

bool arg_str(lua_State* L, int i, std::string& v, CallError& e, const char* what) {
  if (lua_type(L, i) != LUA_TSTRING) {
    e(std::string(what) + ": a string expected, got " + lua_typename(L, lua_type(L, i)));
    return false;
  }
  std::size_t len = 0;
  const char* s = lua_tolstring(L, i, &len);
  v.assign(s, len);
  return true;
}

bool arg_bool(lua_State* L, int i) { return lua_toboolean(L, i) != 0; }

Sandbox::Sandbox(const SandboxOptions& opts) : opts_(opts), random_(SeedSource(opts.seed).stream("lua/math.random")) {
  L_ = lua_newstate(&Sandbox::alloc, this);
  if (!L_) throw std::bad_alloc();
  *static_cast<Sandbox**>(lua_getextraspace(L_)) = this;
  lua_sethook(L_, &Sandbox::count_hook, LUA_MASKCOUNT, kHookEvery);
  open_libraries();
}

Sandbox::~Sandbox() {
  if (L_) lua_close(L_);
}

Sandbox& Sandbox::of(lua_State* L) { return **static_cast<Sandbox**>(lua_getextraspace(L)); }

// Refuses (Lua raises "not enough memory") past the limit, except while a
// C++ boundary body runs: there a refusal would longjmp over C++ frames,
// so the limit is exceeded for that moment instead; a host that really
// has no memory left ends the process (no longjmp either).
void* Sandbox::alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* sb = static_cast<Sandbox*>(ud);
  const std::size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    if (ptr) sb->heap_.release(ptr, old);
    sb->bytes_ -= old;
    return nullptr;
  }
  if (nsize > old && sb->bytes_ - old + nsize > sb->opts_.memory_limit && !sb->in_cxx && sb->L_) return nullptr;
  void* p = ptr ? sb->heap_.resize(ptr, old, nsize) : sb->heap_.allocate(nsize);
  if (!p) {
    if (!sb->in_cxx && sb->L_) return nullptr;
    std::abort();
  }
  sb->bytes_ = sb->bytes_ - old + nsize;
  return p;
}

// Runs every kHookEvery VM instructions (never inside a C function).
void Sandbox::count_hook(lua_State* L, lua_Debug* ar) {
  Sandbox& sb = of(L);
  sb.instructions_ += kHookEvery;
  if (sb.instructions_ <= sb.opts_.instruction_budget) return;
  sb.stop_ = StopKind::Budget;
  lua_getinfo(L, "Sl", ar);
  lua_pushfstring(L, "%s:%d: instruction budget of %I Lua instructions exceeded (an endless loop?)",
                  ar->short_src, ar->currentline, static_cast<lua_Integer>(sb.opts_.instruction_budget));
  lua_error(L);
}

void Sandbox::open_libraries() {
  // Only what cannot reach the host: no io, os, package (require), debug.
  const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},        {LUA_TABLIBNAME, luaopen_table},
                           {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                           {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine}};
  for (const auto& l : libs) {
    luaL_requiref(L_, l.name, l.func, 1);
    lua_pop(L_, 1);
  }
  // Base functions that read host files or leak host state.
  for (const char* name : {"dofile", "loadfile", "collectgarbage"}) {
    lua_pushnil(L_);
    lua_setglobal(L_, name);
  }
  lua_getglobal(L_, "string");
  lua_pushnil(L_);
  lua_setfield(L_, -2, "dump");  // binary chunks
  lua_pop(L_, 1);
  lua_getglobal(L_, "math");
  lua_pushlightuserdata(L_, &random_);
  lua_pushcclosure(L_, &boundary<math_random_body>, 1);
  lua_setfield(L_, -2, "random");
  lua_pushcfunction(L_, &boundary<math_randomseed_body>);
  lua_setfield(L_, -2, "randomseed");
  lua_pop(L_, 1);
}

namespace {

int append_chunk(lua_State*, const void* p, std::size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(static_cast<const char*>(p), n);
  return 0;
}

// Chunks compiled once per host thread: the prelude (host code, stripped:
// its frames have no line, errors skip them anyway) and the scripts (with
// their lines, so errors still say file:line). Loading bytecode is much
// cheaper than parsing the text again for every run (a seed sweep, the
// second run of --check-determinism). Keyed by the chunk name and the
// whole text: an edited file compiles again. Only this code makes binary
// chunks from text it was given; scripts stay text-only (load refuses
// "b", string.dump is gone).
struct Compiled {
  std::string chunk, source, bytecode;
};
constexpr std::size_t kCompiledChunks = 16;

std::vector<Compiled>& compiled() {
  thread_local std::vector<Compiled> chunks;
  return chunks;
}

const std::string* compiled_chunk(const std::string& chunk, const std::string& source) {
  for (const auto& c : compiled())
    if (c.chunk == chunk && c.source == source) return &c.bytecode;
  return nullptr;
}

// The function on top of L's stack, compiled from `source`.
void remember_chunk(lua_State* L, const std::string& chunk, const std::string& source, bool strip) {
  std::string out;
  if (lua_dump(L, append_chunk, &out, strip ? 1 : 0) != 0 || out.empty()) return;
  auto& chunks = compiled();
  if (chunks.size() >= kCompiledChunks) chunks.erase(chunks.begin());
  chunks.push_back(Compiled{chunk, source, std::move(out)});
}

}  // namespace

bool Sandbox::run(const std::string& source, const std::string& name, std::string& error) {
  const bool prelude = name == "prelude";
  const std::string chunk = prelude ? std::string(kPreludeChunk) : "@" + name;
  int rc = LUA_OK;
  if (const std::string* code = compiled_chunk(chunk, source)) {
    rc = luaL_loadbufferx(L_, code->data(), code->size(), chunk.c_str(), "b");
  } else {
    rc = luaL_loadbufferx(L_, source.data(), source.size(), chunk.c_str(), "t");
    if (rc == LUA_OK) remember_chunk(L_, chunk, source, prelude);
  }
  if (rc == LUA_OK) rc = lua_pcall(L_, 0, 0, 0);
  if (rc == LUA_OK) return true;
  std::size_t len = 0;
  const char* msg = lua_type(L_, -1) == LUA_TSTRING ? lua_tolstring(L_, -1, &len) : nullptr;
  error = msg ? std::string(msg, len) : std::string("(error object is a ") + luaL_typename(L_, -1) + ")";
  lua_pop(L_, 1);
  return false;
}

}  // namespace sim::lua
