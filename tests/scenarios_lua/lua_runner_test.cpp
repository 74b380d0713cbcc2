// The Lua scenario runner in process (also under ASan): every way a
// scenario ends gives the right status, file:line and message, and the
// runner survives it; the sandbox's promises hold; runs are deterministic.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "sim/host/programs/programs.h"
#include "sim/host/scenario_lua/runner.h"
#include "sim/host/scenario_lua/sweep.h"
#include "trona/posix/file.h"

namespace {

using sim::lua::LuaRunOptions;
using sim::lua::ScenarioRun;
using sim::lua::Status;

const std::string kCases = SALTYSIM_LUA_CASES;
const std::string kScenarios = SALTYSIM_SCENARIOS;

ScenarioRun run(const std::string& name, std::uint64_t seed = 1, std::uint64_t budget = 20'000'000) {
  return sim::lua::run_scenario_file(kCases + "/" + name, LuaRunOptions{.seed = seed, .instruction_budget = budget});
}

std::string tmp_script(const std::string& name, const std::string& body) {
  const std::string path = testing::TempDir() + name;
  std::ofstream(path) << body;
  return path;
}

TEST(LuaRunner, PassingScenarioPasses) {
  auto r = run("pass.lua");
  EXPECT_EQ(r.status, Status::Pass) << r.message;
  EXPECT_TRUE(r.message.empty());
  EXPECT_GT(r.decisions, 0u);
}

TEST(LuaRunner, FailNamesFileLineAndMessageAndShowsTheConsole) {
  auto r = run("fail.lua");
  EXPECT_EQ(r.status, Status::Fail);
  EXPECT_EQ(r.message, kCases + "/fail.lua:5: the vfs came up, and this scenario fails anyway");
  EXPECT_NE(r.console_tail.find("init: vfs ready"), std::string::npos) << r.console_tail;
  EXPECT_NE(r.console_tail.find("m0 debug console"), std::string::npos);
}

TEST(LuaRunner, AssertFailsWithItsMessage) {
  auto r = run("assert.lua");
  EXPECT_EQ(r.status, Status::Fail);
  EXPECT_EQ(r.message, kCases + "/assert.lua:5: assertion failed: arithmetic is broken");
}

TEST(LuaRunner, SyntaxErrorIsAnErrorAtItsLine) {
  auto r = run("syntax.lua");
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_EQ(r.message.rfind(kCases + "/syntax.lua:3:", 0), 0u) << r.message;
  EXPECT_NE(r.message.find("near '='"), std::string::npos) << r.message;
}

TEST(LuaRunner, RuntimeErrorIsAnErrorAtItsLine) {
  auto r = run("runtime.lua");
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_EQ(r.message, kCases + "/runtime.lua:4: attempt to index a nil value (local 't')");
}

// The second run of a file loads the bytecode the first compiled: its
// errors still name file:line; a file whose text changed compiles again.
TEST(LuaRunner, CompiledScriptsKeepTheirLinesAndFollowEdits) {
  auto first = run("runtime.lua"), second = run("runtime.lua");
  EXPECT_EQ(second.status, Status::Error);
  EXPECT_EQ(second.message, first.message);
  EXPECT_EQ(second.message, kCases + "/runtime.lua:4: attempt to index a nil value (local 't')");
  const std::string path = tmp_script("edited.lua", "fail(\"one\")\n");
  EXPECT_EQ(sim::lua::run_scenario_file(path, {}).message, path + ":1: one");
  tmp_script("edited.lua", "\nfail(\"two\")\n");
  EXPECT_EQ(sim::lua::run_scenario_file(path, {}).message, path + ":2: two");
}

TEST(LuaRunner, ExpectTimesOutOnVirtualTime) {
  auto r = run("timeout.lua");
  EXPECT_EQ(r.status, Status::Fail);
  EXPECT_EQ(r.message.rfind(kCases + "/timeout.lua:4: expect(m0 debug console, \"this text never appears\"): not seen "
                                     "within 0.250000s",
                            0),
            0u)
      << r.message;
  EXPECT_EQ(r.end_time, 250'000'000u);  // the whole timeout passed, in virtual time
}

// A pattern without magic characters stops the run only once it has
// come, a pattern at every new byte; both end expect at the same byte, so
// the runs are the same (output, time, decisions).
TEST(LuaRunner, PlainExpectEndsWhereThePatternEnds) {
  auto script = [](const char* login, const char* password, const char* hello) {
    return std::string("local m = machine{ name = \"m0\", runner = false }\nboot(m)\n") +
           "assert(expect(m.console, \"" + login + "\", \"2s\") == \"saltysim login: \", \"login\")\n" +
           "type(m.console, \"root\\r\")\n" + "expect(m.console, \"" + password + "\", \"2s\")\n" +
           "type(m.console, \"root\\r\")\n" + "expect(m.debug, \"" + hello + "\", \"2s\")\n" +
           "expect(m.console, \"# \", \"2s\")\n" + "fail(output(m.console) .. output(m.debug))\n";
  };
  auto text = [](const ScenarioRun& r) { return r.message.substr(r.message.find(": ") + 2); };
  auto plain = sim::lua::run_scenario_file(
      tmp_script("plain.lua", script("saltysim login: ", "Password: ", "hello: hello from the initrd")), {});
  auto pattern = sim::lua::run_scenario_file(
      tmp_script("pattern.lua", script("saltysim login:%s", "Passwor[d]: ", "hello: hello from the initrd.?")), {});
  ASSERT_EQ(plain.status, Status::Fail) << plain.message;
  ASSERT_EQ(pattern.status, Status::Fail) << pattern.message;
  EXPECT_NE(text(plain).find("saltysim login: root\r\nPassword: \r\n# "), std::string::npos) << plain.message;
  EXPECT_EQ(text(plain), text(pattern));
  EXPECT_EQ(plain.end_time, pattern.end_time);
  EXPECT_EQ(plain.decisions, pattern.decisions);
  // (The hashes differ: each stop's "hold" event takes an event number.)
}

TEST(LuaRunner, EndlessLoopIsStoppedByTheBudget) {
  auto r = run("endless.lua");
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_EQ(r.message.rfind(kCases + "/endless.lua:", 0), 0u) << r.message;
  EXPECT_NE(r.message.find("instruction budget of 20000000 Lua instructions exceeded"), std::string::npos);
}

TEST(LuaRunner, PcallCannotSwallowTheBudget) {
  auto r = run("endless_pcall.lua");
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_NE(r.message.find("instruction budget"), std::string::npos) << r.message;
}

TEST(LuaRunner, SandboxKeepsItsPromises) {
  auto r = run("sandbox.lua");
  EXPECT_EQ(r.status, Status::Pass) << r.message;
}

TEST(LuaRunner, MissingFileIsAnError) {
  auto r = run("no-such-file.lua");
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_NE(r.message.find("cannot read"), std::string::npos);
}

TEST(LuaRunner, RefusesWhatTheMachineModelDoesNotHave) {
  auto r = sim::lua::run_scenario_file(tmp_script("cpus.lua", "machine{ memory = '64M', cpus = 4 }\n"), {});
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_NE(r.message.find("cpus.lua:1: machine{}: 'cpus' is not modelled"), std::string::npos) << r.message;
}

TEST(LuaRunner, CxxErrorsInsideTheApiBecomeLuaErrorsWithALine) {
  // boot twice: the C++ side throws; the Lua side sees an error at line 3.
  auto r = sim::lua::run_scenario_file(
      tmp_script("twice.lua", "local m = machine{}\nboot(m)\nboot(m)\n"), {});
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_NE(r.message.find("twice.lua:3: machine 'm0' is already booted"), std::string::npos) << r.message;
}

TEST(LuaRunner, SameSeedSameRunAndRandomIsSeeded) {
  const std::string script = tmp_script("rand.lua",
                                        "local m = machine{}\nboot(m)\nadvance(math.random(1, 1000) * 1000)\n"
                                        "expect(m.debug, 'hello: hello')\n");
  auto a = sim::lua::run_scenario_file(script, LuaRunOptions{.seed = 5});
  auto b = sim::lua::run_scenario_file(script, LuaRunOptions{.seed = 5});
  auto c = sim::lua::run_scenario_file(script, LuaRunOptions{.seed = 6});
  ASSERT_EQ(a.status, Status::Pass) << a.message;
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_EQ(a.end_time, b.end_time);
  EXPECT_NE(a.end_time, c.end_time);  // math.random drew from another stream
}

TEST(LuaRunner, CheckDeterminismPassesForTheShippedScenarios) {
  for (const auto& f : sim::lua::scenario_files(kScenarios)) {
    auto r = sim::lua::run_scenario_file(f.path, LuaRunOptions{.check_determinism = true});
    EXPECT_EQ(r.status, Status::Pass) << f.path << ": " << r.message;
  }
}

TEST(LuaRunner, FaultsReachTheModels) {
  auto r = sim::lua::run_scenario_file(
      tmp_script("faults.lua",
                 "local a = machine{ name = 'a', disks = { { size = '1M' } }, nics = { { switch = 'lan' } } }\n"
                 "local b = machine{ name = 'b', nics = { { switch = 'lan' } } }\n"
                 "boot(a, b)\n"
                 "disk_faults(a, 0, { io_errors = { { first = 0, sectors = 8 } }, latency = { fixed = '1ms' },\n"
                 "                    reorder_writes = true, power_cut_keep = 0.25 })\n"
                 "link_faults(a, 0, { drop = 0.5, duplicate = 0.1, reorder = 0.1, corrupt = 0.1,\n"
                 "                    delay = { uniform = { '1us', '5us' } } })\n"
                 "partition('lan', { a }, { b })\n"
                 "heal('lan')\n"
                 "power_cut(a)\n"
                 "advance('10ms')\n"
                 "assert(now() == 10000000, 'advance moves virtual time')\n"
                 "local ok = pcall(link_faults, a, 3, {})\n"
                 "assert(not ok, 'no NIC 3')\n"),
      {});
  EXPECT_EQ(r.status, Status::Pass) << r.message;
}

// A program for program()/sh() tests: stdin upper-cased to stdout, its
// arguments to stderr, exit status = argc.
int lua_upcase(int argc, char** argv, char**) {
  namespace px = trona::posix;
  char buf[256];
  for (long n; (n = px::read(0, buf, sizeof buf)) > 0;) {
    for (long i = 0; i < n; ++i) buf[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(buf[i])));
    px::write(1, buf, static_cast<size_t>(n));
  }
  std::string args;
  for (int i = 1; i < argc; ++i) args += std::string(argv[i]) + (i + 1 < argc ? " " : "");
  px::write(2, args.data(), args.size());
  return argc;
}

TEST(LuaRunner, ProgramAndShRunInTheBootedSystem) {
  saltysim::programs::register_program("t_lua_upcase", &lua_upcase);
  auto r = sim::lua::run_scenario_file(
      tmp_script("program.lua",
                 "local m = machine{ files = { ['bin/t_lua_upcase'] = '#!trona-image v1\\nentry=t_lua_upcase\\n' } }\n"
                 "boot(m)\n"
                 "local out, err, status, timed_out = program(m, { '/bin/t_lua_upcase', 'a', 'b' }, { stdin = 'hello' })\n"
                 "assert(out == 'HELLO', 'stdout: ' .. out)\n"
                 "assert(err == 'a b', 'stderr: ' .. err)\n"
                 "assert(status == 3 and timed_out == false, 'status: ' .. status)\n"
                 "local out2, _, status2 = program(m, { '/bin/t_lua_upcase' }, { stdin = 'again' })\n"
                 "assert(out2 == 'AGAIN' and status2 == 1, 'a second run in the same system')\n"
                 "local _, err3, status3 = program(m, { '/bin/missing' })\n"
                 "assert(status3 == 127 and err3:find('cannot exec'), 'a missing program: ' .. status3)\n"
                 "local _, _, st = sh(m, 'true')\n"
                 "assert(raw_sh_status == nil and st ~= nil, 'sh runs /bin/sh -c and gives a status')\n"),
      {});
  EXPECT_EQ(r.status, Status::Pass) << r.message << r.console_tail;
  auto bad = sim::lua::run_scenario_file(
      tmp_script("norunner.lua", "local m = machine{ runner = false }\nboot(m)\nsh(m, 'true')\n"), {});
  EXPECT_EQ(bad.status, Status::Error);
  EXPECT_NE(bad.message.find("norunner.lua:3: machine 'm0' has no program runner"), std::string::npos) << bad.message;
}

TEST(LuaRunner, ScreenshotNeedsADisplayAndARelativePath) {
  std::remove("lua_runner_test_shot.png");
  auto r = sim::lua::run_scenario_file(
      tmp_script("shot.lua",
                 "local m = machine{ display = { width = 320, height = 200, bpp = 32 }, runner = false }\n"
                 "boot(m)\nscreenshot(m, 'lua_runner_test_shot.png')\n"
                 "assert(not pcall(screenshot, m, '/tmp/x.png'), 'absolute paths are refused')\n"
                 "local plain = machine{ name = 'plain', runner = false }\nboot(plain)\nscreenshot(plain, 'y.png')\n"),
      {});
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_NE(r.message.find("shot.lua:7: machine 'plain' has no display"), std::string::npos) << r.message;
  std::ifstream png("lua_runner_test_shot.png", std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

TEST(LuaRunner, KillEndsAServerThroughProcmgrAndInitSeesIt) {
  auto r = sim::lua::run_scenario_file(
      tmp_script("kill.lua",
                 "local m = machine{}\nboot(m)\nexpect(m.console, 'login: ', '2s')\n"
                 "local out = kill(m, 'getty')\n"
                 "assert(out:find('^killed %d+ bin/getty'), 'kill says what it killed: ' .. out)\n"
                 "expect(m.debug, 'init: service exited: getty %(killed by signal 9%)', '1s')\n"
                 "kill(m, 'no-such-server')\n"),
      {});
  EXPECT_EQ(r.status, Status::Fail);
  EXPECT_NE(r.message.find("kill.lua:7: kill(m0, no-such-server): lua_kill: no process runs no-such-server"),
            std::string::npos)
      << r.message;
}

}  // namespace
