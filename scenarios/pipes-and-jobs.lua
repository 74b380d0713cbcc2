-- Pipes and job control in the shell: pipelines cut by head -n 3 (yes | head -n 3 among them), a background sleep 100 killed with kill %1
local m = machine{ name = "m0" }
boot(m)
local out, err, status = sh(m, "printf 'y\\ny\\ny\\ny\\ny\\n' | head -n 3")
assert(out == "y\ny\ny\n" and status == 0, "pipeline: [" .. out .. "] " .. err)
out, err, status = sh(m, "yes | head -n 3", { timeout = "20s" })
assert(out == "y\ny\ny\n" and status == 0, "yes | head -n 3: [" .. out .. "] " .. err)
local t0 = now()
out, err, status = sh(m, "sleep 100 & kill %1; wait; echo done", { timeout = "20s" })
assert(out == "done\n" and status == 0, "background job killed: [" .. out .. "] " .. err .. " status " .. status)
assert(now() - t0 < 100 * 1000000000, "the sleep did not run its 100 s")
