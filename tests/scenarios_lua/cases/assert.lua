-- fails on purpose with assert
local m = machine{ memory = "64M" }
boot(m)
advance("1ms")
assert(1 + 1 == 3, "arithmetic is broken")
