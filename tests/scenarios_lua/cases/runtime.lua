-- a runtime error on line 4
local t = nil
advance("1ms")
local n = t.field
