-- A server killed and restarted by init's Restart=: getty (Restart=always) comes back and prompts again
local m = machine{ name = "m0" }
boot(m)
expect(m.console, "login: ", "2s")
restart(m, "getty", "2s")
expect(m.console, "login: ", "2s")
