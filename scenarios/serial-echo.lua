-- COM1 driven by a simulated echo driver: typed lines come back upper-cased, "quit" says BYE
local m = machine{ name = "m0", memory = "16M", os = "serial-echo", keyboard = false }
boot(m)
advance("1ms")
type(m.console, "hello from saltysim\n")
expect(m.console, "HELLO FROM SALTYSIM\r\n", "1s")
type(m.console, "quit\n")
expect(m.console, "BYE\r\n", "1s")
