-- fails on purpose with fail()
local m = machine{ memory = "64M" }
boot(m)
expect(m.debug, "init: vfs ready", "1s")
fail("the vfs came up, and this scenario fails anyway")
