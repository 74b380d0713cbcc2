// The scenario API as the script sees it, written in Lua on top of the C
// primitives (world.cpp, the `_sim` table): argument checking, durations
// and sizes, expect's search, the deterministic pairs/next/tostring, the
// print that goes to the log, and the pcall that cannot swallow pass(),
// fail() or the instruction budget. Documented in scenarios/README.md.
#include "sim/host/scenario_lua/prelude.h"

namespace sim::lua {

const char* prelude_source() {
  return R"LUA(
local sim = _sim
_sim = nil
local raw_type, raw_tostring, raw_next, raw_pcall, raw_xpcall, raw_load, raw_error =
  type, tostring, next, pcall, xpcall, load, error
local raw_resume, raw_close = coroutine.resume, coroutine.close
local sfind, sformat, sgsub, tconcat, tsort, floor = string.find, string.format, string.gsub, table.concat, table.sort, math.floor

---------------------------------------------------------------- determinism
-- Keys are visited in sorted order (numbers, then strings, then false,
-- true); other key types have no order that does not depend on host
-- addresses, so pairs refuses them.
local rank = { number = 1, string = 2, boolean = 3 }
local function key_less(a, b)
  local ta, tb = raw_type(a), raw_type(b)
  if ta ~= tb then return rank[ta] < rank[tb] end
  if ta == "boolean" then return (not a) and b end
  return a < b
end
local function sorted_keys(t, who)
  local keys, n = {}, 0
  local k = raw_next(t)
  while k ~= nil do
    if not rank[raw_type(k)] then
      raw_error(who .. ": a key of type " .. raw_type(k) .. " has no deterministic order (use a sequence)", 3)
    end
    n = n + 1
    keys[n] = k
    k = raw_next(t, k)
  end
  tsort(keys, key_less)
  return keys
end
function pairs(t)
  local mt = getmetatable(t)
  if raw_type(mt) == "table" and mt.__pairs then return mt.__pairs(t) end
  if raw_type(t) ~= "table" then raw_error("pairs: a table expected, got " .. raw_type(t), 2) end
  local keys, i = sorted_keys(t, "pairs"), 0
  return function()
    i = i + 1
    local k = keys[i]
    if k ~= nil then return k, rawget(t, k) end
  end, t, nil
end
function next(t, k)
  local keys = sorted_keys(t, "next")
  if k == nil then
    local f = keys[1]
    if f ~= nil then return f, rawget(t, f) end
    return nil
  end
  for i = 1, #keys do
    if keys[i] == k then
      local n = keys[i + 1]
      if n ~= nil then return n, rawget(t, n) end
      return nil
    end
  end
  raw_error("next: invalid key", 2)
end
-- Tables, functions and coroutines print as "table: #N" (N counts the
-- objects printed), never as a host address.
local ids, last_id = setmetatable({}, { __mode = "k" }), 0
function tostring(v)
  local t = raw_type(v)
  if t == "table" or t == "function" or t == "thread" or t == "userdata" then
    local mt = getmetatable(v)
    if raw_type(mt) == "table" and mt.__tostring then return raw_tostring(v) end
    local id = ids[v]
    if not id then
      last_id = last_id + 1
      id = last_id
      ids[v] = id
    end
    return t .. ": #" .. id
  end
  return raw_tostring(v)
end
function string.format(fmt, ...)
  if raw_type(fmt) == "string" and sfind(sgsub(fmt, "%%%%", ""), "%%[-+ #0-9.]*p") then
    raw_error("string.format: %p prints host addresses", 2)
  end
  return sformat(fmt, ...)
end
function print(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  sim.log(tconcat(parts, "\t"))
end
-- Text chunks only (no binary chunks).
function load(chunk, name, mode, ...)
  if select("#", ...) > 0 then return raw_load(chunk, name, "t", ...) end
  return raw_load(chunk, name, "t")
end
-- pass(), fail() and the instruction budget end the scenario even inside pcall.
local function filter(ok, ...)
  if not ok and sim.stop_kind() then raw_error((...), 0) end
  return ok, ...
end
function pcall(f, ...) return filter(raw_pcall(f, ...)) end
function xpcall(f, h, ...) return filter(raw_xpcall(f, h, ...)) end
function coroutine.resume(co, ...) return filter(raw_resume(co, ...)) end
function coroutine.close(co) return filter(raw_close(co)) end

---------------------------------------------------------------- values
local function fmt_time(ns) return sformat("%.6fs", ns / 1e9) end
local durations = {}  -- text -> ns, parsed once per run
local function duration(v, what, level)
  level = (level or 2) + 1
  if raw_type(v) == "number" then
    if v < 0 then raw_error(what .. ": a duration cannot be negative", level) end
    return floor(v * 1e9 + 0.5)
  elseif raw_type(v) == "string" then
    local ns = durations[v] or sim.duration(v)
    if ns then
      durations[v] = ns
      return ns
    end
  end
  raw_error(what .. ": '" .. tostring(v) .. "' is not a duration (e.g. \"250ms\", \"10s\", or seconds as a number)", level)
end
local size_units = { [""] = 1, K = 1024, M = 1024 * 1024, G = 1024 * 1024 * 1024 }
local function size(v, what)
  if raw_type(v) == "number" and v >= 0 and floor(v) == v then return floor(v) end
  if raw_type(v) == "string" then
    local n, u = v:match("^(%d+)([KMG]?)i?B?$")
    if n then return floor(tonumber(n) * size_units[u]) end
  end
  raw_error(what .. ": '" .. tostring(v) .. "' is not a size (e.g. 65536, \"64M\", \"1G\")", 3)
end
local function check_keys(t, known, what)
  for k in pairs(t) do
    if not known[k] then
      local names = {}
      for name in pairs(known) do names[#names + 1] = name end
      raw_error(sformat("%s: '%s' is not modelled (what there is: %s)", what, tostring(k), tconcat(names, ", ")), 3)
    end
  end
end
-- A FAIL at the script's line (the first frame outside this prelude).
local function fail_at(_, msg)
  sim.set_stop("fail")
  raw_error(sim.where() .. msg, 0)
end

---------------------------------------------------------------- machines
local machines = {}
local function is_machine(m) return raw_type(m) == "table" and machines[m.id] == m end
local function machine_arg(m, who)
  if not is_machine(m) then raw_error(who .. ": a machine expected (from machine{...})", 3) end
  return m
end
local function console_arg(c, who)
  if raw_type(c) ~= "table" or not is_machine(c.machine) or not c.kind then
    raw_error(who .. ": a console expected (m.console, m.debug or m.keyboard)", 3)
  end
  return c
end

local machine_keys = { name = true, memory = true, os = true, disks = true, nics = true, display = true,
                       serial = true, keyboard = true, files = true, runner = true }
function machine(spec)
  if raw_type(spec) ~= "table" then raw_error("machine: a table expected: machine{ memory = \"64M\", ... }", 2) end
  check_keys(spec, machine_keys, "machine{}")
  local name = spec.name or ("m" .. #machines)
  local os = spec.os or "saltyos"
  local id = sim.machine(name, os, size(spec.memory or "64M", "machine{}.memory"), spec.serial ~= false,
                         spec.keyboard ~= false)
  for i, d in ipairs(spec.disks or {}) do
    if raw_type(d) ~= "table" then raw_error("machine{}.disks[" .. i .. "]: a table expected", 2) end
    check_keys(d, { size = true, image = true }, "machine{}.disks[" .. i .. "]")
    if d.image == nil and d.size == nil then raw_error("machine{}.disks[" .. i .. "]: give size or image", 2) end
    sim.disk(id, d.size and size(d.size, "disks[" .. i .. "].size") or 0, d.image)
  end
  for i, n in ipairs(spec.nics or {}) do
    if raw_type(n) ~= "table" or raw_type(n.switch) ~= "string" then
      raw_error("machine{}.nics[" .. i .. "]: { switch = \"name\" } expected", 2)
    end
    check_keys(n, { switch = true }, "machine{}.nics[" .. i .. "]")
    sim.nic(id, n.switch)
  end
  if spec.display then
    local d = spec.display
    check_keys(d, { width = true, height = true, bpp = true }, "machine{}.display")
    sim.display(id, d.width or 1024, d.height or 768, d.bpp or 32)
  end
  for path, data in pairs(spec.files or {}) do
    if raw_type(path) ~= "string" or raw_type(data) ~= "string" then
      raw_error("machine{}.files: { [\"path\"] = \"contents\" } expected", 2)
    end
    sim.file(id, path, data)
  end
  sim.runner(id, spec.runner ~= false and os == "saltyos")
  local m = { id = id, name = name, os = os }
  m.console = { machine = m, kind = "serial", name = name .. " COM1" }
  m.debug = { machine = m, kind = "debug", name = name .. " debug console" }
  m.keyboard = { machine = m, kind = "keyboard", name = name .. " keyboard" }
  machines[id] = m
  return m
end

function boot(...)
  local list = { ... }
  if #list == 1 and raw_type(list[1]) == "table" and not is_machine(list[1]) then list = list[1] end
  if #list == 0 then raw_error("boot: a machine (or several) expected", 2) end
  for _, m in ipairs(list) do sim.boot(machine_arg(m, "boot").id) end
end

---------------------------------------------------------------- time
function now() return sim.now() end
local function run_until(deadline, watch, who, ...)
  local why, detail = sim.run(deadline, watch, ...)
  if why == "deadlock" or why == "livelock" then
    fail_at(3, sformat("%s: %s at t=%s\n%s", who, why, fmt_time(sim.now()), detail or ""))
  end
  return why
end
function advance(d)
  run_until(sim.now() + duration(d, "advance"), 0, "advance")
end

---------------------------------------------------------------- consoles
type = function(a, ...)
  if select("#", ...) == 0 then return raw_type(a) end
  local c = console_arg(a, "type")
  local text = ...
  if raw_type(text) ~= "string" then raw_error("type: text must be a string", 2) end
  sim.type(c.machine.id, c.kind, text)
end

local cursors = {}  -- machine id -> { [kind] = bytes of output already matched }
function expect(console, pattern, timeout)
  local c = console_arg(console, "expect")
  if c.kind == "keyboard" then raw_error("expect: the keyboard has no output (use m.console)", 2) end
  if raw_type(pattern) ~= "string" then raw_error("expect: pattern must be a string (a Lua pattern)", 2) end
  local wait = duration(timeout or "10s", "expect")
  local deadline = sim.now() + wait
  local id, kind = c.machine.id, c.kind == "debug" and "debug" or "serial"
  local seen = cursors[id]
  if not seen then
    seen = {}
    cursors[id] = seen
  end
  local from = seen[kind] or 0
  local why, idle_at
  while true do
    local text = sim.output(id, kind, from)
    local first, last, capture = sfind(text, pattern)
    if first then
      seen[kind] = from + last
      if capture ~= nil then return select(3, sfind(text, pattern)) end
      return text:sub(first, last)
    end
    if why == "idle" or why == "deadline" or sim.now() >= deadline then
      if why == "idle" then sim.run(deadline, 0) end  -- the wait took its whole timeout
      local because = "not seen within " .. fmt_time(wait)
      if idle_at then because = because .. " (the system went idle)" end
      fail_at(2, sformat("expect(%s, %q): %s", c.name, pattern, because))
    end
    local before = sim.now()
    -- A pattern without magic characters stops the run only once it has
    -- come (not at every new byte): sim.run looks at it.
    why = run_until(deadline, id, "expect", kind, pattern, from)
    if why == "idle" then idle_at = before end
  end
end

-- Everything a console printed so far (for assertions on whole output).
function output(console)
  local c = console_arg(console, "output")
  return (sim.output(c.machine.id, c.kind == "debug" and "debug" or "serial", 0))
end

---------------------------------------------------------------- faults
local function latency_args(spec, what)
  if spec == nil then return "none", 0, 0 end
  if raw_type(spec) ~= "table" then raw_error(what .. ": { fixed = d } / { uniform = {lo, hi} } / { exponential = mean, cap = d }", 3) end
  check_keys(spec, { fixed = true, uniform = true, exponential = true, cap = true }, what)
  if spec.fixed then return "fixed", duration(spec.fixed, what, 2), 0 end
  if spec.uniform then return "uniform", duration(spec.uniform[1], what, 2), duration(spec.uniform[2], what, 2) end
  if spec.exponential then return "exponential", duration(spec.exponential, what, 2), spec.cap and duration(spec.cap, what, 2) or 0 end
  return "none", 0, 0
end

function disk_faults(m, disk, spec)
  machine_arg(m, "disk_faults")
  if raw_type(disk) ~= "number" or raw_type(spec) ~= "table" then
    raw_error("disk_faults(m, disk_index, { ... }) expected", 2)
  end
  check_keys(spec, { io_errors = true, latency = true, latency_probability = true, reorder_writes = true,
                     power_cut_keep = true }, "disk_faults")
  sim.disk_clear(m.id, disk)
  for i, r in ipairs(spec.io_errors or {}) do
    check_keys(r, { first = true, sectors = true, read = true, write = true, probability = true }, "io_errors[" .. i .. "]")
    sim.disk_io_error(m.id, disk, r.first or 0, r.sectors or 1, r.read ~= false, r.write ~= false, r.probability or 1.0)
  end
  local kind, a, b = latency_args(spec.latency, "disk_faults.latency")
  sim.disk_latency(m.id, disk, kind, a, b, spec.latency_probability or 1.0)
  sim.disk_write_model(m.id, disk, spec.reorder_writes == true, spec.power_cut_keep or 0.5)
end

function power_cut(m) sim.power_cut(machine_arg(m, "power_cut").id) end

function link_faults(m, nic, spec)
  machine_arg(m, "link_faults")
  if raw_type(nic) ~= "number" or raw_type(spec) ~= "table" then
    raw_error("link_faults(m, nic_index, { drop = p, ... }) expected", 2)
  end
  check_keys(spec, { drop = true, duplicate = true, reorder = true, corrupt = true, delay = true,
                     delay_probability = true, reorder_window = true }, "link_faults")
  local kind, a, b = latency_args(spec.delay, "link_faults.delay")
  sim.link(m.id, nic, spec.drop or 0, spec.duplicate or 0, spec.reorder or 0, spec.corrupt or 0,
           spec.delay_probability or (kind ~= "none" and 1 or 0), kind, a, b,
           duration(spec.reorder_window or "100us", "link_faults.reorder_window"))
end

local function ids(list, who)
  local out = {}
  for i, m in ipairs(list) do out[i] = machine_arg(m, who).id end
  return out
end
function partition(switch, a, b)
  if raw_type(switch) ~= "string" or raw_type(a) ~= "table" or raw_type(b) ~= "table" then
    raw_error("partition(\"switch\", {machines...}, {machines...}) expected", 2)
  end
  sim.partition(switch, ids(a, "partition"), ids(b, "partition"))
end
function heal(switch)
  if raw_type(switch) ~= "string" then raw_error("heal(\"switch\") expected", 2) end
  sim.heal(switch)
end
function faults(m) return sim.faults(machine_arg(m, "faults").id) end
function screenshot(m, path) sim.screenshot(machine_arg(m, "screenshot").id, path) end

---------------------------------------------------------------- verdicts
function assert(v, msg, ...)
  if not v then fail_at(2, "assertion failed: " .. tostring(msg or "(no message)")) end
  return v, msg, ...
end
function fail(msg) fail_at(2, tostring(msg or "fail()")) end
function pass()
  sim.set_stop("pass")
  raw_error("pass()", 0)
end

---------------------------------------------------------------- programs
-- program(m, argv, { stdin = "", env = {}, timeout = "10s" }) -> stdout, stderr, status, timed_out
function program(m, argv, opts)
  machine_arg(m, "program")
  if raw_type(argv) ~= "table" or #argv == 0 then raw_error("program: argv (a list of strings) expected", 2) end
  opts = opts or {}
  if raw_type(opts) ~= "table" then raw_error("program: options must be a table", 2) end
  check_keys(opts, { stdin = true, env = true, timeout = true }, "program options")
  return sim.program(m.id, argv, opts.stdin or "", opts.env or {}, duration(opts.timeout or "10s", "program"))
end
-- sh(m, "command", opts) runs /bin/sh -c command.
function sh(m, command, opts)
  if raw_type(command) ~= "string" then raw_error("sh: the command must be a string", 2) end
  machine_arg(m, "sh")
  return program(m, { "/bin/sh", "-c", command }, opts)
end

-- kill(m, "vfs", signal) kills every process running bin/vfs from inside
-- the system (procmgr PM_KILL, as root), so init sees the exit; returns
-- the lines "killed PID EXE".
local signals = { KILL = 9, TERM = 15, INT = 2, HUP = 1, QUIT = 3, USR1 = 10, USR2 = 12, STOP = 19, CONT = 18 }
function kill(m, server, signal)
  machine_arg(m, "kill")
  if raw_type(server) ~= "string" then raw_error("kill: the server's name expected (e.g. \"vfs\")", 2) end
  local sig = signal or 9
  if raw_type(sig) == "string" then sig = signals[sig:gsub("^SIG", "")] end
  if raw_type(sig) ~= "number" then raw_error("kill: signal: a number or a name (\"KILL\", \"TERM\", ...)", 2) end
  local out, err, status = sim.program(m.id, { "/bin/lua_kill", server, tostring(floor(sig)) }, "", {}, 10 * 1000000000)
  if status ~= 0 then fail_at(2, "kill(" .. m.name .. ", " .. server .. "): " .. (err ~= "" and err or ("status " .. status))) end
  return out
end
-- restart(m, "vfs", timeout): kill it and wait until init restarts it
-- (its unit needs Restart=always or on-failure).
function restart(m, server, timeout)
  kill(m, server, 9)
  expect(m.debug, "init: restarted " .. server:gsub("%p", "%%%0"), timeout or "10s")
end
)LUA";
}

}  // namespace sim::lua
