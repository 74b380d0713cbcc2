-- A PC with COM1, a disk and an initrd; the kernel model; a root task serving IPC over Call/ReplyRecv
local m = machine{ name = "m0", memory = "64M", os = "machine-demo", disks = { { size = "1M" } } }
boot(m)
expect(m.console, "init: hello from the root task\n", "1s")
-- three calls 5 ms apart, then the farewell line
expect(m.console, "init: done; the servers of the boot issue come next\n", "1s")
assert(now() >= 15000000, "the root task sleeps 5 ms before each of its three calls")
