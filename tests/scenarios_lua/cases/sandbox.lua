-- the sandbox: no host access, text chunks only, deterministic iteration and randomness
assert(os == nil and io == nil and package == nil and debug == nil and require == nil, "host libraries are gone")
assert(dofile == nil and loadfile == nil and string.dump == nil, "no file loading, no binary chunks")
local f, err = load("\27Lua fake binary chunk")
assert(f == nil and err:find("binary"), "binary chunks are refused: " .. tostring(err))
local g = load("return 1 + 1")
assert(g() == 2, "text chunks load")
local keys = {}
for k in pairs({ zebra = 1, apple = 2, [3] = "c", [1] = "a", mango = 3, [true] = 0 }) do keys[#keys + 1] = tostring(k) end
assert(table.concat(keys, ",") == "1,3,apple,mango,zebra,true", "pairs is sorted: " .. table.concat(keys, ","))
assert(not pcall(pairs, { [{}] = 1 }) or not pcall(function() for _ in pairs({ [{}] = 1 }) do end end),
       "table keys have no deterministic order")
assert(tostring({}):match("^table: #%d+$"), "tostring shows no address: " .. tostring({}))
assert(not pcall(string.format, "%p", {}), "%p is refused")
assert(type(1) == "number" and type("x") == "string", "type(v) still works")
local a, b = math.random(1, 1000000), math.random()
print("random", a, b)
assert(not pcall(math.randomseed, 42), "randomseed is refused")
local ok, e = pcall(error, "plain errors are catchable")
assert(not ok and e:find("catchable"), "pcall still catches ordinary errors")
