// The shell table: each row's command line runs through the simulated
// /bin/sh (servers/programs/sh) in one booted default system, and the
// rows that use only POSIX features also through the host's /bin/sh
// (dash) in this process; stdout, stderr and the exit status must be the
// expected ones on both. $T names a scratch directory (made before the
// rows run, empty) on each side.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/builtin/run_program.h"
#include "sh_rows.h"
#include "sim/host/programs/programs.h"
#include "trona/posix/file.h"
#include "uapi/linux_numbers.h"

namespace {

using sh_table::Row;
using sim::scenarios::ProgramResult;
using sim::scenarios::ProgramRun;

constexpr const char* kSimScratch = "/tmp/shtab";

// The scratch directory's starting contents: two directories with a file
// each (for globbing through directories).
constexpr const char* kScratchDirs[] = {"da", "db"};

// Makes the scratch directory in the simulated system (the first run).
int make_scratch(int, char**, char**) {
  namespace px = trona::posix;
  if (px::mkdir(kSimScratch, 0755) != 0) return 1;
  for (const char* d : kScratchDirs) {
    const std::string dir = std::string(kSimScratch) + "/" + d;
    if (px::mkdir(dir.c_str(), 0755) != 0) return 1;
    int fd = px::open((dir + "/f").c_str(), uapi::kO_CREAT | uapi::kO_WRONLY, 0644);
    if (fd < 0) return 1;
    px::close(fd);
  }
  return 0;
}

std::vector<std::string> env_for(const std::string& scratch) {
  return {"PATH=/bin", "HOME=/", "T=" + scratch};
}

// The host's dash on one row: stdout, stderr, status.
ProgramResult run_host(const Row& r, const std::string& scratch) {
  ProgramResult res;
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) return res;
  std::vector<std::string> env = env_for(scratch);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    // Only 0, 1, 2: no fd the test runner left open (rows use fd 3 and up).
    for (int fd = 3; fd < 1024; ++fd) close(fd);
    if (chdir("/") != 0) _exit(126);
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const char* argv[] = {"/bin/sh", "-c", r.line, "sh", nullptr};
    execve("/bin/sh", const_cast<char**>(argv), envp.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  std::string input = r.input;
  if (!input.empty() && write(in[1], input.data(), input.size()) < 0) {
  }
  close(in[1]);
  pollfd pf[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  std::string* sinks[2] = {&res.out, &res.err};
  while (open_fds > 0 && poll(pf, 2, 10000) > 0) {
    for (int i = 0; i < 2; ++i) {
      if (pf[i].fd < 0 || pf[i].revents == 0) continue;
      char buf[4096];
      ssize_t n = read(pf[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else {
        close(pf[i].fd);
        pf[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& p : pf)
    if (p.fd >= 0) close(p.fd);
  int st = 0;
  waitpid(pid, &st, 0);
  res.started = true;
  res.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return res;
}

std::string show(const Row& r, size_t i) { return "row " + std::to_string(i) + ": " + r.line; }

TEST(ShellTable, SimulatedShellAndHostDashAgreeWithEveryRow) {
  const std::vector<Row>& rows = sh_table::rows();
  ASSERT_GE(rows.size(), 150u);
  std::vector<ProgramRun> runs;
  runs.push_back({.argv = {"/bin/t_scratch"}});
  for (const Row& r : rows)
    runs.push_back({.argv = {"/bin/sh", "-c", r.line, "sh"}, .stdin_bytes = r.input, .env = env_for(kSimScratch),
                    .timeout = 20 * sim::kSec});
  std::vector<ProgramResult> sim = sim::scenarios::run_programs(runs, 7, [](hw::CpioBuilder& initrd) {
    saltysim::programs::register_program("t_scratch", &make_scratch);
    initrd.add_file("bin/t_scratch", "#!trona-image v1\nentry=t_scratch\n");
  });
  ASSERT_EQ(sim.size(), runs.size());
  ASSERT_EQ(sim[0].status, 0);
  const std::string host_scratch = "/tmp/shtab-host-" + std::to_string(getpid());
  std::filesystem::remove_all(host_scratch);
  for (const char* d : kScratchDirs) {
    std::filesystem::create_directories(host_scratch + "/" + d);
    std::fclose(std::fopen((host_scratch + "/" + d + "/f").c_str(), "w"));
  }
  size_t posix_rows = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const ProgramResult& s = sim[i + 1];
    EXPECT_EQ(s.out, r.out) << "simulated sh, " << show(r, i);
    EXPECT_EQ(s.err, r.err) << "simulated sh, " << show(r, i);
    EXPECT_EQ(s.status, r.status) << "simulated sh, " << show(r, i);
    EXPECT_FALSE(s.timed_out) << "simulated sh, " << show(r, i);
    if (!r.posix) continue;
    ++posix_rows;
    ProgramResult h = run_host(r, host_scratch);
    EXPECT_EQ(h.out, r.out) << "host dash, " << show(r, i);
    EXPECT_EQ(h.err, r.err) << "host dash, " << show(r, i);
    EXPECT_EQ(h.status, r.status) << "host dash, " << show(r, i);
  }
  std::filesystem::remove_all(host_scratch);
  EXPECT_GE(posix_rows, 120u);
}

// SH_LINE='...' ./programs_sh_tests --gtest_filter='*AdHoc*': one line
// through the simulated shell, shown (a debugging aid; skipped otherwise).
TEST(ShellTable, AdHoc) {
  const char* line = std::getenv("SH_LINE");
  if (line == nullptr) GTEST_SKIP() << "set SH_LINE";
  const char* input = std::getenv("SH_INPUT");
  ProgramRun run{.argv = {"/bin/sh", "-c", line, "sh"}, .stdin_bytes = input != nullptr ? input : "",
                 .env = env_for(kSimScratch)};
  ProgramResult r = sim::scenarios::run_program(run);
  std::printf("--- stdout\n%s--- stderr\n%s--- status %d%s\n", r.out.c_str(), r.err.c_str(), r.status,
              r.timed_out ? " (timed out)" : "");
}

}  // namespace
