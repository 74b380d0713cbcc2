// `lua_kill NAME SIGNAL` — the program behind the scenario API's kill():
// runs inside the booted system (through the program runner, as root),
// lists every process with PM_LIST_PIDS, and sends SIGNAL (PM_KILL) to
// each whose executable (PM_GET_EXE_PATH) is NAME, "bin/NAME" or ends in
// "/NAME". Prints "killed PID EXE" per process; exit status 0 when it
// killed at least one, 1 when none matched, 2 on bad arguments.
#include "sim/host/scenario_lua/kill_program.h"

#include <cstdlib>
#include <string>

#include "sim/host/programs/programs.h"
#include "trona/clients/procmgr_client.h"
#include "trona/posix/file.h"

namespace sim::lua {

namespace {

bool names(const std::string& exe, const std::string& name) {
  if (exe == name || exe == "bin/" + name) return true;
  return exe.size() > name.size() + 1 && exe.compare(exe.size() - name.size() - 1, std::string::npos, "/" + name) == 0;
}

void say(int fd, const std::string& s) { trona::posix::write(fd, s.data(), s.size()); }

int kill_main(int argc, char** argv, char**) {
  if (argc != 3) {
    say(2, "usage: lua_kill NAME SIGNAL\n");
    return 2;
  }
  const std::string name = argv[1];
  const int sig = std::atoi(argv[2]);
  trona::ProcmgrClient pm;
  int killed = 0;
  std::uint64_t cursor = 0;
  for (;;) {
    std::uint64_t pids[30];
    std::size_t n = 0;
    std::uint64_t next = 0;
    if (pm.list_pids(cursor, pids, 30, &n, &next) != 0) break;
    for (std::size_t i = 0; i < n; ++i) {
      char exe[256];
      std::size_t len = 0;
      if (pm.get_exe_path(pids[i], exe, sizeof exe, &len) != 0 || !names(exe, name)) continue;
      const int e = pm.kill(static_cast<std::int32_t>(pids[i]), sig);
      say(e == 0 ? 1 : 2, (e == 0 ? "killed " : "cannot kill ") + std::to_string(pids[i]) + " " + exe +
                              (e == 0 ? "" : ": errno " + std::to_string(e)) + "\n");
      killed += e == 0;
    }
    if (next == 0) break;
    cursor = next;
  }
  if (!killed) say(2, "lua_kill: no process runs " + name + "\n");
  return killed ? 0 : 1;
}

}  // namespace

void register_kill_program() { saltysim::programs::register_program("lua_kill", &kill_main); }

}  // namespace sim::lua
