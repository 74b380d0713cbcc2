-- A server killed and restarted by init's Restart= while a client retries: getty (Restart=always) is killed
-- while the person at COM1 keeps pressing Enter until a login prompt answers again, then logs in
local m = machine{ name = "m0" }
boot(m)
expect(m.console, "login: ", "2s")
restart(m, "getty", "2s")
local before = #output(m.console)
local answered = false
for _ = 1, 50 do
  type(m.console, "\r")
  advance("20ms")
  if output(m.console):find("login: ", before, true) then
    answered = true
    break
  end
end
assert(answered, "getty prompts again after its restart")
type(m.console, "root\r")
expect(m.console, "Password: ", "2s")
type(m.console, "root\r")
expect(m.console, "# ", "2s")
