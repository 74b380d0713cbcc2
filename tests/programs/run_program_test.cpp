// scenarios/builtin/run_program: a program in the booted default system
// gets the stdin bytes, its stdout and stderr come back separately with
// its exit status, the environment arrives, a missing image is 127, and a
// program still running at its timeout is killed on virtual time.
#include "scenarios/builtin/run_program.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "scenarios/builtin/boot.h"
#include "sim/host/programs/programs.h"
#include "trona/core/syscall.h"
#include "trona/posix/file.h"

namespace {

namespace px = trona::posix;
using sim::scenarios::ProgramResult;
using sim::scenarios::ProgramRun;

// Upper-cases stdin to stdout, writes its argv and environment to stderr,
// exits with argc.
int upcase(int argc, char** argv, char** envp) {
  char buf[256];
  for (long n; (n = px::read(0, buf, sizeof buf)) > 0;) {
    for (long i = 0; i < n; ++i) buf[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(buf[i])));
    px::write(1, buf, static_cast<size_t>(n));
  }
  std::string e;
  for (int i = 0; i < argc; ++i) e += std::string(argv[i]) + " ";
  for (char** p = envp; p && *p; ++p) e += std::string(*p) + " ";
  px::write(2, e.data(), e.size());
  return argc;
}

int sleeper(int, char**, char**) {
  px::write(1, "z", 1);
  trona::nanosleep(100'000'000'000);
  return 0;
}

void images(hw::CpioBuilder& initrd) {
  saltysim::programs::register_program("t_upcase", &upcase);
  saltysim::programs::register_program("t_sleeper", &sleeper);
  initrd.add_file("bin/t_upcase", "#!trona-image v1\nentry=t_upcase\n");
  initrd.add_file("bin/t_sleeper", "#!trona-image v1\nentry=t_sleeper\n");
}

TEST(RunProgram, StdinStdoutStderrStatusEnvironmentTimeout) {
  std::string big(20000, 'q');
  std::vector<ProgramRun> runs = {
      {.argv = {"/bin/t_upcase", "a", "b"}, .stdin_bytes = "hello\nworld\n", .env = {"X=1", "PATH=/bin"}},
      {.argv = {"/bin/t_upcase"}, .stdin_bytes = big},
      {.argv = {"/bin/missing"}},
      {.argv = {"/bin/t_sleeper"}, .timeout = 2 * sim::kSec},
      {.argv = {"/bin/t_upcase"}},
  };
  std::vector<ProgramResult> r = sim::scenarios::run_programs(runs, 7, images);
  ASSERT_EQ(r.size(), runs.size());
  EXPECT_TRUE(r[0].started);
  EXPECT_EQ(r[0].out, "HELLO\nWORLD\n");
  EXPECT_EQ(r[0].err, "/bin/t_upcase a b X=1 PATH=/bin ");
  EXPECT_EQ(r[0].status, 3);
  EXPECT_FALSE(r[0].timed_out);
  EXPECT_EQ(r[1].out, std::string(20000, 'Q'));
  EXPECT_EQ(r[1].status, 1);
  EXPECT_EQ(r[2].status, 127);
  EXPECT_EQ(r[2].err, "run_program: cannot exec /bin/missing\n");
  EXPECT_TRUE(r[3].timed_out);
  EXPECT_EQ(r[3].out, "z");
  EXPECT_EQ(r[3].status, 128 + 9);
  EXPECT_EQ(r[4].out, "");
  EXPECT_EQ(r[4].status, 1);
}

// A session kept open: runs added while the system runs are run too.
TEST(RunProgram, AnOpenSessionTakesRunsAddedLater) {
  sim::scenarios::ProgramSession session;
  session.keep_open = true;
  session.runs.push_back({.argv = {"/bin/t_upcase"}, .stdin_bytes = "first"});
  std::vector<std::string> seen;
  session.on_result = [&](std::size_t i, const ProgramResult& r) {
    seen.push_back(r.out);
    if (i == 0) session.runs.push_back({.argv = {"/bin/t_upcase"}, .stdin_bytes = "second"});
    else session.keep_open = false;
  };
  hw::MachineConfig cfg = sim::scenarios::boot_machine_config([&](hw::CpioBuilder& initrd) {
    images(initrd);
    sim::scenarios::add_program_runner(initrd, &session);
  });
  sim::Scheduler sched(sim::SchedulerOptions{.seed = 3});
  hw::Machine machine(sched.clock(), sched.seeds(), std::move(cfg));
  kmodel::Kernel kernel(sched, &machine);
  saltysim::programs::install_image_start(kernel);
  kernel.create_root_task([&kernel] { saltysim::programs::run_init(kernel); });
  EXPECT_EQ(sched.run(sim::RunLimits{.until = 60 * sim::kSec}), sim::RunResult::Idle);
  EXPECT_TRUE(session.done);
  EXPECT_EQ(seen, (std::vector<std::string>{"FIRST", "SECOND"}));
}

}  // namespace
