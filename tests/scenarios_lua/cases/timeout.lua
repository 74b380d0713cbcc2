-- an expect that times out
local m = machine{ memory = "64M" }
boot(m)
expect(m.debug, "this text never appears", "250ms")
