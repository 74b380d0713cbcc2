-- The simulated OS boots from its initrd: init starts every service in order and runs bin/hello
-- runner = false: exactly the default boot (the C++ `boot` scenario), no program runner unit
local m = machine{ name = "m0", memory = "64M", runner = false }
boot(m)
for _, service in ipairs{ "mmsrv", "procmgr", "namesrv", "rsrcsrv", "vfs", "console", "ttysrv" } do
  expect(m.debug, "init: " .. service .. " ready", "1s")
end
expect(m.debug, "hello: wrote /tmp/hello.txt and read it back: hello through the VFS", "1s")
expect(m.debug, "init: exited: bin/hello %(status 0%)", "1s")
