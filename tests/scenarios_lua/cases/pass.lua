-- passes: boots and sees hello
local m = machine{ memory = "64M" }
boot(m)
expect(m.debug, "hello: hello from the initrd", "1s")
pass()
fail("never reached")
