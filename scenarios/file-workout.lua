-- A file workout through the shell: trees created, appended, renamed, linked and removed, checked with ls, cat and wc
local m = machine{ name = "m0" }
boot(m)
local function run(cmd)
  local out, err, status = sh(m, cmd)
  assert(status == 0, cmd .. " -> status " .. tostring(status) .. ": " .. err)
  return out
end
run("mkdir -p /tmp/work/a/b /tmp/work/c")
run("echo one > /tmp/work/a/b/f && echo two >> /tmp/work/a/b/f")
assert(run("cat /tmp/work/a/b/f") == "one\ntwo\n", "append")
assert(run("wc -l < /tmp/work/a/b/f"):match("^%s*2%s*$"), "two lines")
run("mv /tmp/work/a/b/f /tmp/work/c/g")
assert(run("ls /tmp/work/c") == "g\n", "renamed")
run("ln /tmp/work/c/g /tmp/work/c/hard && ln -s /tmp/work/c/g /tmp/work/c/soft")
assert(run("cat /tmp/work/c/hard /tmp/work/c/soft") == "one\ntwo\none\ntwo\n", "links read the same file")
run("rm /tmp/work/c/g")
assert(run("cat /tmp/work/c/hard") == "one\ntwo\n", "the hard link keeps the data")
local _, _, status = sh(m, "cat /tmp/work/c/soft")
assert(status ~= 0, "the symbolic link dangles")
run("rm -r /tmp/work")
local _, _, gone = sh(m, "ls /tmp/work")
assert(gone ~= 0, "the tree is gone")
