-- Fault calls on a booted system: disk errors, latency, reordering and a power cut (no disk driver runs yet, so no request draws a fault)
local m = machine{ name = "m0", memory = "64M", disks = { { size = "4M" } }, runner = false }
boot(m)
expect(m.debug, "init: vfs ready", "1s")
disk_faults(m, 0, { io_errors = { { first = 0, sectors = 64, probability = 0.5 } },
                    latency = { exponential = "200us", cap = "2ms" }, reorder_writes = true, power_cut_keep = 0.5 })
advance("5ms")
power_cut(m)
advance("5ms")
expect(m.debug, "init: exited: bin/hello %(status 0%)", "1s")
