-- Boot to a shell prompt: the OS boots, getty prompts on COM1, root logs in and the shell prompts
local m = machine{ name = "m0", runner = false }  -- no program runner: exactly the default boot
boot(m)
expect(m.console, "saltysim login: ", "2s")
type(m.console, "root\r")
expect(m.console, "Password: ", "2s")
type(m.console, "root\r")
expect(m.console, "# ", "2s")
type(m.console, "pwd; id -un\r")
expect(m.console, "/root\r\nroot\r\n# ", "2s")
