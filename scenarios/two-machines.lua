-- Two machines booted in one run, joined by a switch: both systems come up side by side
local a = machine{ name = "a", memory = "64M", nics = { { switch = "lan" } }, runner = false }
local b = machine{ name = "b", memory = "64M", nics = { { switch = "lan" } }, runner = false }
boot(a, b)
expect(a.debug, "init: exited: bin/hello %(status 0%)", "1s")
expect(b.debug, "init: exited: bin/hello %(status 0%)", "1s")
-- the link model is live on both ports (no driver sends yet: nothing to drop)
link_faults(a, 0, { drop = 0.5, duplicate = 0.1 })
partition("lan", { a }, { b })
advance("10ms")
heal("lan")
assert(output(a.debug) == output(b.debug), "two identical systems print the same boot log")
